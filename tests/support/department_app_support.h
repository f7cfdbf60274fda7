#ifndef FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_
#define FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_

// What the department use cases' tests share: their caller, made one way.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/app/caller.h"

namespace fazhi::testing {

// actor calling at now, as grpc_util::CurrentCaller() makes one for a handler.
inline app::Caller CallerAt(absl::Time now, absl::string_view actor = "clerk") {
  app::Caller caller;
  caller.audit.actor = std::string(actor);
  caller.now = now;
  return caller;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_

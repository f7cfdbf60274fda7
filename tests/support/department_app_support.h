#ifndef FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_
#define FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_

// What the department use cases' tests share: their caller, made one way.

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/app/caller.h"
#include "common/auth/principal.h"

namespace fazhi::testing {

// actor calling at now, as grpc_util::CurrentCaller() makes one for a handler.
inline app::Caller CallerAt(absl::Time now, absl::string_view actor = "clerk") {
  app::Caller caller;
  caller.audit.actor = std::string(actor);
  caller.now = now;
  return caller;
}

// A caller signed in as principal.
inline app::Caller CallerAs(absl::Time now, auth::Principal principal) {
  app::Caller caller = CallerAt(now, principal.subject);
  caller.principal = std::move(principal);
  return caller;
}
inline app::Caller ClerkAt(absl::Time now, absl::string_view unit) {
  auth::Principal p;
  p.subject = absl::StrCat("clerk-", unit);
  p.roles = {auth::Role::kClerk};
  p.department_id = std::string(unit);
  return CallerAs(now, std::move(p));
}
inline app::Caller AdminAt(absl::Time now) {
  auth::Principal p;
  p.subject = "admin";
  p.roles = {auth::Role::kAdmin};
  return CallerAs(now, std::move(p));
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_DEPARTMENT_APP_SUPPORT_H_

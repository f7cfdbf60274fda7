#ifndef FAZHI_COMMON_APP_CALLER_H_
#define FAZHI_COMMON_APP_CALLER_H_

// Who makes a use case's call and when. Use cases (services/<name>/app) take it explicitly, so
// they read no thread-local call state and run the same under gRPC and in tests; the api layer
// makes it with grpc_util::CurrentCaller() (common/grpc/interceptor.h).

#include <functional>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/auth/principal.h"

namespace fazhi::app {

struct Caller {
  // The actor, RPC and request id that events and audit entries record.
  audit::AuditContext audit;
  // The authenticated caller, for the rules of common/auth/policy.h; none for anonymous calls.
  std::optional<auth::Principal> principal;
  // The time the call is judged at, read once so one call never sees two different days.
  absl::Time now = absl::UnixEpoch();
  // Records a refusal a use case decides itself by a policy rule (common/auth/policy.h), as the
  // interceptor records the table's: the server's audits it (grpc_util::AuditRefusal), a test may
  // record it. Returns the verdict. Empty: nothing is recorded.
  std::function<absl::Status(absl::Status verdict, absl::string_view unit)> audit_refusal;

  // verdict, recorded through audit_refusal when it refuses.
  absl::Status Refusal(absl::Status verdict, absl::string_view unit) const {
    if (verdict.ok() || !audit_refusal) return verdict;
    return audit_refusal(std::move(verdict), unit);
  }
};

// Whether the call's reads may come from a read replica, which lags behind the last writes by
// the replication delay: yes for people and anonymous readers (dashboards, the public pages; a
// second look shows the newer figure), never for another service, which composes official
// records (the report's figures, the cases' hand-over to statistics) from what it reads.
inline bool MayReadFromReplica(const Caller& caller) {
  return !caller.principal.has_value() ||
         !(caller.principal->service_account || caller.principal->HasRole(auth::Role::kService));
}

}  // namespace fazhi::app

#endif  // FAZHI_COMMON_APP_CALLER_H_

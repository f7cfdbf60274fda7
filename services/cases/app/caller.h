#ifndef FAZHI_SERVICES_CASES_APP_CALLER_H_
#define FAZHI_SERVICES_CASES_APP_CALLER_H_

// Who makes a use case's call and when, passed explicitly so the use cases read no thread-local
// call state and run the same under gRPC and in tests.

#include <optional>

#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/auth/principal.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

struct Caller {
  // The actor, RPC and request id that events and audit entries record.
  audit::AuditContext audit;
  // The authenticated caller, for the rules of common/auth/policy.h; none for anonymous calls.
  std::optional<auth::Principal> principal;
  absl::Time now = absl::UnixEpoch();
};

// A case with what its reader may see of it: the party's personal data in full only when
// reveal_personal_data (auth::MaySeePersonalData).
struct CaseView {
  EnforcementCase enforcement_case;
  bool reveal_personal_data = false;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CALLER_H_

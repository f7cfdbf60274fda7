#ifndef FAZHI_SERVICES_CASES_APP_CALLER_H_
#define FAZHI_SERVICES_CASES_APP_CALLER_H_

// What the enforcement use cases hand back to their caller (common/app/caller.h says who calls).

#include "common/app/caller.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

using app::Caller;

// A case with what its reader may see of it: the party's personal data in full only when
// reveal_personal_data (auth::MaySeePersonalData).
struct CaseView {
  EnforcementCase enforcement_case;
  bool reveal_personal_data = false;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CALLER_H_

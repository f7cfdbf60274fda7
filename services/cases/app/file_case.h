#ifndef FAZHI_SERVICES_CASES_APP_FILE_CASE_H_
#define FAZHI_SERVICES_CASES_APP_FILE_CASE_H_

// Filing an enforcement case (立案): the case's own rules, its department in the registry, and
// its officers' certificates with the department service (行政处罚法 Art. 42), then one write.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/directory/unit_directory.h"
#include "common/time/working_days.h"
#include "services/cases/app/caller.h"
#include "services/cases/app/case_repository.h"
#include "services/cases/domain/enforcement_case.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {

struct FileCaseCommand {
  // The case as the clerk describes it; its filed_date is already set (the API defaults it to
  // today). Id, stage, deadlines and stamps are the use case's to set.
  EnforcementCase enforcement_case;
  std::vector<Evidence> evidence;
  // Makes a retried filing return the first one's case instead of filing it twice.
  std::string request_id;
};

// The filed case, with a "file" event carrying the evidence. INVALID_ARGUMENT naming the field
// of a case the rules refuse; NOT_FOUND or FAILED_PRECONDITION naming
// enforcement_case.department_id for an unknown or dissolved department; FAILED_PRECONDITION
// naming enforcement_case.officer_ids when the officers may not act (Art. 42); UNAVAILABLE when
// the department service cannot say. Nothing is written unless every check passes. The
// decision due date is pending while its year has no calendar (deadlines.h).
absl::StatusOr<CaseView> FileCase(CaseRepository& store, directory::UnitDirectory& units,
                                  OfficerChecker& officers,
                                  const time_util::WorkingDayCalendar& calendar,
                                  FileCaseCommand command, const Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_FILE_CASE_H_

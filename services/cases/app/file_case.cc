#include "services/cases/app/file_case.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/app/request_key.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "services/cases/app/case_support.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/domain/deadlines.h"

namespace fazhi::cases {

absl::StatusOr<CaseView> FileCase(CaseRepository& store, directory::UnitDirectory& units,
                                  OfficerChecker& officers,
                                  const time_util::WorkingDayCalendar& calendar,
                                  FileCaseCommand command, const Caller& caller) {
  EnforcementCase& c = command.enforcement_case;
  if (absl::Status s = CheckNewCase(c, time_util::DayInChina(caller.now)); !s.ok()) return s;
  if (absl::Status s = CheckEvidence(command.evidence, "evidence"); !s.ok()) return s;
  if (command.request_id.size() > kMaxRequestIdChars) {
    return absl::InvalidArgumentError(
        absl::StrCat("request_id: at most ", kMaxRequestIdChars, " characters"));
  }
  if (absl::Status s =
          CheckDepartment(units, c.department_id, "enforcement_case.department_id", true);
      !s.ok()) {
    return s;
  }
  // Art. 42: the officers must hold valid certificates for this department on the filing date.
  absl::StatusOr<std::vector<OfficerVerdict>> verdicts =
      officers.Check(c.department_id, c.officer_ids, c.filed_date);
  if (!verdicts.ok()) return verdicts.status();
  if (absl::Status s =
          RequireValidOfficers(*verdicts, "enforcement_case.officer_ids", c.filed_date);
      !s.ok()) {
    return s;
  }
  c.id = ids::NewResourceId("case");
  c.stage = CaseStage::kFiled;
  SetDecisionDueDate(c, calendar);
  c.create_time = c.update_time = caller.now;
  c.created_by = c.updated_by = caller.audit.actor;
  c.version = 1;
  EnforcementCase before = c;
  before.stage = CaseStage::kUnspecified;
  CaseEvent event = NewEvent(before, c, "file", caller, "", std::move(command.evidence));
  absl::StatusOr<EnforcementCase> stored =
      store.CreateCase(c, event, app::RequestKey(caller, command.request_id), caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

}  // namespace fazhi::cases

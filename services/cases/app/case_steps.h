#ifndef FAZHI_SERVICES_CASES_APP_CASE_STEPS_H_
#define FAZHI_SERVICES_CASES_APP_CASE_STEPS_H_

// The changes to a filed case: a step of its life cycle, evidence, an extension of the decision
// deadline, publication and revocation of its decision. Each loads the case, applies the rules
// of domain/ and writes the case with one event; a change that names an etag is refused with
// ABORTED when the case changed since the caller read it.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/working_days.h"
#include "services/cases/app/caller.h"
#include "services/cases/app/case_repository.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {

struct AdvanceCaseCommand {
  std::string id;
  std::string etag;
  Step step;
  std::string note;
  std::vector<Evidence> evidence;
};

// Applies the step (case_lifecycle.h). A decision is judged in the law's order: whether the case
// is ready for one (Art. 58), its content, the hearing period and a requested hearing (Arts 63-65),
// and only then the deciding officers' certificates with the department service (Art. 42).
// hearing_thresholds are the 较大数额 of Art. 63 (domain/hearing.h), the server's configuration.
absl::StatusOr<CaseView> AdvanceCase(CaseRepository& store, OfficerChecker& officers,
                                     const time_util::WorkingDayCalendar& calendar,
                                     const HearingThresholds& hearing_thresholds,
                                     AdvanceCaseCommand command, const Caller& caller);

struct AddEvidenceCommand {
  std::string id;
  std::vector<Evidence> evidence;  // at least one item
  std::string note;
};

// Records evidence (全过程记录, Art. 47) on an open case.
absl::StatusOr<CaseView> AddEvidence(CaseRepository& store, AddEvidenceCommand command,
                                     const Caller& caller);

struct ExtendDecisionDeadlineCommand {
  std::string id;
  std::string etag;
  Extension extension;
};

// An approved extension of the 90-day decision deadline under the rule that grants it
// (domain/case_lifecycle.h), recorded in the event with its basis, approver and reason.
absl::StatusOr<CaseView> ExtendDecisionDeadline(CaseRepository& store,
                                                const time_util::WorkingDayCalendar& calendar,
                                                const ExtendDecisionDeadlineCommand& command,
                                                const Caller& caller);

// Puts the decision on the public feed (公示) with public_summary, the facts as the public reads
// them (domain/case_rules.h, CheckPublicSummary; refused naming "public_summary"); a late
// publication is noted on its event.
absl::StatusOr<CaseView> PublishDecision(CaseRepository& store, absl::string_view id,
                                         absl::string_view etag, absl::string_view public_summary,
                                         const Caller& caller);

// Records the decision as revoked or changed and withdraws it from the feed (Art. 48).
absl::StatusOr<CaseView> RevokeDecision(CaseRepository& store, absl::string_view id,
                                        absl::string_view etag, absl::string_view reason,
                                        const Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CASE_STEPS_H_

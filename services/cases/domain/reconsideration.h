#ifndef FAZHI_SERVICES_CASES_DOMAIN_RECONSIDERATION_H_
#define FAZHI_SERVICES_CASES_DOMAIN_RECONSIDERATION_H_

// Administrative reconsideration (行政复议) as the rules see it (no protobuf, no SQL), after
// 行政复议法 (revised 2023, in force 2024-01-01; the law in force on the application date applies):
//   Art. 30: an application is examined for acceptance within 5 days of receipt, which Art. 88
//   makes 5 WORKING days (its 三日/五日/七日/十日 are working days);
//   Art. 62: decided within 60 days of acceptance, extendable once by at most 30 days;
//   Art. 62 (2): the simple procedure (简易程序, new in the 2023 revision) within 30 days, without
//   extension.
// The 1999 law (Arts. 17 and 31) had the same 5, 60 and 30 days but no simple procedure.
// Outcomes and how the annual report groups them: 维持 (upheld); 撤销, 变更, 确认违法, 责令履行
// (纠错, corrected); 调解 and 和解 (协调解决, mediated); 驳回 (rejected); 终止 (terminated); and
// 不予受理 (not accepted), which is an examination result, not a decision.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

enum class ReconsiderationStage {
  kUnspecified = 0,
  kApplied = 1,
  kAccepted = 2,
  kNotAccepted = 3,
  kDecided = 4,
};
inline constexpr int kMaxReconsiderationStage = 4;

enum class ReconsiderationOutcome {
  kUnspecified = 0,
  kUpheld = 1,
  kRevoked = 2,
  kAltered = 3,
  kConfirmedIllegal = 4,
  kOrderedToPerform = 5,
  kMediated = 6,
  kSettled = 7,
  kRejected = 8,
  kTerminated = 9,
};
inline constexpr int kMaxReconsiderationOutcome = 9;

// The categories the annual report counts (the seed: 55 upheld, 32 corrected, 44 mediated, 9 not
// accepted).
enum class OutcomeGroup {
  kNone = 0,  // not concluded yet
  kUpheld,
  kCorrected,
  kMediated,
  kRejected,
  kNotAccepted,
  kTerminated,
};

inline constexpr int kReconsiderationExaminationWorkingDays = 5;  // Arts 30 and 88
inline constexpr int kReconsiderationDecisionDays = 60;
inline constexpr int kReconsiderationSimpleDecisionDays = 30;
inline constexpr int kReconsiderationExtensionDays = 30;
// The 2023 revision, which brought the simple procedure.
inline constexpr absl::CivilDay kReconsiderationLaw2023InForce{2024, 1, 1};
inline constexpr size_t kMaxReconsiderationTextChars = 4000;

struct Reconsideration {
  std::string id;
  std::string body_department_id;
  std::string respondent_department_id;
  std::string case_id;  // empty when the challenged decision is not in fazhi
  std::string applicant;
  // An organisation's name is shown in full; a person's is masked for most callers.
  bool applicant_organisation = false;
  std::string request;
  absl::CivilDay application_date;
  bool simple_procedure = false;
  ReconsiderationStage stage = ReconsiderationStage::kUnspecified;
  absl::CivilDay examination_due_date;
  // examination_due_date is provisional: its year has no working-day calendar yet.
  bool examination_due_pending = false;
  std::optional<absl::CivilDay> acceptance_date;
  // Accepted by law when the examination period ended without a refusal (Art. 30): the
  // acceptance date is the examination due date.
  bool deemed_accepted = false;
  std::string not_accepted_reason;
  std::optional<absl::CivilDay> decision_due_date;
  bool decision_due_pending = false;
  int extension_days = 0;
  std::string extension_reason;
  ReconsiderationOutcome outcome = ReconsiderationOutcome::kUnspecified;
  std::optional<absl::CivilDay> decision_date;
  std::string decision_summary;
  RecordStamps stamps;
};

// The 5th working day after the application (Arts 30 and 88); pending while a year it reaches
// into has no calendar.
time_util::DueDate ReconsiderationExaminationDueDate(absl::CivilDay application,
                                                     const time_util::WorkingDayCalendar& calendar);
// Acceptance + 60 days (simple procedure: 30) + the extension granted, moved to the first working
// day after a holiday it falls on (民法典 Art. 203, applied through Art. 88); pending while that
// year has no calendar.
time_util::DueDate ReconsiderationDecisionDueDate(absl::CivilDay acceptance, bool simple_procedure,
                                                  int extension_days,
                                                  const time_util::WorkingDayCalendar& calendar);
// Sets the decision due date from the acceptance date and the extension.
void SetReconsiderationDecisionDueDate(Reconsideration& r,
                                       const time_util::WorkingDayCalendar& calendar);

// Art. 30: an application still APPLIED after its examination period, judged on day `as_of`, is
// accepted from the period's last day: stage ACCEPTED, deemed_accepted, the acceptance date the
// examination due date and the 60 (or 30) days running from it. Returns whether it applied; never
// while the examination due date is pending, nor on or before that date.
bool ApplyDeemedAcceptance(Reconsideration& r, absl::CivilDay as_of,
                           const time_util::WorkingDayCalendar& calendar);

// The one definition of the report's outcome groups.
OutcomeGroup GroupOfOutcome(ReconsiderationOutcome outcome);
// The outcomes GroupOfOutcome puts in group, ascending, for the store's counts: e.g. kCorrected
// gives 撤销, 变更, 确认违法 and 责令履行. None for kNone, nor for kNotAccepted, which a case
// reaches by its stage (refused at examination), not by an outcome.
std::vector<ReconsiderationOutcome> OutcomesIn(OutcomeGroup group);
// The report's category of a case: by its outcome once decided, not accepted when refused at
// examination, none while pending.
OutcomeGroup GroupOf(const Reconsideration& r);
bool IsCorrected(ReconsiderationOutcome outcome);

// Checks a new application (INVALID_ARGUMENT naming the field under prefix) and sets it APPLIED
// with its examination due date. The simple procedure is refused for applications before
// 2024-01-01: the law then in force had none.
absl::Status OpenReconsideration(Reconsideration& r, absl::string_view prefix,
                                 const time_util::WorkingDayCalendar& calendar);
// Accepts (受理: decision due date set) or refuses (不予受理, reason required). FAILED_PRECONDITION
// when already examined, or deemed accepted (Art. 30); INVALID_ARGUMENT naming date (before the
// application, or, for a refusal, after the examination period: past it the application is
// deemed accepted) or reason. A refusal keeps its own date even when recorded later.
absl::Status ExamineReconsideration(Reconsideration& r, bool accept, absl::CivilDay date,
                                    absl::string_view reason,
                                    const time_util::WorkingDayCalendar& calendar);
// The one extension, by `days` (1 to kReconsiderationExtensionDays: the law allows at most 30, not
// always 30). FAILED_PRECONDITION for the simple procedure, a second extension, or a case not (or
// no longer) pending decision; INVALID_ARGUMENT naming days when out of range, or reason when it
// is missing.
absl::Status ExtendReconsideration(Reconsideration& r, int days, absl::string_view reason,
                                   const time_util::WorkingDayCalendar& calendar);
// Records the decision. INVALID_ARGUMENT naming outcome (unspecified or unknown), date (before
// acceptance) or summary; FAILED_PRECONDITION unless accepted and not yet decided. A decision
// after its due date is recorded as it happened: DecidedLate tells (never while it is pending).
absl::Status DecideReconsideration(Reconsideration& r, ReconsiderationOutcome outcome,
                                   absl::CivilDay date, absl::string_view summary);
bool DecidedLate(const Reconsideration& r);

absl::string_view ReconsiderationStageName(ReconsiderationStage stage);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_RECONSIDERATION_H_

#ifndef FAZHI_SERVICES_CASES_DOMAIN_CASE_LIFECYCLE_H_
#define FAZHI_SERVICES_CASES_DOMAIN_CASE_LIFECYCLE_H_

// The life cycle the 行政处罚法 (2021) gives a case:
//
//   filed → investigating → [legal review] → notified → decided → served → executed → closed
//
// Legal review (法制审核) is required before a decision on a major case (Art. 58) and optional
// otherwise; it may come before or after notification (告知, Art. 44). A review RETURNED sends
// the case back to investigation. A case is withdrawn (撤销立案) or transferred (移送) from any
// stage before a decision. Every other move is refused with FAILED_PRECONDITION naming the step
// that is missing. Pure rules: the API loads the case, applies a step here, and stores the
// result with its event in one transaction.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

enum class Action {
  kStartInvestigation,
  kSubmitLegalReview,
  kRecordLegalReview,
  kNotify,
  kDecide,
  kServe,
  kRecordExecution,
  kClose,
  kWithdraw,
  kTransfer,
};

// The event's action name: "start_investigation", "legal_review", "decide", ...
absl::string_view ActionName(Action action);

struct Step {
  Action action = Action::kStartInvestigation;
  // kRecordLegalReview.
  LegalReview review;
  // kNotify, kServe, kRecordExecution: the day it happened.
  absl::CivilDay date;
  bool hearing_requested = false;  // kNotify
  Decision decision;               // kDecide
  bool party_absent = false;       // kServe
  int64_t collected_fen = 0;       // kRecordExecution
  std::string reason;              // kWithdraw
  Transfer transfer;               // kTransfer
};

// Whether the stage ended the case before any decision: withdrawn (撤销立案) or transferred
// (移送). Such a case owes its department no decision, so its decision deadline no longer runs.
bool EndedWithoutDecision(CaseStage stage);
// The stages EndedWithoutDecision accepts, ascending, for the store's queries.
std::vector<CaseStage> StagesEndedWithoutDecision();

// Whether a decision on the case is allowed now, ignoring the decision's content: the stage,
// notification for penalties (on-the-spot ones too, Art. 44 and 52), and for a major case a
// passed legal review (Art. 58). The hearing period depends on the decision (its date, and
// whether it is made on the spot), so CheckHearingPeriod judges it.
absl::Status CanDecide(const EnforcementCase& c);

// Whether decision.date respects the notification and, on a penalty case, the party's hearing
// rights (行政处罚法 Art. 64): outside the on-the-spot procedure (简易程序, Art. 51, which has
// no hearing) not before EarliestDecisionDate (deadlines.h), i.e. the day after the 5th working
// day after the notification, the 7th working day when the party requested a hearing.
// FAILED_PRECONDITION naming the article and the first day the decision may carry; INVALID_ARGUMENT
// naming decide.decision.date for a decision dated before the notification. Called after CanDecide
// and CheckDecision.
absl::Status CheckHearingPeriod(const EnforcementCase& c, const Decision& decision,
                                const time_util::WorkingDayCalendar& calendar);

// Checks step against the case's stage and the law and applies it to c: the stage and what the
// step records (review, dates, decision with its disclosure due date, amounts, transfer).
// FAILED_PRECONDITION naming the missing step for a move the law does not allow from the stage;
// INVALID_ARGUMENT naming the field for bad input. Returns a remark for the event's record (e.g.
// a late service), or "". The officers' certificates are checked by the caller (officer_check.h).
absl::StatusOr<std::string> ApplyStep(EnforcementCase& c, Step step,
                                      const time_util::WorkingDayCalendar& calendar,
                                      absl::CivilDay today);

// An extension of the decision deadline. 行政处罚法 Art. 60 grants none itself: it defers to the
// laws, regulations and rules that do, so an extension names that rule (basis), who approved it
// and why. The first is approved by the department head; a second only after the heads'
// collective discussion (负责人集体讨论, collective_decision); no third (kMaxExtensions).
struct Extension {
  int days = 0;
  std::string basis;
  std::string approved_by;
  bool collective_decision = false;
  std::string reason;
};

// Applies ext before a decision (1 to kMaxExtensionDays days) and moves the decision due date.
// INVALID_ARGUMENT naming days, basis, approved_by, collective_decision or reason;
// FAILED_PRECONDITION once decided, ended or extended kMaxExtensions times.
absl::Status ExtendDecisionDeadline(EnforcementCase& c, const Extension& ext,
                                    const time_util::WorkingDayCalendar& calendar);

// Sets the decision due date from filing and the extensions so far (DecisionDueDate).
void SetDecisionDueDate(EnforcementCase& c, const time_util::WorkingDayCalendar& calendar);

// Puts a decided, unrevoked decision on the public feed with public_summary, the facts as the
// public may read them (CheckPublicSummary, INVALID_ARGUMENT naming field).
absl::Status PublishDecision(EnforcementCase& c, absl::string_view public_summary,
                             absl::string_view field, absl::Time now);

// Records a decision as revoked or changed (by reconsideration, a court or the department) and
// withdraws it from the feed at once, well within the 3 working days of Art. 48
// (WithdrawFromFeedDueDate).
absl::Status RevokeDecision(EnforcementCase& c, absl::string_view reason, absl::Time now);

// Evidence may be added to a case that is still open.
absl::Status CanAddEvidence(const EnforcementCase& c);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_CASE_LIFECYCLE_H_

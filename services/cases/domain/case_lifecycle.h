#ifndef FAZHI_SERVICES_CASES_DOMAIN_CASE_LIFECYCLE_H_
#define FAZHI_SERVICES_CASES_DOMAIN_CASE_LIFECYCLE_H_

// The life cycle the 行政处罚法 (2021) gives a case:
//
//   filed → investigating → [legal review] → notified → decided → served → executed → closed
//
// A penalty's notification tells the party of their right to a hearing (Art. 63, hearing.h); the
// party may request one with the notification or within 5 working days after it (request_hearing),
// and a requested hearing is recorded (hold_hearing) between the notification and the decision.
// Neither moves the stage.
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
#include "services/cases/domain/hearing.h"

namespace fazhi::cases {

enum class Action {
  kStartInvestigation,
  kSubmitLegalReview,
  kRecordLegalReview,
  kNotify,
  kRequestHearing,
  kHoldHearing,
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
  // kNotify, kRequestHearing, kServe, kRecordExecution: the day it happened.
  absl::CivilDay date;
  bool hearing_requested = false;  // kNotify
  PenaltyHearing hearing;          // kHoldHearing
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
// rights (行政处罚法 Arts 63-65). Never before the notification (INVALID_ARGUMENT naming
// decide.decision.date), never before a hearing already recorded (Art. 65). Beyond that, only a
// penalty outside the on-the-spot procedure (简易程序, Art. 51, which has no hearing) whose
// sanctions give hearing rights (HasHearingRights, hearing.h, with thresholds) waits: without a
// request, until EarliestDecisionDate (deadlines.h), the first working day after the 5 working days
// to ask; with a request, until the hearing is recorded (hold_hearing), and then on or after its
// day. A warning or a fine below the threshold may follow the notification at once, and a hearing
// requested for it is not required (the agency may still hold and record one, and then the
// decision follows it). FAILED_PRECONDITION naming the article and the missing step or the first
// day the decision may carry. Called after CanDecide and CheckDecision.
absl::Status CheckHearingPeriod(const EnforcementCase& c, const Decision& decision,
                                const time_util::WorkingDayCalendar& calendar,
                                const HearingThresholds& thresholds);

// Checks step against the case's stage and the law and applies it to c: the stage and what the
// step records (review, dates, decision with its disclosure due date, amounts, transfer).
// FAILED_PRECONDITION naming the missing step for a move the law does not allow from the stage;
// INVALID_ARGUMENT naming the field for bad input. Returns a remark for the event's record (e.g.
// a late service), or "". The officers' certificates are checked by the caller (officer_check.h).
// thresholds are the 较大数额 of Art. 63 (hearing.h), configured per deployment.
absl::StatusOr<std::string> ApplyStep(EnforcementCase& c, Step step,
                                      const time_util::WorkingDayCalendar& calendar,
                                      const HearingThresholds& thresholds, absl::CivilDay today);

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

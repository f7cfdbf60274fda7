#ifndef FAZHI_SERVICES_CASES_DOMAIN_FIGURES_H_
#define FAZHI_SERVICES_CASES_DOMAIN_FIGURES_H_

// The annual report's figures from case records (SummarizeCases) and their hand-over to the
// statistics service as data points (SyncToStatistics).
//
// What each figure counts in a year (the store aggregates them in SQL):
//   cases_filed                 enforcement cases filed that year (filed_ymd)
//   decisions                   decisions dated that year (decision_ymd), any kind and outcome
//   penalty_decisions           of those, penalty cases decided with a penalty (penalty, lighter or
//                               reduced; a 不予处罚 decision is a decision but not a penalty)
//   fines_imposed_fen           the fine sanctions' amount_fen of the decisions dated that year
//   fines_collected_fen         collected_fen of the decisions dated that year
//   seizures                    coercive-measure cases (查封扣押) filed that year: the schema has
//   no
//                               seizure sanction, and a coercive measure is filed when it is taken
//   transfers_*                 cases transferred that year (transfer_ymd), by destination
//   major_filings_received      major-penalty filings filed that year; _reviewed: reviewed that
//   year case_files_reviewed         case-file reviews dated that year complaints_handled
//   complaints received that year; supervision_letters: letters issued reconsiderations_received
//   applications that year, counted for the reconsideration body reconsiderations_concluded decided
//   that year (decision_ymd) plus not accepted; a refusal has no
//                               date of its own, so it counts in its application's year
//   lawsuits_*                  suits filed that year against the government or a department
//   court_appearances           lawsuits in which the agency head appeared in court (负责人出庭
//                               应诉), each counted once, in the year of the head's first
//                               appearance, however many hearings it had
//   pending_due_dates           cases filed and reconsiderations applied that year whose
//                               decision, disclosure or examination due date is pending
// Records are counted for the department that holds them: the case's department, the filing or
// reviewed department, the complained-of department, the reconsideration body, the defendant.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace fazhi::cases {

struct CaseFigures {
  int64_t cases_filed = 0;
  int64_t decisions = 0;
  int64_t penalty_decisions = 0;
  int64_t fines_imposed_fen = 0;
  int64_t fines_collected_fen = 0;
  int64_t seizures = 0;
  int64_t transfers_police_detention = 0;
  int64_t transfers_police_criminal = 0;
  int64_t transfers_judiciary = 0;
  int64_t transfers_other = 0;
  int64_t major_filings_received = 0;
  int64_t major_filings_reviewed = 0;
  int64_t case_files_reviewed = 0;
  int64_t complaints_handled = 0;
  int64_t supervision_letters = 0;
  int64_t reconsiderations_received = 0;
  int64_t reconsiderations_concluded = 0;
  int64_t reconsiderations_upheld = 0;
  int64_t reconsiderations_corrected = 0;
  int64_t reconsiderations_mediated = 0;
  int64_t reconsiderations_not_accepted = 0;
  int64_t reconsiderations_rejected = 0;
  int64_t reconsiderations_terminated = 0;
  int64_t lawsuits_government_defendant = 0;
  int64_t lawsuits_department_defendant = 0;
  int64_t court_appearances = 0;
  // Not a report figure: records of the year whose due date is still pending (no calendar for
  // its year yet), so a reader knows how many deadlines the overdue counts could not judge.
  int64_t pending_due_dates = 0;
};

// Every field of CaseFigures, for sums and comparisons.
inline constexpr int64_t CaseFigures::*kAllFigures[] = {
    &CaseFigures::cases_filed,
    &CaseFigures::decisions,
    &CaseFigures::penalty_decisions,
    &CaseFigures::fines_imposed_fen,
    &CaseFigures::fines_collected_fen,
    &CaseFigures::seizures,
    &CaseFigures::transfers_police_detention,
    &CaseFigures::transfers_police_criminal,
    &CaseFigures::transfers_judiciary,
    &CaseFigures::transfers_other,
    &CaseFigures::major_filings_received,
    &CaseFigures::major_filings_reviewed,
    &CaseFigures::case_files_reviewed,
    &CaseFigures::complaints_handled,
    &CaseFigures::supervision_letters,
    &CaseFigures::reconsiderations_received,
    &CaseFigures::reconsiderations_concluded,
    &CaseFigures::reconsiderations_upheld,
    &CaseFigures::reconsiderations_corrected,
    &CaseFigures::reconsiderations_mediated,
    &CaseFigures::reconsiderations_not_accepted,
    &CaseFigures::reconsiderations_rejected,
    &CaseFigures::reconsiderations_terminated,
    &CaseFigures::lawsuits_government_defendant,
    &CaseFigures::lawsuits_department_defendant,
    &CaseFigures::court_appearances,
    &CaseFigures::pending_due_dates,
};

// Adds every field of from to into.
void AddFigures(const CaseFigures& from, CaseFigures& into);
bool AllZero(const CaseFigures& f);

// One row of the mapping onto the statistics catalogue: the shipped indicator code and the field.
struct FigureIndicator {
  absl::string_view indicator_code;
  int64_t CaseFigures::*field;
};

// The mapping of figures onto shipped statistics indicators (services/statistics/domain/
// indicator.cc), the one place it is written down. Figures the catalogue has no code for are not
// sent: decisions (all kinds), transfers to the judiciary or other agencies.
//
//   enforcement.cases_filed                        cases_filed
//   enforcement.penalty_decisions                  penalty_decisions
//   enforcement.fines_imposed_fen                  fines_imposed_fen
//   enforcement.fines_collected_fen                fines_collected_fen
//   enforcement.seizures                           seizures
//   enforcement.transfers_detention                transfers_police_detention
//   enforcement.transfers_criminal                 transfers_police_criminal
//   supervision.major_penalty_filings_received     major_filings_received
//   supervision.major_penalty_filings_reviewed     major_filings_reviewed
//   supervision.case_files_reviewed                case_files_reviewed
//   supervision.complaints_handled                 complaints_handled
//   supervision.letters_issued                     supervision_letters
//   reconsideration.received                       reconsiderations_received
//   reconsideration.concluded                      reconsiderations_concluded
//   reconsideration.upheld / corrected / mediated / not_accepted / rejected / terminated
//                                                  the outcome groups
//   litigation.government_defendant                lawsuits_government_defendant
//   litigation.department_defendant                lawsuits_department_defendant
//   litigation.head_appearances                    court_appearances
//
// The enforcement.* codes hold every department's case figures; the report's environment.*
// figures (一（二）) are what 生态环境局 itself reported, and are left to it.
const std::vector<FigureIndicator>& FigureIndicators();

struct FigurePoint {
  std::string indicator_code;
  std::string department_id;
  int64_t value = 0;
};

// The points for one unit's figures: every mapped indicator when the unit has any figure at all
// (zeros included, so a figure that fell to zero is overwritten), none when it has none.
std::vector<FigurePoint> PointsFor(absl::string_view department_id, const CaseFigures& figures);

// The idempotency key of a sync: "cases-<year>-<unit hash>-<figures hash>" (at most 64
// characters), the hashes FNV-1a 64 of the unit id and of the points in order. The same year,
// unit and figures give the same key, so the statistics service replays the sync. That anyone
// can compute it is harmless: statistics keys a request id by its caller and RPC
// (common/app/request_key.h), so only the cases service's own account can meet it again.
std::string SyncRequestId(int year, absl::string_view department_id,
                          const std::vector<FigurePoint>& points);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_FIGURES_H_

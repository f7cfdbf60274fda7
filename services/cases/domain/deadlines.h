#ifndef FAZHI_SERVICES_CASES_DOMAIN_DEADLINES_H_
#define FAZHI_SERVICES_CASES_DOMAIN_DEADLINES_H_

// The statutory deadlines and limits of an enforcement case, each with its source:
//   行政处罚法 (2021) Art. 60: decide within 90 days of filing, plus approved extensions;
//   Art. 61: serve within 7 days when the party was absent from the decision;
//   Art. 51: decide on the spot only up to ¥200 for a person, ¥3,000 for an organisation;
//   Art. 48: a disclosed decision later revoked or changed is withdrawn within 3 days;
//   Art. 64: a party notified of an intended penalty may request a hearing within 5 days, and a
//   hearing is announced to the party 7 days before it is held;
//   国办发〔2018〕118号: penalty and licensing decisions public within 7 working days, other
//   enforcement decisions within 20, on the official working-day calendar (common/time).

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

inline constexpr int kDecisionDays = 90;                    // Art. 60
inline constexpr int kMaxExtensionDays = 60;                // per approved extension
inline constexpr int kServeDaysWhenAbsent = 7;              // Art. 61
inline constexpr int kDisclosureWorkingDays = 7;            // penalty and licensing decisions
inline constexpr int kOtherDisclosureWorkingDays = 20;      // other enforcement decisions
inline constexpr int kWithdrawFromFeedDays = 3;             // Art. 48
inline constexpr int kHearingRequestDays = 5;               // Art. 64(1)
inline constexpr int kHearingNoticeDays = 7;                // Art. 64(2)
inline constexpr int64_t kOnTheSpotPersonLimitFen = 20000;  // ¥200
inline constexpr int64_t kOnTheSpotOrganisationLimitFen = 300000;  // ¥3,000

// filed + 90 days + the extensions approved so far.
absl::CivilDay DecisionDueDate(absl::CivilDay filed, int extension_days);

// 7 or 20 working days after the decision, by the kind of case.
int DisclosureWorkingDays(CaseKind kind);
absl::StatusOr<absl::CivilDay> DisclosureDueDate(CaseKind kind, absl::CivilDay decided,
                                                 const time_util::WorkingDayCalendar& calendar);

// The last day to serve a decision made in the party's absence.
absl::CivilDay ServeDueDate(absl::CivilDay decided);

// The last day a revoked decision may stay on the public feed.
absl::CivilDay WithdrawFromFeedDueDate(absl::CivilDay revoked);

// The first day a penalty outside the on-the-spot procedure may be decided after the party was
// notified on `notified`: once the 5 days to request a hearing have passed (Art. 64(1)), or, when
// the party requested one, 7 days on, the notice a hearing must be given (Art. 64(2)).
absl::CivilDay EarliestDecisionDate(absl::CivilDay notified, bool hearing_requested);

// The on-the-spot limit for a party type (0 when the type is unknown).
int64_t OnTheSpotLimitFen(PartyType party);
// OK when an on-the-spot decision (Art. 51) stays within its limits: only warnings and fines, a
// fine total not above the limit for the party. INVALID_ARGUMENT naming field otherwise.
absl::Status CheckOnTheSpot(PartyType party, const Decision& decision, absl::string_view field);

// Days a decision is overdue on as_of (calendar days past the due date; 0 when not overdue).
int DecisionDaysOverdue(absl::CivilDay due, absl::CivilDay as_of);
// Working days a disclosure is overdue on as_of: 0 when not overdue, at least 1 once past due.
absl::StatusOr<int> DisclosureWorkingDaysOverdue(absl::CivilDay due, absl::CivilDay as_of,
                                                 const time_util::WorkingDayCalendar& calendar);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_DEADLINES_H_

#ifndef FAZHI_SERVICES_CASES_DOMAIN_DEADLINES_H_
#define FAZHI_SERVICES_CASES_DOMAIN_DEADLINES_H_

// The statutory deadlines and limits of an enforcement case, each with its source:
//   行政处罚法 (2021) Art. 60: decide within 90 days of filing, plus approved extensions;
//   Art. 61: serve within 7 days when the party was absent from the decision;
//   Art. 51: decide on the spot only up to ¥200 for a person, ¥3,000 for an organisation;
//   Art. 48: a disclosed decision later revoked or changed is withdrawn within 3 days;
//   Art. 64: a party notified of an intended penalty may request a hearing within 5 days, and a
//   hearing is announced to the party 7 days before it is held;
//   Art. 85: the 二日/三日/五日/七日 of the law are WORKING days (法定节假日 excluded), so the 7
//   days of Art. 61, the 3 of Art. 48 and the 5 and 7 of Art. 64 count on the working-day calendar,
//   starting the day after the event; the 90 days of Art. 60 are calendar days;
//   国办发〔2018〕118号: penalty and licensing decisions public within 7 working days, other
//   enforcement decisions within 20, on the official working-day calendar (common/time).

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

inline constexpr int kDecisionDays = 90;  // Art. 60
// Art. 60 grants no extension itself ("法律、法规、规章另有规定的，从其规定"): the rules that do
// (e.g. 《市场监督管理行政处罚程序规定》Art. 64) let the department head approve one, and a further
// one only on the heads' collective discussion (负责人集体讨论). Each is at most 60 days here.
inline constexpr int kMaxExtensionDays = 60;
inline constexpr int kMaxExtensions = 2;
inline constexpr int kServeWorkingDaysWhenAbsent = 7;       // Art. 61 (Art. 85: working days)
inline constexpr int kDisclosureWorkingDays = 7;            // penalty and licensing decisions
inline constexpr int kOtherDisclosureWorkingDays = 20;      // other enforcement decisions
inline constexpr int kWithdrawFromFeedWorkingDays = 3;      // Art. 48 (Art. 85: working days)
inline constexpr int kHearingRequestWorkingDays = 5;        // Art. 64(1) (Art. 85: working days)
inline constexpr int kHearingNoticeWorkingDays = 7;         // Art. 64(2) (Art. 85: working days)
inline constexpr int64_t kOnTheSpotPersonLimitFen = 20000;  // ¥200
inline constexpr int64_t kOnTheSpotOrganisationLimitFen = 300000;  // ¥3,000

// The decision's due date: the 90th day after filing plus the extensions approved so far, moved
// to the first working day after a holiday it falls on (民法典 Art. 203); pending while that
// year's calendar is not loaded (time_util::DueDate).
time_util::DueDate DecisionDueDate(absl::CivilDay filed, int extension_days,
                                   const time_util::WorkingDayCalendar& calendar);

// 7 or 20 working days after the decision, by the kind of case.
int DisclosureWorkingDays(CaseKind kind);
time_util::DueDate DisclosureDueDate(CaseKind kind, absl::CivilDay decided,
                                     const time_util::WorkingDayCalendar& calendar);

// The periods of Arts 61, 48 and 64 are working days (Art. 85); each is pending while a year it
// reaches into has no calendar.

// The last day to serve a decision made in the party's absence: the 7th working day after it.
time_util::DueDate ServeDueDate(absl::CivilDay decided,
                                const time_util::WorkingDayCalendar& calendar);

// The last day a revoked or changed decision may stay on the public feed: the 3rd working day
// after the revocation.
time_util::DueDate WithdrawFromFeedDueDate(absl::CivilDay revoked,
                                           const time_util::WorkingDayCalendar& calendar);

// The last day the party notified on `notified` may request a hearing: the 5th working day
// after it (Art. 64(1), Art. 85). A request on that day still counts.
absl::CivilDay HearingRequestDueDate(absl::CivilDay notified,
                                     const time_util::WorkingDayCalendar& calendar);

// The first day a penalty that gives hearing rights (hearing.h) may be decided, outside the
// on-the-spot procedure, when the party notified on `notified` requested no hearing: the first
// working day after the 5 working days to request one (Art. 64(1)); a decision on the 5th day
// would cut the window short. A requested hearing is waited for instead (Art. 65).
absl::CivilDay EarliestDecisionDate(absl::CivilDay notified,
                                    const time_util::WorkingDayCalendar& calendar);

// The first day a hearing announced to the party on notice_date may be held: the 7th working day
// after it (Art. 64(2): 举行听证的七日前通知, working days per Art. 85).
absl::CivilDay EarliestHearingDate(absl::CivilDay notice_date,
                                   const time_util::WorkingDayCalendar& calendar);

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

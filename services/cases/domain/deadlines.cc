#include "services/cases/domain/deadlines.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace fazhi::cases {
namespace {

// The count-th working day after day; while the calendar lacks a year on the way, the provisional
// day + count (a check against it is then judged on calendar days).
absl::CivilDay AfterWorkingDays(absl::CivilDay day, int count,
                                const time_util::WorkingDayCalendar& calendar) {
  return calendar.WorkingPeriodEnd(day, count).day;
}

}  // namespace

time_util::DueDate DecisionDueDate(absl::CivilDay filed, int extension_days,
                                   const time_util::WorkingDayCalendar& calendar) {
  return calendar.CalendarPeriodEnd(filed, kDecisionDays + extension_days);
}

int DisclosureWorkingDays(CaseKind kind) {
  return kind == CaseKind::kPenalty || kind == CaseKind::kLicensing ? kDisclosureWorkingDays
                                                                    : kOtherDisclosureWorkingDays;
}

time_util::DueDate DisclosureDueDate(CaseKind kind, absl::CivilDay decided,
                                     const time_util::WorkingDayCalendar& calendar) {
  return calendar.WorkingPeriodEnd(decided, DisclosureWorkingDays(kind));
}

time_util::DueDate ServeDueDate(absl::CivilDay decided,
                                const time_util::WorkingDayCalendar& calendar) {
  return calendar.WorkingPeriodEnd(decided, kServeWorkingDaysWhenAbsent);
}

time_util::DueDate WithdrawFromFeedDueDate(absl::CivilDay revoked,
                                           const time_util::WorkingDayCalendar& calendar) {
  return calendar.WorkingPeriodEnd(revoked, kWithdrawFromFeedWorkingDays);
}

absl::CivilDay HearingRequestDueDate(absl::CivilDay notified,
                                     const time_util::WorkingDayCalendar& calendar) {
  return AfterWorkingDays(notified, kHearingRequestWorkingDays, calendar);
}

absl::CivilDay EarliestDecisionDate(absl::CivilDay notified,
                                    const time_util::WorkingDayCalendar& calendar) {
  // The working day after the 5th is the 6th; without the year's calendar, the day after the
  // 5th calendar day.
  return AfterWorkingDays(notified, kHearingRequestWorkingDays + 1, calendar);
}

absl::CivilDay EarliestHearingDate(absl::CivilDay notice_date,
                                   const time_util::WorkingDayCalendar& calendar) {
  return AfterWorkingDays(notice_date, kHearingNoticeWorkingDays, calendar);
}

int64_t OnTheSpotLimitFen(PartyType party) {
  switch (party) {
    case PartyType::kPerson:
      return kOnTheSpotPersonLimitFen;
    case PartyType::kOrganisation:
      return kOnTheSpotOrganisationLimitFen;
    case PartyType::kUnspecified:
      break;
  }
  return 0;
}

absl::Status CheckOnTheSpot(PartyType party, const Decision& decision, absl::string_view field) {
  if (!decision.on_the_spot) return absl::OkStatus();
  int64_t fines = 0;
  for (const Sanction& s : decision.sanctions) {
    if (s.type != SanctionType::kWarning && s.type != SanctionType::kFine) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": an on-the-spot decision (当场处罚, 行政处罚法 Art. 51) may only warn or fine"));
    }
    if (s.type == SanctionType::kFine) fines += s.amount_fen;
  }
  int64_t limit = OnTheSpotLimitFen(party);
  if (fines > limit) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": an on-the-spot fine (当场处罚, 行政处罚法 Art. 51) is at most ", limit,
        " fen for ", party == PartyType::kPerson ? "a person" : "an organisation", ", not ",
        fines));
  }
  return absl::OkStatus();
}

int DecisionDaysOverdue(absl::CivilDay due, absl::CivilDay as_of) {
  return as_of > due ? static_cast<int>(as_of - due) : 0;
}

absl::StatusOr<int> DisclosureWorkingDaysOverdue(absl::CivilDay due, absl::CivilDay as_of,
                                                 const time_util::WorkingDayCalendar& calendar) {
  if (as_of <= due) return 0;
  absl::StatusOr<int> days = calendar.WorkingDaysBetween(due, as_of);
  if (!days.ok()) return days.status();
  // Missing on the weekend after a Friday deadline is already overdue: it counts as one day.
  return std::max(*days, 1);
}

}  // namespace fazhi::cases

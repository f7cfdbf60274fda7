// Every statutory deadline and limit of an enforcement case, on real dates and the official
// holiday calendar in deploy/calendars.

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/cases/domain/deadlines.h"
#include "tests/support/calendar.h"

namespace fazhi::cases {
namespace {

const time_util::WorkingDayCalendar& Calendar() { return ::fazhi::testing::ShippedCalendar(); }

absl::CivilDay Due(CaseKind kind, absl::CivilDay decided) {
  time_util::DueDate due = DisclosureDueDate(kind, decided, Calendar());
  EXPECT_FALSE(due.pending);
  return due.day;
}

absl::CivilDay DecisionDue(absl::CivilDay filed, int extension_days) {
  time_util::DueDate due = DecisionDueDate(filed, extension_days, Calendar());
  EXPECT_FALSE(due.pending) << filed;
  return due.day;
}

TEST(CaseDeadlinesTest, DecisionIsDue90DaysAfterFilingPlusExtensions) {  // Art. 60
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 6, 1), 0), absl::CivilDay(2021, 8, 30));
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 6, 1), 30), absl::CivilDay(2021, 9, 29));
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 12, 1), 0), absl::CivilDay(2022, 3, 1));
  EXPECT_EQ(DecisionDaysOverdue(absl::CivilDay(2021, 8, 30), absl::CivilDay(2021, 8, 30)), 0);
  EXPECT_EQ(DecisionDaysOverdue(absl::CivilDay(2021, 8, 30), absl::CivilDay(2021, 9, 2)), 3);
}

// 民法典 Art. 203: a period whose last day is a rest day or holiday ends on the first working day
// after it; a weekend day made a working day (调休) ends it where it falls.
TEST(CaseDeadlinesTest, ADecisionDueOnAHolidayIsDueOnTheNextWorkingDay) {
  // Filed 2021-07-03: the 90th day is 10-01, National Day (10-01..07 off); Friday 10-08.
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 7, 3), 0), absl::CivilDay(2021, 10, 8));
  // Filed 2021-11-03: the 90th day is 2022-02-01, in the Spring Festival (01-31..02-06 off).
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 11, 3), 0), absl::CivilDay(2022, 2, 7));
  // Filed 2021-05-31: the 90th day is Sunday 08-29; Monday 08-30.
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 5, 31), 0), absl::CivilDay(2021, 8, 30));
  // Filed 2021-07-11: the 90th day is Saturday 10-09, a working day (国庆节调休): it stays.
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 7, 11), 0), absl::CivilDay(2021, 10, 9));
  // An extension counts from filing too: 2021-06-03 + 120 days is National Day's 10-01.
  EXPECT_EQ(DecisionDue(absl::CivilDay(2021, 6, 3), 30), absl::CivilDay(2021, 10, 8));
}

TEST(CaseDeadlinesTest, ADueDateInAYearWithoutACalendarIsPending) {
  // deploy/calendars ends with 2026: filed 2026-11-01, the 90th day is 2027-01-30.
  time_util::DueDate decision = DecisionDueDate(absl::CivilDay(2026, 11, 1), 0, Calendar());
  EXPECT_TRUE(decision.pending);
  EXPECT_EQ(decision.day, absl::CivilDay(2027, 1, 30));
  // Decided 2026-12-28 (Monday): 12-29, 12-30, 12-31, then 2027 has no file.
  time_util::DueDate disclosure =
      DisclosureDueDate(CaseKind::kPenalty, absl::CivilDay(2026, 12, 28), Calendar());
  EXPECT_TRUE(disclosure.pending);
  EXPECT_EQ(disclosure.day, absl::CivilDay(2027, 1, 4));
  // Within 2026 nothing is pending: filed 2026-07-03, the 90th day is 10-01 (National Day).
  time_util::DueDate known = DecisionDueDate(absl::CivilDay(2026, 7, 3), 0, Calendar());
  EXPECT_FALSE(known.pending);
  EXPECT_EQ(known.day, absl::CivilDay(2026, 10, 8));
}

TEST(CaseDeadlinesTest, PenaltyAndLicensingDecisionsArePublicWithin7WorkingDays) {
  // Thursday before National Day: 10-01..07 off, Saturday 10-09 a working day (调休).
  EXPECT_EQ(Due(CaseKind::kPenalty, absl::CivilDay(2021, 9, 30)), absl::CivilDay(2021, 10, 15));
  EXPECT_EQ(Due(CaseKind::kLicensing, absl::CivilDay(2021, 9, 30)), absl::CivilDay(2021, 10, 15));
  // An ordinary week: Monday to the Wednesday after next.
  EXPECT_EQ(Due(CaseKind::kPenalty, absl::CivilDay(2021, 11, 1)), absl::CivilDay(2021, 11, 10));
  // Over the Spring Festival of 2022 (01-31..02-06 off, 01-29 and 01-30 worked).
  EXPECT_EQ(Due(CaseKind::kPenalty, absl::CivilDay(2022, 1, 28)), absl::CivilDay(2022, 2, 11));
}

TEST(CaseDeadlinesTest, OtherDecisionsArePublicWithin20WorkingDays) {
  EXPECT_EQ(DisclosureWorkingDays(CaseKind::kCoerciveMeasure), 20);
  EXPECT_EQ(DisclosureWorkingDays(CaseKind::kInspection), 20);
  EXPECT_EQ(Due(CaseKind::kCoerciveMeasure, absl::CivilDay(2021, 9, 30)),
            absl::CivilDay(2021, 11, 3));
  EXPECT_EQ(Due(CaseKind::kInspection, absl::CivilDay(2021, 9, 30)), absl::CivilDay(2021, 11, 3));
}

TEST(CaseDeadlinesTest, DisclosureOverdueCountsWorkingDays) {
  absl::CivilDay due(2021, 10, 15);  // a Friday
  auto overdue = [&](absl::CivilDay as_of) {
    absl::StatusOr<int> days = DisclosureWorkingDaysOverdue(due, as_of, Calendar());
    EXPECT_TRUE(days.ok());
    return days.ok() ? *days : -1;
  };
  EXPECT_EQ(overdue(absl::CivilDay(2021, 10, 15)), 0);
  EXPECT_EQ(overdue(absl::CivilDay(2021, 10, 16)), 1);  // Saturday: past due all the same
  EXPECT_EQ(overdue(absl::CivilDay(2021, 10, 18)), 1);
  EXPECT_EQ(overdue(absl::CivilDay(2021, 10, 22)), 5);
}

// 行政处罚法 Art. 85: the 三日/五日/七日 of Arts 48, 61 and 64 are working days, counted from the
// day after the event. 2021's National Day: 09-26 (Sunday) worked, 10-01..07 off, 10-09 (Saturday)
// worked; 2022's Spring Festival: 01-29 and 01-30 worked, 01-31..02-06 off.

TEST(CaseDeadlinesTest, ServiceToAnAbsentPartyWithin7WorkingDays) {  // Arts 61 and 85
  // Was 10-07 in calendar days. After Thursday 09-30: 10-08, 10-09 (调休), 10-11..10-15.
  EXPECT_EQ(ServeDueDate(absl::CivilDay(2021, 9, 30), Calendar()).day,
            absl::CivilDay(2021, 10, 15));
  // After Tuesday 09-28: 09-29, 09-30, 10-08, 10-09, 10-11, 10-12, 10-13.
  EXPECT_EQ(ServeDueDate(absl::CivilDay(2021, 9, 28), Calendar()).day,
            absl::CivilDay(2021, 10, 13));
  // After Thursday 2022-01-27: 01-28, 01-29 and 01-30 (both 调休), 02-07, 02-08, 02-09, 02-10.
  EXPECT_EQ(ServeDueDate(absl::CivilDay(2022, 1, 27), Calendar()).day, absl::CivilDay(2022, 2, 10));
  // An ordinary week: Monday 2021-11-01 to Wednesday 11-10.
  EXPECT_EQ(ServeDueDate(absl::CivilDay(2021, 11, 1), Calendar()).day,
            absl::CivilDay(2021, 11, 10));
}

TEST(CaseDeadlinesTest, ARevokedDecisionLeavesTheFeedWithin3WorkingDays) {  // Arts 48 and 85
  // Was 2022-01-02 in calendar days. After Thursday 2021-12-30: 12-31, then 2022-01-01..03 are
  // off (元旦), 01-04, 01-05.
  EXPECT_EQ(WithdrawFromFeedDueDate(absl::CivilDay(2021, 12, 30), Calendar()).day,
            absl::CivilDay(2022, 1, 5));
  // After Wednesday 2021-09-29: 09-30, 10-08, 10-09 (Saturday, 调休).
  EXPECT_EQ(WithdrawFromFeedDueDate(absl::CivilDay(2021, 9, 29), Calendar()).day,
            absl::CivilDay(2021, 10, 9));
  // After Friday 2022-01-28: Saturday 01-29 and Sunday 01-30 are working days (调休), then 02-07.
  EXPECT_EQ(WithdrawFromFeedDueDate(absl::CivilDay(2022, 1, 28), Calendar()).day,
            absl::CivilDay(2022, 2, 7));
}

TEST(CaseDeadlinesTest, DecisionWaitsForTheHearingRequestWindow) {  // Arts 64(1), 85
  // 5 working days to request a hearing after the notification (the 5th still counts), the
  // decision from the first working day after them. Tuesday 2021-04-20: 04-21, 04-22, 04-23,
  // Sunday 04-25 (劳动节调休), 04-26 (the 5th); 04-27 the 6th.
  EXPECT_EQ(HearingRequestDueDate(absl::CivilDay(2021, 4, 20), Calendar()),
            absl::CivilDay(2021, 4, 26));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 4, 20), Calendar()),
            absl::CivilDay(2021, 4, 27));
  // Over the end of a year: Wednesday 2021-12-29: 12-30, 12-31, then 2022-01-01..03 off, 01-04,
  // 01-05, 01-06 (the 5th), Friday 01-07.
  EXPECT_EQ(HearingRequestDueDate(absl::CivilDay(2021, 12, 29), Calendar()),
            absl::CivilDay(2022, 1, 6));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 12, 29), Calendar()),
            absl::CivilDay(2022, 1, 7));
  // Over National Day: notified Tuesday 2021-09-28, the 5 working days are 09-29, 09-30, 10-08,
  // 10-09 (Saturday, 调休) and 10-11, so the decision may come from 10-12.
  EXPECT_EQ(HearingRequestDueDate(absl::CivilDay(2021, 9, 28), Calendar()),
            absl::CivilDay(2021, 10, 11));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 9, 28), Calendar()),
            absl::CivilDay(2021, 10, 12));
  // The window ends on the eve of National Day: notified Friday 2021-09-24, the 5 are Sunday
  // 09-26 (国庆节调休), 09-27, 09-28, 09-29, 09-30; 10-01..07 are off, so the first working day
  // after the window is Friday 10-08, not the holiday 10-01 after its last day.
  EXPECT_EQ(HearingRequestDueDate(absl::CivilDay(2021, 9, 24), Calendar()),
            absl::CivilDay(2021, 9, 30));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 9, 24), Calendar()),
            absl::CivilDay(2021, 10, 8));
  // A window ending on a Friday: notified Friday 2021-11-05, the 5 are 11-08..12; Monday 11-15.
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 11, 5), Calendar()),
            absl::CivilDay(2021, 11, 15));
  // Over the Spring Festival of 2021: notified Friday 02-05, the 5 are Sunday 02-07 (春节调休),
  // 02-08, 02-09, 02-10 and, after 02-11..17 off, 02-18; the decision from Friday 02-19.
  EXPECT_EQ(HearingRequestDueDate(absl::CivilDay(2021, 2, 5), Calendar()),
            absl::CivilDay(2021, 2, 18));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 2, 5), Calendar()),
            absl::CivilDay(2021, 2, 19));
  // And of 2022: notified Friday 01-28, the 5 are 01-29, 01-30 (调休), 02-07, 02-08, 02-09.
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2022, 1, 28), Calendar()),
            absl::CivilDay(2022, 2, 10));
}

TEST(CaseDeadlinesTest, AHearingIsAnnouncedSevenWorkingDaysAhead) {  // Arts 64(2), 85
  // Announced Tuesday 2021-04-20: 04-21, 04-22, 04-23, Sunday 04-25 (调休), 04-26, 04-27, 04-28.
  EXPECT_EQ(EarliestHearingDate(absl::CivilDay(2021, 4, 20), Calendar()),
            absl::CivilDay(2021, 4, 28));
  // Announced Friday 2021-09-24: 09-26 (Sunday, 调休), 09-27..30, then after National Day 10-08
  // and Saturday 10-09 (调休), the 7th: a hearing may be held on that Saturday.
  EXPECT_EQ(EarliestHearingDate(absl::CivilDay(2021, 9, 24), Calendar()),
            absl::CivilDay(2021, 10, 9));
  // Announced Wednesday 2021-12-29: 12-30, 12-31, 2022-01-04, 05, 06, 07, Monday 01-10.
  EXPECT_EQ(EarliestHearingDate(absl::CivilDay(2021, 12, 29), Calendar()),
            absl::CivilDay(2022, 1, 10));
  // Announced Friday 2021-02-05: 02-07 (调休), 02-08, 02-09, 02-10, 02-18, 02-19, Saturday 02-20
  // (春节调休).
  EXPECT_EQ(EarliestHearingDate(absl::CivilDay(2021, 2, 5), Calendar()),
            absl::CivilDay(2021, 2, 20));
}

TEST(CaseDeadlinesTest, WorkingDayPeriodsInAYearWithoutACalendarArePending) {
  // deploy/calendars begins with 2021: a notification in 2020 is judged on calendar days, the
  // only count there is for it.
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2020, 12, 25), Calendar()),
            absl::CivilDay(2020, 12, 31));
  time_util::DueDate serve = ServeDueDate(absl::CivilDay(2030, 1, 2), Calendar());
  EXPECT_TRUE(serve.pending);
  EXPECT_EQ(serve.day, absl::CivilDay(2030, 1, 9));
}

}  // namespace
}  // namespace fazhi::cases

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
  absl::StatusOr<absl::CivilDay> due = DisclosureDueDate(kind, decided, Calendar());
  EXPECT_TRUE(due.ok()) << due.status();
  return due.ok() ? *due : absl::CivilDay();
}

TEST(CaseDeadlinesTest, DecisionIsDue90DaysAfterFilingPlusExtensions) {  // Art. 60
  EXPECT_EQ(DecisionDueDate(absl::CivilDay(2021, 6, 1), 0), absl::CivilDay(2021, 8, 30));
  EXPECT_EQ(DecisionDueDate(absl::CivilDay(2021, 6, 1), 30), absl::CivilDay(2021, 9, 29));
  EXPECT_EQ(DecisionDueDate(absl::CivilDay(2021, 12, 1), 0), absl::CivilDay(2022, 3, 1));
  EXPECT_EQ(DecisionDaysOverdue(absl::CivilDay(2021, 8, 30), absl::CivilDay(2021, 8, 30)), 0);
  EXPECT_EQ(DecisionDaysOverdue(absl::CivilDay(2021, 8, 30), absl::CivilDay(2021, 9, 2)), 3);
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

TEST(CaseDeadlinesTest, AYearWithoutACalendarIsAnErrorNotAGuess) {
  absl::StatusOr<absl::CivilDay> due =
      DisclosureDueDate(CaseKind::kPenalty, absl::CivilDay(2030, 1, 2), Calendar());
  EXPECT_EQ(due.status().code(), absl::StatusCode::kFailedPrecondition);
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

TEST(CaseDeadlinesTest, ServiceToAnAbsentPartyWithin7Days) {  // Art. 61
  EXPECT_EQ(ServeDueDate(absl::CivilDay(2021, 9, 30)), absl::CivilDay(2021, 10, 7));
}

TEST(CaseDeadlinesTest, ARevokedDecisionLeavesTheFeedWithin3Days) {  // Art. 48
  EXPECT_EQ(WithdrawFromFeedDueDate(absl::CivilDay(2021, 12, 30)), absl::CivilDay(2022, 1, 2));
}

TEST(CaseDeadlinesTest, DecisionWaitsForTheHearingRequestOrTheHearingNotice) {  // Art. 64
  // 5 days to request a hearing after the notification; 7 days' notice of a requested hearing.
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 4, 20), false), absl::CivilDay(2021, 4, 25));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 4, 20), true), absl::CivilDay(2021, 4, 27));
  // Over the end of a month and of a year: calendar days, not working days.
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 12, 29), false), absl::CivilDay(2022, 1, 3));
  EXPECT_EQ(EarliestDecisionDate(absl::CivilDay(2021, 12, 29), true), absl::CivilDay(2022, 1, 5));
}

TEST(CaseDeadlinesTest, OnTheSpotLimits) {  // Art. 51
  EXPECT_EQ(OnTheSpotLimitFen(PartyType::kPerson), 20000);
  EXPECT_EQ(OnTheSpotLimitFen(PartyType::kOrganisation), 300000);
  Decision d;
  d.on_the_spot = true;
  d.sanctions = {{SanctionType::kWarning, 0, ""}, {SanctionType::kFine, 20000, ""}};
  EXPECT_TRUE(CheckOnTheSpot(PartyType::kPerson, d, "f").ok());
  d.sanctions.push_back({SanctionType::kFine, 1, ""});
  EXPECT_EQ(CheckOnTheSpot(PartyType::kPerson, d, "f").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(CheckOnTheSpot(PartyType::kOrganisation, d, "f").ok());
  d.on_the_spot = false;
  d.sanctions = {{SanctionType::kFine, 100000000, ""}};
  EXPECT_TRUE(CheckOnTheSpot(PartyType::kPerson, d, "f").ok()) << "only on-the-spot is limited";
}

}  // namespace
}  // namespace fazhi::cases

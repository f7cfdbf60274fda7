// The working-day calendar against the State Council's real holiday notices in deploy/calendars.

#include "common/time/working_days.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "gtest/gtest.h"

namespace fazhi::time_util {
namespace {

const WorkingDayCalendar& Shipped() {
  static const auto* calendar = [] {
    absl::StatusOr<WorkingDayCalendar> c =
        WorkingDayCalendar::LoadDirectory(absl::StrCat(FAZHI_SOURCE_DIR, "/deploy/calendars"));
    EXPECT_TRUE(c.ok()) << c.status();
    return new WorkingDayCalendar(c.ok() ? *std::move(c) : WorkingDayCalendar());
  }();
  return *calendar;
}

TEST(WorkingDayCalendarTest, ShipsEveryYearFrom2021To2026) {
  EXPECT_EQ(Shipped().years(), (std::set<int>{2021, 2022, 2023, 2024, 2025, 2026}));
}

TEST(WorkingDayCalendarTest, HolidaysAndWorkingWeekendsFollowTheNotices) {
  struct Case {
    absl::CivilDay day;
    bool working;
  } cases[] = {
      {absl::CivilDay(2021, 10, 1), false},   // 国庆节
      {absl::CivilDay(2021, 10, 9), true},    // a Saturday made a working day
      {absl::CivilDay(2021, 10, 10), false},  // an ordinary Sunday
      {absl::CivilDay(2021, 10, 8), true},    // an ordinary Friday
      {absl::CivilDay(2021, 2, 7), true},     // 春节调休, a Sunday
      {absl::CivilDay(2022, 12, 31), false},  // 2023's 元旦 starts in 2022
      {absl::CivilDay(2023, 1, 2), false},
      {absl::CivilDay(2024, 2, 18), true},   // 春节调休, a Sunday
      {absl::CivilDay(2025, 10, 8), false},  // 国庆节、中秋节, eight days
      {absl::CivilDay(2026, 2, 23), false},  // 春节, nine days
      {absl::CivilDay(2026, 2, 28), true},
  };
  for (const Case& c : cases) {
    absl::StatusOr<bool> working = Shipped().IsWorkingDay(c.day);
    ASSERT_TRUE(working.ok()) << working.status();
    EXPECT_EQ(*working, c.working) << FormatDay(c.day);
  }
  EXPECT_EQ(Shipped().RuleName(absl::CivilDay(2021, 10, 9)), "国庆节调休");
}

TEST(WorkingDayCalendarTest, ADecisionOnTheThursdayBeforeNationalDayIsDueAfterTheHoliday) {
  // Decided Thursday 2021-09-30: seven working days are 10-08, the working Saturday 10-09, then
  // 10-11 to 10-15.
  absl::StatusOr<absl::CivilDay> due = Shipped().AddWorkingDays(absl::CivilDay(2021, 9, 30), 7);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(*due, absl::CivilDay(2021, 10, 15));
  // Twenty working days from the same decision.
  due = Shipped().AddWorkingDays(absl::CivilDay(2021, 9, 30), 20);
  EXPECT_EQ(*due, absl::CivilDay(2021, 11, 3));
  EXPECT_EQ(
      *Shipped().WorkingDaysBetween(absl::CivilDay(2021, 9, 30), absl::CivilDay(2021, 10, 15)), 7);
  EXPECT_EQ(
      *Shipped().WorkingDaysBetween(absl::CivilDay(2021, 10, 15), absl::CivilDay(2021, 9, 30)), 0);
  // A deadline crossing from 2021 into 2022 counts both years' holidays.
  due = Shipped().AddWorkingDays(absl::CivilDay(2021, 12, 30), 2);
  EXPECT_EQ(*due, absl::CivilDay(2022, 1, 4));  // 12-31, then 元旦 1-1 to 1-3
}

TEST(WorkingDayCalendarTest, AYearWithoutACalendarIsAnErrorNotAGuess) {
  absl::StatusOr<bool> working = Shipped().IsWorkingDay(absl::CivilDay(2027, 3, 1));
  ASSERT_FALSE(working.ok());
  EXPECT_EQ(working.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(working.status().message().find("cn-2027.txt"), std::string::npos);
  EXPECT_FALSE(Shipped().AddWorkingDays(absl::CivilDay(2026, 12, 28), 7).ok());
}

TEST(WorkingDayCalendarTest, MalformedFilesAreRefusedWithTheLine) {
  struct Case {
    const char* text;
    const char* message;
  } cases[] = {
      {"2021-10-01 off 国庆节\n", "line 1: the file must begin"},
      {"year 2021\n2021-10-08 work 国庆节调休\n", "line 2: 2021-10-08 is a weekday"},
      {"year 2021\n2021-10-07..2021-10-01 off 国庆节\n", "must run forwards"},
      {"year 2021\n2021-02-30 off x\n", "is not a date"},
      {"year 2021\n2021-10-01 holiday 国庆节\n", "off|work"},
      {"year 2021\n2021-10-01 off a\n2021-10-01 off b\n", "named twice"},
      {"year 2021\n2023-01-01 off 元旦\n", "within 2021"},
      {"# nothing\n", "no \"year\" line"},
      // Found by tests/fuzz/fuzz_calendar: a second "year" line switched years mid-file.
      {"year 2021\n2021-10-01 off a\nyear 2022\n2022-10-01 off b\n", "line 3: expected \"year"},
  };
  for (const Case& c : cases) {
    WorkingDayCalendar calendar;
    absl::Status s = calendar.AddYear(c.text, "test.txt");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(s.message().find(c.message), std::string::npos) << s.message();
  }
  WorkingDayCalendar twice;
  ASSERT_TRUE(twice.AddYear("year 2021\n", "a").ok());
  EXPECT_FALSE(twice.AddYear("year 2021\n", "b").ok());
}

}  // namespace
}  // namespace fazhi::time_util

// Days in China (common/time/date): which calendar day an instant falls on in Beijing, and the
// one rule for dates that may not lie ahead, as requests' date fields apply it (common/api).

#include "common/time/date.h"

#include "absl/time/clock.h"
#include "common/api/proto_time.h"
#include "gtest/gtest.h"

namespace fazhi::time_util {
namespace {

// 2021-07-01 00:00:00 in Beijing is 2021-06-30 16:00:00 UTC.
constexpr int64_t kJuly1stInBeijing = 1625068800;
// 2022-01-01 00:00:00 in Beijing is 2021-12-31 16:00:00 UTC.
constexpr int64_t kNewYear2022InBeijing = 1640966400;

TEST(DayInChinaTest, TheDayTurnsAtMidnightInBeijingNotUtc) {
  absl::Time midnight = absl::FromUnixSeconds(kJuly1stInBeijing);
  EXPECT_EQ(DayInChina(midnight - absl::Seconds(1)), absl::CivilDay(2021, 6, 30));
  EXPECT_EQ(DayInChina(midnight), absl::CivilDay(2021, 7, 1));
  // Still 30 June in UTC, already 1 July in China.
  EXPECT_EQ(absl::ToCivilDay(midnight, absl::UTCTimeZone()), absl::CivilDay(2021, 6, 30));
  // 23:59:59 in Beijing is the same day, 15:59:59 UTC the next.
  EXPECT_EQ(DayInChina(midnight + absl::Hours(24) - absl::Seconds(1)), absl::CivilDay(2021, 7, 1));
}

TEST(DayInChinaTest, TheYearTurnsAtMidnightInBeijing) {
  absl::Time new_year = absl::FromUnixSeconds(kNewYear2022InBeijing);
  EXPECT_EQ(DayInChina(new_year - absl::Seconds(1)), absl::CivilDay(2021, 12, 31));
  EXPECT_EQ(DayInChina(new_year), absl::CivilDay(2022, 1, 1));
}

TEST(TodayInChinaTest, IsTheDayInChinaNow) {
  absl::CivilDay before = DayInChina(absl::Now());
  absl::CivilDay today = TodayInChina();
  absl::CivilDay after = DayInChina(absl::Now());
  EXPECT_LE(before, today);
  EXPECT_LE(today, after);
}

const absl::CivilDay kToday(2021, 7, 1);

common::v1::Date Date(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(CheckNotAfterTodayTest, TodayAndEarlierPassALaterDayIsRefusedNamingTheField) {
  EXPECT_TRUE(CheckNotAfterToday(absl::CivilDay(2021, 7, 1), kToday, "hearing.date").ok());
  EXPECT_TRUE(CheckNotAfterToday(absl::CivilDay(2020, 12, 31), kToday, "hearing.date").ok());
  absl::Status s = CheckNotAfterToday(absl::CivilDay(2021, 7, 2), kToday, "hearing.date");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "hearing.date: 2021-07-02 is after today (2021-07-01)");
  // A mistyped year (2102 for 2012) is the slip the rule is for.
  EXPECT_EQ(CheckNotAfterToday(absl::CivilDay(2102, 7, 1), kToday, "lawsuit.filed_date").message(),
            "lawsuit.filed_date: 2102-07-01 is after today (2021-07-01)");
}

TEST(RequestDateTest, RequiredDateMayLieAhead) {
  absl::StatusOr<absl::CivilDay> day =
      api::RequiredDate(true, Date(2021, 8, 31), "letter.due_date");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2021, 8, 31));
  day = api::RequiredDate(false, Date(0, 0, 0), "letter.due_date");
  EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(day.status().message(), "letter.due_date: required");
}

TEST(RequestDateTest, RequiredPastDateIsTodayOrEarlier) {
  absl::StatusOr<absl::CivilDay> day =
      api::RequiredPastDate(true, Date(2021, 7, 1), kToday, "complaint.received_date");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, kToday);
  day = api::RequiredPastDate(true, Date(2021, 7, 2), kToday, "complaint.received_date");
  EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(day.status().message(),
            "complaint.received_date: 2021-07-02 is after today (2021-07-01)");
  day = api::RequiredPastDate(false, Date(0, 0, 0), kToday, "complaint.received_date");
  EXPECT_EQ(day.status().message(), "complaint.received_date: required");
  day = api::RequiredPastDate(true, Date(2021, 2, 30), kToday, "complaint.received_date");
  EXPECT_EQ(day.status().message(),
            "complaint.received_date: 2021-02-30 is not a calendar date (years 1949 to 2200)");
}

TEST(RequestDateTest, PastDateOrTodayDefaultsToTodayAndRefusesLaterDays) {
  absl::StatusOr<absl::CivilDay> day =
      api::PastDateOrToday(false, Date(0, 0, 0), kToday, "review_date");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, kToday);
  day = api::PastDateOrToday(true, Date(2021, 6, 30), kToday, "review_date");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2021, 6, 30));
  day = api::PastDateOrToday(true, Date(2022, 7, 1), kToday, "review_date");
  EXPECT_EQ(day.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(day.status().message(), "review_date: 2022-07-01 is after today (2021-07-01)");
}

TEST(RequestDateTest, DateOrTodayDefaultsToTodayAndTakesAnyCalendarDay) {
  absl::StatusOr<absl::CivilDay> day = api::DateOrToday(false, Date(0, 0, 0), kToday, "as_of");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, kToday);
  day = api::DateOrToday(true, Date(2021, 12, 31), kToday, "as_of");
  ASSERT_TRUE(day.ok()) << day.status();
  EXPECT_EQ(*day, absl::CivilDay(2021, 12, 31));
  day = api::DateOrToday(true, Date(2021, 13, 1), kToday, "as_of");
  EXPECT_EQ(day.status().message(),
            "as_of: 2021-13-01 is not a calendar date (years 1949 to 2200)");
}

}  // namespace
}  // namespace fazhi::time_util

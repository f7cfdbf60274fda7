// Days in China (common/time/date): which calendar day an instant falls on in Beijing.

#include "common/time/date.h"

#include "absl/time/clock.h"
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

}  // namespace
}  // namespace fazhi::time_util

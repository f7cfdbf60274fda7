// The rules behind GetTimeSeries and GetCompleteness: series ranges, basis points and
// year-over-year change in integers, due dates and the completeness count.

#include "gtest/gtest.h"
#include "services/statistics/domain/completeness.h"
#include "services/statistics/domain/time_series.h"

namespace fazhi::statistics {
namespace {

using time_util::Period;
using time_util::PeriodType;

Period Y(int year) { return {PeriodType::kYear, year, 0}; }
Period M(int year, int i) { return {PeriodType::kMonth, year, i}; }
Period Q(int year, int i) { return {PeriodType::kQuarter, year, i}; }

TEST(SeriesPeriodsTest, CoversStartToEnd) {
  absl::StatusOr<std::vector<Period>> years = SeriesPeriods(Y(2019), Y(2021));
  ASSERT_TRUE(years.ok());
  EXPECT_EQ(*years, (std::vector<Period>{Y(2019), Y(2020), Y(2021)}));
  absl::StatusOr<std::vector<Period>> one = SeriesPeriods(Q(2021, 4), Q(2021, 4));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 1u);
  absl::StatusOr<std::vector<Period>> months = SeriesPeriods(M(2020, 11), M(2021, 2));
  ASSERT_TRUE(months.ok());
  EXPECT_EQ(*months, (std::vector<Period>{M(2020, 11), M(2020, 12), M(2021, 1), M(2021, 2)}));
  // Twenty years of months is the most.
  absl::StatusOr<std::vector<Period>> longest = SeriesPeriods(M(2001, 1), M(2020, 12));
  ASSERT_TRUE(longest.ok());
  EXPECT_EQ(longest->size(), static_cast<size_t>(kMaxSeriesPeriods));
}

TEST(SeriesPeriodsTest, RefusesMixedTypesReversedAndOverlongRanges) {
  for (const auto& [start, end] :
       std::vector<std::pair<Period, Period>>{{Y(2021), Q(2021, 4)},
                                              {Y(2021), Y(2020)},
                                              {M(2021, 2), M(2021, 1)},
                                              {M(2001, 1), M(2021, 1)}}) {
    absl::StatusOr<std::vector<Period>> s = SeriesPeriods(start, end);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(s.status().message().substr(0, 4), "end:") << s.status();
  }
}

TEST(BasisPointsTest, RoundsHalfAwayFromZero) {
  EXPECT_EQ(BasisPoints(9966, 10067), 9900);  // 98.997%
  EXPECT_EQ(BasisPoints(2057, 6157), 3341);   // 33.409%: the report's 33.7% is wrong
  EXPECT_EQ(BasisPoints(1, 8), 1250);
  EXPECT_EQ(BasisPoints(1, 16), 625);      // 6.25% exactly
  EXPECT_EQ(BasisPoints(1, 80000), 0);     // 0.125 bp
  EXPECT_EQ(BasisPoints(1, 20000), 1);     // 0.5 bp rounds up
  EXPECT_EQ(BasisPoints(-1, 20000), -1);   // and -0.5 down
  EXPECT_EQ(BasisPoints(-1, 30000), 0);    // -0.33 bp
  EXPECT_EQ(BasisPoints(-14, 159), -881);  // -8.805%
  EXPECT_EQ(BasisPoints(0, 7), 0);
  EXPECT_EQ(BasisPoints(3, 1), 30000);
  // Amounts in 分 large enough that part * 20000 passes 2^63.
  EXPECT_EQ(BasisPoints(int64_t{1} << 60, int64_t{1} << 59), 20000);
}

TEST(YearOverYearTest, NeedsBothValuesAndANonZeroEarlierOne) {
  std::optional<YearOverYear> up = CompareYearOverYear(159, 173);
  ASSERT_TRUE(up.has_value());
  EXPECT_EQ(up->change, 14);
  EXPECT_EQ(up->basis_points, 881);
  std::optional<YearOverYear> down = CompareYearOverYear(173, 159);
  ASSERT_TRUE(down.has_value());
  EXPECT_EQ(down->change, -14);
  EXPECT_EQ(down->basis_points, -809);
  std::optional<YearOverYear> flat = CompareYearOverYear(5, 5);
  ASSERT_TRUE(flat.has_value());
  EXPECT_EQ(flat->basis_points, 0);
  EXPECT_FALSE(CompareYearOverYear(std::nullopt, 5).has_value());
  EXPECT_FALSE(CompareYearOverYear(5, std::nullopt).has_value());
  EXPECT_FALSE(CompareYearOverYear(0, 5).has_value());
  std::optional<YearOverYear> to_zero = CompareYearOverYear(5, 0);
  ASSERT_TRUE(to_zero.has_value());
  EXPECT_EQ(to_zero->basis_points, -10000);
}

TEST(BuildSeriesTest, UsesTheYearBeforeStartAndLeavesGaps) {
  std::map<std::string, int64_t> values{{"2020-12", 10}, {"2021-01", 4}, {"2021-12", 12}};
  std::vector<SeriesPoint> series = BuildSeries(*SeriesPeriods(M(2021, 12), M(2022, 1)), values);
  ASSERT_EQ(series.size(), 2u);
  EXPECT_EQ(series[0].period, M(2021, 12));
  EXPECT_EQ(series[0].value, 12);
  ASSERT_TRUE(series[0].year_over_year.has_value());
  EXPECT_EQ(series[0].year_over_year->change, 2);
  EXPECT_EQ(series[0].year_over_year->basis_points, 2000);
  EXPECT_FALSE(series[1].value.has_value());
  EXPECT_FALSE(series[1].year_over_year.has_value());
}

// 克井镇 and 大峪镇 (towns, kind 3) report two mediation counts a year, 31 days after the year;
// 沁园街道 (a subdistrict, kind 4) one, 15 days after; the city government (kind 1) nothing.
class CompletenessTest : public ::testing::Test {
 protected:
  CompletenessTest() {
    by_kind_[3] = {{"mediation.successful", 31}, {"mediation.disputes", 31}};
    by_kind_[4] = {{"mediation.disputes", 15}};
    units_ = {{"jiyuan", "", 1, true, ""},
              {"jiyuan-kejing", "jiyuan", 3, true, ""},
              {"jiyuan-dayu", "jiyuan", 3, true, ""},
              {"jiyuan-qinyuan", "jiyuan", 4, true, ""},
              {"jiyuan-old", "jiyuan", 3, false, ""}};
  }

  static absl::Time At(int y, int m, int d, int hour) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hour, 0, 0), time_util::ChinaTimeZone());
  }

  std::map<int, std::vector<ExpectedFigure>> by_kind_;
  std::vector<Unit> units_;
};

TEST_F(CompletenessTest, DueDateIsDaysAfterThePeriodEnds) {
  EXPECT_EQ(DueDate(Y(2021), 31), absl::CivilDay(2022, 1, 31));
  EXPECT_EQ(DueDate(Y(2021), 0), absl::CivilDay(2021, 12, 31));
  EXPECT_EQ(DueDate(M(2024, 2), 10), absl::CivilDay(2024, 3, 10));  // after the 29th
  EXPECT_EQ(DueDate(Q(2021, 2), 15), absl::CivilDay(2021, 7, 15));
}

TEST_F(CompletenessTest, CountsExpectedReceivedOnTimeLateAndMissing) {
  FirstReceipts received{
      // Kejing: both, one at 23:00 China time on the due day (15:00 UTC), one an hour later.
      {{"jiyuan-kejing", "mediation.disputes"}, At(2022, 1, 31, 23)},
      {{"jiyuan-kejing", "mediation.successful"}, At(2022, 2, 1, 0)},
      // Dayu: one of two.
      {{"jiyuan-dayu", "mediation.disputes"}, At(2022, 1, 5, 9)},
      // Qinyuan: after its own (earlier) due date.
      {{"jiyuan-qinyuan", "mediation.disputes"}, At(2022, 1, 20, 9)},
      // Not expected of anyone: ignored.
      {{"jiyuan", "mediation.disputes"}, At(2022, 1, 5, 9)},
  };
  Completeness c =
      JudgeCompleteness(Y(2021), units_, by_kind_, received, absl::CivilDay(2022, 3, 1));
  ASSERT_TRUE(c.due_date.has_value());
  EXPECT_EQ(*c.due_date, absl::CivilDay(2022, 1, 31));  // the latest of 15 and 31 days
  EXPECT_EQ(c.expected, 5);
  EXPECT_EQ(c.received, 4);
  EXPECT_EQ(c.on_time, 2);
  EXPECT_EQ(c.late, 2);
  EXPECT_EQ(c.missing, 1);
  // The city owes nothing and the dissolved town is not asked: three units, in id order.
  ASSERT_EQ(c.units.size(), 3u);
  EXPECT_EQ(c.units[0].department_id, "jiyuan-dayu");
  EXPECT_EQ(c.units[0].missing, 1);
  EXPECT_EQ(c.units[0].missing_indicators, std::vector<std::string>{"mediation.successful"});
  EXPECT_EQ(c.units[1].department_id, "jiyuan-kejing");
  EXPECT_EQ(c.units[1].on_time, 1);
  EXPECT_EQ(c.units[1].late, 1);
  EXPECT_TRUE(c.units[1].missing_indicators.empty());
  EXPECT_EQ(c.units[2].department_id, "jiyuan-qinyuan");
  EXPECT_EQ(c.units[2].late, 1);
}

TEST_F(CompletenessTest, AsOfReadsTheRegisterAsItStoodThatDay) {
  FirstReceipts received{{{"jiyuan-kejing", "mediation.disputes"}, At(2022, 1, 10, 9)},
                         {{"jiyuan-dayu", "mediation.disputes"}, At(2022, 2, 10, 9)}};
  Completeness before =
      JudgeCompleteness(Y(2021), units_, by_kind_, received, absl::CivilDay(2022, 1, 9));
  EXPECT_EQ(before.received, 0);
  EXPECT_EQ(before.missing, 5);  // not yet due, but missing all the same
  Completeness on_day =
      JudgeCompleteness(Y(2021), units_, by_kind_, received, absl::CivilDay(2022, 1, 10));
  EXPECT_EQ(on_day.received, 1);
  EXPECT_EQ(on_day.on_time, 1);
  Completeness later =
      JudgeCompleteness(Y(2021), units_, by_kind_, received, absl::CivilDay(2022, 2, 10));
  EXPECT_EQ(later.received, 2);
  EXPECT_EQ(later.late, 1);
}

TEST_F(CompletenessTest, NothingExpectedMeansNoDueDate) {
  Completeness c = JudgeCompleteness(Y(2021), {{"jiyuan", "", 1, true, ""}}, by_kind_, {},
                                     absl::CivilDay(2022, 3, 1));
  EXPECT_FALSE(c.due_date.has_value());
  EXPECT_EQ(c.expected, 0);
  EXPECT_TRUE(c.units.empty());
}

}  // namespace
}  // namespace fazhi::statistics

// Reporting-period arithmetic (common/time/period): the text keys figures are stored under, the
// order and succession of periods, and the days each covers.

#include "common/time/period.h"

#include "gtest/gtest.h"

namespace fazhi::time_util {
namespace {

Period Y(int year) { return {PeriodType::kYear, year, 0}; }
Period H(int year, int i) { return {PeriodType::kHalf, year, i}; }
Period Q(int year, int i) { return {PeriodType::kQuarter, year, i}; }
Period M(int year, int i) { return {PeriodType::kMonth, year, i}; }

TEST(PeriodTest, KeysRoundTrip) {
  std::vector<std::pair<Period, std::string>> cases = {
      {Y(2021), "2021"},      {H(2021, 1), "2021H1"},  {H(2021, 2), "2021H2"},
      {Q(2021, 3), "2021Q3"}, {M(2021, 7), "2021-07"}, {M(2021, 12), "2021-12"},
      {Y(1949), "1949"},      {M(2200, 1), "2200-01"}};
  for (const auto& [period, key] : cases) {
    EXPECT_EQ(PeriodKey(period), key);
    absl::StatusOr<Period> parsed = ParsePeriodKey(key, "period");
    ASSERT_TRUE(parsed.ok()) << key << ": " << parsed.status();
    EXPECT_EQ(*parsed, period) << key;
    EXPECT_EQ(PeriodKey(*parsed), key);
  }
}

TEST(PeriodTest, BadKeysAreRefusedNamingTheField) {
  for (const char* bad : {"",       "202",     "21",      "abcd",    "2021Q5",   "2021Q0", "2021H3",
                          "2021H0", "2021-13", "2021-00", "2021-7",  "2021-007", "2021Q",  "2021q3",
                          "2021 ",  " 2021",   "+2021",   "2021-+7", "2021- 7",  "2021Q+", "1948",
                          "2201",   "2021X1",  "2021Q3x", "２０２１"}) {
    absl::StatusOr<Period> p = ParsePeriodKey(bad, "rows[3].period");
    EXPECT_EQ(p.status().code(), absl::StatusCode::kInvalidArgument) << "'" << bad << "'";
    EXPECT_NE(p.status().message().find("rows[3].period"), absl::string_view::npos);
  }
}

TEST(PeriodTest, CheckPeriodNamesTheFieldAtFault) {
  EXPECT_TRUE(CheckPeriod(Q(2021, 4), "start").ok());
  absl::Status index = CheckPeriod(Q(2021, 5), "start");
  EXPECT_EQ(index.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(index.message().find("start.index"), absl::string_view::npos) << index;
  absl::Status year_index = CheckPeriod({PeriodType::kYear, 2021, 1}, "start");
  EXPECT_NE(year_index.message().find("start.index"), absl::string_view::npos) << year_index;
  absl::Status year = CheckPeriod(Y(1900), "end");
  EXPECT_NE(year.message().find("end.year"), absl::string_view::npos) << year;
  absl::Status type = CheckPeriod({static_cast<PeriodType>(0), 2021, 0}, "period");
  EXPECT_NE(type.message().find("period.type"), absl::string_view::npos) << type;
}

TEST(PeriodTest, NextCrossesYearEndsForEveryType) {
  EXPECT_EQ(Next(Y(2021)), Y(2022));
  EXPECT_EQ(Next(H(2021, 1)), H(2021, 2));
  EXPECT_EQ(Next(H(2021, 2)), H(2022, 1));
  EXPECT_EQ(Next(Q(2021, 3)), Q(2021, 4));
  EXPECT_EQ(Next(Q(2021, 4)), Q(2022, 1));
  EXPECT_EQ(Next(M(2021, 11)), M(2021, 12));
  EXPECT_EQ(Next(M(2021, 12)), M(2022, 1));
  // Twelve months on is the same month a year later.
  Period p = M(2020, 3);
  for (int i = 0; i < 12; ++i) p = Next(p);
  EXPECT_EQ(p, M(2021, 3));
  EXPECT_EQ(YearBefore(M(2022, 3)), p);
}

TEST(PeriodTest, BeforeOrdersPeriodsOfOneType) {
  EXPECT_TRUE(Before(Y(2020), Y(2021)));
  EXPECT_FALSE(Before(Y(2021), Y(2021)));
  EXPECT_FALSE(Before(Y(2022), Y(2021)));
  EXPECT_TRUE(Before(Q(2021, 4), Q(2022, 1)));
  EXPECT_TRUE(Before(M(2021, 1), M(2021, 2)));
  EXPECT_FALSE(Before(M(2021, 2), M(2021, 1)));
  EXPECT_FALSE(Before(H(2022, 1), H(2021, 2)));
  // Keys sort the same way within one type, as stored.
  EXPECT_LT(PeriodKey(M(2021, 9)), PeriodKey(M(2021, 10)));
  EXPECT_LT(PeriodKey(Q(2021, 4)), PeriodKey(Q(2022, 1)));
}

TEST(PeriodTest, YearBeforeKeepsTypeAndIndex) {
  EXPECT_EQ(YearBefore(Y(2021)), Y(2020));
  EXPECT_EQ(YearBefore(H(2021, 2)), H(2020, 2));
  EXPECT_EQ(YearBefore(Q(2021, 1)), Q(2020, 1));
  EXPECT_EQ(YearBefore(M(2021, 12)), M(2020, 12));
}

TEST(PeriodTest, DaysCoverThePeriodIncludingLeapYears) {
  auto days = [](const Period& p) { return std::make_pair(Days(p).first, Days(p).last); };
  EXPECT_EQ(days(Y(2021)),
            std::make_pair(absl::CivilDay(2021, 1, 1), absl::CivilDay(2021, 12, 31)));
  EXPECT_EQ(days(H(2021, 1)),
            std::make_pair(absl::CivilDay(2021, 1, 1), absl::CivilDay(2021, 6, 30)));
  EXPECT_EQ(days(H(2021, 2)),
            std::make_pair(absl::CivilDay(2021, 7, 1), absl::CivilDay(2021, 12, 31)));
  EXPECT_EQ(days(Q(2021, 3)),
            std::make_pair(absl::CivilDay(2021, 7, 1), absl::CivilDay(2021, 9, 30)));
  EXPECT_EQ(days(Q(2021, 4)).second, absl::CivilDay(2021, 12, 31));
  EXPECT_EQ(days(M(2021, 2)).second, absl::CivilDay(2021, 2, 28));
  EXPECT_EQ(days(M(2020, 2)).second, absl::CivilDay(2020, 2, 29));
  EXPECT_EQ(days(M(2000, 2)).second, absl::CivilDay(2000, 2, 29));  // divisible by 400
  EXPECT_EQ(days(M(2100, 2)).second, absl::CivilDay(2100, 2, 28));  // by 100 but not 400
  EXPECT_EQ(days(Q(2020, 1)).second - days(Q(2020, 1)).first + 1, 91);
  EXPECT_EQ(days(Q(2021, 1)).second - days(Q(2021, 1)).first + 1, 90);
  EXPECT_EQ(days(Y(2020)).second - days(Y(2020)).first + 1, 366);
  EXPECT_EQ(days(M(2021, 4)).second, absl::CivilDay(2021, 4, 30));
  // Consecutive periods meet without a gap.
  for (Period p : {Y(2020), H(2020, 2), Q(2020, 4), M(2020, 2), M(2020, 12)}) {
    EXPECT_EQ(Days(p).last + 1, Days(Next(p)).first) << PeriodKey(p);
  }
}

}  // namespace
}  // namespace fazhi::time_util

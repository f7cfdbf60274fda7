#include "gtest/gtest.h"
#include "services/reports/domain/figure_format.h"

namespace fazhi::reports {
namespace {

std::string Value(FigureFormat format, int64_t value) {
  absl::StatusOr<std::string> s = FormatValue(format, value);
  return s.ok() ? *s : std::string(s.status().message());
}

std::string Ratio(FigureFormat format, int64_t numerator, int64_t denominator) {
  absl::StatusOr<std::string> s = FormatRatio(format, numerator, denominator);
  return s.ok() ? *s : std::string(s.status().message());
}

std::string Approx(int64_t value) { return Value(FigureFormat::kApprox, value); }

TEST(FigureFormatTest, CountPrintsTheIntegerWithoutSeparators) {
  EXPECT_EQ(Value(FigureFormat::kCount, 736), "736");      // 736项权责事项
  EXPECT_EQ(Value(FigureFormat::kCount, 8600), "8600");    // 抽查市场主体8600家
  EXPECT_EQ(Value(FigureFormat::kCount, 10067), "10067");  // 调解矛盾纠纷10067件
  EXPECT_EQ(Value(FigureFormat::kCount, 0), "0");
  EXPECT_EQ(Value(FigureFormat::kCount, -4), "-4");
  // The seed's 145 concluded reconsiderations, and what its parts give: 55+32+44+9 = 140.
  EXPECT_EQ(Value(FigureFormat::kCount, 55 + 32 + 44 + 9), "140");
  // A ratio prints its quotient, rounded half up: 7/2 = 3.5 → 4.
  EXPECT_EQ(Ratio(FigureFormat::kCount, 7, 2), "4");
  EXPECT_EQ(Ratio(FigureFormat::kCount, 7, 3), "2");
}

TEST(FigureFormatTest, MoneyInFenPrintsIn10000YuanAndHundredMillionYuan) {
  // 促进上缴财政资金1591.47万元, 归还原渠道资金1929.35万元.
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 1591470000), "1591.47万元");
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 1929350000), "1929.35万元");
  // Two decimals always, rounded half up at the 100 元 place.
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 1500000000), "1500.00万元");
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 1591475000), "1591.48万元");
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 1591474999), "1591.47万元");
  EXPECT_EQ(Value(FigureFormat::kWanYuan, 5000), "0.01万元");
  EXPECT_EQ(Value(FigureFormat::kWanYuan, -1591470000), "-1591.47万元");
  // 查处违规和管理不规范资金18.73亿元: 1,873,000,000 元 = 187,300,000,000 分.
  EXPECT_EQ(Value(FigureFormat::kYiYuan, 187300000000), "18.73亿元");
  EXPECT_EQ(Value(FigureFormat::kYiYuan, 187349999999), "18.73亿元");
  EXPECT_EQ(Value(FigureFormat::kYiYuan, 187350000000), "18.74亿元");
}

TEST(FigureFormatTest, YuanDropsTrailingZeros) {
  EXPECT_EQ(Value(FigureFormat::kYuan, 1250), "12.5元");
  EXPECT_EQ(Value(FigureFormat::kYuan, 1234), "12.34元");
  EXPECT_EQ(Value(FigureFormat::kYuan, 20000), "200元");  // 行政处罚法 Art. 51: ¥200
  EXPECT_EQ(Value(FigureFormat::kYuan, 5), "0.05元");
  EXPECT_EQ(Ratio(FigureFormat::kYuan, 1000, 3), "3.33元");  // 333.3 分 rounds to 333
}

TEST(FigureFormatTest, PercentReadsAPlainValueAsBasisPointsAndARatioAsAFraction) {
  // 调解成功率达到99.0%: stored as 9900 basis points; the trailing zero stays.
  EXPECT_EQ(Value(FigureFormat::kPercent, 9900), "99.0%");
  // The seed prints 33.7% from the stored rate, but 2057 of 6157 is 33.4%.
  EXPECT_EQ(Value(FigureFormat::kPercent, 3370), "33.7%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, 2057, 6157), "33.4%");
  // 调解成功9966 of 10067 is 98.996…% → 99.0%.
  EXPECT_EQ(Ratio(FigureFormat::kPercent, 9966, 10067), "99.0%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, 1, 1), "100.0%");
  // Half up at the tenth: 1/8 = 12.5%, 1/16 = 6.25% → 6.3%, 3335 bp → 33.4%.
  EXPECT_EQ(Ratio(FigureFormat::kPercent, 1, 16), "6.3%");
  EXPECT_EQ(Value(FigureFormat::kPercent, 3335), "33.4%");
  EXPECT_EQ(Value(FigureFormat::kPercent, 3334), "33.3%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, -1, 16), "-6.3%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, 1, -16), "-6.3%");
}

TEST(FigureFormatTest, WholePercent) {
  // 行政许可类事项承诺时限在法定基础上压缩了85%, 抽查结果100%向社会公示.
  EXPECT_EQ(Value(FigureFormat::kPercent0, 8500), "85%");
  EXPECT_EQ(Value(FigureFormat::kPercent0, 10000), "100%");
  EXPECT_EQ(Value(FigureFormat::kPercent0, 6000), "60%");  // 用户普及率达到60%
  EXPECT_EQ(Value(FigureFormat::kPercent0, 8450), "85%");
  EXPECT_EQ(Value(FigureFormat::kPercent0, 8449), "84%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent0, 151, 151), "100%");  // 151条, 100%及时回复办理
  EXPECT_EQ(Ratio(FigureFormat::kPercent0, 2057, 6157), "33%");
}

TEST(FigureFormatTest, TenThousands) {
  EXPECT_EQ(Value(FigureFormat::kWan, 228000), "22.8万");  // 归集涉企信息22.8万条
  EXPECT_EQ(Value(FigureFormat::kWan, 228049), "22.8万");
  EXPECT_EQ(Value(FigureFormat::kWan, 228050),
            "22.8万");  // 22.805 → 22.8 (0.05 rounds up at 1000s)
  EXPECT_EQ(Value(FigureFormat::kWan, 228500), "22.9万");
  EXPECT_EQ(Value(FigureFormat::kWan, 200000), "20.0万");
}

TEST(FigureFormatTest, ApproximationsOfTheSeed) {
  EXPECT_EQ(Approx(206), "200余");  // 立案查处环境违法行为200余起
  EXPECT_EQ(Approx(198), "近200");  // 下达处罚决定近200起
  EXPECT_EQ(Approx(55), "50余");    // 50余本行政处罚案卷
  EXPECT_EQ(Approx(50), "50");      // exactly 50 is not "50余"
  EXPECT_EQ(Approx(59), "50余");
  EXPECT_EQ(Approx(1523), "1500余");                           // 1500余名执法人员
  EXPECT_EQ(Approx(17234), "17000余");                         // 17000余人次
  EXPECT_EQ(Approx(73412), "73000余");                         // 73000余人次
  EXPECT_EQ(Approx(3561), "3500余");                           // 3500余次
  EXPECT_EQ(Approx(2648), "2600余");                           // 2600余场次
  EXPECT_EQ(Approx(5080), "5000余");                           // 5000余条
  EXPECT_EQ(Approx(806), "800余");                             // 800余份
  EXPECT_EQ(Approx(274), "270余");                             // 270余次
  EXPECT_EQ(Approx(203), "200余");                             // 200余场
  EXPECT_EQ(Approx(34), "30余");                               // 30余项
  EXPECT_EQ(Approx(43), "40余");                               // 40余项
  EXPECT_EQ(Approx(193), "190余");                             // 190余人次
  EXPECT_EQ(Value(FigureFormat::kApproxDuo, 1634), "1600多");  // 1600多个事项
}

TEST(FigureFormatTest, ApproximationRuleAtItsEdges) {
  EXPECT_EQ(Approx(200), "200");  // a round number prints as it is
  EXPECT_EQ(Approx(1500), "1500");
  EXPECT_EQ(Approx(17000), "17000");
  EXPECT_EQ(Approx(12), "12");  // below 20: never approximated
  EXPECT_EQ(Approx(19), "19");
  EXPECT_EQ(Approx(0), "0");
  EXPECT_EQ(Approx(20), "20");
  EXPECT_EQ(Approx(21), "20余");
  // 近 within 2% below the next multiple of the leading power of ten, and not beyond.
  EXPECT_EQ(Approx(196), "近200");
  EXPECT_EQ(Approx(195), "190余");
  EXPECT_EQ(Approx(199), "近200");
  EXPECT_EQ(Approx(98), "90余");  // two digits: never 近
  EXPECT_EQ(Approx(99), "90余");
  EXPECT_EQ(Approx(1960), "近2000");
  EXPECT_EQ(Approx(1959), "1900余");
  EXPECT_EQ(Approx(9999), "近10000");
  EXPECT_EQ(Value(FigureFormat::kApproxDuo, 198), "近200");
  EXPECT_EQ(Value(FigureFormat::kApproxDuo, 1600), "1600");
  // A ratio is approximated exactly: 1001/5 = 200.2 → 200余; 999/5 = 199.8 → 近200.
  EXPECT_EQ(Ratio(FigureFormat::kApprox, 1001, 5), "200余");
  EXPECT_EQ(Ratio(FigureFormat::kApprox, 999, 5), "近200");
  EXPECT_EQ(Ratio(FigureFormat::kApprox, 25, 2), "12余");
  EXPECT_EQ(Ratio(FigureFormat::kApprox, 1, 3), "不足1");
  EXPECT_EQ(*Approximate(1634, "多"), "1600多");
}

TEST(FigureFormatTest, ApproximateMoneyAndTenThousands) {
  // 罚款金额1500余万元 (¥15,221,800), 已收缴罚款500余万元 (¥5,0xx,xxx).
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 1522180000), "1500余万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 503412300), "500余万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 1500000000), "1500万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 1500000100), "1500余万元");  // 1 元 more
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 1985000000), "近2000万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 1250000000), "1200余万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 12500000), "12余万元");
  EXPECT_EQ(Value(FigureFormat::kApproxWanYuan, 800000), "不足1万元");
  // 好差评评价69.7万余条, 累计扫码1680.7万余人次.
  EXPECT_EQ(Value(FigureFormat::kApproxWan, 697412), "69.7万余");
  EXPECT_EQ(Value(FigureFormat::kApproxWan, 16807345), "1680.7万余");
  EXPECT_EQ(Value(FigureFormat::kApproxWan, 697999), "69.7万余");  // truncated, never rounded up
  EXPECT_EQ(Value(FigureFormat::kApproxWan, 697000), "69.7万");
}

TEST(FigureFormatTest, NegativeApproximationsAndZeroDenominatorsAreErrors) {
  absl::StatusOr<std::string> negative = FormatValue(FigureFormat::kApprox, -206);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(), "an approximate number cannot be negative (-206)");
  EXPECT_FALSE(FormatValue(FigureFormat::kApproxWan, -1).ok());
  EXPECT_FALSE(FormatValue(FigureFormat::kApproxWanYuan, -1000000).ok());
  absl::StatusOr<std::string> zero = FormatRatio(FigureFormat::kPercent, 2057, 0);
  EXPECT_EQ(zero.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(zero.status().message().find("division by zero"), absl::string_view::npos);
}

TEST(FigureFormatTest, NamesRoundTripAndAnUnknownNameIsListedWithTheKnownOnes) {
  for (absl::string_view name : FigureFormatNames()) {
    absl::StatusOr<FigureFormat> format = ParseFigureFormat(name);
    ASSERT_TRUE(format.ok()) << name;
    EXPECT_EQ(FigureFormatName(*format), name);
  }
  EXPECT_EQ(FigureFormatNames().size(), 14u);
  absl::StatusOr<FigureFormat> unknown = ParseFigureFormat("wanyuan");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      unknown.status().message(),
      "unknown format \"wanyuan\"; the formats are count, wan_yuan, yi_yuan, yuan, "
      "percent, percent0, wan, approx, approx_duo, approx_wan_yuan, approx_wan, yu, duo, wan_yu");
}

TEST(FigureFormatTest, LargeValuesDoNotOverflow) {
  EXPECT_EQ(Value(FigureFormat::kCount, INT64_MAX), "9223372036854775807");
  EXPECT_EQ(Value(FigureFormat::kPercent, INT64_MAX), "92233720368547758.1%");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, INT64_MAX, INT64_MAX), "100.0%");
  EXPECT_EQ(Value(FigureFormat::kCount, INT64_MIN), "-9223372036854775808");
  EXPECT_EQ(Ratio(FigureFormat::kPercent, INT64_MIN, -1), "922337203685477580800.0%");
}

}  // namespace
}  // namespace fazhi::reports

namespace fazhi::reports {
namespace {

// Figures the units reported as lower bounds: the seed's 1500余名 was reported as 1500, and the
// report says so as the unit did; approx would print a bare 1500, having cut nothing.
TEST(FigureFormatTest, ReportedLowerBoundsKeepTheirYuAndDuo) {
  EXPECT_EQ(*FormatValue(FigureFormat::kYu, 1500), "1500余");         // 1500余名执法人员
  EXPECT_EQ(*FormatValue(FigureFormat::kYu, 50), "50余");             // 50余本行政处罚案卷
  EXPECT_EQ(*FormatValue(FigureFormat::kDuo, 1600), "1600多");        // 1600多个事项
  EXPECT_EQ(*FormatValue(FigureFormat::kWanYu, 697000), "69.7万余");  // 69.7万余条
  EXPECT_EQ(*FormatValue(FigureFormat::kWanYu, 16807000), "1680.7万余");  // 1680.7万余人次
  EXPECT_EQ(*FormatValue(FigureFormat::kApprox, 1500), "1500");
  EXPECT_EQ(*ParseFigureFormat("wan_yu"), FigureFormat::kWanYu);
}

}  // namespace
}  // namespace fazhi::reports

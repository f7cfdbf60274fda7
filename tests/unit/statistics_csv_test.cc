// The CSV form of data points: what a clerk's spreadsheet export looks like, and every way a row
// or a whole file can be wrong.

#include "gtest/gtest.h"
#include "services/statistics/domain/csv.h"

namespace fazhi::statistics {
namespace {

TEST(ParseYuanTest, AmountsInYuanBecomeFen) {
  EXPECT_EQ(*ParseYuan("15000000"), 1500000000);  // the seed's ¥15 million in fines
  EXPECT_EQ(*ParseYuan("5000000.5"), 500000050);
  EXPECT_EQ(*ParseYuan("12.05"), 1205);
  EXPECT_EQ(*ParseYuan("0.01"), 1);
  EXPECT_EQ(*ParseYuan("-3.10"), -310);
  for (const char* bad :
       {"", "12.345", "1,000.00", "1e6", "12.", ".5", "¥12", " 12", "--1", "1234567890123456"}) {
    EXPECT_FALSE(ParseYuan(bad).ok()) << bad;
  }
}

TEST(ParseDataPointCsvTest, ReadsAnExcelExportWithQuotesBomAndCrlf) {
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(
      "\xEF\xBB\xBFperiod,Value,department_id,indicator_code\r\n"
      "2021,159,jiyuan,reconsideration.received\r\n"
      "\r\n"
      "\"2021H1\",\"80\",\"jiyuan\",\"reconsideration.received\"\r\n"
      "2021-07, 12 ,jiyuan-kejing,mediation.disputes\r\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_TRUE(parsed->rejected.empty());
  ASSERT_EQ(parsed->points.size(), 3u);
  EXPECT_EQ(parsed->points[0].indicator_code, "reconsideration.received");
  EXPECT_EQ(parsed->points[0].value, 159);
  EXPECT_EQ(parsed->points[1].period.type, time_util::PeriodType::kHalf);
  EXPECT_EQ(parsed->points[1].row, 1);  // the blank line is not a row
  EXPECT_EQ(parsed->points[2].period.index, 7);
  EXPECT_EQ(parsed->points[2].value, 12);
  EXPECT_EQ(parsed->points[2].row, 2);
}

TEST(ParseDataPointCsvTest, BadRowsAreRejectedByIndexAndTheRestRead) {
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(
      "indicator_code,department_id,period,value_yuan\n"
      "environment.fines_imposed_fen,jiyuan-sthjj,2021,15000000\n"
      "environment.fines_collected_fen,jiyuan-sthjj,2021,12.345\n"
      "environment.fines_imposed_fen,jiyuan-sthjj,2021Q5,1\n"
      "environment.fines_imposed_fen,jiyuan-sthjj\n"
      "environment.fines_imposed_fen,\"jiyuan,sthjj\",2020,\"1,5\"\n"
      "environment.fines_imposed_fen,\xff\xfe,2020,1\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->points.size(), 1u);
  EXPECT_EQ(parsed->points[0].value, 1500000000);
  ASSERT_EQ(parsed->rejected.size(), 5u);
  EXPECT_EQ(parsed->rejected[0].index, 1);
  EXPECT_EQ(parsed->rejected[0].field, "csv[1].value_yuan");
  EXPECT_NE(parsed->rejected[0].reason.find("two decimals"), std::string::npos);
  EXPECT_EQ(parsed->rejected[1].field, "csv[2].period");
  EXPECT_EQ(parsed->rejected[2].field, "csv[3]");
  EXPECT_NE(parsed->rejected[2].reason.find("2 cells"), std::string::npos);
  EXPECT_EQ(parsed->rejected[3].field, "csv[4].value_yuan");  // "1,5" is no amount
  EXPECT_EQ(parsed->rejected[4].field, "csv[5]");
  EXPECT_NE(parsed->rejected[4].reason.find("UTF-8"), std::string::npos);
}

TEST(ParseDataPointCsvTest, WholeValuesMustBeWholeNumbers) {
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(
      "indicator_code,department_id,period,value\n"
      "a.b,u,2021,1.5\na.b,u,2021,1e3\na.b,u,2021,-7\na.b,u,2021,99999999999999999999\n");
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->points.size(), 1u);
  EXPECT_EQ(parsed->points[0].value, -7);  // read; the import refuses negative counts
  EXPECT_EQ(parsed->rejected.size(), 3u);
}

TEST(ParseDataPointCsvTest, AFileThatCannotBeReadIsRefusedWhole) {
  for (const char* bad : {"", "\n\n", "indicator_code,department_id,period\nx,y,2021\n",
                          "indicator_code,department_id,period,value,value_yuan\n",
                          "indicator_code,department_id,period,value,remark\n",
                          "indicator_code,department_id,period,value\n\"x,y,2021,1\n"}) {
    absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(parsed.status().message().substr(0, 4), "csv:");
  }
}

TEST(FormatCsvTest, WhatIsWrittenReadsBack) {
  std::string csv = FormatCsvHeader() +
                    FormatCsvRow({"mediation.disputes", "jiyuan-kejing", "2021", 812}) +
                    FormatCsvRow({"mediation.disputes", "odd,\"id\"", "2021Q3", 5});
  EXPECT_EQ(csv,
            "indicator_code,department_id,period,value\r\n"
            "mediation.disputes,jiyuan-kejing,2021,812\r\n"
            "mediation.disputes,\"odd,\"\"id\"\"\",2021Q3,5\r\n");
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(csv);
  ASSERT_TRUE(parsed.ok());
  ASSERT_EQ(parsed->points.size(), 2u);
  EXPECT_EQ(parsed->points[1].department_id, "odd,\"id\"");
  EXPECT_EQ(parsed->points[1].value, 5);
}

}  // namespace
}  // namespace fazhi::statistics

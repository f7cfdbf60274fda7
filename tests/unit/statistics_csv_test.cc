// The CSV form of data points: what a clerk's spreadsheet export looks like, and every way a row
// or a whole file can be wrong.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/time/period.h"
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

// What a parse gave, as one comparable text: every figure and rejection in order, or the error.
std::string Describe(const absl::Status& status, const ParsedCsv& parsed) {
  if (!status.ok()) return absl::StrCat("error: ", status.message());
  std::string out;
  for (const PointInput& p : parsed.points) {
    absl::StrAppend(&out, "point ", p.row, " ", p.indicator_code, "|", p.department_id, "|",
                    time_util::PeriodKey(p.period), "|", p.value, "\n");
  }
  for (const RowRejection& r : parsed.rejected) {
    absl::StrAppend(&out, "rejected ", r.index, " ", r.field, ": ", r.reason, "\n");
  }
  return out;
}

std::string Whole(absl::string_view csv) {
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(csv);
  return Describe(parsed.status(), parsed.ok() ? *parsed : ParsedCsv());
}

// csv fed in pieces cut at the given offsets (ascending).
std::string Pieces(absl::string_view csv, const std::vector<size_t>& cuts) {
  DataPointCsvReader reader;
  ParsedCsv parsed;
  size_t from = 0;
  for (size_t cut : cuts) {
    if (absl::Status s = reader.Feed(csv.substr(from, cut - from), &parsed); !s.ok()) {
      return Describe(s, parsed);
    }
    from = cut;
  }
  absl::Status s = reader.Feed(csv.substr(from), &parsed);
  if (s.ok()) s = reader.Finish(&parsed);
  return Describe(s, parsed);
}

// A spreadsheet export with everything a split can land inside: the byte-order mark, a CRLF, a
// blank line, quoted cells holding a comma, a doubled quote and a line end, Chinese text (three
// bytes a character), a lone CR as a line end, a bad row, and a last row with no line end.
constexpr absl::string_view kTricky =
    "\xEF\xBB\xBFindicator_code,department_id,\"period\",value_yuan\r\n"
    "environment.fines_imposed_fen,jiyuan-sthjj,2021,15000000\r\n"
    "\r\n"
    "\"environment.fines,collected\",\"ji\"\"yuan\",2021,12.5\r\n"
    "environment.fines_imposed_fen,\"济源\n市\",2021Q3,\"1,5\"\r"
    "mediation.disputes,jiyuan-kejing,2021-07,-3.10\n"
    "mediation.disputes,jiyuan-kejing,2021\n"
    "mediation.disputes,济源市,2021H1,0.01";

TEST(DataPointCsvReaderTest, EverySplitReadsAsTheWholeText) {
  const std::string whole = Whole(kTricky);
  // The whole text read as expected, so the comparisons below compare something.
  ASSERT_EQ(whole,
            "point 0 environment.fines_imposed_fen|jiyuan-sthjj|2021|1500000000\n"
            "point 1 environment.fines,collected|ji\"yuan|2021|1250\n"
            "point 3 mediation.disputes|jiyuan-kejing|2021-07|-310\n"
            "point 5 mediation.disputes|济源市|2021H1|1\n"
            "rejected 2 csv[2].value_yuan: '1,5' is not an amount in 元 with at most two "
            "decimals\n"
            "rejected 4 csv[4]: has 3 cells; the header has 4\n");
  for (size_t i = 0; i <= kTricky.size(); ++i) {
    ASSERT_EQ(Pieces(kTricky, {i}), whole) << "split at " << i;
    for (size_t j = i; j <= kTricky.size(); ++j) {
      ASSERT_EQ(Pieces(kTricky, {i, j}), whole) << "split at " << i << " and " << j;
    }
  }
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < kTricky.size(); ++i) every_byte.push_back(i);
  EXPECT_EQ(Pieces(kTricky, every_byte), whole);
}

TEST(DataPointCsvReaderTest, AHeaderSplitAnywhereIsReadTheSame) {
  constexpr absl::string_view kCsv =
      "\xEF\xBB\xBF Value ,period,department_id,indicator_code\r\n80,2021,jiyuan,a.b\r\n";
  const std::string whole = Whole(kCsv);
  ASSERT_EQ(whole, "point 0 a.b|jiyuan|2021|80\n");
  for (size_t i = 0; i <= kCsv.size(); ++i) EXPECT_EQ(Pieces(kCsv, {i}), whole) << i;
  // A byte-order mark cut short is no mark: its bytes are the header's, as in the whole text.
  EXPECT_EQ(Pieces("\xEF\xBB", {1}), Whole("\xEF\xBB"));
  EXPECT_EQ(Pieces("\xEF\xBB", {1}).substr(0, 27), "error: csv: unknown column ");
}

TEST(DataPointCsvReaderTest, FilesThatCannotBeReadAreRefusedAlikeWhereverTheyAreCut) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"",
       "error: csv: empty; the first row must name the columns "
       "indicator_code,department_id,period,value"},
      {"\r\n\n",
       "error: csv: empty; the first row must name the columns "
       "indicator_code,department_id,period,value"},
      {"indicator_code,department_id,period\nx,y,2021\n",
       "error: csv: the header has no value column"},
      {"indicator_code,department_id,period,value,Value_Yuan\n",
       "error: csv: the header names the value column twice"},
      {"indicator_code,department_id,period,value,remark\n",
       "error: csv: unknown column 'remark' in the header; the columns are indicator_code, "
       "department_id, period and value (or value_yuan)"},
      // The file ends inside a quote opened on line 4 (the quoted line end counts as a line).
      {"indicator_code,department_id,period,value\na,\"b\nc\",2021,1\n\"x,y,2021,1\n",
       "error: csv: the quote opened on line 4 is never closed"},
      {"indicator_code,department_id,period,value\na,b,2021,1\r\nx,\"y,2021,1",
       "error: csv: the quote opened on line 3 is never closed"},
  };
  for (const auto& [csv, error] : cases) {
    EXPECT_EQ(Whole(csv), error) << csv;
    for (size_t i = 0; i <= csv.size(); ++i) EXPECT_EQ(Pieces(csv, {i}), error) << csv << " @" << i;
  }
}

TEST(DataPointCsvReaderTest, RowsPastTheLimitAreRefusedWhereverTheyAreCut) {
  constexpr absl::string_view kCsv =
      "indicator_code,department_id,period,value\na,b,2021,1\na,b,2022,2\na,b,2023,3\n";
  for (size_t i = 0; i <= kCsv.size(); ++i) {
    DataPointCsvReader reader(2);
    ParsedCsv parsed;
    absl::Status s = reader.Feed(kCsv.substr(0, i), &parsed);
    if (s.ok()) s = reader.Feed(kCsv.substr(i), &parsed);
    if (s.ok()) s = reader.Finish(&parsed);
    EXPECT_EQ(s.message(), "csv: more than 2 data rows in one call; stream larger imports") << i;
    // After an error the reader keeps answering it.
    EXPECT_EQ(reader.Finish(&parsed).message(), s.message());
  }
}

TEST(DataPointCsvReaderTest, ARecordTooLongIsRefusedBeforeItEnds) {
  // An open quote and then nothing but cell: a client cannot make the server hold it all.
  DataPointCsvReader reader;
  ParsedCsv parsed;
  ASSERT_TRUE(reader.Feed("indicator_code,department_id,period,value\n\"", &parsed).ok());
  const std::string kilobyte(1024, 'x');
  absl::Status s;
  int fed = 0;
  while (s.ok() && fed < 1000) {
    s = reader.Feed(kilobyte, &parsed);
    ++fed;
  }
  EXPECT_EQ(fed, 65);  // refused at the first chunk past 64 KiB
  EXPECT_EQ(s.message(), "csv: the record starting on line 2 is longer than 65536 bytes");
  // The whole-text parser refuses the same record the same way.
  std::string whole = "indicator_code,department_id,period,value\na,b,2021,1\n" +
                      std::string(70000, 'y') + ",b,2021,1\n";
  EXPECT_EQ(Whole(whole), "error: csv: the record starting on line 3 is longer than 65536 bytes");
  EXPECT_EQ(Pieces(whole, {60, 1000, 65600}), Whole(whole));
}

}  // namespace
}  // namespace fazhi::statistics

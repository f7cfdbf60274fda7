// The demo tables' parser (services/cases/demo/tsv_table.h): typed fields, and every error named
// by file, line and column, the column counted in characters as an editor shows it.

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/cases/demo/tsv_table.h"

namespace fazhi::cases::demo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// gMock's string matchers take std::string.
std::string Message(const absl::Status& status) { return std::string(status.message()); }

const std::vector<std::string> kColumns = {"request_id", "party_name", "filed_date",
                                           "fine_fen",   "major",      "officer_ids"};

TEST(DemoTsvTableTest, ReadsTypedFields) {
  absl::StatusOr<TsvTable> table =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\t济源市宏达化工有限公司\t2021-03-01\t800000\ttrue\tsthjj-a|sthjj-b\n"
                      "case-2\t王卫东\t\t-5\tfalse\t\n",
                      kColumns);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rows().size(), 2u);
  TsvRow& first = table->rows()[0];
  EXPECT_EQ(first.Text("party_name"), "济源市宏达化工有限公司");
  EXPECT_EQ(first.Date("filed_date"), absl::CivilDay(2021, 3, 1));
  EXPECT_EQ(first.Int("fine_fen"), 800000);
  EXPECT_TRUE(first.Bool("major"));
  EXPECT_THAT(first.List("officer_ids"), ElementsAre("sthjj-a", "sthjj-b"));
  EXPECT_TRUE(first.status().ok()) << first.status();
  TsvRow& second = table->rows()[1];
  EXPECT_FALSE(second.OptionalDate("filed_date").has_value());
  EXPECT_EQ(second.Int("fine_fen"), -5);
  EXPECT_FALSE(second.Bool("major"));
  EXPECT_TRUE(second.List("officer_ids").empty());
  EXPECT_TRUE(second.status().ok()) << second.status();
  EXPECT_EQ(second.Where(), "cases.tsv:3");
}

TEST(DemoTsvTableTest, AcceptsASpreadsheetsByteOrderMarkAndCrlf) {
  absl::StatusOr<TsvTable> table = TsvTable::Parse(
      "cases.tsv",
      "\xEF\xBB\xBFrequest_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\r\n"
      "case-1\t王卫东\t2021-03-01\t1\tfalse\ta\r\n",
      kColumns);
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->rows().size(), 1u);
  EXPECT_EQ(table->rows()[0].Text("officer_ids"), "a");
}

TEST(DemoTsvTableTest, ABadFieldIsReportedAtItsFileLineAndColumn) {
  absl::StatusOr<TsvTable> table =
      TsvTable::Parse("data/cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\t王卫东\t2021-03-01\t1\tfalse\ta\n"
                      "case-2\t济源市宏达化工有限公司\t2021-02-30\t1\tfalse\ta\n",
                      kColumns);
  ASSERT_TRUE(table.ok()) << table.status();
  TsvRow& row = table->rows()[1];
  row.Text("request_id");
  row.Date("filed_date");
  // The first error stays: a later one does not replace it.
  row.Bool("fine_fen");
  // "case-2" (6 characters), a tab, 11 characters of Chinese and a tab: column 20.
  EXPECT_EQ(row.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(row.status()), StartsWith("data/cases.tsv:3:20: filed_date: '2021-02-30'"));
}

TEST(DemoTsvTableTest, ConversionErrorsNameTheField) {
  absl::StatusOr<TsvTable> table =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\t王\t21-3-1\t1\tfalse\ta\n"
                      "case-2\t王\t2021-03-01\t1万\tfalse\ta\n"
                      "case-3\t王\t2021-03-01\t1\tyes\ta\n"
                      "case-4\t王\t2021-03-01\t1\tfalse\ta||b\n"
                      "\t王\t2021-03-01\t1\tfalse\ta\n",
                      kColumns);
  ASSERT_TRUE(table.ok()) << table.status();
  std::vector<TsvRow>& rows = table->rows();
  rows[0].Date("filed_date");
  EXPECT_THAT(Message(rows[0].status()), StartsWith("cases.tsv:2:10: filed_date:"));
  rows[1].Int("fine_fen");
  EXPECT_THAT(Message(rows[1].status()), StartsWith("cases.tsv:3:21: fine_fen: '1万'"));
  rows[2].Bool("major");
  EXPECT_THAT(Message(rows[2].status()), StartsWith("cases.tsv:4:23: major: 'yes'"));
  rows[3].List("officer_ids");
  EXPECT_THAT(Message(rows[3].status()), StartsWith("cases.tsv:5:29: officer_ids:"));
  rows[4].RequiredText("request_id");
  EXPECT_THAT(Message(rows[4].status()), StartsWith("cases.tsv:6:1: request_id: is empty"));
}

TEST(DemoTsvTableTest, ALineWithTheWrongNumberOfFieldsIsRefused) {
  absl::StatusOr<TsvTable> missing =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\t王卫东\t2021-03-01\t1\tfalse\n",
                      kColumns);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  // Where the missing sixth field would start: after "false".
  EXPECT_THAT(Message(missing.status()),
              StartsWith("cases.tsv:2:30: 5 fields where the header has 6"));
  absl::StatusOr<TsvTable> extra =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\t王卫东\t2021-03-01\t1\tfalse\ta\tb\n",
                      kColumns);
  EXPECT_THAT(Message(extra.status()),
              StartsWith("cases.tsv:2:33: 7 fields where the header has 6"));
}

TEST(DemoTsvTableTest, TheHeaderMustNameTheLoadersColumns) {
  absl::StatusOr<TsvTable> table = TsvTable::Parse(
      "cases.tsv", "request_id\tparty\tfiled_date\tfine_fen\tmajor\tofficer_ids\n", kColumns);
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(table.status()), StartsWith("cases.tsv:1:12: header: column 2 is 'party'"));
  EXPECT_THAT(Message(TsvTable::Parse("cases.tsv", "", kColumns).status()),
              StartsWith("cases.tsv:1:1: no header line"));
}

TEST(DemoTsvTableTest, EmptyLinesAndTextThatIsNotUtf8AreRefused) {
  absl::StatusOr<TsvTable> blank =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "\n"
                      "case-1\t王卫东\t2021-03-01\t1\tfalse\ta\n",
                      kColumns);
  EXPECT_THAT(Message(blank.status()), StartsWith("cases.tsv:2:1: empty line"));
  absl::StatusOr<TsvTable> latin1 =
      TsvTable::Parse("cases.tsv",
                      "request_id\tparty_name\tfiled_date\tfine_fen\tmajor\tofficer_ids\n"
                      "case-1\tM\xFCller\t2021-03-01\t1\tfalse\ta\n",
                      kColumns);
  EXPECT_THAT(Message(latin1.status()), StartsWith("cases.tsv:2:8: not UTF-8 text"));
}

TEST(DemoTsvTableTest, AMissingFileIsNamed) {
  absl::StatusOr<TsvTable> table = TsvTable::Read("/nonexistent/cases.tsv", kColumns);
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(Message(table.status()), HasSubstr("/nonexistent/cases.tsv"));
}

}  // namespace
}  // namespace fazhi::cases::demo

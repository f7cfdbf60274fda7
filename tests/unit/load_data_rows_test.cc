// LOAD DATA's text format as common/db/bulk.h writes it: every byte the format treats specially
// is escaped, NULL is \N, integers are exact, and UTF-8 passes through untouched.

#include <cstdint>
#include <string>

#include "common/db/bulk.h"
#include "gtest/gtest.h"

namespace fazhi::db {
namespace {

TEST(LoadDataRowsTest, FieldsAreTabSeparatedAndRowsNewlineTerminated) {
  LoadDataRows rows;
  rows.Text("reconsideration.received").Text("jiyuan").Int(2021).EndRow();
  rows.Int(INT64_MIN).Int(INT64_MAX).Int(0).Int(-1).EndRow();
  EXPECT_EQ(rows.rows(), 2u);
  EXPECT_EQ(rows.data(),
            "reconsideration.received\tjiyuan\t2021\n"
            "-9223372036854775808\t9223372036854775807\t0\t-1\n");
}

TEST(LoadDataRowsTest, HostileBytesAreEscaped) {
  LoadDataRows rows;
  rows.Text("a\tb").Text("c\nd").Text("e\rf").Text("back\\slash").EndRow();
  rows.Text(std::string("nul\0byte", 8)).Text("ctrl\x1az").Text("\\N").Text("\\").EndRow();
  EXPECT_EQ(rows.data(),
            "a\\tb\tc\\nd\te\\rf\tback\\\\slash\n"
            "nul\\0byte\tctrl\\Zz\t\\\\N\t\\\\\n");
}

TEST(LoadDataRowsTest, NullIsBackslashNAndEmptyTextStaysEmpty) {
  LoadDataRows rows;
  rows.Null().Text("").Add(Value(std::monostate{})).Add(Value(int64_t{7})).Add(Value("x")).EndRow();
  EXPECT_EQ(rows.data(), "\\N\t\t\\N\t7\tx\n");
}

TEST(LoadDataRowsTest, Utf8PassesThroughUnchanged) {
  LoadDataRows rows;
  rows.Text("济源市司法局").Text("𠀀'\"`").EndRow();
  EXPECT_EQ(rows.data(), "济源市司法局\t𠀀'\"`\n");
}

}  // namespace
}  // namespace fazhi::db

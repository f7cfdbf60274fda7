// The export use cases (services/statistics/app/exports.h) over in-memory fakes of the store and
// the unit registry: the seed's 2021 mediation figures of 克井镇 (812 disputes, 803 settled) and
// 五龙口镇 (596, 590), under 济源市, read a unit or its subtree a page at a time. No gRPC, no
// database.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/exports.h"

namespace fazhi::statistics {
namespace {

using directory::Unit;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using time_util::Period;
using time_util::PeriodType;

constexpr char kKejing[] = "jiyuan-kejing";
constexpr char kWulongkou[] = "jiyuan-wulongkou";

class FakeExportStore : public ExportStore {
 public:
  // As the store: (indicator, department) order, after the cursor, at most limit.
  absl::StatusOr<std::vector<ExportRow>> ListPointsForExport(
      absl::string_view period_key, const std::vector<std::string>& departments,
      const std::vector<std::string>& codes, const std::pair<std::string, std::string>& after,
      int limit) override {
    ++reads;
    std::vector<ExportRow> out;
    for (const auto& [key, value] : points) {
      const auto& [code, unit, period] = key;
      auto in = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
      };
      if (period != period_key || !in(departments, unit)) continue;
      if (!codes.empty() && !in(codes, code)) continue;
      if (std::tie(code, unit) <= std::tie(after.first, after.second)) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(ExportRow{code, unit, value, "manual", 1, absl::UnixEpoch(), "zhao.liu"});
    }
    return out;
  }

  // (indicator, unit, period key) -> value, in the order the store reads them.
  std::map<std::tuple<std::string, std::string, std::string>, int64_t> points;
  int reads = 0;
};

// 济源市 with 克井镇 and 五龙口镇 below it.
class FakeUnits : public directory::UnitDirectory {
 public:
  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override {
    if (id == "jiyuan") return Unit{"jiyuan", "", 1, true, "济源市"};
    if (id == kKejing) return Unit{kKejing, "jiyuan", 4, true, "克井镇"};
    if (id == kWulongkou) return Unit{kWulongkou, "jiyuan", 4, true, "五龙口镇"};
    return std::nullopt;
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    if (id == "jiyuan") return std::vector<std::string>{"jiyuan", kKejing, kWulongkou};
    return std::vector<std::string>{std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }
};

// (indicator, unit: value) of each row, for comparing by hand.
std::vector<std::string> Rows(const std::vector<ExportRow>& rows) {
  std::vector<std::string> out;
  for (const ExportRow& r : rows) {
    out.push_back(absl::StrCat(r.indicator_code, " ", r.department_id, ": ", r.value));
  }
  return out;
}

class StatisticsExportsAppTest : public ::testing::Test {
 protected:
  StatisticsExportsAppTest() {
    store_.points[{"mediation.disputes", kKejing, "2021"}] = 812;
    store_.points[{"mediation.successful", kKejing, "2021"}] = 803;
    store_.points[{"mediation.disputes", kWulongkou, "2021"}] = 596;
    store_.points[{"mediation.successful", kWulongkou, "2021"}] = 590;
    store_.points[{"mediation.disputes", "jiyuan", "2021"}] = 3;
    // Another year, never in a 2021 export.
    store_.points[{"mediation.disputes", kKejing, "2020"}] = 700;
  }

  // Every page of the query, with the page size the fixture's exports read.
  std::vector<std::vector<ExportRow>> Pages(const ExportQuery& query) {
    absl::StatusOr<ExportCursor> cursor = exports_.Start(query);
    EXPECT_TRUE(cursor.ok()) << cursor.status();
    std::vector<std::vector<ExportRow>> pages;
    while (cursor.ok() && !cursor->done) {
      absl::StatusOr<std::vector<ExportRow>> page = exports_.Next(&*cursor);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      pages.push_back(*std::move(page));
    }
    return pages;
  }

  const Period k2021{PeriodType::kYear, 2021, 0};
  FakeExportStore store_;
  FakeUnits units_;
  Exports exports_{&store_, &units_, ExportLimits{2, 4}};
};

TEST_F(StatisticsExportsAppTest, AUnitAloneExportsOnlyItsOwnFiguresOfThePeriod) {
  std::vector<std::vector<ExportRow>> pages = Pages(ExportQuery{k2021, kKejing, false, {}});
  // A full page, then an empty one that says it was the last.
  ASSERT_THAT(pages, SizeIs(2));
  EXPECT_EQ(Rows(pages[0]), (std::vector<std::string>{"mediation.disputes jiyuan-kejing: 812",
                                                      "mediation.successful jiyuan-kejing: 803"}));
  EXPECT_THAT(pages[1], IsEmpty());
}

TEST_F(StatisticsExportsAppTest, ASubtreePagesInIndicatorThenUnitOrderFromItsCursor) {
  absl::StatusOr<ExportCursor> cursor = exports_.Start(ExportQuery{k2021, "jiyuan", true, {}});
  ASSERT_TRUE(cursor.ok()) << cursor.status();
  EXPECT_EQ(cursor->period_key, "2021");
  EXPECT_EQ(cursor->units, (std::vector<std::string>{"jiyuan", kKejing, kWulongkou}));

  absl::StatusOr<std::vector<ExportRow>> first = exports_.Next(&*cursor);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(Rows(*first), (std::vector<std::string>{"mediation.disputes jiyuan: 3",
                                                    "mediation.disputes jiyuan-kejing: 812"}));
  EXPECT_EQ(cursor->after, (std::pair<std::string, std::string>{"mediation.disputes", kKejing}));
  EXPECT_FALSE(cursor->done);

  absl::StatusOr<std::vector<ExportRow>> second = exports_.Next(&*cursor);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Rows(*second), (std::vector<std::string>{"mediation.disputes jiyuan-wulongkou: 596",
                                                     "mediation.successful jiyuan-kejing: 803"}));
  EXPECT_FALSE(cursor->done);

  absl::StatusOr<std::vector<ExportRow>> third = exports_.Next(&*cursor);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(Rows(*third), (std::vector<std::string>{"mediation.successful jiyuan-wulongkou: 590"}));
  // A short page is the last: no statement is spent to learn that nothing follows.
  EXPECT_TRUE(cursor->done);
  EXPECT_EQ(store_.reads, 3);
  EXPECT_THAT(*exports_.Next(&*cursor), IsEmpty());
  EXPECT_EQ(store_.reads, 3);
}

TEST_F(StatisticsExportsAppTest, CodesNarrowTheExportAndAreChecked) {
  std::vector<std::vector<ExportRow>> pages =
      Pages(ExportQuery{k2021, "jiyuan", true, {"mediation.successful"}});
  ASSERT_THAT(pages, SizeIs(2));
  EXPECT_EQ(Rows(pages[0]),
            (std::vector<std::string>{"mediation.successful jiyuan-kejing: 803",
                                      "mediation.successful jiyuan-wulongkou: 590"}));

  absl::Status bad =
      exports_.Start(ExportQuery{k2021, "jiyuan", true, {"mediation.successful", "Bad Code"}})
          .status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), ::testing::StartsWith("indicator_codes[1] 'Bad Code'"));
  EXPECT_EQ(exports_.Start(ExportQuery{k2021, "jiyuan-nowhere", false, {}}).status(),
            absl::NotFoundError("department_id: no department with id 'jiyuan-nowhere'"));
  // A malformed id is refused naming the field before the registry is asked.
  absl::Status malformed =
      exports_.Start(ExportQuery{k2021, std::string(256 << 10, 'x'), false, {}}).status();
  EXPECT_EQ(malformed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(malformed.message()), ::testing::StartsWith("department_id 'xxx"));
  EXPECT_EQ(store_.reads, 2);
}

TEST_F(StatisticsExportsAppTest, CsvWritesEveryPageAndRefusesPastItsBound) {
  absl::StatusOr<std::string> csv =
      exports_.Csv(ExportQuery{k2021, kKejing, false, {"mediation.disputes"}});
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_EQ(*csv,
            "indicator_code,department_id,period,value\r\n"
            "mediation.disputes,jiyuan-kejing,2021,812\r\n");
  // Five figures in 济源市's subtree, four allowed.
  EXPECT_EQ(exports_.Csv(ExportQuery{k2021, "jiyuan", true, {}}).status(),
            absl::FailedPreconditionError("more than 4 figures match; narrow indicator_codes or "
                                          "the unit, or use ExportDataPoints"));
}

}  // namespace
}  // namespace fazhi::statistics

// The case figures' mapping onto the statistics catalogue and the sync's request id.

#include <map>
#include <set>

#include "gtest/gtest.h"
#include "services/cases/domain/figures.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::cases {
namespace {

TEST(CaseFiguresTest, EveryMappedCodeIsAShippedIndicatorAndMappedOnce) {
  std::set<std::string> shipped;
  for (const statistics::Indicator& i : statistics::ShippedIndicators()) shipped.insert(i.code);
  std::set<std::string> seen;
  for (const FigureIndicator& m : FigureIndicators()) {
    EXPECT_TRUE(shipped.count(std::string(m.indicator_code))) << m.indicator_code;
    EXPECT_TRUE(seen.insert(std::string(m.indicator_code)).second) << m.indicator_code;
  }
  EXPECT_EQ(FigureIndicators().size(), 23u);
}

TEST(CaseFiguresTest, PointsCarryEveryMappedFigureOfAUnitWithAny) {
  CaseFigures f;
  EXPECT_TRUE(PointsFor("jiyuan-sthjj", f).empty());
  f.decisions = 4;  // not in the catalogue: no points for it alone
  EXPECT_TRUE(PointsFor("jiyuan-sthjj", f).empty());
  f.penalty_decisions = 3;
  f.fines_imposed_fen = 1500000;
  f.court_appearances = 1;
  std::vector<FigurePoint> points = PointsFor("jiyuan-sthjj", f);
  ASSERT_EQ(points.size(), FigureIndicators().size());
  std::map<std::string, int64_t> by_code;
  for (const FigurePoint& p : points) {
    EXPECT_EQ(p.department_id, "jiyuan-sthjj");
    by_code[p.indicator_code] = p.value;
  }
  EXPECT_EQ(by_code["enforcement.penalty_decisions"], 3);
  EXPECT_EQ(by_code["enforcement.fines_imposed_fen"], 1500000);
  EXPECT_EQ(by_code["litigation.head_appearances"], 1);
  EXPECT_EQ(by_code["enforcement.cases_filed"], 0);  // sent as zero: it may have fallen to zero
}

TEST(CaseFiguresTest, RequestIdFollowsYearUnitAndFigures) {
  CaseFigures f;
  f.cases_filed = 12;
  std::vector<FigurePoint> points = PointsFor("jiyuan-sthjj", f);
  std::string id = SyncRequestId(2021, "jiyuan", points);
  EXPECT_EQ(id, SyncRequestId(2021, "jiyuan", points));
  EXPECT_LE(id.size(), 64u);
  EXPECT_EQ(id.rfind("cases-2021-", 0), 0u) << id;
  EXPECT_NE(id, SyncRequestId(2022, "jiyuan", points));
  EXPECT_NE(id, SyncRequestId(2021, "jiyuan-sthjj", points));
  f.cases_filed = 13;
  EXPECT_NE(id, SyncRequestId(2021, "jiyuan", PointsFor("jiyuan-sthjj", f)));
  EXPECT_EQ(SyncRequestId(2021, std::string(63, 'x'), points).size(), id.size());
}

TEST(CaseFiguresTest, AddAndZero) {
  CaseFigures a;
  EXPECT_TRUE(AllZero(a));
  CaseFigures b;
  b.seizures = 2;
  b.court_appearances = 1;
  AddFigures(b, a);
  AddFigures(b, a);
  EXPECT_EQ(a.seizures, 4);
  EXPECT_EQ(a.court_appearances, 2);
  EXPECT_FALSE(AllZero(a));
}

}  // namespace
}  // namespace fazhi::cases

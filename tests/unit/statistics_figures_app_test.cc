// The figure use cases (services/statistics/app/figures.h) over an in-memory fake of the store:
// 克井镇's 2021 mediation figure, entered as 800 and corrected to the seed's 812.

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/figures.h"

namespace fazhi::statistics {
namespace {

using ::testing::SizeIs;

const PointKey kKejing2021{"mediation.disputes", "jiyuan-kejing", "2021"};

class FakeFigureStore : public FigureStore {
 public:
  absl::StatusOr<std::map<PointKey, StoredPoint>> GetPoints(
      const std::vector<PointKey>& keys) override {
    std::map<PointKey, StoredPoint> out;
    for (const PointKey& k : keys) {
      if (auto it = points.find(k); it != points.end()) out.insert(*it);
    }
    return out;
  }
  absl::StatusOr<std::vector<RevisionRecord>> ListRevisions(const PointKey& key, int64_t after,
                                                            int limit) override {
    std::vector<RevisionRecord> out;
    for (const RevisionRecord& r : revisions[key]) {
      if (r.revision > after && static_cast<int>(out.size()) < limit) out.push_back(r);
    }
    return out;
  }

  std::map<PointKey, StoredPoint> points;
  std::map<PointKey, std::vector<RevisionRecord>> revisions;
};

class StatisticsFiguresAppTest : public ::testing::Test {
 protected:
  StatisticsFiguresAppTest() {
    StoredPoint p;
    p.value = 812;
    p.revision = 2;
    p.source = "manual";
    p.updated_by = "li.si";
    store_.points[kKejing2021] = p;
    store_.revisions[kKejing2021] = {
        RevisionRecord{1, std::nullopt, 800, "li.si", absl::UnixEpoch(), "r1", "csv"},
        RevisionRecord{2, 800, 812, "li.si", absl::UnixEpoch(), "r2", "manual"}};
  }

  FakeFigureStore store_;
  Figures figures_{&store_};
};

TEST_F(StatisticsFiguresAppTest, GetAnswersTheStoredFigure) {
  absl::StatusOr<StoredPoint> p = figures_.Get(kKejing2021);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->value, 812);
  EXPECT_EQ(p->revision, 2);
}

TEST_F(StatisticsFiguresAppTest, GetOfAFigureNeverReportedIsNotFoundNamingIt) {
  EXPECT_EQ(
      figures_.Get(PointKey{"mediation.disputes", "jiyuan-wulongkou", "2021"}).status(),
      absl::NotFoundError("no figure of 'mediation.disputes' for 'jiyuan-wulongkou' in 2021"));
}

TEST_F(StatisticsFiguresAppTest, RevisionsShowTheCorrection) {
  absl::StatusOr<RevisionPage> page = figures_.Revisions(kKejing2021, 0, 50);
  ASSERT_TRUE(page.ok()) << page.status();
  const std::vector<RevisionRecord>& r = page->revisions;
  ASSERT_THAT(r, SizeIs(2));
  EXPECT_FALSE(page->more);
  EXPECT_FALSE(r[0].previous_value.has_value());
  EXPECT_EQ(r[1].previous_value, 800);
  EXPECT_EQ(r[1].value, 812);
}

TEST_F(StatisticsFiguresAppTest, RevisionsComeAPageAtATime) {
  absl::StatusOr<RevisionPage> first = figures_.Revisions(kKejing2021, 0, 1);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->revisions, SizeIs(1));
  EXPECT_EQ(first->revisions[0].value, 800);
  EXPECT_TRUE(first->more);
  absl::StatusOr<RevisionPage> second = figures_.Revisions(kKejing2021, 1, 1);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_THAT(second->revisions, SizeIs(1));
  EXPECT_EQ(second->revisions[0].value, 812);
  EXPECT_FALSE(second->more);
}

}  // namespace
}  // namespace fazhi::statistics

// The statistics store on SQLite and MariaDB: catalogue installation, figures with their
// revisions and import receipts, roll-ups in SQL over more units than one IN list holds, locks,
// keyset export order, and the first receipts completeness is judged by.

#include "services/statistics/store/statistics_store.h"

#include <algorithm>
#include <future>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "services/statistics/domain/completeness.h"
#include "tests/support/test_database.h"

namespace fazhi::statistics {
namespace {

using time_util::PeriodType;

class StatisticsStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<StatisticsStore>(&test_db_->db());
    absl::StatusOr<int> added = store_->EnsureIndicators(ShippedIndicators(), now_);
    ASSERT_TRUE(added.ok()) << added.status();
    ASSERT_EQ(*added, static_cast<int>(ShippedIndicators().size()));
  }

  // Writes value for each key, as the import path does: a revision on top of what is stored.
  absl::Status Write(const std::vector<std::pair<PointKey, int64_t>>& figures, absl::Time at,
                     const std::string& request_id = "") {
    std::vector<PointKey> keys;
    for (const auto& f : figures) keys.push_back(f.first);
    absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints(keys);
    if (!stored.ok()) return stored.status();
    std::vector<PointWrite> writes;
    for (const auto& [key, value] : figures) {
      absl::StatusOr<time_util::Period> period =
          time_util::ParsePeriodKey(std::get<2>(key), "period");
      if (!period.ok()) return period.status();
      PointWrite w{key, period->type, value, std::nullopt};
      auto it = stored->find(key);
      if (it != stored->end()) w.previous = it->second;
      writes.push_back(w);
    }
    audit::AuditContext context{"sfj.clerk", "SubmitDataPoints", "req-1"};
    return store_->WritePoints(writes, "manual", context, request_id,
                               request_id.empty() ? "" : "receipt-of-" + request_id, at, nullptr);
  }

  static absl::Time At(int y, int m, int d, int hour) {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hour, 0, 0), time_util::ChinaTimeZone());
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<StatisticsStore> store_;
  absl::Time now_ = At(2022, 3, 1, 9);
};

TEST_F(StatisticsStoreTest, EnsureIndicatorsAddsOnlyWhatIsMissing) {
  absl::StatusOr<int> again = store_->EnsureIndicators(ShippedIndicators(), now_);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(*again, 0);
  absl::StatusOr<std::optional<Indicator>> i = store_->GetIndicator("reconsideration.received");
  ASSERT_TRUE(i.ok() && i->has_value());
  EXPECT_EQ((*i)->name, "行政复议案件受理数");
  EXPECT_EQ((*i)->version, 1);
  // A changed name survives a restart: shipped definitions only fill gaps.
  Indicator renamed = **i;
  renamed.name = "行政复议案件受理数（件）";
  renamed.version = 2;
  ASSERT_TRUE(store_->UpdateIndicator({"admin", "UpdateIndicator", ""}, renamed, 1).ok());
  ASSERT_TRUE(store_->EnsureIndicators(ShippedIndicators(), now_).ok());
  EXPECT_EQ((*store_->GetIndicator("reconsideration.received"))->name, renamed.name);
}

TEST_F(StatisticsStoreTest, WritesKeepEveryRevision) {
  PointKey key{"reconsideration.received", "jiyuan", "2021"};
  ASSERT_TRUE(Write({{key, 158}}, At(2022, 1, 10, 9)).ok());
  ASSERT_TRUE(Write({{key, 159}}, At(2022, 1, 12, 9)).ok());
  absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints({key});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->at(key).value, 159);
  EXPECT_EQ(stored->at(key).revision, 2);
  EXPECT_EQ(stored->at(key).updated_by, "sfj.clerk");
  absl::StatusOr<std::vector<RevisionRecord>> revisions = store_->ListRevisions(key, 0, 100);
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_FALSE((*revisions)[0].previous_value.has_value());
  EXPECT_EQ((*revisions)[0].value, 158);
  EXPECT_EQ((*revisions)[0].time, At(2022, 1, 10, 9));
  EXPECT_EQ((*revisions)[1].previous_value, 158);
  EXPECT_EQ((*revisions)[1].value, 159);
  EXPECT_EQ((*revisions)[1].request_id, "req-1");
  // A write based on a stale read is refused, not lost.
  StoredPoint first;
  first.value = 158;
  first.revision = 1;
  PointWrite stale{key, PeriodType::kYear, 160, first};
  absl::Status s = store_->WritePoints({stale}, "manual", {"x", "", ""}, "", "", now_, nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted) << s;
  EXPECT_EQ(store_->GetPoints({key})->at(key).value, 159);
  // So is one written as new when the figure is stored: ALREADY_EXISTS, and nothing of the write
  // lands (ImportTogether then reads the group and checks it again).
  PointKey fresh{"reconsideration.received", "jiyuan-kejing", "2021"};
  PointWrite as_new{key, PeriodType::kYear, 161, std::nullopt};
  PointWrite beside{fresh, PeriodType::kYear, 7, std::nullopt};
  const std::vector<PointWrite> writes{beside, as_new};
  const audit::AuditContext context{"sfj.clerk", "SubmitDataPoints", ""};
  ImportWrite group{&writes, "manual", &context, "", "", now_, nullptr};
  absl::StatusOr<std::vector<absl::Status>> written = store_->WriteImports({&group});
  EXPECT_EQ(written.status().code(), absl::StatusCode::kAlreadyExists) << written.status();
  EXPECT_EQ(store_->GetPoints({key})->at(key).value, 159);
  EXPECT_TRUE(store_->GetPoints({fresh})->empty());
  EXPECT_EQ(store_->ListRevisions(key, 0, 100)->size(), 2u);
}

TEST_F(StatisticsStoreTest, FiguresOfEveryYearAreKeptInTheirYearsPartition) {
  // Periods at each edge of MariaDB's partitions of a year (migration 0005): the first year a
  // period may name, the last before 2000, the first and last years with a partition of their
  // own, and the shared partition from 2050 to the last year a period may name.
  const std::vector<std::pair<std::string, std::string>> partition_of_period = {
      {"1949-01", "p_before_2000"}, {"1999H2", "p_before_2000"}, {"1999", "p_before_2000"},
      {"2000Q1", "p2000"},          {"2021-07", "p2021"},        {"2021", "p2021"},
      {"2049-12", "p2049"},         {"2050", "p_from_2050"},     {"2200-12", "p_from_2050"}};
  std::vector<std::pair<PointKey, int64_t>> figures;
  std::vector<PointKey> keys;
  std::vector<std::string> periods;
  for (size_t i = 0; i < partition_of_period.size(); ++i) {
    const std::string& period = partition_of_period[i].first;
    keys.push_back({"mediation.disputes", "jiyuan", period});
    figures.push_back({keys.back(), static_cast<int64_t>(100 + i)});
    periods.push_back(period);
  }
  ASSERT_TRUE(Write(figures, now_).ok());
  ASSERT_TRUE(Write({{keys[4], 700}}, now_ + absl::Hours(1)).ok());
  absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints(keys);
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(stored->at(keys[i]).value, i == 4 ? 700 : static_cast<int64_t>(100 + i))
        << std::get<2>(keys[i]);
  }
  absl::StatusOr<std::vector<RevisionRecord>> revisions = store_->ListRevisions(keys[4], 0, 10);
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[1].previous_value, 104);
  // Read across every partition at once, as a time series over the years reads.
  absl::StatusOr<std::vector<AggregateRow>> by_period =
      store_->Aggregate({"mediation.disputes"}, {"jiyuan"}, periods, false, GroupColumn::kPeriod);
  ASSERT_TRUE(by_period.ok()) << by_period.status();
  ASSERT_EQ(by_period->size(), periods.size());
  int64_t sum = 0;
  for (const AggregateRow& row : *by_period) sum += row.value;
  EXPECT_EQ(sum, 100 + 101 + 102 + 103 + 700 + 105 + 106 + 107 + 108);
  if (test_db_->backend() != "mysql") return;  // SQLite has no partitions.
  for (const auto& [period, partition] : partition_of_period) {
    for (const std::string table : {"data_points", "data_point_revisions"}) {
      absl::StatusOr<db::Result> r =
          test_db_->db().Execute(absl::StrCat("SELECT COUNT(*) FROM ", table, " PARTITION (",
                                              partition, ") WHERE period_key = ?"),
                                 {period});
      ASSERT_TRUE(r.ok()) << r.status();
      EXPECT_EQ(r->rows.at(0).Int(0), period == "2021-07" && table != "data_points" ? 2 : 1)
          << table << " " << period << " in " << partition;
    }
  }
}

// Migration 0005 moves a MariaDB database's stored figures and revisions into their years'
// partitions: nothing is lost, and later writes of the same figures find them.
TEST(StatisticsMigrationTest, StoredFiguresMoveIntoTheirYearsPartitions) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
  ASSERT_TRUE(t.ok()) << t.status();
  db::Database& database = (*t)->db();
  std::vector<db::Migration> before;  // all but 0005 (the audit log's are 900001 on)
  for (const db::Migration& m : audit::WithAuditLog(Migrations())) {
    if (m.version != 5) before.push_back(m);
  }
  ASSERT_TRUE(db::Migrate(database, before).ok());
  StatisticsStore store(&database);
  const absl::Time now = absl::FromUnixSeconds(1640995200);
  ASSERT_TRUE(store.EnsureIndicators(ShippedIndicators(), now).ok());
  const PointKey y1998{"mediation.disputes", "jiyuan", "1998"};
  const PointKey m2021{"mediation.disputes", "jiyuan", "2021-07"};
  const audit::AuditContext context{"sfj.clerk", "SubmitDataPoints", "req-1"};
  ASSERT_TRUE(store
                  .WritePoints({{y1998, PeriodType::kYear, 3, std::nullopt},
                                {m2021, PeriodType::kMonth, 8, std::nullopt}},
                               "manual", context, "", "", now, nullptr)
                  .ok());
  ASSERT_TRUE(db::Migrate(database, audit::WithAuditLog(Migrations())).ok());
  absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store.GetPoints({y1998, m2021});
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_EQ(stored->at(y1998).value, 3);
  // A revision on top of the moved figure.
  ASSERT_TRUE(store
                  .WritePoints({{m2021, PeriodType::kMonth, 9, stored->at(m2021)}}, "manual",
                               context, "", "", now + absl::Hours(1), nullptr)
                  .ok());
  EXPECT_EQ(store.GetPoints({m2021})->at(m2021).value, 9);
  EXPECT_EQ(store.ListRevisions(m2021, 0, 10)->size(), 2u);
  if ((*t)->backend() != "mysql") return;
  for (const auto& [partition, figures] :
       std::vector<std::pair<std::string, int64_t>>{{"p_before_2000", 1}, {"p2021", 1}}) {
    absl::StatusOr<db::Result> r = database.Execute(
        absl::StrCat("SELECT COUNT(*) FROM data_points PARTITION (", partition, ")"));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->rows.at(0).Int(0), figures) << partition;
  }
  absl::StatusOr<db::Result> revisions =
      database.Execute("SELECT COUNT(*) FROM data_point_revisions PARTITION (p2021)");
  ASSERT_TRUE(revisions.ok()) << revisions.status();
  EXPECT_EQ(revisions->rows.at(0).Int(0), 2);
}

TEST_F(StatisticsStoreTest, AnImportReceiptIsKeptAndARepeatedRequestIdWritesNothing) {
  PointKey key{"mediation.disputes", "jiyuan", "2021"};
  ASSERT_TRUE(Write({{key, 10067}}, now_, "batch-1").ok());
  absl::StatusOr<std::optional<std::string>> receipt = store_->FindImport("batch-1");
  ASSERT_TRUE(receipt.ok() && receipt->has_value());
  EXPECT_EQ(**receipt, "receipt-of-batch-1");
  EXPECT_FALSE(store_->FindImport("batch-2")->has_value());
  absl::Status again = Write({{key, 1}}, now_, "batch-1");
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  EXPECT_EQ(store_->GetPoints({key})->at(key).value, 10067);
  // A stream's receipt is recorded apart from its writes.
  ASSERT_TRUE(store_->RecordImport("stream-1", "receipt", "sfj.clerk", now_).ok());
  EXPECT_TRUE(store_->FindImport("stream-1")->has_value());
}

TEST_F(StatisticsStoreTest, AggregatesSumAndMaxOverMoreUnitsThanOneChunk) {
  // 1,200 villages: more than the 500 units one statement takes.
  std::vector<std::string> units;
  std::vector<std::pair<PointKey, int64_t>> figures;
  int64_t sum = 0;
  for (int i = 0; i < 1200; ++i) {
    units.push_back(absl::StrFormat("village-%04d", i));
    figures.push_back({{"mediation.disputes", units.back(), "2021"}, i + 1});
    figures.push_back({{"mediation.disputes", units.back(), "2020"}, 2});
    sum += i + 1;
  }
  ASSERT_TRUE(Write(figures, now_).ok());
  absl::StatusOr<std::vector<AggregateRow>> total =
      store_->Aggregate({"mediation.disputes"}, units, {"2021"}, false, GroupColumn::kNone);
  ASSERT_TRUE(total.ok()) << total.status();
  ASSERT_EQ(total->size(), 1u);
  EXPECT_EQ((*total)[0].value, sum);
  EXPECT_EQ((*total)[0].point_count, 1200);
  absl::StatusOr<std::vector<AggregateRow>> max =
      store_->Aggregate({"mediation.disputes"}, units, {"2021"}, true, GroupColumn::kNone);
  ASSERT_TRUE(max.ok());
  EXPECT_EQ((*max)[0].value, 1200);
  // Grouped by period, as the time series reads it.
  absl::StatusOr<std::vector<AggregateRow>> by_period = store_->Aggregate(
      {"mediation.disputes"}, units, {"2019", "2020", "2021"}, false, GroupColumn::kPeriod);
  ASSERT_TRUE(by_period.ok());
  ASSERT_EQ(by_period->size(), 2u);
  EXPECT_EQ((*by_period)[0].group, "2020");
  EXPECT_EQ((*by_period)[0].value, 2400);
  EXPECT_EQ((*by_period)[1].group, "2021");
  EXPECT_EQ((*by_period)[1].value, sum);
  // By department: one row per unit.
  absl::StatusOr<std::vector<AggregateRow>> by_unit = store_->Aggregate(
      {"mediation.disputes"}, units, {"2020", "2021"}, false, GroupColumn::kDepartment);
  ASSERT_TRUE(by_unit.ok());
  ASSERT_EQ(by_unit->size(), 1200u);
  EXPECT_EQ(by_unit->back().group, "village-1199");
  EXPECT_EQ(by_unit->back().value, 1202);
}

TEST_F(StatisticsStoreTest, LocksAreListedByPeriodUntilUnlocked) {
  PeriodLock lock;
  lock.id = "lock-1";
  lock.period_key = "2021";
  lock.department_id = "jiyuan";
  lock.reason = "2021年度报告已公开";
  lock.locked_by = "sfj.zhao";
  lock.lock_time = now_;
  ASSERT_TRUE(store_->CreateLock({"sfj.zhao", "LockPeriod", ""}, lock).ok());
  EXPECT_EQ(store_->ListLocks({"2021"}, false)->size(), 1u);
  EXPECT_TRUE(store_->ListLocks({"2020"}, false)->empty());
  PeriodLock unlocked = lock;
  unlocked.unlocked = true;
  unlocked.unlock_reason = "更正";
  unlocked.unlocked_by = "sfj.zhao";
  unlocked.unlock_time = now_ + absl::Hours(1);
  ASSERT_TRUE(store_->Unlock({"sfj.zhao", "UnlockPeriod", ""}, unlocked).ok());
  EXPECT_EQ(store_->Unlock({"sfj.zhao", "UnlockPeriod", ""}, unlocked).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(store_->ListLocks({"2021"}, false)->empty());
  absl::StatusOr<std::vector<PeriodLock>> all = store_->ListLocks({"2021"}, true);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE((*all)[0].unlocked);
  EXPECT_EQ((*all)[0].unlock_reason, "更正");
  EXPECT_EQ((*store_->GetLock("lock-1"))->unlock_time, now_ + absl::Hours(1));
}

TEST_F(StatisticsStoreTest, LockPagesCoverEveryLockOnceInLockTimeThenIdOrder) {
  // Seven locks on 2021, three sharing a microsecond (the id breaks the tie), one unlocked, and
  // one on 2020 that no 2021 page shows.
  const std::vector<std::pair<std::string, int>> locks = {
      {"lock-g", 0}, {"lock-c", 1}, {"lock-a", 1}, {"lock-b", 1},
      {"lock-f", 2}, {"lock-e", 3}, {"lock-d", 4}};
  for (const auto& [id, minutes] : locks) {
    PeriodLock lock;
    lock.id = id;
    lock.period_key = "2021";
    lock.department_id = "unit-" + id;
    lock.reason = "2021年度报告已公开";
    lock.locked_by = "sfj.zhao";
    lock.lock_time = now_ + absl::Minutes(minutes);
    ASSERT_TRUE(store_->CreateLock({"sfj.zhao", "LockPeriod", ""}, lock).ok());
  }
  PeriodLock other;
  other.id = "lock-2020";
  other.period_key = "2020";
  other.department_id = "jiyuan";
  other.reason = "2020";
  other.locked_by = "sfj.zhao";
  other.lock_time = now_;
  ASSERT_TRUE(store_->CreateLock({"sfj.zhao", "LockPeriod", ""}, other).ok());
  absl::StatusOr<std::optional<PeriodLock>> f = store_->GetLock("lock-f");
  ASSERT_TRUE(f.ok() && f->has_value());
  PeriodLock ended = **f;
  ended.unlocked = true;
  ended.unlock_reason = "更正";
  ended.unlocked_by = "sfj.zhao";
  ended.unlock_time = now_ + absl::Hours(1);
  ASSERT_TRUE(store_->Unlock({"sfj.zhao", "UnlockPeriod", ""}, ended).ok());

  auto walk = [&](bool include_unlocked) {
    std::vector<std::string> ids;
    std::optional<LockCursor> after;
    for (int page = 0; page < 10; ++page) {
      absl::StatusOr<std::vector<PeriodLock>> got =
          store_->ListLocksPage("2021", include_unlocked, after, 2);
      EXPECT_TRUE(got.ok()) << got.status();
      if (!got.ok() || got->empty()) break;
      EXPECT_LE(got->size(), 2u);
      for (const PeriodLock& l : *got) ids.push_back(l.id);
      after = LockCursor{got->back().lock_time, got->back().id};
    }
    return ids;
  };
  EXPECT_EQ(walk(true), (std::vector<std::string>{"lock-g", "lock-a", "lock-b", "lock-c", "lock-f",
                                                  "lock-e", "lock-d"}));
  EXPECT_EQ(walk(false),
            (std::vector<std::string>{"lock-g", "lock-a", "lock-b", "lock-c", "lock-e", "lock-d"}));
  // A cursor in the middle of the tie resumes after it.
  absl::StatusOr<std::vector<PeriodLock>> rest =
      store_->ListLocksPage("2021", true, LockCursor{now_ + absl::Minutes(1), "lock-a"}, 2);
  ASSERT_TRUE(rest.ok()) << rest.status();
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[0].id, "lock-b");
  EXPECT_EQ((*rest)[1].id, "lock-c");
  EXPECT_EQ((*rest)[1].department_id, "unit-lock-c");
  EXPECT_EQ((*rest)[1].lock_time, now_ + absl::Minutes(1));
}

TEST_F(StatisticsStoreTest, ExportPagesInIndicatorThenUnitOrderAcrossChunks) {
  std::vector<std::string> units;
  std::vector<std::pair<PointKey, int64_t>> figures;
  for (int i = 0; i < 700; ++i) units.push_back(absl::StrFormat("village-%04d", 699 - i));
  for (const std::string& u : units) {
    figures.push_back({{"mediation.successful", u, "2021"}, 1});
    figures.push_back({{"mediation.disputes", u, "2021"}, 2});
  }
  figures.push_back({{"mediation.disputes", "village-0001", "2020"}, 9});  // another period
  ASSERT_TRUE(Write(figures, now_).ok());
  std::vector<std::pair<std::string, std::string>> seen;
  std::pair<std::string, std::string> after{"", ""};
  for (int page = 0; page < 10; ++page) {
    absl::StatusOr<std::vector<ExportRow>> rows =
        store_->ListPointsForExport("2021", units, {}, after, 300);
    ASSERT_TRUE(rows.ok()) << rows.status();
    if (rows->empty()) break;
    for (const auto& r : *rows) seen.emplace_back(r.indicator_code, r.department_id);
    after = seen.back();
  }
  ASSERT_EQ(seen.size(), 1400u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.front(),
            std::make_pair(std::string("mediation.disputes"), std::string("village-0000")));
  // Only the indicators asked for.
  absl::StatusOr<std::vector<ExportRow>> one =
      store_->ListPointsForExport("2021", units, {"mediation.successful"}, {"", ""}, 1000);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 700u);
}

TEST_F(StatisticsStoreTest, ObligationsAreSetOncePerIndicatorKindAndPeriodType) {
  audit::AuditContext admin{"admin", "SetReportingObligation", ""};
  ASSERT_TRUE(store_->SetObligation(admin, {"mediation.disputes", 3, PeriodType::kYear, 31}).ok());
  ASSERT_TRUE(store_->SetObligation(admin, {"mediation.disputes", 3, PeriodType::kYear, 20}).ok());
  ASSERT_TRUE(store_->SetObligation(admin, {"mediation.disputes", 4, PeriodType::kYear, 31}).ok());
  absl::StatusOr<std::vector<Obligation>> all = store_->ListObligations("");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].due_days, 20);
  EXPECT_EQ((*all)[1].department_kind, 4);
}

TEST_F(StatisticsStoreTest, FirstReceiptIsTheEarliestRevisionAndLatenessFollowsIt) {
  // 克井镇 reports on time and corrects it later; 大峪镇 only after the due date; 坡头镇 never.
  ASSERT_TRUE(Write({{{"mediation.disputes", "jiyuan-kejing", "2021"}, 310},
                     {{"mediation.successful", "jiyuan-kejing", "2021"}, 300}},
                    At(2022, 1, 20, 10))
                  .ok());
  ASSERT_TRUE(
      Write({{{"mediation.disputes", "jiyuan-kejing", "2021"}, 311}}, At(2022, 2, 20, 10)).ok());
  ASSERT_TRUE(Write({{{"mediation.disputes", "jiyuan-dayu", "2021"}, 90}}, At(2022, 2, 1, 0)).ok());
  // Another period and an indicator nobody owes do not count.
  ASSERT_TRUE(
      Write({{{"mediation.disputes", "jiyuan-potou", "2020"}, 80}}, At(2021, 1, 5, 10)).ok());
  ASSERT_TRUE(
      Write({{{"mediation.court_referred", "jiyuan-potou", "2021"}, 8}}, At(2022, 1, 5, 10)).ok());
  std::vector<std::string> towns{"jiyuan-kejing", "jiyuan-dayu", "jiyuan-potou"};
  absl::StatusOr<FirstReceipts> receipts =
      store_->FindFirstReceipts("2021", {"mediation.disputes", "mediation.successful"}, towns);
  ASSERT_TRUE(receipts.ok()) << receipts.status();
  ASSERT_EQ(receipts->size(), 3u);
  EXPECT_EQ(receipts->at({"jiyuan-kejing", "mediation.disputes"}), At(2022, 1, 20, 10));
  EXPECT_EQ(receipts->at({"jiyuan-dayu", "mediation.disputes"}), At(2022, 2, 1, 0));
  EXPECT_EQ(receipts->count({"jiyuan-potou", "mediation.disputes"}), 0u);

  std::vector<Unit> units;
  for (const std::string& id : towns) units.push_back(Unit{id, "jiyuan", 3, true, ""});
  std::map<int, std::vector<ExpectedFigure>> by_kind{
      {3, {{"mediation.disputes", 31}, {"mediation.successful", 31}}}};
  Completeness c = JudgeCompleteness({PeriodType::kYear, 2021, 0}, units, by_kind, *receipts,
                                     absl::CivilDay(2022, 3, 1));
  EXPECT_EQ(c.expected, 6);
  EXPECT_EQ(c.received, 3);
  EXPECT_EQ(c.on_time, 2);
  EXPECT_EQ(c.late, 1);  // 大峪镇, at midnight after the due day
  EXPECT_EQ(c.missing, 3);
  ASSERT_EQ(c.units.size(), 3u);
  EXPECT_EQ(c.units[2].department_id, "jiyuan-potou");
  EXPECT_EQ(c.units[2].missing_indicators,
            (std::vector<std::string>{"mediation.disputes", "mediation.successful"}));
}

TEST_F(StatisticsStoreTest, FirstReceiptsChunkOverManyUnits) {
  std::vector<std::string> units;
  std::vector<std::pair<PointKey, int64_t>> figures;
  for (int i = 0; i < 1100; ++i) {
    units.push_back(absl::StrFormat("village-%04d", i));
    if (i % 2 == 0) figures.push_back({{"mediation.disputes", units.back(), "2021Q4"}, 1});
  }
  ASSERT_TRUE(Write(figures, now_).ok());
  absl::StatusOr<FirstReceipts> receipts =
      store_->FindFirstReceipts("2021Q4", {"mediation.disputes"}, units);
  ASSERT_TRUE(receipts.ok()) << receipts.status();
  EXPECT_EQ(receipts->size(), 550u);
  EXPECT_TRUE(store_->FindFirstReceipts("2021Q4", {}, units)->empty());
}

// Batches of new points through the bulk path: on MariaDB, LOAD DATA from memory on a raw session
// (min_bulk_rows 1 here, so small batches take it too); on SQLite the same behaviour holds for
// its INSERT path. `inserts_` takes every batch through the prepared INSERTs, for comparison.
class StatisticsStoreBulkTest : public StatisticsStoreTest {
 protected:
  void SetUp() override {
    StatisticsStoreTest::SetUp();
    store_ = std::make_unique<StatisticsStore>(&test_db_->db(), 1);
    inserts_ = std::make_unique<StatisticsStore>(&test_db_->db(), SIZE_MAX);
  }

  int64_t Count(const std::string& table) {
    absl::StatusOr<db::Result> r = test_db_->db().Execute("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->rows.at(0).Int(0) : -1;
  }

  // n new points of the first shipped indicators for units unit-0..., year 2021.
  static std::vector<PointWrite> NewWrites(int n, const std::string& unit_prefix = "unit-") {
    std::vector<PointWrite> writes;
    for (int i = 0; i < n; ++i) {
      const std::string& code = ShippedIndicators()[i % 5].code;
      writes.push_back(PointWrite{PointKey{code, absl::StrCat(unit_prefix, i / 5), "2021"},
                                  PeriodType::kYear, int64_t{1000003} * i, std::nullopt});
    }
    return writes;
  }

  static std::vector<PointKey> Keys(const std::vector<PointWrite>& writes) {
    std::vector<PointKey> keys;
    for (const PointWrite& w : writes) keys.push_back(w.key);
    return keys;
  }

  audit::AuditContext context_{"sfj.clerk", "IngestDataPoints", "req-7"};
  std::unique_ptr<StatisticsStore> inserts_;
};

TEST_F(StatisticsStoreBulkTest, ABatchLandsWholeWithItsRevisionsAndReceipt) {
  EXPECT_EQ(test_db_->db().bulk() != nullptr, test_db_->backend() == "mysql");
  std::vector<PointWrite> writes = NewWrites(250);
  // Values at the edges of BIGINT come back exact.
  writes[1].value = INT64_MAX;
  writes[2].value = INT64_MIN;
  writes[3].value = -1;
  ASSERT_TRUE(
      store_->WritePoints(writes, "csv", context_, "bulk-1", "receipt-of-bulk-1", now_, nullptr)
          .ok());
  EXPECT_EQ(Count("data_points"), 250);
  EXPECT_EQ(Count("data_point_revisions"), 250);
  absl::StatusOr<std::optional<std::string>> receipt = store_->FindImport("bulk-1");
  ASSERT_TRUE(receipt.ok() && receipt->has_value());
  EXPECT_EQ(**receipt, "receipt-of-bulk-1");
  absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints(Keys(writes));
  ASSERT_TRUE(stored.ok()) << stored.status();
  ASSERT_EQ(stored->size(), 250u);
  for (const PointWrite& w : writes) {
    const StoredPoint& p = stored->at(w.key);
    EXPECT_EQ(p.value, w.value);
    EXPECT_EQ(p.revision, 1);
    EXPECT_EQ(p.source, "csv");
    EXPECT_EQ(p.updated_by, "sfj.clerk");
    EXPECT_EQ(p.update_time, now_);
  }
  absl::StatusOr<std::vector<RevisionRecord>> revisions =
      store_->ListRevisions(writes[1].key, 0, 10);
  ASSERT_TRUE(revisions.ok()) << revisions.status();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].revision, 1);
  EXPECT_FALSE((*revisions)[0].previous_value.has_value());
  EXPECT_EQ((*revisions)[0].value, INT64_MAX);
  EXPECT_EQ((*revisions)[0].actor, "sfj.clerk");
  EXPECT_EQ((*revisions)[0].time, now_);
  EXPECT_EQ((*revisions)[0].request_id, "req-7");
  EXPECT_EQ((*revisions)[0].source, "csv");
}

TEST_F(StatisticsStoreBulkTest, AStreamBatchIsRolledBackWhenItsTurnToCommitIsRefused) {
  // Both paths, a batch the size of a stream's and one of the last few rows.
  for (StatisticsStore* store : {store_.get(), inserts_.get()}) {
    for (int rows : {200, 10}) {
      int began = 0;
      BatchOrder order{[&] { ++began; },
                       [] { return absl::UnavailableError("the batch before failed"); }};
      absl::Status s =
          store->WriteStreamBatch(NewWrites(rows), "stream", context_, now_, order, nullptr);
      EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
      EXPECT_EQ(began, 1);
      EXPECT_EQ(Count("data_points"), 0);
      EXPECT_EQ(Count("data_point_revisions"), 0);
    }
  }
  // Allowed, the same batch lands whole.
  BatchOrder order{[] {}, [] { return absl::OkStatus(); }};
  ASSERT_TRUE(
      store_->WriteStreamBatch(NewWrites(200), "stream", context_, now_, order, nullptr).ok());
  EXPECT_EQ(Count("data_points"), 200);
  EXPECT_EQ(Count("data_point_revisions"), 200);
}

TEST_F(StatisticsStoreBulkTest, TwoStreamBatchesAreWrittenSideBySideOnMariadbAndCommitInOrder) {
  if (test_db_->backend() != "mysql") {
    // SQLite has one writer: a stream writes one batch at a time.
    EXPECT_EQ(store_->StreamWritesAtOnce(), 1);
    return;
  }
  ASSERT_EQ(store_->StreamWritesAtOnce(), 2);
  for (StatisticsStore* store : {store_.get(), inserts_.get()}) {
    const std::string prefix = store == store_.get() ? "bulk-" : "insert-";
    const int64_t before = Count("data_points");
    // The first batch holds its transaction open until told; the second is written meanwhile,
    // in its own transaction, and commits after the first.
    std::promise<void> first_began, second_written, first_may_commit;
    std::future<absl::Status> first = std::async(std::launch::async, [&] {
      BatchOrder order{[&] { first_began.set_value(); },
                       [&] {
                         first_may_commit.get_future().wait();
                         return absl::OkStatus();
                       }};
      return store->WriteStreamBatch(NewWrites(200, prefix + "a-"), "stream", context_, now_, order,
                                     nullptr);
    });
    first_began.get_future().wait();
    std::shared_future<absl::Status> first_done = first.share();
    std::future<absl::Status> second = std::async(std::launch::async, [&] {
      BatchOrder order{[] {},
                       [&] {
                         second_written.set_value();
                         return first_done.get();
                       }};
      return store->WriteStreamBatch(NewWrites(200, prefix + "b-"), "stream", context_, now_, order,
                                     nullptr);
    });
    // Both batches' rows are written, neither committed.
    second_written.get_future().wait();
    EXPECT_EQ(Count("data_points"), before);
    first_may_commit.set_value();
    EXPECT_TRUE(second.get().ok());
    EXPECT_TRUE(first_done.get().ok());
    EXPECT_EQ(Count("data_points"), before + 400);
    EXPECT_EQ(Count("data_point_revisions"), before + 400);
  }
}

TEST_F(StatisticsStoreBulkTest, ADuplicateKeyRollsTheWholeBatchBackWithTheInsertPathsError) {
  std::vector<PointWrite> first = NewWrites(10);
  ASSERT_TRUE(store_->WritePoints(first, "csv", context_, "", "", now_, nullptr).ok());
  // 200 new points, one of which is already stored (as a stream that lost track would send it).
  std::vector<PointWrite> batch = NewWrites(200, "other-");
  batch[150] = first[7];
  absl::Status s = store_->WritePoints(batch, "csv", context_, "dup-1", "receipt", now_, nullptr);
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
  if (test_db_->backend() == "mysql") {
    // Refused by the check after LOAD DATA, which only warned.
    EXPECT_TRUE(absl::StrContains(s.message(), "load data into data_points (199 of 200")) << s;
  }
  absl::Status by_insert =
      inserts_->WritePoints(batch, "csv", context_, "dup-2", "receipt", now_, nullptr);
  EXPECT_EQ(s.code(), by_insert.code()) << by_insert;
  EXPECT_EQ(Count("data_points"), 10);
  EXPECT_EQ(Count("data_point_revisions"), 10);
  EXPECT_EQ(Count("imports"), 0);
  EXPECT_EQ(store_->GetPoints({first[7].key})->at(first[7].key).value, first[7].value);
}

TEST_F(StatisticsStoreBulkTest, ARowTheDatabaseRefusesRollsTheWholeBatchBack) {
  std::vector<PointWrite> batch = NewWrites(200);
  // A row each database refuses: on SQLite the foreign key refuses the unknown indicator; on
  // MariaDB, whose partitioned tables hold no foreign key (migration 0005), the unit id longer
  // than its column (LOAD DATA LOCAL only warns, and cuts the id or skips the row).
  std::get<0>(batch[120].key) = "no.such.indicator";
  std::get<1>(batch[120].key) = std::string(64, 'u');
  absl::Status s =
      store_->WritePoints(batch, "csv", context_, "refused-1", "receipt", now_, nullptr);
  EXPECT_FALSE(s.ok());
  if (test_db_->backend() == "mysql") {
    EXPECT_TRUE(absl::StrContains(s.message(), "load data into data_points")) << s;
  }
  absl::Status by_insert =
      inserts_->WritePoints(batch, "csv", context_, "refused-2", "receipt", now_, nullptr);
  EXPECT_EQ(s.code(), by_insert.code()) << s << " / " << by_insert;
  EXPECT_EQ(Count("data_points"), 0);
  EXPECT_EQ(Count("data_point_revisions"), 0);
  EXPECT_EQ(Count("imports"), 0);
  // The same batch without the bad row then lands whole.
  batch.erase(batch.begin() + 120);
  ASSERT_TRUE(
      store_->WritePoints(batch, "csv", context_, "refused-1", "receipt", now_, nullptr).ok());
  EXPECT_EQ(Count("data_points"), 199);
  EXPECT_EQ(Count("data_point_revisions"), 199);
}

TEST_F(StatisticsStoreBulkTest, AReplayedRequestIdWritesNothingTwice) {
  std::vector<PointWrite> batch = NewWrites(150);
  ASSERT_TRUE(
      store_->WritePoints(batch, "csv", context_, "replay-1", "receipt-1", now_, nullptr).ok());
  absl::Status again =
      store_->WritePoints(batch, "csv", context_, "replay-1", "receipt-2", now_, nullptr);
  EXPECT_EQ(again.code(), absl::StatusCode::kAlreadyExists) << again;
  // Other points under the same request id are refused by the receipt before they are written.
  absl::Status other = store_->WritePoints(NewWrites(150, "x-"), "csv", context_, "replay-1",
                                           "receipt-3", now_, nullptr);
  EXPECT_EQ(other.code(), absl::StatusCode::kAlreadyExists) << other;
  EXPECT_EQ(Count("data_points"), 150);
  EXPECT_EQ(Count("data_point_revisions"), 150);
  EXPECT_EQ(**store_->FindImport("replay-1"), "receipt-1");
}

TEST_F(StatisticsStoreBulkTest, HostileTextRoundTripsExactly) {
  // Every byte LOAD DATA's text format treats specially, inside unit ids, the actor, the
  // request id and the source; and Chinese text, four-byte UTF-8 included.
  const std::vector<std::string> units = {"tab\there",    "new\nline", "cr\rreturn",
                                          "back\\slash",  "\\N",       "\\",
                                          "ends\\",       "ctrl\x1az", std::string("nul\0byte", 8),
                                          "济源市司法局", "𠀀𠀁",      "quote'\"`",
                                          "trailing  ",   "",          "\\t\\n",
                                          "a\tb\nc\\d"};
  std::vector<PointWrite> writes;
  for (size_t i = 0; i < units.size(); ++i) {
    writes.push_back(PointWrite{PointKey{"reconsideration.received", units[i], "2021"},
                                PeriodType::kYear, static_cast<int64_t>(i), std::nullopt});
  }
  audit::AuditContext context{"审核员\t甲\\N", "IngestDataPoints", "请求\n1\\"};
  const std::string source = "导入\t\\N\n";
  ASSERT_TRUE(store_->WritePoints(writes, source, context, "", "", now_, nullptr).ok());
  absl::StatusOr<db::Result> r =
      test_db_->db().Execute("SELECT department_id, value FROM data_points ORDER BY value");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), units.size());
  for (size_t i = 0; i < units.size(); ++i) {
    EXPECT_EQ(r->rows[i].Text(0), units[i]) << i;
    EXPECT_EQ(r->rows[i].Int(1), static_cast<int64_t>(i));
  }
  absl::StatusOr<std::vector<RevisionRecord>> revisions =
      store_->ListRevisions(writes[9].key, 0, 10);
  ASSERT_TRUE(revisions.ok()) << revisions.status();
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].actor, context.actor);
  EXPECT_EQ((*revisions)[0].request_id, context.request_id);
  EXPECT_EQ((*revisions)[0].source, source);
  absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints({writes[0].key});
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->at(writes[0].key).updated_by, context.actor);
  EXPECT_EQ(stored->at(writes[0].key).source, source);
}

}  // namespace
}  // namespace fazhi::statistics

// Small imports written at the same time share one transaction (StatisticsStore's write batcher),
// on SQLite and MariaDB: each import still gets its own answer, its own columns (who, when,
// which request) and its own lock check; a batch that fails as a whole is written import by
// import, and nothing is lost or doubled.

#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/store/statistics_store.h"
#include "tests/support/test_database.h"

namespace fazhi::statistics {
namespace {

using time_util::PeriodType;

constexpr char kCode[] = "reconsideration.received";

PointKey Key(const std::string& unit, const std::string& period) { return {kCode, unit, period}; }

// One import as the store sees it, run on its own thread.
struct Import {
  std::string actor;
  std::vector<PointWrite> writes;
  std::string request_id;
  std::optional<LockCheck> lock_check;
  absl::Status answer = absl::UnknownError("not run");
};

class StatisticsBatchingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<StatisticsStore>(&test_db_->db());
    // One batch at a time, so what queues behind the first import is one batch (the batcher's own
    // test covers batches running side by side).
    store_->set_batching(64, 1);
    ASSERT_TRUE(store_->EnsureIndicators(ShippedIndicators(), now_).ok());
  }

  absl::Status Run(Import& import) {
    audit::AuditContext context{import.actor, "SubmitDataPoints", "call-of-" + import.actor};
    return store_->WritePoints(import.writes, "manual", context, import.request_id,
                               "receipt-of-" + import.request_id, now_,
                               import.lock_check ? &*import.lock_check : nullptr);
  }

  // 济源市 locks 2020, its annual report published.
  absl::Status Lock2020() {
    PeriodLock lock;
    lock.id = "lock-2020";
    lock.period_key = "2020";
    lock.department_id = "jiyuan";
    lock.reason = "2020年度报告已公开";
    lock.locked_by = "sfj.zhao";
    lock.lock_time = now_;
    return store_->CreateLock({"sfj.zhao", "LockPeriod", ""}, lock);
  }

  // A lock check like the import use case's: refused when any lock is active on its periods.
  static LockCheck RefuseIfLocked(std::vector<std::string> periods) {
    return LockCheck{std::move(periods), [](const std::vector<PeriodLock>& active) {
                       return active.empty() ? absl::OkStatus()
                                             : absl::FailedPreconditionError(absl::StrCat(
                                                   "period ", active[0].period_key, " is locked"));
                     }};
  }

  // Runs imports[0] first and holds its transaction (in its lock check) until every other import
  // is queued behind it, so they are written as one batch after it.
  void RunQueuedBehindTheFirst(std::vector<Import>& imports) {
    absl::Notification leading;
    std::atomic<bool> all_queued{false};
    const int64_t others = static_cast<int64_t>(imports.size()) - 1;
    imports[0].lock_check = LockCheck{{"2021"}, [&](const std::vector<PeriodLock>&) {
                                        leading.Notify();
                                        absl::Time give_up = absl::Now() + absl::Seconds(20);
                                        while (store_->write_batch_stats().waiting < others) {
                                          if (absl::Now() > give_up) {
                                            return absl::DeadlineExceededError("never queued");
                                          }
                                          absl::SleepFor(absl::Milliseconds(1));
                                        }
                                        all_queued = true;
                                        return absl::OkStatus();
                                      }};
    std::vector<std::thread> threads;
    threads.emplace_back([&] { imports[0].answer = Run(imports[0]); });
    leading.WaitForNotification();
    for (size_t i = 1; i < imports.size(); ++i) {
      threads.emplace_back([&, i] { imports[i].answer = Run(imports[i]); });
    }
    for (auto& t : threads) t.join();
    ASSERT_TRUE(all_queued) << imports[0].answer;
  }

  Import NewPoint(const std::string& unit, int64_t value) {
    return Import{unit + ".clerk", {PointWrite{Key(unit, "2021"), PeriodType::kYear, value, {}}}};
  }

  Import Update(const std::string& unit, const std::string& actor, int64_t value) {
    StoredPoint stored = store_->GetPoints({Key(unit, "2021")})->at(Key(unit, "2021"));
    return Import{actor, {PointWrite{Key(unit, "2021"), PeriodType::kYear, value, stored}}};
  }

  int64_t Count(const std::string& table) {
    absl::StatusOr<db::Result> r =
        test_db_->db().Execute(absl::StrCat("SELECT COUNT(*) FROM ", table));
    EXPECT_TRUE(r.ok()) << r.status();
    return r.ok() ? r->rows[0].Int(0) : -1;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<StatisticsStore> store_;
  absl::Time now_ = absl::FromUnixSeconds(1646096400);  // 2022-03-01 09:00 in China
};

TEST_F(StatisticsBatchingTest, ImportsQueuedTogetherShareATransactionEachWithItsOwnAnswer) {
  ASSERT_TRUE(Lock2020().ok());
  Import first = NewPoint("gongan", 7);
  ASSERT_TRUE(Run(first).ok());
  db::BatcherStats before = store_->write_batch_stats();

  std::vector<Import> imports;
  imports.push_back(NewPoint("sfj", 158));
  for (const char* unit : {"mzj", "sthjj", "zrzyj"}) {
    imports.push_back(NewPoint(unit, 10));
    imports.back().lock_check = RefuseIfLocked({"2021"});
  }
  Import locked{"wsj.clerk", {PointWrite{Key("wsj", "2020"), PeriodType::kYear, 3, {}}}};
  locked.lock_check = RefuseIfLocked({"2020"});
  imports.push_back(locked);
  imports.push_back(Update("gongan", "gongan.chief", 8));
  imports.back().request_id = "correction-1";
  RunQueuedBehindTheFirst(imports);

  for (size_t i = 0; i < imports.size(); ++i) {
    if (i == 4) {
      EXPECT_EQ(imports[i].answer, absl::FailedPreconditionError("period 2020 is locked"));
    } else {
      EXPECT_TRUE(imports[i].answer.ok()) << i << ": " << imports[i].answer;
    }
  }
  db::BatcherStats after = store_->write_batch_stats();
  EXPECT_EQ(after.batches - before.batches, 2);  // the first, then the six queued behind it
  EXPECT_EQ(after.calls - before.calls, 6);
  EXPECT_EQ(after.failed_batches, 0);

  // Each import's rows carry its own actor and request, not the batch leader's.
  for (const char* unit : {"sfj", "mzj", "sthjj", "zrzyj"}) {
    absl::StatusOr<std::map<PointKey, StoredPoint>> stored = store_->GetPoints({Key(unit, "2021")});
    ASSERT_TRUE(stored.ok() && stored->count(Key(unit, "2021"))) << unit;
    EXPECT_EQ(stored->at(Key(unit, "2021")).updated_by, absl::StrCat(unit, ".clerk"));
    EXPECT_EQ(stored->at(Key(unit, "2021")).revision, 1);
    std::vector<RevisionRecord> revisions = *store_->ListRevisions(Key(unit, "2021"), 0, 10);
    ASSERT_EQ(revisions.size(), 1u);
    EXPECT_EQ(revisions[0].actor, absl::StrCat(unit, ".clerk"));
    EXPECT_EQ(revisions[0].request_id, absl::StrCat("call-of-", unit, ".clerk"));
  }
  EXPECT_EQ(store_->GetPoints({Key("sfj", "2021")})->at(Key("sfj", "2021")).value, 158);
  EXPECT_TRUE(store_->GetPoints({Key("wsj", "2020")})->empty());
  StoredPoint corrected = store_->GetPoints({Key("gongan", "2021")})->at(Key("gongan", "2021"));
  EXPECT_EQ(corrected.value, 8);
  EXPECT_EQ(corrected.revision, 2);
  EXPECT_EQ(corrected.updated_by, "gongan.chief");
  std::vector<RevisionRecord> revisions = *store_->ListRevisions(Key("gongan", "2021"), 0, 10);
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[1].previous_value, 7);
  EXPECT_EQ(revisions[1].actor, "gongan.chief");
  EXPECT_EQ(**store_->FindImport("correction-1"), "receipt-of-correction-1");
  EXPECT_EQ(Count("data_points"), 5);  // gongan, sfj, mzj, sthjj, zrzyj; not wsj
  EXPECT_EQ(Count("data_point_revisions"), 6);
}

TEST_F(StatisticsBatchingTest, ABatchThatFailsIsWrittenImportByImportLosingAndDoublingNothing) {
  Import replayed = NewPoint("gongan", 7);
  replayed.request_id = "batch-1";
  ASSERT_TRUE(Run(replayed).ok());

  std::vector<Import> imports;
  imports.push_back(NewPoint("sfj", 158));
  imports.push_back(NewPoint("mzj", 1));  // the same request again: refused, writes nothing
  imports.back().request_id = "batch-1";
  imports.push_back(NewPoint("sthjj", 2));
  // Two corrections of the same stored figure from the same revision: one wins.
  imports.push_back(Update("gongan", "gongan.a", 40));
  imports.push_back(Update("gongan", "gongan.b", 50));
  imports.push_back(NewPoint("zrzyj", 3));
  RunQueuedBehindTheFirst(imports);

  EXPECT_TRUE(imports[0].answer.ok()) << imports[0].answer;
  EXPECT_EQ(imports[1].answer.code(), absl::StatusCode::kAlreadyExists) << imports[1].answer;
  EXPECT_TRUE(imports[2].answer.ok()) << imports[2].answer;
  EXPECT_TRUE(imports[5].answer.ok()) << imports[5].answer;
  ASSERT_NE(imports[3].answer.ok(), imports[4].answer.ok())
      << imports[3].answer << " / " << imports[4].answer;
  const Import& winner = imports[3].answer.ok() ? imports[3] : imports[4];
  const Import& loser = imports[3].answer.ok() ? imports[4] : imports[3];
  EXPECT_EQ(loser.answer.code(), absl::StatusCode::kAborted) << loser.answer;
  EXPECT_EQ(store_->write_batch_stats().failed_batches, 1);

  StoredPoint corrected = store_->GetPoints({Key("gongan", "2021")})->at(Key("gongan", "2021"));
  EXPECT_EQ(corrected.value, winner.writes[0].value);
  EXPECT_EQ(corrected.updated_by, winner.actor);
  EXPECT_EQ(corrected.revision, 2);
  EXPECT_TRUE(store_->GetPoints({Key("mzj", "2021")})->empty());
  for (const char* unit : {"sfj", "sthjj", "zrzyj"}) {
    EXPECT_EQ(store_->ListRevisions(Key(unit, "2021"), 0, 10)->size(), 1u) << unit;
  }
  EXPECT_EQ(Count("data_points"), 4);  // gongan, sfj, sthjj, zrzyj
  EXPECT_EQ(Count("data_point_revisions"), 5);
  EXPECT_EQ(Count("imports"), 1);
}

TEST_F(StatisticsBatchingTest, ReadsMadeAtTheSameTimeEachGetOnlyTheirOwnFigures) {
  Import sfj = NewPoint("sfj", 158);
  Import mzj = NewPoint("mzj", 12);
  ASSERT_TRUE(Run(sfj).ok());
  ASSERT_TRUE(Run(mzj).ok());
  // Sixteen readers at once, so reads queue behind each other and are answered from one
  // statement; each must see exactly the keys it asked for.
  const std::vector<std::vector<PointKey>> asks = {{Key("sfj", "2021")},
                                                   {Key("mzj", "2021")},
                                                   {Key("gongan", "2021")},
                                                   {Key("sfj", "2021"), Key("mzj", "2021")}};
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 20; ++round) {
        const std::vector<PointKey>& keys = asks[(t + round) % asks.size()];
        absl::StatusOr<std::map<PointKey, StoredPoint>> found = store_->GetPoints(keys);
        std::map<PointKey, int64_t> values;
        if (found.ok()) {
          for (const auto& [key, point] : *found) values[key] = point.value;
        }
        std::map<PointKey, int64_t> expected;
        for (const PointKey& key : keys) {
          if (std::get<1>(key) == "sfj") expected[key] = 158;
          if (std::get<1>(key) == "mzj") expected[key] = 12;
        }
        if (!found.ok() || values != expected) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(store_->read_batch_stats().calls, 16 * 20);
  EXPECT_EQ(store_->read_batch_stats().failed_batches, 0);
}

TEST_F(StatisticsBatchingTest,
       ImportsWrittenTogetherDirectlyAreAnsweredEachAndTheirReceiptsReadInOne) {
  // WriteImports as ImportPoints::ImportTogether calls it, without the batcher: a refused lock
  // check leaves its import out; the others land with their own receipts.
  ASSERT_TRUE(Lock2020().ok());
  std::vector<PointWrite> sfj{PointWrite{Key("sfj", "2021"), PeriodType::kYear, 158, {}}};
  std::vector<PointWrite> wsj{PointWrite{Key("wsj", "2020"), PeriodType::kYear, 3, {}}};
  audit::AuditContext sfj_call{"sfj.clerk", "SubmitDataPoints", "call-1"};
  audit::AuditContext wsj_call{"wsj.clerk", "SubmitDataPoints", "call-2"};
  LockCheck open = RefuseIfLocked({"2021"});
  LockCheck locked = RefuseIfLocked({"2020"});
  ImportWrite first{&sfj, "manual", &sfj_call, "sfj-1", "receipt-sfj-1", now_, &open};
  ImportWrite second{&wsj, "manual", &wsj_call, "wsj-1", "receipt-wsj-1", now_, &locked};
  absl::StatusOr<std::vector<absl::Status>> answers = store_->WriteImports({&first, &second});
  ASSERT_TRUE(answers.ok()) << answers.status();
  EXPECT_THAT(*answers, ::testing::ElementsAre(absl::OkStatus(), absl::FailedPreconditionError(
                                                                     "period 2020 is locked")));
  EXPECT_EQ(Count("data_points"), 1);
  EXPECT_EQ(Count("imports"), 1);

  absl::StatusOr<std::map<std::string, std::string>> receipts =
      store_->FindImports({"sfj-1", "wsj-1", "never-sent"});
  ASSERT_TRUE(receipts.ok()) << receipts.status();
  EXPECT_EQ(*receipts, (std::map<std::string, std::string>{{"sfj-1", "receipt-sfj-1"}}));

  // The same request again in a group: the group fails as a whole, writing nothing.
  std::vector<PointWrite> mzj{PointWrite{Key("mzj", "2021"), PeriodType::kYear, 12, {}}};
  ImportWrite again{&sfj, "manual", &sfj_call, "sfj-1", "receipt-again", now_, &open};
  ImportWrite other{&mzj, "manual", &sfj_call, "", "", now_, &open};
  EXPECT_EQ(store_->WriteImports({&other, &again}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("data_points"), 1);
  EXPECT_EQ(Count("data_point_revisions"), 1);
}

}  // namespace
}  // namespace fazhi::statistics

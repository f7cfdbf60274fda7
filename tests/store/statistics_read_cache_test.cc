// The statistics service's kept copies of the catalogue and the validation rules, on SQLite and
// MariaDB: a write through the stores is seen by the next read at once, a write made around them
// (another replica) only after the time to live, and imports over the real stores see a new rule,
// a changed indicator and a new period lock at the very next call, with the copies warm. The
// locks are checked inside the write's own transaction; the ones kept in memory are used only at
// the lock epoch they were read at, so a lock made through another replica is seen at once, and a
// lock change waits for a write that has already checked its locks.

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/import_points.h"
#include "services/statistics/store/rule_store.h"
#include "services/statistics/store/statistics_store.h"
#include "tests/support/statistics_app_support.h"
#include "tests/support/test_database.h"

namespace fazhi::statistics {
namespace {

using time_util::PeriodType;

constexpr char kKejing[] = "jiyuan-kejing";

using FakeUnits = testing::FlatJiyuanUnits;

// Receipts are not what these tests look at.
class NoReceipts : public ReceiptCodec {
 public:
  std::string Encode(const ImportResult&) const override { return ""; }
  absl::StatusOr<ImportResult> Decode(absl::string_view) const override { return ImportResult(); }
};

// A yearly rule the shipped ones do not have: disputes may not exceed successful mediations.
ValidationRule DisputesWithinSuccessful(absl::Time now) {
  ValidationRule r;
  r.id = "disputes-within-successful";
  r.name = "纠纷数不应超过成功数";
  r.left = "mediation.disputes";
  r.comparison = Comparison::kLe;
  r.right = "mediation.successful";
  r.importance = RuleImportance::kLow;
  r.period_type = PeriodType::kYear;
  r.create_time = r.update_time = now;
  r.version = 1;
  return r;
}

class StatisticsReadCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<StatisticsStore>(&test_db_->db());
    rules_ = std::make_unique<RuleStore>(&test_db_->db());
    // Long enough that nothing ages out during a test: what is seen is what was invalidated.
    store_->set_catalogue_cache_ttl(absl::Hours(1));
    store_->set_lock_cache_ttl(absl::Hours(1));
    rules_->set_rule_cache_ttl(absl::Hours(1));
    ASSERT_TRUE(store_->EnsureIndicators(ShippedIndicators(), now_).ok());
    ASSERT_TRUE(rules_->EnsureRules(ShippedRules(), now_).ok());
    imports_ = std::make_unique<ImportPoints>(store_.get(), rules_.get(), &units_, &receipts_);
  }

  // What another replica's write looks like to this process: straight to the database.
  void WriteAround(const std::string& sql) {
    absl::StatusOr<db::Result> r = test_db_->db().Execute(sql);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  Indicator Catalogued(const std::string& code) {
    absl::StatusOr<std::map<std::string, Indicator>> got = store_->GetIndicators({code});
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() && got->count(code) ? got->at(code) : Indicator();
  }

  absl::StatusOr<ImportResult> Submit(const std::string& code, int64_t value) {
    PointInput p{code, kKejing, time_util::Period{PeriodType::kYear, 2021, 0}, value, 0};
    return imports_->Import(::fazhi::testing::AdminCaller("admin", "SubmitDataPoints", now_),
                            ImportSettings{"", "manual"}, {p}, {}, "points");
  }

  int64_t Stored(const std::string& code) {
    PointKey key{code, kKejing, "2021"};
    absl::StatusOr<std::map<PointKey, StoredPoint>> got = store_->GetPoints({key});
    EXPECT_TRUE(got.ok()) << got.status();
    return got.ok() && got->count(key) ? got->at(key).value : -1;
  }

  // Writes one new 2021 figure through store with a check that records the active locks it is
  // given and refuses the write if there are any.
  absl::Status WriteChecked(StatisticsStore& store, const std::string& code,
                            std::vector<std::string>* seen) {
    PointKey key{code, kKejing, "2021"};
    std::vector<PointWrite> writes{{key, PeriodType::kYear, 812, std::nullopt}};
    seen->clear();
    LockCheck check{{"2021"}, [&](const std::vector<PeriodLock>& active) {
                      for (const PeriodLock& l : active) seen->push_back(l.id);
                      return active.empty() ? absl::OkStatus()
                                            : absl::FailedPreconditionError("locked");
                    }};
    return store.WritePoints(writes, "manual", context_, "", "", now_, &check);
  }

  PeriodLock Lifted(const std::string& id) {
    PeriodLock l = Lock(id);
    l.unlock_reason = "更正";
    l.unlocked_by = "wang.wu";
    l.unlock_time = now_;
    return l;
  }

  PeriodLock Lock(const std::string& id) {
    PeriodLock l;
    l.id = id;
    l.period_key = "2021";
    l.department_id = "jiyuan";
    l.reason = "年报已定稿";
    l.locked_by = "wang.wu";
    l.lock_time = now_;
    return l;
  }

  const absl::Time now_ =
      absl::FromCivil(absl::CivilSecond(2022, 3, 1, 9, 0, 0), time_util::ChinaTimeZone());
  const audit::AuditContext context_{"sfj.zhao", "test", "req-1"};
  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<StatisticsStore> store_;
  std::unique_ptr<RuleStore> rules_;
  FakeUnits units_;
  NoReceipts receipts_;
  std::unique_ptr<ImportPoints> imports_;
};

TEST_F(StatisticsReadCacheTest, CatalogueWritesThroughTheStoreAreSeenAtOnce) {
  EXPECT_EQ(Catalogued("mediation.disputes").name, "人民调解矛盾纠纷数");
  // Kept: a change made around the store is not read again within the time to live...
  WriteAround("UPDATE indicators SET name = 'elsewhere' WHERE code = 'mediation.disputes'");
  EXPECT_EQ(Catalogued("mediation.disputes").name, "人民调解矛盾纠纷数");
  // ...but one made through it is, at the next read.
  Indicator changed = Catalogued("mediation.disputes");
  changed.name = "矛盾纠纷数";
  changed.period_types = {PeriodType::kYear};
  changed.version = 2;
  ASSERT_TRUE(store_->UpdateIndicator(context_, changed, 1).ok());
  Indicator seen = Catalogued("mediation.disputes");
  EXPECT_EQ(seen.name, "矛盾纠纷数");
  EXPECT_EQ(seen.version, 2);
  EXPECT_EQ(seen.period_types, std::set<PeriodType>{PeriodType::kYear});

  // An unknown code is kept as unknown, until it is created here.
  Indicator rate = ::fazhi::testing::SuccessRateIndicator();
  EXPECT_TRUE(store_->GetIndicators({rate.code})->empty());
  rate.create_time = rate.update_time = now_;
  rate.version = 1;
  ASSERT_TRUE(store_->CreateIndicator(context_, rate).ok());
  EXPECT_EQ(Catalogued(rate.code).name, "调解成功率");
}

TEST_F(StatisticsReadCacheTest, RuleWritesThroughTheStoreAreSeenAtOnce) {
  absl::StatusOr<std::vector<ValidationRule>> yearly = rules_->ListForPeriodType(PeriodType::kYear);
  ASSERT_TRUE(yearly.ok()) << yearly.status();
  const size_t shipped = yearly->size();
  ASSERT_GT(shipped, 0u);
  WriteAround("DELETE FROM validation_rules WHERE id = 'mediation-successful-within-disputes'");
  EXPECT_EQ(rules_->ListForPeriodType(PeriodType::kYear)->size(), shipped);

  ValidationRule r = DisputesWithinSuccessful(now_);
  ASSERT_TRUE(rules_->Create(context_, r, "").ok());
  // Read again after the create: the rule deleted around the store is gone, the new one is there.
  yearly = rules_->ListForPeriodType(PeriodType::kYear);
  ASSERT_TRUE(yearly.ok());
  EXPECT_EQ(yearly->size(), shipped);
  int found = 0;
  for (const ValidationRule& y : *yearly) {
    if (y.id == r.id) ++found;
    EXPECT_NE(y.id, "mediation-successful-within-disputes");
  }
  EXPECT_EQ(found, 1);

  r.importance = RuleImportance::kHigh;
  r.version = 2;
  ASSERT_TRUE(rules_->Update(context_, r, 1).ok());
  // Held in a variable: a range-for over *ListForPeriodType(...) would iterate a vector the
  // temporary StatusOr has already destroyed (ASan: stack-use-after-scope).
  yearly = rules_->ListForPeriodType(PeriodType::kYear);
  ASSERT_TRUE(yearly.ok()) << yearly.status();
  found = 0;
  for (const ValidationRule& y : *yearly) {
    if (y.id != r.id) continue;
    ++found;
    EXPECT_EQ(y.importance, RuleImportance::kHigh);
  }
  EXPECT_EQ(found, 1);
}

TEST_F(StatisticsReadCacheTest, TheTimeToLiveBoundsWhatAnotherReplicasWriteLeavesUnseen) {
  StatisticsStore short_lived(&test_db_->db());
  short_lived.set_catalogue_cache_ttl(absl::Milliseconds(200));
  EXPECT_EQ(short_lived.GetIndicators({"mediation.disputes"})->at("mediation.disputes").name,
            "人民调解矛盾纠纷数");
  WriteAround("UPDATE indicators SET name = 'elsewhere' WHERE code = 'mediation.disputes'");
  absl::SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(short_lived.GetIndicators({"mediation.disputes"})->at("mediation.disputes").name,
            "elsewhere");

  // Off (the stores' default): every read goes to the database.
  StatisticsStore uncached(&test_db_->db());
  WriteAround("UPDATE indicators SET name = 'again' WHERE code = 'mediation.disputes'");
  EXPECT_EQ(uncached.GetIndicators({"mediation.disputes"})->at("mediation.disputes").name, "again");
}

TEST_F(StatisticsReadCacheTest, ImportsSeeNewRulesChangedIndicatorsAndLocksAtTheNextCall) {
  // Warms both copies: the catalogue entries and the yearly rules.
  absl::StatusOr<ImportResult> first = Submit("mediation.disputes", 812);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->created, 1);
  first = Submit("mediation.successful", 803);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->created, 1);
  EXPECT_TRUE(first->warnings.empty());

  // A rule created in this process applies to the very next call.
  ASSERT_TRUE(rules_->Create(context_, DisputesWithinSuccessful(now_), "").ok());
  absl::StatusOr<ImportResult> warned = Submit("mediation.disputes", 900);
  ASSERT_TRUE(warned.ok()) << warned.status();
  EXPECT_EQ(warned->updated, 1);
  ASSERT_EQ(warned->warnings.size(), 1u);
  EXPECT_EQ(warned->warnings[0].rule_id, "disputes-within-successful");
  EXPECT_EQ(warned->warnings[0].left, "900");
  EXPECT_EQ(warned->warnings[0].right, "803");

  // An indicator no longer reported yearly refuses a yearly figure at the next call.
  Indicator successful = Catalogued("mediation.successful");
  successful.period_types = {PeriodType::kMonth};
  successful.version = 2;
  ASSERT_TRUE(store_->UpdateIndicator(context_, successful, 1).ok());
  absl::StatusOr<ImportResult> refused = Submit("mediation.successful", 810);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_EQ(refused->rejected, 1);
  ASSERT_EQ(refused->rejected_rows.size(), 1u);
  EXPECT_EQ(refused->rejected_rows[0].reason,
            "'mediation.successful' is not reported for periods of this type (2021)");
  EXPECT_EQ(Stored("mediation.successful"), 803);

  // A lock, with every copy warm (the locks of 2021 too), refuses the next point.
  ASSERT_TRUE(store_->CreateLock(context_, Lock("lock-1")).ok());
  absl::StatusOr<ImportResult> locked = Submit("mediation.disputes", 950);
  ASSERT_TRUE(locked.ok()) << locked.status();
  EXPECT_EQ(locked->created + locked->updated + locked->unchanged, 0);
  EXPECT_EQ(locked->rejected, 1);
  ASSERT_EQ(locked->rejected_rows.size(), 1u);
  EXPECT_EQ(locked->rejected_rows[0].code, absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(locked->rejected_rows[0].reason,
            "2021 is locked for 'jiyuan-kejing' by lock 'lock-1'; a supervisor must unlock it "
            "first");
  EXPECT_EQ(Stored("mediation.disputes"), 900);
  // Even a figure equal to the stored one is refused, not counted unchanged.
  locked = Submit("mediation.disputes", 900);
  ASSERT_TRUE(locked.ok()) << locked.status();
  EXPECT_EQ(locked->unchanged, 0);
  EXPECT_EQ(locked->rejected, 1);

  // Unlocked, the same point lands.
  PeriodLock lifted = Lock("lock-1");
  lifted.unlock_reason = "更正";
  lifted.unlocked_by = "wang.wu";
  lifted.unlock_time = now_;
  ASSERT_TRUE(store_->Unlock(context_, lifted).ok());
  absl::StatusOr<ImportResult> landed = Submit("mediation.disputes", 950);
  ASSERT_TRUE(landed.ok()) << landed.status();
  EXPECT_EQ(landed->updated, 1);
  EXPECT_EQ(Stored("mediation.disputes"), 950);
}

TEST_F(StatisticsReadCacheTest, WritePointsReadsTheActiveLocksInItsOwnTransaction) {
  ASSERT_TRUE(store_->CreateLock(context_, Lock("lock-1")).ok());
  PeriodLock lifted = Lock("lock-0");
  ASSERT_TRUE(store_->CreateLock(context_, lifted).ok());
  lifted.unlock_reason = "更正";
  lifted.unlocked_by = "wang.wu";
  lifted.unlock_time = now_;
  ASSERT_TRUE(store_->Unlock(context_, lifted).ok());

  PointKey key{"mediation.disputes", kKejing, "2021"};
  std::vector<PointWrite> writes{{key, PeriodType::kYear, 812, std::nullopt}};
  std::vector<std::string> seen;
  LockCheck refuse{{"2021", "2020"}, [&](const std::vector<PeriodLock>& active) {
                     for (const PeriodLock& l : active) seen.push_back(l.id);
                     return absl::FailedPreconditionError("locked");
                   }};
  absl::Status s =
      store_->WritePoints(writes, "manual", context_, "req-1", "receipt", now_, &refuse);
  EXPECT_EQ(s, absl::FailedPreconditionError("locked"));
  EXPECT_EQ(seen, std::vector<std::string>{"lock-1"});
  // Rolled back: neither the point nor the receipt.
  EXPECT_TRUE(store_->GetPoints({key})->empty());
  EXPECT_FALSE(store_->FindImport("req-1")->has_value());

  LockCheck allow{{"2021"}, [](const std::vector<PeriodLock>&) { return absl::OkStatus(); }};
  ASSERT_TRUE(
      store_->WritePoints(writes, "manual", context_, "req-1", "receipt", now_, &allow).ok());
  EXPECT_EQ(store_->GetPoints({key})->at(key).value, 812);
}

TEST_F(StatisticsReadCacheTest, ALockChangedThroughAnotherReplicaIsSeenByTheNextWrite) {
  StatisticsStore other(&test_db_->db());
  std::vector<std::string> seen;
  // 2021's locks (none) are now kept here, for an hour.
  ASSERT_TRUE(WriteChecked(*store_, "mediation.disputes", &seen).ok());
  EXPECT_TRUE(seen.empty());

  ASSERT_TRUE(other.CreateLock(context_, Lock("lock-1")).ok());
  EXPECT_EQ(WriteChecked(*store_, "mediation.successful", &seen),
            absl::FailedPreconditionError("locked"));
  EXPECT_EQ(seen, std::vector<std::string>{"lock-1"});
  EXPECT_EQ(Stored("mediation.successful"), -1);

  ASSERT_TRUE(other.Unlock(context_, Lifted("lock-1")).ok());
  ASSERT_TRUE(WriteChecked(*store_, "mediation.successful", &seen).ok());
  EXPECT_TRUE(seen.empty());
  EXPECT_EQ(Stored("mediation.successful"), 812);
}

TEST_F(StatisticsReadCacheTest, TheTimeToLiveBoundsWhatALockChangedAroundTheEpochLeavesUnseen) {
  StatisticsStore short_lived(&test_db_->db());
  short_lived.set_lock_cache_ttl(absl::Milliseconds(200));
  std::vector<std::string> seen;
  ASSERT_TRUE(WriteChecked(short_lived, "mediation.disputes", &seen).ok());
  // As a replica of an older release, or an UPDATE by hand, would: the epoch does not move.
  WriteAround(
      "INSERT INTO period_locks (id, period_key, department_id, reason, locked_by, lock_time_us, "
      "unlocked, unlock_reason, unlocked_by, unlock_time_us) "
      "VALUES ('lock-9', '2021', 'jiyuan', 'by hand', 'dba', 1, 0, '', '', 0)");
  absl::SleepFor(absl::Milliseconds(250));
  EXPECT_EQ(WriteChecked(short_lived, "mediation.successful", &seen),
            absl::FailedPreconditionError("locked"));
  EXPECT_EQ(seen, std::vector<std::string>{"lock-9"});

  // Off (the stores' default): every write reads its periods' locks.
  StatisticsStore uncached(&test_db_->db());
  EXPECT_EQ(WriteChecked(uncached, "mediation.successful", &seen),
            absl::FailedPreconditionError("locked"));
}

// The check and the commit of a write are one step for the locks: a lock made meanwhile, through
// this process or another, commits after the write and is seen by every write after it, whether
// the writer keeps locks or not, and whether it writes an import or a stream's batch (on MariaDB
// by INSERTs, or by LOAD DATA on a raw session). (Before the epoch, on MariaDB under READ
// COMMITTED, such a lock committed at once and the write landed in a period already locked; and
// until the sixteenth session a stream's batch did not check the locks in its transaction.)
TEST_F(StatisticsReadCacheTest, ALockChangeWaitsForAWriteThatHasCheckedItsLocks) {
  StatisticsStore uncached(&test_db_->db());
  StatisticsStore bulk(&test_db_->db(), /*min_bulk_rows=*/1);
  bulk.set_lock_cache_ttl(absl::Hours(1));
  StatisticsStore by_inserts(&test_db_->db(), /*min_bulk_rows=*/0);
  StatisticsStore other(&test_db_->db());
  struct Case {
    StatisticsStore* writer;
    bool stream;
    std::string code;
  };
  for (const Case& c :
       {Case{store_.get(), false, "mediation.disputes"},
        Case{&uncached, false, "mediation.successful"}, Case{&bulk, true, "audit.projects"},
        Case{&by_inserts, true, "audit.reports"}}) {
    SCOPED_TRACE(c.code);
    absl::Notification checked;
    absl::Notification lock_tried;
    std::atomic<bool> lock_done{false};
    absl::Status lock_status;
    std::thread locker([&] {
      checked.WaitForNotification();
      lock_tried.Notify();
      lock_status = other.CreateLock(context_, Lock("lock-" + c.code));
      lock_done = true;
    });
    PointKey key{c.code, kKejing, "2021"};
    std::vector<PointWrite> writes{{key, PeriodType::kYear, 812, std::nullopt}};
    bool done_during_check = true;
    LockCheck check{{"2021"}, [&](const std::vector<PeriodLock>& active) {
                      EXPECT_TRUE(active.empty());
                      checked.Notify();
                      lock_tried.WaitForNotification();
                      // The lock is being made now; it must wait for this write to commit.
                      absl::SleepFor(absl::Milliseconds(300));
                      done_during_check = lock_done;
                      return absl::OkStatus();
                    }};
    BatchOrder order{[] {}, [] { return absl::OkStatus(); }};
    absl::Status written =
        c.stream ? c.writer->WriteStreamBatch(writes, "stream", context_, now_, order, &check)
                 : c.writer->WritePoints(writes, "manual", context_, "", "", now_, &check);
    if (!checked.HasBeenNotified()) checked.Notify();  // the check never ran: let the locker go
    locker.join();
    ASSERT_TRUE(written.ok()) << written;
    EXPECT_FALSE(done_during_check) << "the lock committed while the write was between its check "
                                       "and its commit";
    ASSERT_TRUE(lock_status.ok()) << lock_status;
    EXPECT_EQ(Stored(c.code), 812);
    // And the write after the lock sees it, though the writer may have kept 2021's locks.
    std::vector<std::string> seen;
    EXPECT_EQ(WriteChecked(*c.writer, "mediation.court_referred", &seen),
              absl::FailedPreconditionError("locked"));
    EXPECT_EQ(seen, std::vector<std::string>{"lock-" + c.code});
    ASSERT_TRUE(other.Unlock(context_, Lifted("lock-" + c.code)).ok());
  }
}

// A stream starts its next batch once this one's began is called: only after its locks were
// checked (and on MariaDB the epoch is held), so no later batch reads the epoch first and waits,
// behind a lock change, for an earlier one that waits for it to commit.
TEST_F(StatisticsReadCacheTest, AStreamBatchLetsTheNextGoOnlyOnceItHasCheckedItsLocks) {
  StatisticsStore bulk(&test_db_->db(), /*min_bulk_rows=*/1);
  StatisticsStore by_inserts(&test_db_->db(), /*min_bulk_rows=*/0);
  struct Case {
    StatisticsStore* writer;
    std::string code;
  };
  for (const Case& c : {Case{&bulk, "audit.projects"}, Case{&by_inserts, "audit.reports"}}) {
    SCOPED_TRACE(c.code);
    std::vector<std::string> steps;
    LockCheck check{{"2021"}, [&](const std::vector<PeriodLock>&) {
                      steps.push_back("lock check");
                      return absl::OkStatus();
                    }};
    BatchOrder order{[&] { steps.push_back("began"); },
                     [&] {
                       steps.push_back("before commit");
                       return absl::OkStatus();
                     }};
    std::vector<PointWrite> writes{{{c.code, kKejing, "2021"}, PeriodType::kYear, 7, std::nullopt}};
    ASSERT_TRUE(c.writer->WriteStreamBatch(writes, "stream", context_, now_, order, &check).ok());
    EXPECT_EQ(steps, (std::vector<std::string>{"lock check", "began", "before commit"}));
    EXPECT_EQ(Stored(c.code), 7);
  }
}

// A stream's batch refused by its lock check writes nothing, on either path.
TEST_F(StatisticsReadCacheTest, AStreamBatchALockRefusesWritesNothing) {
  StatisticsStore bulk(&test_db_->db(), /*min_bulk_rows=*/1);
  StatisticsStore by_inserts(&test_db_->db(), /*min_bulk_rows=*/0);
  ASSERT_TRUE(store_->CreateLock(context_, Lock("lock-1")).ok());
  for (StatisticsStore* writer : {&bulk, &by_inserts}) {
    std::vector<PointWrite> writes;
    for (const std::string code : {"audit.projects", "audit.reports"}) {
      writes.push_back({{code, kKejing, "2021"}, PeriodType::kYear, 7, std::nullopt});
    }
    std::vector<std::string> seen;
    LockCheck refuse{{"2021"}, [&](const std::vector<PeriodLock>& active) {
                       for (const PeriodLock& l : active) seen.push_back(l.id);
                       return active.empty() ? absl::OkStatus() : absl::AbortedError("locked");
                     }};
    BatchOrder order{[] {}, [] { return absl::OkStatus(); }};
    EXPECT_EQ(writer->WriteStreamBatch(writes, "stream", context_, now_, order, &refuse),
              absl::AbortedError("locked"));
    EXPECT_EQ(seen, std::vector<std::string>{"lock-1"});
    EXPECT_EQ(Stored("audit.projects"), -1);
    EXPECT_EQ(Stored("audit.reports"), -1);
  }
}

}  // namespace
}  // namespace fazhi::statistics

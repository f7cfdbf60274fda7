// The import use cases (services/statistics/app) over in-memory fakes of the stores and the unit
// registry: no gRPC, no database. Figures are the seed report's 克井镇 mediation figures.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/time/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/import_points.h"
#include "services/statistics/app/ingest_session.h"
#include "tests/support/statistics_app_support.h"

namespace fazhi::statistics {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

constexpr char kKejing[] = "jiyuan-kejing";
constexpr char kWulongkou[] = "jiyuan-wulongkou";

class FakeImportStore : public ImportStore {
 public:
  FakeImportStore() {
    for (const Indicator& i : ShippedIndicators()) indicators_[i.code] = i;
  }

  absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) override {
    std::map<std::string, Indicator> out;
    for (const std::string& c : codes) {
      if (auto it = indicators_.find(c); it != indicators_.end()) out.insert(*it);
    }
    return out;
  }
  absl::StatusOr<std::map<PointKey, StoredPoint>> GetPoints(
      const std::vector<PointKey>& keys) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++point_reads_;
    std::map<PointKey, StoredPoint> out;
    for (const PointKey& k : keys) {
      if (auto it = points_.find(k); it != points_.end()) out.insert(*it);
    }
    return out;
  }
  absl::StatusOr<std::vector<PeriodLock>> ListLocks(const std::vector<std::string>& period_keys,
                                                    bool) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<PeriodLock> out;
    for (const PeriodLock& l : locks) {
      for (const std::string& k : period_keys) {
        if (l.period_key == k) out.push_back(l);
      }
    }
    return out;
  }
  absl::Status WritePoints(const std::vector<PointWrite>& writes, absl::string_view source,
                           const audit::AuditContext& context, absl::string_view request_id,
                           absl::string_view receipt, absl::Time now,
                           const LockCheck* lock_check) override {
    ImportWrite one{&writes, source, &context, request_id, receipt, now, lock_check};
    absl::StatusOr<std::vector<absl::Status>> answers = WriteImports({&one});
    if (!answers.ok()) return answers.status();
    return answers->front();
  }
  int StreamWritesAtOnce() const override { return writes_at_once; }
  // A stream's batch, numbered from 0 in the order they begin: it waits while its number is
  // held, fails (nothing written) if it is failing_batch, and otherwise commits once
  // before_commit allows, as WritePoints writes after lock_check.
  absl::Status WriteStreamBatch(const std::vector<PointWrite>& writes, absl::string_view source,
                                const audit::AuditContext& context, absl::Time now,
                                const BatchOrder& order, const LockCheck* lock_check) override {
    int number;
    {
      std::unique_lock<std::mutex> lock(mu_);
      number = batches_begun_++;
      order.began();
      released_.notify_all();
      released_.wait(lock, [&] { return !held_batches_.count(number); });
      if (number == failing_batch) return absl::UnavailableError("the database went away");
    }
    if (absl::Status s = order.before_commit(); !s.ok()) return s;
    if (absl::Status s = WritePoints(writes, source, context, "", "", now, lock_check); !s.ok()) {
      return s;
    }
    std::lock_guard<std::mutex> lock(mu_);
    committed_batches_.push_back(number);
    return absl::OkStatus();
  }
  // As the store does: each import's lock check inside the write; the whole group refused,
  // nothing written, by a receipt already taken, a new figure already stored or a revision that
  // moved.
  absl::StatusOr<std::vector<absl::Status>> WriteImports(
      const std::vector<const ImportWrite*>& imports) override {
    std::unique_lock<std::mutex> lock(mu_);
    released_.wait(lock, [&] { return !hold_writes_; });
    ++write_groups_;
    std::vector<absl::Status> answers(imports.size());
    std::set<std::string> requests;
    std::set<PointKey> keys;
    for (size_t i = 0; i < imports.size(); ++i) {
      const ImportWrite& in = *imports[i];
      if (in.lock_check != nullptr) {
        std::vector<PeriodLock> active;
        for (const PeriodLock& l : locks) {
          for (const std::string& k : in.lock_check->period_keys) {
            if (l.period_key == k) active.push_back(l);
          }
        }
        answers[i] = in.lock_check->allow(active);
        if (!answers[i].ok()) continue;
      }
      if (!in.request_id.empty() && (receipts_.count(std::string(in.request_id)) ||
                                     !requests.insert(std::string(in.request_id)).second)) {
        return absl::AlreadyExistsError("request id taken");
      }
      for (const PointWrite& w : *in.writes) {
        auto stored = points_.find(w.key);
        // As the table's unique key refuses it: a new figure stored already, or twice in a group.
        if (!w.previous && (stored != points_.end() || !keys.insert(w.key).second)) {
          return absl::AlreadyExistsError("figure stored");
        }
        bool moved = w.previous &&
                     (stored == points_.end() || stored->second.revision != w.previous->revision);
        if (moved || (w.previous && !keys.insert(w.key).second)) {
          return absl::AbortedError("figure moved");
        }
      }
    }
    for (size_t i = 0; i < imports.size(); ++i) {
      const ImportWrite& in = *imports[i];
      if (!answers[i].ok()) continue;
      for (const PointWrite& w : *in.writes) {
        StoredPoint& p = points_[w.key];
        p.value = w.value;
        ++p.revision;
        p.source = std::string(in.source);
        p.update_time = in.now;
        p.updated_by = in.context->actor;
      }
      if (!in.request_id.empty()) receipts_[std::string(in.request_id)] = std::string(in.receipt);
      ++write_calls_;
    }
    return answers;
  }
  absl::Status RecordImport(absl::string_view request_id, absl::string_view receipt,
                            absl::string_view, absl::Time) override {
    std::lock_guard<std::mutex> lock(mu_);
    receipts_[std::string(request_id)] = std::string(receipt);
    return absl::OkStatus();
  }
  absl::StatusOr<std::map<std::string, std::string>> FindImports(
      const std::vector<std::string>& request_ids) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::map<std::string, std::string> found;
    for (const std::string& id : request_ids) {
      if (auto it = receipts_.find(id); it != receipts_.end()) found.insert(*it);
    }
    return found;
  }
  absl::StatusOr<std::optional<std::string>> FindImport(absl::string_view request_id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = receipts_.find(std::string(request_id));
    if (it == receipts_.end()) return std::nullopt;
    return it->second;
  }

  // The stored value of (code, unit, 2021), or -1.
  int64_t Value(const std::string& code, const std::string& unit) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = points_.find(PointKey{code, unit, "2021"});
    return it == points_.end() ? -1 : it->second.value;
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(mu_);
    return points_.size();
  }
  int write_calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return write_calls_;
  }
  // Transactions: a group of imports written together counts once.
  int write_groups() {
    std::lock_guard<std::mutex> lock(mu_);
    return write_groups_;
  }
  // Reads of the stored figures (GetPoints).
  int point_reads() {
    std::lock_guard<std::mutex> lock(mu_);
    return point_reads_;
  }
  std::map<PointKey, StoredPoint> points() {
    std::lock_guard<std::mutex> lock(mu_);
    return points_;
  }

  // While held, a write waits (as a slow database would) until ReleaseWrites.
  void HoldWrites() {
    std::lock_guard<std::mutex> lock(mu_);
    hold_writes_ = true;
  }
  void ReleaseWrites() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      hold_writes_ = false;
    }
    released_.notify_all();
  }

  // Stream batches: held ones wait in WriteStreamBatch until released.
  void HoldBatch(int number) {
    std::lock_guard<std::mutex> lock(mu_);
    held_batches_.insert(number);
  }
  void ReleaseBatch(int number) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      held_batches_.erase(number);
    }
    released_.notify_all();
  }
  // Waits until count stream batches have begun; false after 10 s.
  bool AwaitBatchesBegun(int count) {
    std::unique_lock<std::mutex> lock(mu_);
    return released_.wait_for(lock, std::chrono::seconds(10),
                              [&] { return batches_begun_ >= count; });
  }
  std::vector<int> committed_batches() {
    std::lock_guard<std::mutex> lock(mu_);
    return committed_batches_;
  }
  // A lock committed by another writer while this store's callers run.
  void AddLock(PeriodLock lock) {
    std::lock_guard<std::mutex> guard(mu_);
    locks.push_back(std::move(lock));
  }

  std::vector<PeriodLock> locks;
  int writes_at_once = 1;
  int failing_batch = -1;

 private:
  std::map<std::string, Indicator> indicators_;
  std::mutex mu_;
  std::condition_variable released_;
  bool hold_writes_ = false;
  std::map<PointKey, StoredPoint> points_;
  std::map<std::string, std::string> receipts_;
  int write_calls_ = 0;
  int write_groups_ = 0;
  int point_reads_ = 0;
  int batches_begun_ = 0;
  std::set<int> held_batches_;
  std::vector<int> committed_batches_;
};

// The shipped rules, over the fake store's figures.
class FakeRuleSource : public RuleSource {
 public:
  explicit FakeRuleSource(FakeImportStore* store) : store_(store) {}
  absl::StatusOr<std::vector<ValidationRule>> ListForPeriodType(
      time_util::PeriodType type) override {
    std::vector<ValidationRule> out;
    for (const ValidationRule& r : ShippedRules()) {
      if (r.period_type == type) out.push_back(r);
    }
    return out;
  }
  absl::StatusOr<std::map<std::string, Values>> ReadValues(const std::vector<std::string>&,
                                                           const std::vector<std::string>& units,
                                                           absl::string_view period_key) override {
    if (on_read) on_read();
    std::map<std::string, Values> out;
    for (const auto& [key, point] : store_->points()) {
      const auto& [code, unit, period] = key;
      if (period == period_key && std::find(units.begin(), units.end(), unit) != units.end()) {
        out[unit][code] = point.value;
      }
    }
    return out;
  }

  // Called as each read starts.
  std::function<void()> on_read;

 private:
  FakeImportStore* store_;
};

using FakeUnits = testing::FlatJiyuanUnits;

// Keeps results in memory; the receipt is their index.
class FakeReceipts : public ReceiptCodec {
 public:
  std::string Encode(const ImportResult& result) const override {
    kept_.push_back(result);
    return absl::StrCat(kept_.size() - 1);
  }
  absl::StatusOr<ImportResult> Decode(absl::string_view receipt) const override {
    size_t i = 0;
    if (!absl::SimpleAtoi(receipt, &i) || i >= kept_.size()) {
      return absl::InternalError("bad receipt");
    }
    return kept_[i];
  }

 private:
  mutable std::vector<ImportResult> kept_;
};

PointInput Point(const std::string& code, const std::string& unit, int64_t value, int64_t row) {
  return PointInput{code, unit, time_util::Period{time_util::PeriodType::kYear, 2021, 0}, value,
                    row};
}

class StatisticsAppTest : public ::testing::Test {
 protected:
  Caller Clerk(const std::string& unit) {
    auth::Principal p;
    p.subject = "li.si";
    p.roles = {auth::Role::kClerk};
    p.department_id = unit;
    return Caller{audit::AuditContext{"li.si", "SubmitDataPoints", "req"}, p, Now()};
  }
  Caller Admin() { return ::fazhi::testing::AdminCaller("admin", "IngestDataPoints", Now()); }
  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2022, 1, 20, 10, 0, 0), time_util::ChinaTimeZone());
  }
  // 济源市's lock on 2021, the year's report final.
  static PeriodLock JiyuanLock2021() {
    PeriodLock lock;
    lock.id = "lock-1";
    lock.period_key = "2021";
    lock.department_id = "jiyuan";
    lock.reason = "年报已定稿";
    lock.locked_by = "wang.wu";
    return lock;
  }
  // The seed's 克井镇 figures: 812 disputes mediated, 803 successfully.
  static std::vector<PointInput> KejingMediation() {
    return {Point("mediation.disputes", kKejing, 812, 0),
            Point("mediation.successful", kKejing, 803, 1)};
  }

  FakeImportStore store_;
  FakeRuleSource rules_{&store_};
  FakeUnits units_;
  FakeReceipts receipts_;
  ImportPoints imports_{&store_, &rules_, &units_, &receipts_};
};

TEST_F(StatisticsAppTest, ClerkRowsForAnotherUnitAreRejectedAndTheRestLand) {
  std::vector<PointInput> points = KejingMediation();
  points.push_back(Point("mediation.disputes", kWulongkou, 596, 2));
  absl::StatusOr<ImportResult> result =
      imports_.Import(Clerk(kKejing), ImportSettings{"", "manual"}, points, {}, "points");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 2);
  EXPECT_EQ(result->rejected, 1);
  ASSERT_EQ(result->rejected_rows.size(), 1u);
  EXPECT_EQ(result->rejected_rows[0].index, 2);
  EXPECT_EQ(result->rejected_rows[0].field, "points[2].department_id");
  EXPECT_EQ(result->rejected_rows[0].reason,
            "you may not report figures for 'jiyuan-wulongkou'; only for your own unit");
  EXPECT_THAT(result->warnings, IsEmpty());
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), 803);
  EXPECT_EQ(store_.Value("mediation.disputes", kWulongkou), -1);
}

TEST_F(StatisticsAppTest, AllOrNothingWithOneBadRowWritesNothing) {
  std::vector<PointInput> points = KejingMediation();
  points.push_back(Point("mediation.disputes", kWulongkou, 596, 2));
  ImportSettings settings{"", "manual"};
  settings.all_or_nothing = true;
  absl::StatusOr<ImportResult> result =
      imports_.Import(Clerk(kKejing), settings, points, {}, "points");
  EXPECT_EQ(result.status(),
            absl::PermissionDeniedError(
                "points[2].department_id: you may not report figures for 'jiyuan-wulongkou'; "
                "only for your own unit (1 rows rejected; all-or-nothing: nothing was written)"));
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_EQ(store_.write_calls(), 0);
}

TEST_F(StatisticsAppTest, ReplayedRequestIdWritesNothingAndAnswersTheFirstSummary) {
  ImportSettings settings{"kejing-2021-mediation", "manual"};
  absl::StatusOr<ImportResult> first =
      imports_.Import(Clerk(kKejing), settings, KejingMediation(), {}, "points");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->created, 2);
  EXPECT_FALSE(first->replayed);

  // The same request id with other figures: the first answer, nothing written.
  std::vector<PointInput> changed = {Point("mediation.disputes", kKejing, 900, 0)};
  absl::StatusOr<ImportResult> again =
      imports_.Import(Clerk(kKejing), settings, changed, {}, "points");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->created, 2);
  EXPECT_EQ(again->updated, 0);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.write_calls(), 1);
}

TEST_F(StatisticsAppTest, DryRunWritesNothing) {
  ImportSettings settings{"dry", "manual"};
  settings.dry_run = true;
  absl::StatusOr<ImportResult> result =
      imports_.Import(Clerk(kKejing), settings, KejingMediation(), {}, "points");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->dry_run);
  EXPECT_EQ(result->created, 2);
  EXPECT_EQ(store_.size(), 0u);
  EXPECT_EQ(store_.write_calls(), 0);
  // Nor a receipt: the same request id later imports for real.
  settings.dry_run = false;
  result = imports_.Import(Clerk(kKejing), settings, KejingMediation(), {}, "points");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->replayed);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
}

TEST_F(StatisticsAppTest, LockedPeriodRefusesItsRows) {
  // 济源市's lock on 2021 covers 克井镇 below it.
  store_.locks.push_back(JiyuanLock2021());
  absl::StatusOr<ImportResult> result = imports_.Import(
      Clerk(kKejing), ImportSettings{"", "manual"}, KejingMediation(), {}, "points");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 0);
  EXPECT_EQ(result->rejected, 2);
  EXPECT_THAT(result->rejected_rows, ElementsAre(Field(&RowRejection::field, "points[0].period"),
                                                 Field(&RowRejection::field, "points[1].period")));
  EXPECT_EQ(result->rejected_rows[0].reason,
            "2021 is locked for 'jiyuan-kejing' by lock 'lock-1'; a supervisor must unlock it "
            "first");
  EXPECT_EQ(result->rejected_rows[0].code, absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(StatisticsAppTest, FiguresBreakingARuleAreStoredWithAWarning) {
  // More successful mediations than disputes: a slip the shipped rule catches.
  std::vector<PointInput> points = {Point("mediation.disputes", kKejing, 812, 0),
                                    Point("mediation.successful", kKejing, 830, 1)};
  absl::StatusOr<ImportResult> result =
      imports_.Import(Clerk(kKejing), ImportSettings{"", "manual"}, points, {}, "points");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 2);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0].rule_id, "mediation-successful-within-disputes");
  EXPECT_EQ(result->warnings[0].department_id, kKejing);
  EXPECT_EQ(result->warnings[0].left, "830");
  EXPECT_EQ(result->warnings[0].right, "812");
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), 830);
}

TEST_F(StatisticsAppTest, StreamBatchesLandAndAKeyRepeatedInALaterBatchIsRefused) {
  IngestSession session(&imports_, Admin());
  absl::StatusOr<bool> started = session.Start(ImportSettings{"", "manual"});
  ASSERT_TRUE(started.ok()) << started.status();
  ASSERT_TRUE(*started);
  // A first message of exactly one batch: 克井镇's disputes and 4,999 villages' figures.
  std::vector<PointInput> first = {Point("mediation.disputes", kKejing, 812, 0)};
  for (int i = 1; i < 5000; ++i) {
    first.push_back(Point("mediation.disputes", absl::StrFormat("jiyuan-village-%04d", i), i, 0));
  }
  ASSERT_TRUE(session.Add(std::move(first), 0, Now()).ok());
  // The second repeats 克井镇's disputes with another value, and adds its successful count.
  ASSERT_TRUE(session
                  .Add({Point("mediation.disputes", kKejing, 900, 0),
                        Point("mediation.successful", kKejing, 803, 0)},
                       0, Now())
                  .ok());
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 5001);
  EXPECT_EQ(result->rejected, 1);
  ASSERT_EQ(result->rejected_rows.size(), 1u);
  EXPECT_EQ(result->rejected_rows[0].index, 5000);
  EXPECT_EQ(result->rejected_rows[0].field, "points[5000]");
  EXPECT_EQ(result->rejected_rows[0].reason,
            "the same indicator, unit and period appears twice in this submission");
  EXPECT_EQ(store_.write_calls(), 2);  // one transaction a batch
  EXPECT_EQ(store_.size(), 5001u);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), 803);
  EXPECT_EQ(store_.Value("mediation.disputes", "jiyuan-village-4999"), 4999);
}

// The stream's keys past the first 1,000 are on disk here (65,536 in the service): a key repeated
// from the first batch or from the middle of the stream is refused all the same.
TEST_F(StatisticsAppTest, AStreamRefusesARepeatedKeyItsMemoryHasSpilledToDisk) {
  IngestSession session(&imports_, Admin(), kDefaultMaxAllOrNothingStreamBytes,
                        spill::FingerprintSetOptions{"", 1000});
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  auto village = [](int i) { return absl::StrFormat("jiyuan-village-%04d", i); };
  std::vector<PointInput> points;
  for (int i = 0; i < 5000; ++i) points.push_back(Point("mediation.disputes", village(i), i, 0));
  ASSERT_TRUE(session.Add(std::move(points), 0, Now()).ok());  // the first batch
  points.clear();
  for (int i = 5000; i < 9000; ++i) {
    points.push_back(Point("mediation.disputes", village(i), i, 0));
  }
  // Rows 9000 to 9002: two repeats (rows 0 and 4321, by now in runs on disk) and one new key.
  points.push_back(Point("mediation.disputes", village(0), 1, 0));
  points.push_back(Point("mediation.disputes", village(4321), 2, 0));
  points.push_back(Point("mediation.successful", village(0), 0, 0));
  ASSERT_TRUE(session.Add(std::move(points), 0, Now()).ok());
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 9001);
  EXPECT_EQ(result->rejected, 2);
  ASSERT_EQ(result->rejected_rows.size(), 2u);
  EXPECT_EQ(result->rejected_rows[0].field, "points[9000]");
  EXPECT_EQ(result->rejected_rows[1].field, "points[9001]");
  EXPECT_EQ(result->rejected_rows[1].reason,
            "the same indicator, unit and period appears twice in this submission");
  EXPECT_EQ(store_.Value("mediation.disputes", village(0)), 0);
  EXPECT_EQ(store_.Value("mediation.disputes", village(4321)), 4321);
  EXPECT_EQ(store_.Value("mediation.successful", village(0)), 0);
}

// A stream whose scratch space fails ends with that error instead of letting a repeat through.
TEST_F(StatisticsAppTest, AStreamWhoseScratchSpaceFailsEndsWithTheError) {
  IngestSession session(&imports_, Admin(), kDefaultMaxAllOrNothingStreamBytes,
                        spill::FingerprintSetOptions{"/nonexistent/fazhi-scratch", 1000});
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  std::vector<PointInput> points;
  for (int i = 0; i < 5000; ++i) {
    points.push_back(Point("mediation.disputes", absl::StrFormat("jiyuan-village-%04d", i), i, 0));
  }
  absl::Status added = session.Add(std::move(points), 0, Now());
  EXPECT_EQ(added.code(), absl::StatusCode::kInternal) << added;
  EXPECT_EQ(store_.size(), 0u);
}

TEST_F(StatisticsAppTest, StreamRulesSeeThePreviousBatchWhileItIsStillBeingWritten) {
  IngestSession session(&imports_, Admin());
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  // The first batch's write does not finish until the second batch's rules have read the store,
  // so they can only know 克井镇's 812 disputes from the batch in flight.
  store_.HoldWrites();
  int reads = 0;
  rules_.on_read = [&] {
    if (++reads == 2) store_.ReleaseWrites();
  };
  std::vector<PointInput> first = {Point("mediation.disputes", kKejing, 812, 0)};
  for (int i = 1; i < 5000; ++i) {
    first.push_back(Point("mediation.disputes", absl::StrFormat("jiyuan-village-%04d", i), i, 0));
  }
  ASSERT_TRUE(session.Add(std::move(first), 0, Now()).ok());
  EXPECT_EQ(store_.size(), 0u);  // still being written
  // More successful mediations than disputes, across the two batches.
  std::vector<PointInput> second = {Point("mediation.successful", kKejing, 830, 0)};
  for (int i = 1; i < 5000; ++i) {
    second.push_back(
        Point("mediation.successful", absl::StrFormat("jiyuan-village-%04d", i), 0, 0));
  }
  ASSERT_TRUE(session.Add(std::move(second), 0, Now()).ok());
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(reads, 2);
  EXPECT_EQ(result->created, 10000);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0].rule_id, "mediation-successful-within-disputes");
  EXPECT_EQ(result->warnings[0].department_id, kKejing);
  EXPECT_EQ(result->warnings[0].left, "830");
  EXPECT_EQ(result->warnings[0].right, "812");
  EXPECT_EQ(store_.write_calls(), 2);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), 830);
}

// One batch of 5,000 of code's figures: unit's, then villages'.
std::vector<PointInput> StreamBatch(const std::string& code, const std::string& unit,
                                    int64_t value) {
  std::vector<PointInput> batch = {Point(code, unit, value, 0)};
  for (int i = 1; i < 5000; ++i) {
    batch.push_back(Point(code, absl::StrFormat("jiyuan-village-%04d", i), i, 0));
  }
  return batch;
}

// Streams two batches into a store that writes two at once, the first one's write held, and
// returns once both writes have begun.
void StartTwoWritesTheFirstHeld(FakeImportStore& store, IngestSession& session, absl::Time now) {
  store.writes_at_once = 2;
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  store.HoldBatch(0);
  ASSERT_TRUE(session.Add(StreamBatch("mediation.disputes", kKejing, 812), 0, now).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.successful", kKejing, 803), 0, now).ok());
  ASSERT_TRUE(store.AwaitBatchesBegun(2));
}

TEST_F(StatisticsAppTest, StreamBatchesWrittenSideBySideCommitInStreamOrder) {
  IngestSession session(&imports_, Admin());
  // The second batch is written beside the held first one, and must not commit first.
  ASSERT_NO_FATAL_FAILURE(StartTwoWritesTheFirstHeld(store_, session, Now()));
  EXPECT_EQ(store_.size(), 0u);
  // A third batch waits for the first write to end: at most two at once.
  std::thread third([&] {
    EXPECT_TRUE(session.Add(StreamBatch("mediation.court_referred", kKejing, 100), 0, Now()).ok());
  });
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(store_.committed_batches(), std::vector<int>{});
  store_.ReleaseBatch(0);
  third.join();
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->created, 15000);
  EXPECT_EQ(store_.committed_batches(), (std::vector<int>{0, 1, 2}));
  EXPECT_EQ(store_.size(), 15000u);
  EXPECT_EQ(store_.Value("mediation.court_referred", kKejing), 100);
}

TEST_F(StatisticsAppTest, AFailedStreamBatchLeavesTheOneWrittenBesideItUnwritten) {
  store_.failing_batch = 0;
  IngestSession session(&imports_, Admin());
  // The second batch's rows are written in its transaction; it waits to commit after the first,
  // which fails once released.
  ASSERT_NO_FATAL_FAILURE(StartTwoWritesTheFirstHeld(store_, session, Now()));
  store_.ReleaseBatch(0);
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(store_.committed_batches(), std::vector<int>{});
  EXPECT_EQ(store_.size(), 0u);
}

// A batch is checked against the locks read before it; a lock committed after that check must
// still stop its write (the write checks the locks again in its transaction).
TEST_F(StatisticsAppTest, ALockTakenWhileAStreamBatchIsWrittenStopsTheStreamAtThatBatch) {
  store_.HoldBatch(1);
  IngestSession session(&imports_, Admin());
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.disputes", kKejing, 812), 0, Now()).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.successful", kKejing, 803), 0, Now()).ok());
  // The second batch has been checked (no lock then) and its write has begun.
  ASSERT_TRUE(store_.AwaitBatchesBegun(2));
  store_.AddLock(JiyuanLock2021());
  store_.ReleaseBatch(1);
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::AllOf(::testing::HasSubstr("period 2021 of unit jiyuan was locked (lock "
                                                    "lock-1)"),
                               ::testing::HasSubstr("the stream's earlier batches are stored")));
  EXPECT_EQ(store_.committed_batches(), std::vector<int>{0});
  EXPECT_EQ(store_.size(), 5000u);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), -1);
}

// An all-or-nothing stream holds its writes until its end: a lock committed after its batches
// were checked refuses the one write, and nothing of the stream is stored.
TEST_F(StatisticsAppTest, ALockTakenBeforeAnAllOrNothingStreamEndsLeavesItUnwritten) {
  IngestSession session(&imports_, Admin());
  ImportSettings settings{"stream-1", "manual"};
  settings.all_or_nothing = true;
  ASSERT_TRUE(session.Start(settings).ok());
  // Two whole batches: each is checked as its message completes it, before the lock.
  ASSERT_TRUE(session.Add(StreamBatch("mediation.disputes", kKejing, 812), 0, Now()).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.successful", kKejing, 803), 0, Now()).ok());
  store_.AddLock(JiyuanLock2021());
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kAborted);
  EXPECT_THAT(std::string(result.status().message()),
              ::testing::HasSubstr("nothing of the stream was written"));
  EXPECT_EQ(store_.size(), 0u);
  // No receipt either: the stream sent again is checked afresh, not answered as a replay.
  IngestSession again(&imports_, Admin());
  absl::StatusOr<bool> started = again.Start(settings);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_TRUE(*started);
}

TEST_F(StatisticsAppTest, StreamRulesSeeEveryBatchStillBeingWritten) {
  store_.writes_at_once = 2;
  IngestSession session(&imports_, Admin());
  ASSERT_TRUE(session.Start(ImportSettings{"", "manual"}).ok());
  // 克井镇's disputes are in the first batch, its successful mediations in the third; both
  // earlier writes are held until the third batch's rules have read the store.
  store_.HoldBatch(0);
  store_.HoldBatch(1);
  int reads = 0;
  rules_.on_read = [&] {
    if (++reads == 3) {
      store_.ReleaseBatch(0);
      store_.ReleaseBatch(1);
    }
  };
  ASSERT_TRUE(session.Add(StreamBatch("mediation.disputes", kKejing, 812), 0, Now()).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.court_referred", kKejing, 100), 0, Now()).ok());
  ASSERT_TRUE(session.Add(StreamBatch("mediation.successful", kKejing, 830), 0, Now()).ok());
  absl::StatusOr<ImportResult> result = session.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(reads, 3);
  EXPECT_EQ(result->created, 15000);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0].rule_id, "mediation-successful-within-disputes");
  EXPECT_EQ(result->warnings[0].left, "830");
  EXPECT_EQ(result->warnings[0].right, "812");
}

TEST_F(StatisticsAppTest, ReplayedStreamReadsNoFurtherAndWritesNothing) {
  ImportSettings settings{"kejing-stream", "manual"};
  {
    IngestSession session(&imports_, Clerk(kKejing));
    ASSERT_TRUE(*session.Start(settings));
    ASSERT_TRUE(session.Add(KejingMediation(), 0, Now()).ok());
    ASSERT_TRUE(session.End(Now()).ok());
  }
  IngestSession again(&imports_, Clerk(kKejing));
  absl::StatusOr<bool> started = again.Start(settings);
  ASSERT_TRUE(started.ok()) << started.status();
  EXPECT_FALSE(*started);
  absl::StatusOr<ImportResult> result = again.End(Now());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->replayed);
  EXPECT_EQ(result->created, 2);
  EXPECT_EQ(store_.write_calls(), 1);
}

// Imports made at the same time, checked and written together (ImportTogether): each gets the
// answer Import would give it, and everything written goes in one transaction.
TEST_F(StatisticsAppTest, ImportsMadeTogetherAreWrittenInOneTransactionEachWithItsOwnAnswer) {
  // Made before: its request id is then replayed in the group.
  ASSERT_TRUE(imports_
                  .Import(Clerk(kWulongkou), ImportSettings{"wulongkou-1", "manual"},
                          {Point("mediation.disputes", kWulongkou, 596, 0)}, {}, "points")
                  .ok());
  const int groups_before = store_.write_groups();

  GroupedImport kejing{Clerk(kKejing), ImportSettings{"kejing-1", "manual"}, KejingMediation()};
  // A clerk of 克井镇 reporting for 五龙口镇: refused row by row, the refusal audited as the
  // clerk's own.
  std::vector<std::string> refusals;
  GroupedImport denied{Clerk(kKejing),
                       ImportSettings{"", "manual"},
                       {Point("mediation.successful", kWulongkou, 590, 0)}};
  denied.caller.audit_refusal = [&refusals](absl::Status verdict, absl::string_view unit) {
    refusals.push_back(absl::StrCat(unit, ": ", verdict.message()));
    return verdict;
  };
  ImportSettings strict{"", "manual"};
  strict.all_or_nothing = true;
  GroupedImport all_or_nothing{
      Admin(),
      strict,
      {Point("mediation.disputes", "jiyuan", 9000, 0), Point("no.such.code", "jiyuan", 1, 1)}};
  ImportSettings dry{"", "manual"};
  dry.dry_run = true;
  GroupedImport dry_run{Admin(), dry, {Point("mediation.disputes", "jiyuan", 9000, 0)}};
  GroupedImport replay{Clerk(kWulongkou),
                       ImportSettings{"wulongkou-1", "manual"},
                       {Point("mediation.disputes", kWulongkou, 1, 0)}};
  GroupedImport bad_source{Admin(), ImportSettings{"", "Not A Source"}, KejingMediation()};

  imports_.ImportTogether({&kejing, &denied, &all_or_nothing, &dry_run, &replay, &bad_source});

  ASSERT_TRUE(kejing.answer.has_value());
  ASSERT_TRUE(kejing.answer->ok()) << kejing.answer->status();
  EXPECT_EQ((*kejing.answer)->created, 2);
  EXPECT_FALSE((*kejing.answer)->replayed);

  ASSERT_TRUE(denied.answer.has_value());
  ASSERT_TRUE(denied.answer->ok()) << denied.answer->status();
  EXPECT_EQ((*denied.answer)->created, 0);
  EXPECT_EQ((*denied.answer)->rejected, 1);
  EXPECT_EQ((*denied.answer)->rejected_rows[0].field, "points[0].department_id");
  EXPECT_THAT(refusals,
              ElementsAre("jiyuan-wulongkou: you may not report figures for 'jiyuan-wulongkou' "
                          "(1 row refused in points)"));

  ASSERT_TRUE(all_or_nothing.answer.has_value());
  EXPECT_EQ(all_or_nothing.answer->status(),
            absl::InvalidArgumentError(
                "points[1].indicator_code: 'no.such.code' is not in the indicator catalogue (1 "
                "rows rejected; all-or-nothing: nothing was written)"));

  // A dry run reads the locks before it checks: it is left to be made alone.
  EXPECT_FALSE(dry_run.answer.has_value());

  ASSERT_TRUE(replay.answer.has_value());
  ASSERT_TRUE(replay.answer->ok()) << replay.answer->status();
  EXPECT_TRUE((*replay.answer)->replayed);
  EXPECT_EQ((*replay.answer)->created, 1);

  ASSERT_TRUE(bad_source.answer.has_value());
  EXPECT_EQ(bad_source.answer->status().code(), absl::StatusCode::kInvalidArgument);

  // One transaction for the two imports that write (克井镇's figures and the refused clerk's
  // empty one); the refused, replayed and dry ones wrote nothing.
  EXPECT_EQ(store_.write_groups(), groups_before + 1);
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 812);
  EXPECT_EQ(store_.Value("mediation.successful", kKejing), 803);
  EXPECT_EQ(store_.Value("mediation.disputes", kWulongkou), 596);
  EXPECT_EQ(store_.Value("mediation.successful", kWulongkou), -1);
  EXPECT_EQ(store_.Value("mediation.disputes", "jiyuan"), -1);
  EXPECT_EQ(store_.size(), 3u);

  // 克井镇's receipt was written with its figures: the same request again is a replay.
  absl::StatusOr<ImportResult> again = imports_.Import(
      Clerk(kKejing), ImportSettings{"kejing-1", "manual"}, KejingMediation(), {}, "points");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->created, 2);
}

TEST_F(StatisticsAppTest, AGroupTheStoreCannotWriteAsOneLeavesEachImportToBeMadeAlone) {
  // Two imports of the same new figure: each checked alone finds it new, so the group cannot be
  // written as one; nothing of it is written, and alone the first creates it and the second
  // corrects it.
  GroupedImport first{
      Admin(), ImportSettings{"", "manual"}, {Point("mediation.disputes", kKejing, 812, 0)}};
  GroupedImport second{
      Admin(), ImportSettings{"", "manual"}, {Point("mediation.disputes", kKejing, 813, 0)}};
  GroupedImport other{
      Admin(), ImportSettings{"", "manual"}, {Point("mediation.disputes", kWulongkou, 596, 0)}};
  imports_.ImportTogether({&first, &second, &other});
  EXPECT_FALSE(first.answer.has_value());
  EXPECT_FALSE(second.answer.has_value());
  EXPECT_FALSE(other.answer.has_value());
  EXPECT_EQ(store_.size(), 0u);

  for (GroupedImport* g : {&first, &second, &other}) {
    absl::StatusOr<ImportResult> alone =
        imports_.Import(g->caller, g->settings, g->points, g->unreadable, g->list);
    ASSERT_TRUE(alone.ok()) << alone.status();
  }
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 813);
  EXPECT_EQ(store_.Value("mediation.disputes", kWulongkou), 596);
}

// While groups carry only new figures, a group is checked as new and written without reading the
// stored figures. One that meets a stored figure is refused by the write, then read and checked
// again, so a correction is still answered as one; the next group is read first, and the one
// after it is tried as new again.
TEST_F(StatisticsAppTest, AGroupOfNewFiguresIsWrittenWithoutReadingTheStoredOnes) {
  GroupedImport kejing{Clerk(kKejing), ImportSettings{"", "manual"}, KejingMediation()};
  GroupedImport wulongkou{Clerk(kWulongkou),
                          ImportSettings{"", "manual"},
                          {Point("mediation.disputes", kWulongkou, 596, 0)}};
  imports_.ImportTogether({&kejing, &wulongkou});
  ASSERT_TRUE(kejing.answer.has_value() && kejing.answer->ok());
  EXPECT_EQ((*kejing.answer)->created, 2);
  ASSERT_TRUE(wulongkou.answer.has_value() && wulongkou.answer->ok());
  EXPECT_EQ((*wulongkou.answer)->created, 1);
  EXPECT_EQ(store_.point_reads(), 0);
  EXPECT_EQ(store_.write_groups(), 1);
  EXPECT_EQ(store_.size(), 3u);

  // 克井镇 corrects its disputes (812 to 815) beside a new figure of 五龙口镇's.
  GroupedImport correction{
      Clerk(kKejing), ImportSettings{"", "manual"}, {Point("mediation.disputes", kKejing, 815, 0)}};
  GroupedImport fresh{Clerk(kWulongkou),
                      ImportSettings{"", "manual"},
                      {Point("mediation.successful", kWulongkou, 590, 0)}};
  imports_.ImportTogether({&correction, &fresh});
  ASSERT_TRUE(correction.answer.has_value() && correction.answer->ok());
  EXPECT_EQ((*correction.answer)->updated, 1);
  EXPECT_EQ((*correction.answer)->created, 0);
  ASSERT_TRUE(fresh.answer.has_value() && fresh.answer->ok());
  EXPECT_EQ((*fresh.answer)->created, 1);
  EXPECT_EQ(store_.point_reads(), 1);
  EXPECT_EQ(store_.write_groups(), 3);  // the write refused, then the one made
  EXPECT_EQ(store_.Value("mediation.disputes", kKejing), 815);
  EXPECT_EQ(store_.points().at(PointKey{"mediation.disputes", kKejing, "2021"}).revision, 2);
  EXPECT_EQ(store_.Value("mediation.successful", kWulongkou), 590);

  GroupedImport next{
      Admin(), ImportSettings{"", "manual"}, {Point("mediation.disputes", "jiyuan", 9000, 0)}};
  imports_.ImportTogether({&next});
  ASSERT_TRUE(next.answer.has_value() && next.answer->ok());
  EXPECT_EQ((*next.answer)->created, 1);
  EXPECT_EQ(store_.point_reads(), 2);
  EXPECT_EQ(store_.write_groups(), 4);

  GroupedImport after{
      Admin(), ImportSettings{"", "manual"}, {Point("mediation.successful", "jiyuan", 8000, 0)}};
  imports_.ImportTogether({&after});
  ASSERT_TRUE(after.answer.has_value() && after.answer->ok());
  EXPECT_EQ((*after.answer)->created, 1);
  EXPECT_EQ(store_.point_reads(), 2);
  EXPECT_EQ(store_.write_groups(), 5);
  EXPECT_EQ(store_.size(), 6u);
}

TEST_F(StatisticsAppTest, AnImportWhosePeriodIsLockedWhenWrittenIsLeftToBeMadeAlone) {
  // The group's rows are checked against no locks, as Import's first round; the write reads
  // them. 济源市's lock on 2021 covers 克井镇's rows, not 2020's.
  store_.locks.push_back(JiyuanLock2021());
  GroupedImport locked{Clerk(kKejing), ImportSettings{"", "manual"}, KejingMediation()};
  PointInput earlier = Point("mediation.disputes", kKejing, 700, 0);
  earlier.period.year = 2020;
  GroupedImport open{Clerk(kKejing), ImportSettings{"", "manual"}, {earlier}};
  imports_.ImportTogether({&locked, &open});
  EXPECT_FALSE(locked.answer.has_value());
  ASSERT_TRUE(open.answer.has_value());
  ASSERT_TRUE(open.answer->ok()) << open.answer->status();
  EXPECT_EQ((*open.answer)->created, 1);
  EXPECT_EQ(store_.size(), 1u);

  // Alone, it is checked against the lock and its rows refused for it.
  absl::StatusOr<ImportResult> alone =
      imports_.Import(locked.caller, locked.settings, locked.points, {}, "points");
  ASSERT_TRUE(alone.ok()) << alone.status();
  EXPECT_EQ(alone->rejected, 2);
  EXPECT_EQ(alone->rejected_rows[0].code, absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_.size(), 1u);
}

}  // namespace
}  // namespace fazhi::statistics

// The import use cases (services/statistics/app) over in-memory fakes of the stores and the unit
// registry: no gRPC, no database. Figures are the seed report's 克井镇 mediation figures.

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
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
    std::map<PointKey, StoredPoint> out;
    for (const PointKey& k : keys) {
      if (auto it = points_.find(k); it != points_.end()) out.insert(*it);
    }
    return out;
  }
  absl::StatusOr<std::vector<PeriodLock>> ListLocks(const std::vector<std::string>& period_keys,
                                                    bool) override {
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
    std::unique_lock<std::mutex> lock(mu_);
    released_.wait(lock, [&] { return !hold_writes_; });
    if (lock_check != nullptr) {
      // As the store does: the active locks on the check's periods, inside the write.
      std::vector<PeriodLock> active;
      for (const PeriodLock& l : locks) {
        for (const std::string& k : lock_check->period_keys) {
          if (l.period_key == k) active.push_back(l);
        }
      }
      if (absl::Status s = lock_check->allow(active); !s.ok()) return s;
    }
    if (!request_id.empty() && receipts_.count(std::string(request_id))) {
      return absl::AlreadyExistsError("request id taken");
    }
    for (const PointWrite& w : writes) {
      StoredPoint& p = points_[w.key];
      p.value = w.value;
      ++p.revision;
      p.source = std::string(source);
      p.update_time = now;
      p.updated_by = context.actor;
    }
    if (!request_id.empty()) receipts_[std::string(request_id)] = std::string(receipt);
    ++write_calls_;
    return absl::OkStatus();
  }
  absl::Status RecordImport(absl::string_view request_id, absl::string_view receipt,
                            absl::string_view, absl::Time) override {
    std::lock_guard<std::mutex> lock(mu_);
    receipts_[std::string(request_id)] = std::string(receipt);
    return absl::OkStatus();
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

  std::vector<PeriodLock> locks;

 private:
  std::map<std::string, Indicator> indicators_;
  std::mutex mu_;
  std::condition_variable released_;
  bool hold_writes_ = false;
  std::map<PointKey, StoredPoint> points_;
  std::map<std::string, std::string> receipts_;
  int write_calls_ = 0;
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
  PeriodLock lock;
  lock.id = "lock-1";
  lock.period_key = "2021";
  lock.department_id = "jiyuan";
  lock.reason = "年报已定稿";
  lock.locked_by = "wang.wu";
  store_.locks.push_back(lock);
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

}  // namespace
}  // namespace fazhi::statistics

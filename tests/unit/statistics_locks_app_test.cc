// The period-lock use cases (services/statistics/app/period_locks.h) over in-memory fakes of the
// store and the unit registry: no gRPC, no database.

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/time/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/period_locks.h"
#include "tests/support/statistics_app_support.h"

namespace fazhi::statistics {
namespace {

using directory::Unit;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using time_util::Period;
using time_util::PeriodType;

class FakeLockStore : public LockStore {
 public:
  absl::Status CreateLock(const audit::AuditContext& context, const PeriodLock& lock) override {
    locks_[lock.id] = lock;
    actors.push_back(context.actor);
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<PeriodLock>> GetLock(absl::string_view id) override {
    auto it = locks_.find(std::string(id));
    if (it == locks_.end()) return std::nullopt;
    return it->second;
  }
  absl::Status Unlock(const audit::AuditContext& context, const PeriodLock& lock) override {
    PeriodLock& stored = locks_.at(lock.id);
    // As the store: an unlocked lock stays unlocked.
    if (stored.unlocked) return absl::FailedPreconditionError("already unlocked");
    stored = lock;
    actors.push_back(context.actor);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<PeriodLock>> ListLocks(const std::vector<std::string>& period_keys,
                                                    bool include_unlocked) override {
    std::vector<PeriodLock> out;
    for (const auto& [id, l] : locks_) {
      for (const std::string& k : period_keys) {
        if (l.period_key == k && (include_unlocked || !l.unlocked)) out.push_back(l);
      }
    }
    return out;
  }
  absl::StatusOr<std::vector<PeriodLock>> ListLocksPage(absl::string_view period_key,
                                                        bool include_unlocked,
                                                        const std::optional<LockCursor>& after,
                                                        int limit) override {
    std::vector<PeriodLock> matching;
    for (const auto& [id, l] : locks_) {
      if (l.period_key != period_key || (l.unlocked && !include_unlocked)) continue;
      if (after &&
          std::make_pair(l.lock_time, l.id) <= std::make_pair(after->lock_time, after->id)) {
        continue;
      }
      matching.push_back(l);
    }
    std::sort(matching.begin(), matching.end(), [](const PeriodLock& a, const PeriodLock& b) {
      return std::make_pair(a.lock_time, a.id) < std::make_pair(b.lock_time, b.id);
    });
    if (static_cast<int>(matching.size()) > limit) matching.resize(limit);
    return matching;
  }

  std::vector<std::string> actors;

 private:
  std::map<std::string, PeriodLock> locks_;
};

class FakeUnits : public directory::UnitDirectory {
 public:
  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override {
    if (id != "jiyuan" && id != "jiyuan-kejing") return std::nullopt;
    return Unit{std::string(id), id == "jiyuan" ? "" : "jiyuan", 0, true, std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }
};

class StatisticsLocksAppTest : public ::testing::Test {
 protected:
  static app::Caller Admin(absl::string_view rpc) {
    return ::fazhi::testing::AdminCaller("wang.wu", rpc, Now());
  }
  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2022, 3, 1, 9, 0, 0), time_util::ChinaTimeZone());
  }
  // The 2021 annual report's figures for 克井镇, confirmed.
  PeriodLock LockKejing2021() {
    absl::StatusOr<PeriodLock> lock =
        locks_.Lock(Admin("LockPeriod"), LockCommand{k2021, "jiyuan-kejing", "2021年度报告已定稿"});
    EXPECT_TRUE(lock.ok()) << lock.status();
    return lock.value_or(PeriodLock{});
  }

  const Period k2021{PeriodType::kYear, 2021, 0};
  FakeLockStore store_;
  FakeUnits units_;
  PeriodLocks locks_{&store_, &units_};
};

TEST_F(StatisticsLocksAppTest, LockRecordsTheCallerAndTheTime) {
  PeriodLock lock = LockKejing2021();
  EXPECT_EQ(lock.period_key, "2021");
  EXPECT_EQ(lock.department_id, "jiyuan-kejing");
  EXPECT_EQ(lock.locked_by, "wang.wu");
  EXPECT_EQ(lock.lock_time, Now());
  EXPECT_FALSE(lock.unlocked);
  EXPECT_EQ(store_.actors, std::vector<std::string>{"wang.wu"});
}

TEST_F(StatisticsLocksAppTest, LockRefusesAnUnknownUnitAndAMissingReason) {
  EXPECT_EQ(locks_.Lock(Admin("LockPeriod"), LockCommand{k2021, "jiyuan-nowhere", "定稿"}).status(),
            absl::InvalidArgumentError("department_id: no department with id 'jiyuan-nowhere'"));
  absl::Status no_reason =
      locks_.Lock(Admin("LockPeriod"), LockCommand{k2021, "jiyuan-kejing", ""}).status();
  EXPECT_EQ(no_reason.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(no_reason.message(), HasSubstr("reason"));
  EXPECT_TRUE(store_.actors.empty());
}

TEST_F(StatisticsLocksAppTest, ALockedPeriodRefusesAnUnlockWithoutAReason) {
  PeriodLock lock = LockKejing2021();
  absl::Status s = locks_.Unlock(Admin("UnlockPeriod"), lock.id, "").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("reason"));
  EXPECT_THAT(s.message(), HasSubstr("say why the locked figures must change"));
  // Still locked.
  absl::StatusOr<LockPage> active = locks_.List(k2021, false, std::nullopt, 50);
  ASSERT_TRUE(active.ok()) << active.status();
  EXPECT_THAT(active->locks, SizeIs(1));
  EXPECT_FALSE(active->more);
}

TEST_F(StatisticsLocksAppTest, UnlockWithAReasonFreesThePeriodAndKeepsTheRecord) {
  PeriodLock lock = LockKejing2021();
  absl::StatusOr<PeriodLock> unlocked =
      locks_.Unlock(Admin("UnlockPeriod"), lock.id, "更正调解成功数");
  ASSERT_TRUE(unlocked.ok()) << unlocked.status();
  EXPECT_TRUE(unlocked->unlocked);
  EXPECT_EQ(unlocked->unlock_reason, "更正调解成功数");
  EXPECT_EQ(unlocked->unlocked_by, "wang.wu");
  EXPECT_EQ(unlocked->unlock_time, Now());
  EXPECT_THAT(locks_.List(k2021, false, std::nullopt, 50)->locks, SizeIs(0));
  EXPECT_THAT(locks_.List(k2021, true, std::nullopt, 50)->locks, SizeIs(1));
  EXPECT_THAT(locks_.List(Period{PeriodType::kYear, 2022, 0}, true, std::nullopt, 50)->locks,
              SizeIs(0));
  // A second unlock is the store's refusal.
  EXPECT_EQ(locks_.Unlock(Admin("UnlockPeriod"), lock.id, "再次").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(StatisticsLocksAppTest, UnlockOfAnUnknownLockIsNotFound) {
  EXPECT_EQ(locks_.Unlock(Admin("UnlockPeriod"), "lock-missing", "更正").status(),
            absl::NotFoundError("lock_id: no lock 'lock-missing'"));
}

}  // namespace
}  // namespace fazhi::statistics

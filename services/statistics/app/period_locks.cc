#include "services/statistics/app/period_locks.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/api/paging.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"

namespace fazhi::statistics {

absl::StatusOr<PeriodLock> PeriodLocks::Lock(const app::Caller& caller,
                                             const LockCommand& command) {
  if (absl::Status s = validation::CheckText(command.reason, "reason", 1, 500); !s.ok()) return s;
  absl::StatusOr<std::optional<directory::Unit>> unit = units_->Find(command.department_id);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("department_id: no department with id '", command.department_id, "'"));
  }
  PeriodLock lock;
  lock.id = ids::NewResourceId("lock");
  lock.period_key = time_util::PeriodKey(command.period);
  lock.department_id = command.department_id;
  lock.reason = command.reason;
  lock.locked_by = caller.audit.actor;
  lock.lock_time = caller.now;
  if (absl::Status s = store_->CreateLock(caller.audit, lock); !s.ok()) return s;
  return lock;
}

absl::StatusOr<PeriodLock> PeriodLocks::Unlock(const app::Caller& caller, absl::string_view lock_id,
                                               absl::string_view reason) {
  if (absl::Status s = validation::CheckId(lock_id, "lock_id"); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(reason, "reason", 1, 500); !s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(s.message(), ": say why the locked figures must change"));
  }
  absl::StatusOr<std::optional<PeriodLock>> lock = store_->GetLock(lock_id);
  if (!lock.ok()) return lock.status();
  if (!lock->has_value()) {
    return absl::NotFoundError(absl::StrCat("lock_id: no lock '", lock_id, "'"));
  }
  PeriodLock unlocked = **lock;
  unlocked.unlocked = true;
  unlocked.unlock_reason = std::string(reason);
  unlocked.unlocked_by = caller.audit.actor;
  unlocked.unlock_time = caller.now;
  if (absl::Status s = store_->Unlock(caller.audit, unlocked); !s.ok()) return s;
  return unlocked;
}

absl::StatusOr<LockPage> PeriodLocks::List(const time_util::Period& period, bool include_unlocked,
                                           const std::optional<LockCursor>& after, int page_size) {
  absl::StatusOr<std::vector<PeriodLock>> rows =
      store_->ListLocksPage(time_util::PeriodKey(period), include_unlocked, after, page_size + 1);
  if (!rows.ok()) return rows.status();
  LockPage page;
  page.more = api::TrimToPage(*rows, page_size);
  page.locks = *std::move(rows);
  return page;
}

}  // namespace fazhi::statistics

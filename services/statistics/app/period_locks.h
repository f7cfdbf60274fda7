#ifndef FAZHI_SERVICES_STATISTICS_APP_PERIOD_LOCKS_H_
#define FAZHI_SERVICES_STATISTICS_APP_PERIOD_LOCKS_H_

// The period-lock use cases: a lock freezes a unit's figures of one period (imports refuse rows
// under it); unlocking needs a reason, since it lets confirmed figures change.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/app/caller.h"
#include "common/directory/unit_directory.h"
#include "common/time/period.h"
#include "services/statistics/app/lock_ports.h"
#include "services/statistics/domain/data_point.h"

namespace fazhi::statistics {

struct LockCommand {
  time_util::Period period;
  std::string department_id;
  std::string reason;
};

// One page of locks.
struct LockPage {
  std::vector<PeriodLock> locks;
  // Another page follows.
  bool more = false;
};

class PeriodLocks {
 public:
  PeriodLocks(LockStore* store, directory::UnitDirectory* units) : store_(store), units_(units) {}

  // Locks the period for the unit, by the caller, now. INVALID_ARGUMENT naming reason (1 to 500
  // characters) or department_id (unknown unit).
  absl::StatusOr<PeriodLock> Lock(const app::Caller& caller, const LockCommand& command);
  // Unlocks the lock. INVALID_ARGUMENT without a reason; NOT_FOUND naming lock_id;
  // FAILED_PRECONDITION when it is already unlocked.
  absl::StatusOr<PeriodLock> Unlock(const app::Caller& caller, absl::string_view lock_id,
                                    absl::string_view reason);
  // Up to page_size of the period's locks (active only unless include_unlocked) after `after`,
  // by lock time then id.
  absl::StatusOr<LockPage> List(const time_util::Period& period, bool include_unlocked,
                                const std::optional<LockCursor>& after, int page_size);

 private:
  LockStore* store_;
  directory::UnitDirectory* units_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_PERIOD_LOCKS_H_

#ifndef FAZHI_SERVICES_STATISTICS_APP_LOCK_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_LOCK_PORTS_H_

// What the period-lock use cases (app/period_locks.h) need of the statistics store, and nothing
// more: StatisticsStore implements it, the unit tests fake it.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/domain/data_point.h"

namespace fazhi::statistics {

// Where a page of locks ended: the page order is lock time, then id.
struct LockCursor {
  absl::Time lock_time;
  std::string id;
};

class LockStore : public virtual LockSource {
 public:
  // Writes the lock and its audit entry in one transaction.
  virtual absl::Status CreateLock(const audit::AuditContext& context, const PeriodLock& lock) = 0;
  virtual absl::StatusOr<std::optional<PeriodLock>> GetLock(absl::string_view id) = 0;
  // Stores lock's unlocking and its audit entry in one transaction.
  virtual absl::Status Unlock(const audit::AuditContext& context, const PeriodLock& lock) = 0;
  // Up to limit locks on period_key (active only unless include_unlocked), by lock time then id,
  // after `after` (from the first when nullopt).
  virtual absl::StatusOr<std::vector<PeriodLock>> ListLocksPage(
      absl::string_view period_key, bool include_unlocked, const std::optional<LockCursor>& after,
      int limit) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_LOCK_PORTS_H_

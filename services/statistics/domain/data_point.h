#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_DATA_POINT_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_DATA_POINT_H_

// Stored figures, their writes and period locks as the import rules and the store share them.

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>

#include "absl/time/time.h"
#include "common/time/period.h"

namespace fazhi::statistics {

// (indicator code, department id, period key): what identifies a figure.
using PointKey = std::tuple<std::string, std::string, std::string>;

struct StoredPoint {
  int64_t value = 0;
  int64_t revision = 0;
  std::string source;
  absl::Time update_time = absl::UnixEpoch();
  std::string updated_by;
};

struct PointWrite {
  PointKey key;
  time_util::PeriodType period_type;
  int64_t value = 0;
  // The stored point it replaces, if any.
  std::optional<StoredPoint> previous;
};

struct PeriodLock {
  std::string id;
  std::string period_key;
  std::string department_id;
  std::string reason;
  std::string locked_by;
  absl::Time lock_time;
  bool unlocked = false;
  std::string unlock_reason;
  std::string unlocked_by;
  absl::Time unlock_time;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_DATA_POINT_H_

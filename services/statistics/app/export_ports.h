#ifndef FAZHI_SERVICES_STATISTICS_APP_EXPORT_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_EXPORT_PORTS_H_

// What the export use cases (app/exports.h) need of the statistics store, and nothing more:
// StatisticsStore implements it, the unit tests fake it.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace fazhi::statistics {

// One stored figure of a period, as it is exported.
struct ExportRow {
  std::string indicator_code;
  std::string department_id;
  int64_t value = 0;
  std::string source;
  int64_t revision = 0;
  absl::Time update_time;
  std::string updated_by;
};

class ExportStore {
 public:
  virtual ~ExportStore() = default;
  // Up to limit figures of the period for these units (and these codes; every code when empty),
  // in (indicator, department) order, after the (indicator, department) cursor.
  virtual absl::StatusOr<std::vector<ExportRow>> ListPointsForExport(
      absl::string_view period_key, const std::vector<std::string>& departments,
      const std::vector<std::string>& codes, const std::pair<std::string, std::string>& after,
      int limit) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_EXPORT_PORTS_H_

#ifndef FAZHI_SERVICES_STATISTICS_APP_QUERY_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_QUERY_PORTS_H_

// What the reading use cases (app/queries.h) need of the statistics store, and nothing more:
// StatisticsStore implements it, the unit tests fake it.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/period.h"
#include "services/statistics/app/catalogue_ports.h"
#include "services/statistics/domain/completeness.h"

namespace fazhi::statistics {

// One aggregated figure: the group (department or period key, "" when not grouped) and value.
struct AggregateRow {
  std::string indicator_code;
  std::string group;
  int64_t value = 0;
  int64_t point_count = 0;
};

enum class GroupColumn { kNone, kDepartment, kPeriod };

// GetIndicator and ListObligations: the catalogue's reads (app/catalogue_ports.h).
class QueryStore : public virtual CatalogueReader {
 public:
  // Sums (or maxima) over the points of these indicators, units and period keys.
  virtual absl::StatusOr<std::vector<AggregateRow>> Aggregate(
      const std::vector<std::string>& codes, const std::vector<std::string>& departments,
      const std::vector<std::string>& period_keys, bool use_max, GroupColumn group) = 0;
  // When each of these units first reported each of these indicators for the period.
  virtual absl::StatusOr<FirstReceipts> FindFirstReceipts(
      absl::string_view period_key, const std::vector<std::string>& codes,
      const std::vector<std::string>& departments) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_QUERY_PORTS_H_

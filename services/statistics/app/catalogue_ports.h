#ifndef FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_PORTS_H_

// What the catalogue use cases (app/catalogue.h) need of the statistics store, and nothing more:
// StatisticsStore implements it, the unit tests fake it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "common/time/period.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::statistics {

// What a kind of unit (fazhi.department.v1.DepartmentKind) must report, and when.
struct Obligation {
  std::string indicator_code;
  int department_kind = 0;
  time_util::PeriodType period_type = time_util::PeriodType::kYear;
  int due_days = 0;
};

// The catalogue's reads that the catalogue use cases and the queries (app/query_ports.h) share. A
// virtual base, so StatisticsStore implements each once for both ports.
class CatalogueReader {
 public:
  virtual ~CatalogueReader() = default;
  virtual absl::StatusOr<std::optional<Indicator>> GetIndicator(absl::string_view code) = 0;
  // Every obligation, or those of one indicator.
  virtual absl::StatusOr<std::vector<Obligation>> ListObligations(
      absl::string_view indicator_code) = 0;
};

class CatalogueStore : public virtual CatalogueReader, public virtual IndicatorSource {
 public:
  // Writes the indicator and its audit entry in one transaction; ALREADY_EXISTS for a code taken.
  virtual absl::Status CreateIndicator(const audit::AuditContext& context,
                                       const Indicator& indicator) = 0;
  // Up to limit indicators after after_code, by code; of one report section unless it is empty.
  virtual absl::StatusOr<std::vector<Indicator>> ListIndicators(absl::string_view report_section,
                                                                absl::string_view after_code,
                                                                int limit) = 0;
  // Writes indicator and its audit entry if the stored version is still expected_version
  // (ABORTED otherwise).
  virtual absl::Status UpdateIndicator(const audit::AuditContext& context,
                                       const Indicator& indicator, int64_t expected_version) = 0;
  // Stores the obligation (replacing one of the same indicator, kind and period type) and its
  // audit entry.
  virtual absl::Status SetObligation(const audit::AuditContext& context,
                                     const Obligation& obligation) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_CATALOGUE_PORTS_H_

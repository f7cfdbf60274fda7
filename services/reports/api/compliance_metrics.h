#ifndef FAZHI_SERVICES_REPORTS_API_COMPLIANCE_METRICS_H_
#define FAZHI_SERVICES_REPORTS_API_COMPLIANCE_METRICS_H_

// 示范指标 97 as Prometheus gauges, so a dashboard and an alert see who still owes a report:
//   fazhi_reports_owed{unit, year}
//   fazhi_reports_late{unit, year, deadline="submission|publication"}      done, but late
//   fazhi_reports_missing{unit, year, deadline="submission|publication"}   not done as of now
//   fazhi_reports_overdue{unit, year, deadline="submission|publication"}   not done, past due
// refreshed in the background for the subtrees named by --compliance_units, for the year whose
// reports are due this year (common/metrics/periodic_refresh.h runs the refresh).

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/metrics/periodic_refresh.h"
#include "services/reports/app/reports_app.h"

namespace fazhi::reports {

class ComplianceMetrics {
 public:
  ComplianceMetrics(prometheus::Registry& registry, ReportsApp* app, std::vector<std::string> units,
                    absl::Duration period);

  // One refresh now, for the year before today's (tests call it directly).
  void Refresh(absl::CivilDay today);

 private:
  prometheus::Family<prometheus::Gauge>& owed_;
  prometheus::Family<prometheus::Gauge>& late_;
  prometheus::Family<prometheus::Gauge>& missing_;
  prometheus::Family<prometheus::Gauge>& overdue_;
  ReportsApp* app_;
  std::vector<std::string> units_;
  // Last: stopped first on destruction, while the gauges and app it uses still exist.
  std::unique_ptr<metrics::PeriodicRefresh> refresh_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_API_COMPLIANCE_METRICS_H_

#ifndef FAZHI_SERVICES_CASES_API_OVERDUE_METRICS_H_
#define FAZHI_SERVICES_CASES_API_OVERDUE_METRICS_H_

// Cases past their statutory deadlines as a Prometheus gauge, so a dashboard and an alert see
// them without anyone calling ListOverdue:
//   fazhi_cases_overdue{unit, deadline="decision"}    undecided past the 90 days of 行政处罚法
//                                                    Art. 60 plus approved extensions
//   fazhi_cases_overdue{unit, deadline="disclosure"}  decided, not published past the 7 (penalty,
//                                                    licensing) or 20 working days of
//                                                    国办发〔2018〕118号
// for every unit that has a case (0 when none is overdue), refreshed in the background
// (common/metrics/periodic_refresh.h). Due dates still pending (no calendar for their year) are
// not counted, as in ListOverdue.

#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <memory>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/metrics/periodic_refresh.h"
#include "services/cases/app/case_repository.h"

namespace fazhi::cases {

class OverdueMetrics {
 public:
  // A period of zero starts no refresh (tests call Refresh themselves).
  OverdueMetrics(prometheus::Registry& registry, CaseRepository* store, absl::Duration period);

  // One refresh now, judged on today.
  void Refresh(absl::CivilDay today);

 private:
  prometheus::Family<prometheus::Gauge>& overdue_;
  CaseRepository* store_;
  // Last: stopped first on destruction, while the gauge and the store it uses still exist.
  std::unique_ptr<metrics::PeriodicRefresh> refresh_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_OVERDUE_METRICS_H_

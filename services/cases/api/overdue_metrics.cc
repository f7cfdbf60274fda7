#include "services/cases/api/overdue_metrics.h"

#include <vector>

#include "common/log/log.h"
#include "common/time/date.h"
#include "services/cases/app/case_queries.h"

namespace fazhi::cases {

OverdueMetrics::OverdueMetrics(prometheus::Registry& registry, CaseRepository* store,
                               absl::Duration period)
    : overdue_(prometheus::BuildGauge()
                   .Name("fazhi_cases_overdue")
                   .Help("Enforcement cases past their statutory deadline: deadline=\"decision\" "
                         "(90 days from filing, Art. 60) or \"disclosure\" (7 or 20 working days "
                         "from the decision)")
                   .Register(registry)),
      store_(store) {
  if (period > absl::ZeroDuration()) {
    refresh_ = std::make_unique<metrics::PeriodicRefresh>(
        [this] { Refresh(time_util::TodayInChina()); }, period);
  }
}

void OverdueMetrics::Refresh(absl::CivilDay today) {
  absl::StatusOr<std::vector<DepartmentOverdueCount>> counts =
      CountOverdueByDepartment(*store_, today);
  if (!counts.ok()) {
    // The database may be down for now; the gauges keep their last values until the next round.
    log::Warning("cannot count overdue cases for the metrics",
                 {{"error", counts.status().message()}});
    return;
  }
  for (const DepartmentOverdueCount& c : *counts) {
    overdue_.Add({{"unit", c.department_id}, {"deadline", "decision"}})
        .Set(static_cast<double>(c.decisions));
    overdue_.Add({{"unit", c.department_id}, {"deadline", "disclosure"}})
        .Set(static_cast<double>(c.disclosures));
  }
}

}  // namespace fazhi::cases

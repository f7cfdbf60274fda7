#include "services/reports/api/compliance_metrics.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log/log.h"
#include "common/time/date.h"

namespace fazhi::reports {

ComplianceMetrics::ComplianceMetrics(prometheus::Registry& registry, ReportsApp* app,
                                     std::vector<std::string> units, absl::Duration period)
    : owed_(prometheus::BuildGauge()
                .Name("fazhi_reports_owed")
                .Help("Units in the subtree that owe an annual report for the year")
                .Register(registry)),
      late_(prometheus::BuildGauge()
                .Name("fazhi_reports_late")
                .Help("Reports submitted or published after the deadline (1 March, 1 April)")
                .Register(registry)),
      missing_(prometheus::BuildGauge()
                   .Name("fazhi_reports_missing")
                   .Help("Reports not yet submitted or published as of now")
                   .Register(registry)),
      overdue_(prometheus::BuildGauge()
                   .Name("fazhi_reports_overdue")
                   .Help("Reports not yet submitted or published whose deadline has passed")
                   .Register(registry)),
      app_(app),
      units_(std::move(units)) {
  if (!units_.empty()) {
    refresh_ = std::make_unique<metrics::PeriodicRefresh>(
        [this] { Refresh(time_util::TodayInChina()); }, period);
  }
}

void ComplianceMetrics::Refresh(absl::CivilDay today) {
  int year = static_cast<int>(today.year()) - 1;
  for (const std::string& unit : units_) {
    absl::StatusOr<ComplianceSummary> s = app_->Compliance(year, unit, today);
    if (!s.ok()) {
      // The other services may still be starting; the next round tries again.
      log::Warning("cannot compute report compliance for the metrics",
                   {{"unit", unit}, {"year", absl::StrCat(year)}, {"error", s.status().message()}});
      continue;
    }
    std::map<std::string, std::string> labels = {{"unit", unit}, {"year", absl::StrCat(year)}};
    owed_.Add(labels).Set(static_cast<double>(s->totals.owed));
    auto with = [&](const char* deadline) {
      std::map<std::string, std::string> l = labels;
      l["deadline"] = deadline;
      return l;
    };
    late_.Add(with("submission")).Set(static_cast<double>(s->totals.submitted_late));
    late_.Add(with("publication")).Set(static_cast<double>(s->totals.published_late));
    missing_.Add(with("submission")).Set(static_cast<double>(s->totals.missing_submission));
    missing_.Add(with("publication")).Set(static_cast<double>(s->totals.missing_publication));
    overdue_.Add(with("submission")).Set(static_cast<double>(s->totals.overdue_submission));
    overdue_.Add(with("publication")).Set(static_cast<double>(s->totals.overdue_publication));
  }
}

}  // namespace fazhi::reports

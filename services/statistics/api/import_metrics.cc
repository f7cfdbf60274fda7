#include "services/statistics/api/import_metrics.h"

#include <string>

namespace fazhi::statistics {

ImportMetrics::ImportMetrics(prometheus::Registry& registry)
    : rows_(prometheus::BuildCounter()
                .Name("fazhi_statistics_import_rows_total")
                .Help("Rows of data-point imports by path and outcome")
                .Register(registry)),
      warnings_(prometheus::BuildCounter()
                    .Name("fazhi_statistics_import_warnings_total")
                    .Help("Validation-rule violations reported on imports, by path")
                    .Register(registry)) {}

void ImportMetrics::Record(absl::string_view path, const v1::ImportSummary& summary) {
  if (summary.replayed() || summary.dry_run()) return;
  std::string p(path);
  rows_.Add({{"path", p}, {"outcome", "created"}}).Increment(summary.created());
  rows_.Add({{"path", p}, {"outcome", "updated"}}).Increment(summary.updated());
  rows_.Add({{"path", p}, {"outcome", "unchanged"}}).Increment(summary.unchanged());
  rows_.Add({{"path", p}, {"outcome", "rejected"}}).Increment(summary.rejected());
  warnings_.Add({{"path", p}}).Increment(summary.warnings_size());
}

}  // namespace fazhi::statistics

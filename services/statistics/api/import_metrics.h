#ifndef FAZHI_SERVICES_STATISTICS_API_IMPORT_METRICS_H_
#define FAZHI_SERVICES_STATISTICS_API_IMPORT_METRICS_H_

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/registry.h>

#include "absl/strings/string_view.h"
#include "fazhi/statistics/v1/statistics.pb.h"

namespace fazhi::statistics {

// fazhi_statistics_import_rows_total{path="batch|stream|csv", outcome="created|updated|
// unchanged|rejected"} and fazhi_statistics_import_warnings_total{path}: what imports did, for
// dashboards and alerts (a rising rejected count means some unit's system sends bad figures).
// Replays and dry runs write nothing and are not counted.
class ImportMetrics {
 public:
  explicit ImportMetrics(prometheus::Registry& registry);
  void Record(absl::string_view path, const v1::ImportSummary& summary);

 private:
  prometheus::Family<prometheus::Counter>& rows_;
  prometheus::Family<prometheus::Counter>& warnings_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_API_IMPORT_METRICS_H_

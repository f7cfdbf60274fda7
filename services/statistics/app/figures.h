#ifndef FAZHI_SERVICES_STATISTICS_APP_FIGURES_H_
#define FAZHI_SERVICES_STATISTICS_APP_FIGURES_H_

// The use cases that read one stored figure: GetDataPoint and ListRevisions.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/domain/data_point.h"

namespace fazhi::statistics {

// One write of a figure: what it was before (none when it was created) and what it became.
struct RevisionRecord {
  int64_t revision = 0;
  std::optional<int64_t> previous_value;
  int64_t value = 0;
  std::string actor;
  absl::Time time;
  std::string request_id;
  std::string source;
};

// What the figure use cases need of the statistics store; StatisticsStore implements it.
class FigureStore : public virtual PointSource {
 public:
  // Up to limit revisions of the figure after revision `after` (0: from the first), oldest
  // first.
  virtual absl::StatusOr<std::vector<RevisionRecord>> ListRevisions(const PointKey& key,
                                                                    int64_t after, int limit) = 0;
};

struct RevisionPage {
  std::vector<RevisionRecord> revisions;
  // Another page follows the last revision here.
  bool more = false;
};

class Figures {
 public:
  explicit Figures(FigureStore* store) : store_(store) {}

  // The stored figure; NOT_FOUND naming it when there is none.
  absl::StatusOr<StoredPoint> Get(const PointKey& key);
  // Up to page_size revisions after revision `after`, oldest first.
  absl::StatusOr<RevisionPage> Revisions(const PointKey& key, int64_t after, int page_size);

 private:
  FigureStore* store_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_FIGURES_H_

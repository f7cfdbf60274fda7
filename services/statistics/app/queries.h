#ifndef FAZHI_SERVICES_STATISTICS_APP_QUERIES_H_
#define FAZHI_SERVICES_STATISTICS_APP_QUERIES_H_

// The reading use cases over time and over the reporting obligations: GetTimeSeries and
// GetCompleteness. The rules live in domain/time_series and domain/completeness; the sums and
// first receipts are computed by the store.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "common/directory/unit_directory.h"
#include "common/time/period.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/app/query_ports.h"
#include "services/statistics/domain/completeness.h"
#include "services/statistics/domain/time_series.h"

namespace fazhi::statistics {

struct SeriesQuery {
  // Checked by the caller (its error comes before the periods'); the catalogue must have it.
  std::string indicator_code;
  time_util::Period start;
  time_util::Period end;
  std::string department_id;
  bool include_descendants = false;
};

struct CompletenessQuery {
  time_util::Period period;
  // The day lateness is judged on; none: the caller's today in China.
  std::optional<absl::CivilDay> as_of;
  std::string department_id;
  bool include_descendants = false;
};

struct AggregateQuery {
  // 1 to 100 codes, checked by the caller.
  std::vector<std::string> indicator_codes;
  time_util::Period start;
  time_util::Period end;
  std::string department_id;
  bool include_descendants = false;
  GroupColumn group = GroupColumn::kNone;
};

// One aggregated figure of an indicator, for a group (a unit id or period key; "" ungrouped).
struct AggregateValue {
  std::string indicator_code;
  std::string group;
  bool has_value = false;
  // A ratio's numerator sum.
  int64_t value = 0;
  int64_t point_count = 0;
  // A ratio's denominator sum and its rate, rounded half up to whole basis points.
  bool ratio = false;
  int64_t denominator = 0;
  std::optional<int64_t> rate_basis_points;
};

class StatisticsQueries {
 public:
  StatisticsQueries(QueryStore* store, IndicatorSource* catalogue, directory::UnitDirectory* units)
      : store_(store), catalogue_(catalogue), units_(units) {}

  // A read replica of store's database (--database_read_url): the sums, series and receipts of
  // the callers app::MayReadFromReplica allows are read there. Null: everything from store.
  void set_replica(QueryStore* replica) { replica_ = replica; }

  // Sums (or maxima) of each indicator over the units and periods (at most 1000), by group; in
  // the order the codes were asked for. A ratio is the quotient of its two sums, never a sum of
  // quotients.
  absl::StatusOr<std::vector<AggregateValue>> Aggregate(const app::Caller& caller,
                                                        const AggregateQuery& query);

  // The indicator's figure for each period from start to end, summed over the units, with its
  // year-over-year change. A ratio's point is its rate in basis points.
  absl::StatusOr<std::vector<SeriesPoint>> TimeSeries(const app::Caller& caller,
                                                      const SeriesQuery& query);
  // Which of the active units in scope owe figures for the period, and which came on time.
  absl::StatusOr<Completeness> CompletenessOf(const app::Caller& caller,
                                              const CompletenessQuery& query);

 private:
  QueryStore& StoreFor(const app::Caller& caller) const;

  QueryStore* store_;
  QueryStore* replica_ = nullptr;
  IndicatorSource* catalogue_;
  directory::UnitDirectory* units_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_QUERIES_H_

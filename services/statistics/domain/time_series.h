#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_TIME_SERIES_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_TIME_SERIES_H_

// A figure over time (时间序列) and its year-over-year change (同比): one point per period from
// start to end, each against the same period a year earlier. Integer arithmetic throughout.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/time/period.h"

namespace fazhi::statistics {

// The longest series one call returns: twenty years of months.
inline constexpr int kMaxSeriesPeriods = 240;

// The periods from start to end, both included. INVALID_ARGUMENT naming "end" when end is of
// another type, before start, or more than kMaxSeriesPeriods periods on. Both must be valid.
absl::StatusOr<std::vector<time_util::Period>> SeriesPeriods(const time_util::Period& start,
                                                             const time_util::Period& end);

// part / whole in basis points (1 = 0.01%), rounded half away from zero. whole must not be 0.
int64_t BasisPoints(int64_t part, int64_t whole);

struct YearOverYear {
  int64_t change = 0;        // current - earlier
  int64_t basis_points = 0;  // change / earlier
};

// The change against the earlier value. Nothing unless both exist and the earlier is not 0: a
// rise from nothing has no rate, and "+0%" or a made-up 100% would mislead a reader.
std::optional<YearOverYear> CompareYearOverYear(std::optional<int64_t> earlier,
                                                std::optional<int64_t> current);

struct SeriesPoint {
  time_util::Period period;
  std::optional<int64_t> value;  // empty: nothing reported
  std::optional<YearOverYear> year_over_year;
};

// The series over periods from values by period key, which should hold the year before the
// first period too so the first points have their year-over-year change.
std::vector<SeriesPoint> BuildSeries(const std::vector<time_util::Period>& periods,
                                     const std::map<std::string, int64_t>& values);

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_TIME_SERIES_H_

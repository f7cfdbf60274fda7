#include "services/statistics/domain/time_series.h"

#include "absl/strings/str_cat.h"

namespace fazhi::statistics {

using time_util::Period;

absl::StatusOr<std::vector<Period>> SeriesPeriods(const Period& start, const Period& end) {
  if (end.type != start.type) {
    return absl::InvalidArgumentError("end: must be a period of the same type as start");
  }
  if (time_util::Before(end, start)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "end: ", time_util::PeriodKey(end), " is before start ", time_util::PeriodKey(start)));
  }
  std::vector<Period> periods;
  for (Period p = start; !time_util::Before(end, p); p = time_util::Next(p)) {
    if (static_cast<int>(periods.size()) == kMaxSeriesPeriods) {
      return absl::InvalidArgumentError(
          absl::StrCat("end: a series spans at most ", kMaxSeriesPeriods, " periods; ",
                       time_util::PeriodKey(start), " to ", time_util::PeriodKey(end), " is more"));
    }
    periods.push_back(p);
  }
  return periods;
}

int64_t BasisPoints(int64_t part, int64_t whole) {
  // 128-bit intermediates: amounts in 分 times 20000 can pass 2^63.
  __int128 twice = static_cast<__int128>(part) * 20000 / whole;
  __int128 rounded = twice >= 0 ? (twice + 1) / 2 : (twice - 1) / 2;
  return static_cast<int64_t>(rounded);
}

std::optional<YearOverYear> CompareYearOverYear(std::optional<int64_t> earlier,
                                                std::optional<int64_t> current) {
  if (!earlier || !current || *earlier == 0) return std::nullopt;
  int64_t change = *current - *earlier;
  return YearOverYear{change, BasisPoints(change, *earlier)};
}

std::vector<SeriesPoint> BuildSeries(const std::vector<Period>& periods,
                                     const std::map<std::string, int64_t>& values) {
  auto find = [&](const Period& p) -> std::optional<int64_t> {
    auto it = values.find(time_util::PeriodKey(p));
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
  std::vector<SeriesPoint> series;
  series.reserve(periods.size());
  for (const Period& p : periods) {
    SeriesPoint point{p, find(p), std::nullopt};
    point.year_over_year = CompareYearOverYear(find(time_util::YearBefore(p)), point.value);
    series.push_back(point);
  }
  return series;
}

}  // namespace fazhi::statistics

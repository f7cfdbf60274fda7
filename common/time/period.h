#ifndef FAZHI_COMMON_TIME_PERIOD_H_
#define FAZHI_COMMON_TIME_PERIOD_H_

// Reporting periods (报送期): a year, a half, a quarter or a month. Every service that keeps
// figures by period uses this one definition and its one text form ("2021", "2021H1",
// "2021Q3", "2021-07"), which is also how periods are stored and written in CSV.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/date.h"

namespace fazhi::time_util {

struct Period {
  PeriodType type = PeriodType::kYear;
  int year = 0;
  int index = 0;  // 1-based half, quarter or month; 0 for a year

  bool operator==(const Period& o) const {
    return type == o.type && year == o.year && index == o.index;
  }
  bool operator!=(const Period& o) const { return !(*this == o); }
};

// INVALID_ARGUMENT naming the field unless the period exists (type known, index in range).
absl::Status CheckPeriod(const Period& period, absl::string_view field);
// The days it covers; the period must be valid.
DayRange Days(const Period& period);
// "2021", "2021H1", "2021Q3", "2021-07".
std::string PeriodKey(const Period& period);
absl::StatusOr<Period> ParsePeriodKey(absl::string_view key, absl::string_view field);
// The same period a year earlier.
Period YearBefore(const Period& period);
// The next period of the same type.
Period Next(const Period& period);
// Whether a starts before b (same type).
bool Before(const Period& a, const Period& b);

}  // namespace fazhi::time_util

#endif  // FAZHI_COMMON_TIME_PERIOD_H_

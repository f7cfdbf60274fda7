#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_INDICATOR_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_INDICATOR_H_

// The indicator catalogue (指标): what a figure means, how it is measured and added up, and the
// 示范指标 it evidences. The catalogue ships with every indicator the seed report states a figure
// for; more are managed through the API.

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/time/period.h"

namespace fazhi::statistics {

// Values match fazhi.statistics.v1.
enum class ValueType { kUnspecified = 0, kCount = 1, kAmountFen = 2, kRatio = 3 };
enum class Aggregation { kUnspecified = 0, kSum = 1, kMax = 2, kLatest = 3 };

struct Indicator {
  std::string code;
  std::string name;
  std::string unit;
  ValueType value_type = ValueType::kCount;
  Aggregation aggregation = Aggregation::kSum;
  std::set<time_util::PeriodType> period_types;
  std::string report_section;
  int demonstration_indicator = 0;
  std::string numerator_code;
  std::string denominator_code;
  std::string description;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  int64_t version = 0;
};

// An indicator code: lower-case words of [a-z0-9_] joined by '.', 3 to 100 characters.
absl::Status CheckIndicatorCode(absl::string_view code, absl::string_view field);
// Field checks, naming fields under "indicator.".
absl::Status ValidateIndicator(const Indicator& indicator);

// Every indicator the 2021 report states a figure for.
const std::vector<Indicator>& ShippedIndicators();

// The codes of the shipped indicators of a value type that are reported for a period type, in
// catalogue order (e.g. every count reported monthly).
std::vector<std::string> ShippedIndicatorCodes(ValueType value_type,
                                               time_util::PeriodType period_type);

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_INDICATOR_H_

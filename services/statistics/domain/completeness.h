#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_COMPLETENESS_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_COMPLETENESS_H_

// Completeness and timeliness of reporting (报送率, 及时率), as DHIS2 counts reporting rates:
// for one period, the figures the reporting obligations expect of each unit, those received,
// received on time or late, and those missing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/time/period.h"
#include "services/statistics/domain/unit_directory.h"

namespace fazhi::statistics {

// One indicator a kind of unit must report, due this many days after the period ends.
struct ExpectedFigure {
  std::string indicator_code;
  int due_days = 0;
};

// The last day a figure for the period is on time: the period's last day plus due_days, a day
// in China (a figure first received at any time that day is on time).
absl::CivilDay DueDate(const time_util::Period& period, int due_days);

struct UnitReporting {
  std::string department_id;
  int64_t expected = 0;
  int64_t received = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t missing = 0;
  std::vector<std::string> missing_indicators;  // in code order
};

struct Completeness {
  // The latest due date among the figures expected (obligations may differ in due days; each
  // figure is judged against its own). Empty when nothing is expected.
  std::optional<absl::CivilDay> due_date;
  int64_t expected = 0;
  int64_t received = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t missing = 0;
  // Units expected to report anything, in id order.
  std::vector<UnitReporting> units;
};

// (department id, indicator code) -> when the figure was first received (its first revision).
using FirstReceipts = std::map<std::pair<std::string, std::string>, absl::Time>;

// Judges the units in scope. Only active units are expected to report: a dissolved unit owes
// nothing. by_kind holds what each kind of unit (fazhi.department.v1.DepartmentKind) reports for
// the period's type. The register is read as it stood at the end of as_of (a day in China): a
// figure first received later is not yet received. An expected figure not received is missing
// whether or not its due date has passed.
Completeness JudgeCompleteness(const time_util::Period& period, const std::vector<Unit>& units,
                               const std::map<int, std::vector<ExpectedFigure>>& by_kind,
                               const FirstReceipts& received, absl::CivilDay as_of);

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_COMPLETENESS_H_

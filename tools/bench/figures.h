#ifndef FAZHI_TOOLS_BENCH_FIGURES_H_
#define FAZHI_TOOLS_BENCH_FIGURES_H_

// The figures the ingestion benchmark sends and its baselines load: every city unit's shipped
// monthly counts, month after month from a first year. fazhi-ingest-bench and fazhi-db-baseline
// both walk this one sequence, so the service and the baselines handle the same rows.

#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "services/department/demo/jiyuan.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::bench {

// Prints the CPU time this process has used (user + system), so a script can put the client's
// share of a run's CPU beside the server's and the database's.
inline void PrintOwnCpu() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double ms = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
              (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
  std::printf("cpu_ms %.0f\n", ms);
}

struct Figure {
  const std::string* code;
  const std::string* unit;
  int year;
  int month;
  int64_t value;
  std::string PeriodKey() const { return absl::StrFormat("%04d-%02d", year, month); }
};

inline const std::vector<std::string>& MonthlyCodes() {
  static const auto* codes = new std::vector<std::string>(statistics::ShippedIndicatorCodes(
      statistics::ValueType::kCount, time_util::PeriodType::kMonth));
  return *codes;
}

// The city and its direct children (towns and departments): the units that report monthly.
inline const std::vector<std::string>& CityUnits() {
  static const auto* units = [] {
    auto* out = new std::vector<std::string>();
    for (const auto& unit : department::demo::JiyuanUnits()) {
      if (unit.department_id() == "jiyuan" || unit.department().parent_id() == "jiyuan") {
        out->push_back(unit.department_id());
      }
    }
    return out;
  }();
  return *units;
}

// Calls fn(figure) for the first count figures from January of first_year on, over units (the
// city's units unless given): months outermost, so a stream's batch covers few periods.
template <typename Fn>
int64_t ForEachFigure(int first_year, int64_t count, Fn fn,
                      const std::vector<std::string>& units = CityUnits()) {
  int64_t n = 0;
  for (int year = first_year; n < count; ++year) {
    for (int month = 1; month <= 12 && n < count; ++month) {
      for (const std::string& unit : units) {
        for (const std::string& code : MonthlyCodes()) {
          if (n == count) return n;
          fn(Figure{&code, &unit, year, month, (n * 7919 + 13) % 100000});
          ++n;
        }
      }
    }
  }
  return n;
}

}  // namespace fazhi::bench

#endif  // FAZHI_TOOLS_BENCH_FIGURES_H_

#include "services/statistics/domain/completeness.h"

#include <algorithm>

#include "common/time/date.h"

namespace fazhi::statistics {

absl::CivilDay DueDate(const time_util::Period& period, int due_days) {
  return time_util::Days(period).last + due_days;
}

Completeness JudgeCompleteness(const time_util::Period& period, const std::vector<Unit>& units,
                               const std::map<int, std::vector<ExpectedFigure>>& by_kind,
                               const FirstReceipts& received, absl::CivilDay as_of) {
  Completeness out;
  std::vector<const Unit*> ordered;
  for (const Unit& u : units) ordered.push_back(&u);
  std::sort(ordered.begin(), ordered.end(),
            [](const Unit* a, const Unit* b) { return a->id < b->id; });
  for (const Unit* unit : ordered) {
    auto kind = by_kind.find(unit->kind);
    if (!unit->active || kind == by_kind.end() || kind->second.empty()) continue;
    std::vector<ExpectedFigure> figures = kind->second;
    std::sort(figures.begin(), figures.end(), [](const ExpectedFigure& a, const ExpectedFigure& b) {
      return a.indicator_code < b.indicator_code;
    });
    UnitReporting row;
    row.department_id = unit->id;
    for (const ExpectedFigure& figure : figures) {
      absl::CivilDay due = DueDate(period, figure.due_days);
      if (!out.due_date || *out.due_date < due) out.due_date = due;
      ++row.expected;
      auto first = received.find({unit->id, figure.indicator_code});
      if (first == received.end() || time_util::DayInChina(first->second) > as_of) {
        ++row.missing;
        row.missing_indicators.push_back(figure.indicator_code);
        continue;
      }
      ++row.received;
      if (time_util::DayInChina(first->second) <= due) {
        ++row.on_time;
      } else {
        ++row.late;
      }
    }
    out.expected += row.expected;
    out.received += row.received;
    out.on_time += row.on_time;
    out.late += row.late;
    out.missing += row.missing;
    out.units.push_back(std::move(row));
  }
  return out;
}

}  // namespace fazhi::statistics

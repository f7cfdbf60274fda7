#include "services/statistics/app/queries.h"

#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::statistics {

using time_util::Period;
using time_util::PeriodKey;

QueryStore& StatisticsQueries::StoreFor(const app::Caller& caller) const {
  return replica_ != nullptr && app::MayReadFromReplica(caller) ? *replica_ : *store_;
}

absl::StatusOr<std::vector<AggregateValue>> StatisticsQueries::Aggregate(
    const app::Caller& caller, const AggregateQuery& query) {
  QueryStore& store = StoreFor(caller);
  if (query.end.type != query.start.type || time_util::Before(query.end, query.start)) {
    return absl::InvalidArgumentError(
        "end: must be a period of the same type as start, not before it");
  }
  std::vector<std::string> period_keys;
  for (Period p = query.start; !time_util::Before(query.end, p) && period_keys.size() < 1000;
       p = time_util::Next(p)) {
    period_keys.push_back(PeriodKey(p));
  }
  // As TimeSeries and Completeness do: a malformed id is the caller's error, not a registry
  // lookup that finds nothing.
  if (absl::Status s = validation::CheckId(query.department_id, "department_id"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> units = directory::UnitOrSubtree(
      *units_, query.department_id, query.include_descendants, "department_id");
  if (!units.ok()) return units.status();
  const std::vector<std::string>& requested = query.indicator_codes;
  absl::StatusOr<std::map<std::string, Indicator>> indicators =
      catalogue_->GetIndicators(requested);
  if (!indicators.ok()) return indicators.status();
  std::vector<AggregateValue> out;
  for (size_t i = 0; i < requested.size(); ++i) {
    auto it = indicators->find(requested[i]);
    if (it == indicators->end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("indicator_codes[", i, "]: no indicator '", requested[i], "'"));
    }
    const Indicator& indicator = it->second;
    bool ratio = indicator.value_type == ValueType::kRatio;
    std::vector<std::string> codes =
        ratio ? std::vector<std::string>{indicator.numerator_code, indicator.denominator_code}
              : std::vector<std::string>{indicator.code};
    absl::StatusOr<std::vector<AggregateRow>> rows = store.Aggregate(
        codes, *units, period_keys, indicator.aggregation == Aggregation::kMax, query.group);
    if (!rows.ok()) return rows.status();
    std::map<std::string, std::pair<const AggregateRow*, const AggregateRow*>> by_group;
    for (const AggregateRow& row : *rows) {
      auto& slot = by_group[row.group];
      (row.indicator_code == codes[0] ? slot.first : slot.second) = &row;
    }
    // Ungrouped, an indicator with no figures still answers: one value, empty.
    if (by_group.empty() && query.group == GroupColumn::kNone) by_group[""] = {nullptr, nullptr};
    for (const auto& [key, pair] : by_group) {
      AggregateValue v;
      v.indicator_code = indicator.code;
      v.group = key;
      const AggregateRow* value = pair.first;
      v.has_value = value != nullptr;
      v.value = value ? value->value : 0;
      v.point_count = value ? value->point_count : 0;
      if (ratio) {
        v.ratio = true;
        v.denominator = pair.second ? pair.second->value : 0;
        v.has_value = value != nullptr && v.denominator > 0;
        if (v.denominator > 0) {
          // Round half up to whole basis points, in integers.
          v.rate_basis_points = (v.value * 20000 / v.denominator + 1) / 2;
        }
      }
      out.push_back(std::move(v));
    }
  }
  return out;
}

absl::StatusOr<std::vector<SeriesPoint>> StatisticsQueries::TimeSeries(const app::Caller& caller,
                                                                       const SeriesQuery& query) {
  QueryStore& store = StoreFor(caller);
  absl::StatusOr<std::vector<Period>> periods = SeriesPeriods(query.start, query.end);
  if (!periods.ok()) return periods.status();
  if (absl::Status s = validation::CheckId(query.department_id, "department_id"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> units = directory::UnitOrSubtree(
      *units_, query.department_id, query.include_descendants, "department_id");
  if (!units.ok()) return units.status();
  absl::StatusOr<std::optional<Indicator>> indicator = store.GetIndicator(query.indicator_code);
  if (!indicator.ok()) return indicator.status();
  if (!indicator->has_value()) {
    return absl::NotFoundError(
        absl::StrCat("indicator_code: no indicator '", query.indicator_code, "'"));
  }
  const Indicator& i = **indicator;
  if (!i.period_types.count(query.start.type)) {
    return absl::InvalidArgumentError(absl::StrCat("start.type: '", i.code,
                                                   "' is not reported for periods of this type (",
                                                   PeriodKey(query.start), ")"));
  }

  // One statement per unit chunk, grouped by period, from a year before start so the first
  // points have their year-over-year change too.
  std::vector<std::string> keys;
  for (Period p = time_util::YearBefore(query.start); !time_util::Before(query.end, p);
       p = time_util::Next(p)) {
    keys.push_back(PeriodKey(p));
  }
  bool ratio = i.value_type == ValueType::kRatio;
  std::vector<std::string> codes =
      ratio ? std::vector<std::string>{i.numerator_code, i.denominator_code}
            : std::vector<std::string>{i.code};
  absl::StatusOr<std::vector<AggregateRow>> rows = store.Aggregate(
      codes, *units, keys, i.aggregation == Aggregation::kMax, GroupColumn::kPeriod);
  if (!rows.ok()) return rows.status();
  std::map<std::string, int64_t> values;
  if (ratio) {
    // A ratio's point is its rate in basis points, the quotient of the period's two sums (as
    // Aggregate's rate_basis_points); no value where the denominator is absent or 0.
    std::map<std::string, int64_t> numerators, denominators;
    for (const AggregateRow& row : *rows) {
      (row.indicator_code == i.numerator_code ? numerators : denominators)[row.group] = row.value;
    }
    for (const auto& [key, numerator] : numerators) {
      auto d = denominators.find(key);
      if (d != denominators.end() && d->second > 0) {
        values[key] = BasisPoints(numerator, d->second);
      }
    }
  } else {
    for (const AggregateRow& row : *rows) values[row.group] = row.value;
  }
  return BuildSeries(*periods, values);
}

absl::StatusOr<Completeness> StatisticsQueries::CompletenessOf(const app::Caller& caller,
                                                               const CompletenessQuery& query) {
  QueryStore& store = StoreFor(caller);
  if (absl::Status s = validation::CheckId(query.department_id, "department_id"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> ids = directory::UnitOrSubtree(
      *units_, query.department_id, query.include_descendants, "department_id");
  if (!ids.ok()) return ids.status();

  absl::StatusOr<std::vector<Obligation>> obligations = store.ListObligations("");
  if (!obligations.ok()) return obligations.status();
  std::map<int, std::vector<ExpectedFigure>> by_kind;
  for (const Obligation& o : *obligations) {
    if (o.period_type == query.period.type) {
      by_kind[o.department_kind].push_back({o.indicator_code, o.due_days});
    }
  }
  // Only active units of a kind that owes figures are asked about.
  std::vector<Unit> units;
  std::vector<std::string> reporting;
  std::set<std::string> codes;
  for (const std::string& id : *ids) {
    absl::StatusOr<std::optional<Unit>> unit = units_->Find(id);
    if (!unit.ok()) return unit.status();
    if (!unit->has_value() || !(*unit)->active) continue;
    auto kind = by_kind.find((*unit)->kind);
    if (kind == by_kind.end()) continue;
    units.push_back(**unit);
    reporting.push_back(id);
    for (const ExpectedFigure& f : kind->second) codes.insert(f.indicator_code);
  }
  absl::StatusOr<FirstReceipts> receipts = store.FindFirstReceipts(
      PeriodKey(query.period), std::vector<std::string>(codes.begin(), codes.end()), reporting);
  if (!receipts.ok()) return receipts.status();
  return JudgeCompleteness(query.period, units, by_kind, *receipts,
                           query.as_of.value_or(time_util::DayInChina(caller.now)));
}

}  // namespace fazhi::statistics

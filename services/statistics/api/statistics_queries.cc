// The reading RPCs over time and over the reporting obligations: GetTimeSeries and
// GetCompleteness. The rules live in domain/time_series and domain/completeness; the sums and
// first receipts are computed in SQL.

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/api/proto_time.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/statistics/api/statistics_convert.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/domain/completeness.h"
#include "services/statistics/domain/time_series.h"

namespace fazhi::statistics {

using grpc_util::ToGrpcStatus;
using time_util::Period;
using time_util::PeriodKey;

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetTimeSeries(
    grpc::CallbackServerContext* context, const v1::GetTimeSeriesRequest* request,
    v1::GetTimeSeriesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIndicatorCode(request->indicator_code(), "indicator_code"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<Period> start = PeriodFromProto(request->start(), "start");
    if (!start.ok()) return ToGrpcStatus(start.status());
    Period end = *start;
    if (request->has_end()) {
      absl::StatusOr<Period> e = PeriodFromProto(request->end(), "end");
      if (!e.ok()) return ToGrpcStatus(e.status());
      end = *e;
    }
    absl::StatusOr<std::vector<Period>> periods = SeriesPeriods(*start, end);
    if (!periods.ok()) return ToGrpcStatus(periods.status());
    if (absl::Status s = validation::CheckId(request->department_id(), "department_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::vector<std::string>> units = directory::UnitOrSubtree(
        *units_, request->department_id(), request->include_descendants(), "department_id");
    if (!units.ok()) return ToGrpcStatus(units.status());
    absl::StatusOr<std::optional<Indicator>> indicator =
        store_->GetIndicator(request->indicator_code());
    if (!indicator.ok()) return ToGrpcStatus(indicator.status());
    if (!indicator->has_value()) {
      return ToGrpcStatus(absl::NotFoundError(
          absl::StrCat("indicator_code: no indicator '", request->indicator_code(), "'")));
    }
    const Indicator& i = **indicator;
    if (!i.period_types.count(start->type)) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("start.type: '", i.code, "' is not reported for periods of this type (",
                       PeriodKey(*start), ")")));
    }

    // One statement per unit chunk, grouped by period, from a year before start so the first
    // points have their year-over-year change too.
    std::vector<std::string> keys;
    for (Period p = time_util::YearBefore(*start); !time_util::Before(end, p);
         p = time_util::Next(p)) {
      keys.push_back(PeriodKey(p));
    }
    bool ratio = i.value_type == ValueType::kRatio;
    std::vector<std::string> codes =
        ratio ? std::vector<std::string>{i.numerator_code, i.denominator_code}
              : std::vector<std::string>{i.code};
    absl::StatusOr<std::vector<AggregateRow>> rows = store_->Aggregate(
        codes, *units, keys, i.aggregation == Aggregation::kMax, GroupColumn::kPeriod);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
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
        if (d != denominators.end() && d->second > 0)
          values[key] = BasisPoints(numerator, d->second);
      }
    } else {
      for (const AggregateRow& row : *rows) values[row.group] = row.value;
    }
    for (const SeriesPoint& point : BuildSeries(*periods, values)) {
      v1::TimeSeriesPoint* out = response->add_points();
      *out->mutable_period() = PeriodToProto(point.period);
      out->set_has_value(point.value.has_value());
      out->set_value(point.value.value_or(0));
      out->set_has_year_over_year(point.year_over_year.has_value());
      if (point.year_over_year) {
        out->set_year_over_year_change(point.year_over_year->change);
        out->set_year_over_year_basis_points(point.year_over_year->basis_points);
      }
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetCompleteness(
    grpc::CallbackServerContext* context, const v1::GetCompletenessRequest* request,
    v1::GetCompletenessResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
    if (!period.ok()) return ToGrpcStatus(period.status());
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    if (absl::Status s = validation::CheckId(request->department_id(), "department_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::vector<std::string>> ids = directory::UnitOrSubtree(
        *units_, request->department_id(), request->include_descendants(), "department_id");
    if (!ids.ok()) return ToGrpcStatus(ids.status());

    absl::StatusOr<std::vector<Obligation>> obligations = store_->ListObligations("");
    if (!obligations.ok()) return ToGrpcStatus(obligations.status());
    std::map<int, std::vector<ExpectedFigure>> by_kind;
    for (const Obligation& o : *obligations) {
      if (o.period_type == period->type) {
        by_kind[o.department_kind].push_back({o.indicator_code, o.due_days});
      }
    }
    // Only active units of a kind that owes figures are asked about.
    std::vector<Unit> units;
    std::vector<std::string> reporting;
    std::set<std::string> codes;
    for (const std::string& id : *ids) {
      absl::StatusOr<std::optional<Unit>> unit = units_->Find(id);
      if (!unit.ok()) return ToGrpcStatus(unit.status());
      if (!unit->has_value() || !(*unit)->active) continue;
      auto kind = by_kind.find((*unit)->kind);
      if (kind == by_kind.end()) continue;
      units.push_back(**unit);
      reporting.push_back(id);
      for (const ExpectedFigure& f : kind->second) codes.insert(f.indicator_code);
    }
    absl::StatusOr<FirstReceipts> receipts = store_->FindFirstReceipts(
        PeriodKey(*period), std::vector<std::string>(codes.begin(), codes.end()), reporting);
    if (!receipts.ok()) return ToGrpcStatus(receipts.status());

    Completeness c = JudgeCompleteness(*period, units, by_kind, *receipts,
                                       as_of->value_or(time_util::TodayInChina()));
    if (c.due_date) *response->mutable_due_date() = api::DateToProto(*c.due_date);
    response->set_expected(c.expected);
    response->set_received(c.received);
    response->set_on_time(c.on_time);
    response->set_late(c.late);
    response->set_missing(c.missing);
    for (const UnitReporting& u : c.units) {
      v1::UnitCompleteness* out = response->add_units();
      out->set_department_id(u.department_id);
      out->set_expected(u.expected);
      out->set_received(u.received);
      out->set_on_time(u.on_time);
      out->set_late(u.late);
      out->set_missing(u.missing);
      for (const std::string& code : u.missing_indicators) out->add_missing_indicators(code);
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

// The reading RPCs over time and over the reporting obligations: GetTimeSeries and
// GetCompleteness. The use cases are app/queries; here only proto <-> query and result.

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "services/statistics/api/statistics_convert.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/app/queries.h"

namespace fazhi::statistics {

using grpc_util::ToGrpcStatus;
using time_util::Period;

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetTimeSeries(
    grpc::CallbackServerContext* context, const v1::GetTimeSeriesRequest* request,
    v1::GetTimeSeriesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    // The code is checked before the periods are read, so a request wrong in both names it.
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
    absl::StatusOr<std::vector<SeriesPoint>> series =
        queries_.TimeSeries(grpc_util::CurrentCaller(),
                            SeriesQuery{request->indicator_code(), *start, end,
                                        request->department_id(), request->include_descendants()});
    if (!series.ok()) return ToGrpcStatus(series.status());
    for (const SeriesPoint& point : *series) {
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
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    // The token is bound to the scope and day it pages; the totals are recomputed each page.
    std::string query =
        absl::StrCat("GetCompleteness|", time_util::PeriodKey(*period), "|",
                     request->department_id(), "|", request->include_descendants(), "|",
                     *as_of ? time_util::FormatDay(**as_of) : std::string("today"));
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    absl::StatusOr<Completeness> c = queries_.CompletenessOf(
        grpc_util::CurrentCaller(), CompletenessQuery{*period, *as_of, request->department_id(),
                                                      request->include_descendants()});
    if (!c.ok()) return ToGrpcStatus(c.status());
    if (c->due_date) *response->mutable_due_date() = api::DateToProto(*c->due_date);
    response->set_expected(c->expected);
    response->set_received(c->received);
    response->set_on_time(c->on_time);
    response->set_late(c->late);
    response->set_missing(c->missing);
    response->set_unit_count(static_cast<int64_t>(c->units.size()));
    // The units come in id order: a page is the units after the last id of the one before.
    std::vector<UnitReporting>& units = c->units;
    std::sort(units.begin(), units.end(), [](const UnitReporting& a, const UnitReporting& b) {
      return a.department_id < b.department_id;
    });
    auto first = units.begin();
    if (*cursor) {
      first = std::upper_bound(
          units.begin(), units.end(), (**cursor)[0],
          [](const std::string& id, const UnitReporting& u) { return id < u.department_id; });
    }
    auto last = units.end() - first > *page_size ? first + *page_size : units.end();
    if (last != units.end()) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {std::prev(last)->department_id}));
    }
    for (auto it = first; it != last; ++it) {
      const UnitReporting& u = *it;
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

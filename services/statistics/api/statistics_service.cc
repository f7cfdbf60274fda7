#include "services/statistics/api/statistics_service.h"

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/statistics/api/statistics_convert.h"

namespace fazhi::statistics {
namespace {

using grpc_util::ToGrpcStatus;
using time_util::Period;
using time_util::PeriodKey;

v1::Indicator IndicatorToProto(const Indicator& i) {
  v1::Indicator p;
  p.set_code(i.code);
  p.set_name(i.name);
  p.set_unit(i.unit);
  p.set_value_type(static_cast<v1::ValueType>(i.value_type));
  p.set_aggregation(static_cast<v1::Aggregation>(i.aggregation));
  for (time_util::PeriodType t : i.period_types) {
    p.add_period_types(static_cast<common::v1::PeriodType>(t));
  }
  p.set_report_section(i.report_section);
  p.set_demonstration_indicator(i.demonstration_indicator);
  p.set_numerator_code(i.numerator_code);
  p.set_denominator_code(i.denominator_code);
  p.set_description(i.description);
  *p.mutable_create_time() = api::TimeToProto(i.create_time);
  *p.mutable_update_time() = api::TimeToProto(i.update_time);
  p.set_etag(api::FormatEtag(i.version));
  return p;
}

absl::StatusOr<Indicator> IndicatorFromProto(const v1::Indicator& p) {
  Indicator i;
  i.code = p.code();
  i.name = p.name();
  i.unit = p.unit();
  if (!v1::ValueType_IsValid(p.value_type())) {
    return absl::InvalidArgumentError("indicator.value_type: unknown value");
  }
  i.value_type = static_cast<ValueType>(p.value_type());
  if (!v1::Aggregation_IsValid(p.aggregation())) {
    return absl::InvalidArgumentError("indicator.aggregation: unknown value");
  }
  i.aggregation = static_cast<Aggregation>(p.aggregation());
  for (int t : p.period_types()) {
    if (t < 1 || t > 4) {
      return absl::InvalidArgumentError(absl::StrCat("indicator.period_types: unknown value ", t));
    }
    i.period_types.insert(static_cast<time_util::PeriodType>(t));
  }
  i.report_section = p.report_section();
  i.demonstration_indicator = p.demonstration_indicator();
  i.numerator_code = p.numerator_code();
  i.denominator_code = p.denominator_code();
  i.description = p.description();
  return i;
}

// The period type is taken as sent: the catalogue refuses one the indicator is not reported for.
Obligation ObligationFromProto(const v1::ReportingObligation& p) {
  return Obligation{p.indicator_code(), p.department_kind(),
                    static_cast<time_util::PeriodType>(p.period_type()), p.due_days()};
}

v1::ReportingObligation ObligationToProto(const Obligation& o) {
  v1::ReportingObligation p;
  p.set_indicator_code(o.indicator_code);
  p.set_department_kind(o.department_kind);
  p.set_period_type(static_cast<common::v1::PeriodType>(o.period_type));
  p.set_due_days(o.due_days);
  return p;
}

v1::PeriodLock LockToProto(const PeriodLock& l) {
  v1::PeriodLock p;
  p.set_id(l.id);
  *p.mutable_period() = PeriodKeyToProto(l.period_key);
  p.set_department_id(l.department_id);
  p.set_reason(l.reason);
  p.set_locked_by(l.locked_by);
  *p.mutable_lock_time() = api::TimeToProto(l.lock_time);
  p.set_unlocked(l.unlocked);
  p.set_unlock_reason(l.unlock_reason);
  p.set_unlocked_by(l.unlocked_by);
  if (l.unlocked) *p.mutable_unlock_time() = api::TimeToProto(l.unlock_time);
  return p;
}

}  // namespace

grpc::ServerUnaryReactor* StatisticsServiceImpl::CreateIndicator(
    grpc::CallbackServerContext* context, const v1::CreateIndicatorRequest* request,
    v1::Indicator* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Indicator> indicator = IndicatorFromProto(request->indicator());
    if (!indicator.ok()) return ToGrpcStatus(indicator.status());
    absl::StatusOr<Indicator> created =
        catalogue_.Create(grpc_util::CurrentCaller(), *std::move(indicator));
    if (!created.ok()) return ToGrpcStatus(created.status());
    *response = IndicatorToProto(*created);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetIndicator(
    grpc::CallbackServerContext* context, const v1::GetIndicatorRequest* request,
    v1::Indicator* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Indicator> found = catalogue_.Get(request->code());
    if (!found.ok()) return ToGrpcStatus(found.status());
    *response = IndicatorToProto(*found);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListIndicators(
    grpc::CallbackServerContext* context, const v1::ListIndicatorsRequest* request,
    v1::ListIndicatorsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<IndicatorPage> page = catalogue_.List(
        request->report_section(), request->page().page_size(), request->page().page_token());
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (const Indicator& i : page->indicators) *response->add_indicators() = IndicatorToProto(i);
    if (!page->next_page_token.empty()) {
      response->mutable_page()->set_next_page_token(page->next_page_token);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::UpdateIndicator(
    grpc::CallbackServerContext* context, const v1::UpdateIndicatorRequest* request,
    v1::Indicator* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Indicator> changes = IndicatorFromProto(request->indicator());
    if (!changes.ok()) return ToGrpcStatus(changes.status());
    IndicatorUpdate update{
        *std::move(changes),
        {request->update_mask().paths().begin(), request->update_mask().paths().end()},
        request->indicator().etag()};
    absl::StatusOr<Indicator> updated = catalogue_.Update(grpc_util::CurrentCaller(), update);
    if (!updated.ok()) return ToGrpcStatus(updated.status());
    *response = IndicatorToProto(*updated);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::SetReportingObligation(
    grpc::CallbackServerContext* context, const v1::SetReportingObligationRequest* request,
    v1::ReportingObligation* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Obligation> set = catalogue_.SetObligation(
        grpc_util::CurrentCaller(), ObligationFromProto(request->obligation()));
    if (!set.ok()) return ToGrpcStatus(set.status());
    *response = ObligationToProto(*set);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListReportingObligations(
    grpc::CallbackServerContext* context, const v1::ListReportingObligationsRequest* request,
    v1::ListReportingObligationsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::vector<Obligation>> rows =
        catalogue_.ListObligations(request->indicator_code());
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    for (const Obligation& o : *rows) *response->add_obligations() = ObligationToProto(o);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::GetDataPoint(
    grpc::CallbackServerContext* context, const v1::GetDataPointRequest* request,
    v1::DataPoint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
    if (!period.ok()) return ToGrpcStatus(period.status());
    absl::StatusOr<StoredPoint> point = figures_.Get(
        PointKey{request->indicator_code(), request->department_id(), PeriodKey(*period)});
    if (!point.ok()) return ToGrpcStatus(point.status());
    response->set_indicator_code(request->indicator_code());
    response->set_department_id(request->department_id());
    *response->mutable_period() = PeriodToProto(*period);
    response->set_value(point->value);
    response->set_source(point->source);
    response->set_revision(point->revision);
    *response->mutable_update_time() = api::TimeToProto(point->update_time);
    response->set_updated_by(point->updated_by);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListRevisions(
    grpc::CallbackServerContext* context, const v1::ListRevisionsRequest* request,
    v1::ListRevisionsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    // The figure's key is checked first: a code or id that cannot exist is refused naming it,
    // not answered with an empty history.
    if (absl::Status s = CheckIndicatorCode(request->indicator_code(), "indicator_code"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = validation::CheckId(request->department_id(), "department_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
    if (!period.ok()) return ToGrpcStatus(period.status());
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    PointKey key{request->indicator_code(), request->department_id(), PeriodKey(*period)};
    // The token is bound to the figure it pages.
    std::string query = absl::StrCat("ListRevisions|", std::get<0>(key), "|", std::get<1>(key), "|",
                                     std::get<2>(key));
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    int64_t after = 0;
    if (*cursor && !absl::SimpleAtoi((**cursor)[0], &after)) {
      return ToGrpcStatus(absl::InvalidArgumentError("page.page_token: not a page of this list"));
    }
    absl::StatusOr<RevisionPage> revisions = figures_.Revisions(key, after, *page_size);
    if (!revisions.ok()) return ToGrpcStatus(revisions.status());
    if (revisions->more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(revisions->revisions.back().revision)}));
    }
    for (const RevisionRecord& r : revisions->revisions) {
      v1::Revision* out = response->add_revisions();
      out->set_revision(r.revision);
      out->set_had_previous(r.previous_value.has_value());
      out->set_previous_value(r.previous_value.value_or(0));
      out->set_value(r.value);
      out->set_actor(r.actor);
      *out->mutable_time() = api::TimeToProto(r.time);
      out->set_request_id(r.request_id);
      out->set_source(r.source);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::Aggregate(grpc::CallbackServerContext* context,
                                                           const v1::AggregateRequest* request,
                                                           v1::AggregateResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    // Checked before the periods are read, so a request wrong in both names the codes.
    if (request->indicator_codes_size() == 0 || request->indicator_codes_size() > 100) {
      return ToGrpcStatus(absl::InvalidArgumentError("indicator_codes: name 1 to 100 indicators"));
    }
    absl::StatusOr<Period> start = PeriodFromProto(request->start(), "start");
    if (!start.ok()) return ToGrpcStatus(start.status());
    Period end = *start;
    if (request->has_end()) {
      absl::StatusOr<Period> e = PeriodFromProto(request->end(), "end");
      if (!e.ok()) return ToGrpcStatus(e.status());
      end = *e;
    }
    AggregateQuery query;
    query.indicator_codes.assign(request->indicator_codes().begin(),
                                 request->indicator_codes().end());
    query.start = *start;
    query.end = end;
    query.department_id = request->department_id();
    query.include_descendants = request->include_descendants();
    query.group = request->group_by() == v1::GROUP_BY_DEPARTMENT ? GroupColumn::kDepartment
                  : request->group_by() == v1::GROUP_BY_PERIOD   ? GroupColumn::kPeriod
                                                                 : GroupColumn::kNone;
    absl::StatusOr<std::vector<AggregateValue>> values =
        queries_.Aggregate(grpc_util::CurrentCaller(), query);
    if (!values.ok()) return ToGrpcStatus(values.status());
    for (const AggregateValue& v : *values) {
      v1::AggregateValue* out = response->add_values();
      out->set_indicator_code(v.indicator_code);
      if (query.group == GroupColumn::kDepartment) out->set_department_id(v.group);
      if (query.group == GroupColumn::kPeriod) *out->mutable_period() = PeriodKeyToProto(v.group);
      out->set_has_value(v.has_value);
      out->set_value(v.value);
      out->set_point_count(v.point_count);
      if (v.ratio) out->set_denominator(v.denominator);
      if (v.rate_basis_points) out->set_rate_basis_points(*v.rate_basis_points);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::LockPeriod(grpc::CallbackServerContext* context,
                                                            const v1::LockPeriodRequest* request,
                                                            v1::PeriodLock* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
    if (!period.ok()) return ToGrpcStatus(period.status());
    absl::StatusOr<PeriodLock> lock =
        period_locks_.Lock(grpc_util::CurrentCaller(),
                           LockCommand{*period, request->department_id(), request->reason()});
    if (!lock.ok()) return ToGrpcStatus(lock.status());
    *response = LockToProto(*lock);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::UnlockPeriod(
    grpc::CallbackServerContext* context, const v1::UnlockPeriodRequest* request,
    v1::PeriodLock* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<PeriodLock> unlocked =
        period_locks_.Unlock(grpc_util::CurrentCaller(), request->lock_id(), request->reason());
    if (!unlocked.ok()) return ToGrpcStatus(unlocked.status());
    *response = LockToProto(*unlocked);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListPeriodLocks(
    grpc::CallbackServerContext* context, const v1::ListPeriodLocksRequest* request,
    v1::ListPeriodLocksResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
    if (!period.ok()) return ToGrpcStatus(period.status());
    // No page (a client from release 1) is the first page of the default size.
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    // The token is bound to the period and to whether ended locks are listed.
    const std::string query = absl::StrCat("ListPeriodLocks|", PeriodKey(*period), "|",
                                           request->include_unlocked() ? "all" : "active");
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<LockCursor> after;
    if (*cursor) {
      int64_t micros = 0;
      if (!absl::SimpleAtoi((**cursor)[0], &micros)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token: not a page of this list"));
      }
      after = LockCursor{absl::FromUnixMicros(micros), (**cursor)[1]};
    }
    absl::StatusOr<LockPage> page =
        period_locks_.List(*period, request->include_unlocked(), after, *page_size);
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (const PeriodLock& l : page->locks) *response->add_locks() = LockToProto(l);
    if (page->more) {
      const PeriodLock& last = page->locks.back();
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(absl::ToUnixMicros(last.lock_time)), last.id}));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

#include "services/statistics/api/statistics_service.h"

#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::statistics {
namespace {

using grpc_util::ToGrpcStatus;
using time_util::Period;
using time_util::PeriodKey;

constexpr int kMaxPointsPerCall = 100000;

absl::StatusOr<Period> PeriodFromProto(const common::v1::Period& p, absl::string_view field) {
  Period period{static_cast<time_util::PeriodType>(p.type()), p.year(), p.index()};
  if (absl::Status s = time_util::CheckPeriod(period, field); !s.ok()) return s;
  return period;
}

common::v1::Period PeriodToProto(const Period& p) {
  common::v1::Period out;
  out.set_type(static_cast<common::v1::PeriodType>(p.type));
  out.set_year(p.year);
  out.set_index(p.index);
  return out;
}

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

PointInput PointFromProto(const v1::DataPoint& p, int64_t row) {
  return PointInput{p.indicator_code(), p.department_id(),
                    Period{static_cast<time_util::PeriodType>(p.period().type()),
                           p.period().year(), p.period().index()},
                    p.value(), row};
}

// Admins and other fazhi services report for any unit; a clerk for its own only.
bool MayWriteFor(const std::optional<auth::Principal>& principal, absl::string_view unit) {
  if (!principal) return false;
  if (principal->HasRole(auth::Role::kAdmin) || principal->HasRole(auth::Role::kService)) {
    return true;
  }
  return principal->HasRole(auth::Role::kClerk) && principal->department_id == unit;
}

v1::PeriodLock LockToProto(const PeriodLock& l) {
  v1::PeriodLock p;
  p.set_id(l.id);
  absl::StatusOr<Period> period = time_util::ParsePeriodKey(l.period_key, "period");
  if (period.ok()) *p.mutable_period() = PeriodToProto(*period);
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

absl::StatusOr<ImportMode> ModeFromProto(v1::ImportMode mode) {
  switch (mode) {
    case v1::IMPORT_MODE_UNSPECIFIED:
    case v1::IMPORT_MODE_UPSERT:
      return ImportMode::kUpsert;
    case v1::IMPORT_MODE_CREATE_ONLY:
      return ImportMode::kCreateOnly;
    case v1::IMPORT_MODE_UPDATE:
      return ImportMode::kUpdate;
    default:
      return absl::InvalidArgumentError("options.mode: unknown value");
  }
}

}  // namespace

grpc::Status StatisticsServiceImpl::CreateIndicator(grpc::ServerContext* context,
                                                    const v1::CreateIndicatorRequest* request,
                                                    v1::Indicator* response) {
  absl::StatusOr<Indicator> indicator = IndicatorFromProto(request->indicator());
  if (!indicator.ok()) return ToGrpcStatus(indicator.status());
  if (absl::Status s = ValidateIndicator(*indicator); !s.ok()) return ToGrpcStatus(s);
  if (indicator->value_type == ValueType::kRatio) {
    absl::StatusOr<std::map<std::string, Indicator>> parts =
        store_->GetIndicators({indicator->numerator_code, indicator->denominator_code});
    if (!parts.ok()) return ToGrpcStatus(parts.status());
    for (const std::string* code : {&indicator->numerator_code, &indicator->denominator_code}) {
      auto it = parts->find(*code);
      if (it == parts->end() || it->second.value_type == ValueType::kRatio) {
        return ToGrpcStatus(absl::InvalidArgumentError(absl::StrCat(
            "indicator: a ratio is computed from two count indicators; '", *code, "' is not one")));
      }
    }
  }
  indicator->create_time = indicator->update_time = absl::Now();
  indicator->version = 1;
  if (absl::Status s =
          store_->CreateIndicator(grpc_util::CurrentAuditContext(*context), *indicator);
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = IndicatorToProto(*indicator);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::GetIndicator(grpc::ServerContext*,
                                                 const v1::GetIndicatorRequest* request,
                                                 v1::Indicator* response) {
  if (absl::Status s = CheckIndicatorCode(request->code(), "code"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<std::optional<Indicator>> found = store_->GetIndicator(request->code());
  if (!found.ok()) return ToGrpcStatus(found.status());
  if (!found->has_value()) {
    return ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("code: no indicator '", request->code(), "'")));
  }
  *response = IndicatorToProto(**found);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::ListIndicators(grpc::ServerContext*,
                                                   const v1::ListIndicatorsRequest* request,
                                                   v1::ListIndicatorsResponse* response) {
  absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
  if (!page_size.ok()) return ToGrpcStatus(page_size.status());
  if (absl::Status s = validation::CheckText(request->report_section(), "report_section", 0, 40);
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  std::string query = absl::StrCat("ListIndicators|", request->report_section());
  absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
      page_tokens_->DecodePage(request->page().page_token(), query, 1);
  if (!cursor.ok()) return ToGrpcStatus(cursor.status());
  absl::StatusOr<std::vector<Indicator>> rows = store_->ListIndicators(
      request->report_section(), *cursor ? (**cursor)[0] : "", *page_size + 1);
  if (!rows.ok()) return ToGrpcStatus(rows.status());
  bool more = api::TrimToPage(*rows, *page_size);
  for (const Indicator& i : *rows) *response->add_indicators() = IndicatorToProto(i);
  if (more) {
    response->mutable_page()->set_next_page_token(page_tokens_->Encode(query, {rows->back().code}));
  }
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::UpdateIndicator(grpc::ServerContext* context,
                                                    const v1::UpdateIndicatorRequest* request,
                                                    v1::Indicator* response) {
  absl::StatusOr<Indicator> changes = IndicatorFromProto(request->indicator());
  if (!changes.ok()) return ToGrpcStatus(changes.status());
  absl::StatusOr<std::optional<Indicator>> found = store_->GetIndicator(changes->code);
  if (!found.ok()) return ToGrpcStatus(found.status());
  if (!found->has_value()) {
    return ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("indicator.code: no indicator '", changes->code, "'")));
  }
  Indicator updated = **found;
  if (request->update_mask().paths_size() == 0) {
    return ToGrpcStatus(absl::InvalidArgumentError("update_mask is required"));
  }
  for (const std::string& path : request->update_mask().paths()) {
    if (path == "name") {
      updated.name = changes->name;
    } else if (path == "unit") {
      updated.unit = changes->unit;
    } else if (path == "aggregation") {
      updated.aggregation = changes->aggregation;
    } else if (path == "period_types") {
      updated.period_types = changes->period_types;
    } else if (path == "report_section") {
      updated.report_section = changes->report_section;
    } else if (path == "demonstration_indicator") {
      updated.demonstration_indicator = changes->demonstration_indicator;
    } else if (path == "description") {
      updated.description = changes->description;
    } else {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("update_mask: '", validation::IsValidUtf8(path) ? path : "?",
                       "' cannot be updated (the code and value type never change)")));
    }
  }
  if (absl::Status s = ValidateIndicator(updated); !s.ok()) return ToGrpcStatus(s);
  if (absl::Status s =
          api::CheckEtag(request->indicator().etag(), (*found)->version, "indicator.etag");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  updated.update_time = absl::Now();
  updated.version = (*found)->version + 1;
  if (absl::Status s = store_->UpdateIndicator(grpc_util::CurrentAuditContext(*context), updated,
                                               (*found)->version);
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = IndicatorToProto(updated);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::SetReportingObligation(
    grpc::ServerContext* context, const v1::SetReportingObligationRequest* request,
    v1::ReportingObligation* response) {
  const v1::ReportingObligation& o = request->obligation();
  absl::StatusOr<std::optional<Indicator>> indicator = store_->GetIndicator(o.indicator_code());
  if (!indicator.ok()) return ToGrpcStatus(indicator.status());
  if (!indicator->has_value()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat("obligation.indicator_code: no indicator '", o.indicator_code(), "'")));
  }
  if (o.department_kind() < 1 || o.department_kind() > 9) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "obligation.department_kind must be a fazhi.department.v1.DepartmentKind (1 to 9)"));
  }
  auto type = static_cast<time_util::PeriodType>(o.period_type());
  if (!(*indicator)->period_types.count(type)) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        "obligation.period_type: the indicator is not reported for periods of this type"));
  }
  if (o.due_days() < 0 || o.due_days() > 366) {
    return ToGrpcStatus(absl::InvalidArgumentError("obligation.due_days must be 0 to 366"));
  }
  Obligation obligation{o.indicator_code(), o.department_kind(), type, o.due_days()};
  if (absl::Status s = store_->SetObligation(grpc_util::CurrentAuditContext(*context), obligation);
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  *response = o;
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::ListReportingObligations(
    grpc::ServerContext*, const v1::ListReportingObligationsRequest* request,
    v1::ListReportingObligationsResponse* response) {
  absl::StatusOr<std::vector<Obligation>> rows = store_->ListObligations(request->indicator_code());
  if (!rows.ok()) return ToGrpcStatus(rows.status());
  for (const Obligation& o : *rows) {
    v1::ReportingObligation* out = response->add_obligations();
    out->set_indicator_code(o.indicator_code);
    out->set_department_kind(o.department_kind);
    out->set_period_type(static_cast<common::v1::PeriodType>(o.period_type));
    out->set_due_days(o.due_days);
  }
  return grpc::Status::OK;
}

absl::StatusOr<v1::ImportSummary> StatisticsServiceImpl::Import(
    const grpc::ServerContext& context, const v1::ImportOptions& options,
    const std::vector<PointInput>& points, const std::vector<RowRejection>& unreadable,
    absl::string_view default_source) {
  if (absl::Status s = validation::CheckText(options.request_id(), "options.request_id", 0, 64);
      !s.ok()) {
    return s;
  }
  std::string source = options.source().empty() ? std::string(default_source) : options.source();
  if (absl::Status s = validation::CheckId(source, "options.source");
      !s.ok() || source.size() > 20) {
    return absl::InvalidArgumentError("options.source: 1 to 20 of a-z, 0-9 and '-'");
  }
  absl::StatusOr<ImportMode> mode = ModeFromProto(options.mode());
  if (!mode.ok()) return mode.status();
  if (static_cast<int64_t>(points.size() + unreadable.size()) > kMaxPointsPerCall) {
    return absl::InvalidArgumentError(
        absl::StrCat("points: at most ", kMaxPointsPerCall, " per call; stream larger imports"));
  }
  if (!options.request_id().empty()) {
    absl::StatusOr<std::optional<std::string>> earlier = store_->FindImport(options.request_id());
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) {
      v1::ImportSummary replayed;
      std::string bytes;
      if (!absl::Base64Unescape(**earlier, &bytes) || !replayed.ParseFromString(bytes)) {
        return absl::InternalError("a stored import receipt does not parse");
      }
      replayed.set_replayed(true);
      return replayed;
    }
  }

  // Everything the rows refer to, fetched once.
  std::set<std::string> codes;
  std::set<std::string> period_keys;
  std::vector<PointKey> keys;
  for (const PointInput& p : points) {
    codes.insert(p.indicator_code);
    if (time_util::CheckPeriod(p.period, "period").ok()) period_keys.insert(PeriodKey(p.period));
    keys.emplace_back(p.indicator_code, p.department_id,
                      time_util::CheckPeriod(p.period, "period").ok() ? PeriodKey(p.period) : "");
  }
  absl::StatusOr<std::map<std::string, Indicator>> indicators =
      store_->GetIndicators(std::vector<std::string>(codes.begin(), codes.end()));
  if (!indicators.ok()) return indicators.status();
  absl::StatusOr<std::map<PointKey, StoredPoint>> existing = store_->GetPoints(keys);
  if (!existing.ok()) return existing.status();
  absl::StatusOr<std::vector<PeriodLock>> locks =
      store_->ListLocks(std::vector<std::string>(period_keys.begin(), period_keys.end()), false);
  if (!locks.ok()) return locks.status();
  std::map<std::string, std::optional<Unit>> units;
  std::map<std::string, std::vector<std::string>> lineage;
  for (const PointInput& p : points) {
    if (units.count(p.department_id)) continue;
    absl::StatusOr<std::optional<Unit>> unit = units_->Find(p.department_id);
    if (!unit.ok()) return unit.status();
    units[p.department_id] = *unit;
    if (unit->has_value() && !locks->empty()) {
      absl::StatusOr<std::vector<std::string>> up = units_->SelfAndAncestors(p.department_id);
      if (!up.ok()) return up.status();
      lineage[p.department_id] = *up;
    }
  }

  std::optional<auth::Principal> principal = grpc_util::CurrentPrincipal();
  absl::CivilDay today = time_util::DayInChina(absl::Now());
  v1::ImportSummary summary;
  summary.set_dry_run(options.dry_run());
  std::vector<RowRejection> rejected = unreadable;
  std::vector<PointWrite> writes;
  std::set<PointKey> seen;
  for (size_t i = 0; i < points.size(); ++i) {
    const PointInput& p = points[i];
    RowFacts facts;
    auto ind = indicators->find(p.indicator_code);
    facts.indicator = ind == indicators->end() ? nullptr : &ind->second;
    facts.unit = units[p.department_id];
    facts.may_write = MayWriteFor(principal, p.department_id);
    auto stored = existing->find(keys[i]);
    facts.exists = stored != existing->end();
    for (const PeriodLock& lock : *locks) {
      const auto& up = lineage[p.department_id];
      if (lock.period_key == std::get<2>(keys[i]) &&
          std::find(up.begin(), up.end(), lock.department_id) != up.end()) {
        facts.lock_id = lock.id;
        break;
      }
    }
    std::optional<RowRejection> rejection =
        CheckRow(p.row, p, facts, *mode, today);
    if (!rejection && !seen.insert(keys[i]).second) {
      rejection = RowRejection{p.row, absl::StrCat("points[", p.row, "]"),
                               "the same indicator, unit and period appears twice in this "
                               "submission"};
    }
    if (rejection) {
      rejected.push_back(*rejection);
      continue;
    }
    if (facts.exists && stored->second.value == p.value) {
      summary.set_unchanged(summary.unchanged() + 1);
      continue;
    }
    PointWrite w{keys[i], p.period.type, p.value, std::nullopt};
    if (facts.exists) {
      w.previous = stored->second;
      summary.set_updated(summary.updated() + 1);
    } else {
      summary.set_created(summary.created() + 1);
    }
    writes.push_back(std::move(w));
  }
  std::sort(rejected.begin(), rejected.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  summary.set_rejected(static_cast<int64_t>(rejected.size()));
  for (const RowRejection& r : rejected) {
    v1::RejectedRow* row = summary.add_rejected_rows();
    row->set_index(r.index);
    row->set_field(r.field);
    row->set_reason(r.reason);
  }
  if (options.all_or_nothing() && !rejected.empty()) {
    const RowRejection& first = rejected.front();
    return absl::Status(first.code,
                        absl::StrCat(first.field, ": ", first.reason, " (", rejected.size(),
                                     " rows rejected; all-or-nothing: nothing was written)"));
  }
  // Before the receipt is made, so a replay answers with the same warnings.
  if (absl::Status s = AddRuleWarnings(seen, writes, &summary); !s.ok()) return s;
  if (options.dry_run()) return summary;
  std::string receipt = absl::Base64Escape(summary.SerializeAsString());
  absl::Status written =
      store_->WritePoints(writes, source, grpc_util::CurrentAuditContext(context),
                          options.request_id(), receipt, absl::Now());
  if (written.code() == absl::StatusCode::kAlreadyExists && !options.request_id().empty()) {
    // The same request won a race with this one: answer as a replay.
    absl::StatusOr<std::optional<std::string>> earlier = store_->FindImport(options.request_id());
    if (earlier.ok() && earlier->has_value()) {
      v1::ImportSummary replayed;
      std::string bytes;
      if (absl::Base64Unescape(**earlier, &bytes) && replayed.ParseFromString(bytes)) {
        replayed.set_replayed(true);
        return replayed;
      }
    }
  }
  if (!written.ok()) return written;
  return summary;
}

grpc::Status StatisticsServiceImpl::SubmitDataPoints(grpc::ServerContext* context,
                                                     const v1::SubmitDataPointsRequest* request,
                                                     v1::ImportSummary* response) {
  std::vector<PointInput> points;
  points.reserve(request->points_size());
  for (const v1::DataPoint& p : request->points()) {
    points.push_back(PointFromProto(p, static_cast<int64_t>(points.size())));
  }
  absl::StatusOr<v1::ImportSummary> summary =
      Import(*context, request->options(), points, {}, "manual");
  if (!summary.ok()) return ToGrpcStatus(summary.status());
  *response = *std::move(summary);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::GetDataPoint(grpc::ServerContext*,
                                                 const v1::GetDataPointRequest* request,
                                                 v1::DataPoint* response) {
  absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
  if (!period.ok()) return ToGrpcStatus(period.status());
  PointKey key{request->indicator_code(), request->department_id(), PeriodKey(*period)};
  absl::StatusOr<std::map<PointKey, StoredPoint>> found = store_->GetPoints({key});
  if (!found.ok()) return ToGrpcStatus(found.status());
  auto it = found->find(key);
  if (it == found->end()) {
    return ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("no figure of '", request->indicator_code(), "' for '",
                                         request->department_id(), "' in ", PeriodKey(*period))));
  }
  response->set_indicator_code(request->indicator_code());
  response->set_department_id(request->department_id());
  *response->mutable_period() = PeriodToProto(*period);
  response->set_value(it->second.value);
  response->set_source(it->second.source);
  response->set_revision(it->second.revision);
  *response->mutable_update_time() = api::TimeToProto(it->second.update_time);
  response->set_updated_by(it->second.updated_by);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::ListRevisions(grpc::ServerContext*,
                                                  const v1::ListRevisionsRequest* request,
                                                  v1::ListRevisionsResponse* response) {
  absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
  if (!period.ok()) return ToGrpcStatus(period.status());
  absl::StatusOr<std::vector<RevisionRecord>> revisions = store_->ListRevisions(
      {request->indicator_code(), request->department_id(), PeriodKey(*period)});
  if (!revisions.ok()) return ToGrpcStatus(revisions.status());
  for (const RevisionRecord& r : *revisions) {
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
}

grpc::Status StatisticsServiceImpl::Aggregate(grpc::ServerContext*,
                                              const v1::AggregateRequest* request,
                                              v1::AggregateResponse* response) {
  if (request->indicator_codes_size() == 0 || request->indicator_codes_size() > 100) {
    return ToGrpcStatus(absl::InvalidArgumentError("indicator_codes: name 1 to 100 indicators"));
  }
  absl::StatusOr<Period> start = PeriodFromProto(request->start(), "start");
  if (!start.ok()) return ToGrpcStatus(start.status());
  Period end = *start;
  if (request->has_end()) {
    absl::StatusOr<Period> e = PeriodFromProto(request->end(), "end");
    if (!e.ok()) return ToGrpcStatus(e.status());
    if (e->type != start->type || time_util::Before(*e, *start)) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "end: must be a period of the same type as start, not before it"));
    }
    end = *e;
  }
  std::vector<std::string> period_keys;
  for (Period p = *start; !time_util::Before(end, p) && period_keys.size() < 1000;
       p = time_util::Next(p)) {
    period_keys.push_back(PeriodKey(p));
  }
  std::vector<std::string> units{request->department_id()};
  if (request->include_descendants()) {
    absl::StatusOr<std::vector<std::string>> subtree = units_->Subtree(request->department_id());
    if (!subtree.ok()) return ToGrpcStatus(subtree.status());
    units = *subtree;
  } else {
    absl::StatusOr<std::optional<Unit>> unit = units_->Find(request->department_id());
    if (!unit.ok()) return ToGrpcStatus(unit.status());
    if (!unit->has_value()) {
      return ToGrpcStatus(absl::NotFoundError(
          absl::StrCat("department_id: no department with id '", request->department_id(), "'")));
    }
  }
  std::vector<std::string> requested(request->indicator_codes().begin(),
                                     request->indicator_codes().end());
  absl::StatusOr<std::map<std::string, Indicator>> indicators = store_->GetIndicators(requested);
  if (!indicators.ok()) return ToGrpcStatus(indicators.status());
  GroupColumn group = request->group_by() == v1::GROUP_BY_DEPARTMENT ? GroupColumn::kDepartment
                      : request->group_by() == v1::GROUP_BY_PERIOD   ? GroupColumn::kPeriod
                                                                     : GroupColumn::kNone;
  for (size_t i = 0; i < requested.size(); ++i) {
    auto it = indicators->find(requested[i]);
    if (it == indicators->end()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("indicator_codes[", i, "]: no indicator '", requested[i], "'")));
    }
    const Indicator& indicator = it->second;
    // A ratio is the quotient of its two sums, never a sum of quotients.
    std::vector<std::string> codes =
        indicator.value_type == ValueType::kRatio
            ? std::vector<std::string>{indicator.numerator_code, indicator.denominator_code}
            : std::vector<std::string>{indicator.code};
    absl::StatusOr<std::vector<AggregateRow>> rows = store_->Aggregate(
        codes, units, period_keys, indicator.aggregation == Aggregation::kMax, group);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    std::map<std::string, std::pair<const AggregateRow*, const AggregateRow*>> by_group;
    for (const AggregateRow& row : *rows) {
      auto& slot = by_group[row.group];
      (row.indicator_code == codes[0] ? slot.first : slot.second) = &row;
    }
    if (by_group.empty() && group == GroupColumn::kNone) by_group[""] = {nullptr, nullptr};
    for (const auto& [key, pair] : by_group) {
      v1::AggregateValue* out = response->add_values();
      out->set_indicator_code(indicator.code);
      if (group == GroupColumn::kDepartment) out->set_department_id(key);
      if (group == GroupColumn::kPeriod) {
        absl::StatusOr<Period> p = time_util::ParsePeriodKey(key, "period");
        if (p.ok()) *out->mutable_period() = PeriodToProto(*p);
      }
      const AggregateRow* value = pair.first;
      out->set_has_value(value != nullptr);
      out->set_value(value ? value->value : 0);
      out->set_point_count(value ? value->point_count : 0);
      if (indicator.value_type == ValueType::kRatio) {
        int64_t denominator = pair.second ? pair.second->value : 0;
        out->set_denominator(denominator);
        out->set_has_value(value != nullptr && denominator > 0);
        if (denominator > 0) {
          // Round half up to whole basis points, in integers.
          out->set_rate_basis_points((out->value() * 20000 / denominator + 1) / 2);
        }
      }
    }
  }
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::LockPeriod(grpc::ServerContext* context,
                                               const v1::LockPeriodRequest* request,
                                               v1::PeriodLock* response) {
  absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
  if (!period.ok()) return ToGrpcStatus(period.status());
  if (absl::Status s = validation::CheckText(request->reason(), "reason", 1, 500); !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<std::optional<Unit>> unit = units_->Find(request->department_id());
  if (!unit.ok()) return ToGrpcStatus(unit.status());
  if (!unit->has_value()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat("department_id: no department with id '", request->department_id(), "'")));
  }
  audit::AuditContext audit_context = grpc_util::CurrentAuditContext(*context);
  PeriodLock lock;
  lock.id = ids::NewResourceId("lock");
  lock.period_key = PeriodKey(*period);
  lock.department_id = request->department_id();
  lock.reason = request->reason();
  lock.locked_by = audit_context.actor;
  lock.lock_time = absl::Now();
  if (absl::Status s = store_->CreateLock(audit_context, lock); !s.ok()) return ToGrpcStatus(s);
  *response = LockToProto(lock);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::UnlockPeriod(grpc::ServerContext* context,
                                                 const v1::UnlockPeriodRequest* request,
                                                 v1::PeriodLock* response) {
  if (absl::Status s = validation::CheckId(request->lock_id(), "lock_id"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  if (absl::Status s = validation::CheckText(request->reason(), "reason", 1, 500); !s.ok()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat(s.message(), ": say why the locked figures must change")));
  }
  absl::StatusOr<std::optional<PeriodLock>> lock = store_->GetLock(request->lock_id());
  if (!lock.ok()) return ToGrpcStatus(lock.status());
  if (!lock->has_value()) {
    return ToGrpcStatus(
        absl::NotFoundError(absl::StrCat("lock_id: no lock '", request->lock_id(), "'")));
  }
  audit::AuditContext audit_context = grpc_util::CurrentAuditContext(*context);
  PeriodLock unlocked = **lock;
  unlocked.unlocked = true;
  unlocked.unlock_reason = request->reason();
  unlocked.unlocked_by = audit_context.actor;
  unlocked.unlock_time = absl::Now();
  if (absl::Status s = store_->Unlock(audit_context, unlocked); !s.ok()) return ToGrpcStatus(s);
  *response = LockToProto(unlocked);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::ListPeriodLocks(grpc::ServerContext*,
                                                    const v1::ListPeriodLocksRequest* request,
                                                    v1::ListPeriodLocksResponse* response) {
  absl::StatusOr<Period> period = PeriodFromProto(request->period(), "period");
  if (!period.ok()) return ToGrpcStatus(period.status());
  absl::StatusOr<std::vector<PeriodLock>> locks =
      store_->ListLocks({PeriodKey(*period)}, request->include_unlocked());
  if (!locks.ok()) return ToGrpcStatus(locks.status());
  for (const PeriodLock& l : *locks) *response->add_locks() = LockToProto(l);
  return grpc::Status::OK;
}

}  // namespace fazhi::statistics

// The ingestion and export RPCs of the statistics service: batch, stream and CSV in; stream and
// CSV out.

#include <algorithm>
#include <future>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/proto_time.h"
#include "common/auth/policy.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/grpc/streams.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/statistics/api/statistics_convert.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/domain/csv.h"

namespace fazhi::statistics {
namespace {

using grpc_util::ToGrpcStatus;
using time_util::PeriodKey;

constexpr int kMaxPointsPerCall = 100000;
// A stream is checked and written this many points at a time, each batch in one transaction of
// multi-row inserts: few round trips, and memory bounded however long the stream.
constexpr size_t kStreamBatch = 5000;
// An all-or-nothing stream holds every write until its end, so it is bounded.
constexpr int64_t kMaxAllOrNothingStream = 1000000;
// The summary counts every rejected row but lists only the first ones, so it fits one response.
constexpr int kMaxListedRejections = 10000;
constexpr int kExportBatch = 1000;
constexpr int64_t kMaxCsvExportRows = 200000;

absl::Status AllOrNothingRefusal(const RowRejection& first, int64_t rejected) {
  return absl::Status(first.code,
                      absl::StrCat(first.field, ": ", first.reason, " (", rejected,
                                   " rows rejected; all-or-nothing: nothing was written)"));
}

void AddRejections(const std::vector<RowRejection>& rejected, v1::ImportSummary* summary) {
  summary->set_rejected(summary->rejected() + static_cast<int64_t>(rejected.size()));
  for (const RowRejection& r : rejected) {
    if (summary->rejected_rows_size() >= kMaxListedRejections) break;
    v1::RejectedRow* row = summary->add_rejected_rows();
    row->set_index(r.index);
    row->set_field(r.field);
    row->set_reason(r.reason);
  }
}

// A stream's rule warnings: a (rule, unit, period) checked again in a later batch, with more of
// its figures, replaces what an earlier batch found. At most kMaxListedRejections are kept.
class StreamWarnings {
 public:
  void Merge(const google::protobuf::RepeatedPtrField<v1::RuleViolation>& found) {
    for (const v1::RuleViolation& v : found) {
      auto key = std::make_tuple(v.rule_id(), v.department_id(), v.period().SerializeAsString());
      auto it = index_.find(key);
      if (it != index_.end()) {
        warnings_[it->second] = v;
      } else if (warnings_.size() < kMaxListedRejections) {
        index_[key] = warnings_.size();
        warnings_.push_back(v);
      }
    }
  }
  void MoveInto(v1::ImportSummary* summary) {
    for (v1::RuleViolation& v : warnings_) *summary->add_warnings() = std::move(v);
    warnings_.clear();
    index_.clear();
  }

 private:
  std::vector<v1::RuleViolation> warnings_;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> index_;
};

}  // namespace

absl::StatusOr<StatisticsServiceImpl::ImportSettings> StatisticsServiceImpl::ReadOptions(
    const v1::ImportOptions& options, absl::string_view default_source) {
  if (absl::Status s = validation::CheckText(options.request_id(), "options.request_id", 0, 64);
      !s.ok()) {
    return s;
  }
  ImportSettings settings;
  settings.request_id = options.request_id();
  settings.source = options.source().empty() ? std::string(default_source) : options.source();
  if (absl::Status s = validation::CheckId(settings.source, "options.source");
      !s.ok() || settings.source.size() > 20) {
    return absl::InvalidArgumentError("options.source: 1 to 20 of a-z, 0-9 and '-'");
  }
  absl::StatusOr<ImportMode> mode = ModeFromProto(options.mode());
  if (!mode.ok()) return mode.status();
  settings.mode = *mode;
  settings.dry_run = options.dry_run();
  settings.all_or_nothing = options.all_or_nothing();
  return settings;
}

absl::StatusOr<std::optional<v1::ImportSummary>> StatisticsServiceImpl::FindReplay(
    absl::string_view request_id) {
  if (request_id.empty()) return std::nullopt;
  absl::StatusOr<std::optional<std::string>> earlier = store_->FindImport(request_id);
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return std::nullopt;
  v1::ImportSummary replayed;
  std::string bytes;
  if (!absl::Base64Unescape(**earlier, &bytes) || !replayed.ParseFromString(bytes)) {
    return absl::InternalError("a stored import receipt does not parse");
  }
  replayed.set_replayed(true);
  return replayed;
}

absl::StatusOr<StatisticsServiceImpl::CheckedBatch> StatisticsServiceImpl::CheckBatch(
    const std::vector<PointInput>& points, ImportMode mode, absl::string_view list,
    SubmittedKeys* seen) {
  // Everything the rows refer to, fetched once.
  std::set<std::string> codes;
  std::set<std::string> period_keys;
  std::vector<PointKey> keys;
  keys.reserve(points.size());
  for (const PointInput& p : points) {
    codes.insert(p.indicator_code);
    bool valid_period = time_util::CheckPeriod(p.period, "period").ok();
    if (valid_period) period_keys.insert(PeriodKey(p.period));
    keys.emplace_back(p.indicator_code, p.department_id, valid_period ? PeriodKey(p.period) : "");
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

  const std::optional<auth::Principal>& principal = grpc_util::CurrentPrincipal();
  absl::CivilDay today = time_util::TodayInChina();
  CheckedBatch batch;
  for (size_t i = 0; i < points.size(); ++i) {
    const PointInput& p = points[i];
    const auto& [code, unit, period_key] = keys[i];
    RowFacts facts;
    auto ind = indicators->find(p.indicator_code);
    facts.indicator = ind == indicators->end() ? nullptr : &ind->second;
    facts.unit = units[p.department_id];
    facts.may_write = auth::MayReportFiguresFor(principal, p.department_id);
    auto stored = existing->find(keys[i]);
    facts.exists = stored != existing->end();
    for (const PeriodLock& lock : *locks) {
      const auto& up = lineage[p.department_id];
      if (lock.period_key == period_key &&
          std::find(up.begin(), up.end(), lock.department_id) != up.end()) {
        facts.lock_id = lock.id;
        break;
      }
    }
    std::optional<RowRejection> rejection = CheckRow(p.row, p, facts, mode, today, list);
    if (!rejection && !seen->Insert(code, unit, period_key)) {
      rejection = RowRejection{p.row, absl::StrCat(list, "[", p.row, "]"),
                               "the same indicator, unit and period appears twice in this "
                               "submission"};
    }
    if (rejection) {
      batch.rejected.push_back(*std::move(rejection));
      continue;
    }
    batch.accepted.insert(keys[i]);
    if (facts.exists && stored->second.value == p.value) {
      ++batch.unchanged;
      continue;
    }
    PointWrite w{keys[i], p.period.type, p.value, std::nullopt};
    if (facts.exists) {
      w.previous = stored->second;
      ++batch.updated;
    } else {
      ++batch.created;
    }
    batch.writes.push_back(std::move(w));
  }
  return batch;
}

void StatisticsServiceImpl::AddToSummary(const CheckedBatch& batch, v1::ImportSummary* summary) {
  summary->set_created(summary->created() + batch.created);
  summary->set_updated(summary->updated() + batch.updated);
  summary->set_unchanged(summary->unchanged() + batch.unchanged);
  AddRejections(batch.rejected, summary);
}

absl::StatusOr<v1::ImportSummary> StatisticsServiceImpl::Import(
    const grpc::ServerContextBase& context, const v1::ImportOptions& options,
    const std::vector<PointInput>& points, const std::vector<RowRejection>& unreadable,
    absl::string_view default_source, absl::string_view list) {
  absl::StatusOr<ImportSettings> settings = ReadOptions(options, default_source);
  if (!settings.ok()) return settings.status();
  if (static_cast<int64_t>(points.size() + unreadable.size()) > kMaxPointsPerCall) {
    return absl::InvalidArgumentError(absl::StrCat(list, ": at most ", kMaxPointsPerCall,
                                                   " rows per call; stream larger imports"));
  }
  absl::StatusOr<std::optional<v1::ImportSummary>> replay = FindReplay(settings->request_id);
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) return **replay;

  SubmittedKeys seen;
  absl::StatusOr<CheckedBatch> batch = CheckBatch(points, settings->mode, list, &seen);
  if (!batch.ok()) return batch.status();
  batch->rejected.insert(batch->rejected.end(), unreadable.begin(), unreadable.end());
  std::sort(batch->rejected.begin(), batch->rejected.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  v1::ImportSummary summary;
  summary.set_dry_run(settings->dry_run);
  AddToSummary(*batch, &summary);
  if (settings->all_or_nothing && !batch->rejected.empty()) {
    return AllOrNothingRefusal(batch->rejected.front(), summary.rejected());
  }
  // Before the receipt is made, so a replay answers with the same warnings.
  if (absl::Status s = AddRuleWarnings(batch->accepted, batch->writes, &summary); !s.ok()) {
    return s;
  }
  if (settings->dry_run) return summary;
  absl::Status written = store_->WritePoints(
      batch->writes, settings->source, grpc_util::CurrentAuditContext(context),
      settings->request_id, absl::Base64Escape(summary.SerializeAsString()), absl::Now());
  if (written.code() == absl::StatusCode::kAlreadyExists && !settings->request_id.empty()) {
    // The same request won a race with this one: answer as its replay.
    replay = FindReplay(settings->request_id);
    if (replay.ok() && replay->has_value()) return **replay;
  }
  if (!written.ok()) return written;
  return summary;
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::SubmitDataPoints(
    grpc::CallbackServerContext* context, const v1::SubmitDataPointsRequest* request,
    v1::ImportSummary* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    std::vector<PointInput> points;
    points.reserve(request->points_size());
    for (const v1::DataPoint& p : request->points()) {
      points.push_back(PointFromProto(p, static_cast<int64_t>(points.size())));
    }
    absl::StatusOr<v1::ImportSummary> summary =
        Import(*context, request->options(), points, {}, "manual", "points");
    if (!summary.ok()) return ToGrpcStatus(summary.status());
    if (import_metrics_) import_metrics_->Record("batch", *summary);
    *response = *std::move(summary);
    return grpc::Status::OK;
  });
}

// One IngestDataPoints stream: points are checked and written kStreamBatch at a time, each
// batch's write overlapping the reading and checking of the next.
class StatisticsServiceImpl::IngestStream
    : public grpc_util::StreamConsumer<v1::IngestDataPointsRequest, v1::ImportSummary> {
 public:
  explicit IngestStream(StatisticsServiceImpl* service) : service_(service) {}
  // An early end leaves the previous batch's write to finish before anything it uses goes.
  ~IngestStream() override { (void)FinishWrite(); }

  absl::StatusOr<bool> Accept(const v1::IngestDataPointsRequest& message) override {
    if (!settings_) {
      absl::StatusOr<ImportSettings> settings = ReadOptions(message.options(), "manual");
      if (!settings.ok()) return settings.status();
      settings_ = *std::move(settings);
      absl::StatusOr<std::optional<v1::ImportSummary>> replay =
          service_->FindReplay(settings_->request_id);
      if (!replay.ok()) return replay.status();
      if (replay->has_value()) {
        // Nothing of it will be written again, so there is no need to read the rest.
        replay_ = **std::move(replay);
        return false;
      }
      audit_context_ = grpc_util::CurrentAuditContext();
      summary_.set_dry_run(settings_->dry_run);
    } else if (message.has_options()) {
      return absl::InvalidArgumentError(
          "options: only the first message of the stream carries options");
    }
    for (const v1::DataPoint& p : message.points()) pending_.push_back(PointFromProto(p, rows_++));
    if (settings_->all_or_nothing && rows_ > kMaxAllOrNothingStream) {
      return absl::InvalidArgumentError(
          absl::StrCat("options.all_or_nothing: a stream of more than ", kMaxAllOrNothingStream,
                       " points cannot be held back until its end; send it without"));
    }
    if (pending_.size() >= kStreamBatch) {
      if (absl::Status s = Flush(); !s.ok()) return s;
    }
    return true;
  }

  absl::Status End(v1::ImportSummary* response) override {
    // An empty stream imports nothing.
    if (!settings_) return absl::OkStatus();
    if (replay_) {
      *response = *std::move(replay_);
      return absl::OkStatus();
    }
    if (!pending_.empty()) {
      if (absl::Status s = Flush(); !s.ok()) return s;
    }
    if (absl::Status s = FinishWrite(); !s.ok()) return s;
    warnings_.MoveInto(&summary_);
    if (!settings_->dry_run) {
      std::string receipt = absl::Base64Escape(summary_.SerializeAsString());
      absl::Status recorded =
          settings_->all_or_nothing
              ? service_->store_->WritePoints(held_, settings_->source, audit_context_,
                                              settings_->request_id, receipt, absl::Now())
          : settings_->request_id.empty()
              ? absl::OkStatus()
              : service_->store_->RecordImport(settings_->request_id, receipt, audit_context_.actor,
                                               absl::Now());
      // ALREADY_EXISTS: the same stream ran beside this one and finished first. Its points were
      // the same, so nothing was written twice.
      if (!recorded.ok() && recorded.code() != absl::StatusCode::kAlreadyExists) return recorded;
    }
    if (service_->import_metrics_) service_->import_metrics_->Record("stream", summary_);
    *response = std::move(summary_);
    return absl::OkStatus();
  }

 private:
  absl::Status FinishWrite() { return writing_.valid() ? writing_.get() : absl::OkStatus(); }

  absl::Status Flush() {
    absl::StatusOr<CheckedBatch> batch =
        service_->CheckBatch(pending_, settings_->mode, "points", &seen_);
    pending_.clear();
    if (!batch.ok()) return batch.status();
    AddToSummary(*batch, &summary_);
    if (settings_->all_or_nothing && !batch->rejected.empty()) {
      return AllOrNothingRefusal(batch->rejected.front(), summary_.rejected());
    }
    // The previous batch must be stored before the rules read what is stored.
    if (absl::Status s = FinishWrite(); !s.ok()) return s;
    // Rules are checked batch by batch against the figures stored so far and this batch's.
    v1::ImportSummary checked;
    if (absl::Status s = service_->AddRuleWarnings(batch->accepted, batch->writes, &checked);
        !s.ok()) {
      return s;
    }
    warnings_.Merge(checked.warnings());
    if (settings_->dry_run) return absl::OkStatus();
    if (settings_->all_or_nothing) {
      std::move(batch->writes.begin(), batch->writes.end(), std::back_inserter(held_));
      return absl::OkStatus();
    }
    // Written while the next batch is read and checked: the two halves of the work then
    // overlap instead of taking turns. Keys never repeat across batches (seen refuses them),
    // so checking the next batch does not depend on this one's write.
    writing_ = std::async(
        std::launch::async, [store = service_->store_, writes = std::move(batch->writes),
                             source = settings_->source, audit_context = audit_context_] {
          return store->WritePoints(writes, source, audit_context, "", "", absl::Now());
        });
    return absl::OkStatus();
  }

  StatisticsServiceImpl* service_;
  std::optional<ImportSettings> settings_;
  std::optional<v1::ImportSummary> replay_;
  audit::AuditContext audit_context_;
  v1::ImportSummary summary_;
  SubmittedKeys seen_;
  StreamWarnings warnings_;
  std::vector<PointInput> pending_;
  std::vector<PointWrite> held_;  // all-or-nothing: written together at the end
  int64_t rows_ = 0;
  // The previous batch's write, still running while the next batch is read and checked.
  std::future<absl::Status> writing_;
};

grpc::ServerReadReactor<v1::IngestDataPointsRequest>* StatisticsServiceImpl::IngestDataPoints(
    grpc::CallbackServerContext* context, v1::ImportSummary* response) {
  return new grpc_util::ClientStreamReactor<v1::IngestDataPointsRequest, v1::ImportSummary>(
      calls_, context, response, std::make_unique<IngestStream>(this), max_stream_messages_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ImportCsv(grpc::CallbackServerContext* context,
                                                           const v1::ImportCsvRequest* request,
                                                           v1::ImportSummary* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(request->csv());
    if (!parsed.ok()) return ToGrpcStatus(parsed.status());
    absl::StatusOr<v1::ImportSummary> summary =
        Import(*context, request->options(), parsed->points, parsed->rejected, "csv", "csv");
    if (!summary.ok()) return ToGrpcStatus(summary.status());
    if (import_metrics_) import_metrics_->Record("csv", *summary);
    *response = *std::move(summary);
    return grpc::Status::OK;
  });
}

absl::StatusOr<StatisticsServiceImpl::ExportScope> StatisticsServiceImpl::ExportScopeOf(
    const common::v1::Period& period_proto, absl::string_view department_id,
    bool include_descendants, const google::protobuf::RepeatedPtrField<std::string>& codes) {
  absl::StatusOr<time_util::Period> period = PeriodFromProto(period_proto, "period");
  if (!period.ok()) return period.status();
  for (int i = 0; i < codes.size(); ++i) {
    if (absl::Status s = CheckIndicatorCode(codes[i], absl::StrCat("indicator_codes[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<std::string>> units =
      directory::UnitOrSubtree(*units_, department_id, include_descendants, "department_id");
  if (!units.ok()) return units.status();
  return ExportScope{PeriodKey(*period), *std::move(units),
                     std::vector<std::string>(codes.begin(), codes.end())};
}

absl::StatusOr<std::vector<StatisticsStore::ExportRow>> StatisticsServiceImpl::NextExportPage(
    const ExportScope& scope, std::pair<std::string, std::string>* after) {
  absl::StatusOr<std::vector<StatisticsStore::ExportRow>> rows =
      store_->ListPointsForExport(scope.period_key, scope.units, scope.codes, *after, kExportBatch);
  if (rows.ok() && !rows->empty())
    *after = {rows->back().indicator_code, rows->back().department_id};
  return rows;
}

absl::Status StatisticsServiceImpl::ForEachExportedPoint(
    const common::v1::Period& period_proto, absl::string_view department_id,
    bool include_descendants, const google::protobuf::RepeatedPtrField<std::string>& codes,
    const std::function<absl::Status(const StatisticsStore::ExportRow&)>& visit) {
  absl::StatusOr<ExportScope> scope =
      ExportScopeOf(period_proto, department_id, include_descendants, codes);
  if (!scope.ok()) return scope.status();
  std::pair<std::string, std::string> after;
  while (true) {
    absl::StatusOr<std::vector<StatisticsStore::ExportRow>> rows = NextExportPage(*scope, &after);
    if (!rows.ok()) return rows.status();
    for (const StatisticsStore::ExportRow& row : *rows) {
      if (absl::Status s = visit(row); !s.ok()) return s;
    }
    if (static_cast<int>(rows->size()) < kExportBatch) return absl::OkStatus();
  }
}

// One ExportDataPoints stream: a page of stored figures is read on the executor, then written
// while no thread waits for the client; the next page is read only when the client took the last.
class StatisticsServiceImpl::ExportStream : public grpc_util::StreamProducer<v1::DataPoint> {
 public:
  ExportStream(StatisticsServiceImpl* service, const v1::ExportDataPointsRequest* request)
      : service_(service), request_(request) {}

  absl::StatusOr<bool> Next(std::vector<v1::DataPoint>* batch) override {
    if (!scope_) {
      absl::StatusOr<ExportScope> scope =
          service_->ExportScopeOf(request_->period(), request_->department_id(),
                                  request_->include_descendants(), request_->indicator_codes());
      if (!scope.ok()) return scope.status();
      scope_ = *std::move(scope);
    }
    absl::StatusOr<std::vector<StatisticsStore::ExportRow>> rows =
        service_->NextExportPage(*scope_, &after_);
    if (!rows.ok()) return rows.status();
    batch->reserve(rows->size());
    for (const StatisticsStore::ExportRow& row : *rows) {
      v1::DataPoint& point = batch->emplace_back();
      *point.mutable_period() = request_->period();
      point.set_indicator_code(row.indicator_code);
      point.set_department_id(row.department_id);
      point.set_value(row.value);
      point.set_source(row.source);
      point.set_revision(row.revision);
      *point.mutable_update_time() = api::TimeToProto(row.update_time);
      point.set_updated_by(row.updated_by);
    }
    return static_cast<int>(rows->size()) == kExportBatch;
  }

 private:
  StatisticsServiceImpl* service_;
  const v1::ExportDataPointsRequest* request_;
  std::optional<ExportScope> scope_;
  std::pair<std::string, std::string> after_;
};

grpc::ServerWriteReactor<v1::DataPoint>* StatisticsServiceImpl::ExportDataPoints(
    grpc::CallbackServerContext* context, const v1::ExportDataPointsRequest* request) {
  return new grpc_util::ServerStreamReactor<v1::DataPoint>(
      calls_, context, std::make_unique<ExportStream>(this, request));
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ExportCsv(grpc::CallbackServerContext* context,
                                                           const v1::ExportCsvRequest* request,
                                                           v1::ExportCsvResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    std::string csv = FormatCsvHeader();
    int64_t rows = 0;
    std::string period_key;
    if (absl::StatusOr<time_util::Period> p = PeriodFromProto(request->period(), "period");
        p.ok()) {
      period_key = PeriodKey(*p);
    }
    absl::Status s = ForEachExportedPoint(
        request->period(), request->department_id(), request->include_descendants(),
        request->indicator_codes(), [&](const StatisticsStore::ExportRow& row) {
          if (++rows > kMaxCsvExportRows) {
            return absl::FailedPreconditionError(absl::StrCat(
                "more than ", kMaxCsvExportRows,
                " figures match; narrow indicator_codes or the unit, or use ExportDataPoints"));
          }
          absl::StrAppend(
              &csv, FormatCsvRow({row.indicator_code, row.department_id, period_key, row.value}));
          return absl::OkStatus();
        });
    if (!s.ok()) return ToGrpcStatus(s);
    response->set_csv(std::move(csv));
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

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
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/statistics/api/proto_convert.h"
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
  absl::CivilDay today = time_util::DayInChina(absl::Now());
  CheckedBatch batch;
  for (size_t i = 0; i < points.size(); ++i) {
    const PointInput& p = points[i];
    const auto& [code, unit, period_key] = keys[i];
    RowFacts facts;
    auto ind = indicators->find(p.indicator_code);
    facts.indicator = ind == indicators->end() ? nullptr : &ind->second;
    facts.unit = units[p.department_id];
    facts.may_write = MayWriteFor(principal, p.department_id);
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
    const grpc::ServerContext& context, const v1::ImportOptions& options,
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

grpc::Status StatisticsServiceImpl::SubmitDataPoints(grpc::ServerContext* context,
                                                     const v1::SubmitDataPointsRequest* request,
                                                     v1::ImportSummary* response) {
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
}

grpc::Status StatisticsServiceImpl::IngestDataPoints(
    grpc::ServerContext* context, grpc::ServerReader<v1::IngestDataPointsRequest>* reader,
    v1::ImportSummary* response) {
  v1::IngestDataPointsRequest message;
  // An empty stream imports nothing.
  if (!reader->Read(&message)) return grpc::Status::OK;
  absl::StatusOr<ImportSettings> settings = ReadOptions(message.options(), "manual");
  if (!settings.ok()) return ToGrpcStatus(settings.status());
  absl::StatusOr<std::optional<v1::ImportSummary>> replay = FindReplay(settings->request_id);
  if (!replay.ok()) return ToGrpcStatus(replay.status());
  if (replay->has_value()) {
    // Nothing of it will be written again, so there is no need to read the rest.
    *response = **replay;
    return grpc::Status::OK;
  }

  audit::AuditContext audit_context = grpc_util::CurrentAuditContext(*context);
  v1::ImportSummary summary;
  summary.set_dry_run(settings->dry_run);
  SubmittedKeys seen;
  StreamWarnings warnings;
  std::vector<PointInput> pending;
  std::vector<PointWrite> held;  // all-or-nothing: written together at the end
  int64_t rows = 0;
  // The previous batch's write, still running while the next batch is read and checked. Declared
  // after everything it uses: on an early return its destructor waits for the write to end.
  std::future<absl::Status> writing;
  auto finish_write = [&]() -> absl::Status {
    return writing.valid() ? writing.get() : absl::OkStatus();
  };
  auto flush = [&]() -> absl::Status {
    absl::StatusOr<CheckedBatch> batch = CheckBatch(pending, settings->mode, "points", &seen);
    pending.clear();
    if (!batch.ok()) return batch.status();
    AddToSummary(*batch, &summary);
    if (settings->all_or_nothing && !batch->rejected.empty()) {
      return AllOrNothingRefusal(batch->rejected.front(), summary.rejected());
    }
    // The previous batch must be stored before the rules read what is stored.
    if (absl::Status s = finish_write(); !s.ok()) return s;
    // Rules are checked batch by batch against the figures stored so far and this batch's.
    v1::ImportSummary checked;
    if (absl::Status s = AddRuleWarnings(batch->accepted, batch->writes, &checked); !s.ok()) {
      return s;
    }
    warnings.Merge(checked.warnings());
    if (settings->dry_run) return absl::OkStatus();
    if (settings->all_or_nothing) {
      std::move(batch->writes.begin(), batch->writes.end(), std::back_inserter(held));
      return absl::OkStatus();
    }
    // Written while the next batch is read and checked: the two halves of the work then
    // overlap instead of taking turns. Keys never repeat across batches (seen refuses them),
    // so checking the next batch does not depend on this one's write.
    writing = std::async(std::launch::async, [this, writes = std::move(batch->writes),
                                              source = settings->source, audit_context] {
      return store_->WritePoints(writes, source, audit_context, "", "", absl::Now());
    });
    return absl::OkStatus();
  };
  do {
    if (rows > 0 && message.has_options()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "options: only the first message of the stream carries options"));
    }
    for (const v1::DataPoint& p : message.points()) pending.push_back(PointFromProto(p, rows++));
    if (settings->all_or_nothing && rows > kMaxAllOrNothingStream) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("options.all_or_nothing: a stream of more than ", kMaxAllOrNothingStream,
                       " points cannot be held back until its end; send it without")));
    }
    if (pending.size() >= kStreamBatch) {
      if (absl::Status s = flush(); !s.ok()) return ToGrpcStatus(s);
    }
  } while (reader->Read(&message));
  // gRPC ends a stream on a message that does not parse as if the client had finished; a stream
  // cut short must not be recorded as complete, or its replay would be refused.
  if (std::optional<std::string> field = grpc_util::InvalidUtf8Field()) {
    return ToGrpcStatus(absl::InvalidArgumentError(
        absl::StrCat(*field, " is not valid UTF-8 text (after ", rows, " points)")));
  }
  if (context->IsCancelled()) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream");
  }
  if (!pending.empty()) {
    if (absl::Status s = flush(); !s.ok()) return ToGrpcStatus(s);
  }
  if (absl::Status s = finish_write(); !s.ok()) return ToGrpcStatus(s);
  warnings.MoveInto(&summary);
  if (!settings->dry_run) {
    std::string receipt = absl::Base64Escape(summary.SerializeAsString());
    absl::Status recorded =
        settings->all_or_nothing ? store_->WritePoints(held, settings->source, audit_context,
                                                       settings->request_id, receipt, absl::Now())
        : settings->request_id.empty()
            ? absl::OkStatus()
            : store_->RecordImport(settings->request_id, receipt, audit_context.actor, absl::Now());
    // ALREADY_EXISTS: the same stream ran beside this one and finished first. Its points were
    // the same, so nothing was written twice.
    if (!recorded.ok() && recorded.code() != absl::StatusCode::kAlreadyExists) {
      return ToGrpcStatus(recorded);
    }
  }
  if (import_metrics_) import_metrics_->Record("stream", summary);
  *response = std::move(summary);
  return grpc::Status::OK;
}

grpc::Status StatisticsServiceImpl::ImportCsv(grpc::ServerContext* context,
                                              const v1::ImportCsvRequest* request,
                                              v1::ImportSummary* response) {
  absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(request->csv());
  if (!parsed.ok()) return ToGrpcStatus(parsed.status());
  absl::StatusOr<v1::ImportSummary> summary =
      Import(*context, request->options(), parsed->points, parsed->rejected, "csv", "csv");
  if (!summary.ok()) return ToGrpcStatus(summary.status());
  if (import_metrics_) import_metrics_->Record("csv", *summary);
  *response = *std::move(summary);
  return grpc::Status::OK;
}

absl::Status StatisticsServiceImpl::ForEachExportedPoint(
    const common::v1::Period& period_proto, absl::string_view department_id,
    bool include_descendants, const google::protobuf::RepeatedPtrField<std::string>& codes,
    const std::function<absl::Status(const StatisticsStore::ExportRow&)>& visit) {
  absl::StatusOr<time_util::Period> period = PeriodFromProto(period_proto, "period");
  if (!period.ok()) return period.status();
  for (int i = 0; i < codes.size(); ++i) {
    if (absl::Status s = CheckIndicatorCode(codes[i], absl::StrCat("indicator_codes[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<std::vector<std::string>> units = UnitsInScope(department_id, include_descendants);
  if (!units.ok()) return units.status();
  std::vector<std::string> wanted(codes.begin(), codes.end());
  std::pair<std::string, std::string> after;
  while (true) {
    absl::StatusOr<std::vector<StatisticsStore::ExportRow>> rows =
        store_->ListPointsForExport(PeriodKey(*period), *units, wanted, after, kExportBatch);
    if (!rows.ok()) return rows.status();
    for (const StatisticsStore::ExportRow& row : *rows) {
      if (absl::Status s = visit(row); !s.ok()) return s;
    }
    if (static_cast<int>(rows->size()) < kExportBatch) return absl::OkStatus();
    after = {rows->back().indicator_code, rows->back().department_id};
  }
}

grpc::Status StatisticsServiceImpl::ExportDataPoints(grpc::ServerContext* context,
                                                     const v1::ExportDataPointsRequest* request,
                                                     grpc::ServerWriter<v1::DataPoint>* writer) {
  v1::DataPoint point;
  *point.mutable_period() = request->period();
  absl::Status s = ForEachExportedPoint(
      request->period(), request->department_id(), request->include_descendants(),
      request->indicator_codes(), [&](const StatisticsStore::ExportRow& row) {
        point.set_indicator_code(row.indicator_code);
        point.set_department_id(row.department_id);
        point.set_value(row.value);
        point.set_source(row.source);
        point.set_revision(row.revision);
        *point.mutable_update_time() = api::TimeToProto(row.update_time);
        point.set_updated_by(row.updated_by);
        if (context->IsCancelled() || !writer->Write(point)) {
          return absl::CancelledError("the client stopped reading the export");
        }
        return absl::OkStatus();
      });
  return ToGrpcStatus(s);
}

grpc::Status StatisticsServiceImpl::ExportCsv(grpc::ServerContext*,
                                              const v1::ExportCsvRequest* request,
                                              v1::ExportCsvResponse* response) {
  std::string csv = FormatCsvHeader();
  int64_t rows = 0;
  std::string period_key;
  if (absl::StatusOr<time_util::Period> p = PeriodFromProto(request->period(), "period"); p.ok()) {
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
}

}  // namespace fazhi::statistics

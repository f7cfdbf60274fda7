// The ingestion and export RPCs of the statistics service: batch, stream and CSV in; stream and
// CSV out.

#include <algorithm>
#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/proto_time.h"
#include "common/call/limits.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/grpc/streams.h"
#include "services/statistics/api/statistics_convert.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/app/ingest_session.h"
#include "services/statistics/domain/csv.h"

namespace fazhi::statistics {
namespace {

using grpc_util::ToGrpcStatus;

// The export the request asks for; its errors name the request's fields.
absl::StatusOr<ExportQuery> ExportQueryOf(
    const common::v1::Period& period, absl::string_view department_id, bool include_descendants,
    const google::protobuf::RepeatedPtrField<std::string>& indicator_codes) {
  absl::StatusOr<time_util::Period> p = PeriodFromProto(period, "period");
  if (!p.ok()) return p.status();
  return ExportQuery{*p, std::string(department_id), include_descendants,
                     std::vector<std::string>(indicator_codes.begin(), indicator_codes.end())};
}

}  // namespace

absl::StatusOr<ImportSettings> StatisticsServiceImpl::ReadOptions(
    const v1::ImportOptions& options, absl::string_view default_source) {
  ImportSettings settings;
  settings.request_id = options.request_id();
  settings.source = options.source().empty() ? std::string(default_source) : options.source();
  // Before the mode, so a bad request id or source is named first, as it always was.
  if (absl::Status s = CheckImportSettings(settings); !s.ok()) return s;
  absl::StatusOr<ImportMode> mode = ModeFromProto(options.mode());
  if (!mode.ok()) return mode.status();
  settings.mode = *mode;
  settings.dry_run = options.dry_run();
  settings.all_or_nothing = options.all_or_nothing();
  return settings;
}

void StatisticsServiceImpl::set_import_grouping(size_t max_group, int max_running) {
  if (max_group <= 1) {
    grouped_submits_.reset();
    return;
  }
  grpc_util::Executor* executor = calls_->executor();
  grouped_submits_ = std::make_unique<grpc_util::GroupedCalls<GroupedSubmit>>(
      executor, [this](std::vector<GroupedSubmit>& group) { ServeGroup(group); },
      [](GroupedSubmit& submit, const grpc::Status& refusal) { submit.reactor->Finish(refusal); },
      max_group, max_running,
      // As many calls may wait as the executor queues tasks: the same bound on queued work.
      static_cast<size_t>(std::max(1, executor->threads() * 16)));
}

grpc::Status StatisticsServiceImpl::SubmitAnswer(const absl::StatusOr<ImportResult>& result,
                                                 v1::ImportSummary* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = ImportSummaryToProto(*result);
  if (import_metrics_) import_metrics_->Record("batch", *response);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::SubmitDataPoints(
    grpc::CallbackServerContext* context, const v1::SubmitDataPointsRequest* request,
    v1::ImportSummary* response) {
  auto read_points = [request] {
    std::vector<PointInput> points;
    points.reserve(request->points_size());
    for (const v1::DataPoint& p : request->points()) {
      points.push_back(PointFromProto(p, static_cast<int64_t>(points.size())));
    }
    return points;
  };
  auto alone = [=]() -> grpc::Status {
    absl::StatusOr<ImportSettings> settings = ReadOptions(request->options(), "manual");
    if (!settings.ok()) return ToGrpcStatus(settings.status());
    return SubmitAnswer(
        imports_.Import(grpc_util::CurrentCaller(), *settings, read_points(), {}, "points"),
        response);
  };
  if (grouped_submits_ == nullptr || request->points_size() > kMaxGroupedPoints ||
      request->options().dry_run()) {
    return calls_->Unary(context, alone);
  }
  absl::StatusOr<std::shared_ptr<grpc_util::CallState>> call = calls_->Admit(context);
  // A refused call is finished, and a verdict that needs the database judged on the executor,
  // the usual way (no rule of SubmitDataPoints' needs the database today).
  if (!call.ok() || (*call)->deferred_check) return calls_->Unary(context, alone);
  // Served with others: read here, on gRPC's thread, which waits for nothing.
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<ImportSettings> settings = ReadOptions(request->options(), "manual");
  if (!settings.ok()) {
    reactor->Finish(ToGrpcStatus(settings.status()));
    return reactor;
  }
  GroupedSubmit submit{*call, reactor, response, GroupedImport{}};
  {
    grpc_util::ScopedCall bound(call->get());
    submit.import.caller = grpc_util::CurrentCaller();
  }
  submit.import.settings = *std::move(settings);
  submit.import.points = read_points();
  grouped_submits_->Offer(std::move(submit));
  return reactor;
}

void StatisticsServiceImpl::ServeGroup(std::vector<GroupedSubmit>& group) {
  std::vector<GroupedImport*> imports;
  std::vector<GroupedSubmit*> served;
  // The group's statements run until the last of its callers' deadlines, so no caller's deadline
  // cuts the others' work short, and a group whose callers have all timed out stops.
  call::Limits limits{absl::InfinitePast()};
  for (GroupedSubmit& submit : group) {
    grpc_util::ScopedCall bound(submit.call.get());
    // A call that waited past its deadline, or whose caller gave up, is not worth serving.
    if (absl::Status live = call::CheckLimits(); !live.ok()) {
      submit.reactor->Finish(ToGrpcStatus(live));
      continue;
    }
    limits.deadline = std::max(limits.deadline, submit.call->limits.deadline);
    imports.push_back(&submit.import);
    served.push_back(&submit);
  }
  if (imports.empty()) return;
  {
    call::ScopedLimits bound(&limits);
    imports_.ImportTogether(imports);
  }
  for (GroupedSubmit* submit : served) {
    GroupedImport& import = submit->import;
    if (import.answer.has_value()) {
      submit->reactor->Finish(SubmitAnswer(*import.answer, submit->response));
      continue;
    }
    // Left to be made alone (ImportTogether says when), under the call's own deadline.
    grpc_util::ScopedCall bound(submit->call.get());
    submit->reactor->Finish(
        SubmitAnswer(imports_.Import(import.caller, import.settings, import.points,
                                     import.unreadable, import.list),
                     submit->response));
  }
}

// Feeds an IngestDataPoints stream to its import session message by message; the reactor runs
// Accept and End on the executor.
class StatisticsServiceImpl::IngestAdapter
    : public grpc_util::StreamConsumer<v1::IngestDataPointsRequest, v1::ImportSummary> {
 public:
  explicit IngestAdapter(StatisticsServiceImpl* service) : service_(service) {}

  absl::StatusOr<bool> Accept(const v1::IngestDataPointsRequest& message) override {
    if (!session_) {
      absl::StatusOr<ImportSettings> settings = ReadOptions(message.options(), "manual");
      if (!settings.ok()) return settings.status();
      session_ = std::make_unique<IngestSession>(&service_->imports_, grpc_util::CurrentCaller(),
                                                 service_->max_all_or_nothing_stream_bytes_);
      absl::StatusOr<bool> started = session_->Start(*settings);
      if (!started.ok() || !*started) return started;
    } else if (message.has_options()) {
      return absl::InvalidArgumentError(
          "options: only the first message of the stream carries options");
    }
    std::vector<PointInput> points;
    points.reserve(message.points_size());
    // The session numbers the rows by their place in the whole stream.
    for (const v1::DataPoint& p : message.points()) points.push_back(PointFromProto(p, 0));
    if (absl::Status s = session_->Add(std::move(points),
                                       static_cast<int64_t>(message.ByteSizeLong()), absl::Now());
        !s.ok()) {
      return s;
    }
    return true;
  }

  absl::Status End(v1::ImportSummary* response) override {
    // An empty stream imports nothing.
    if (!session_) return absl::OkStatus();
    absl::StatusOr<ImportResult> result = session_->End(absl::Now());
    if (!result.ok()) return result.status();
    *response = ImportSummaryToProto(*result);
    if (service_->import_metrics_) service_->import_metrics_->Record("stream", *response);
    return absl::OkStatus();
  }

 private:
  StatisticsServiceImpl* service_;
  std::unique_ptr<IngestSession> session_;
};

grpc::ServerReadReactor<v1::IngestDataPointsRequest>* StatisticsServiceImpl::IngestDataPoints(
    grpc::CallbackServerContext* context, v1::ImportSummary* response) {
  return new grpc_util::ClientStreamReactor<v1::IngestDataPointsRequest, v1::ImportSummary>(
      calls_, context, response, std::make_unique<IngestAdapter>(this), max_stream_messages_);
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ImportCsv(grpc::CallbackServerContext* context,
                                                           const v1::ImportCsvRequest* request,
                                                           v1::ImportSummary* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    // Refused before a byte of it is parsed. The transport's --max_message_bytes bounds what
    // arrives at all; this bounds what a call may make the service parse and check.
    if (static_cast<int64_t>(request->csv().size()) > max_csv_bytes_) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("csv: ", request->csv().size(), " bytes; at most ", max_csv_bytes_,
                       " bytes per call (--max_csv_bytes); split the file or stream it")));
    }
    // Read in place, record by record, and stopped at the first row past the per-call limit:
    // memory follows the rows kept, not the bytes sent.
    absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(request->csv(), kMaxPointsPerCall);
    if (!parsed.ok()) return ToGrpcStatus(parsed.status());
    absl::StatusOr<ImportSettings> settings = ReadOptions(request->options(), "csv");
    if (!settings.ok()) return ToGrpcStatus(settings.status());
    absl::StatusOr<ImportResult> result = imports_.Import(grpc_util::CurrentCaller(), *settings,
                                                          parsed->points, parsed->rejected, "csv");
    if (!result.ok()) return ToGrpcStatus(result.status());
    *response = ImportSummaryToProto(*result);
    if (import_metrics_) import_metrics_->Record("csv", *response);
    return grpc::Status::OK;
  });
}

// Feeds an ImportCsvStream to an import session chunk by chunk: the reader keeps the record a
// chunk left unfinished, the session the rows of one batch, so memory follows one chunk and one
// batch whatever the size of the file. The reactor asks for the next chunk only when Accept has
// returned, so a client sending faster than rows are checked waits in gRPC's flow control.
class StatisticsServiceImpl::CsvStreamAdapter
    : public grpc_util::StreamConsumer<v1::ImportCsvChunk, v1::ImportSummary> {
 public:
  explicit CsvStreamAdapter(StatisticsServiceImpl* service) : service_(service) {}

  absl::StatusOr<bool> Accept(const v1::ImportCsvChunk& message) override {
    if (!session_) {
      absl::StatusOr<ImportSettings> settings = ReadOptions(message.options(), "csv");
      if (!settings.ok()) return settings.status();
      session_ = std::make_unique<IngestSession>(&service_->imports_, grpc_util::CurrentCaller(),
                                                 service_->max_all_or_nothing_stream_bytes_);
      session_->set_list("csv");
      absl::StatusOr<bool> started = session_->Start(*settings);
      if (!started.ok()) return started;
      // A replay: the rest of the file would change nothing.
      replayed_ = !*started;
      if (replayed_) return false;
    } else if (message.has_options()) {
      return absl::InvalidArgumentError(
          "options: only the first message of the stream carries options");
    }
    if (static_cast<int64_t>(message.csv().size()) > kMaxCsvChunkBytes) {
      return absl::InvalidArgumentError(absl::StrCat("csv: a chunk of ", message.csv().size(),
                                                     " bytes; at most ", kMaxCsvChunkBytes,
                                                     " bytes per message"));
    }
    // Read a slice at a time, each slice's rows handed on before the next is read: a chunk of
    // tiny rows ("x\n" is a row) then never becomes a million rows in memory at once. The reader
    // takes any cut, so slicing changes nothing else.
    absl::string_view csv = message.csv();
    int64_t bytes = static_cast<int64_t>(message.ByteSizeLong() - csv.size());
    const absl::Time now = absl::Now();
    do {
      absl::string_view slice = csv.substr(0, kSliceBytes);
      csv.remove_prefix(slice.size());
      ParsedCsv rows;
      if (absl::Status s = reader_.Feed(slice, &rows); !s.ok()) return s;
      bytes += static_cast<int64_t>(slice.size());
      if (absl::Status s =
              session_->AddRows(std::move(rows.points), std::move(rows.rejected), bytes, now);
          !s.ok()) {
        return s;
      }
      bytes = 0;
    } while (!csv.empty());
    return true;
  }

  absl::Status End(v1::ImportSummary* response) override {
    // An empty stream imports nothing.
    if (!session_) return absl::OkStatus();
    if (!replayed_) {
      // The last record may have no line end; a file ending inside a quote is refused here.
      ParsedCsv rows;
      if (absl::Status s = reader_.Finish(&rows); !s.ok()) return s;
      if (absl::Status s =
              session_->AddRows(std::move(rows.points), std::move(rows.rejected), 0, absl::Now());
          !s.ok()) {
        return s;
      }
    }
    absl::StatusOr<ImportResult> result = session_->End(absl::Now());
    if (!result.ok()) return result.status();
    *response = ImportSummaryToProto(*result);
    if (service_->import_metrics_) service_->import_metrics_->Record("csv", *response);
    return absl::OkStatus();
  }

 private:
  static constexpr size_t kSliceBytes = 16 << 10;

  StatisticsServiceImpl* service_;
  DataPointCsvReader reader_;
  std::unique_ptr<IngestSession> session_;
  bool replayed_ = false;
};

grpc::ServerReadReactor<v1::ImportCsvChunk>* StatisticsServiceImpl::ImportCsvStream(
    grpc::CallbackServerContext* context, v1::ImportSummary* response) {
  return new grpc_util::ClientStreamReactor<v1::ImportCsvChunk, v1::ImportSummary>(
      calls_, context, response, std::make_unique<CsvStreamAdapter>(this), max_stream_messages_);
}

// One ExportDataPoints stream: a page of stored figures is read on the executor, then written
// while no thread waits for the client; the next page is read only when the client took the last.
class StatisticsServiceImpl::ExportStream : public grpc_util::StreamProducer<v1::DataPoint> {
 public:
  ExportStream(StatisticsServiceImpl* service, const v1::ExportDataPointsRequest* request)
      : service_(service), request_(request) {}

  absl::StatusOr<bool> Next(std::vector<v1::DataPoint>* batch) override {
    if (!cursor_) {
      absl::StatusOr<ExportQuery> query =
          ExportQueryOf(request_->period(), request_->department_id(),
                        request_->include_descendants(), request_->indicator_codes());
      if (!query.ok()) return query.status();
      absl::StatusOr<ExportCursor> cursor = service_->exports_.Start(*query);
      if (!cursor.ok()) return cursor.status();
      cursor_ = *std::move(cursor);
    }
    absl::StatusOr<std::vector<ExportRow>> rows = service_->exports_.Next(&*cursor_);
    if (!rows.ok()) return rows.status();
    batch->reserve(rows->size());
    for (const ExportRow& row : *rows) {
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
    return !cursor_->done;
  }

 private:
  StatisticsServiceImpl* service_;
  const v1::ExportDataPointsRequest* request_;
  std::optional<ExportCursor> cursor_;
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
    absl::StatusOr<ExportQuery> query =
        ExportQueryOf(request->period(), request->department_id(), request->include_descendants(),
                      request->indicator_codes());
    if (!query.ok()) return ToGrpcStatus(query.status());
    absl::StatusOr<std::string> csv = exports_.Csv(*query);
    if (!csv.ok()) return ToGrpcStatus(csv.status());
    response->set_csv(*std::move(csv));
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

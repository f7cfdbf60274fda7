// The ingestion and export RPCs of the statistics service: batch, stream and CSV in; stream and
// CSV out.

#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/proto_time.h"
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
using time_util::PeriodKey;

constexpr int kExportBatch = 1000;
constexpr int64_t kMaxCsvExportRows = 200000;

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

grpc::ServerUnaryReactor* StatisticsServiceImpl::SubmitDataPoints(
    grpc::CallbackServerContext* context, const v1::SubmitDataPointsRequest* request,
    v1::ImportSummary* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ImportSettings> settings = ReadOptions(request->options(), "manual");
    if (!settings.ok()) return ToGrpcStatus(settings.status());
    std::vector<PointInput> points;
    points.reserve(request->points_size());
    for (const v1::DataPoint& p : request->points()) {
      points.push_back(PointFromProto(p, static_cast<int64_t>(points.size())));
    }
    absl::StatusOr<ImportResult> result =
        imports_.Import(grpc_util::CurrentCaller(), *settings, points, {}, "points");
    if (!result.ok()) return ToGrpcStatus(result.status());
    *response = ImportSummaryToProto(*result);
    if (import_metrics_) import_metrics_->Record("batch", *response);
    return grpc::Status::OK;
  });
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
      session_ = std::make_unique<IngestSession>(&service_->imports_, grpc_util::CurrentCaller());
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
    if (absl::Status s = session_->Add(std::move(points), absl::Now()); !s.ok()) return s;
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
    absl::StatusOr<ParsedCsv> parsed = ParseDataPointCsv(request->csv());
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

#ifndef FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_
#define FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/api/paging.h"
#include "common/grpc/call.h"
#include "common/grpc/grouped_calls.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/statistics/api/import_metrics.h"
#include "services/statistics/api/statistics_convert.h"
#include "services/statistics/app/catalogue.h"
#include "services/statistics/app/exports.h"
#include "services/statistics/app/figures.h"
#include "services/statistics/app/import_points.h"
#include "services/statistics/app/ingest_session.h"
#include "services/statistics/app/period_locks.h"
#include "services/statistics/app/queries.h"
#include "services/statistics/app/validation_rules.h"
#include "services/statistics/domain/ingest.h"
#include "services/statistics/domain/unit_directory.h"
#include "services/statistics/store/rule_store.h"
#include "services/statistics/store/statistics_store.h"

namespace fazhi::statistics {

// gRPC handlers of fazhi.statistics.v1.StatisticsService.
class StatisticsServiceImpl : public v1::StatisticsService::CallbackService {
 public:
  StatisticsServiceImpl(grpc_util::CallRunner* calls, StatisticsStore* store, RuleStore* rules,
                        UnitDirectory* units, const api::PageTokenCodec* page_tokens)
      : calls_(calls),
        page_tokens_(page_tokens),
        catalogue_(store, page_tokens),
        imports_(store, rules, units, &receipts_),
        validation_rules_(rules, store, units),
        period_locks_(store, units),
        queries_(store, store, units),
        figures_(store),
        exports_(store, units) {}

  // Optional: a store over the read replica (--database_read_url) for the queries that may lag
  // (StatisticsQueries::set_replica).
  void set_replica(StatisticsStore* replica) { queries_.set_replica(replica); }

  // Small SubmitDataPoints calls (up to kMaxGroupedPoints figures, not dry runs) made at the same
  // time are checked and written together (ImportPoints::ImportTogether), in groups of up to
  // max_group, up to max_running groups at once; max_group 1 serves each call alone.
  static constexpr size_t kMaxGroupedPoints = 100;
  // Two groups in flight: since a group of new figures no longer reads them first (four
  // statements, not five), three made groups smaller for less throughput, and one left the
  // database waiting on the service (docs/benchmarks.md, thirteenth session).
  static constexpr int kDefaultImportGroupsRunning = 2;
  void set_import_grouping(size_t max_group, int max_running);

  // Optional: counts what imports did (null: not counted).
  void set_import_metrics(ImportMetrics* metrics) { import_metrics_ = metrics; }
  // Most messages an IngestDataPoints or ImportCsvStream stream may send (--max_stream_messages).
  void set_max_stream_messages(int max) { max_stream_messages_ = max; }
  // Largest CSV body ImportCsv parses (--max_csv_bytes).
  void set_max_csv_bytes(int64_t max) { max_csv_bytes_ = max; }
  // Most bytes of messages an all-or-nothing IngestDataPoints stream may send
  // (--max_all_or_nothing_stream_bytes).
  void set_max_all_or_nothing_stream_bytes(int64_t max) { max_all_or_nothing_stream_bytes_ = max; }

  grpc::ServerUnaryReactor* CreateIndicator(grpc::CallbackServerContext* context,
                                            const v1::CreateIndicatorRequest* request,
                                            v1::Indicator* response) override;
  grpc::ServerUnaryReactor* GetIndicator(grpc::CallbackServerContext* context,
                                         const v1::GetIndicatorRequest* request,
                                         v1::Indicator* response) override;
  grpc::ServerUnaryReactor* ListIndicators(grpc::CallbackServerContext* context,
                                           const v1::ListIndicatorsRequest* request,
                                           v1::ListIndicatorsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateIndicator(grpc::CallbackServerContext* context,
                                            const v1::UpdateIndicatorRequest* request,
                                            v1::Indicator* response) override;
  grpc::ServerUnaryReactor* SetReportingObligation(grpc::CallbackServerContext* context,
                                                   const v1::SetReportingObligationRequest* request,
                                                   v1::ReportingObligation* response) override;
  grpc::ServerUnaryReactor* ListReportingObligations(
      grpc::CallbackServerContext* context, const v1::ListReportingObligationsRequest* request,
      v1::ListReportingObligationsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitDataPoints(grpc::CallbackServerContext* context,
                                             const v1::SubmitDataPointsRequest* request,
                                             v1::ImportSummary* response) override;
  grpc::ServerReadReactor<v1::IngestDataPointsRequest>* IngestDataPoints(
      grpc::CallbackServerContext* context, v1::ImportSummary* response) override;
  grpc::ServerUnaryReactor* ImportCsv(grpc::CallbackServerContext* context,
                                      const v1::ImportCsvRequest* request,
                                      v1::ImportSummary* response) override;
  grpc::ServerReadReactor<v1::ImportCsvChunk>* ImportCsvStream(
      grpc::CallbackServerContext* context, v1::ImportSummary* response) override;
  grpc::ServerWriteReactor<v1::DataPoint>* ExportDataPoints(
      grpc::CallbackServerContext* context, const v1::ExportDataPointsRequest* request) override;
  grpc::ServerUnaryReactor* ExportCsv(grpc::CallbackServerContext* context,
                                      const v1::ExportCsvRequest* request,
                                      v1::ExportCsvResponse* response) override;
  grpc::ServerUnaryReactor* GetDataPoint(grpc::CallbackServerContext* context,
                                         const v1::GetDataPointRequest* request,
                                         v1::DataPoint* response) override;
  grpc::ServerUnaryReactor* ListRevisions(grpc::CallbackServerContext* context,
                                          const v1::ListRevisionsRequest* request,
                                          v1::ListRevisionsResponse* response) override;
  grpc::ServerUnaryReactor* Aggregate(grpc::CallbackServerContext* context,
                                      const v1::AggregateRequest* request,
                                      v1::AggregateResponse* response) override;
  // Validation rules: api/validation_rules.cc.
  grpc::ServerUnaryReactor* CreateValidationRule(grpc::CallbackServerContext* context,
                                                 const v1::CreateValidationRuleRequest* request,
                                                 v1::ValidationRule* response) override;
  grpc::ServerUnaryReactor* ListValidationRules(grpc::CallbackServerContext* context,
                                                const v1::ListValidationRulesRequest* request,
                                                v1::ListValidationRulesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateValidationRule(grpc::CallbackServerContext* context,
                                                 const v1::UpdateValidationRuleRequest* request,
                                                 v1::ValidationRule* response) override;
  grpc::ServerUnaryReactor* RunValidation(grpc::CallbackServerContext* context,
                                          const v1::RunValidationRequest* request,
                                          v1::RunValidationResponse* response) override;
  // In api/statistics_queries.cc.
  grpc::ServerUnaryReactor* GetTimeSeries(grpc::CallbackServerContext* context,
                                          const v1::GetTimeSeriesRequest* request,
                                          v1::GetTimeSeriesResponse* response) override;
  grpc::ServerUnaryReactor* GetCompleteness(grpc::CallbackServerContext* context,
                                            const v1::GetCompletenessRequest* request,
                                            v1::GetCompletenessResponse* response) override;
  grpc::ServerUnaryReactor* LockPeriod(grpc::CallbackServerContext* context,
                                       const v1::LockPeriodRequest* request,
                                       v1::PeriodLock* response) override;
  grpc::ServerUnaryReactor* UnlockPeriod(grpc::CallbackServerContext* context,
                                         const v1::UnlockPeriodRequest* request,
                                         v1::PeriodLock* response) override;
  grpc::ServerUnaryReactor* ListPeriodLocks(grpc::CallbackServerContext* context,
                                            const v1::ListPeriodLocksRequest* request,
                                            v1::ListPeriodLocksResponse* response) override;

 protected:
  // The import settings a submission's options ask for; INVALID_ARGUMENT naming the option.
  static absl::StatusOr<ImportSettings> ReadOptions(const v1::ImportOptions& options,
                                                    absl::string_view default_source);

  // One SubmitDataPoints call waiting to be served with others.
  struct GroupedSubmit {
    std::shared_ptr<grpc_util::CallState> call;
    grpc::ServerUnaryReactor* reactor;
    v1::ImportSummary* response;
    GroupedImport import;
  };
  void ServeGroup(std::vector<GroupedSubmit>& group);
  // The status a SubmitDataPoints call finishes with, and its response, given its import's
  // answer.
  grpc::Status SubmitAnswer(const absl::StatusOr<ImportResult>& result,
                            v1::ImportSummary* response);

  class IngestAdapter;
  class CsvStreamAdapter;
  class ExportStream;

  grpc_util::CallRunner* calls_;
  const api::PageTokenCodec* page_tokens_;
  ImportMetrics* import_metrics_ = nullptr;
  int max_stream_messages_ = 100000;
  int64_t max_csv_bytes_ = kDefaultMaxCsvBytes;
  int64_t max_all_or_nothing_stream_bytes_ = kDefaultMaxAllOrNothingStreamBytes;
  ProtoReceiptCodec receipts_;
  // The indicator catalogue and the reporting obligations.
  Catalogue catalogue_;
  // The import use cases of SubmitDataPoints, ImportCsv and IngestDataPoints.
  ImportPoints imports_;
  // Null when each SubmitDataPoints call is served alone.
  std::unique_ptr<grpc_util::GroupedCalls<GroupedSubmit>> grouped_submits_;
  // The validation-rule use cases: api/validation_rules.cc.
  ValidationRules validation_rules_;
  // LockPeriod, UnlockPeriod and ListPeriodLocks.
  PeriodLocks period_locks_;
  // Aggregate, and GetTimeSeries and GetCompleteness (api/statistics_queries.cc).
  StatisticsQueries queries_;
  // GetDataPoint and ListRevisions.
  Figures figures_;
  // ExportDataPoints and ExportCsv.
  Exports exports_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_

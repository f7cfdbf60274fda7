#ifndef FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_
#define FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_

#include <vector>

#include "common/api/paging.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/statistics/domain/ingest.h"
#include "services/statistics/domain/unit_directory.h"
#include "services/statistics/store/statistics_store.h"

namespace fazhi::statistics {

// gRPC handlers of fazhi.statistics.v1.StatisticsService.
class StatisticsServiceImpl : public v1::StatisticsService::Service {
 public:
  StatisticsServiceImpl(StatisticsStore* store, UnitDirectory* units,
                        const api::PageTokenCodec* page_tokens)
      : store_(store), units_(units), page_tokens_(page_tokens) {}

  grpc::Status CreateIndicator(grpc::ServerContext* context,
                               const v1::CreateIndicatorRequest* request,
                               v1::Indicator* response) override;
  grpc::Status GetIndicator(grpc::ServerContext* context, const v1::GetIndicatorRequest* request,
                            v1::Indicator* response) override;
  grpc::Status ListIndicators(grpc::ServerContext* context,
                              const v1::ListIndicatorsRequest* request,
                              v1::ListIndicatorsResponse* response) override;
  grpc::Status UpdateIndicator(grpc::ServerContext* context,
                               const v1::UpdateIndicatorRequest* request,
                               v1::Indicator* response) override;
  grpc::Status SetReportingObligation(grpc::ServerContext* context,
                                      const v1::SetReportingObligationRequest* request,
                                      v1::ReportingObligation* response) override;
  grpc::Status ListReportingObligations(grpc::ServerContext* context,
                                        const v1::ListReportingObligationsRequest* request,
                                        v1::ListReportingObligationsResponse* response) override;
  grpc::Status SubmitDataPoints(grpc::ServerContext* context,
                                const v1::SubmitDataPointsRequest* request,
                                v1::ImportSummary* response) override;
  grpc::Status GetDataPoint(grpc::ServerContext* context, const v1::GetDataPointRequest* request,
                            v1::DataPoint* response) override;
  grpc::Status ListRevisions(grpc::ServerContext* context, const v1::ListRevisionsRequest* request,
                             v1::ListRevisionsResponse* response) override;
  grpc::Status Aggregate(grpc::ServerContext* context, const v1::AggregateRequest* request,
                         v1::AggregateResponse* response) override;
  // In api/statistics_queries.cc.
  grpc::Status GetTimeSeries(grpc::ServerContext* context, const v1::GetTimeSeriesRequest* request,
                             v1::GetTimeSeriesResponse* response) override;
  grpc::Status GetCompleteness(grpc::ServerContext* context,
                               const v1::GetCompletenessRequest* request,
                               v1::GetCompletenessResponse* response) override;
  grpc::Status LockPeriod(grpc::ServerContext* context, const v1::LockPeriodRequest* request,
                          v1::PeriodLock* response) override;
  grpc::Status UnlockPeriod(grpc::ServerContext* context, const v1::UnlockPeriodRequest* request,
                            v1::PeriodLock* response) override;
  grpc::Status ListPeriodLocks(grpc::ServerContext* context,
                               const v1::ListPeriodLocksRequest* request,
                               v1::ListPeriodLocksResponse* response) override;

 protected:
  // The one import path of every ingestion RPC: checks each row, writes the good ones (or none,
  // for a dry run or an all-or-nothing submission with a bad row) with their revisions in one
  // transaction, and records the summary under the request id for replays.
  absl::StatusOr<v1::ImportSummary> Import(const grpc::ServerContext& context,
                                           const v1::ImportOptions& options,
                                           const std::vector<PointInput>& points,
                                           const std::vector<RowRejection>& unreadable,
                                           absl::string_view default_source);

  StatisticsStore* store_;
  UnitDirectory* units_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_API_STATISTICS_SERVICE_H_

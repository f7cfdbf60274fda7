#ifndef FAZHI_SERVICES_CASES_API_FIGURES_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_FIGURES_SERVICE_H_

#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "services/cases/clients/statistics_client.h"
#include "services/cases/store/figures_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.CaseFiguresService: the year's figures of a unit (subtree)
// aggregated in SQL, and their hand-over to the statistics service as data points.
class CaseFiguresServiceImpl final : public v1::CaseFiguresService::CallbackService {
 public:
  CaseFiguresServiceImpl(grpc_util::CallRunner* calls, FiguresStore* store,
                         directory::UnitDirectory* units, StatisticsClient* statistics)
      : calls_(calls), store_(store), units_(units), statistics_(statistics) {}

  // Optional: the figures over the read replica (--database_read_url), for the summaries
  // SummarySource lets lag.
  void set_replica(FiguresStore* replica) { replica_ = replica; }

  grpc::ServerUnaryReactor* SummarizeCases(grpc::CallbackServerContext* context,
                                           const v1::SummarizeCasesRequest* request,
                                           v1::SummarizeCasesResponse* response) override;
  grpc::ServerUnaryReactor* SyncToStatistics(grpc::CallbackServerContext* context,
                                             const v1::SyncToStatisticsRequest* request,
                                             v1::SyncToStatisticsResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  FiguresStore* store_;
  FiguresStore* replica_ = nullptr;
  directory::UnitDirectory* units_;
  StatisticsClient* statistics_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_FIGURES_SERVICE_H_

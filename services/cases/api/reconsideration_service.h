#ifndef FAZHI_SERVICES_CASES_API_RECONSIDERATION_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_RECONSIDERATION_SERVICE_H_

#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "common/time/working_days.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "services/cases/store/case_facts_store.h"
#include "services/cases/store/reconsideration_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.ReconsiderationService: the 5-day examination, the 60-day
// (simple procedure: 30-day) decision and its one extension from domain/reconsideration, one
// audited write per step, the applicant's name masked for anyone but the reconsideration body,
// supervisors and admins.
class ReconsiderationServiceImpl final : public v1::ReconsiderationService::CallbackService {
 public:
  ReconsiderationServiceImpl(grpc_util::CallRunner* calls, CaseFactsStore* cases,
                             ReconsiderationStore* store, directory::UnitDirectory* units,
                             const time_util::WorkingDayCalendar* calendar,
                             const api::PageTokenCodec* page_tokens)
      : calls_(calls),
        cases_(cases),
        store_(store),
        units_(units),
        calendar_(calendar),
        page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreateReconsideration(grpc::CallbackServerContext* context,
                                                  const v1::CreateReconsiderationRequest* request,
                                                  v1::Reconsideration* response) override;
  grpc::ServerUnaryReactor* GetReconsideration(grpc::CallbackServerContext* context,
                                               const v1::GetReconsiderationRequest* request,
                                               v1::Reconsideration* response) override;
  grpc::ServerUnaryReactor* ExamineReconsideration(grpc::CallbackServerContext* context,
                                                   const v1::ExamineReconsiderationRequest* request,
                                                   v1::Reconsideration* response) override;
  grpc::ServerUnaryReactor* ExtendReconsideration(grpc::CallbackServerContext* context,
                                                  const v1::ExtendReconsiderationRequest* request,
                                                  v1::Reconsideration* response) override;
  grpc::ServerUnaryReactor* DecideReconsideration(grpc::CallbackServerContext* context,
                                                  const v1::DecideReconsiderationRequest* request,
                                                  v1::Reconsideration* response) override;
  grpc::ServerUnaryReactor* ListReconsiderations(
      grpc::CallbackServerContext* context, const v1::ListReconsiderationsRequest* request,
      v1::ListReconsiderationsResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  CaseFactsStore* cases_;
  ReconsiderationStore* store_;
  directory::UnitDirectory* units_;
  const time_util::WorkingDayCalendar* calendar_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_RECONSIDERATION_SERVICE_H_

#ifndef FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_

#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "services/cases/store/case_facts_store.h"
#include "services/cases/store/lawsuit_store.h"
#include "services/cases/store/reconsideration_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.LitigationService: lawsuits against the government or its
// departments, their hearings (whether the agency head appeared) and judgments, with a person
// plaintiff's name masked for anyone but supervisors and admins.
class LitigationServiceImpl final : public v1::LitigationService::CallbackService {
 public:
  // reconsiderations: to check the reconsideration a suit follows.
  LitigationServiceImpl(grpc_util::CallRunner* calls, CaseFactsStore* cases,
                        ReconsiderationStore* reconsiderations, LawsuitStore* store,
                        directory::UnitDirectory* units, const api::PageTokenCodec* page_tokens)
      : calls_(calls),
        cases_(cases),
        reconsiderations_(reconsiderations),
        store_(store),
        units_(units),
        page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreateLawsuit(grpc::CallbackServerContext* context,
                                          const v1::CreateLawsuitRequest* request,
                                          v1::Lawsuit* response) override;
  grpc::ServerUnaryReactor* GetLawsuit(grpc::CallbackServerContext* context,
                                       const v1::GetLawsuitRequest* request,
                                       v1::Lawsuit* response) override;
  grpc::ServerUnaryReactor* RecordHearing(grpc::CallbackServerContext* context,
                                          const v1::RecordHearingRequest* request,
                                          v1::Lawsuit* response) override;
  grpc::ServerUnaryReactor* RecordJudgment(grpc::CallbackServerContext* context,
                                           const v1::RecordJudgmentRequest* request,
                                           v1::Lawsuit* response) override;
  grpc::ServerUnaryReactor* ListLawsuits(grpc::CallbackServerContext* context,
                                         const v1::ListLawsuitsRequest* request,
                                         v1::ListLawsuitsResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  CaseFactsStore* cases_;
  ReconsiderationStore* reconsiderations_;
  LawsuitStore* store_;
  directory::UnitDirectory* units_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_

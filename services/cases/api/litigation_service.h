#ifndef FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_

#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "services/cases/store/review_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.LitigationService: lawsuits against the government or its
// departments, their hearings (whether the agency head appeared) and judgments, with a person
// plaintiff's name masked for anyone but supervisors and admins.
class LitigationServiceImpl final : public v1::LitigationService::Service {
 public:
  LitigationServiceImpl(ReviewStore* store, directory::UnitDirectory* units,
                        const api::PageTokenCodec* page_tokens)
      : store_(store), units_(units), page_tokens_(page_tokens) {}

  grpc::Status CreateLawsuit(grpc::ServerContext* context, const v1::CreateLawsuitRequest* request,
                             v1::Lawsuit* response) override;
  grpc::Status GetLawsuit(grpc::ServerContext* context, const v1::GetLawsuitRequest* request,
                          v1::Lawsuit* response) override;
  grpc::Status RecordHearing(grpc::ServerContext* context, const v1::RecordHearingRequest* request,
                             v1::Lawsuit* response) override;
  grpc::Status RecordJudgment(grpc::ServerContext* context,
                              const v1::RecordJudgmentRequest* request,
                              v1::Lawsuit* response) override;
  grpc::Status ListLawsuits(grpc::ServerContext* context, const v1::ListLawsuitsRequest* request,
                            v1::ListLawsuitsResponse* response) override;

 private:
  ReviewStore* store_;
  directory::UnitDirectory* units_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_LITIGATION_SERVICE_H_

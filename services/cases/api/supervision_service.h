#ifndef FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_

#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "services/cases/store/review_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.SupervisionService: proto in, the rules of
// domain/supervision on the stored record, one audited write, proto out with the complainant's
// name masked for anyone but supervisors and admins.
class SupervisionServiceImpl final : public v1::SupervisionService::CallbackService {
 public:
  SupervisionServiceImpl(grpc_util::CallRunner* calls, ReviewStore* store,
                         directory::UnitDirectory* units, const api::PageTokenCodec* page_tokens)
      : calls_(calls), store_(store), units_(units), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* FileMajorCase(grpc::CallbackServerContext* context,
                                          const v1::FileMajorCaseRequest* request,
                                          v1::MajorCaseFiling* response) override;
  grpc::ServerUnaryReactor* ReviewMajorCaseFiling(grpc::CallbackServerContext* context,
                                                  const v1::ReviewMajorCaseFilingRequest* request,
                                                  v1::MajorCaseFiling* response) override;
  grpc::ServerUnaryReactor* ListMajorCaseFilings(
      grpc::CallbackServerContext* context, const v1::ListMajorCaseFilingsRequest* request,
      v1::ListMajorCaseFilingsResponse* response) override;
  grpc::ServerUnaryReactor* CreateCaseFileReview(grpc::CallbackServerContext* context,
                                                 const v1::CreateCaseFileReviewRequest* request,
                                                 v1::CaseFileReview* response) override;
  grpc::ServerUnaryReactor* ListCaseFileReviews(grpc::CallbackServerContext* context,
                                                const v1::ListCaseFileReviewsRequest* request,
                                                v1::ListCaseFileReviewsResponse* response) override;
  grpc::ServerUnaryReactor* CreateComplaint(grpc::CallbackServerContext* context,
                                            const v1::CreateComplaintRequest* request,
                                            v1::Complaint* response) override;
  grpc::ServerUnaryReactor* GetComplaint(grpc::CallbackServerContext* context,
                                         const v1::GetComplaintRequest* request,
                                         v1::Complaint* response) override;
  grpc::ServerUnaryReactor* IssueSupervisionLetter(grpc::CallbackServerContext* context,
                                                   const v1::IssueSupervisionLetterRequest* request,
                                                   v1::Complaint* response) override;
  grpc::ServerUnaryReactor* UpdateRectification(grpc::CallbackServerContext* context,
                                                const v1::UpdateRectificationRequest* request,
                                                v1::Complaint* response) override;
  grpc::ServerUnaryReactor* ListComplaints(grpc::CallbackServerContext* context,
                                           const v1::ListComplaintsRequest* request,
                                           v1::ListComplaintsResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  ReviewStore* store_;
  directory::UnitDirectory* units_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_

#ifndef FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_

#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "services/cases/store/case_facts_store.h"
#include "services/cases/store/case_file_review_store.h"
#include "services/cases/store/complaint_store.h"
#include "services/cases/store/major_case_filing_store.h"

namespace fazhi::cases {

// gRPC handlers of fazhi.cases.v1.SupervisionService: proto in, the rules of
// domain/supervision on the stored record, one audited write, proto out with the complainant's
// name masked for anyone but supervisors and admins.
class SupervisionServiceImpl final : public v1::SupervisionService::CallbackService {
 public:
  SupervisionServiceImpl(grpc_util::CallRunner* calls, CaseFactsStore* cases,
                         MajorCaseFilingStore* filings, CaseFileReviewStore* reviews,
                         ComplaintStore* complaints, directory::UnitDirectory* units,
                         const api::PageTokenCodec* page_tokens)
      : calls_(calls),
        cases_(cases),
        filings_(filings),
        reviews_(reviews),
        complaints_(complaints),
        units_(units),
        page_tokens_(page_tokens) {}

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
  CaseFactsStore* cases_;
  MajorCaseFilingStore* filings_;
  CaseFileReviewStore* reviews_;
  ComplaintStore* complaints_;
  directory::UnitDirectory* units_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_SUPERVISION_SERVICE_H_

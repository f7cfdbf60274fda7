#ifndef FAZHI_SERVICES_CASES_API_ENFORCEMENT_SERVICE_H_
#define FAZHI_SERVICES_CASES_API_ENFORCEMENT_SERVICE_H_

#include "common/api/paging.h"
#include "common/cache/read_cache.h"
#include "common/directory/unit_directory.h"
#include "common/grpc/call.h"
#include "common/time/working_days.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "services/cases/app/case_repository.h"
#include "services/cases/domain/hearing.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {

// Pages of the public disclosure feed, serialized, the same for every caller (see
// ListPublicDecisions).
using PublicFeedCache = cache::ReadCache<grpc::ByteBuffer>;

// gRPC handlers of fazhi.cases.v1.EnforcementCaseService: proto in, the caller and the use case
// of app/ on the bounded executor, proto out (the party's ID number masked for anyone but the
// case's department, supervisors and admins), canonical codes. Page tokens are made here.
// ListPublicDecisions is a raw method: the feed's pages are kept serialized and answered as they
// are, since copying and serializing the same 20 KB page for every anonymous poll cost three
// times what gRPC itself spends on the call.
class EnforcementCaseServiceImpl final
    : public v1::EnforcementCaseService::WithRawCallbackMethod_ListPublicDecisions<
          v1::EnforcementCaseService::CallbackService> {
 public:
  EnforcementCaseServiceImpl(grpc_util::CallRunner* calls, CaseRepository* store,
                             directory::UnitDirectory* units, OfficerChecker* officers,
                             const time_util::WorkingDayCalendar* calendar,
                             HearingThresholds hearing_thresholds,
                             const api::PageTokenCodec* page_tokens,
                             PublicFeedCache* public_feed = nullptr)
      : calls_(calls),
        store_(store),
        units_(units),
        officers_(officers),
        calendar_(calendar),
        hearing_thresholds_(hearing_thresholds),
        page_tokens_(page_tokens),
        public_feed_(public_feed) {}

  grpc::ServerUnaryReactor* FileCase(grpc::CallbackServerContext* context,
                                     const v1::FileCaseRequest* request,
                                     v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request,
                                    v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* AdvanceCase(grpc::CallbackServerContext* context,
                                        const v1::AdvanceCaseRequest* request,
                                        v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* AddEvidence(grpc::CallbackServerContext* context,
                                        const v1::AddEvidenceRequest* request,
                                        v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* ExtendDecisionDeadline(grpc::CallbackServerContext* context,
                                                   const v1::ExtendDecisionDeadlineRequest* request,
                                                   v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* PublishDecision(grpc::CallbackServerContext* context,
                                            const v1::PublishDecisionRequest* request,
                                            v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* RevokeDecision(grpc::CallbackServerContext* context,
                                           const v1::RevokeDecisionRequest* request,
                                           v1::EnforcementCase* response) override;
  grpc::ServerUnaryReactor* ListPublicDecisions(grpc::CallbackServerContext* context,
                                                const grpc::ByteBuffer* request,
                                                grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListOverdue(grpc::CallbackServerContext* context,
                                        const v1::ListOverdueRequest* request,
                                        v1::ListOverdueResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  CaseRepository* store_;
  directory::UnitDirectory* units_;
  OfficerChecker* officers_;
  const time_util::WorkingDayCalendar* calendar_;
  // The 较大数额 of 行政处罚法 Art. 63 (domain/hearing.h), from the server's flags.
  const HearingThresholds hearing_thresholds_;
  const api::PageTokenCodec* page_tokens_;
  PublicFeedCache* public_feed_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_ENFORCEMENT_SERVICE_H_

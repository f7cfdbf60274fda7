#ifndef FAZHI_SERVICES_REPORTS_API_REPORT_SERVICE_H_
#define FAZHI_SERVICES_REPORTS_API_REPORT_SERVICE_H_

#include "common/api/paging.h"
#include "common/grpc/call.h"
#include "fazhi/reports/v1/reports.grpc.pb.h"
#include "services/reports/app/reports_app.h"

namespace fazhi::reports {

// gRPC handlers of fazhi.reports.v1.ReportService: proto in, a use case of app/, proto out,
// canonical errors. Every handler runs on the executor through CallRunner.
class ReportServiceImpl final : public v1::ReportService::CallbackService {
 public:
  ReportServiceImpl(grpc_util::CallRunner* calls, ReportsApp* app,
                    const api::PageTokenCodec* page_tokens)
      : calls_(calls), app_(app), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreateTemplate(grpc::CallbackServerContext* context,
                                           const v1::CreateTemplateRequest* request,
                                           v1::Template* response) override;
  grpc::ServerUnaryReactor* GetTemplate(grpc::CallbackServerContext* context,
                                        const v1::GetTemplateRequest* request,
                                        v1::Template* response) override;
  grpc::ServerUnaryReactor* ListTemplates(grpc::CallbackServerContext* context,
                                          const v1::ListTemplatesRequest* request,
                                          v1::ListTemplatesResponse* response) override;
  grpc::ServerUnaryReactor* CreateReport(grpc::CallbackServerContext* context,
                                         const v1::CreateReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* context,
                                      const v1::GetReportRequest* request,
                                      v1::Report* response) override;
  grpc::ServerUnaryReactor* ListReports(grpc::CallbackServerContext* context,
                                        const v1::ListReportsRequest* request,
                                        v1::ListReportsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateSection(grpc::CallbackServerContext* context,
                                          const v1::UpdateSectionRequest* request,
                                          v1::Report* response) override;
  grpc::ServerUnaryReactor* AddRecipient(grpc::CallbackServerContext* context,
                                         const v1::AddRecipientRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* RemoveRecipient(grpc::CallbackServerContext* context,
                                            const v1::RemoveRecipientRequest* request,
                                            v1::Report* response) override;
  grpc::ServerUnaryReactor* PreviewReport(grpc::CallbackServerContext* context,
                                          const v1::PreviewReportRequest* request,
                                          v1::RenderedReport* response) override;
  grpc::ServerUnaryReactor* CheckReport(grpc::CallbackServerContext* context,
                                        const v1::CheckReportRequest* request,
                                        v1::ConsistencyCheck* response) override;
  grpc::ServerUnaryReactor* SubmitForReview(grpc::CallbackServerContext* context,
                                            const v1::SubmitForReviewRequest* request,
                                            v1::Report* response) override;
  grpc::ServerUnaryReactor* ReturnToDraft(grpc::CallbackServerContext* context,
                                          const v1::ReturnToDraftRequest* request,
                                          v1::Report* response) override;
  grpc::ServerUnaryReactor* AcknowledgeViolation(grpc::CallbackServerContext* context,
                                                 const v1::AcknowledgeViolationRequest* request,
                                                 v1::Report* response) override;
  grpc::ServerUnaryReactor* ApproveReport(grpc::CallbackServerContext* context,
                                          const v1::ApproveReportRequest* request,
                                          v1::Report* response) override;
  grpc::ServerUnaryReactor* SubmitReport(grpc::CallbackServerContext* context,
                                         const v1::SubmitReportRequest* request,
                                         v1::Report* response) override;
  grpc::ServerUnaryReactor* PublishReport(grpc::CallbackServerContext* context,
                                          const v1::PublishReportRequest* request,
                                          v1::PublishedReport* response) override;
  grpc::ServerUnaryReactor* StartCorrection(grpc::CallbackServerContext* context,
                                            const v1::StartCorrectionRequest* request,
                                            v1::Report* response) override;
  grpc::ServerUnaryReactor* GetPublishedReport(grpc::CallbackServerContext* context,
                                               const v1::GetPublishedReportRequest* request,
                                               v1::PublishedReport* response) override;
  grpc::ServerUnaryReactor* ListPublishedReports(
      grpc::CallbackServerContext* context, const v1::ListPublishedReportsRequest* request,
      v1::ListPublishedReportsResponse* response) override;
  grpc::ServerUnaryReactor* GetCompliance(grpc::CallbackServerContext* context,
                                          const v1::GetComplianceRequest* request,
                                          v1::GetComplianceResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  ReportsApp* app_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_API_REPORT_SERVICE_H_

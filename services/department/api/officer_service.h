#ifndef FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_

#include "common/api/paging.h"
#include "common/grpc/call.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "services/department/app/officers.h"
#include "services/department/store/officer_store.h"

namespace fazhi::department {

// gRPC handlers of fazhi.department.v1.OfficerService: proto in, domain rules in one
// transaction, proto out (ID numbers masked), canonical errors.
class OfficerServiceImpl final : public v1::OfficerService::CallbackService {
 public:
  OfficerServiceImpl(grpc_util::CallRunner* calls, OfficerStore* store,
                     const api::PageTokenCodec* page_tokens)
      : calls_(calls), store_(store), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreateOfficer(grpc::CallbackServerContext* context,
                                          const v1::CreateOfficerRequest* request,
                                          v1::Officer* response) override;
  grpc::ServerUnaryReactor* GetOfficer(grpc::CallbackServerContext* context,
                                       const v1::GetOfficerRequest* request,
                                       v1::Officer* response) override;
  grpc::ServerUnaryReactor* ListOfficers(grpc::CallbackServerContext* context,
                                         const v1::ListOfficersRequest* request,
                                         v1::ListOfficersResponse* response) override;
  grpc::ServerUnaryReactor* UpdateOfficer(grpc::CallbackServerContext* context,
                                          const v1::UpdateOfficerRequest* request,
                                          v1::Officer* response) override;
  grpc::ServerUnaryReactor* IssueCertificate(grpc::CallbackServerContext* context,
                                             const v1::IssueCertificateRequest* request,
                                             v1::Certificate* response) override;
  grpc::ServerUnaryReactor* GetCertificate(grpc::CallbackServerContext* context,
                                           const v1::GetCertificateRequest* request,
                                           v1::Certificate* response) override;
  grpc::ServerUnaryReactor* RenewCertificate(grpc::CallbackServerContext* context,
                                             const v1::RenewCertificateRequest* request,
                                             v1::Certificate* response) override;
  grpc::ServerUnaryReactor* SuspendCertificate(grpc::CallbackServerContext* context,
                                               const v1::SuspendCertificateRequest* request,
                                               v1::Certificate* response) override;
  grpc::ServerUnaryReactor* ReinstateCertificate(grpc::CallbackServerContext* context,
                                                 const v1::ReinstateCertificateRequest* request,
                                                 v1::Certificate* response) override;
  grpc::ServerUnaryReactor* RevokeCertificate(grpc::CallbackServerContext* context,
                                              const v1::RevokeCertificateRequest* request,
                                              v1::Certificate* response) override;
  grpc::ServerUnaryReactor* ListCertificateEvents(
      grpc::CallbackServerContext* context, const v1::ListCertificateEventsRequest* request,
      v1::ListCertificateEventsResponse* response) override;
  grpc::ServerUnaryReactor* ValidateOfficers(grpc::CallbackServerContext* context,
                                             const v1::ValidateOfficersRequest* request,
                                             v1::ValidateOfficersResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  // Records a renewal, suspension, reinstatement or revocation and answers with the certificate.
  grpc::Status RecordEvent(const grpc::ServerContextBase& context, EventRequest event,
                           bool has_effective_date, const common::v1::Date& effective_date,
                           v1::Certificate* response);

  OfficerStore* store_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_

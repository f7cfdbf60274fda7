#ifndef FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_

#include "common/api/paging.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "services/department/store/officer_store.h"

namespace fazhi::department {

// gRPC handlers of fazhi.department.v1.OfficerService: proto in, domain rules in one
// transaction, proto out (ID numbers masked), canonical errors.
class OfficerServiceImpl final : public v1::OfficerService::Service {
 public:
  OfficerServiceImpl(OfficerStore* store, const api::PageTokenCodec* page_tokens)
      : store_(store), page_tokens_(page_tokens) {}

  grpc::Status CreateOfficer(grpc::ServerContext* context, const v1::CreateOfficerRequest* request,
                             v1::Officer* response) override;
  grpc::Status GetOfficer(grpc::ServerContext* context, const v1::GetOfficerRequest* request,
                          v1::Officer* response) override;
  grpc::Status ListOfficers(grpc::ServerContext* context, const v1::ListOfficersRequest* request,
                            v1::ListOfficersResponse* response) override;
  grpc::Status UpdateOfficer(grpc::ServerContext* context, const v1::UpdateOfficerRequest* request,
                             v1::Officer* response) override;
  grpc::Status IssueCertificate(grpc::ServerContext* context,
                                const v1::IssueCertificateRequest* request,
                                v1::Certificate* response) override;
  grpc::Status GetCertificate(grpc::ServerContext* context,
                              const v1::GetCertificateRequest* request,
                              v1::Certificate* response) override;
  grpc::Status RenewCertificate(grpc::ServerContext* context,
                                const v1::RenewCertificateRequest* request,
                                v1::Certificate* response) override;
  grpc::Status SuspendCertificate(grpc::ServerContext* context,
                                  const v1::SuspendCertificateRequest* request,
                                  v1::Certificate* response) override;
  grpc::Status ReinstateCertificate(grpc::ServerContext* context,
                                    const v1::ReinstateCertificateRequest* request,
                                    v1::Certificate* response) override;
  grpc::Status RevokeCertificate(grpc::ServerContext* context,
                                 const v1::RevokeCertificateRequest* request,
                                 v1::Certificate* response) override;
  grpc::Status ListCertificateEvents(grpc::ServerContext* context,
                                     const v1::ListCertificateEventsRequest* request,
                                     v1::ListCertificateEventsResponse* response) override;
  grpc::Status ValidateOfficers(grpc::ServerContext* context,
                                const v1::ValidateOfficersRequest* request,
                                v1::ValidateOfficersResponse* response) override;

 private:
  // Records a renewal, suspension, reinstatement or revocation and answers with the certificate.
  grpc::Status RecordEvent(const grpc::ServerContext& context, EventRequest event,
                           bool has_effective_date, const common::v1::Date& effective_date,
                           v1::Certificate* response);

  OfficerStore* store_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_OFFICER_SERVICE_H_

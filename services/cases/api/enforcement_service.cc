#include "services/cases/api/enforcement_service.h"

namespace fazhi::cases {

grpc::Status EnforcementCaseServiceImpl::FileCase(grpc::ServerContext* context,
                                                  const v1::FileCaseRequest* request,
                                                  v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::GetCase(grpc::ServerContext* context,
                                                 const v1::GetCaseRequest* request,
                                                 v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::ListCases(grpc::ServerContext* context,
                                                   const v1::ListCasesRequest* request,
                                                   v1::ListCasesResponse* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::AdvanceCase(grpc::ServerContext* context,
                                                     const v1::AdvanceCaseRequest* request,
                                                     v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::AddEvidence(grpc::ServerContext* context,
                                                     const v1::AddEvidenceRequest* request,
                                                     v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::ExtendDecisionDeadline(
    grpc::ServerContext* context, const v1::ExtendDecisionDeadlineRequest* request,
    v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::PublishDecision(grpc::ServerContext* context,
                                                         const v1::PublishDecisionRequest* request,
                                                         v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::RevokeDecision(grpc::ServerContext* context,
                                                        const v1::RevokeDecisionRequest* request,
                                                        v1::EnforcementCase* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::ListPublicDecisions(
    grpc::ServerContext* context, const v1::ListPublicDecisionsRequest* request,
    v1::ListPublicDecisionsResponse* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

grpc::Status EnforcementCaseServiceImpl::ListOverdue(grpc::ServerContext* context,
                                                     const v1::ListOverdueRequest* request,
                                                     v1::ListOverdueResponse* response) {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "not yet");
}

}  // namespace fazhi::cases

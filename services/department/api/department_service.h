#ifndef FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_

#include "common/api/paging.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "services/department/store/department_store.h"

namespace fazhi::department {

// gRPC handlers of fazhi.department.v1.DepartmentService: proto in, domain rules in one
// transaction, proto out, canonical errors.
class DepartmentServiceImpl final : public v1::DepartmentService::Service {
 public:
  DepartmentServiceImpl(DepartmentStore* store, const api::PageTokenCodec* page_tokens)
      : store_(store), page_tokens_(page_tokens) {}

  grpc::Status CreateDepartment(grpc::ServerContext* context,
                                const v1::CreateDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status GetDepartment(grpc::ServerContext* context, const v1::GetDepartmentRequest* request,
                             v1::Department* response) override;
  grpc::Status BatchGetDepartments(grpc::ServerContext* context,
                                   const v1::BatchGetDepartmentsRequest* request,
                                   v1::BatchGetDepartmentsResponse* response) override;
  grpc::Status ListDepartments(grpc::ServerContext* context,
                               const v1::ListDepartmentsRequest* request,
                               v1::ListDepartmentsResponse* response) override;
  grpc::Status UpdateDepartment(grpc::ServerContext* context,
                                const v1::UpdateDepartmentRequest* request,
                                v1::Department* response) override;
  grpc::Status DissolveDepartment(grpc::ServerContext* context,
                                  const v1::DissolveDepartmentRequest* request,
                                  v1::Department* response) override;
  grpc::Status ListDescendants(grpc::ServerContext* context,
                               const v1::ListDescendantsRequest* request,
                               v1::ListDescendantsResponse* response) override;

 private:
  DepartmentStore* store_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_

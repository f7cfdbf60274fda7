#ifndef FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_

#include "common/api/paging.h"
#include "common/cache/read_cache.h"
#include "common/grpc/call.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "services/department/store/department_store.h"
#include "services/department/store/relation_store.h"

namespace fazhi::department {

// Units as GetDepartment answers them today, serialized, by id.
using UnitCache = cache::ReadCache<grpc::ByteBuffer>;

// gRPC handlers of fazhi.department.v1.DepartmentService: proto in, domain rules in one
// transaction, proto out, canonical errors. GetDepartment is a raw method: a unit is read far more
// often than it changes (every screen that shows a case, a figure or a report shows its unit), so
// it is kept serialized and answered as it is (the read, conversion and serialization were a
// fifth of the call).
class DepartmentServiceImpl final
    : public v1::DepartmentService::WithRawCallbackMethod_GetDepartment<
          v1::DepartmentService::CallbackService> {
 public:
  // units, if given, keeps GetDepartment's answers (without as_of) by id; the store's writes
  // must invalidate it (DepartmentStore's on_write).
  DepartmentServiceImpl(grpc_util::CallRunner* calls, DepartmentStore* store,
                        RelationStore* relations, const api::PageTokenCodec* page_tokens,
                        UnitCache* units = nullptr)
      : calls_(calls),
        store_(store),
        relations_(relations),
        page_tokens_(page_tokens),
        units_(units) {}

  grpc::ServerUnaryReactor* CreateDepartment(grpc::CallbackServerContext* context,
                                             const v1::CreateDepartmentRequest* request,
                                             v1::Department* response) override;
  grpc::ServerUnaryReactor* GetDepartment(grpc::CallbackServerContext* context,
                                          const grpc::ByteBuffer* request_bytes,
                                          grpc::ByteBuffer* response_bytes) override;
  grpc::ServerUnaryReactor* BatchGetDepartments(grpc::CallbackServerContext* context,
                                                const v1::BatchGetDepartmentsRequest* request,
                                                v1::BatchGetDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* ListDepartments(grpc::CallbackServerContext* context,
                                            const v1::ListDepartmentsRequest* request,
                                            v1::ListDepartmentsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateDepartment(grpc::CallbackServerContext* context,
                                             const v1::UpdateDepartmentRequest* request,
                                             v1::Department* response) override;
  grpc::ServerUnaryReactor* DissolveDepartment(grpc::CallbackServerContext* context,
                                               const v1::DissolveDepartmentRequest* request,
                                               v1::Department* response) override;
  grpc::ServerUnaryReactor* ListDescendants(grpc::CallbackServerContext* context,
                                            const v1::ListDescendantsRequest* request,
                                            v1::ListDescendantsResponse* response) override;
  grpc::ServerUnaryReactor* SetDepartmentRelation(grpc::CallbackServerContext* context,
                                                  const v1::SetDepartmentRelationRequest* request,
                                                  v1::DepartmentRelation* response) override;
  grpc::ServerUnaryReactor* ListDepartmentRelations(
      grpc::CallbackServerContext* context, const v1::ListDepartmentRelationsRequest* request,
      v1::ListDepartmentRelationsResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  DepartmentStore* store_;
  RelationStore* relations_;
  const api::PageTokenCodec* page_tokens_;
  UnitCache* units_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_SERVICE_H_

#ifndef FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_

#include "common/api/paging.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "services/department/store/department_store.h"
#include "services/department/store/power_store.h"

namespace fazhi::department {

// gRPC handlers of fazhi.department.v1.PowerListService.
class PowerListServiceImpl final : public v1::PowerListService::Service {
 public:
  PowerListServiceImpl(PowerStore* powers, DepartmentStore* departments,
                       const api::PageTokenCodec* page_tokens)
      : powers_(powers), departments_(departments), page_tokens_(page_tokens) {}

  grpc::Status CreatePowerItem(grpc::ServerContext* context,
                               const v1::CreatePowerItemRequest* request,
                               v1::PowerItem* response) override;
  grpc::Status GetPowerItem(grpc::ServerContext* context, const v1::GetPowerItemRequest* request,
                            v1::PowerItem* response) override;
  grpc::Status ListPowerItems(grpc::ServerContext* context,
                              const v1::ListPowerItemsRequest* request,
                              v1::ListPowerItemsResponse* response) override;
  grpc::Status UpdatePowerItem(grpc::ServerContext* context,
                               const v1::UpdatePowerItemRequest* request,
                               v1::PowerItem* response) override;
  grpc::Status RemovePowerItem(grpc::ServerContext* context,
                               const v1::RemovePowerItemRequest* request,
                               v1::PowerItem* response) override;
  grpc::Status CountPowerItems(grpc::ServerContext* context,
                               const v1::CountPowerItemsRequest* request,
                               v1::CountPowerItemsResponse* response) override;
  grpc::Status ListPowerAdjustments(grpc::ServerContext* context,
                                    const v1::ListPowerAdjustmentsRequest* request,
                                    v1::ListPowerAdjustmentsResponse* response) override;
  grpc::Status CreateDelegation(grpc::ServerContext* context,
                                const v1::CreateDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status GetDelegation(grpc::ServerContext* context, const v1::GetDelegationRequest* request,
                             v1::Delegation* response) override;
  grpc::Status ListDelegations(grpc::ServerContext* context,
                               const v1::ListDelegationsRequest* request,
                               v1::ListDelegationsResponse* response) override;
  grpc::Status RevokeDelegation(grpc::ServerContext* context,
                                const v1::RevokeDelegationRequest* request,
                                v1::Delegation* response) override;
  grpc::Status ListHeldPowers(grpc::ServerContext* context,
                              const v1::ListHeldPowersRequest* request,
                              v1::ListHeldPowersResponse* response) override;

 private:
  PowerStore* powers_;
  DepartmentStore* departments_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_

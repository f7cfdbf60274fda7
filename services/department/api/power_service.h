#ifndef FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_
#define FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_

#include "common/api/paging.h"
#include "common/grpc/call.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "services/department/store/department_store.h"
#include "services/department/store/power_store.h"

namespace fazhi::department {

// gRPC handlers of fazhi.department.v1.PowerListService.
class PowerListServiceImpl final : public v1::PowerListService::CallbackService {
 public:
  PowerListServiceImpl(grpc_util::CallRunner* calls, PowerStore* powers,
                       DepartmentStore* departments, const api::PageTokenCodec* page_tokens)
      : calls_(calls), powers_(powers), departments_(departments), page_tokens_(page_tokens) {}

  grpc::ServerUnaryReactor* CreatePowerItem(grpc::CallbackServerContext* context,
                                            const v1::CreatePowerItemRequest* request,
                                            v1::PowerItem* response) override;
  grpc::ServerUnaryReactor* GetPowerItem(grpc::CallbackServerContext* context,
                                         const v1::GetPowerItemRequest* request,
                                         v1::PowerItem* response) override;
  grpc::ServerUnaryReactor* ListPowerItems(grpc::CallbackServerContext* context,
                                           const v1::ListPowerItemsRequest* request,
                                           v1::ListPowerItemsResponse* response) override;
  grpc::ServerUnaryReactor* UpdatePowerItem(grpc::CallbackServerContext* context,
                                            const v1::UpdatePowerItemRequest* request,
                                            v1::PowerItem* response) override;
  grpc::ServerUnaryReactor* RemovePowerItem(grpc::CallbackServerContext* context,
                                            const v1::RemovePowerItemRequest* request,
                                            v1::PowerItem* response) override;
  grpc::ServerUnaryReactor* CountPowerItems(grpc::CallbackServerContext* context,
                                            const v1::CountPowerItemsRequest* request,
                                            v1::CountPowerItemsResponse* response) override;
  grpc::ServerUnaryReactor* ListPowerAdjustments(
      grpc::CallbackServerContext* context, const v1::ListPowerAdjustmentsRequest* request,
      v1::ListPowerAdjustmentsResponse* response) override;
  grpc::ServerUnaryReactor* CreateDelegation(grpc::CallbackServerContext* context,
                                             const v1::CreateDelegationRequest* request,
                                             v1::Delegation* response) override;
  grpc::ServerUnaryReactor* GetDelegation(grpc::CallbackServerContext* context,
                                          const v1::GetDelegationRequest* request,
                                          v1::Delegation* response) override;
  grpc::ServerUnaryReactor* ListDelegations(grpc::CallbackServerContext* context,
                                            const v1::ListDelegationsRequest* request,
                                            v1::ListDelegationsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeDelegation(grpc::CallbackServerContext* context,
                                             const v1::RevokeDelegationRequest* request,
                                             v1::Delegation* response) override;
  grpc::ServerUnaryReactor* ListHeldPowers(grpc::CallbackServerContext* context,
                                           const v1::ListHeldPowersRequest* request,
                                           v1::ListHeldPowersResponse* response) override;

 private:
  grpc_util::CallRunner* calls_;
  PowerStore* powers_;
  DepartmentStore* departments_;
  const api::PageTokenCodec* page_tokens_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_POWER_SERVICE_H_

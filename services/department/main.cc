// fazhi-department: the unit registry, power lists and delegations, officers and certificates.

#include "common/grpc/server.h"
#include "services/department/api/department_service.h"
#include "services/department/api/officer_service.h"
#include "services/department/api/power_service.h"
#include "services/department/store/department_store.h"
#include "services/department/store/officer_store.h"
#include "services/department/store/power_store.h"

int main(int argc, char** argv) {
  using namespace fazhi;
  std::unique_ptr<department::DepartmentStore> store;
  std::unique_ptr<department::PowerStore> powers;
  std::unique_ptr<department::OfficerStore> officer_store;
  grpc_util::ServiceSpec spec{"department",
                              50051,
                              9451,
                              &department::Migrations(),
                              {department::v1::DepartmentService::service_full_name(),
                               department::v1::PowerListService::service_full_name(),
                               department::v1::OfficerService::service_full_name()}};
  return grpc_util::RunService(argc, argv, spec, [&](grpc_util::ServiceRuntime& runtime) {
    store = std::make_unique<department::DepartmentStore>(runtime.database);
    std::vector<std::unique_ptr<grpc::Service>> services;
    services.push_back(
        std::make_unique<department::DepartmentServiceImpl>(store.get(), runtime.page_tokens));
    powers = std::make_unique<department::PowerStore>(runtime.database);
    services.push_back(std::make_unique<department::PowerListServiceImpl>(powers.get(), store.get(),
                                                                          runtime.page_tokens));
    officer_store = std::make_unique<department::OfficerStore>(runtime.database);
    services.push_back(
        std::make_unique<department::OfficerServiceImpl>(officer_store.get(), runtime.page_tokens));
    return services;
  });
}

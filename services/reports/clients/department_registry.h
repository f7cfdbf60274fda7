#ifndef FAZHI_SERVICES_REPORTS_CLIENTS_DEPARTMENT_REGISTRY_H_
#define FAZHI_SERVICES_REPORTS_CLIENTS_DEPARTMENT_REGISTRY_H_

// UnitRegistry over the department service's DepartmentService: GetDepartment, ListDescendants
// and ListDepartmentRelations, one call each (paged for a subtree), with the caller's deadline
// bounding every call. Unlike directory::DepartmentDirectory it keeps no copy of the registry:
// a report names a handful of units, and needs their short names, levels and relations, which
// the directory's copy does not hold.

#include <grpcpp/channel.h>

#include <memory>
#include <vector>

#include "common/directory/department_directory.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "services/reports/app/ports.h"

namespace fazhi::reports {

class DepartmentRegistry final : public UnitRegistry {
 public:
  // Calls the department service over its own channel (directory::DepartmentChannel(options)).
  // Of options, only address, tls, token_file and call_timeout matter.
  explicit DepartmentRegistry(directory::DepartmentDirectoryOptions options);
  // Calls over channel, shared with the process's other department clients.
  DepartmentRegistry(directory::DepartmentDirectoryOptions options,
                     std::shared_ptr<grpc::Channel> channel);

  absl::StatusOr<Unit> GetUnit(absl::string_view id) override;
  absl::StatusOr<UnitRelations> GetRelations(absl::string_view id, absl::CivilDay as_of) override;
  // Dissolved units included (active false): their figures still count in the subtree's.
  absl::StatusOr<std::vector<Unit>> ListSubtree(absl::string_view id) override;

 private:
  directory::DepartmentDirectoryOptions options_;
  std::unique_ptr<department::v1::DepartmentService::Stub> stub_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_CLIENTS_DEPARTMENT_REGISTRY_H_

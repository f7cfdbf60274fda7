#ifndef FAZHI_SERVICES_DEPARTMENT_APP_UNITS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_UNITS_H_

// The registry's use cases: creating, changing and dissolving a unit, each over a
// DepartmentRepository bound to one transaction, judged at the caller's time.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "services/department/app/unit_ports.h"
#include "services/department/domain/department.h"

namespace fazhi::department {

struct CreateResult {
  Department department;
  // False when request_id matched an earlier create and nothing was written.
  bool created = true;
};

// Registers draft (id already chosen) under its parent.
absl::StatusOr<CreateResult> CreateDepartment(DepartmentRepository& repo, Department draft,
                                              absl::string_view request_id,
                                              const app::Caller& caller);

// Applies `changes` along the mask to the unit changes.id, whose stored etag must be `etag`.
absl::StatusOr<Department> UpdateDepartment(DepartmentRepository& repo, const Department& changes,
                                            const std::vector<std::string>& mask,
                                            absl::string_view etag, const app::Caller& caller);

// Dissolves the unit; it must have no active sub-units and no serving officers left. successor_id,
// if given, must be another active unit outside the dissolved one's subtree. effective_day
// (default: today in China) becomes valid_to and may not precede valid_from.
absl::StatusOr<Department> DissolveDepartment(DepartmentRepository& repo, absl::string_view id,
                                              absl::string_view etag,
                                              absl::string_view successor_id,
                                              std::optional<absl::CivilDay> effective_day,
                                              const app::Caller& caller);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_UNITS_H_

#ifndef FAZHI_SERVICES_DEPARTMENT_APP_UNIT_PORTS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_UNIT_PORTS_H_

// What the unit use cases (app/units.h) need of the registry store, and nothing more:
// DepartmentStore hands one bound to a transaction, the unit tests fake it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/department/domain/department.h"

namespace fazhi::department {

// One transaction's view of the stored registry.
class DepartmentRepository {
 public:
  virtual ~DepartmentRepository() = default;
  // The unit, locked against concurrent change until the transaction ends.
  virtual absl::StatusOr<std::optional<Department>> Find(absl::string_view id) = 0;
  // Ids from the unit's parent up to its root, nearest first.
  virtual absl::StatusOr<std::vector<std::string>> AncestorIds(absl::string_view id) = 0;
  virtual absl::StatusOr<int64_t> CountActiveChildren(absl::string_view id) = 0;
  // Officers still serving in the unit (not marked as left).
  virtual absl::StatusOr<int64_t> CountActiveOfficers(absl::string_view id) = 0;
  // The id of an active unit under parent_id (roots when empty) with this name, other than
  // exclude_id.
  virtual absl::StatusOr<std::optional<std::string>> ActiveSiblingNamed(
      absl::string_view parent_id, absl::string_view name, absl::string_view exclude_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> IdHoldingCreditCode(
      absl::string_view code) = 0;
  virtual absl::StatusOr<std::optional<Department>> FindByRequestId(
      absl::string_view request_id) = 0;
  virtual absl::Status Insert(const Department& d, absl::string_view request_id) = 0;
  // Writes d if the stored version is still expected_version.
  virtual absl::Status Update(const Department& d, int64_t expected_version) = 0;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_UNIT_PORTS_H_

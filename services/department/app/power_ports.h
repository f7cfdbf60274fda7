#ifndef FAZHI_SERVICES_DEPARTMENT_APP_POWER_PORTS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_POWER_PORTS_H_

// What the power-list and delegation use cases (app/powers.h) need of the power store, and
// nothing more: PowerStore hands one bound to a transaction, the unit tests fake it.

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/department/domain/department.h"
#include "services/department/domain/power.h"

namespace fazhi::department {

// One transaction's view of the stored lists.
class PowerRepository {
 public:
  virtual ~PowerRepository() = default;
  virtual absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) = 0;
  // The item, locked against concurrent change until the transaction ends.
  virtual absl::StatusOr<std::optional<PowerItem>> FindItem(absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<PowerItem>> FindItemByRequestId(
      absl::string_view request_id) = 0;
  // The id of an active item of the unit with this code, other than exclude_id.
  virtual absl::StatusOr<std::optional<std::string>> ActiveItemWithCode(
      absl::string_view department_id, absl::string_view code, absl::string_view exclude_id) = 0;
  virtual absl::Status InsertItem(const PowerItem& item, absl::string_view request_id) = 0;
  // Writes item if the stored version is still expected_version.
  virtual absl::Status UpdateItem(const PowerItem& item, int64_t expected_version) = 0;
  virtual absl::Status InsertAdjustment(const PowerAdjustment& adjustment) = 0;

  virtual absl::StatusOr<std::optional<Delegation>> FindDelegation(absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<Delegation>> FindDelegationByRequestId(
      absl::string_view request_id) = 0;
  virtual absl::Status InsertDelegation(const Delegation& delegation,
                                        absl::string_view request_id) = 0;
  virtual absl::Status UpdateDelegation(const Delegation& delegation, int64_t expected_version) = 0;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_POWER_PORTS_H_

#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_

// What the statistics rules need to know of the unit registry, which the department service
// owns: whether a unit exists and is active, and the tree for roll-ups and locks.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::statistics {

struct Unit {
  std::string id;
  std::string parent_id;
  int kind = 0;  // fazhi.department.v1.DepartmentKind
  bool active = true;
};

class UnitDirectory {
 public:
  virtual ~UnitDirectory() = default;
  virtual absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) = 0;
  // The unit and every unit below it (dissolved ones included: their figures still count).
  virtual absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) = 0;
  // The unit, its parent, and so on up to its root.
  virtual absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_

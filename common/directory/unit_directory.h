#ifndef FAZHI_COMMON_DIRECTORY_UNIT_DIRECTORY_H_
#define FAZHI_COMMON_DIRECTORY_UNIT_DIRECTORY_H_

// What the statistics and cases rules need to know of the unit registry, which the department
// service owns: whether a unit exists and is active, its name, and the tree for roll-ups, locks
// and subtree queries.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::directory {

struct Unit {
  std::string id;
  std::string parent_id;
  int kind = 0;  // fazhi.department.v1.DepartmentKind
  bool active = true;
  std::string name;
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

}  // namespace fazhi::directory

#endif  // FAZHI_COMMON_DIRECTORY_UNIT_DIRECTORY_H_

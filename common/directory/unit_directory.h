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
#include "absl/time/civil_time.h"

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

// A unit's reporting relation (whom it reports to), as the reports service addresses the annual
// report with it.
struct UnitRelation {
  int kind = 0;  // fazhi.department.v1.RelationKind
  std::string related_id;
  std::string related_name;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;  // exclusive; empty while in force
};

class RelationDirectory {
 public:
  virtual ~RelationDirectory() = default;
  // The unit's reporting relations in force on day, ordered by kind (at most one of each).
  // NOT_FOUND naming department_id for a unit the registry does not know.
  virtual absl::StatusOr<std::vector<UnitRelation>> RelationsOn(absl::string_view id,
                                                                absl::CivilDay day) = 0;
};

// The units a request for the unit id covers: id alone, or id and every unit below it when
// include_descendants (a request's department_id plus include_descendants). NOT_FOUND naming
// field when the registry does not know id. Does not check id's form: callers that must refuse
// a malformed id do so first (validation::CheckId).
absl::StatusOr<std::vector<std::string>> UnitOrSubtree(UnitDirectory& units, absl::string_view id,
                                                       bool include_descendants,
                                                       absl::string_view field);

}  // namespace fazhi::directory

#endif  // FAZHI_COMMON_DIRECTORY_UNIT_DIRECTORY_H_

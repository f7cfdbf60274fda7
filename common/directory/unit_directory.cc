#include "common/directory/unit_directory.h"

#include "absl/strings/str_cat.h"

namespace fazhi::directory {

absl::StatusOr<std::vector<std::string>> UnitOrSubtree(UnitDirectory& units, absl::string_view id,
                                                       bool include_descendants,
                                                       absl::string_view field) {
  absl::StatusOr<std::optional<Unit>> unit = units.Find(id);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if (include_descendants) return units.Subtree(id);
  return std::vector<std::string>{std::string(id)};
}

}  // namespace fazhi::directory

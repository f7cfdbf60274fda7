#include "services/cases/app/review_records.h"

#include "absl/strings/str_cat.h"
#include "common/validation/text.h"

namespace fazhi::cases {

absl::StatusOr<directory::Unit> RequireUnit(directory::UnitDirectory& units, absl::string_view id,
                                            absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<directory::Unit>> unit = units.Find(id);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  return **unit;
}

absl::StatusOr<std::vector<std::string>> ListScope(directory::UnitDirectory& units,
                                                   absl::string_view department_id,
                                                   bool include_descendants) {
  if (department_id.empty()) return std::vector<std::string>{};
  if (absl::Status s = validation::CheckId(department_id, "department_id"); !s.ok()) return s;
  return directory::UnitOrSubtree(units, department_id, include_descendants, "department_id");
}

}  // namespace fazhi::cases

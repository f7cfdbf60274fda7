#include "services/cases/store/cases_store.h"

namespace fazhi::cases {

absl::StatusOr<std::optional<std::string>> CasesStore::CaseDepartment(absl::string_view id) {
  absl::StatusOr<db::Result> result =
      db_->Execute("SELECT department_id FROM enforcement_cases WHERE id = ?", {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(result->rows[0].Text(0));
}

}  // namespace fazhi::cases

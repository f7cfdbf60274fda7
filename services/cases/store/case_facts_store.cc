#include "services/cases/store/case_facts_store.h"

#include "services/cases/store/record_sql.h"

namespace fazhi::cases {

using record_sql::DayOrNull;

absl::StatusOr<std::optional<FiledCaseFacts>> CaseFactsStore::FindCase(absl::string_view case_id) {
  absl::StatusOr<db::Result> result = db_->Execute(
      "SELECT department_id, major, stage, decision_ymd FROM enforcement_cases WHERE id = ?",
      {std::string(case_id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<FiledCaseFacts>();
  const db::Row& row = result->rows.front();
  FiledCaseFacts c;
  c.department_id = row.Text(0);
  c.major = row.Bool(1);
  c.stage = static_cast<int>(row.Int(2));
  c.decision_date = DayOrNull(row, 3);
  return std::optional<FiledCaseFacts>(std::move(c));
}

}  // namespace fazhi::cases

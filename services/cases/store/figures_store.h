#ifndef FAZHI_SERVICES_CASES_STORE_FIGURES_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_FIGURES_STORE_H_

// The year's figures from the case, supervision, reconsideration and litigation tables, each an
// SQL aggregate (COUNT/SUM with CASE WHEN, GROUP BY the group) over the units, 500 units per
// statement, the partial sums merged here. No record row is loaded. domain/figures.h says what
// each figure counts.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/database.h"
#include "services/cases/app/case_figures.h"
#include "services/cases/domain/figures.h"

namespace fazhi::cases {

class FiguresStore final : public FiguresSource {
 public:
  explicit FiguresStore(db::Database* db) : db_(db) {}

  // The year's figures of the units by group: kTotal gives one entry "" (always present);
  // kDepartment the department id; kKind the case kind ("penalty", "coercive_measure",
  // "inspection", "licensing"); kOutcome the case's decision outcome ("penalty", "no_penalty",
  // "lighter", "reduced", "granted", "refused"; "undecided" for a case filed but not decided);
  // kMonth "yyyy-mm" of the date the figure counts by. Records that carry no case kind or
  // outcome (supervision, reconsideration, litigation) group as "other". Groups whose figures are
  // all zero are left out.
  absl::StatusOr<std::map<std::string, CaseFigures>> Summarize(
      const std::vector<std::string>& department_ids, int year, FigureGroup group) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_FIGURES_STORE_H_

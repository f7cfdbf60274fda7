#ifndef FAZHI_SERVICES_DEPARTMENT_STORE_SUBTREE_H_
#define FAZHI_SERVICES_DEPARTMENT_STORE_SUBTREE_H_

// The recursive query every roll-up over the unit tree starts from. Both SQLite (3.8.3+) and
// MariaDB (10.2+) run WITH RECURSIVE; the depth bound stops a corrupted (cyclic) tree.

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "common/db/database.h"
#include "services/department/domain/department.h"

namespace fazhi::department {

// "WITH RECURSIVE tree (id, depth) AS (...)": root at depth 0 and every unit below it. Appends
// its two parameters to params; the statement it starts must come right after.
inline std::string SubtreeCte(absl::string_view root, std::vector<db::Value>* params) {
  params->push_back(std::string(root));
  params->push_back(int64_t{kMaxDepth});
  return "WITH RECURSIVE tree (id, depth) AS ("
         " SELECT id, 0 FROM departments WHERE id = ?"
         " UNION ALL"
         " SELECT d.id, tree.depth + 1 FROM departments d JOIN tree ON d.parent_id = tree.id"
         " WHERE tree.depth < ?) ";
}

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_STORE_SUBTREE_H_

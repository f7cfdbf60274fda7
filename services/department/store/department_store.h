#ifndef FAZHI_SERVICES_DEPARTMENT_STORE_DEPARTMENT_STORE_H_
#define FAZHI_SERVICES_DEPARTMENT_STORE_DEPARTMENT_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/department/app/unit_ports.h"

namespace fazhi::department {

// The department service's own schema, embedded from store/migrations (without the audit log,
// which audit::WithAuditLog adds).
const std::vector<db::Migration>& Migrations();

struct ListFilter {
  std::string parent_id;  // direct children of this unit; empty: no parent filter
  bool roots_only = false;
  Kind kind = Kind::kUnspecified;        // unspecified: any
  Status status = Status::kUnspecified;  // unspecified: any
  std::optional<absl::CivilDay> as_of;   // only units that existed that day
};

struct DescendantNode {
  Department department;
  int depth = 0;
};

struct DescendantsCursor {
  int depth = 0;
  std::string id;
};

// One unit read on conn, for the service's other stores (power lists and officers check the
// units they refer to in their own transactions). for_update locks the row on MySQL.
absl::StatusOr<std::optional<Department>> FindDepartment(db::Connection& conn, absl::string_view id,
                                                         bool for_update);

class DepartmentStore {
 public:
  // on_write, if set, runs after every committed transaction of the registry, so that copies of
  // units kept in the process (the GetDepartment cache) are dropped before the writer is answered.
  explicit DepartmentStore(db::Database* db, std::function<void()> on_write = nullptr)
      : db_(db), on_write_(std::move(on_write)) {}

  // Runs fn in one transaction with a repository bound to it; fn's writes, and the audit entry
  // the repository writes for each of them on behalf of `context`, commit together or not at all.
  absl::Status InTransaction(const audit::AuditContext& context,
                             const std::function<absl::Status(DepartmentRepository&)>& fn);

  absl::StatusOr<std::optional<Department>> Get(absl::string_view id);
  // Units found among ids (missing ids are simply absent), in no particular order.
  absl::StatusOr<std::vector<Department>> GetMany(const std::vector<std::string>& ids);
  // Up to limit units matching filter with id > after_id, ordered by id.
  absl::StatusOr<std::vector<Department>> List(const ListFilter& filter, absl::string_view after_id,
                                               int limit);
  // The subtree of root (root itself at depth 0), ordered by depth then id, after the cursor.
  absl::StatusOr<std::vector<DescendantNode>> ListDescendants(
      absl::string_view root, bool include_self, bool include_dissolved,
      std::optional<absl::CivilDay> as_of, const std::optional<DescendantsCursor>& after,
      int limit);

 private:
  db::Database* db_;
  const std::function<void()> on_write_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_STORE_DEPARTMENT_STORE_H_

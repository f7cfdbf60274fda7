#ifndef FAZHI_SERVICES_DEPARTMENT_STORE_RELATION_STORE_H_
#define FAZHI_SERVICES_DEPARTMENT_STORE_RELATION_STORE_H_

// Reporting relations in the department service's schema
// (store/migrations/0005_department_relations.sql). Every write goes through the repository of
// InTransaction, which writes the audit entry for it on the same connection, under the
// reporting unit ("department" target) so a unit's audit trail shows its relations too.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/department/app/relation_ports.h"

namespace fazhi::department {

struct RelationFilter {
  std::string department_id;
  RelationKind kind = RelationKind::kUnspecified;  // unspecified: every kind
  std::optional<absl::CivilDay> as_of;             // only relations in force that day
};

class RelationStore {
 public:
  explicit RelationStore(db::Database* db) : db_(db) {}

  // Runs fn in one transaction with a repository bound to it; fn's writes and the audit entries
  // the repository writes for them on behalf of `context` commit together or not at all.
  absl::Status InTransaction(const audit::AuditContext& context,
                             const std::function<absl::Status(RelationRepository&)>& fn);

  // The relations matching filter, ordered by kind, then valid_from.
  absl::StatusOr<std::vector<Relation>> List(const RelationFilter& filter);

 private:
  db::Database* db_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_STORE_RELATION_STORE_H_

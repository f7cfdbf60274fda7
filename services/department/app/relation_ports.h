#ifndef FAZHI_SERVICES_DEPARTMENT_APP_RELATION_PORTS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_RELATION_PORTS_H_

// What the reporting-relation use case (app/relations.h) needs of the relation store, and
// nothing more: RelationStore hands one bound to a transaction, the unit tests fake it.

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/department/domain/department.h"
#include "services/department/domain/relation.h"

namespace fazhi::department {

// One transaction's view of the stored relations and the units they join.
class RelationRepository {
 public:
  virtual ~RelationRepository() = default;
  // The unit; the reporting unit's row is locked against concurrent change, which serialises
  // changes to its relations.
  virtual absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) = 0;
  // The relation of this kind with the latest valid_from, if any.
  virtual absl::StatusOr<std::optional<Relation>> Latest(absl::string_view department_id,
                                                         RelationKind kind) = 0;
  virtual absl::Status Insert(const Relation& r) = 0;
  // Rewrites the stored relation (department_id, kind, before.valid_from) as after, which keeps
  // those three. action ("end_relation", "correct_relation", "extend_relation"), reason (the
  // call's own) and now go to the audit log.
  virtual absl::Status Replace(const Relation& before, const Relation& after,
                               absl::string_view action, absl::string_view reason,
                               absl::Time now) = 0;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_RELATION_PORTS_H_

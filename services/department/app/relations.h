#ifndef FAZHI_SERVICES_DEPARTMENT_APP_RELATIONS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_RELATIONS_H_

// The reporting-relation use case: setting or ending whom a unit reports to, over a
// RelationRepository bound to one transaction.

#include "absl/status/statusor.h"
#include "common/app/caller.h"
#include "services/department/app/relation_ports.h"
#include "services/department/domain/relation.h"

namespace fazhi::department {

struct SetRelationResult {
  // The relation set (or, when ending, the relation ended).
  Relation relation;
  // False when the same relation was already in force from that day and nothing was written.
  bool changed = true;
};

// Sets (or ends) a relation as SetDepartmentRelation documents. The
// caller's actor becomes set_by.
absl::StatusOr<SetRelationResult> SetRelation(RelationRepository& repo,
                                              const SetRelationCommand& command,
                                              const app::Caller& caller);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_RELATIONS_H_

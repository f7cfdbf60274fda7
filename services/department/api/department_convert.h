#ifndef FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_CONVERT_H_
#define FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_CONVERT_H_

// Conversions between the unit registry's protos and the domain.

#include "absl/status/statusor.h"
#include "fazhi/department/v1/department.pb.h"
#include "services/department/domain/department.h"
#include "services/department/domain/relation.h"

namespace fazhi::department {

namespace pb = ::fazhi::department::v1;

pb::Department ToProto(const Department& d);
// The caller-settable fields of a proto department; INVALID_ARGUMENT for enum values this
// version does not know (a newer client, or a forged number).
absl::StatusOr<Department> FromProto(const pb::Department& proto);
absl::StatusOr<Kind> KindFromProto(int value, absl::string_view field);
absl::StatusOr<Status> StatusFromProto(int value, absl::string_view field);

pb::DepartmentRelation ToProto(const Relation& r);
// UNSPECIFIED passes through (the request rule decides whether it may); an unknown number is
// INVALID_ARGUMENT naming field.
absl::StatusOr<RelationKind> RelationKindFromProto(int value, absl::string_view field);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_DEPARTMENT_CONVERT_H_

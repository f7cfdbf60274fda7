#include "services/department/api/department_convert.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "google/protobuf/util/time_util.h"

namespace fazhi::department {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

absl::Status UnknownEnum(absl::string_view field, int value) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", value));
}

}  // namespace

pb::Department ToProto(const Department& d) {
  pb::Department p;
  p.set_id(d.id);
  p.set_name(d.name);
  p.set_short_name(d.short_name);
  p.set_kind(static_cast<pb::DepartmentKind>(d.kind));
  p.set_level(static_cast<pb::AdministrativeLevel>(d.level));
  p.set_parent_id(d.parent_id);
  p.set_credit_code(d.credit_code);
  p.set_region_code(d.region_code);
  p.set_law_enforcement_body(d.law_enforcement_body);
  p.set_has_legal_affairs_office(d.has_legal_affairs_office);
  p.set_status(static_cast<pb::DepartmentStatus>(d.status));
  p.set_successor_id(d.successor_id);
  *p.mutable_create_time() = ToTimestamp(d.create_time);
  *p.mutable_update_time() = ToTimestamp(d.update_time);
  if (d.dissolve_time) *p.mutable_dissolve_time() = ToTimestamp(*d.dissolve_time);
  p.set_etag(api::FormatEtag(d.version));
  if (d.valid_from) *p.mutable_valid_from() = api::DateToProto(*d.valid_from);
  if (d.valid_to) *p.mutable_valid_to() = api::DateToProto(*d.valid_to);
  return p;
}

absl::StatusOr<Kind> KindFromProto(int value, absl::string_view field) {
  if (value < 0 || value > kMaxKind) return UnknownEnum(field, value);
  return static_cast<Kind>(value);
}

absl::StatusOr<Status> StatusFromProto(int value, absl::string_view field) {
  if (!pb::DepartmentStatus_IsValid(value)) return UnknownEnum(field, value);
  return static_cast<Status>(value);
}

pb::DepartmentRelation ToProto(const Relation& r) {
  pb::DepartmentRelation p;
  p.set_department_id(r.department_id);
  p.set_kind(static_cast<pb::RelationKind>(r.kind));
  p.set_related_id(r.related_id);
  p.set_related_name(r.related_name);
  *p.mutable_valid_from() = api::DateToProto(r.valid_from);
  if (r.valid_to) *p.mutable_valid_to() = api::DateToProto(*r.valid_to);
  p.set_reason(r.reason);
  p.set_set_by(r.set_by);
  *p.mutable_set_time() = ToTimestamp(r.set_time);
  return p;
}

absl::StatusOr<RelationKind> RelationKindFromProto(int value, absl::string_view field) {
  if (value < 0 || value > kMaxRelationKind) return UnknownEnum(field, value);
  return static_cast<RelationKind>(value);
}

absl::StatusOr<Department> FromProto(const pb::Department& p) {
  Department d;
  d.id = p.id();
  d.name = p.name();
  d.short_name = p.short_name();
  absl::StatusOr<Kind> kind = KindFromProto(p.kind(), "department.kind");
  if (!kind.ok()) return kind.status();
  d.kind = *kind;
  if (p.level() < 0 || p.level() > kMaxLevel) return UnknownEnum("department.level", p.level());
  d.level = static_cast<Level>(p.level());
  d.parent_id = p.parent_id();
  d.credit_code = p.credit_code();
  d.region_code = p.region_code();
  d.law_enforcement_body = p.law_enforcement_body();
  d.has_legal_affairs_office = p.has_legal_affairs_office();
  absl::StatusOr<std::optional<absl::CivilDay>> valid_from =
      api::OptionalDate(p.has_valid_from(), p.valid_from(), "department.valid_from");
  if (!valid_from.ok()) return valid_from.status();
  d.valid_from = *valid_from;
  return d;
}

}  // namespace fazhi::department

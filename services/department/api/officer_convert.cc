#include "services/department/api/officer_convert.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/validation/id_number.h"

namespace fazhi::department {
namespace {

absl::Status UnknownEnum(absl::string_view field, int value) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", value));
}

}  // namespace

pb::Officer OfficerToProto(const Officer& o, const Certificate* current, absl::CivilDay today) {
  pb::Officer p;
  p.set_id(o.id);
  p.set_department_id(o.department_id);
  p.set_name(o.name);
  p.set_id_number(validation::MaskIdNumber(o.id_number));
  p.set_status(static_cast<pb::OfficerStatus>(o.status));
  *p.mutable_create_time() = api::TimeToProto(o.create_time);
  *p.mutable_update_time() = api::TimeToProto(o.update_time);
  p.set_etag(api::FormatEtag(o.version));
  if (current) *p.mutable_current_certificate() = CertificateToProto(*current, today, false);
  return p;
}

pb::Certificate CertificateToProto(const Certificate& c, absl::CivilDay status_day,
                                   bool with_events) {
  pb::Certificate p;
  CertificateState state = StateOn(c, status_day);
  p.set_number(c.number);
  p.set_officer_id(c.officer_id);
  p.set_department_id(c.department_id);
  *p.mutable_issue_date() = api::DateToProto(c.issue_date());
  *p.mutable_expiry_date() = api::DateToProto(state.expiry);
  p.set_status(static_cast<pb::CertificateStatus>(state.status));
  *p.mutable_status_date() = api::DateToProto(status_day);
  *p.mutable_create_time() = api::TimeToProto(c.create_time);
  if (with_events) {
    for (const CertificateEvent& e : c.events) {
      *p.add_events() = EventToProto(c.number, c.officer_id, c.department_id, e);
    }
  }
  return p;
}

pb::CertificateEvent EventToProto(absl::string_view number, absl::string_view officer_id,
                                  absl::string_view department_id, const CertificateEvent& e) {
  pb::CertificateEvent p;
  p.set_certificate_number(std::string(number));
  p.set_sequence(e.sequence);
  p.set_type(static_cast<pb::CertificateEventType>(e.type));
  *p.mutable_effective_date() = api::DateToProto(e.date);
  if (e.expiry) *p.mutable_expiry_date() = api::DateToProto(*e.expiry);
  p.set_reason(e.reason);
  *p.mutable_record_time() = api::TimeToProto(e.record_time);
  p.set_officer_id(std::string(officer_id));
  p.set_department_id(std::string(department_id));
  return p;
}

absl::StatusOr<OfficerStatus> OfficerStatusFromProto(int value, absl::string_view field) {
  if (!pb::OfficerStatus_IsValid(value)) return UnknownEnum(field, value);
  return static_cast<OfficerStatus>(value);
}

absl::StatusOr<CertificateEventType> EventTypeFromProto(int value, absl::string_view field) {
  if (!pb::CertificateEventType_IsValid(value)) return UnknownEnum(field, value);
  return static_cast<CertificateEventType>(value);
}

absl::StatusOr<Officer> OfficerFromProto(const pb::Officer& p) {
  Officer o;
  o.id = p.id();
  o.department_id = p.department_id();
  o.name = p.name();
  o.id_number = p.id_number();
  absl::StatusOr<OfficerStatus> status = OfficerStatusFromProto(p.status(), "officer.status");
  if (!status.ok()) return status.status();
  o.status = *status;
  return o;
}

}  // namespace fazhi::department

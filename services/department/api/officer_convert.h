#ifndef FAZHI_SERVICES_DEPARTMENT_API_OFFICER_CONVERT_H_
#define FAZHI_SERVICES_DEPARTMENT_API_OFFICER_CONVERT_H_

// Officers and certificates between the domain and fazhi.department.v1. The ID number leaves
// only masked: OfficerToProto is the one way an officer reaches a response.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "fazhi/department/v1/officer.pb.h"
#include "services/department/domain/officer.h"

namespace fazhi::department {

namespace pb = ::fazhi::department::v1;

// current: the officer's latest certificate, shown with its status on `today`.
pb::Officer OfficerToProto(const Officer& o, const Certificate* current, absl::CivilDay today);
// The certificate with status and expiry on status_day; events only when with_events.
pb::Certificate CertificateToProto(const Certificate& c, absl::CivilDay status_day,
                                   bool with_events);
pb::CertificateEvent EventToProto(absl::string_view number, absl::string_view officer_id,
                                  absl::string_view department_id, const CertificateEvent& e);

// The caller-settable fields of a proto officer; INVALID_ARGUMENT for unknown enum values.
absl::StatusOr<Officer> OfficerFromProto(const pb::Officer& proto);
absl::StatusOr<OfficerStatus> OfficerStatusFromProto(int value, absl::string_view field);
absl::StatusOr<CertificateEventType> EventTypeFromProto(int value, absl::string_view field);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_API_OFFICER_CONVERT_H_

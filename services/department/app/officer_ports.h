#ifndef FAZHI_SERVICES_DEPARTMENT_APP_OFFICER_PORTS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_OFFICER_PORTS_H_

// What the officer and certificate use cases (app/officers.h) need of the officer store, and
// nothing more: OfficerStore hands one bound to a transaction, the unit tests fake it.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/department/domain/officer.h"

namespace fazhi::department {

// One transaction's view of officers, certificates and the departments they belong to. Every
// change to an officer's certificates locks the officer first (FindOfficer), so the officer row
// serialises them.
class OfficerRepository {
 public:
  virtual ~OfficerRepository() = default;
  virtual absl::StatusOr<std::optional<DepartmentRef>> FindDepartment(absl::string_view id) = 0;
  // The officer, locked against concurrent change until the transaction ends.
  virtual absl::StatusOr<std::optional<Officer>> FindOfficer(absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<Officer>> FindOfficerByRequestId(
      absl::string_view request_id) = 0;
  // The id of another officer registered with this ID number.
  virtual absl::StatusOr<std::optional<std::string>> OfficerIdWithIdNumber(
      absl::string_view id_number, absl::string_view exclude_id) = 0;
  virtual absl::Status InsertOfficer(const Officer& o, absl::string_view request_id) = 0;
  // Writes o if the stored version is still expected_version.
  virtual absl::Status UpdateOfficer(const Officer& o, int64_t expected_version) = 0;

  virtual absl::StatusOr<std::optional<Certificate>> FindCertificate(absl::string_view number) = 0;
  // The officer's certificates, oldest issue first.
  virtual absl::StatusOr<std::vector<Certificate>> CertificatesOf(absl::string_view officer_id) = 0;
  // The certificate and event type an earlier call with this request id recorded.
  virtual absl::StatusOr<std::optional<std::pair<std::string, CertificateEventType>>>
  FindEventByRequestId(absl::string_view request_id) = 0;
  // Writes a new certificate with its issue event (c.events[0]).
  virtual absl::Status InsertCertificate(const Certificate& c) = 0;
  // Appends after.events.back() to the stored certificate `before`.
  virtual absl::Status AppendEvent(const Certificate& before, const Certificate& after) = 0;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_OFFICER_PORTS_H_

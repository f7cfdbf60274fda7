#ifndef FAZHI_SERVICES_DEPARTMENT_STORE_OFFICER_STORE_H_
#define FAZHI_SERVICES_DEPARTMENT_STORE_OFFICER_STORE_H_

// Officers, certificates and certificate events in the department service's schema
// (store/migrations/0004_officers.sql). Every write goes through the repository of
// InTransaction, which writes the audit entry for it on the same connection.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/department/app/officer_ports.h"

namespace fazhi::department {

struct OfficerFilter {
  std::string department_id;                           // empty: any
  OfficerStatus status = OfficerStatus::kUnspecified;  // unspecified: any
};

struct CertificateEventFilter {
  std::string certificate_number;
  std::string officer_id;
  std::string department_id;  // the department the certificate was issued for
  CertificateEventType type = CertificateEventType::kUnspecified;
  std::optional<absl::CivilDay> start;  // inclusive
  std::optional<absl::CivilDay> end;    // inclusive
};

// An event with the certificate it belongs to.
struct CertificateEventRow {
  std::string certificate_number;
  std::string officer_id;
  std::string department_id;
  CertificateEvent event;
};

struct CertificateEventCursor {
  int64_t ymd = 0;
  std::string certificate_number;
  int sequence = 0;
};

class OfficerStore {
 public:
  explicit OfficerStore(db::Database* db) : db_(db) {}

  // Runs fn in one transaction with a repository bound to it; fn's writes and the audit entries
  // the repository writes for them on behalf of `context` commit together or not at all.
  absl::Status InTransaction(const audit::AuditContext& context,
                             const std::function<absl::Status(OfficerRepository&)>& fn);

  absl::StatusOr<std::optional<Officer>> GetOfficer(absl::string_view id);
  // Officers found among ids (missing ids are simply absent), in no particular order.
  absl::StatusOr<std::vector<Officer>> GetOfficers(const std::vector<std::string>& ids);
  // Up to limit officers matching filter with id > after_id, ordered by id.
  absl::StatusOr<std::vector<Officer>> ListOfficers(const OfficerFilter& filter,
                                                    absl::string_view after_id, int limit);

  absl::StatusOr<std::optional<Certificate>> GetCertificate(absl::string_view number);
  // Each officer's certificates with their events, oldest issue first; officers without any are
  // absent.
  absl::StatusOr<std::map<std::string, std::vector<Certificate>>> CertificatesOf(
      const std::vector<std::string>& officer_ids);
  // Up to limit events matching filter after the cursor, ordered by effective date, certificate
  // number and sequence.
  absl::StatusOr<std::vector<CertificateEventRow>> ListEvents(
      const CertificateEventFilter& filter, const std::optional<CertificateEventCursor>& after,
      int limit);

  absl::StatusOr<std::optional<DepartmentRef>> GetDepartment(absl::string_view id);
  // Names of the departments found among ids.
  absl::StatusOr<std::map<std::string, std::string>> DepartmentNames(
      const std::vector<std::string>& ids);

 private:
  db::Database* db_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_STORE_OFFICER_STORE_H_

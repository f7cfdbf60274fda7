#ifndef FAZHI_SERVICES_DEPARTMENT_APP_OFFICERS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_OFFICERS_H_

// The officer and certificate use cases: registering and changing an officer, issuing a
// certificate and recording its later events, each over an OfficerRepository bound to one
// transaction, judged at the caller's time.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "services/department/app/officer_ports.h"
#include "services/department/domain/officer.h"

namespace fazhi::department {

struct CreateOfficerResult {
  Officer officer;
  // False when request_id matched an earlier create and nothing was written.
  bool created = true;
};

// Registers draft (id already chosen) under its department, which must be active.
absl::StatusOr<CreateOfficerResult> CreateOfficer(OfficerRepository& repo, Officer draft,
                                                  absl::string_view request_id,
                                                  const app::Caller& caller);

// Applies `changes` along the mask (name, department_id, id_number, status) to the officer
// changes.id, whose stored etag must be `etag`.
absl::StatusOr<Officer> UpdateOfficer(OfficerRepository& repo, const Officer& changes,
                                      const std::vector<std::string>& mask, absl::string_view etag,
                                      const app::Caller& caller);

struct IssueRequest {
  std::string number;
  std::string officer_id;
  std::optional<absl::CivilDay> issue_date;  // default: today in China
  std::optional<absl::CivilDay> expiry_date;
  std::string reason;
  std::string request_id;
};

absl::StatusOr<Certificate> IssueCertificate(OfficerRepository& repo, const IssueRequest& request,
                                             const app::Caller& caller);

// A change to an existing certificate.
struct EventRequest {
  std::string number;
  CertificateEventType type = CertificateEventType::kUnspecified;  // renew..revoke
  std::optional<absl::CivilDay> effective_date;                    // default: today in China
  std::optional<absl::CivilDay> new_expiry_date;                   // renew only
  std::string reason;
  std::string request_id;
};

// Records a renewal, suspension, reinstatement or revocation after checking it against the
// certificate's history: FAILED_PRECONDITION for an illegal change of state (revoking twice,
// suspending a revoked certificate), INVALID_ARGUMENT naming the field for dates out of order.
absl::StatusOr<Certificate> RecordCertificateEvent(OfficerRepository& repo,
                                                   const EventRequest& request,
                                                   const app::Caller& caller);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_OFFICERS_H_

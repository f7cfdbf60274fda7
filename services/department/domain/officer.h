#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_OFFICER_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_OFFICER_H_

// Law-enforcement officers (执法人员) and their certificates (行政执法证): registering an officer,
// the certificate's life (issue, renew, suspend, reinstate, revoke, expire) and whether an officer
// may act for a department on a given day. Pure rules; the use cases that register officers and
// record certificate events are in app/officers.h.
//
// A certificate's state on a day is computed from its dated events, never read from a status
// column, so "was this officer's certificate valid when the case was filed?" is answered from
// history. Expiry needs no event: past its expiry date a certificate is expired.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fazhi::department {

// Values match fazhi.department.v1 so they survive storage and the API unchanged.
enum class OfficerStatus { kUnspecified = 0, kActive = 1, kLeft = 2 };
enum class CertificateEventType {
  kUnspecified = 0,
  kIssue = 1,
  kRenew = 2,
  kSuspend = 3,
  kReinstate = 4,
  kRevoke = 5
};
inline constexpr int kMaxCertificateEventType = 5;
enum class CertificateStatus {
  kUnspecified = 0,
  kValid = 1,
  kSuspended = 2,
  kRevoked = 3,
  kExpired = 4,
  kNotYetValid = 5
};
enum class Verdict {
  kUnspecified = 0,
  kValid = 1,
  kUnknownOfficer = 2,
  kOtherDepartment = 3,
  kNoCertificate = 4,
  kNotYetValid = 5,
  kExpired = 6,
  kSuspended = 7,
  kRevoked = 8
};

inline constexpr size_t kMaxOfficerNameChars = 50;
inline constexpr size_t kMaxCertificateNumberChars = 40;
inline constexpr size_t kMaxReasonChars = 200;
inline constexpr size_t kMaxOfficerRequestIdChars = 64;
// A case needs two officers; a hundred covers any joint operation.
inline constexpr int kMaxValidateOfficers = 100;

struct Officer {
  std::string id;
  std::string department_id;
  std::string name;
  // In clear only here and in the store; masked by the API and in the audit log.
  std::string id_number;
  OfficerStatus status = OfficerStatus::kActive;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  int64_t version = 0;
};

struct CertificateEvent {
  int sequence = 0;  // 1 is the issue
  CertificateEventType type = CertificateEventType::kUnspecified;
  absl::CivilDay date;                   // effective from this day
  std::optional<absl::CivilDay> expiry;  // issue and renew: the last valid day from then on
  std::string reason;
  absl::Time record_time = absl::UnixEpoch();
  std::string request_id;
};

struct Certificate {
  std::string number;
  std::string officer_id;
  // The department it was issued for: the officer's department at the time.
  std::string department_id;
  absl::Time create_time = absl::UnixEpoch();
  // In sequence order; events[0] is the issue, and dates never decrease.
  std::vector<CertificateEvent> events;

  absl::CivilDay issue_date() const { return events.front().date; }
  // The last valid day after every renewal, including renewals dated in the future.
  absl::CivilDay final_expiry() const;
  // The revocation, if any (there is at most one).
  const CertificateEvent* revocation() const;
  // The suspension in force after the last recorded event, if any.
  const CertificateEvent* open_suspension() const;
  // The first day from which the certificate is out of force for good: its revocation day, or the
  // day after its final expiry.
  absl::CivilDay end_day() const;
};

struct CertificateState {
  CertificateStatus status = CertificateStatus::kUnspecified;
  // The expiry date in effect on the day.
  absl::CivilDay expiry;
  // The suspension or revocation behind SUSPENDED or REVOKED.
  const CertificateEvent* cause = nullptr;
};

// The certificate's state on day, from the events effective on or before it.
CertificateState StateOn(const Certificate& c, absl::CivilDay day);

// What the rules need of a department.
struct DepartmentRef {
  std::string id;
  std::string name;
  bool active = false;
  bool law_enforcement_body = false;
};

// Certificate numbers are compared as stored: full-width ASCII (typed with a Chinese input
// method) becomes ASCII and ASCII letters upper-case, so "ｈｎ-0012" and "HN-0012" are one number
// on every backend.
std::string NormalizeCertificateNumber(absl::string_view number);

// " (reason)" when the event has one, "" otherwise, for messages about it.
std::string WithReason(const CertificateEvent& e);

// The officer's caller-settable fields; "officer." is prefixed to field names in errors. today
// bounds the birth date in the ID number.
absl::Status ValidateOfficerFields(const Officer& o, absl::CivilDay today);

struct Validation {
  std::string officer_id;
  Verdict verdict = Verdict::kUnspecified;
  std::string reason;
  std::string officer_name;
  std::string certificate_number;
  std::optional<absl::CivilDay> expiry;
  bool valid() const { return verdict == Verdict::kValid; }
};

// Whether the officer may act for department on day `at`. certificates are the officer's, oldest
// issue first; department_names resolves ids for the reason text (an id stands in when missing).
Validation ValidateOfficer(absl::string_view officer_id, const std::optional<Officer>& officer,
                           const std::vector<Certificate>& certificates,
                           const DepartmentRef& department,
                           const std::map<std::string, std::string>& department_names,
                           absl::CivilDay at);

absl::string_view EventTypeName(CertificateEventType type);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_OFFICER_H_

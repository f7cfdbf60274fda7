#include "services/department/domain/officer.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/id_number.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

using time_util::FormatDay;

std::string NameOf(const std::map<std::string, std::string>& names, const std::string& id) {
  auto it = names.find(id);
  return it == names.end() || it->second.empty() ? absl::StrCat("'", id, "'") : it->second;
}

}  // namespace

// " (reason)" when there is one.
std::string WithReason(const CertificateEvent& e) {
  return e.reason.empty() ? "" : absl::StrCat(" (", e.reason, ")");
}

absl::CivilDay Certificate::final_expiry() const {
  absl::CivilDay expiry = *events.front().expiry;
  for (const CertificateEvent& e : events) {
    if (e.expiry) expiry = *e.expiry;
  }
  return expiry;
}

const CertificateEvent* Certificate::revocation() const {
  for (const CertificateEvent& e : events) {
    if (e.type == CertificateEventType::kRevoke) return &e;
  }
  return nullptr;
}

const CertificateEvent* Certificate::open_suspension() const {
  const CertificateEvent* open = nullptr;
  for (const CertificateEvent& e : events) {
    if (e.type == CertificateEventType::kSuspend) open = &e;
    if (e.type == CertificateEventType::kReinstate) open = nullptr;
  }
  return open;
}

absl::CivilDay Certificate::end_day() const {
  if (const CertificateEvent* r = revocation()) return r->date;
  return final_expiry() + 1;
}

CertificateState StateOn(const Certificate& c, absl::CivilDay day) {
  CertificateState state;
  state.expiry = *c.events.front().expiry;
  if (day < c.issue_date()) {
    state.status = CertificateStatus::kNotYetValid;
    return state;
  }
  const CertificateEvent* suspension = nullptr;
  const CertificateEvent* revocation = nullptr;
  // Dates never decrease along the sequence, so the events in effect on day are a prefix.
  for (const CertificateEvent& e : c.events) {
    if (e.date > day) break;
    switch (e.type) {
      case CertificateEventType::kIssue:
      case CertificateEventType::kRenew:
        state.expiry = *e.expiry;
        break;
      case CertificateEventType::kSuspend:
        suspension = &e;
        break;
      case CertificateEventType::kReinstate:
        suspension = nullptr;
        break;
      case CertificateEventType::kRevoke:
        revocation = &e;
        break;
      case CertificateEventType::kUnspecified:
        break;
    }
  }
  if (revocation) {
    state.status = CertificateStatus::kRevoked;
    state.cause = revocation;
  } else if (day > state.expiry) {
    state.status = CertificateStatus::kExpired;
  } else if (suspension) {
    state.status = CertificateStatus::kSuspended;
    state.cause = suspension;
  } else {
    state.status = CertificateStatus::kValid;
  }
  return state;
}

std::string NormalizeCertificateNumber(absl::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (size_t i = 0; i < number.size(); ++i) {
    unsigned char c = number[i];
    // U+FF01..U+FF5E (full-width ASCII) is EF BC 81..BF and EF BD 80..9E; it maps to U+0021..7E.
    if (c == 0xef && i + 2 < number.size()) {
      unsigned char b1 = number[i + 1], b2 = number[i + 2];
      int code = -1;
      if (b1 == 0xbc && b2 >= 0x81 && b2 <= 0xbf) code = 0xff00 + (b2 - 0x80);
      if (b1 == 0xbd && b2 >= 0x80 && b2 <= 0x9e) code = 0xff40 + (b2 - 0x80);
      if (code >= 0) {
        c = static_cast<unsigned char>(code - 0xff00 + 0x20);
        i += 2;
      }
    }
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return out;
}

absl::string_view EventTypeName(CertificateEventType type) {
  switch (type) {
    case CertificateEventType::kIssue:
      return "issue";
    case CertificateEventType::kRenew:
      return "renew";
    case CertificateEventType::kSuspend:
      return "suspend";
    case CertificateEventType::kReinstate:
      return "reinstate";
    case CertificateEventType::kRevoke:
      return "revoke";
    case CertificateEventType::kUnspecified:
      break;
  }
  return "change";
}

absl::Status ValidateOfficerFields(const Officer& o, absl::CivilDay today) {
  if (absl::Status s = validation::CheckId(o.department_id, "officer.department_id"); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(o.name, "officer.name", 1, kMaxOfficerNameChars);
      !s.ok()) {
    return s;
  }
  if (!o.id_number.empty()) {
    if (absl::StrContains(o.id_number, "*")) {
      return absl::InvalidArgumentError(
          "officer.id_number: send the full 18-character number; reads return it masked, and a "
          "masked number cannot be stored");
    }
    if (absl::Status s = validation::CheckIdNumber(o.id_number, "officer.id_number", today);
        !s.ok()) {
      return s;
    }
  }
  if (o.status != OfficerStatus::kActive && o.status != OfficerStatus::kLeft) {
    return absl::InvalidArgumentError("officer.status must be ACTIVE or LEFT");
  }
  return absl::OkStatus();
}

Validation ValidateOfficer(absl::string_view officer_id, const std::optional<Officer>& officer,
                           const std::vector<Certificate>& certificates,
                           const DepartmentRef& department,
                           const std::map<std::string, std::string>& department_names,
                           absl::CivilDay at) {
  Validation v;
  v.officer_id = std::string(officer_id);
  if (!officer) {
    v.verdict = Verdict::kUnknownOfficer;
    v.reason = absl::StrCat("no officer with id '", officer_id, "' is registered");
    return v;
  }
  const Officer& o = *officer;
  v.officer_name = o.name;
  const std::string here = department.name.empty() ? department.id : department.name;
  const std::string day = FormatDay(at);

  // The certificate that governs `at`: the latest issued on or before it.
  const Certificate* current = nullptr;
  const Certificate* upcoming = nullptr;
  for (const Certificate& c : certificates) {
    if (c.issue_date() <= at) {
      current = &c;
    } else if (upcoming == nullptr) {
      upcoming = &c;
    }
  }
  if (current == nullptr) {
    const std::string& home = upcoming ? upcoming->department_id : o.department_id;
    if (home != department.id) {
      v.verdict = Verdict::kOtherDepartment;
      v.reason =
          absl::StrCat(o.name, " works for ", NameOf(department_names, home), ", not for ", here);
      return v;
    }
    if (upcoming) {
      v.verdict = Verdict::kNotYetValid;
      v.certificate_number = upcoming->number;
      v.expiry = *upcoming->events.front().expiry;
      v.reason = absl::StrCat(o.name, "'s certificate ", upcoming->number, " takes effect on ",
                              FormatDay(upcoming->issue_date()), ", after ", day);
      return v;
    }
    v.verdict = Verdict::kNoCertificate;
    v.reason = absl::StrCat(o.name, " holds no enforcement certificate on ", day);
    return v;
  }

  CertificateState state = StateOn(*current, at);
  v.certificate_number = current->number;
  v.expiry = state.expiry;
  bool in_force =
      state.status == CertificateStatus::kValid || state.status == CertificateStatus::kSuspended;
  if (current->department_id != department.id) {
    if (in_force || o.department_id != department.id) {
      v.verdict = Verdict::kOtherDepartment;
      v.reason = absl::StrCat(o.name, "'s certificate ", current->number, " is for ",
                              NameOf(department_names, current->department_id), ", not for ", here);
    } else {
      v.verdict = Verdict::kNoCertificate;
      v.reason = absl::StrCat(o.name, " holds no certificate for ", here, " on ", day,
                              " (certificate ", current->number, " was for ",
                              NameOf(department_names, current->department_id), ")");
    }
    return v;
  }
  switch (state.status) {
    case CertificateStatus::kValid:
      v.verdict = Verdict::kValid;
      v.reason = absl::StrCat(o.name, " holds certificate ", current->number, " for ", here,
                              ", valid until ", FormatDay(state.expiry));
      break;
    case CertificateStatus::kSuspended:
      v.verdict = Verdict::kSuspended;
      v.reason = absl::StrCat(o.name, "'s certificate ", current->number, " is suspended from ",
                              FormatDay(state.cause->date), WithReason(*state.cause));
      break;
    case CertificateStatus::kRevoked:
      v.verdict = Verdict::kRevoked;
      v.reason = absl::StrCat(o.name, "'s certificate ", current->number, " was revoked from ",
                              FormatDay(state.cause->date), WithReason(*state.cause));
      break;
    case CertificateStatus::kExpired:
      v.verdict = Verdict::kExpired;
      v.reason = absl::StrCat(o.name, "'s certificate ", current->number,
                              " has expired: it was valid until ", FormatDay(state.expiry));
      break;
    default:
      v.verdict = Verdict::kNoCertificate;
      v.reason = absl::StrCat(o.name, " holds no valid certificate on ", day);
      break;
  }
  return v;
}

}  // namespace fazhi::department

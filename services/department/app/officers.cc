#include "services/department/app/officers.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/auth/policy.h"
#include "common/time/date.h"
#include "common/validation/id_number.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

using time_util::FormatDay;

constexpr absl::string_view kUpdatablePaths[] = {"name", "department_id", "id_number", "status"};

absl::string_view PastTense(CertificateEventType type) {
  switch (type) {
    case CertificateEventType::kIssue:
      return "issued";
    case CertificateEventType::kRenew:
      return "renewed";
    case CertificateEventType::kSuspend:
      return "suspended";
    case CertificateEventType::kReinstate:
      return "reinstated";
    case CertificateEventType::kRevoke:
      return "revoked";
    case CertificateEventType::kUnspecified:
      break;
  }
  return "changed";
}

absl::StatusOr<DepartmentRef> ActiveDepartment(OfficerRepository& repo, absl::string_view id,
                                               absl::string_view field) {
  absl::StatusOr<std::optional<DepartmentRef>> d = repo.FindDepartment(id);
  if (!d.ok()) return d.status();
  if (!d->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if (!(*d)->active) {
    return absl::FailedPreconditionError(absl::StrCat(field, ": '", id, "' (", (*d)->name,
                                                      ") is dissolved and cannot take officers"));
  }
  return **d;
}

// FAILED_PRECONDITION naming the field while one of the officer's certificates is, or will be,
// in force after today: a certificate names its department and a person who left holds none.
absl::Status CheckNoCertificateInForce(OfficerRepository& repo, const Officer& o,
                                       absl::CivilDay today, absl::string_view field,
                                       absl::string_view change) {
  absl::StatusOr<std::vector<Certificate>> certificates = repo.CertificatesOf(o.id);
  if (!certificates.ok()) return certificates.status();
  for (const Certificate& c : *certificates) {
    if (c.end_day() > today) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", o.name, " holds certificate ", c.number, " in force until ",
                       FormatDay(c.end_day() - 1), "; revoke it before ", change,
                       " (a certificate names the department it was issued for)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckIdNumberUnique(OfficerRepository& repo, const Officer& o,
                                 const app::Caller& caller) {
  if (o.id_number.empty()) return absl::OkStatus();
  absl::StatusOr<std::optional<std::string>> holder = repo.OfficerIdWithIdNumber(o.id_number, o.id);
  if (!holder.ok()) return holder.status();
  if (!holder->has_value()) return absl::OkStatus();
  // The number itself is never echoed: this message reaches the logs. Nor is its holder, unless
  // the caller may see that officer's personal data: naming them would let anyone learn whose ID
  // number a number is by trying to register it.
  absl::StatusOr<std::optional<Officer>> officer = repo.FindOfficer(**holder);
  if (!officer.ok()) return officer.status();
  if (officer->has_value() &&
      auth::MaySeePersonalData(caller.principal, (*officer)->department_id)) {
    return absl::AlreadyExistsError(absl::StrCat(
        "officer.id_number: this ID number is already registered to officer '", **holder, "'"));
  }
  return absl::AlreadyExistsError(
      "officer.id_number: this ID number is already registered to another officer; a "
      "supervisor (司法局) can tell which");
}

// The certificate a request id recorded earlier, or nullopt when the id is new. A request id
// reused for a different change is INVALID_ARGUMENT rather than silently ignored.
absl::StatusOr<std::optional<Certificate>> EarlierResult(OfficerRepository& repo,
                                                         const app::Caller& caller,
                                                         absl::string_view request_id,
                                                         absl::string_view number,
                                                         CertificateEventType type) {
  if (request_id.empty()) return std::optional<Certificate>();
  absl::StatusOr<std::optional<std::pair<std::string, CertificateEventType>>> earlier =
      repo.FindEventByRequestId(app::RequestKey(caller, request_id));
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return std::optional<Certificate>();
  if ((*earlier)->first != number || (*earlier)->second != type) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id: '", request_id, "' was already used to ", EventTypeName((*earlier)->second),
        " certificate ", (*earlier)->first, "; use a new request id for a different change"));
  }
  return repo.FindCertificate(number);
}

absl::Status CheckRequestId(absl::string_view request_id) {
  return validation::CheckText(request_id, "request_id", 0, kMaxOfficerRequestIdChars);
}

}  // namespace

absl::StatusOr<CreateOfficerResult> CreateOfficer(OfficerRepository& repo, Officer draft,
                                                  absl::string_view request_id,
                                                  const app::Caller& caller) {
  absl::CivilDay today = time_util::DayInChina(caller.now);
  if (absl::Status s = validation::CheckId(draft.id, "officer_id"); !s.ok()) return s;
  draft.id_number = validation::NormalizeIdNumber(draft.id_number);
  draft.status = OfficerStatus::kActive;
  if (absl::Status s = ValidateOfficerFields(draft, today); !s.ok()) return s;
  if (absl::Status s = CheckRequestId(request_id); !s.ok()) return s;
  const std::string request_key = app::RequestKey(caller, request_id);
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<Officer>> earlier = repo.FindOfficerByRequestId(request_key);
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) return CreateOfficerResult{**earlier, false};
  }
  absl::StatusOr<std::optional<Officer>> existing = repo.FindOfficer(draft.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("officer_id: an officer with id '", draft.id, "' already exists"));
  }
  absl::StatusOr<DepartmentRef> department =
      ActiveDepartment(repo, draft.department_id, "officer.department_id");
  if (!department.ok()) return department.status();
  if (absl::Status s = CheckIdNumberUnique(repo, draft, caller); !s.ok()) return s;
  draft.create_time = draft.update_time = caller.now;
  draft.version = 1;
  if (absl::Status s = repo.InsertOfficer(draft, request_key); !s.ok()) return s;
  return CreateOfficerResult{std::move(draft), true};
}

absl::StatusOr<Officer> UpdateOfficer(OfficerRepository& repo, const Officer& changes,
                                      const std::vector<std::string>& mask, absl::string_view etag,
                                      const app::Caller& caller) {
  absl::CivilDay today = time_util::DayInChina(caller.now);
  if (absl::Status s = validation::CheckId(changes.id, "officer.id"); !s.ok()) return s;
  if (mask.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask is required: name the fields to change among ",
                     absl::StrJoin(kUpdatablePaths, ", ")));
  }
  absl::StatusOr<std::optional<Officer>> current = repo.FindOfficer(changes.id);
  if (!current.ok()) return current.status();
  if (!current->has_value()) {
    return absl::NotFoundError(absl::StrCat("officer.id: no officer with id '", changes.id, "'"));
  }
  const Officer& before = **current;
  Officer updated = before;
  for (const std::string& path : mask) {
    if (path == "name") {
      updated.name = changes.name;
    } else if (path == "department_id") {
      updated.department_id = changes.department_id;
    } else if (path == "id_number") {
      updated.id_number = validation::NormalizeIdNumber(changes.id_number);
    } else if (path == "status") {
      if (changes.status == OfficerStatus::kUnspecified) {
        return absl::InvalidArgumentError(
            "officer.status is required when update_mask names it: ACTIVE or LEFT");
      }
      updated.status = changes.status;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", validation::IsValidUtf8(path) ? path : "?",
          "' cannot be updated; updatable fields are ", absl::StrJoin(kUpdatablePaths, ", ")));
    }
  }
  if (absl::Status s = ValidateOfficerFields(updated, today); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, before.version, "officer.etag"); !s.ok()) return s;
  bool moving = updated.department_id != before.department_id;
  bool leaving = before.status == OfficerStatus::kActive && updated.status == OfficerStatus::kLeft;
  bool returning =
      before.status == OfficerStatus::kLeft && updated.status == OfficerStatus::kActive;
  if (moving || returning) {
    absl::StatusOr<DepartmentRef> department =
        ActiveDepartment(repo, updated.department_id, "officer.department_id");
    if (!department.ok()) return department.status();
  }
  if (moving) {
    // The policy judged the call by the officer's unit now; the unit it moves into must be the
    // caller's to write as well, or a clerk could hand officers to any unit.
    if (absl::Status s =
            caller.Refusal(auth::MayMoveRecordInto(caller.principal, updated.department_id),
                           updated.department_id);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckNoCertificateInForce(repo, before, today, "officer.department_id",
                                                   "moving the officer to another department");
        !s.ok()) {
      return s;
    }
  }
  if (leaving) {
    if (absl::Status s = CheckNoCertificateInForce(repo, before, today, "officer.status",
                                                   "recording that the officer left");
        !s.ok()) {
      return s;
    }
  }
  if (updated.id_number != before.id_number) {
    if (absl::Status s = CheckIdNumberUnique(repo, updated, caller); !s.ok()) return s;
  }
  updated.update_time = caller.now;
  updated.version = before.version + 1;
  if (absl::Status s = repo.UpdateOfficer(updated, before.version); !s.ok()) return s;
  return updated;
}

absl::StatusOr<Certificate> IssueCertificate(OfficerRepository& repo, const IssueRequest& request,
                                             const app::Caller& caller) {
  absl::CivilDay today = time_util::DayInChina(caller.now);
  std::string number = NormalizeCertificateNumber(request.number);
  if (absl::Status s =
          validation::CheckText(number, "certificate.number", 1, kMaxCertificateNumberChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckId(request.officer_id, "certificate.officer_id"); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(request.reason, "reason", 0, kMaxReasonChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckRequestId(request.request_id); !s.ok()) return s;
  absl::CivilDay issue = request.issue_date.value_or(today);
  if (!request.expiry_date) {
    return absl::InvalidArgumentError(
        "certificate.expiry_date is required: the last day the certificate is valid");
  }
  if (*request.expiry_date <= issue) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate.expiry_date ", FormatDay(*request.expiry_date),
                     " must be after certificate.issue_date ", FormatDay(issue)));
  }

  absl::StatusOr<std::optional<Officer>> officer = repo.FindOfficer(request.officer_id);
  if (!officer.ok()) return officer.status();
  if (!officer->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("certificate.officer_id: no officer with id '", request.officer_id, "'"));
  }
  // Asked only now that the officer is locked, so a retry racing its original waits for it and
  // then finds what it recorded.
  absl::StatusOr<std::optional<Certificate>> earlier =
      EarlierResult(repo, caller, request.request_id, number, CertificateEventType::kIssue);
  if (!earlier.ok()) return earlier.status();
  if (earlier->has_value()) return **earlier;
  const Officer& o = **officer;
  if (o.status != OfficerStatus::kActive) {
    return absl::FailedPreconditionError(absl::StrCat("certificate.officer_id: ", o.name, " ('",
                                                      o.id,
                                                      "') has left and cannot be issued a "
                                                      "certificate"));
  }
  absl::StatusOr<std::optional<DepartmentRef>> department = repo.FindDepartment(o.department_id);
  if (!department.ok()) return department.status();
  if (!department->has_value() || !(*department)->active) {
    return absl::FailedPreconditionError(absl::StrCat("certificate.officer_id: ", o.name,
                                                      "'s department '", o.department_id,
                                                      "' is dissolved; move the officer first"));
  }
  if (!(*department)->law_enforcement_body) {
    return absl::FailedPreconditionError(absl::StrCat(
        "certificate.officer_id: ", o.name, " works for ", (*department)->name,
        ", which is not a law-enforcement body (行政执法主体); certificates are issued only for "
        "law-enforcement bodies"));
  }
  absl::StatusOr<std::optional<Certificate>> taken = repo.FindCertificate(number);
  if (!taken.ok()) return taken.status();
  if (taken->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("certificate.number: ", number,
                                                 " is already registered (to officer '",
                                                 (*taken)->officer_id, "')"));
  }
  absl::StatusOr<std::vector<Certificate>> held = repo.CertificatesOf(o.id);
  if (!held.ok()) return held.status();
  for (const Certificate& c : *held) {
    if (issue < c.issue_date()) {
      return absl::InvalidArgumentError(
          absl::StrCat("certificate.issue_date ", FormatDay(issue), " is before ", o.name,
                       "'s certificate ", c.number, " issued ", FormatDay(c.issue_date()),
                       "; an officer's certificates follow each other in time"));
    }
    if (c.end_day() > issue) {
      return absl::FailedPreconditionError(
          absl::StrCat(o.name, " still holds certificate ", c.number, " in force until ",
                       FormatDay(c.end_day() - 1),
                       "; an officer holds one certificate at a time, so revoke "
                       "it or issue the new one from ",
                       FormatDay(c.end_day())));
    }
  }

  Certificate c;
  c.number = number;
  c.officer_id = o.id;
  c.department_id = o.department_id;
  c.create_time = caller.now;
  CertificateEvent e;
  e.sequence = 1;
  e.type = CertificateEventType::kIssue;
  e.date = issue;
  e.expiry = *request.expiry_date;
  e.reason = request.reason;
  e.record_time = caller.now;
  e.request_id = app::RequestKey(caller, request.request_id);
  c.events.push_back(std::move(e));
  if (absl::Status s = repo.InsertCertificate(c); !s.ok()) return s;
  return c;
}

absl::StatusOr<Certificate> RecordCertificateEvent(OfficerRepository& repo,
                                                   const EventRequest& request,
                                                   const app::Caller& caller) {
  absl::CivilDay today = time_util::DayInChina(caller.now);
  const CertificateEventType type = request.type;
  if (type != CertificateEventType::kRenew && type != CertificateEventType::kSuspend &&
      type != CertificateEventType::kReinstate && type != CertificateEventType::kRevoke) {
    return absl::InternalError("RecordCertificateEvent: not a change to a certificate");
  }
  std::string number = NormalizeCertificateNumber(request.number);
  if (absl::Status s = validation::CheckText(number, "number", 1, kMaxCertificateNumberChars);
      !s.ok()) {
    return s;
  }
  bool reason_required =
      type == CertificateEventType::kSuspend || type == CertificateEventType::kRevoke;
  if (absl::Status s =
          validation::CheckText(request.reason, "reason", reason_required ? 1 : 0, kMaxReasonChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckRequestId(request.request_id); !s.ok()) return s;
  if (type == CertificateEventType::kRenew && !request.new_expiry_date) {
    return absl::InvalidArgumentError(
        "new_expiry_date is required: the last day the renewed certificate is valid");
  }
  absl::CivilDay day = request.effective_date.value_or(today);

  absl::StatusOr<std::optional<Certificate>> found = repo.FindCertificate(number);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("number: no certificate ", number));
  }
  // Lock the officer, then read the certificates again: the officer row serialises changes.
  absl::StatusOr<std::optional<Officer>> officer = repo.FindOfficer((*found)->officer_id);
  if (!officer.ok()) return officer.status();
  if (!officer->has_value()) {
    return absl::InternalError(absl::StrCat("certificate ", number, " has no officer"));
  }
  const Officer& o = **officer;
  absl::StatusOr<std::optional<Certificate>> earlier =
      EarlierResult(repo, caller, request.request_id, number, type);
  if (!earlier.ok()) return earlier.status();
  if (earlier->has_value()) return **earlier;
  absl::StatusOr<std::vector<Certificate>> held = repo.CertificatesOf(o.id);
  if (!held.ok()) return held.status();
  auto it = std::find_if(held->begin(), held->end(),
                         [&](const Certificate& c) { return c.number == number; });
  if (it == held->end()) {
    return absl::InternalError(absl::StrCat("certificate ", number, " vanished"));
  }
  const Certificate& c = *it;
  const CertificateEvent& last = c.events.back();

  if (const CertificateEvent* revoked = c.revocation()) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", number, " was already revoked from ", FormatDay(revoked->date),
                     WithReason(*revoked), "; a revoked certificate cannot be ", PastTense(type),
                     type == CertificateEventType::kRevoke ? " again" : ""));
  }
  switch (type) {
    case CertificateEventType::kRenew: {
      if (o.status != OfficerStatus::kActive) {
        return absl::FailedPreconditionError(
            absl::StrCat("certificate ", number, ": ", o.name, " has left; it cannot be renewed"));
      }
      if (o.department_id != c.department_id) {
        return absl::FailedPreconditionError(absl::StrCat(
            "certificate ", number, " was issued for '", c.department_id, "' but ", o.name,
            " now works for '", o.department_id, "'; issue a new certificate instead"));
      }
      if (held->back().number != number) {
        return absl::FailedPreconditionError(
            absl::StrCat("certificate ", number, " was superseded by ", held->back().number,
                         "; renew that one instead"));
      }
      absl::StatusOr<std::optional<DepartmentRef>> department =
          repo.FindDepartment(c.department_id);
      if (!department.ok()) return department.status();
      if (!department->has_value() || !(*department)->active) {
        return absl::FailedPreconditionError(absl::StrCat("certificate ", number, ": department '",
                                                          c.department_id, "' is dissolved"));
      }
      break;
    }
    case CertificateEventType::kSuspend:
      if (const CertificateEvent* open = c.open_suspension()) {
        return absl::FailedPreconditionError(
            absl::StrCat("certificate ", number, " is already suspended from ",
                         FormatDay(open->date), WithReason(*open)));
      }
      break;
    case CertificateEventType::kReinstate:
      if (c.open_suspension() == nullptr) {
        return absl::FailedPreconditionError(absl::StrCat(
            "certificate ", number, " is not suspended; there is nothing to reinstate"));
      }
      break;
    default:
      break;
  }
  if (day < last.date) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date ", FormatDay(day), " is before the certificate's last event (",
                     PastTense(last.type), " from ", FormatDay(last.date),
                     "); events are recorded in date order"));
  }
  if (type == CertificateEventType::kRenew) {
    if (*request.new_expiry_date <= c.final_expiry()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "new_expiry_date ", FormatDay(*request.new_expiry_date),
          " must be later than the current expiry date ", FormatDay(c.final_expiry())));
    }
    if (*request.new_expiry_date <= day) {
      return absl::InvalidArgumentError(
          absl::StrCat("new_expiry_date ", FormatDay(*request.new_expiry_date),
                       " must be after effective_date ", FormatDay(day)));
    }
  }
  if (type == CertificateEventType::kSuspend && day > c.final_expiry()) {
    return absl::FailedPreconditionError(
        absl::StrCat("certificate ", number, " was valid only until ", FormatDay(c.final_expiry()),
                     "; there is nothing to suspend from ", FormatDay(day)));
  }

  Certificate after = c;
  CertificateEvent e;
  e.sequence = static_cast<int>(c.events.size()) + 1;
  e.type = type;
  e.date = day;
  if (type == CertificateEventType::kRenew) e.expiry = *request.new_expiry_date;
  e.reason = request.reason;
  e.record_time = caller.now;
  e.request_id = app::RequestKey(caller, request.request_id);
  after.events.push_back(std::move(e));
  if (absl::Status s = repo.AppendEvent(c, after); !s.ok()) return s;
  return after;
}

}  // namespace fazhi::department

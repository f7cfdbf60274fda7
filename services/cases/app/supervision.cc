#include "services/cases/app/supervision.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/auth/policy.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"

namespace fazhi::cases {
namespace {

constexpr size_t kMaxRequestIdChars = 64;

absl::Status CheckRequestId(absl::string_view request_id) {
  return validation::CheckText(request_id, "request_id", 0, kMaxRequestIdChars);
}

// The enforcement case a record names: NOT_FOUND naming field when there is none.
absl::StatusOr<FiledCaseFacts> RequireCase(CaseFacts& cases, absl::string_view case_id,
                                           absl::string_view field) {
  if (absl::Status s = validation::CheckId(case_id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<FiledCaseFacts>> found = cases.FindCase(case_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no enforcement case '", case_id, "'"));
  }
  return **found;
}

absl::StatusOr<Complaint> RequireComplaint(ComplaintRepository& complaints, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Complaint>> found = complaints.GetComplaint(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return absl::NotFoundError(absl::StrCat("id: no complaint '", id, "'"));
  return **found;
}

ComplaintView ViewFor(Complaint c, const app::Caller& caller) {
  bool reveal = auth::MaySeeComplainantAndPlaintiffNames(caller.principal);
  return ComplaintView{std::move(c), reveal};
}

}  // namespace

absl::StatusOr<MajorCaseFiling> FileMajorCase(FilingRepository& filings, CaseFacts& cases,
                                              absl::string_view case_id, absl::CivilDay filed_date,
                                              absl::string_view request_id,
                                              const app::Caller& caller) {
  if (absl::Status s = CheckRequestId(request_id); !s.ok()) return s;
  absl::StatusOr<FiledCaseFacts> facts = RequireCase(cases, case_id, "case_id");
  if (!facts.ok()) return facts.status();
  if (absl::Status s = CheckMajorCaseFilable(*facts, filed_date); !s.ok()) return s;
  MajorCaseFiling filing = NewFiling(case_id, *facts, filed_date);
  filing.id = ids::NewResourceId("filing");
  return filings.CreateFiling(filing, app::RequestKey(caller, request_id), caller.audit);
}

absl::StatusOr<MajorCaseFiling> ReviewMajorCaseFiling(FilingRepository& filings,
                                                      absl::string_view id, absl::string_view etag,
                                                      absl::CivilDay review_date,
                                                      const std::vector<std::string>& suggestions,
                                                      const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<MajorCaseFiling>> found = filings.GetFiling(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no major-case filing '", id, "'"));
  }
  MajorCaseFiling filing = **found;
  if (absl::Status s = api::CheckEtag(etag, filing.stamps.version, "etag"); !s.ok()) return s;
  int64_t version = filing.stamps.version;
  if (absl::Status s = ReviewFiling(filing, caller.audit.actor, review_date, suggestions);
      !s.ok()) {
    return s;
  }
  return filings.UpdateFiling(filing, version, "review", caller.audit);
}

absl::StatusOr<std::vector<MajorCaseFiling>> ListMajorCaseFilings(
    FilingRepository& filings, const ReviewFilter& filter, FilingStatus status,
    const std::optional<DateCursor>& after, int limit) {
  return filings.ListFilings(filter, status, after, limit);
}

absl::StatusOr<CaseFileReview> CreateCaseFileReview(CaseFileReviewRepository& reviews,
                                                    CaseFacts& cases,
                                                    CreateCaseFileReviewCommand command,
                                                    const app::Caller& caller) {
  if (absl::Status s = CheckRequestId(command.request_id); !s.ok()) return s;
  CaseFileReview& review = command.review;
  if (absl::Status s = CheckCaseFileReview(review, "review."); !s.ok()) return s;
  if (!command.department_id.empty()) {
    if (absl::Status s = validation::CheckId(command.department_id, "review.department_id");
        !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<FiledCaseFacts> facts = RequireCase(cases, review.case_id, "review.case_id");
  if (!facts.ok()) return facts.status();
  // The department is the case's; a different one given is a mistake worth telling.
  if (!command.department_id.empty() && command.department_id != facts->department_id) {
    return absl::InvalidArgumentError(absl::StrCat("review.department_id: the case belongs to '",
                                                   facts->department_id, "', not '",
                                                   command.department_id, "' (leave it empty)"));
  }
  review.department_id = facts->department_id;
  review.id = ids::NewResourceId("casereview");
  return reviews.CreateCaseFileReview(review, app::RequestKey(caller, command.request_id),
                                      caller.audit);
}

absl::StatusOr<std::vector<CaseFileReview>> ListCaseFileReviews(
    CaseFileReviewRepository& reviews, const ReviewFilter& filter,
    const std::optional<DateCursor>& after, int limit) {
  return reviews.ListCaseFileReviews(filter, after, limit);
}

absl::StatusOr<ComplaintView> CreateComplaint(ComplaintRepository& complaints, CaseFacts& cases,
                                              directory::UnitDirectory& units, Complaint complaint,
                                              absl::string_view request_id,
                                              const app::Caller& caller) {
  if (absl::Status s = CheckRequestId(request_id); !s.ok()) return s;
  if (absl::Status s = CheckNewComplaint(complaint, "complaint."); !s.ok()) return s;
  if (!complaint.case_id.empty()) {
    if (absl::Status s = validation::CheckId(complaint.case_id, "complaint.case_id"); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<directory::Unit> unit =
      RequireUnit(units, complaint.department_id, "complaint.department_id");
  if (!unit.ok()) return unit.status();
  if (!complaint.case_id.empty()) {
    absl::StatusOr<FiledCaseFacts> facts =
        RequireCase(cases, complaint.case_id, "complaint.case_id");
    if (!facts.ok()) return facts.status();
    if (facts->department_id != complaint.department_id) {
      return absl::InvalidArgumentError(absl::StrCat("complaint.case_id: the case belongs to '",
                                                     facts->department_id, "', not to '",
                                                     complaint.department_id, "'"));
    }
  }
  complaint.id = ids::NewResourceId("complaint");
  complaint.rectification = RectificationStatus::kUnspecified;
  absl::StatusOr<Complaint> stored =
      complaints.CreateComplaint(complaint, app::RequestKey(caller, request_id), caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

absl::StatusOr<ComplaintView> GetComplaint(ComplaintRepository& complaints, absl::string_view id,
                                           const app::Caller& caller) {
  absl::StatusOr<Complaint> complaint = RequireComplaint(complaints, id);
  if (!complaint.ok()) return complaint.status();
  return ViewFor(*std::move(complaint), caller);
}

absl::StatusOr<ComplaintView> IssueSupervisionLetter(ComplaintRepository& complaints,
                                                     absl::string_view id, absl::string_view etag,
                                                     const SupervisionLetter& letter,
                                                     const app::Caller& caller) {
  absl::StatusOr<Complaint> complaint = RequireComplaint(complaints, id);
  if (!complaint.ok()) return complaint.status();
  if (absl::Status s = api::CheckEtag(etag, complaint->stamps.version, "etag"); !s.ok()) return s;
  int64_t version = complaint->stamps.version;
  if (absl::Status s = IssueLetter(*complaint, letter); !s.ok()) return s;
  absl::StatusOr<Complaint> stored =
      complaints.UpdateComplaint(*complaint, version, "issue_letter", caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

absl::StatusOr<ComplaintView> UpdateRectification(ComplaintRepository& complaints,
                                                  absl::string_view id, absl::string_view etag,
                                                  RectificationStatus to, absl::string_view report,
                                                  const AuditRefusalFn& audit_refusal,
                                                  const app::Caller& caller) {
  if (to != RectificationStatus::kReported && to != RectificationStatus::kConfirmed) {
    return absl::InvalidArgumentError(
        "rectification: set REPORTED (the department) or CONFIRMED (the supervisor)");
  }
  absl::StatusOr<Complaint> complaint = RequireComplaint(complaints, id);
  if (!complaint.ok()) return complaint.status();
  // The policy table lets any principal through: the department reports, the supervisor
  // confirms, and which is which depends on the status asked for. A refusal is audited under
  // the department complained about.
  absl::Status may = to == RectificationStatus::kReported
                         ? auth::MayReportRectification(caller.principal, complaint->department_id)
                         : auth::MayConfirmRectification(caller.principal);
  if (absl::Status s = audit_refusal(may, complaint->department_id); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, complaint->stamps.version, "etag"); !s.ok()) return s;
  int64_t version = complaint->stamps.version;
  if (absl::Status s =
          MoveRectification(complaint->rectification, complaint->rectification_report, to, report);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<Complaint> stored = complaints.UpdateComplaint(
      *complaint, version,
      to == RectificationStatus::kReported ? "report_rectification" : "confirm_rectification",
      caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

absl::StatusOr<std::vector<ComplaintView>> ListComplaints(ComplaintRepository& complaints,
                                                          const ReviewFilter& filter,
                                                          const std::optional<DateCursor>& after,
                                                          int limit, const app::Caller& caller) {
  absl::StatusOr<std::vector<Complaint>> rows = complaints.ListComplaints(filter, after, limit);
  if (!rows.ok()) return rows.status();
  std::vector<ComplaintView> views;
  views.reserve(rows->size());
  for (Complaint& c : *rows) views.push_back(ViewFor(std::move(c), caller));
  return views;
}

}  // namespace fazhi::cases

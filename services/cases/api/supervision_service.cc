#include "services/cases/api/supervision_service.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/auth/policy.h"
#include "common/grpc/auth_guard.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {
namespace {

using grpc_util::ToGrpcStatus;

constexpr size_t kMaxRequestIdChars = 64;

absl::Status CheckRequestId(absl::string_view request_id) {
  return validation::CheckText(request_id, "request_id", 0, kMaxRequestIdChars);
}

v1::MajorCaseFiling FilingToProto(const MajorCaseFiling& f) {
  v1::MajorCaseFiling out;
  out.set_id(f.id);
  out.set_case_id(f.case_id);
  out.set_department_id(f.department_id);
  *out.mutable_filed_date() = api::DateToProto(f.filed_date);
  out.set_status(static_cast<v1::FilingStatus>(f.status));
  out.set_reviewer(f.reviewer);
  if (f.review_date) *out.mutable_review_date() = api::DateToProto(*f.review_date);
  for (const std::string& s : f.rectification_suggestions) out.add_rectification_suggestions(s);
  out.set_rectification(static_cast<v1::RectificationStatus>(f.rectification));
  *out.mutable_stamps() = StampsToProto(f.stamps);
  out.set_etag(api::FormatEtag(f.stamps.version));
  return out;
}

v1::CaseFileReview ReviewToProto(const CaseFileReview& r) {
  v1::CaseFileReview out;
  out.set_id(r.id);
  out.set_case_id(r.case_id);
  out.set_department_id(r.department_id);
  out.set_reviewer(r.reviewer);
  *out.mutable_review_date() = api::DateToProto(r.review_date);
  out.set_score(r.score);
  for (const std::string& f : r.findings) out.add_findings(f);
  *out.mutable_stamps() = StampsToProto(r.stamps);
  return out;
}

v1::Complaint ComplaintToProto(const Complaint& c, bool reveal_personal_data) {
  v1::Complaint out;
  out.set_id(c.id);
  out.set_department_id(c.department_id);
  out.set_case_id(c.case_id);
  out.set_complainant(NameFor(reveal_personal_data, c.complainant));
  out.set_content(c.content);
  *out.mutable_received_date() = api::DateToProto(c.received_date);
  if (c.letter) {
    v1::SupervisionLetter* l = out.mutable_letter();
    l->set_document_number(c.letter->document_number);
    *l->mutable_issued_date() = api::DateToProto(c.letter->issued_date);
    for (const std::string& r : c.letter->requirements) l->add_requirements(r);
    *l->mutable_due_date() = api::DateToProto(c.letter->due_date);
  }
  out.set_rectification(static_cast<v1::RectificationStatus>(c.rectification));
  out.set_rectification_report(c.rectification_report);
  *out.mutable_stamps() = StampsToProto(c.stamps);
  out.set_etag(api::FormatEtag(c.stamps.version));
  return out;
}

// The complaint as the caller of this thread's call may see it.
v1::Complaint ComplaintForCaller(const Complaint& c) {
  return ComplaintToProto(c,
                          auth::MaySeeComplainantAndPlaintiffNames(grpc_util::CurrentPrincipal()));
}

// The enforcement case a record names: NOT_FOUND naming field when there is none.
absl::StatusOr<FiledCaseFacts> RequireCase(CaseFactsStore& store, absl::string_view case_id,
                                           absl::string_view field) {
  if (absl::Status s = validation::CheckId(case_id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<FiledCaseFacts>> found = store.FindCase(case_id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no enforcement case '", case_id, "'"));
  }
  return **found;
}

absl::StatusOr<Complaint> RequireComplaint(ComplaintStore& store, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Complaint>> found = store.GetComplaint(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no complaint '", id, "'"));
  }
  return **found;
}

}  // namespace

grpc::ServerUnaryReactor* SupervisionServiceImpl::FileMajorCase(
    grpc::CallbackServerContext* context, const v1::FileMajorCaseRequest* request,
    v1::MajorCaseFiling* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<absl::CivilDay> filed = api::PastDateOrToday(
        request->has_filed_date(), request->filed_date(), time_util::TodayInChina(), "filed_date");
    if (!filed.ok()) return ToGrpcStatus(filed.status());
    absl::StatusOr<FiledCaseFacts> facts = RequireCase(*cases_, request->case_id(), "case_id");
    if (!facts.ok()) return ToGrpcStatus(facts.status());
    if (absl::Status s = CheckMajorCaseFilable(*facts, *filed); !s.ok()) return ToGrpcStatus(s);
    MajorCaseFiling filing = NewFiling(request->case_id(), *facts, *filed);
    filing.id = ids::NewResourceId("filing");
    absl::StatusOr<MajorCaseFiling> stored = filings_->CreateFiling(
        filing, request->request_id(), grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = FilingToProto(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::ReviewMajorCaseFiling(
    grpc::CallbackServerContext* context, const v1::ReviewMajorCaseFilingRequest* request,
    v1::MajorCaseFiling* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<int64_t> etag = api::ParseEtag(request->etag(), "etag");
    if (!etag.ok()) return ToGrpcStatus(etag.status());
    absl::StatusOr<absl::CivilDay> day =
        api::PastDateOrToday(request->has_review_date(), request->review_date(),
                             time_util::TodayInChina(), "review_date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    absl::StatusOr<std::optional<MajorCaseFiling>> found = filings_->GetFiling(request->id());
    if (!found.ok()) return ToGrpcStatus(found.status());
    if (!found->has_value()) {
      return ToGrpcStatus(
          absl::NotFoundError(absl::StrCat("id: no major-case filing '", request->id(), "'")));
    }
    MajorCaseFiling filing = **found;
    if (absl::Status s = api::CheckEtag(request->etag(), filing.stamps.version, "etag"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    audit::AuditContext audit = grpc_util::CurrentAuditContext(*context);
    std::vector<std::string> suggestions(request->rectification_suggestions().begin(),
                                         request->rectification_suggestions().end());
    if (absl::Status s = ReviewFiling(filing, audit.actor, *day, suggestions); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<MajorCaseFiling> stored = filings_->UpdateFiling(filing, *etag, "review", audit);
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = FilingToProto(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::ListMajorCaseFilings(
    grpc::CallbackServerContext* context, const v1::ListMajorCaseFilingsRequest* request,
    v1::ListMajorCaseFilingsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (!v1::FilingStatus_IsValid(request->status())) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("status: ", request->status(), " is not a filing status")));
    }
    absl::StatusOr<ListRequest> list =
        ReadListRequest(*page_tokens_, *units_, "ListMajorCaseFilings", request->department_id(),
                        request->include_descendants(), request->year(),
                        absl::StrCat(request->status()), request->page());
    if (!list.ok()) return ToGrpcStatus(list.status());
    absl::StatusOr<std::vector<MajorCaseFiling>> rows =
        filings_->ListFilings(list->filter, static_cast<FilingStatus>(request->status()),
                              list->after, list->page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const MajorCaseFiling& f : *rows) *response->add_filings() = FilingToProto(f);
    if (more) {
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, rows->back().filed_date, rows->back().id));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::CreateCaseFileReview(
    grpc::CallbackServerContext* context, const v1::CreateCaseFileReviewRequest* request,
    v1::CaseFileReview* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    const v1::CaseFileReview& in = request->review();
    CaseFileReview review;
    review.case_id = in.case_id();
    review.reviewer = in.reviewer();
    review.score = in.score();
    review.findings.assign(in.findings().begin(), in.findings().end());
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(
        in.has_review_date(), in.review_date(), time_util::TodayInChina(), "review.review_date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    review.review_date = *day;
    if (absl::Status s = CheckCaseFileReview(review, "review."); !s.ok()) return ToGrpcStatus(s);
    if (!in.department_id().empty()) {
      if (absl::Status s = validation::CheckId(in.department_id(), "review.department_id");
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<FiledCaseFacts> facts = RequireCase(*cases_, in.case_id(), "review.case_id");
    if (!facts.ok()) return ToGrpcStatus(facts.status());
    // The department is the case's; a different one given is a mistake worth telling.
    if (!in.department_id().empty() && in.department_id() != facts->department_id) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("review.department_id: the case belongs to '", facts->department_id,
                       "', not '", in.department_id(), "' (leave it empty)")));
    }
    review.department_id = facts->department_id;
    review.id = ids::NewResourceId("casereview");
    absl::StatusOr<CaseFileReview> stored = reviews_->CreateCaseFileReview(
        review, request->request_id(), grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ReviewToProto(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::ListCaseFileReviews(
    grpc::CallbackServerContext* context, const v1::ListCaseFileReviewsRequest* request,
    v1::ListCaseFileReviewsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ListRequest> list =
        ReadListRequest(*page_tokens_, *units_, "ListCaseFileReviews", request->department_id(),
                        request->include_descendants(), request->year(), "", request->page());
    if (!list.ok()) return ToGrpcStatus(list.status());
    absl::StatusOr<std::vector<CaseFileReview>> rows =
        reviews_->ListCaseFileReviews(list->filter, list->after, list->page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const CaseFileReview& r : *rows) *response->add_reviews() = ReviewToProto(r);
    if (more) {
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, rows->back().review_date, rows->back().id));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::CreateComplaint(
    grpc::CallbackServerContext* context, const v1::CreateComplaintRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    const v1::Complaint& in = request->complaint();
    Complaint complaint;
    complaint.department_id = in.department_id();
    complaint.case_id = in.case_id();
    complaint.complainant = in.complainant();
    complaint.content = in.content();
    if (absl::Status s = CheckNewComplaint(complaint, "complaint."); !s.ok())
      return ToGrpcStatus(s);
    absl::StatusOr<absl::CivilDay> received =
        api::RequiredPastDate(in.has_received_date(), in.received_date(), time_util::TodayInChina(),
                              "complaint.received_date");
    if (!received.ok()) return ToGrpcStatus(received.status());
    complaint.received_date = *received;
    if (in.has_letter()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "complaint.letter: a new complaint has no answer yet; issue the letter with "
          "IssueSupervisionLetter"));
    }
    if (in.rectification() != v1::RECTIFICATION_STATUS_UNSPECIFIED ||
        !in.rectification_report().empty()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "complaint.rectification: rectification follows a supervision letter; leave it unset"));
    }
    if (!complaint.case_id.empty()) {
      if (absl::Status s = validation::CheckId(complaint.case_id, "complaint.case_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<directory::Unit> unit =
        RequireUnit(*units_, complaint.department_id, "complaint.department_id");
    if (!unit.ok()) return ToGrpcStatus(unit.status());
    if (!complaint.case_id.empty()) {
      absl::StatusOr<FiledCaseFacts> facts =
          RequireCase(*cases_, complaint.case_id, "complaint.case_id");
      if (!facts.ok()) return ToGrpcStatus(facts.status());
      if (facts->department_id != complaint.department_id) {
        return ToGrpcStatus(absl::InvalidArgumentError(
            absl::StrCat("complaint.case_id: the case belongs to '", facts->department_id,
                         "', not to '", complaint.department_id, "'")));
      }
    }
    complaint.id = ids::NewResourceId("complaint");
    complaint.rectification = RectificationStatus::kUnspecified;
    absl::StatusOr<Complaint> stored = complaints_->CreateComplaint(
        complaint, request->request_id(), grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ComplaintForCaller(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::GetComplaint(
    grpc::CallbackServerContext* context, const v1::GetComplaintRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Complaint> complaint = RequireComplaint(*complaints_, request->id());
    if (!complaint.ok()) return ToGrpcStatus(complaint.status());
    *response = ComplaintForCaller(*complaint);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::IssueSupervisionLetter(
    grpc::CallbackServerContext* context, const v1::IssueSupervisionLetterRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<int64_t> etag = api::ParseEtag(request->etag(), "etag");
    if (!etag.ok()) return ToGrpcStatus(etag.status());
    if (!request->has_letter()) {
      return ToGrpcStatus(absl::InvalidArgumentError("letter: required"));
    }
    const v1::SupervisionLetter& in = request->letter();
    SupervisionLetter letter;
    letter.document_number = in.document_number();
    letter.requirements.assign(in.requirements().begin(), in.requirements().end());
    absl::StatusOr<absl::CivilDay> issued = api::RequiredPastDate(
        in.has_issued_date(), in.issued_date(), time_util::TodayInChina(), "letter.issued_date");
    if (!issued.ok()) return ToGrpcStatus(issued.status());
    letter.issued_date = *issued;
    absl::StatusOr<absl::CivilDay> due =
        api::RequiredDate(in.has_due_date(), in.due_date(), "letter.due_date");
    if (!due.ok()) return ToGrpcStatus(due.status());
    letter.due_date = *due;
    absl::StatusOr<Complaint> complaint = RequireComplaint(*complaints_, request->id());
    if (!complaint.ok()) return ToGrpcStatus(complaint.status());
    if (absl::Status s = api::CheckEtag(request->etag(), complaint->stamps.version, "etag");
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = IssueLetter(*complaint, letter); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<Complaint> stored = complaints_->UpdateComplaint(
        *complaint, *etag, "issue_letter", grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ComplaintForCaller(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::UpdateRectification(
    grpc::CallbackServerContext* context, const v1::UpdateRectificationRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<int64_t> etag = api::ParseEtag(request->etag(), "etag");
    if (!etag.ok()) return ToGrpcStatus(etag.status());
    RectificationStatus to = static_cast<RectificationStatus>(request->rectification());
    if (to != RectificationStatus::kReported && to != RectificationStatus::kConfirmed) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "rectification: set REPORTED (the department) or CONFIRMED (the supervisor)"));
    }
    absl::StatusOr<Complaint> complaint = RequireComplaint(*complaints_, request->id());
    if (!complaint.ok()) return ToGrpcStatus(complaint.status());
    // The policy table lets any principal through: the department reports, the supervisor
    // confirms, and which is which depends on the status asked for. A refusal is audited under
    // the department complained about.
    const std::optional<auth::Principal>& caller = grpc_util::CurrentPrincipal();
    absl::Status may = to == RectificationStatus::kReported
                           ? auth::MayReportRectification(caller, complaint->department_id)
                           : auth::MayConfirmRectification(caller);
    if (absl::Status s = grpc_util::AuditRefusal(may, complaint->department_id); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = api::CheckEtag(request->etag(), complaint->stamps.version, "etag");
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = MoveRectification(complaint->rectification,
                                           complaint->rectification_report, to, request->report());
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<Complaint> stored = complaints_->UpdateComplaint(
        *complaint, *etag,
        to == RectificationStatus::kReported ? "report_rectification" : "confirm_rectification",
        grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ComplaintForCaller(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::ListComplaints(
    grpc::CallbackServerContext* context, const v1::ListComplaintsRequest* request,
    v1::ListComplaintsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ListRequest> list =
        ReadListRequest(*page_tokens_, *units_, "ListComplaints", request->department_id(),
                        request->include_descendants(), request->year(), "", request->page());
    if (!list.ok()) return ToGrpcStatus(list.status());
    absl::StatusOr<std::vector<Complaint>> rows =
        complaints_->ListComplaints(list->filter, list->after, list->page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    bool reveal = auth::MaySeeComplainantAndPlaintiffNames(grpc_util::CurrentPrincipal());
    for (const Complaint& c : *rows) *response->add_complaints() = ComplaintToProto(c, reveal);
    if (more) {
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, rows->back().received_date, rows->back().id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

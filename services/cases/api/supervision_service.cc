#include "services/cases/api/supervision_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/auth_guard.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/app/supervision.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {
namespace {

using app::Caller;
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

// The complaint as its reader may see it (the use case asked
// auth::MaySeeComplainantAndPlaintiffNames).
grpc::Status Answer(const absl::StatusOr<ComplaintView>& view, v1::Complaint* response) {
  if (!view.ok()) return ToGrpcStatus(view.status());
  *response = ComplaintToProto(view->complaint, view->reveal_personal_data);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* SupervisionServiceImpl::FileMajorCase(
    grpc::CallbackServerContext* context, const v1::FileMajorCaseRequest* request,
    v1::MajorCaseFiling* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<absl::CivilDay> filed =
        api::PastDateOrToday(request->has_filed_date(), request->filed_date(),
                             time_util::DayInChina(caller.now), "filed_date");
    if (!filed.ok()) return ToGrpcStatus(filed.status());
    absl::StatusOr<MajorCaseFiling> stored = cases::FileMajorCase(
        *filings_, *cases_, request->case_id(), *filed, request->request_id(), caller);
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = FilingToProto(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::ReviewMajorCaseFiling(
    grpc::CallbackServerContext* context, const v1::ReviewMajorCaseFilingRequest* request,
    v1::MajorCaseFiling* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<int64_t> etag = api::ParseEtag(request->etag(), "etag");
    if (!etag.ok()) return ToGrpcStatus(etag.status());
    absl::StatusOr<absl::CivilDay> day =
        api::PastDateOrToday(request->has_review_date(), request->review_date(),
                             time_util::DayInChina(caller.now), "review_date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    std::vector<std::string> suggestions(request->rectification_suggestions().begin(),
                                         request->rectification_suggestions().end());
    absl::StatusOr<MajorCaseFiling> stored = cases::ReviewMajorCaseFiling(
        *filings_, request->id(), request->etag(), *day, suggestions, caller);
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
    absl::StatusOr<std::vector<MajorCaseFiling>> rows = cases::ListMajorCaseFilings(
        *filings_, list->filter, static_cast<FilingStatus>(request->status()), list->after,
        list->page_size + 1);
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
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    const v1::CaseFileReview& in = request->review();
    CreateCaseFileReviewCommand command;
    command.request_id = request->request_id();
    command.department_id = in.department_id();
    CaseFileReview& review = command.review;
    review.case_id = in.case_id();
    review.reviewer = in.reviewer();
    review.score = in.score();
    review.findings.assign(in.findings().begin(), in.findings().end());
    absl::StatusOr<absl::CivilDay> day =
        api::RequiredPastDate(in.has_review_date(), in.review_date(),
                              time_util::DayInChina(caller.now), "review.review_date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    review.review_date = *day;
    absl::StatusOr<CaseFileReview> stored =
        cases::CreateCaseFileReview(*reviews_, *cases_, std::move(command), caller);
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
        cases::ListCaseFileReviews(*reviews_, list->filter, list->after, list->page_size + 1);
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
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckRequestId(request->request_id()); !s.ok()) return ToGrpcStatus(s);
    const v1::Complaint& in = request->complaint();
    Complaint complaint;
    complaint.department_id = in.department_id();
    complaint.case_id = in.case_id();
    complaint.complainant = in.complainant();
    complaint.content = in.content();
    // Judged before the date is read, as the API always answered; the use case judges it too.
    if (absl::Status s = CheckNewComplaint(complaint, "complaint."); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> received =
        api::RequiredPastDate(in.has_received_date(), in.received_date(),
                              time_util::DayInChina(caller.now), "complaint.received_date");
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
    return Answer(cases::CreateComplaint(*complaints_, *cases_, *units_, std::move(complaint),
                                         request->request_id(), caller),
                  response);
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::GetComplaint(
    grpc::CallbackServerContext* context, const v1::GetComplaintRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(cases::GetComplaint(*complaints_, request->id(), grpc_util::CurrentCaller()),
                  response);
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::IssueSupervisionLetter(
    grpc::CallbackServerContext* context, const v1::IssueSupervisionLetterRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
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
    absl::StatusOr<absl::CivilDay> issued =
        api::RequiredPastDate(in.has_issued_date(), in.issued_date(),
                              time_util::DayInChina(caller.now), "letter.issued_date");
    if (!issued.ok()) return ToGrpcStatus(issued.status());
    letter.issued_date = *issued;
    absl::StatusOr<absl::CivilDay> due =
        api::RequiredDate(in.has_due_date(), in.due_date(), "letter.due_date");
    if (!due.ok()) return ToGrpcStatus(due.status());
    letter.due_date = *due;
    return Answer(
        cases::IssueSupervisionLetter(*complaints_, request->id(), request->etag(), letter, caller),
        response);
  });
}

grpc::ServerUnaryReactor* SupervisionServiceImpl::UpdateRectification(
    grpc::CallbackServerContext* context, const v1::UpdateRectificationRequest* request,
    v1::Complaint* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<int64_t> etag = api::ParseEtag(request->etag(), "etag");
    if (!etag.ok()) return ToGrpcStatus(etag.status());
    // The rule's refusal is audited by the server, as the policy table's denials are.
    return Answer(cases::UpdateRectification(
                      *complaints_, request->id(), request->etag(),
                      static_cast<RectificationStatus>(request->rectification()), request->report(),
                      &grpc_util::AuditRefusal, grpc_util::CurrentCaller()),
                  response);
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
    absl::StatusOr<std::vector<ComplaintView>> rows = cases::ListComplaints(
        *complaints_, list->filter, list->after, list->page_size + 1, grpc_util::CurrentCaller());
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const ComplaintView& v : *rows) {
      *response->add_complaints() = ComplaintToProto(v.complaint, v.reveal_personal_data);
    }
    if (more) {
      const Complaint& last = rows->back().complaint;
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, last.received_date, last.id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

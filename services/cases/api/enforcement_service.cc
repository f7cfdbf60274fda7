#include "services/cases/api/enforcement_service.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/paging.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "services/cases/api/case_convert.h"
#include "services/cases/app/case_queries.h"
#include "services/cases/app/case_steps.h"
#include "services/cases/app/file_case.h"

namespace fazhi::cases {
namespace {

using grpc_util::ToGrpcStatus;

// The use case's case as its caller may see it, or its error.
grpc::Status Answer(const absl::StatusOr<CaseView>& view, v1::EnforcementCase* response) {
  if (!view.ok()) return ToGrpcStatus(view.status());
  *response = CaseToProto(view->enforcement_case, view->reveal_personal_data);
  return grpc::Status::OK;
}

absl::Status CheckYear(int year) {
  if (year < 0 || year > 9999) {
    return absl::InvalidArgumentError("year: a calendar year, or 0 for any");
  }
  return absl::OkStatus();
}

// A page token's two fields as a keyset position: a date as yyyymmdd, then an id.
absl::StatusOr<std::optional<std::pair<int64_t, std::string>>> DecodeCursor(
    const api::PageTokenCodec& tokens, absl::string_view token, absl::string_view query) {
  absl::StatusOr<std::optional<std::vector<std::string>>> fields =
      tokens.DecodePage(token, query, 2);
  if (!fields.ok()) return fields.status();
  if (!fields->has_value()) return std::nullopt;
  int64_t ymd = 0;
  if (!absl::SimpleAtoi((**fields)[0], &ymd)) {
    return absl::InvalidArgumentError("page.page_token is malformed");
  }
  return std::make_pair(ymd, (**fields)[1]);
}

}  // namespace

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::FileCase(grpc::CallbackServerContext* context,
                                                               const v1::FileCaseRequest* request,
                                                               v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    absl::StatusOr<EnforcementCase> c =
        NewCaseFromProto(request->enforcement_case(), time_util::DayInChina(caller.now));
    if (!c.ok()) return ToGrpcStatus(c.status());
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    FileCaseCommand command{*std::move(c), *std::move(evidence), request->request_id()};
    return Answer(
        cases::FileCase(*store_, *units_, *officers_, *calendar_, std::move(command), caller),
        response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::GetCase(grpc::CallbackServerContext* context,
                                                              const v1::GetCaseRequest* request,
                                                              v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(cases::GetCase(*store_, request->id(), grpc_util::CurrentCaller()), response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ListCases(
    grpc::CallbackServerContext* context, const v1::ListCasesRequest* request,
    v1::ListCasesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (request->kind() < 0 || request->kind() > kMaxCaseKind) {
      return ToGrpcStatus(absl::InvalidArgumentError("kind: unknown value"));
    }
    if (request->stage() < 0 || request->stage() > kMaxCaseStage) {
      return ToGrpcStatus(absl::InvalidArgumentError("stage: unknown value"));
    }
    if (absl::Status s = CheckYear(request->year()); !s.ok()) return ToGrpcStatus(s);
    ListCasesQuery query;
    query.department_id = request->department_id();
    query.include_descendants = request->include_descendants();
    query.kind = static_cast<CaseKind>(request->kind());
    query.stage = static_cast<CaseStage>(request->stage());
    query.year = request->year();
    query.major_only = request->major_only();
    query.page_size = *page_size;
    // A token is valid only for the query it was issued for.
    std::string token_query = absl::StrCat(
        "ListCases|", request->department_id(), "|", request->include_descendants(), "|",
        request->kind(), "|", request->stage(), "|", request->year(), "|", request->major_only());
    auto cursor = DecodeCursor(*page_tokens_, request->page().page_token(), token_query);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    if (cursor->has_value()) query.after = CaseCursor{(*cursor)->first, (*cursor)->second};
    absl::StatusOr<CasePage> page =
        cases::ListCases(*store_, *units_, query, grpc_util::CurrentCaller());
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (const CaseView& view : page->cases) {
      *response->add_cases() = CaseToProto(view.enforcement_case, view.reveal_personal_data);
    }
    if (page->next) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(token_query, {absl::StrCat(page->next->filed_ymd), page->next->id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::AdvanceCase(
    grpc::CallbackServerContext* context, const v1::AdvanceCaseRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    absl::StatusOr<Step> step = StepFromProto(*request, time_util::DayInChina(caller.now));
    if (!step.ok()) return ToGrpcStatus(step.status());
    AdvanceCaseCommand command{request->id(), request->etag(), *std::move(step), request->note(),
                               *std::move(evidence)};
    return Answer(cases::AdvanceCase(*store_, *officers_, *calendar_, hearing_thresholds_,
                                     std::move(command), caller),
                  response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::AddEvidence(
    grpc::CallbackServerContext* context, const v1::AddEvidenceRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    AddEvidenceCommand command{request->id(), *std::move(evidence), request->note()};
    return Answer(cases::AddEvidence(*store_, std::move(command), grpc_util::CurrentCaller()),
                  response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ExtendDecisionDeadline(
    grpc::CallbackServerContext* context, const v1::ExtendDecisionDeadlineRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    ExtendDecisionDeadlineCommand command;
    command.id = request->id();
    command.etag = request->etag();
    command.extension.days = request->days();
    command.extension.basis = request->basis();
    command.extension.approved_by = request->approved_by();
    command.extension.collective_decision = request->collective_decision();
    command.extension.reason = request->reason();
    return Answer(
        cases::ExtendDecisionDeadline(*store_, *calendar_, command, grpc_util::CurrentCaller()),
        response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::PublishDecision(
    grpc::CallbackServerContext* context, const v1::PublishDecisionRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(cases::PublishDecision(*store_, request->id(), request->etag(),
                                         request->public_summary(), grpc_util::CurrentCaller()),
                  response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::RevokeDecision(
    grpc::CallbackServerContext* context, const v1::RevokeDecisionRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(cases::RevokeDecision(*store_, request->id(), request->etag(), request->reason(),
                                        grpc_util::CurrentCaller()),
                  response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ListPublicDecisions(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response_bytes) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    v1::ListPublicDecisionsRequest request;
    if (absl::Status parsed = grpc_util::ParseRawRequest(*request_bytes, &request); !parsed.ok()) {
      return ToGrpcStatus(parsed);
    }
    absl::StatusOr<int> page_size = api::ResolvePageSize(request.page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (absl::Status s = CheckYear(request.year()); !s.ok()) return ToGrpcStatus(s);
    ListPublicDecisionsQuery query;
    query.department_id = request.department_id();
    query.year = request.year();
    query.page_size = *page_size;
    std::string token_query =
        absl::StrCat("ListPublicDecisions|", request.department_id(), "|", request.year());
    auto cursor = DecodeCursor(*page_tokens_, request.page().page_token(), token_query);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    if (cursor->has_value()) query.after = PublicCursor{(*cursor)->first, (*cursor)->second};
    // Public websites poll the first pages; they are the same for every caller, so a page is
    // made once per write (or per time to live, for writes on other replicas).
    std::string cache_key =
        absl::StrCat(token_query, "|", *page_size, "|", request.page().page_token());
    absl::Time now = absl::Now();
    if (public_feed_ != nullptr) {
      if (std::shared_ptr<const grpc::ByteBuffer> cached = public_feed_->Find(cache_key, now)) {
        *response_bytes = *cached;
        return grpc::Status::OK;
      }
    }
    uint64_t generation = public_feed_ != nullptr ? public_feed_->generation() : 0;
    absl::StatusOr<PublicDecisionPage> page = cases::ListPublicDecisions(*store_, *units_, query);
    if (!page.ok()) return ToGrpcStatus(page.status());
    v1::ListPublicDecisionsResponse response;
    for (const PublicDecision& d : page->decisions) {
      *response.add_decisions() = PublicDecisionToProto(d.enforcement_case, d.department_name);
    }
    if (page->next) {
      response.mutable_page()->set_next_page_token(page_tokens_->Encode(
          token_query, {absl::StrCat(page->next->decision_ymd), page->next->id}));
    }
    *response_bytes = grpc_util::SerializeToByteBuffer(response);
    if (public_feed_ != nullptr) {
      public_feed_->Put(std::move(cache_key),
                        std::make_shared<const grpc::ByteBuffer>(*response_bytes), generation, now);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ListOverdue(
    grpc::CallbackServerContext* context, const v1::ListOverdueRequest* request,
    v1::ListOverdueResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<absl::CivilDay> as_of = api::DateOrToday(request->has_as_of(), request->as_of(),
                                                            time_util::TodayInChina(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    std::string query =
        absl::StrCat("ListOverdue|", request->department_id(), "|", request->include_descendants(),
                     "|", time_util::FormatDay(*as_of));
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 3);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    // Keyset over (decisions before disclosures, due date, case id), the order the report keeps.
    std::optional<OverdueListCursor> after;
    if (*cursor) {
      int kind = 0;
      OverdueListCursor k;
      if (!absl::SimpleAtoi((**cursor)[0], &kind) || (kind != 0 && kind != 1) ||
          !absl::SimpleAtoi((**cursor)[1], &k.after.due_ymd)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token: not a page of this list"));
      }
      k.kind = kind == 0 ? OverdueKind::kDecision : OverdueKind::kDisclosure;
      k.after.id = (**cursor)[2];
      after = std::move(k);
    }
    absl::StatusOr<OverdueReport> report =
        cases::ListOverdue(*store_, *units_, *calendar_, request->department_id(),
                           request->include_descendants(), *as_of, after, *page_size);
    if (!report.ok()) return ToGrpcStatus(report.status());
    if (report->next) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(
          query, {report->next->kind == OverdueKind::kDecision ? "0" : "1",
                  absl::StrCat(report->next->after.due_ymd), report->next->after.id}));
    }
    for (const OverdueCase& c : report->cases) *response->add_cases() = OverdueCaseToProto(c);
    response->set_case_count(static_cast<int32_t>(report->total));
    for (const DepartmentOverdueCount& count : report->departments) {
      *response->add_departments() = OverdueCountToProto(count);
    }
    response->set_pending_decisions(static_cast<int32_t>(report->pending.decisions));
    response->set_pending_disclosures(static_cast<int32_t>(report->pending.disclosures));
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

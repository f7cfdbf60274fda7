#include "services/cases/api/enforcement_service.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/auth/policy.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/case_convert.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/domain/deadlines.h"

namespace fazhi::cases {
namespace {

using grpc_util::ToGrpcStatus;

// Whether the caller of this thread's call sees the party's ID number in full: the case's own
// department handles it.
bool MaySeeIdNumber(const EnforcementCase& c) {
  return auth::MaySeePersonalData(grpc_util::CurrentPrincipal(), c.department_id);
}

absl::Status CheckNote(absl::string_view note, absl::string_view field) {
  if (note.empty()) return absl::OkStatus();
  return validation::CheckText(note, field, 1, kMaxNoteChars);
}

std::string JoinNote(absl::string_view note, absl::string_view remark) {
  if (note.empty()) return std::string(remark);
  if (remark.empty()) return std::string(note);
  return absl::StrCat(note, "; ", remark);
}

// An active department, NOT_FOUND naming field when the registry does not know it.
absl::Status CheckDepartment(directory::UnitDirectory& units, absl::string_view id,
                             absl::string_view field, bool must_be_active) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<directory::Unit>> unit = units.Find(id);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if (must_be_active && !(*unit)->active) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": department '", id, "' is dissolved and files no new cases"));
  }
  return absl::OkStatus();
}

// The unit alone, or with its subtree.
absl::StatusOr<std::vector<std::string>> Departments(directory::UnitDirectory& units,
                                                     absl::string_view id, bool descendants,
                                                     absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  return directory::UnitOrSubtree(units, id, descendants, field);
}

absl::StatusOr<EnforcementCase> LoadCase(CasesStore& store, absl::string_view id,
                                         absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<EnforcementCase>> c = store.GetCase(id, false);
  if (!c.ok()) return c.status();
  if (!c->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no enforcement case with id '", id, "'"));
  }
  return **c;
}

CaseEvent NewEvent(const EnforcementCase& before, const EnforcementCase& after,
                   absl::string_view action, const audit::AuditContext& audit, absl::Time now,
                   std::string note, std::vector<Evidence> evidence) {
  CaseEvent e;
  e.from_stage = before.stage;
  e.to_stage = after.stage;
  e.action = std::string(action);
  e.actor = audit.actor;
  e.time = now;
  e.note = std::move(note);
  e.evidence = std::move(evidence);
  return e;
}

void Stamp(EnforcementCase& c, const audit::AuditContext& audit, absl::Time now) {
  c.update_time = now;
  c.updated_by = audit.actor;
}

}  // namespace

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::FileCase(grpc::CallbackServerContext* context,
                                                               const v1::FileCaseRequest* request,
                                                               v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::Time now = absl::Now();
    absl::CivilDay today = time_util::DayInChina(now);
    absl::StatusOr<EnforcementCase> c = NewCaseFromProto(request->enforcement_case(), today);
    if (!c.ok()) return ToGrpcStatus(c.status());
    if (absl::Status s = CheckNewCase(*c, today); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    if (absl::Status s = CheckEvidence(*evidence, "evidence"); !s.ok()) return ToGrpcStatus(s);
    if (request->request_id().size() > kMaxRequestIdChars) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("request_id: at most ", kMaxRequestIdChars, " characters")));
    }
    if (absl::Status s =
            CheckDepartment(*units_, c->department_id, "enforcement_case.department_id", true);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    // Art. 42: the officers must hold valid certificates for this department on the filing date.
    absl::StatusOr<std::vector<OfficerVerdict>> verdicts =
        officers_->Check(c->department_id, c->officer_ids, c->filed_date);
    if (!verdicts.ok()) return ToGrpcStatus(verdicts.status());
    if (absl::Status s =
            RequireValidOfficers(*verdicts, "enforcement_case.officer_ids", c->filed_date);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    audit::AuditContext audit = grpc_util::CurrentAuditContext(*context);
    c->id = ids::NewResourceId("case");
    c->stage = CaseStage::kFiled;
    c->decision_due_date = DecisionDueDate(c->filed_date, 0);
    c->create_time = c->update_time = now;
    c->created_by = c->updated_by = audit.actor;
    c->version = 1;
    EnforcementCase before = *c;
    before.stage = CaseStage::kUnspecified;
    CaseEvent event = NewEvent(before, *c, "file", audit, now, "", *std::move(evidence));
    absl::StatusOr<EnforcementCase> stored =
        store_->CreateCase(*c, event, request->request_id(), audit);
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = CaseToProto(*stored, MaySeeIdNumber(*stored));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::GetCase(grpc::CallbackServerContext* context,
                                                              const v1::GetCaseRequest* request,
                                                              v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<std::optional<EnforcementCase>> c = store_->GetCase(request->id(), true);
    if (!c.ok()) return ToGrpcStatus(c.status());
    if (!c->has_value()) {
      return ToGrpcStatus(absl::NotFoundError(
          absl::StrCat("id: no enforcement case with id '", request->id(), "'")));
    }
    *response = CaseToProto(**c, MaySeeIdNumber(**c));
    return grpc::Status::OK;
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
    if (request->year() < 0 || request->year() > 9999) {
      return ToGrpcStatus(absl::InvalidArgumentError("year: a calendar year, or 0 for any"));
    }
    absl::StatusOr<std::vector<std::string>> departments = Departments(
        *units_, request->department_id(), request->include_descendants(), "department_id");
    if (!departments.ok()) return ToGrpcStatus(departments.status());
    CaseFilter filter;
    filter.department_ids = *std::move(departments);
    filter.kind = static_cast<CaseKind>(request->kind());
    filter.stage = static_cast<CaseStage>(request->stage());
    filter.year = request->year();
    filter.major_only = request->major_only();
    std::string query = absl::StrCat(
        "ListCases|", request->department_id(), "|", request->include_descendants(), "|",
        request->kind(), "|", request->stage(), "|", request->year(), "|", request->major_only());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<CaseCursor> after;
    if (cursor->has_value()) {
      after = CaseCursor{};
      if (!absl::SimpleAtoi((**cursor)[0], &after->filed_ymd)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      after->id = (**cursor)[1];
    }
    absl::StatusOr<std::vector<EnforcementCase>> rows =
        store_->ListCases(filter, after, *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, *page_size);
    for (const EnforcementCase& c : *rows)
      *response->add_cases() = CaseToProto(c, MaySeeIdNumber(c));
    if (more) {
      const EnforcementCase& last = rows->back();
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(time_util::ToYmd(last.filed_date)), last.id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::AdvanceCase(
    grpc::CallbackServerContext* context, const v1::AdvanceCaseRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::Time now = absl::Now();
    absl::CivilDay today = time_util::DayInChina(now);
    absl::StatusOr<EnforcementCase> c = LoadCase(*store_, request->id(), "id");
    if (!c.ok()) return ToGrpcStatus(c.status());
    if (absl::Status s = api::CheckEtag(request->etag(), c->version, "etag"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::Status s = CheckNote(request->note(), "note"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    if (absl::Status s = CheckEvidence(*evidence, "evidence"); !s.ok()) return ToGrpcStatus(s);

    Step step;
    absl::Status read = absl::OkStatus();
    switch (request->step_case()) {
      case v1::AdvanceCaseRequest::kStartInvestigation:
        step.action = Action::kStartInvestigation;
        break;
      case v1::AdvanceCaseRequest::kSubmitLegalReview:
        step.action = Action::kSubmitLegalReview;
        break;
      case v1::AdvanceCaseRequest::kRecordLegalReview: {
        step.action = Action::kRecordLegalReview;
        absl::StatusOr<LegalReview> review = LegalReviewFromProto(
            request->record_legal_review().review(), today, "record_legal_review.review");
        if (review.ok()) step.review = *std::move(review);
        read = review.status();
        break;
      }
      case v1::AdvanceCaseRequest::kNotify: {
        step.action = Action::kNotify;
        absl::StatusOr<absl::CivilDay> day = api::DateOrToday(
            request->notify().has_date(), request->notify().date(), today, "notify.date");
        if (day.ok()) step.date = *day;
        read = day.status();
        step.hearing_requested = request->notify().hearing_requested();
        break;
      }
      case v1::AdvanceCaseRequest::kDecide: {
        step.action = Action::kDecide;
        absl::StatusOr<Decision> decision =
            DecisionFromProto(request->decide().decision(), today, "decide.decision");
        if (decision.ok()) step.decision = *std::move(decision);
        read = decision.status();
        break;
      }
      case v1::AdvanceCaseRequest::kServe: {
        step.action = Action::kServe;
        absl::StatusOr<absl::CivilDay> day = api::DateOrToday(
            request->serve().has_date(), request->serve().date(), today, "serve.date");
        if (day.ok()) step.date = *day;
        read = day.status();
        step.party_absent = request->serve().party_absent();
        break;
      }
      case v1::AdvanceCaseRequest::kRecordExecution: {
        step.action = Action::kRecordExecution;
        absl::StatusOr<absl::CivilDay> day =
            api::DateOrToday(request->record_execution().has_date(),
                             request->record_execution().date(), today, "record_execution.date");
        if (day.ok()) step.date = *day;
        read = day.status();
        step.collected_fen = request->record_execution().collected_fen();
        break;
      }
      case v1::AdvanceCaseRequest::kClose:
        step.action = Action::kClose;
        break;
      case v1::AdvanceCaseRequest::kWithdraw:
        step.action = Action::kWithdraw;
        step.reason = request->withdraw().reason();
        break;
      case v1::AdvanceCaseRequest::kTransfer: {
        step.action = Action::kTransfer;
        absl::StatusOr<Transfer> transfer =
            TransferFromProto(request->transfer().transfer(), today, "transfer.transfer");
        if (transfer.ok()) step.transfer = *std::move(transfer);
        read = transfer.status();
        break;
      }
      case v1::AdvanceCaseRequest::STEP_NOT_SET:
        return ToGrpcStatus(absl::InvalidArgumentError(
            "step: name the step, one of start_investigation, submit_legal_review, "
            "record_legal_review, notify, decide, serve, record_execution, close, withdraw, "
            "transfer"));
    }
    if (!read.ok()) return ToGrpcStatus(read);

    if (step.action == Action::kDecide) {
      // The law's order of refusals: a decision the case is not ready for is refused before its
      // content is judged, and both before the department service is asked about officers.
      if (absl::Status s = CanDecide(*c); !s.ok()) return ToGrpcStatus(s);
      if (absl::Status s = CheckDecision(*c, step.decision, today, "decide.decision"); !s.ok()) {
        return ToGrpcStatus(s);
      }
      if (absl::Status s = CheckHearingPeriod(*c, step.decision); !s.ok()) return ToGrpcStatus(s);
      absl::StatusOr<std::vector<OfficerVerdict>> verdicts =
          officers_->Check(c->department_id, step.decision.officer_ids, step.decision.date);
      if (!verdicts.ok()) return ToGrpcStatus(verdicts.status());
      if (absl::Status s =
              RequireValidOfficers(*verdicts, "decide.decision.officer_ids", step.decision.date);
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    EnforcementCase before = *c;
    Action action = step.action;
    absl::StatusOr<std::string> remark = ApplyStep(*c, std::move(step), *calendar_, today);
    if (!remark.ok()) return ToGrpcStatus(remark.status());
    audit::AuditContext audit = grpc_util::CurrentAuditContext(*context);
    Stamp(*c, audit, now);
    CaseEvent event = NewEvent(before, *c, ActionName(action), audit, now,
                               JoinNote(request->note(), *remark), *std::move(evidence));
    absl::StatusOr<EnforcementCase> stored = store_->UpdateCase(*c, event, audit);
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = CaseToProto(*stored, MaySeeIdNumber(*stored));
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::AddEvidence(
    grpc::CallbackServerContext* context, const v1::AddEvidenceRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::vector<Evidence>> evidence =
        EvidenceFromProto(request->evidence(), "evidence");
    if (!evidence.ok()) return ToGrpcStatus(evidence.status());
    if (evidence->empty()) {
      return ToGrpcStatus(absl::InvalidArgumentError("evidence: at least one item"));
    }
    if (absl::Status s = CheckEvidence(*evidence, "evidence"); !s.ok()) return ToGrpcStatus(s);
    if (absl::Status s = CheckNote(request->note(), "note"); !s.ok()) return ToGrpcStatus(s);
    audit::AuditContext audit = grpc_util::CurrentAuditContext(*context);
    // Evidence changes nothing a concurrent step decides on, so the call carries no etag and a
    // conflicting write is simply retried on the fresh case.
    absl::Status last;
    for (int attempt = 0; attempt < 3; ++attempt) {
      absl::StatusOr<EnforcementCase> c = LoadCase(*store_, request->id(), "id");
      if (!c.ok()) return ToGrpcStatus(c.status());
      if (absl::Status s = CanAddEvidence(*c); !s.ok()) return ToGrpcStatus(s);
      absl::Time now = absl::Now();
      EnforcementCase before = *c;
      Stamp(*c, audit, now);
      CaseEvent event = NewEvent(before, *c, "evidence", audit, now, request->note(), *evidence);
      absl::StatusOr<EnforcementCase> stored = store_->UpdateCase(*c, event, audit);
      if (stored.ok()) {
        *response = CaseToProto(*stored, MaySeeIdNumber(*stored));
        return grpc::Status::OK;
      }
      last = stored.status();
      if (last.code() != absl::StatusCode::kAborted) break;
    }
    return ToGrpcStatus(last);
  });
}

namespace {

// Loads the case, checks its etag, applies change and stores it with an event of action.
template <typename Change>
grpc::Status ChangeCase(CasesStore& store, const grpc::ServerContextBase& context,
                        absl::string_view id, absl::string_view etag, absl::string_view action,
                        const Change& change, v1::EnforcementCase* response) {
  absl::StatusOr<EnforcementCase> c = LoadCase(store, id, "id");
  if (!c.ok()) return ToGrpcStatus(c.status());
  if (absl::Status s = api::CheckEtag(etag, c->version, "etag"); !s.ok()) return ToGrpcStatus(s);
  absl::Time now = absl::Now();
  EnforcementCase before = *c;
  absl::StatusOr<std::string> note = change(*c, now);
  if (!note.ok()) return ToGrpcStatus(note.status());
  audit::AuditContext audit = grpc_util::CurrentAuditContext(context);
  Stamp(*c, audit, now);
  CaseEvent event = NewEvent(before, *c, action, audit, now, *note, {});
  absl::StatusOr<EnforcementCase> stored = store.UpdateCase(*c, event, audit);
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  *response = CaseToProto(*stored, MaySeeIdNumber(*stored));
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ExtendDecisionDeadline(
    grpc::CallbackServerContext* context, const v1::ExtendDecisionDeadlineRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeCase(
        *store_, *context, request->id(), request->etag(), "extend",
        [&](EnforcementCase& c, absl::Time) -> absl::StatusOr<std::string> {
          if (absl::Status s = cases::ExtendDecisionDeadline(
                  c, request->days(), request->approved_by(), request->reason());
              !s.ok()) {
            return s;
          }
          return absl::StrCat(request->days(), " days approved by ", request->approved_by(),
                              " (行政处罚法 Art. 60): ", request->reason(), "; now due ",
                              time_util::FormatDay(c.decision_due_date));
        },
        response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::PublishDecision(
    grpc::CallbackServerContext* context, const v1::PublishDecisionRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeCase(
        *store_, *context, request->id(), request->etag(), "publish",
        [&](EnforcementCase& c, absl::Time now) -> absl::StatusOr<std::string> {
          if (absl::Status s = cases::PublishDecision(c, now); !s.ok()) return s;
          absl::CivilDay today = time_util::DayInChina(now);
          if (today > c.disclosure.due_date) {
            return absl::StrCat("published after the disclosure deadline of ",
                                time_util::FormatDay(c.disclosure.due_date),
                                " (国办发〔2018〕118号)");
          }
          return std::string();
        },
        response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::RevokeDecision(
    grpc::CallbackServerContext* context, const v1::RevokeDecisionRequest* request,
    v1::EnforcementCase* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeCase(
        *store_, *context, request->id(), request->etag(), "revoke",
        [&](EnforcementCase& c, absl::Time now) -> absl::StatusOr<std::string> {
          if (absl::Status s = cases::RevokeDecision(c, request->reason(), now); !s.ok()) return s;
          return std::string(request->reason());
        },
        response);
  });
}

grpc::ServerUnaryReactor* EnforcementCaseServiceImpl::ListPublicDecisions(
    grpc::CallbackServerContext* context, const v1::ListPublicDecisionsRequest* request,
    v1::ListPublicDecisionsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    if (request->year() < 0 || request->year() > 9999) {
      return ToGrpcStatus(absl::InvalidArgumentError("year: a calendar year, or 0 for any"));
    }
    PublicFilter filter;
    filter.year = request->year();
    if (!request->department_id().empty()) {
      absl::StatusOr<std::vector<std::string>> departments =
          Departments(*units_, request->department_id(), true, "department_id");
      if (!departments.ok()) return ToGrpcStatus(departments.status());
      filter.department_ids = *std::move(departments);
    }
    std::string query =
        absl::StrCat("ListPublicDecisions|", request->department_id(), "|", request->year());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<PublicCursor> after;
    if (cursor->has_value()) {
      after = PublicCursor{};
      if (!absl::SimpleAtoi((**cursor)[0], &after->decision_ymd)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      after->id = (**cursor)[1];
    }
    absl::StatusOr<std::vector<EnforcementCase>> rows =
        store_->ListPublished(filter, after, *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, *page_size);
    for (const EnforcementCase& c : *rows) {
      absl::StatusOr<std::optional<directory::Unit>> unit = units_->Find(c.department_id);
      std::string name = unit.ok() && unit->has_value() ? (*unit)->name : "";
      *response->add_decisions() = PublicDecisionToProto(c, name);
    }
    if (more) {
      const EnforcementCase& last = rows->back();
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(
          query, {absl::StrCat(time_util::ToYmd(last.decision->date)), last.id}));
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
    absl::StatusOr<std::vector<std::string>> departments = Departments(
        *units_, request->department_id(), request->include_descendants(), "department_id");
    if (!departments.ok()) return ToGrpcStatus(departments.status());
    int64_t as_of_ymd = time_util::ToYmd(*as_of);
    absl::StatusOr<std::vector<OverdueRow>> decisions =
        store_->UndecidedPastDue(*departments, as_of_ymd);
    if (!decisions.ok()) return ToGrpcStatus(decisions.status());
    absl::StatusOr<std::vector<OverdueRow>> disclosures =
        store_->UnpublishedPastDue(*departments, as_of_ymd);
    if (!disclosures.ok()) return ToGrpcStatus(disclosures.status());
    std::map<std::string, v1::ListOverdueResponse::DepartmentCount> counts;
    auto add = [&](const OverdueRow& row, v1::OverdueKind kind, int days) {
      v1::OverdueCase* out = response->add_cases();
      out->set_case_id(row.id);
      out->set_department_id(row.department_id);
      out->set_case_number(row.case_number);
      out->set_kind(kind);
      *out->mutable_due_date() = api::DateToProto(time_util::FromYmd(row.due_ymd));
      out->set_days_overdue(days);
      v1::ListOverdueResponse::DepartmentCount& count = counts[row.department_id];
      count.set_department_id(row.department_id);
      if (kind == v1::OVERDUE_KIND_DECISION) {
        count.set_decisions(count.decisions() + 1);
      } else {
        count.set_disclosures(count.disclosures() + 1);
      }
    };
    for (const OverdueRow& row : *decisions) {
      add(row, v1::OVERDUE_KIND_DECISION,
          DecisionDaysOverdue(time_util::FromYmd(row.due_ymd), *as_of));
    }
    for (const OverdueRow& row : *disclosures) {
      absl::StatusOr<int> days =
          DisclosureWorkingDaysOverdue(time_util::FromYmd(row.due_ymd), *as_of, *calendar_);
      if (!days.ok()) return ToGrpcStatus(days.status());
      add(row, v1::OVERDUE_KIND_DISCLOSURE, *days);
    }
    for (auto& [id, count] : counts) *response->add_departments() = std::move(count);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

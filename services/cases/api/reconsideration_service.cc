#include "services/cases/api/reconsideration_service.h"

#include <functional>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/auth/policy.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/domain/reconsideration.h"

namespace fazhi::cases {
namespace {

using grpc_util::ToGrpcStatus;

v1::Reconsideration ToProto(const Reconsideration& r, bool reveal_personal_data) {
  v1::Reconsideration out;
  out.set_id(r.id);
  out.set_body_department_id(r.body_department_id);
  out.set_respondent_department_id(r.respondent_department_id);
  out.set_case_id(r.case_id);
  out.set_applicant(NameFor(reveal_personal_data, r.applicant));
  out.set_request(r.request);
  *out.mutable_application_date() = api::DateToProto(r.application_date);
  out.set_simple_procedure(r.simple_procedure);
  out.set_stage(static_cast<v1::ReconsiderationStage>(r.stage));
  *out.mutable_examination_due_date() = api::DateToProto(r.examination_due_date);
  if (r.acceptance_date) *out.mutable_acceptance_date() = api::DateToProto(*r.acceptance_date);
  out.set_not_accepted_reason(r.not_accepted_reason);
  if (r.decision_due_date) {
    *out.mutable_decision_due_date() = api::DateToProto(*r.decision_due_date);
  }
  out.set_extension_days(r.extension_days);
  out.set_outcome(static_cast<v1::ReconsiderationOutcome>(r.outcome));
  if (r.decision_date) *out.mutable_decision_date() = api::DateToProto(*r.decision_date);
  out.set_decision_summary(r.decision_summary);
  *out.mutable_stamps() = StampsToProto(r.stamps);
  out.set_etag(api::FormatEtag(r.stamps.version));
  return out;
}

// The record as the caller of this thread's call may see it: the body (复议机关) that hears the
// application sees the applicant's name.
v1::Reconsideration ForCaller(const Reconsideration& r) {
  return ToProto(r, auth::MaySeePersonalData(grpc_util::CurrentPrincipal(), r.body_department_id));
}

absl::StatusOr<Reconsideration> Require(ReconsiderationStore& store, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Reconsideration>> found = store.GetReconsideration(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no reconsideration '", id, "'"));
  }
  return **found;
}

// One step on a stored case: validate the id and etag, read, check the etag, apply the rule,
// write with its audit entry, answer.
grpc::Status Step(ReconsiderationStore& store, const grpc::ServerContextBase& context,
                  absl::string_view id, absl::string_view etag, absl::string_view action,
                  const std::function<absl::Status(Reconsideration&)>& rule,
                  v1::Reconsideration* response) {
  absl::StatusOr<Reconsideration> r = Require(store, id);
  if (!r.ok()) return ToGrpcStatus(r.status());
  if (absl::Status s = api::CheckEtag(etag, r->stamps.version, "etag"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  int64_t version = r->stamps.version;
  if (absl::Status s = rule(*r); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<Reconsideration> stored =
      store.UpdateReconsideration(*r, version, action, grpc_util::CurrentAuditContext(context));
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  *response = ForCaller(*stored);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::CreateReconsideration(
    grpc::CallbackServerContext* context, const v1::CreateReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckText(request->request_id(), "request_id", 0, 64);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    const v1::Reconsideration& in = request->reconsideration();
    Reconsideration r;
    r.body_department_id = in.body_department_id();
    r.respondent_department_id = in.respondent_department_id();
    r.case_id = in.case_id();
    r.applicant = in.applicant();
    r.request = in.request();
    r.simple_procedure = in.simple_procedure();
    absl::StatusOr<absl::CivilDay> applied =
        api::RequiredPastDate(in.has_application_date(), in.application_date(),
                              time_util::TodayInChina(), "reconsideration.application_date");
    if (!applied.ok()) return ToGrpcStatus(applied.status());
    r.application_date = *applied;
    if (in.stage() != v1::RECONSIDERATION_STAGE_UNSPECIFIED || in.has_acceptance_date() ||
        in.outcome() != v1::RECONSIDERATION_OUTCOME_UNSPECIFIED || in.has_decision_date() ||
        in.extension_days() != 0) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "reconsideration.stage: a new application starts APPLIED; examine, extend and decide it "
          "with their own calls"));
    }
    if (absl::Status s = OpenReconsideration(r, "reconsideration."); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (!r.case_id.empty()) {
      if (absl::Status s = validation::CheckId(r.case_id, "reconsideration.case_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    for (const auto& [id, field] :
         {std::pair<std::string, const char*>{r.body_department_id,
                                              "reconsideration.body_department_id"},
          {r.respondent_department_id, "reconsideration.respondent_department_id"}}) {
      absl::StatusOr<directory::Unit> unit = RequireUnit(*units_, id, field);
      if (!unit.ok()) return ToGrpcStatus(unit.status());
    }
    if (!r.case_id.empty()) {
      absl::StatusOr<std::optional<FiledCaseFacts>> found = cases_->FindCase(r.case_id);
      if (!found.ok()) return ToGrpcStatus(found.status());
      if (!found->has_value()) {
        return ToGrpcStatus(absl::NotFoundError(
            absl::StrCat("reconsideration.case_id: no enforcement case '", r.case_id, "'")));
      }
    }
    r.id = ids::NewResourceId("reconsideration");
    absl::StatusOr<Reconsideration> stored = store_->CreateReconsideration(
        r, request->request_id(), grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ForCaller(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::GetReconsideration(
    grpc::CallbackServerContext* context, const v1::GetReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Reconsideration> r = Require(*store_, request->id());
    if (!r.ok()) return ToGrpcStatus(r.status());
    *response = ForCaller(*r);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::ExamineReconsideration(
    grpc::CallbackServerContext* context, const v1::ExamineReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(request->has_date(), request->date(),
                                                               time_util::TodayInChina(), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    return Step(
        *store_, *context, request->id(), request->etag(),
        request->accept() ? "accept" : "refuse_to_accept",
        [&](Reconsideration& r) {
          return ::fazhi::cases::ExamineReconsideration(r, request->accept(), *day,
                                                        request->reason());
        },
        response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::ExtendReconsideration(
    grpc::CallbackServerContext* context, const v1::ExtendReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    return Step(
        *store_, *context, request->id(), request->etag(), "extend",
        [&](Reconsideration& r) {
          return ::fazhi::cases::ExtendReconsideration(r, request->reason());
        },
        response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::DecideReconsideration(
    grpc::CallbackServerContext* context, const v1::DecideReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(request->has_date(), request->date(),
                                                               time_util::TodayInChina(), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    return Step(
        *store_, *context, request->id(), request->etag(), "decide",
        [&](Reconsideration& r) {
          return ::fazhi::cases::DecideReconsideration(
              r, static_cast<ReconsiderationOutcome>(request->outcome()), *day, request->summary());
        },
        response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::ListReconsiderations(
    grpc::CallbackServerContext* context, const v1::ListReconsiderationsRequest* request,
    v1::ListReconsiderationsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (!v1::ReconsiderationStage_IsValid(request->stage())) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("stage: ", request->stage(), " is not a reconsideration stage")));
    }
    absl::StatusOr<ListRequest> list =
        ReadListRequest(*page_tokens_, *units_, "ListReconsiderations", request->department_id(),
                        request->include_descendants(), request->year(),
                        absl::StrCat(request->stage()), request->page());
    if (!list.ok()) return ToGrpcStatus(list.status());
    absl::StatusOr<std::vector<Reconsideration>> rows = store_->ListReconsiderations(
        list->filter, static_cast<ReconsiderationStage>(request->stage()), list->after,
        list->page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const Reconsideration& r : *rows) *response->add_reconsiderations() = ForCaller(r);
    if (more) {
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, rows->back().application_date, rows->back().id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

#include "services/cases/api/reconsideration_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/app/reconsideration.h"
#include "services/cases/domain/reconsideration.h"

namespace fazhi::cases {
namespace {

using app::Caller;
using grpc_util::ToGrpcStatus;

v1::Reconsideration ToProto(const Reconsideration& r, bool reveal_personal_data) {
  v1::Reconsideration out;
  out.set_id(r.id);
  out.set_body_department_id(r.body_department_id);
  out.set_respondent_department_id(r.respondent_department_id);
  out.set_case_id(r.case_id);
  out.set_applicant(r.applicant_organisation ? r.applicant
                                             : NameFor(reveal_personal_data, r.applicant));
  out.set_applicant_organisation(r.applicant_organisation);
  out.set_request(r.request);
  *out.mutable_application_date() = api::DateToProto(r.application_date);
  out.set_simple_procedure(r.simple_procedure);
  out.set_stage(static_cast<v1::ReconsiderationStage>(r.stage));
  *out.mutable_examination_due_date() = api::DateToProto(r.examination_due_date);
  out.set_examination_due_date_pending(r.examination_due_pending);
  out.set_deemed_accepted(r.deemed_accepted);
  out.set_decision_due_date_pending(r.decision_due_pending);
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

// The record as its reader may see it (the use case asked auth::MaySeePersonalData).
grpc::Status Answer(const absl::StatusOr<ReconsiderationView>& view,
                    v1::Reconsideration* response) {
  if (!view.ok()) return ToGrpcStatus(view.status());
  *response = ToProto(view->reconsideration, view->reveal_personal_data);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::CreateReconsideration(
    grpc::CallbackServerContext* context, const v1::CreateReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    const v1::Reconsideration& in = request->reconsideration();
    CreateReconsiderationCommand command;
    command.request_id = request->request_id();
    if (absl::Status s = validation::CheckText(command.request_id, "request_id", 0, 64); !s.ok()) {
      // Checked before the body is read, as the API always answered.
      return ToGrpcStatus(s);
    }
    Reconsideration& r = command.reconsideration;
    r.body_department_id = in.body_department_id();
    r.respondent_department_id = in.respondent_department_id();
    r.case_id = in.case_id();
    r.applicant = in.applicant();
    r.applicant_organisation = in.applicant_organisation();
    r.request = in.request();
    r.simple_procedure = in.simple_procedure();
    absl::StatusOr<absl::CivilDay> applied = api::RequiredPastDate(
        in.has_application_date(), in.application_date(), time_util::DayInChina(caller.now),
        "reconsideration.application_date");
    if (!applied.ok()) return ToGrpcStatus(applied.status());
    r.application_date = *applied;
    if (in.stage() != v1::RECONSIDERATION_STAGE_UNSPECIFIED || in.has_acceptance_date() ||
        in.outcome() != v1::RECONSIDERATION_OUTCOME_UNSPECIFIED || in.has_decision_date() ||
        in.extension_days() != 0) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "reconsideration.stage: a new application starts APPLIED; examine, extend and decide it "
          "with their own calls"));
    }
    return Answer(cases::CreateReconsideration(*store_, *cases_, *units_, *calendar_,
                                               std::move(command), caller),
                  response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::GetReconsideration(
    grpc::CallbackServerContext* context, const v1::GetReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(
        cases::GetReconsideration(*store_, *calendar_, request->id(), grpc_util::CurrentCaller()),
        response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::ExamineReconsideration(
    grpc::CallbackServerContext* context, const v1::ExamineReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(
        request->has_date(), request->date(), time_util::DayInChina(caller.now), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    ExamineReconsiderationCommand command{request->id(), request->etag(), request->accept(), *day,
                                          request->reason()};
    return Answer(cases::ExamineReconsideration(*store_, *calendar_, command, caller), response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::ExtendReconsideration(
    grpc::CallbackServerContext* context, const v1::ExtendReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    // 0 (unset) is the full extension the law allows.
    int days = request->days() == 0 ? kReconsiderationExtensionDays : request->days();
    return Answer(cases::ExtendReconsideration(*store_, *calendar_, request->id(), request->etag(),
                                               days, request->reason(), grpc_util::CurrentCaller()),
                  response);
  });
}

grpc::ServerUnaryReactor* ReconsiderationServiceImpl::DecideReconsideration(
    grpc::CallbackServerContext* context, const v1::DecideReconsiderationRequest* request,
    v1::Reconsideration* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(
        request->has_date(), request->date(), time_util::DayInChina(caller.now), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    DecideReconsiderationCommand command{request->id(), request->etag(),
                                         static_cast<ReconsiderationOutcome>(request->outcome()),
                                         *day, request->summary()};
    return Answer(cases::DecideReconsideration(*store_, *calendar_, command, caller), response);
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
    absl::StatusOr<std::vector<ReconsiderationView>> rows = cases::ListReconsiderations(
        *store_, *calendar_, list->filter, static_cast<ReconsiderationStage>(request->stage()),
        list->after, list->page_size + 1, grpc_util::CurrentCaller());
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const ReconsiderationView& v : *rows) {
      *response->add_reconsiderations() = ToProto(v.reconsideration, v.reveal_personal_data);
    }
    if (more) {
      const Reconsideration& last = rows->back().reconsideration;
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, last.application_date, last.id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

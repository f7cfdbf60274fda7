#include "services/cases/api/litigation_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/api/review_convert.h"
#include "services/cases/app/litigation.h"
#include "services/cases/domain/litigation.h"

namespace fazhi::cases {
namespace {

using app::Caller;
using grpc_util::ToGrpcStatus;

v1::Lawsuit ToProto(const Lawsuit& s, bool reveal_personal_data) {
  v1::Lawsuit out;
  out.set_id(s.id);
  out.set_court_case_number(s.court_case_number);
  out.set_court(s.court);
  out.set_plaintiff(s.plaintiff_organisation ? s.plaintiff
                                             : NameFor(reveal_personal_data, s.plaintiff));
  out.set_plaintiff_organisation(s.plaintiff_organisation);
  out.set_defendant_department_id(s.defendant_department_id);
  out.set_government_defendant(s.government_defendant);
  out.set_case_id(s.case_id);
  out.set_reconsideration_id(s.reconsideration_id);
  *out.mutable_filed_date() = api::DateToProto(s.filed_date);
  for (const Hearing& h : s.hearings) {
    v1::Hearing* p = out.add_hearings();
    *p->mutable_date() = api::DateToProto(h.date);
    p->set_head_appeared(h.head_appeared);
    p->set_head_title(h.head_title);
  }
  out.set_outcome(static_cast<v1::JudgmentOutcome>(s.outcome));
  if (s.judgment_date) *out.mutable_judgment_date() = api::DateToProto(*s.judgment_date);
  *out.mutable_stamps() = StampsToProto(s.stamps);
  out.set_etag(api::FormatEtag(s.stamps.version));
  return out;
}

// The suit as its reader may see it (the use case asked
// auth::MaySeeComplainantAndPlaintiffNames).
grpc::Status Answer(const absl::StatusOr<LawsuitView>& view, v1::Lawsuit* response) {
  if (!view.ok()) return ToGrpcStatus(view.status());
  *response = ToProto(view->lawsuit, view->reveal_personal_data);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* LitigationServiceImpl::CreateLawsuit(
    grpc::CallbackServerContext* context, const v1::CreateLawsuitRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    CreateLawsuitCommand command;
    command.request_id = request->request_id();
    // Checked before the body is read, as the API always answered.
    if (absl::Status s = validation::CheckText(command.request_id, "request_id", 0, 64); !s.ok()) {
      return ToGrpcStatus(s);
    }
    const v1::Lawsuit& in = request->lawsuit();
    Lawsuit& suit = command.lawsuit;
    suit.court_case_number = in.court_case_number();
    suit.court = in.court();
    suit.plaintiff = in.plaintiff();
    suit.plaintiff_organisation = in.plaintiff_organisation();
    suit.defendant_department_id = in.defendant_department_id();
    suit.government_defendant = in.government_defendant();
    suit.case_id = in.case_id();
    suit.reconsideration_id = in.reconsideration_id();
    absl::StatusOr<absl::CivilDay> filed =
        api::RequiredPastDate(in.has_filed_date(), in.filed_date(),
                              time_util::DayInChina(caller.now), "lawsuit.filed_date");
    if (!filed.ok()) return ToGrpcStatus(filed.status());
    suit.filed_date = *filed;
    if (in.hearings_size() > 0) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "lawsuit.hearings: a new lawsuit has none; record them with RecordHearing"));
    }
    if (in.outcome() != v1::JUDGMENT_OUTCOME_UNSPECIFIED || in.has_judgment_date()) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          "lawsuit.outcome: a new lawsuit has no judgment; record it with RecordJudgment"));
    }
    return Answer(cases::CreateLawsuit(*store_, *cases_, *reconsiderations_, *units_,
                                       std::move(command), caller),
                  response);
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::GetLawsuit(grpc::CallbackServerContext* context,
                                                            const v1::GetLawsuitRequest* request,
                                                            v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return Answer(cases::GetLawsuit(*store_, request->id(), grpc_util::CurrentCaller()), response);
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::RecordHearing(
    grpc::CallbackServerContext* context, const v1::RecordHearingRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (!request->has_hearing()) {
      return ToGrpcStatus(absl::InvalidArgumentError("hearing: required"));
    }
    Hearing hearing;
    absl::StatusOr<absl::CivilDay> day =
        api::RequiredPastDate(request->hearing().has_date(), request->hearing().date(),
                              time_util::DayInChina(caller.now), "hearing.date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    hearing.date = *day;
    hearing.head_appeared = request->hearing().head_appeared();
    hearing.head_title = request->hearing().head_title();
    return Answer(cases::RecordHearing(*store_, request->id(), request->etag(), hearing, caller),
                  response);
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::RecordJudgment(
    grpc::CallbackServerContext* context, const v1::RecordJudgmentRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    Caller caller = grpc_util::CurrentCaller();
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(
        request->has_date(), request->date(), time_util::DayInChina(caller.now), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    return Answer(
        cases::RecordJudgment(*store_, request->id(), request->etag(),
                              static_cast<JudgmentOutcome>(request->outcome()), *day, caller),
        response);
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::ListLawsuits(
    grpc::CallbackServerContext* context, const v1::ListLawsuitsRequest* request,
    v1::ListLawsuitsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ListRequest> list =
        ReadListRequest(*page_tokens_, *units_, "ListLawsuits", request->department_id(),
                        request->include_descendants(), request->year(), "", request->page());
    if (!list.ok()) return ToGrpcStatus(list.status());
    absl::StatusOr<std::vector<LawsuitView>> rows = cases::ListLawsuits(
        *store_, list->filter, list->after, list->page_size + 1, grpc_util::CurrentCaller());
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    for (const LawsuitView& v : *rows) {
      *response->add_lawsuits() = ToProto(v.lawsuit, v.reveal_personal_data);
    }
    if (more) {
      const Lawsuit& last = rows->back().lawsuit;
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, last.filed_date, last.id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

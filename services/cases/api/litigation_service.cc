#include "services/cases/api/litigation_service.h"

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
#include "services/cases/domain/litigation.h"

namespace fazhi::cases {
namespace {

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

// The lawsuit as the caller of this thread's call may see it.
v1::Lawsuit ForCaller(const Lawsuit& s) {
  return ToProto(s, auth::MaySeeComplainantAndPlaintiffNames(grpc_util::CurrentPrincipal()));
}

absl::StatusOr<Lawsuit> Require(LawsuitStore& store, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Lawsuit>> found = store.GetLawsuit(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return absl::NotFoundError(absl::StrCat("id: no lawsuit '", id, "'"));
  return **found;
}

grpc::Status Step(LawsuitStore& store, const grpc::ServerContextBase& context, absl::string_view id,
                  absl::string_view etag, absl::string_view action,
                  const std::function<absl::Status(Lawsuit&)>& rule, v1::Lawsuit* response) {
  absl::StatusOr<Lawsuit> suit = Require(store, id);
  if (!suit.ok()) return ToGrpcStatus(suit.status());
  if (absl::Status s = api::CheckEtag(etag, suit->stamps.version, "etag"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  int64_t version = suit->stamps.version;
  if (absl::Status s = rule(*suit); !s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<Lawsuit> stored =
      store.UpdateLawsuit(*suit, version, action, grpc_util::CurrentAuditContext(context));
  if (!stored.ok()) return ToGrpcStatus(stored.status());
  *response = ForCaller(*stored);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* LitigationServiceImpl::CreateLawsuit(
    grpc::CallbackServerContext* context, const v1::CreateLawsuitRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckText(request->request_id(), "request_id", 0, 64);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    const v1::Lawsuit& in = request->lawsuit();
    Lawsuit suit;
    suit.court_case_number = in.court_case_number();
    suit.court = in.court();
    suit.plaintiff = in.plaintiff();
    suit.plaintiff_organisation = in.plaintiff_organisation();
    suit.defendant_department_id = in.defendant_department_id();
    suit.government_defendant = in.government_defendant();
    suit.case_id = in.case_id();
    suit.reconsideration_id = in.reconsideration_id();
    absl::StatusOr<absl::CivilDay> filed = api::RequiredPastDate(
        in.has_filed_date(), in.filed_date(), time_util::TodayInChina(), "lawsuit.filed_date");
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
    for (const auto& [id, field] :
         {std::pair<std::string, const char*>{suit.case_id, "lawsuit.case_id"},
          {suit.reconsideration_id, "lawsuit.reconsideration_id"}}) {
      if (id.empty()) continue;
      if (absl::Status s = validation::CheckId(id, field); !s.ok()) return ToGrpcStatus(s);
    }
    absl::StatusOr<directory::Unit> defendant =
        RequireUnit(*units_, suit.defendant_department_id, "lawsuit.defendant_department_id");
    if (!defendant.ok()) return ToGrpcStatus(defendant.status());
    if (absl::Status s = CheckNewLawsuit(suit, defendant->kind, "lawsuit."); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (!suit.case_id.empty()) {
      absl::StatusOr<std::optional<FiledCaseFacts>> found = cases_->FindCase(suit.case_id);
      if (!found.ok()) return ToGrpcStatus(found.status());
      if (!found->has_value()) {
        return ToGrpcStatus(absl::NotFoundError(
            absl::StrCat("lawsuit.case_id: no enforcement case '", suit.case_id, "'")));
      }
    }
    if (!suit.reconsideration_id.empty()) {
      absl::StatusOr<std::optional<Reconsideration>> found =
          reconsiderations_->GetReconsideration(suit.reconsideration_id);
      if (!found.ok()) return ToGrpcStatus(found.status());
      if (!found->has_value()) {
        return ToGrpcStatus(absl::NotFoundError(absl::StrCat(
            "lawsuit.reconsideration_id: no reconsideration '", suit.reconsideration_id, "'")));
      }
    }
    suit.id = ids::NewResourceId("lawsuit");
    absl::StatusOr<Lawsuit> stored = store_->CreateLawsuit(
        suit, request->request_id(), grpc_util::CurrentAuditContext(*context));
    if (!stored.ok()) return ToGrpcStatus(stored.status());
    *response = ForCaller(*stored);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::GetLawsuit(grpc::CallbackServerContext* context,
                                                            const v1::GetLawsuitRequest* request,
                                                            v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Lawsuit> suit = Require(*store_, request->id());
    if (!suit.ok()) return ToGrpcStatus(suit.status());
    *response = ForCaller(*suit);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::RecordHearing(
    grpc::CallbackServerContext* context, const v1::RecordHearingRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (!request->has_hearing()) {
      return ToGrpcStatus(absl::InvalidArgumentError("hearing: required"));
    }
    Hearing hearing;
    absl::StatusOr<absl::CivilDay> day =
        api::RequiredPastDate(request->hearing().has_date(), request->hearing().date(),
                              time_util::TodayInChina(), "hearing.date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    hearing.date = *day;
    hearing.head_appeared = request->hearing().head_appeared();
    hearing.head_title = request->hearing().head_title();
    return Step(
        *store_, *context, request->id(), request->etag(), "record_hearing",
        [&](Lawsuit& suit) { return AddHearing(suit, hearing); }, response);
  });
}

grpc::ServerUnaryReactor* LitigationServiceImpl::RecordJudgment(
    grpc::CallbackServerContext* context, const v1::RecordJudgmentRequest* request,
    v1::Lawsuit* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = CheckIdAndEtag(request->id(), request->etag()); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredPastDate(request->has_date(), request->date(),
                                                               time_util::TodayInChina(), "date");
    if (!day.ok()) return ToGrpcStatus(day.status());
    return Step(
        *store_, *context, request->id(), request->etag(), "record_judgment",
        [&](Lawsuit& suit) {
          return ::fazhi::cases::RecordJudgment(
              suit, static_cast<JudgmentOutcome>(request->outcome()), *day);
        },
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
    absl::StatusOr<std::vector<Lawsuit>> rows =
        store_->ListLawsuits(list->filter, list->after, list->page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, list->page_size);
    bool reveal = auth::MaySeeComplainantAndPlaintiffNames(grpc_util::CurrentPrincipal());
    for (const Lawsuit& s : *rows) *response->add_lawsuits() = ToProto(s, reveal);
    if (more) {
      response->mutable_page()->set_next_page_token(
          EncodeCursor(*page_tokens_, list->query, rows->back().filed_date, rows->back().id));
    }
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::cases

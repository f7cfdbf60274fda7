#include "services/department/api/officer_service.h"

#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/department/api/officer_convert.h"

namespace fazhi::department {
namespace {

using grpc_util::ToGrpcStatus;

// Unpredictable, like every id a server makes (common/ids).
std::string NewOfficerId() { return ids::NewResourceId("officer"); }

// The latest issued of an officer's certificates (they come oldest first), or null.
const Certificate* Latest(const std::vector<Certificate>& certificates) {
  return certificates.empty() ? nullptr : &certificates.back();
}

// Runs one rule in a transaction, audited for the caller, and answers with what it returns.
template <typename T>
absl::StatusOr<T> RunAudited(OfficerStore& store, const grpc::ServerContextBase& context,
                             const std::function<absl::StatusOr<T>(OfficerRepository&)>& rule) {
  absl::StatusOr<T> result = absl::InternalError("rule did not run");
  absl::Status status =
      store.InTransaction(grpc_util::CurrentAuditContext(context), [&](OfficerRepository& repo) {
        result = rule(repo);
        return result.status();
      });
  if (!status.ok()) return status;
  return result;
}

// An officer as the API shows it, read in the same transaction as the change that made it.
absl::StatusOr<pb::Officer> ShownOfficer(OfficerRepository& repo, const Officer& o) {
  absl::StatusOr<std::vector<Certificate>> certificates = repo.CertificatesOf(o.id);
  if (!certificates.ok()) return certificates.status();
  return OfficerToProto(o, Latest(*certificates), time_util::TodayInChina());
}

}  // namespace

grpc::ServerUnaryReactor* OfficerServiceImpl::CreateOfficer(grpc::CallbackServerContext* context,
                                                            const v1::CreateOfficerRequest* request,
                                                            v1::Officer* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Officer> draft = OfficerFromProto(request->officer());
    if (!draft.ok()) return ToGrpcStatus(draft.status());
    draft->id = request->officer_id().empty() ? NewOfficerId() : request->officer_id();
    absl::StatusOr<pb::Officer> shown = RunAudited<pb::Officer>(
        *store_, *context, [&](OfficerRepository& repo) -> absl::StatusOr<pb::Officer> {
          absl::StatusOr<CreateOfficerResult> result = department::CreateOfficer(
              repo, *draft, request->request_id(), grpc_util::CurrentCaller());
          if (!result.ok()) return result.status();
          return ShownOfficer(repo, result->officer);
        });
    if (!shown.ok()) return ToGrpcStatus(shown.status());
    *response = *std::move(shown);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::GetOfficer(grpc::CallbackServerContext* context,
                                                         const v1::GetOfficerRequest* request,
                                                         v1::Officer* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->id(), "id"); !s.ok()) return ToGrpcStatus(s);
    absl::StatusOr<std::optional<Officer>> officer = store_->GetOfficer(request->id());
    if (!officer.ok()) return ToGrpcStatus(officer.status());
    if (!officer->has_value()) {
      return ToGrpcStatus(
          absl::NotFoundError(absl::StrCat("id: no officer with id '", request->id(), "'")));
    }
    absl::StatusOr<std::map<std::string, std::vector<Certificate>>> certificates =
        store_->CertificatesOf({request->id()});
    if (!certificates.ok()) return ToGrpcStatus(certificates.status());
    auto it = certificates->find(request->id());
    *response = OfficerToProto(**officer, it == certificates->end() ? nullptr : Latest(it->second),
                               time_util::TodayInChina());
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::ListOfficers(grpc::CallbackServerContext* context,
                                                           const v1::ListOfficersRequest* request,
                                                           v1::ListOfficersResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    OfficerFilter filter;
    filter.department_id = request->department_id();
    if (!filter.department_id.empty()) {
      if (absl::Status s = validation::CheckId(filter.department_id, "department_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<OfficerStatus> status = OfficerStatusFromProto(request->status(), "status");
    if (!status.ok()) return ToGrpcStatus(status.status());
    filter.status = *status;

    std::string query =
        absl::StrCat("ListOfficers|", filter.department_id, "|", static_cast<int>(filter.status));
    std::string after_id;
    if (!request->page().page_token().empty()) {
      absl::StatusOr<std::vector<std::string>> cursor =
          page_tokens_->Decode(request->page().page_token(), query);
      if (!cursor.ok()) return ToGrpcStatus(cursor.status());
      if (cursor->size() != 1) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      after_id = cursor->front();
    }
    // One row more than asked tells whether another page follows without a COUNT query.
    absl::StatusOr<std::vector<Officer>> rows =
        store_->ListOfficers(filter, after_id, *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = static_cast<int>(rows->size()) > *page_size;
    if (more) rows->pop_back();
    std::vector<std::string> ids;
    for (const Officer& o : *rows) ids.push_back(o.id);
    absl::StatusOr<std::map<std::string, std::vector<Certificate>>> certificates =
        store_->CertificatesOf(ids);
    if (!certificates.ok()) return ToGrpcStatus(certificates.status());
    absl::CivilDay today = time_util::TodayInChina();
    for (const Officer& o : *rows) {
      auto it = certificates->find(o.id);
      *response->add_officers() =
          OfficerToProto(o, it == certificates->end() ? nullptr : Latest(it->second), today);
    }
    if (more) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(query, {rows->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::UpdateOfficer(grpc::CallbackServerContext* context,
                                                            const v1::UpdateOfficerRequest* request,
                                                            v1::Officer* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Officer> changes = OfficerFromProto(request->officer());
    if (!changes.ok()) return ToGrpcStatus(changes.status());
    std::vector<std::string> mask(request->update_mask().paths().begin(),
                                  request->update_mask().paths().end());
    absl::StatusOr<pb::Officer> shown = RunAudited<pb::Officer>(
        *store_, *context, [&](OfficerRepository& repo) -> absl::StatusOr<pb::Officer> {
          absl::StatusOr<Officer> updated = department::UpdateOfficer(
              repo, *changes, mask, request->officer().etag(), grpc_util::CurrentCaller());
          if (!updated.ok()) return updated.status();
          return ShownOfficer(repo, *updated);
        });
    if (!shown.ok()) return ToGrpcStatus(shown.status());
    *response = *std::move(shown);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::IssueCertificate(
    grpc::CallbackServerContext* context, const v1::IssueCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    const v1::Certificate& c = request->certificate();
    IssueRequest issue;
    issue.number = c.number();
    issue.officer_id = c.officer_id();
    issue.reason = request->reason();
    issue.request_id = request->request_id();
    absl::StatusOr<std::optional<absl::CivilDay>> issue_date =
        api::OptionalDate(c.has_issue_date(), c.issue_date(), "certificate.issue_date");
    if (!issue_date.ok()) return ToGrpcStatus(issue_date.status());
    issue.issue_date = *issue_date;
    absl::StatusOr<std::optional<absl::CivilDay>> expiry_date =
        api::OptionalDate(c.has_expiry_date(), c.expiry_date(), "certificate.expiry_date");
    if (!expiry_date.ok()) return ToGrpcStatus(expiry_date.status());
    issue.expiry_date = *expiry_date;
    absl::StatusOr<Certificate> issued =
        RunAudited<Certificate>(*store_, *context, [&](OfficerRepository& repo) {
          return department::IssueCertificate(repo, issue, grpc_util::CurrentCaller());
        });
    if (!issued.ok()) return ToGrpcStatus(issued.status());
    *response = CertificateToProto(*issued, time_util::TodayInChina(), true);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::GetCertificate(
    grpc::CallbackServerContext* context, const v1::GetCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    std::string number = NormalizeCertificateNumber(request->number());
    if (absl::Status s = validation::CheckText(number, "number", 1, kMaxCertificateNumberChars);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<std::optional<Certificate>> found = store_->GetCertificate(number);
    if (!found.ok()) return ToGrpcStatus(found.status());
    if (!found->has_value()) {
      return ToGrpcStatus(absl::NotFoundError(absl::StrCat("number: no certificate ", number)));
    }
    *response = CertificateToProto(**found, as_of->value_or(time_util::TodayInChina()), true);
    return grpc::Status::OK;
  });
}

grpc::Status OfficerServiceImpl::RecordEvent(const grpc::ServerContextBase& context,
                                             EventRequest event, bool has_effective_date,
                                             const common::v1::Date& effective_date,
                                             v1::Certificate* response) {
  absl::StatusOr<std::optional<absl::CivilDay>> day =
      api::OptionalDate(has_effective_date, effective_date, "effective_date");
  if (!day.ok()) return ToGrpcStatus(day.status());
  event.effective_date = *day;
  absl::StatusOr<Certificate> changed =
      RunAudited<Certificate>(*store_, context, [&](OfficerRepository& repo) {
        return RecordCertificateEvent(repo, event, grpc_util::CurrentCaller());
      });
  if (!changed.ok()) return ToGrpcStatus(changed.status());
  *response = CertificateToProto(*changed, time_util::TodayInChina(), true);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* OfficerServiceImpl::RenewCertificate(
    grpc::CallbackServerContext* context, const v1::RenewCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    EventRequest event;
    event.type = CertificateEventType::kRenew;
    event.number = request->number();
    event.reason = request->reason();
    event.request_id = request->request_id();
    absl::StatusOr<std::optional<absl::CivilDay>> expiry = api::OptionalDate(
        request->has_new_expiry_date(), request->new_expiry_date(), "new_expiry_date");
    if (!expiry.ok()) return ToGrpcStatus(expiry.status());
    event.new_expiry_date = *expiry;
    return RecordEvent(*context, std::move(event), request->has_effective_date(),
                       request->effective_date(), response);
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::SuspendCertificate(
    grpc::CallbackServerContext* context, const v1::SuspendCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    EventRequest event;
    event.type = CertificateEventType::kSuspend;
    event.number = request->number();
    event.reason = request->reason();
    event.request_id = request->request_id();
    return RecordEvent(*context, std::move(event), request->has_effective_date(),
                       request->effective_date(), response);
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::ReinstateCertificate(
    grpc::CallbackServerContext* context, const v1::ReinstateCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    EventRequest event;
    event.type = CertificateEventType::kReinstate;
    event.number = request->number();
    event.reason = request->reason();
    event.request_id = request->request_id();
    return RecordEvent(*context, std::move(event), request->has_effective_date(),
                       request->effective_date(), response);
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::RevokeCertificate(
    grpc::CallbackServerContext* context, const v1::RevokeCertificateRequest* request,
    v1::Certificate* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    EventRequest event;
    event.type = CertificateEventType::kRevoke;
    event.number = request->number();
    event.reason = request->reason();
    event.request_id = request->request_id();
    return RecordEvent(*context, std::move(event), request->has_effective_date(),
                       request->effective_date(), response);
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::ListCertificateEvents(
    grpc::CallbackServerContext* context, const v1::ListCertificateEventsRequest* request,
    v1::ListCertificateEventsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    CertificateEventFilter filter;
    if (!request->certificate_number().empty()) {
      filter.certificate_number = NormalizeCertificateNumber(request->certificate_number());
      if (absl::Status s = validation::CheckText(filter.certificate_number, "certificate_number", 1,
                                                 kMaxCertificateNumberChars);
          !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    filter.officer_id = request->officer_id();
    if (!filter.officer_id.empty()) {
      if (absl::Status s = validation::CheckId(filter.officer_id, "officer_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    filter.department_id = request->department_id();
    if (!filter.department_id.empty()) {
      if (absl::Status s = validation::CheckId(filter.department_id, "department_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<CertificateEventType> type = EventTypeFromProto(request->type(), "type");
    if (!type.ok()) return ToGrpcStatus(type.status());
    filter.type = *type;
    absl::StatusOr<std::optional<absl::CivilDay>> start =
        api::OptionalDate(request->has_start_date(), request->start_date(), "start_date");
    if (!start.ok()) return ToGrpcStatus(start.status());
    filter.start = *start;
    absl::StatusOr<std::optional<absl::CivilDay>> end =
        api::OptionalDate(request->has_end_date(), request->end_date(), "end_date");
    if (!end.ok()) return ToGrpcStatus(end.status());
    filter.end = *end;
    if (filter.start && filter.end && *filter.end < *filter.start) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("end_date ", time_util::FormatDay(*filter.end), " is before start_date ",
                       time_util::FormatDay(*filter.start))));
    }

    std::string query =
        absl::StrCat("ListCertificateEvents|", filter.certificate_number, "|", filter.officer_id,
                     "|", filter.department_id, "|", static_cast<int>(filter.type), "|",
                     filter.start ? time_util::ToYmd(*filter.start) : 0, "|",
                     filter.end ? time_util::ToYmd(*filter.end) : 0);
    std::optional<CertificateEventCursor> after;
    if (!request->page().page_token().empty()) {
      absl::StatusOr<std::vector<std::string>> cursor =
          page_tokens_->Decode(request->page().page_token(), query);
      if (!cursor.ok()) return ToGrpcStatus(cursor.status());
      CertificateEventCursor c;
      if (cursor->size() != 3 || !absl::SimpleAtoi((*cursor)[0], &c.ymd) ||
          !absl::SimpleAtoi((*cursor)[2], &c.sequence)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      c.certificate_number = (*cursor)[1];
      after = std::move(c);
    }
    absl::StatusOr<std::vector<CertificateEventRow>> rows =
        store_->ListEvents(filter, after, *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = static_cast<int>(rows->size()) > *page_size;
    if (more) rows->pop_back();
    for (const CertificateEventRow& row : *rows) {
      *response->add_events() =
          EventToProto(row.certificate_number, row.officer_id, row.department_id, row.event);
    }
    if (more) {
      const CertificateEventRow& last = rows->back();
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(
          query, {absl::StrCat(time_util::ToYmd(last.event.date)), last.certificate_number,
                  absl::StrCat(last.event.sequence)}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* OfficerServiceImpl::ValidateOfficers(
    grpc::CallbackServerContext* context, const v1::ValidateOfficersRequest* request,
    v1::ValidateOfficersResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (absl::Status s = validation::CheckId(request->department_id(), "department_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (request->officer_ids_size() == 0) {
      return ToGrpcStatus(absl::InvalidArgumentError("officer_ids: name at least one officer"));
    }
    if (request->officer_ids_size() > kMaxValidateOfficers) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("officer_ids: at most ", kMaxValidateOfficers, " officers per call, got ",
                       request->officer_ids_size())));
    }
    std::vector<std::string> ids(request->officer_ids().begin(), request->officer_ids().end());
    std::set<std::string> seen;
    for (size_t i = 0; i < ids.size(); ++i) {
      std::string field = absl::StrCat("officer_ids[", i, "]");
      if (absl::Status s = validation::CheckId(ids[i], field); !s.ok()) return ToGrpcStatus(s);
      // Counted twice, one officer would pass for the two that a case needs.
      if (!seen.insert(ids[i]).second) {
        return ToGrpcStatus(absl::InvalidArgumentError(
            absl::StrCat(field, ": '", ids[i], "' is listed more than once")));
      }
    }
    absl::StatusOr<std::optional<absl::CivilDay>> at =
        api::OptionalDate(request->has_at(), request->at(), "at");
    if (!at.ok()) return ToGrpcStatus(at.status());
    absl::CivilDay day = at->value_or(time_util::TodayInChina());

    absl::StatusOr<std::optional<DepartmentRef>> department =
        store_->GetDepartment(request->department_id());
    if (!department.ok()) return ToGrpcStatus(department.status());
    if (!department->has_value()) {
      return ToGrpcStatus(absl::NotFoundError(
          absl::StrCat("department_id: no department with id '", request->department_id(), "'")));
    }
    absl::StatusOr<std::vector<Officer>> officers = store_->GetOfficers(ids);
    if (!officers.ok()) return ToGrpcStatus(officers.status());
    absl::StatusOr<std::map<std::string, std::vector<Certificate>>> certificates =
        store_->CertificatesOf(ids);
    if (!certificates.ok()) return ToGrpcStatus(certificates.status());
    std::map<std::string, const Officer*> by_id;
    std::set<std::string> department_ids{request->department_id()};
    for (const Officer& o : *officers) {
      by_id[o.id] = &o;
      department_ids.insert(o.department_id);
    }
    for (const auto& [officer_id, held] : *certificates) {
      for (const Certificate& c : held) department_ids.insert(c.department_id);
    }
    absl::StatusOr<std::map<std::string, std::string>> names = store_->DepartmentNames(
        std::vector<std::string>(department_ids.begin(), department_ids.end()));
    if (!names.ok()) return ToGrpcStatus(names.status());

    static const std::vector<Certificate> kNone;
    int valid = 0;
    for (const std::string& id : ids) {
      auto officer = by_id.find(id);
      auto held = certificates->find(id);
      Validation v = ValidateOfficer(
          id, officer == by_id.end() ? std::nullopt : std::optional<Officer>(*officer->second),
          held == certificates->end() ? kNone : held->second, **department, *names, day);
      v1::OfficerValidation* out = response->add_validations();
      out->set_officer_id(v.officer_id);
      out->set_valid(v.valid());
      out->set_verdict(static_cast<v1::OfficerVerdict>(v.verdict));
      out->set_reason(v.reason);
      out->set_officer_name(v.officer_name);
      out->set_certificate_number(v.certificate_number);
      if (v.expiry) *out->mutable_expiry_date() = api::DateToProto(*v.expiry);
      valid += v.valid();
    }
    response->set_valid_count(valid);
    *response->mutable_at() = api::DateToProto(day);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::department

#include "services/department/api/department_service.h"

#include <map>
#include <random>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/department/api/department_convert.h"
#include "services/department/app/relations.h"
#include "services/department/app/units.h"

namespace fazhi::department {
namespace {

using grpc_util::ToGrpcStatus;

constexpr int kMaxBatchGet = 1000;

// The unit, or NOT_FOUND naming the field; with as_of, only if it existed that day.
absl::StatusOr<Department> Load(DepartmentStore& store, absl::string_view id,
                                absl::string_view field,
                                std::optional<absl::CivilDay> as_of = std::nullopt) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<Department>> found = store.Get(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if (as_of && !ExistedOn(**found, *as_of)) {
    return absl::NotFoundError(absl::StrCat(field, ": department '", id, "' did not exist on ",
                                            time_util::FormatDay(*as_of)));
  }
  return **found;
}

// Runs one registry rule in a transaction, audited for the caller, and answers with the unit it
// leaves behind.
grpc::Status RespondWithUnit(
    DepartmentStore& store, const grpc::ServerContextBase& context, v1::Department* response,
    const std::function<absl::StatusOr<Department>(DepartmentRepository&)>& rule) {
  absl::StatusOr<Department> result;
  absl::Status status =
      store.InTransaction(grpc_util::CurrentAuditContext(context), [&](DepartmentRepository& repo) {
        result = rule(repo);
        return result.status();
      });
  if (!status.ok()) return ToGrpcStatus(status);
  *response = ToProto(*result);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* DepartmentServiceImpl::CreateDepartment(
    grpc::CallbackServerContext* context, const v1::CreateDepartmentRequest* request,
    v1::Department* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Department> draft = FromProto(request->department());
    if (!draft.ok()) return ToGrpcStatus(draft.status());
    draft->id =
        request->department_id().empty() ? ids::NewResourceId("dept") : request->department_id();
    return RespondWithUnit(*store_, *context, response,
                           [&](DepartmentRepository& repo) -> absl::StatusOr<Department> {
                             absl::StatusOr<CreateResult> result = department::CreateDepartment(
                                 repo, *draft, request->request_id(), grpc_util::CurrentCaller());
                             if (!result.ok()) return result.status();
                             return result->department;
                           });
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::GetDepartment(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response_bytes) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    v1::GetDepartmentRequest request;
    if (absl::Status parsed = grpc_util::ParseRawRequest(*request_bytes, &request); !parsed.ok()) {
      return ToGrpcStatus(parsed);
    }
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request.has_as_of(), request.as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    // A unit as it is today is kept; a unit on a past day is rare and read as asked.
    bool cacheable = units_ != nullptr && !as_of->has_value();
    absl::Time now = absl::Now();
    if (cacheable) {
      if (std::shared_ptr<const grpc::ByteBuffer> kept = units_->Find(request.id(), now)) {
        *response_bytes = *kept;
        return grpc::Status::OK;
      }
    }
    uint64_t generation = cacheable ? units_->generation() : 0;
    absl::StatusOr<Department> d = Load(*store_, request.id(), "id", *as_of);
    if (!d.ok()) return ToGrpcStatus(d.status());
    *response_bytes = grpc_util::SerializeToByteBuffer(ToProto(*d));
    if (cacheable) {
      units_->Put(request.id(), std::make_shared<const grpc::ByteBuffer>(*response_bytes),
                  generation, now);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::BatchGetDepartments(
    grpc::CallbackServerContext* context, const v1::BatchGetDepartmentsRequest* request,
    v1::BatchGetDepartmentsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    if (request->ids_size() == 0) {
      return ToGrpcStatus(absl::InvalidArgumentError("ids: name at least one department id"));
    }
    if (request->ids_size() > kMaxBatchGet) {
      return ToGrpcStatus(absl::InvalidArgumentError(
          absl::StrCat("ids: at most ", kMaxBatchGet, " ids per call, got ", request->ids_size())));
    }
    std::vector<std::string> ids(request->ids().begin(), request->ids().end());
    for (size_t i = 0; i < ids.size(); ++i) {
      if (absl::Status s = validation::CheckId(ids[i], absl::StrCat("ids[", i, "]")); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<std::vector<Department>> found = store_->GetMany(ids);
    if (!found.ok()) return ToGrpcStatus(found.status());
    std::map<std::string, const Department*> by_id;
    for (const Department& d : *found) by_id[d.id] = &d;
    for (size_t i = 0; i < ids.size(); ++i) {
      auto it = by_id.find(ids[i]);
      if (it == by_id.end()) {
        return ToGrpcStatus(absl::NotFoundError(
            absl::StrCat("ids[", i, "]: no department with id '", ids[i], "'")));
      }
      *response->add_departments() = ToProto(*it->second);
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::ListDepartments(
    grpc::CallbackServerContext* context, const v1::ListDepartmentsRequest* request,
    v1::ListDepartmentsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    ListFilter filter;
    filter.parent_id = request->parent_id();
    filter.roots_only = request->roots_only();
    if (filter.roots_only && !filter.parent_id.empty()) {
      return ToGrpcStatus(
          absl::InvalidArgumentError("roots_only: cannot be combined with parent_id"));
    }
    if (!filter.parent_id.empty()) {
      if (absl::Status s = validation::CheckId(filter.parent_id, "parent_id"); !s.ok()) {
        return ToGrpcStatus(s);
      }
    }
    absl::StatusOr<Kind> kind = KindFromProto(request->kind(), "kind");
    if (!kind.ok()) return ToGrpcStatus(kind.status());
    filter.kind = *kind;
    absl::StatusOr<Status> status = StatusFromProto(request->status(), "status");
    if (!status.ok()) return ToGrpcStatus(status.status());
    filter.status = *status;

    std::string query =
        absl::StrCat("ListDepartments|", filter.parent_id, "|", filter.roots_only, "|",
                     static_cast<int>(filter.kind), "|", static_cast<int>(filter.status));
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
    absl::StatusOr<std::vector<Department>> rows = store_->List(filter, after_id, *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, *page_size);
    for (const Department& d : *rows) *response->add_departments() = ToProto(d);
    if (more) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(query, {rows->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::UpdateDepartment(
    grpc::CallbackServerContext* context, const v1::UpdateDepartmentRequest* request,
    v1::Department* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Department> changes = FromProto(request->department());
    if (!changes.ok()) return ToGrpcStatus(changes.status());
    std::vector<std::string> mask(request->update_mask().paths().begin(),
                                  request->update_mask().paths().end());
    return RespondWithUnit(*store_, *context, response, [&](DepartmentRepository& repo) {
      return department::UpdateDepartment(repo, *changes, mask, request->department().etag(),
                                          grpc_util::CurrentCaller());
    });
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::DissolveDepartment(
    grpc::CallbackServerContext* context, const v1::DissolveDepartmentRequest* request,
    v1::Department* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::optional<absl::CivilDay>> effective = api::OptionalDate(
        request->has_effective_date(), request->effective_date(), "effective_date");
    if (!effective.ok()) return ToGrpcStatus(effective.status());
    return RespondWithUnit(*store_, *context, response, [&](DepartmentRepository& repo) {
      return department::DissolveDepartment(repo, request->id(), request->etag(),
                                            request->successor_id(), *effective,
                                            grpc_util::CurrentCaller());
    });
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::ListDescendants(
    grpc::CallbackServerContext* context, const v1::ListDescendantsRequest* request,
    v1::ListDescendantsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<Department> root = Load(*store_, request->id(), "id", *as_of);
    if (!root.ok()) return ToGrpcStatus(root.status());
    std::string query =
        absl::StrCat("ListDescendants|", request->id(), "|", request->include_self(), "|",
                     request->include_dissolved(), "|", *as_of ? time_util::ToYmd(**as_of) : 0);
    std::optional<DescendantsCursor> after;
    if (!request->page().page_token().empty()) {
      absl::StatusOr<std::vector<std::string>> cursor =
          page_tokens_->Decode(request->page().page_token(), query);
      if (!cursor.ok()) return ToGrpcStatus(cursor.status());
      int depth = 0;
      if (cursor->size() != 2 || !absl::SimpleAtoi((*cursor)[0], &depth)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token is malformed"));
      }
      after = DescendantsCursor{depth, (*cursor)[1]};
    }
    absl::StatusOr<std::vector<DescendantNode>> nodes =
        store_->ListDescendants(request->id(), request->include_self(),
                                request->include_dissolved(), *as_of, after, *page_size + 1);
    if (!nodes.ok()) return ToGrpcStatus(nodes.status());
    bool more = api::TrimToPage(*nodes, *page_size);
    for (const DescendantNode& node : *nodes) {
      v1::DepartmentNode* out = response->add_nodes();
      *out->mutable_department() = ToProto(node.department);
      out->set_depth(node.depth);
    }
    if (more) {
      const DescendantNode& last = nodes->back();
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {absl::StrCat(last.depth), last.department.id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::SetDepartmentRelation(
    grpc::CallbackServerContext* context, const v1::SetDepartmentRelationRequest* request,
    v1::DepartmentRelation* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    SetRelationCommand command;
    command.department_id = request->department_id();
    absl::StatusOr<RelationKind> kind = RelationKindFromProto(request->kind(), "kind");
    if (!kind.ok()) return ToGrpcStatus(kind.status());
    command.kind = *kind;
    command.related_id = request->related_id();
    absl::StatusOr<std::optional<absl::CivilDay>> effective = api::OptionalDate(
        request->has_effective_date(), request->effective_date(), "effective_date");
    if (!effective.ok()) return ToGrpcStatus(effective.status());
    command.effective_date = *effective;
    command.reason = request->reason();
    // Refuse bad input before a transaction is opened.
    if (absl::Status s = ValidateSetRelation(command); !s.ok()) return ToGrpcStatus(s);
    app::Caller caller = grpc_util::CurrentCaller();
    absl::StatusOr<SetRelationResult> result;
    absl::Status status = relations_->InTransaction(caller.audit, [&](RelationRepository& repo) {
      result = SetRelation(repo, command, caller);
      return result.status();
    });
    if (!status.ok()) return ToGrpcStatus(status);
    *response = ToProto(result->relation);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* DepartmentServiceImpl::ListDepartmentRelations(
    grpc::CallbackServerContext* context, const v1::ListDepartmentRelationsRequest* request,
    v1::ListDepartmentRelationsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<RelationKind> kind = RelationKindFromProto(request->kind(), "kind");
    if (!kind.ok()) return ToGrpcStatus(kind.status());
    absl::StatusOr<std::optional<absl::CivilDay>> as_of =
        api::OptionalDate(request->has_as_of(), request->as_of(), "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<Department> unit = Load(*store_, request->department_id(), "department_id");
    if (!unit.ok()) return ToGrpcStatus(unit.status());
    RelationFilter filter;
    filter.department_id = request->department_id();
    filter.kind = *kind;
    filter.as_of = *as_of;
    absl::StatusOr<std::vector<Relation>> relations = relations_->List(filter);
    if (!relations.ok()) return ToGrpcStatus(relations.status());
    for (const Relation& r : *relations) *response->add_relations() = ToProto(r);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::department

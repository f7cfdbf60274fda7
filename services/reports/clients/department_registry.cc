#include "services/reports/clients/department_registry.h"

#include "absl/strings/str_cat.h"
#include "common/api/proto_time.h"
#include "common/grpc/client.h"
#include "services/reports/clients/call_status.h"

namespace fazhi::reports {
namespace {

namespace pb = ::fazhi::department::v1;

constexpr absl::string_view kService = "department";

Unit FromProto(const pb::Department& d) {
  Unit u;
  u.id = d.id();
  u.name = d.name();
  u.short_name = d.short_name();
  u.kind = static_cast<int>(d.kind());
  u.level = static_cast<int>(d.level());
  u.parent_id = d.parent_id();
  u.law_enforcement_body = d.law_enforcement_body();
  u.active = d.status() != pb::DEPARTMENT_STATUS_DISSOLVED;
  return u;
}

}  // namespace

DepartmentRegistry::DepartmentRegistry(directory::DepartmentDirectoryOptions options)
    : DepartmentRegistry(options, directory::DepartmentChannel(options)) {}

DepartmentRegistry::DepartmentRegistry(directory::DepartmentDirectoryOptions options,
                                       std::shared_ptr<grpc::Channel> channel)
    : options_(std::move(options)), stub_(pb::DepartmentService::NewStub(std::move(channel))) {}

absl::StatusOr<Unit> DepartmentRegistry::GetUnit(absl::string_view id) {
  pb::GetDepartmentRequest request;
  request.set_id(std::string(id));
  std::unique_ptr<grpc::ClientContext> context = grpc_util::OutboundContext(options_.call_timeout);
  pb::Department response;
  grpc::Status status = stub_->GetDepartment(context.get(), request, &response);
  if (absl::Status s =
          FromCall(status, kService, options_.address, absl::StrCat("look up unit '", id, "'"));
      !s.ok()) {
    return s;
  }
  return FromProto(response);
}

absl::StatusOr<UnitRelations> DepartmentRegistry::GetRelations(absl::string_view id,
                                                               absl::CivilDay as_of) {
  pb::ListDepartmentRelationsRequest request;
  request.set_department_id(std::string(id));
  *request.mutable_as_of() = api::DateToProto(as_of);
  std::unique_ptr<grpc::ClientContext> context = grpc_util::OutboundContext(options_.call_timeout);
  pb::ListDepartmentRelationsResponse response;
  grpc::Status status = stub_->ListDepartmentRelations(context.get(), request, &response);
  if (absl::Status s = FromCall(status, kService, options_.address,
                                absl::StrCat("list the reporting relations of unit '", id, "'"));
      !s.ok()) {
    return s;
  }
  UnitRelations out;
  for (const pb::DepartmentRelation& r : response.relations()) {
    switch (r.kind()) {
      case pb::RELATION_KIND_PARTY_COMMITTEE:
        out.party_committee_id = r.related_id();
        break;
      case pb::RELATION_KIND_CONGRESS_STANDING_COMMITTEE:
        out.congress_standing_committee_id = r.related_id();
        break;
      case pb::RELATION_KIND_SUPERIOR:
        out.superior_id = r.related_id();
        break;
      default:
        // A kind added after this client was built: no field of the port holds it.
        break;
    }
  }
  return out;
}

absl::StatusOr<std::vector<Unit>> DepartmentRegistry::ListSubtree(absl::string_view id) {
  pb::ListDescendantsRequest request;
  request.set_id(std::string(id));
  request.set_include_self(true);
  request.set_include_dissolved(true);
  request.mutable_page()->set_page_size(1000);
  std::vector<Unit> out;
  while (true) {
    std::unique_ptr<grpc::ClientContext> context =
        grpc_util::OutboundContext(options_.call_timeout);
    pb::ListDescendantsResponse page;
    grpc::Status status = stub_->ListDescendants(context.get(), request, &page);
    if (absl::Status s = FromCall(status, kService, options_.address,
                                  absl::StrCat("list the units under '", id, "'"));
        !s.ok()) {
      return s;
    }
    // Breadth first, so the unit itself (depth 0) comes first.
    for (const pb::DepartmentNode& node : page.nodes()) out.push_back(FromProto(node.department()));
    if (page.page().next_page_token().empty()) return out;
    request.mutable_page()->set_page_token(page.page().next_page_token());
  }
}

}  // namespace fazhi::reports

#include "services/cases/clients/officer_checker.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/proto_time.h"
#include "common/grpc/client.h"

namespace fazhi::cases {

namespace pb = ::fazhi::department::v1;

absl::StatusOr<std::vector<OfficerVerdict>> DepartmentOfficerChecker::Check(
    absl::string_view department_id, const std::vector<std::string>& officer_ids,
    absl::CivilDay day) {
  pb::ValidateOfficersRequest request;
  request.set_department_id(std::string(department_id));
  for (const std::string& id : officer_ids) request.add_officer_ids(id);
  *request.mutable_at() = api::DateToProto(day);
  std::unique_ptr<grpc::ClientContext> context = grpc_util::OutboundContext(options_.call_timeout);
  pb::ValidateOfficersResponse response;
  grpc::Status status = stub_->ValidateOfficers(context.get(), request, &response);
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
      status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
    // The department service judged the request itself (an unknown unit, say): the clerk can act
    // on that, and a retry would not help.
    return absl::FailedPreconditionError(
        absl::StrCat("officer_ids: the department service refused to check the officers: ",
                     status.error_message()));
  }
  if (!status.ok()) {
    // The department service judges officers; without it no case may be filed or decided, and
    // the caller may retry.
    return absl::UnavailableError(
        absl::StrCat("cannot check the officers with the department "
                     "service at ",
                     options_.address, ": ", status.error_message()));
  }
  std::vector<OfficerVerdict> out;
  for (const pb::OfficerValidation& v : response.validations()) {
    out.push_back(OfficerVerdict{v.officer_id(), v.valid(), v.reason()});
  }
  return out;
}

}  // namespace fazhi::cases

#include "services/reports/clients/call_status.h"

#include "absl/strings/str_cat.h"

namespace fazhi::reports {

absl::Status FromCall(const grpc::Status& status, absl::string_view service,
                      absl::string_view address, absl::string_view what) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(
          absl::StrCat("the ", service, " service: ", status.error_message()));
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::PERMISSION_DENIED:
      return absl::FailedPreconditionError(absl::StrCat("the ", service, " service refused to ",
                                                        what, ": ", status.error_message()));
    default:
      return absl::UnavailableError(absl::StrCat("cannot ", what, ": the ", service, " service at ",
                                                 address, ": ", status.error_message()));
  }
}

}  // namespace fazhi::reports

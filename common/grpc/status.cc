#include "common/grpc/status.h"

#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace fazhi::grpc_util {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown ||
      status.code() == absl::StatusCode::kDataLoss) {
    log::Error("internal error", {{"error", status.message()}});
    return grpc::Status(code, absl::StrCat("internal error; quote request id ",
                                           log::CurrentRequestId(), " to the operator"));
  }
  return grpc::Status(code, std::string(status.message()));
}

}  // namespace fazhi::grpc_util

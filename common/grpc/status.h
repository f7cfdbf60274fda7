#ifndef FAZHI_COMMON_GRPC_STATUS_H_
#define FAZHI_COMMON_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace fazhi::grpc_util {

// Maps a domain or store status to the canonical gRPC status with the same code. INTERNAL and
// UNKNOWN details (SQL, driver messages) are logged, not sent: the caller gets the request id
// to quote to an operator instead.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_STATUS_H_

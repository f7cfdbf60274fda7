#ifndef FAZHI_TESTS_SUPPORT_GRPC_HEALTH_H_
#define FAZHI_TESTS_SUPPORT_GRPC_HEALTH_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fazhi::testing {

// grpc.health.v1.HealthCheckResponse.ServingStatus values.
inline constexpr int kServing = 1;
inline constexpr int kNotServing = 2;

// Calls grpc.health.v1.Health/Check for service ("" is the whole server) and returns the serving
// status. The messages are encoded by hand: gRPC's built-in health service has no generated C++.
absl::StatusOr<int> CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& service = "");

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_GRPC_HEALTH_H_

#ifndef FAZHI_COMMON_GRPC_INTERCEPTOR_H_
#define FAZHI_COMMON_GRPC_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "common/metrics/metrics.h"

namespace fazhi::grpc_util {

inline constexpr char kRequestIdHeader[] = "x-request-id";

// Every RPC of every service passes through this interceptor, so nothing a handler forgets is
// lost: it takes the caller's x-request-id (or makes one) and returns it in the response
// metadata, binds it to the handler's log lines, records the go-grpc-prometheus metrics and
// writes one access-log line with method, code and duration.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics);

// Routes protobuf's own log lines into the JSON log, and lets the interceptor turn a request
// refused for invalid UTF-8 into INVALID_ARGUMENT naming the field.
void InstallProtobufLogHandler();

// A fresh request id: 32 lower-case hex characters.
std::string NewRequestId();

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_INTERCEPTOR_H_

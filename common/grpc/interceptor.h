#ifndef FAZHI_COMMON_GRPC_INTERCEPTOR_H_
#define FAZHI_COMMON_GRPC_INTERCEPTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <optional>
#include <string>

#include "common/audit/audit.h"
#include "common/grpc/auth_guard.h"
#include "common/metrics/metrics.h"

namespace fazhi::grpc_util {

inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr char kAuthorizationHeader[] = "authorization";

// Every RPC of every service passes through this interceptor, so nothing a handler forgets is
// lost: it takes the caller's x-request-id (or makes one) and returns it in the response
// metadata, binds it to the handler's log lines, authenticates and authorises the call against
// the policy table (see common/auth/call_gate.h for how a denial stops the handler), records the
// go-grpc-prometheus metrics and writes one access-log line with method, code and duration.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics, const AuthGuard* guard);

// Routes protobuf's own log lines into the JSON log, and lets the interceptor turn a request
// refused for invalid UTF-8 into INVALID_ARGUMENT naming the field.
void InstallProtobufLogHandler();

// The field ("points.department_id") whose invalid UTF-8 made protobuf refuse a message of the
// RPC this thread is serving, if one did. A streaming handler asks after its last Read: gRPC
// ends the stream on a message that does not parse as if the client had finished.
std::optional<std::string> InvalidUtf8Field();

// The full method ("/package.Service/Method") of the RPC this thread is serving.
const std::string& CurrentRpc();

// The authenticated caller of the RPC this thread is serving, if any.
const std::optional<auth::Principal>& CurrentPrincipal();

// Actor (the authenticated principal, or "anonymous"), RPC and request id of the call being
// served, for audit entries.
audit::AuditContext CurrentAuditContext(const grpc::ServerContext& context);

// A fresh request id: 32 lower-case hex characters.
std::string NewRequestId();

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_INTERCEPTOR_H_

#ifndef FAZHI_COMMON_GRPC_INTERCEPTOR_H_
#define FAZHI_COMMON_GRPC_INTERCEPTOR_H_

#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <optional>
#include <string>

#include "common/app/caller.h"
#include "common/audit/audit.h"
#include "common/grpc/auth_guard.h"
#include "common/metrics/metrics.h"

namespace fazhi::grpc_util {

inline constexpr char kRequestIdHeader[] = "x-request-id";
inline constexpr char kAuthorizationHeader[] = "authorization";

// Every RPC of every service passes through this interceptor, so nothing a handler forgets is
// lost: it takes the caller's x-request-id (or makes one) and returns it in the response
// metadata, authenticates and authorises the call against the policy table before any handler
// runs (streams at their headers; the verdict goes to the handler's CallRunner through the call's
// CallState, common/grpc/call.h), records the go-grpc-prometheus metrics and writes one
// access-log line with method, code and duration.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics, const AuthGuard* guard);

// Routes protobuf's own log lines into the JSON log, and lets the interceptor turn a request
// refused for invalid UTF-8 into INVALID_ARGUMENT naming the field (CallState::unreadable_field).
void InstallProtobufLogHandler();

// A request that a handler parses itself (a raw method, such as the public
// disclosure feed) and that failed to
// parse: INVALID_ARGUMENT naming the string field that held invalid UTF-8, as the interceptor
// names it for the requests gRPC parses, or saying the message does not parse.
absl::Status UnparsedRequestError();

// Parses the bytes of a raw method's request into request, or UnparsedRequestError().
absl::Status ParseRawRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message* request);

// The bytes a raw method answers with: serialized once, then shared by every answer (a
// ByteBuffer copy only takes references to its slices).
grpc::ByteBuffer SerializeToByteBuffer(const google::protobuf::Message& message);

// The full method ("/package.Service/Method") of the call this thread works for ("" outside one).
const std::string& CurrentRpc();

// The authenticated caller of the call this thread works for, if any.
const std::optional<auth::Principal>& CurrentPrincipal();

// Actor (the authenticated principal, or "anonymous"), RPC and request id of the call this
// thread works for, for audit entries.
audit::AuditContext CurrentAuditContext();
// The caller of the call this thread works for, as use cases take it, with now as its time.
app::Caller CurrentCaller();
audit::AuditContext CurrentAuditContext(const grpc::ServerContextBase& context);

// A fresh request id: 32 lower-case hex characters.
std::string NewRequestId();

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_INTERCEPTOR_H_

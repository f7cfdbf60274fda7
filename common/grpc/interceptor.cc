#include "common/grpc/interceptor.h"

#include <random>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/auth/call_gate.h"
#include "common/log/log.h"
#include "google/protobuf/stubs/logging.h"

namespace fazhi::grpc_util {
namespace {

using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::ServerRpcInfo;

absl::string_view TypeName(ServerRpcInfo::Type type) {
  switch (type) {
    case ServerRpcInfo::Type::UNARY:
      return "unary";
    case ServerRpcInfo::Type::CLIENT_STREAMING:
      return "client_stream";
    case ServerRpcInfo::Type::SERVER_STREAMING:
      return "server_stream";
    case ServerRpcInfo::Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return "unary";
}

// A caller's request id is echoed only if it is short printable ASCII, so it cannot forge log
// lines or carry personal data of any size.
bool AcceptableRequestId(absl::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') return false;
  }
  return true;
}

// Set by the protobuf log handler when a request on this thread failed to parse because a string
// field held invalid UTF-8; the sync server parses and answers on the same thread.
thread_local std::string t_invalid_utf8_field;
thread_local std::string t_current_rpc;
thread_local std::optional<auth::Principal> t_principal;

// "fazhi.department.v1.Department.name" -> "department.name"; a request message's own fields
// are named without the message ("fazhi.x.v1.CreateDepartmentRequest.request_id" -> "request_id").
std::string FieldPath(absl::string_view full_name) {
  size_t dot = full_name.rfind('.');
  if (dot == absl::string_view::npos) return std::string(full_name);
  absl::string_view field = full_name.substr(dot + 1);
  absl::string_view message = full_name.substr(0, dot);
  message = message.substr(message.rfind('.') + 1);
  if (absl::EndsWith(message, "Request")) return std::string(field);
  std::string snake;
  for (char c : message) {
    if (absl::ascii_isupper(c) && !snake.empty()) snake += '_';
    snake += absl::ascii_tolower(c);
  }
  return absl::StrCat(snake, ".", field);
}

void ProtobufLogHandler(google::protobuf::LogLevel level, const char* filename, int line,
                        const std::string& message) {
  const std::string kPrefix = "String field '";
  if (absl::StrContains(message, "invalid UTF-8 data when parsing")) {
    size_t start = message.find(kPrefix);
    if (start != std::string::npos) {
      start += kPrefix.size();
      t_invalid_utf8_field = message.substr(start, message.find('\'', start) - start);
      return;
    }
  }
  log::Write(level >= google::protobuf::LOGLEVEL_ERROR ? log::Level::kError : log::Level::kWarning,
             "protobuf", {{"detail", message}, {"source", absl::StrCat(filename, ":", line)}});
}

class ServerInterceptor : public grpc::experimental::Interceptor {
 public:
  ServerInterceptor(ServerRpcInfo* info, metrics::GrpcServerMetrics* metrics,
                    const AuthGuard* guard)
      : info_(info), metrics_(metrics), guard_(guard), start_(absl::Now()) {
    absl::string_view full = info->method();  // "/package.Service/Method"
    if (!full.empty() && full[0] == '/') full.remove_prefix(1);
    size_t slash = full.find('/');
    service_ = std::string(full.substr(0, slash));
    method_ = slash == absl::string_view::npos ? "" : std::string(full.substr(slash + 1));
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      const auto* received = methods->GetRecvInitialMetadata();
      if (auto it = received->find(kRequestIdHeader); it != received->end()) {
        absl::string_view id(it->second.data(), it->second.size());
        if (AcceptableRequestId(id)) request_id_ = std::string(id);
      }
      if (request_id_.empty()) request_id_ = NewRequestId();
      log::SetCurrentRequestId(request_id_);
      t_current_rpc = info_->method();
      if (auto it = received->find(kAuthorizationHeader); it != received->end()) {
        identity_.authorization = std::string(it->second.data(), it->second.size());
      }
      std::shared_ptr<const grpc::AuthContext> peer = info_->server_context()->auth_context();
      if (peer && peer->IsPeerAuthenticated()) {
        for (const grpc::string_ref& name : peer->GetPeerIdentity()) {
          identity_.peer_identities.emplace_back(name.data(), name.size());
        }
        for (const grpc::string_ref& name : peer->FindPropertyValues("x509_common_name")) {
          identity_.peer_identities.emplace_back(name.data(), name.size());
        }
      }
      if (metrics_) metrics_->Started(TypeName(info_->type()), service_, method_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      CheckAccess(methods->GetRecvMessage());
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      // A request that never reached a message (it did not parse) is still judged.
      if (!checked_) CheckAccess(nullptr);
      if (!denial_.ok()) {
        status = grpc::Status(static_cast<grpc::StatusCode>(denial_.code()),
                              std::string(denial_.message()));
        methods->ModifySendStatus(status);
      } else if (status.error_code() == grpc::StatusCode::INTERNAL &&
                 !t_invalid_utf8_field.empty()) {
        // The request never reached the handler: protobuf refused it. Say which field, as a
        // handler would, instead of an empty INTERNAL.
        status =
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                         absl::StrCat(FieldPath(t_invalid_utf8_field), " is not valid UTF-8 text"));
        methods->ModifySendStatus(status);
      }
      t_invalid_utf8_field.clear();
      double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
      if (metrics_) {
        metrics_->Handled(TypeName(info_->type()), service_, method_, status.error_code(), seconds);
      }
      // Health probes every few seconds would drown the access log.
      if (service_ != "grpc.health.v1.Health" || !status.ok()) {
        log::Write(status.ok() ? log::Level::kInfo : log::Level::kWarning, "rpc",
                   {{"grpc_service", service_},
                    {"grpc_method", method_},
                    {"grpc_code", metrics::GrpcCodeName(status.error_code())},
                    {"duration_ms", absl::StrFormat("%.3f", seconds * 1000)},
                    {"error", status.error_message()}});
      }
      log::SetCurrentRequestId("");
      t_current_rpc.clear();
      t_principal.reset();
      auth::SetCurrentCallDenial(absl::OkStatus());
    }
    methods->Proceed();
  }

 private:
  // Authenticates and authorises once per call. Only own-department rules read the request,
  // and only fazhi's own protobuf services have them, so the message is a protobuf Message then
  // (gRPC's built-in health service, for one, sends raw bytes).
  void CheckAccess(void* message) {
    if (checked_ || guard_ == nullptr) return;
    checked_ = true;
    const auth::RpcPolicy* policy = auth::FindPolicy(info_->method());
    const google::protobuf::Message* request =
        policy != nullptr && policy->access == auth::Access::kOwnDepartment
            ? static_cast<const google::protobuf::Message*>(message)
            : nullptr;
    std::optional<auth::Principal> principal;
    denial_ = guard_->Check(info_->method(), identity_, request, request_id_, &principal);
    t_principal = principal;
    auth::SetCurrentCallDenial(denial_);
  }

  ServerRpcInfo* info_;
  metrics::GrpcServerMetrics* metrics_;
  const AuthGuard* guard_;
  CallIdentity identity_;
  bool checked_ = false;
  absl::Status denial_;
  absl::Time start_;
  std::string service_;
  std::string method_;
  std::string request_id_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  Factory(metrics::GrpcServerMetrics* metrics, const AuthGuard* guard)
      : metrics_(metrics), guard_(guard) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new ServerInterceptor(info, metrics_, guard_);
  }

 private:
  metrics::GrpcServerMetrics* metrics_;
  const AuthGuard* guard_;
};

}  // namespace

const std::string& CurrentRpc() { return t_current_rpc; }

const std::optional<auth::Principal>& CurrentPrincipal() { return t_principal; }

std::optional<std::string> InvalidUtf8Field() {
  if (t_invalid_utf8_field.empty()) return std::nullopt;
  return FieldPath(t_invalid_utf8_field);
}

audit::AuditContext CurrentAuditContext(const grpc::ServerContext&) {
  audit::AuditContext audit_context;
  audit_context.actor = t_principal ? t_principal->subject : "anonymous";
  audit_context.rpc = t_current_rpc;
  audit_context.request_id = log::CurrentRequestId();
  return audit_context;
}

void InstallProtobufLogHandler() { google::protobuf::SetLogHandler(&ProtobufLogHandler); }

std::string NewRequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return absl::StrFormat("%016x%016x", rng(), rng());
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics, const AuthGuard* guard) {
  return std::make_unique<Factory>(metrics, guard);
}

}  // namespace fazhi::grpc_util

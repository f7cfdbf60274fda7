#include "common/grpc/interceptor.h"

#include <grpc/grpc_security_constants.h>
#include <openssl/rand.h>

#include <cmath>
#include <cstdlib>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/grpc/call.h"
#include "common/log/log.h"
#include "google/protobuf/stubs/logging.h"

namespace fazhi::grpc_util {
namespace {

// The most bytes of error message an answer carries. A message that quotes the offending value
// would otherwise carry a value of any size back in the grpc-message trailer, and a trailer past
// the client's metadata limit (8 KiB by default, counted after percent-encoding, which triples
// non-ASCII bytes) breaks the client's connection, failing its other calls with UNAVAILABLE.
constexpr size_t kMaxStatusMessageBytes = 1024;

// message if it fits kMaxStatusMessageBytes; otherwise its start, cut on a character boundary,
// and the audit log's marker with the message's length in characters ("…[truncated from 5000]"),
// kMaxStatusMessageBytes in all.
std::string BoundedStatusMessage(const std::string& message) {
  if (message.size() <= kMaxStatusMessageBytes) return message;
  size_t chars = 0;
  for (unsigned char c : message) chars += (c & 0xC0) != 0x80;
  std::string marker = absl::StrCat(audit::kTruncationMarker, chars, "]");
  size_t end = kMaxStatusMessageBytes - marker.size();
  while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(message.substr(0, end), marker);
}

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

// "12.345": milliseconds to the microsecond, for the access log (printf's float formatting cost
// more than the rest of the line).
std::string Milliseconds(double seconds) {
  int64_t micros = std::llround(seconds * 1e6);
  return absl::StrCat(micros / 1000, ".", absl::Dec(micros % 1000, absl::kZeroPad3));
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
// field held invalid UTF-8; gRPC parses a message and reports its failure on one thread.
thread_local std::string t_invalid_utf8_field;

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

// What the interceptor needs to know of a method, worked out once per method rather than on
// every call.
struct MethodInfo {
  std::string service;  // "package.Service"
  std::string method;   // "Method"
  metrics::GrpcMethodMetrics* metrics = nullptr;
  const auth::RpcPolicy* policy = nullptr;
  bool streams_in = false;
};

MethodInfo DescribeMethod(const ServerRpcInfo& info, metrics::GrpcServerMetrics* metrics) {
  MethodInfo described;
  absl::string_view full = info.method();  // "/package.Service/Method"
  if (!full.empty() && full[0] == '/') full.remove_prefix(1);
  size_t slash = full.find('/');
  described.service = std::string(full.substr(0, slash));
  described.method = slash == absl::string_view::npos ? "" : std::string(full.substr(slash + 1));
  if (metrics != nullptr) {
    described.metrics =
        &metrics->ForMethod(TypeName(info.type()), described.service, described.method);
  }
  described.policy = auth::FindPolicy(info.method());
  described.streams_in = info.type() == ServerRpcInfo::Type::CLIENT_STREAMING ||
                         info.type() == ServerRpcInfo::Type::BIDI_STREAMING;
  return described;
}

class ServerInterceptor : public grpc::experimental::Interceptor {
 public:
  // method is the factory's description, or null when the interceptor keeps its own (own).
  ServerInterceptor(ServerRpcInfo* info, const MethodInfo* method,
                    std::unique_ptr<const MethodInfo> own, const AuthGuard* guard)
      : info_(info),
        own_method_(std::move(own)),
        method_(method != nullptr ? method : own_method_.get()),
        guard_(guard),
        start_(absl::Now()) {}
  ~ServerInterceptor() override {
    if (registered_) UnregisterCall(info_->server_context());
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      Start(*methods->GetRecvInitialMetadata());
      // A stream is judged at its headers: it holds nothing until it is let in. So is every call
      // whose rule does not read the request.
      const auth::RpcPolicy* policy = method_->policy;
      if (method_->streams_in || policy == nullptr ||
          policy->access != auth::Access::kOwnDepartment) {
        Judge(nullptr);
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // The message was parsed on this thread just now: a refusal protobuf logged belongs to it.
      if (!t_invalid_utf8_field.empty()) {
        call_->unreadable_field = FieldPath(t_invalid_utf8_field);
        t_invalid_utf8_field.clear();
      }
      const auto* request =
          static_cast<const google::protobuf::Message*>(methods->GetRecvMessage());
      if (request == nullptr && !call_->unreadable_field.empty()) {
        JudgeUnreadable();
      } else {
        Judge(request);
      }
      if (method_->metrics) method_->metrics->MessageReceived();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      if (method_->metrics) method_->metrics->MessageSent();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, call_->request_id);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      Finish(methods);
    }
    methods->Proceed();
  }

 private:
  void Start(const std::multimap<grpc::string_ref, grpc::string_ref>& received) {
    call_ = std::make_shared<CallState>();
    call_->rpc = info_->method();
    if (auto it = received.find(kRequestIdHeader); it != received.end()) {
      absl::string_view id(it->second.data(), it->second.size());
      if (AcceptableRequestId(id)) call_->request_id = std::string(id);
    }
    if (call_->request_id.empty()) call_->request_id = NewRequestId();
    grpc::ServerContextBase* context = info_->server_context();
    call_->context = context;
    call_->guard = guard_;
    std::chrono::system_clock::time_point deadline = context->deadline();
    if (deadline != std::chrono::system_clock::time_point::max()) {
      call_->limits.deadline = absl::FromChrono(deadline);
    }
    call_->limits.cancelled = [context] { return context->IsCancelled(); };
    if (auto it = received.find(kAuthorizationHeader); it != received.end()) {
      identity_.authorization = std::string(it->second.data(), it->second.size());
    }
    std::shared_ptr<const grpc::AuthContext> peer = context->auth_context();
    if (peer && peer->IsPeerAuthenticated()) {
      auto names = [&](const char* property) {
        std::vector<std::string> values;
        for (const grpc::string_ref& name : peer->FindPropertyValues(property)) {
          values.emplace_back(name.data(), name.size());
        }
        return values;
      };
      identity_.peer_identities = CertificateIdentities(names(GRPC_X509_SAN_PROPERTY_NAME),
                                                        names(GRPC_X509_CN_PROPERTY_NAME));
    }
    RegisterCall(context, call_);
    registered_ = true;
    if (method_->metrics) method_->metrics->Started();
  }

  // Authenticates and authorises once per call, before the handler runs. Only own-department
  // rules read the request, and only fazhi's own protobuf services have them, so the message is
  // a protobuf Message then (gRPC's built-in health service, for one, sends raw bytes). A rule
  // that must look a record up in the database is judged on the executor instead (CallRunner).
  void Judge(const google::protobuf::Message* request) {
    if (judged_) return;
    judged_ = true;
    if (guard_ == nullptr) return;
    const auth::RpcPolicy* policy = method_->policy;
    if (policy == nullptr || policy->access != auth::Access::kOwnDepartment) request = nullptr;
    if (policy != nullptr && policy->access == auth::Access::kOwnDepartment && request != nullptr &&
        policy->target.department_field.empty()) {
      const AuthGuard* guard = guard_;
      CallIdentity identity = identity_;
      call_->deferred_check = [guard, identity, request](CallState& call) {
        return guard->Check(call.rpc, identity, request, call.request_id, &call.principal);
      };
      return;
    }
    call_->denial =
        guard_->Check(info_->method(), identity_, request, call_->request_id, &call_->principal);
  }

  // A request gRPC could not parse never reaches a handler; Finish answers it INVALID_ARGUMENT
  // naming the field. An own-department rule cannot read its unit from it, and judging it with
  // none would refuse the unit's own clerk as if the call were for nobody, hiding what to fix;
  // so only the caller is judged then (no token, or one that does not verify, is still refused).
  void JudgeUnreadable() {
    const auth::RpcPolicy* policy = method_->policy;
    if (judged_ || guard_ == nullptr || policy == nullptr ||
        policy->access != auth::Access::kOwnDepartment) {
      Judge(nullptr);
      return;
    }
    judged_ = true;
    absl::StatusOr<std::optional<auth::Principal>> who =
        guard_->Authenticate(identity_, absl::Now());
    absl::Status verdict = who.status();
    if (who.ok()) {
      call_->principal = *who;
      verdict =
          auth::Authorize(info_->method(), auth::RpcPolicy{auth::Access::kRead, {}}, *who, "");
    }
    if (!verdict.ok()) {
      guard_->AuditDenial(info_->method(), call_->principal, "", verdict, call_->request_id);
      call_->denial = verdict;
    }
  }

  void Finish(grpc::experimental::InterceptorBatchMethods* methods) {
    grpc::Status status = methods->GetSendStatus();
    // A request that never reached a message (it did not parse) is still judged.
    if (!judged_) Judge(nullptr);
    if (!call_->denial.ok()) {
      status = grpc::Status(static_cast<grpc::StatusCode>(call_->denial.code()),
                            std::string(call_->denial.message()));
      methods->ModifySendStatus(status);
    } else if (RefusedUnparsed(status)) {
      // The request never reached the handler: protobuf refused it, and gRPC's callback server
      // answers that with an empty UNIMPLEMENTED. Say which field, as a handler would.
      status =
          grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                       call_->unreadable_field.empty()
                           ? std::string("the request message does not parse")
                           : absl::StrCat(call_->unreadable_field, " is not valid UTF-8 text"));
      methods->ModifySendStatus(status);
    }
    if (status.error_message().size() > kMaxStatusMessageBytes) {
      status = grpc::Status(status.error_code(), BoundedStatusMessage(status.error_message()),
                            status.error_details());
      methods->ModifySendStatus(status);
    }
    t_invalid_utf8_field.clear();
    double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
    if (method_->metrics) method_->metrics->Handled(status.error_code(), seconds);
    // Health probes every few seconds would drown the access log.
    if (method_->service != "grpc.health.v1.Health" || !status.ok()) {
      log::ScopedRequestId id(call_->request_id);
      log::Write(status.ok() ? log::Level::kInfo : log::Level::kWarning, "rpc",
                 {{"grpc_service", method_->service},
                  {"grpc_method", method_->method},
                  {"grpc_code", metrics::GrpcCodeName(status.error_code())},
                  {"duration_ms", Milliseconds(seconds)},
                  {"error", status.error_message()}});
    }
  }

  // True for the answer gRPC gives, without our handler, to a request that did not parse.
  bool RefusedUnparsed(const grpc::Status& status) const {
    if (!call_->unreadable_field.empty()) {
      return status.error_code() == grpc::StatusCode::INTERNAL ||
             status.error_code() == grpc::StatusCode::UNIMPLEMENTED;
    }
    // Every method in the policy table is implemented, so an empty UNIMPLEMENTED for one of
    // them is gRPC's parse failure.
    return status.error_code() == grpc::StatusCode::UNIMPLEMENTED &&
           status.error_message().empty() && method_->policy != nullptr;
  }

  ServerRpcInfo* info_;
  std::unique_ptr<const MethodInfo> own_method_;
  const MethodInfo* method_;
  const AuthGuard* guard_;
  CallIdentity identity_;
  std::shared_ptr<CallState> call_;
  bool registered_ = false;
  bool judged_ = false;
  absl::Time start_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  Factory(metrics::GrpcServerMetrics* metrics, const AuthGuard* guard)
      : metrics_(metrics), guard_(guard) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    absl::string_view name = info->method();
    {
      absl::ReaderMutexLock lock(&mu_);
      if (auto it = methods_.find(name); it != methods_.end()) {
        return new ServerInterceptor(info, it->second.get(), nullptr, guard_);
      }
    }
    auto described = std::make_unique<const MethodInfo>(DescribeMethod(*info, metrics_));
    absl::MutexLock lock(&mu_);
    // A client can name any method: only so many names are kept, so that names the server does
    // not serve cannot grow the table; past that a call describes its method for itself.
    if (methods_.size() >= kMaxMethods) {
      return new ServerInterceptor(info, nullptr, std::move(described), guard_);
    }
    auto [it, added] = methods_.emplace(std::string(name), std::move(described));
    return new ServerInterceptor(info, it->second.get(), nullptr, guard_);
  }

 private:
  static constexpr size_t kMaxMethods = 1024;

  metrics::GrpcServerMetrics* metrics_;
  const AuthGuard* guard_;
  absl::Mutex mu_;
  // Described once per method and kept for the life of the server.
  absl::flat_hash_map<std::string, std::unique_ptr<const MethodInfo>> methods_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

const std::string& CurrentRpc() {
  static const std::string* none = new std::string();
  const CallState* call = CurrentCall();
  return call != nullptr ? call->rpc : *none;
}

const std::optional<auth::Principal>& CurrentPrincipal() {
  static const std::optional<auth::Principal>* none = new std::optional<auth::Principal>();
  const CallState* call = CurrentCall();
  return call != nullptr ? call->principal : *none;
}

audit::AuditContext CurrentAuditContext() {
  audit::AuditContext audit_context;
  const CallState* call = CurrentCall();
  audit_context.actor = call != nullptr && call->principal ? call->principal->subject : "anonymous";
  audit_context.rpc = CurrentRpc();
  audit_context.request_id = log::CurrentRequestId();
  return audit_context;
}

app::Caller CurrentCaller() {
  app::Caller caller{CurrentAuditContext(), CurrentPrincipal(), absl::Now()};
  // The call itself, not the thread's: it stays valid until the call ends, after its work.
  caller.audit_refusal = [call = CurrentCall()](absl::Status verdict, absl::string_view unit) {
    return AuditRefusalAfterTransaction(call, std::move(verdict), unit);
  };
  return caller;
}

audit::AuditContext CurrentAuditContext(const grpc::ServerContextBase&) {
  return CurrentAuditContext();
}

void InstallProtobufLogHandler() { google::protobuf::SetLogHandler(&ProtobufLogHandler); }

absl::Status UnparsedRequestError() {
  std::string field = t_invalid_utf8_field.empty() ? "" : FieldPath(t_invalid_utf8_field);
  t_invalid_utf8_field.clear();
  return absl::InvalidArgumentError(field.empty()
                                        ? std::string("the request message does not parse")
                                        : absl::StrCat(field, " is not valid UTF-8 text"));
}

absl::Status ParseRawRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message* request) {
  std::vector<grpc::Slice> slices;
  if (!bytes.Dump(&slices).ok()) return UnparsedRequestError();
  std::string flat;
  flat.reserve(bytes.Length());
  for (const grpc::Slice& slice : slices) {
    flat.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  t_invalid_utf8_field.clear();
  if (!request->ParseFromString(flat)) return UnparsedRequestError();
  return absl::OkStatus();
}

grpc::ByteBuffer SerializeToByteBuffer(const google::protobuf::Message& message) {
  std::string bytes = message.SerializeAsString();
  grpc::Slice slice(std::move(bytes));
  return grpc::ByteBuffer(&slice, 1);
}

std::string NewRequestId() {
  // Unpredictable (OpenSSL's CSPRNG), like every id a server makes; drawn 32 ids at a time per
  // thread, since one RAND_bytes call costs as much as the rest of a small call's bookkeeping.
  constexpr size_t kIdBytes = 16;
  thread_local unsigned char pool[32 * kIdBytes];
  thread_local size_t used = sizeof(pool);
  if (used == sizeof(pool)) {
    if (RAND_bytes(pool, sizeof(pool)) != 1) std::abort();
    used = 0;
  }
  std::string id = absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(pool + used), kIdBytes));
  used += kIdBytes;
  return id;
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics, const AuthGuard* guard) {
  return std::make_unique<Factory>(metrics, guard);
}

}  // namespace fazhi::grpc_util

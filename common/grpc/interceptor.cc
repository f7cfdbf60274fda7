#include "common/grpc/interceptor.h"

#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/log/log.h"

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

class ServerInterceptor : public grpc::experimental::Interceptor {
 public:
  ServerInterceptor(ServerRpcInfo* info, metrics::GrpcServerMetrics* metrics)
      : info_(info), metrics_(metrics), start_(absl::Now()) {
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
      if (metrics_) metrics_->Started(TypeName(info_->type()), service_, method_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace(kRequestIdHeader, request_id_);
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
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
    }
    methods->Proceed();
  }

 private:
  ServerRpcInfo* info_;
  metrics::GrpcServerMetrics* metrics_;
  absl::Time start_;
  std::string service_;
  std::string method_;
  std::string request_id_;
};

class Factory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit Factory(metrics::GrpcServerMetrics* metrics) : metrics_(metrics) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(ServerRpcInfo* info) override {
    return new ServerInterceptor(info, metrics_);
  }

 private:
  metrics::GrpcServerMetrics* metrics_;
};

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return absl::StrFormat("%016x%016x", rng(), rng());
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeServerInterceptorFactory(
    metrics::GrpcServerMetrics* metrics) {
  return std::make_unique<Factory>(metrics);
}

}  // namespace fazhi::grpc_util

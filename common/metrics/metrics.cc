#include "common/metrics/metrics.h"

#include <exception>

#include "absl/strings/str_cat.h"

namespace fazhi::metrics {

absl::string_view GrpcCodeName(int code) {
  static constexpr absl::string_view kNames[] = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  if (code < 0 || code >= static_cast<int>(std::size(kNames))) return "Unknown";
  return kNames[code];
}

GrpcServerMetrics::GrpcServerMetrics(prometheus::Registry& registry)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("Total number of RPCs started on the server.")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Total number of RPCs completed on the server, regardless of success or "
                         "failure.")
                   .Register(registry)),
      msg_received_(prometheus::BuildCounter()
                        .Name("grpc_server_msg_received_total")
                        .Help("Total number of RPC stream messages received on the server.")
                        .Register(registry)),
      msg_sent_(prometheus::BuildCounter()
                    .Name("grpc_server_msg_sent_total")
                    .Help("Total number of gRPC stream messages sent by the server.")
                    .Register(registry)),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("grpc_server_handling_seconds")
                            .Help("Histogram of response latency (seconds) of gRPC that had been "
                                  "application-level handled by the server.")
                            .Register(registry)) {}

GrpcMethodMetrics& GrpcServerMetrics::ForMethod(absl::string_view type, absl::string_view service,
                                                absl::string_view method) {
  std::string key = absl::StrCat(type, "/", service, "/", method);
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = methods_.find(key); it != methods_.end()) return *it->second;
  }
  absl::MutexLock lock(&mu_);
  std::unique_ptr<GrpcMethodMetrics>& entry = methods_[key];
  if (entry == nullptr) {
    entry = std::make_unique<GrpcMethodMetrics>();
    entry->owner_ = this;
    entry->labels_ = {{"grpc_type", std::string(type)},
                      {"grpc_service", std::string(service)},
                      {"grpc_method", std::string(method)}};
    entry->started_ = &started_.Add(entry->labels_);
    entry->received_ = &msg_received_.Add(entry->labels_);
    entry->sent_ = &msg_sent_.Add(entry->labels_);
    entry->seconds_ = &handling_seconds_.Add(
        entry->labels_, prometheus::Histogram::BucketBoundaries{0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                                0.5, 1, 2.5, 5, 10});
  }
  return *entry;
}

void GrpcMethodMetrics::Handled(int code, double seconds) {
  if (code < 0 || code >= kCodes) code = 2;  // Unknown, as GrpcCodeName names it
  prometheus::Counter* counter = handled_[code].load(std::memory_order_acquire);
  if (counter == nullptr) {
    absl::MutexLock lock(&owner_->handled_mu_);
    counter = handled_[code].load(std::memory_order_relaxed);
    if (counter == nullptr) {
      std::map<std::string, std::string> labels = labels_;
      labels["grpc_code"] = std::string(GrpcCodeName(code));
      counter = &owner_->handled_.Add(labels);
      handled_[code].store(counter, std::memory_order_release);
    }
  }
  counter->Increment();
  seconds_->Observe(seconds);
}

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& bind_address,
                                                                    int port) {
  std::unique_ptr<MetricsServer> server(new MetricsServer);
  server->registry_ = std::make_shared<prometheus::Registry>();
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(absl::StrCat(bind_address, ":", port));
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", bind_address, ":", port, ": ", e.what()));
  }
  server->exposer_->RegisterCollectable(server->registry_);
  std::vector<int> ports = server->exposer_->GetListeningPorts();
  server->port_ = ports.empty() ? port : ports.front();
  server->grpc_ = std::make_unique<GrpcServerMetrics>(*server->registry_);
  return server;
}

}  // namespace fazhi::metrics

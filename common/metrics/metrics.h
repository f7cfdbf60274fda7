#ifndef FAZHI_COMMON_METRICS_METRICS_H_
#define FAZHI_COMMON_METRICS_METRICS_H_

// Prometheus metrics on their own HTTP port. gRPC metrics use the names and labels of the
// go-grpc-prometheus middleware, so existing gRPC dashboards and alerts work unchanged.

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace fazhi::metrics {

// grpc_type label values: unary, client_stream, server_stream, bidi_stream.
// grpc_code label values: OK, InvalidArgument, NotFound, ... as go-grpc-prometheus writes them.
absl::string_view GrpcCodeName(int code);

class GrpcServerMetrics;

// The series of one RPC (one grpc_type, grpc_service, grpc_method), found once per method rather
// than once per call: prometheus-cpp finds a series by hashing a map of its labels under the
// family's lock, which at tens of thousands of calls a second costs more than the counting.
class GrpcMethodMetrics {
 public:
  void Started() { started_->Increment(); }
  // One message of a call received or sent (a unary call counts one each way).
  void MessageReceived() { received_->Increment(); }
  void MessageSent() { sent_->Increment(); }
  void Handled(int code, double seconds);

 private:
  friend class GrpcServerMetrics;
  static constexpr int kCodes = 17;

  GrpcServerMetrics* owner_ = nullptr;
  std::map<std::string, std::string> labels_;
  prometheus::Counter* started_ = nullptr;
  prometheus::Counter* received_ = nullptr;
  prometheus::Counter* sent_ = nullptr;
  prometheus::Histogram* seconds_ = nullptr;
  // grpc_server_handled_total by code, made the first time a code is answered (a series for
  // every code of every method would be mostly zeros).
  std::array<std::atomic<prometheus::Counter*>, kCodes> handled_{};
};

class GrpcServerMetrics {
 public:
  explicit GrpcServerMetrics(prometheus::Registry& registry);
  // The series of one RPC; the reference stays valid as long as this object.
  GrpcMethodMetrics& ForMethod(absl::string_view type, absl::string_view service,
                               absl::string_view method);

 private:
  friend class GrpcMethodMetrics;
  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& msg_received_;
  prometheus::Family<prometheus::Counter>& msg_sent_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
  absl::Mutex mu_;
  // Keyed "type/service/method".
  absl::flat_hash_map<std::string, std::unique_ptr<GrpcMethodMetrics>> methods_
      ABSL_GUARDED_BY(mu_);
  // Adds a method's grpc_server_handled_total series for a code it answers for the first time.
  absl::Mutex handled_mu_;
};

// Owns the registry every metric of a process is registered in and the HTTP exposer serving
// it at /metrics.
class MetricsServer {
 public:
  // Binds bind_address:port; port 0 picks a free port (tests).
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& bind_address,
                                                              int port);
  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }
  GrpcServerMetrics& grpc() { return *grpc_; }
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::unique_ptr<GrpcServerMetrics> grpc_;
  int port_ = 0;
};

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_METRICS_H_

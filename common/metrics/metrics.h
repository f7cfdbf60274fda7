#ifndef FAZHI_COMMON_METRICS_METRICS_H_
#define FAZHI_COMMON_METRICS_METRICS_H_

// Prometheus metrics on their own HTTP port. gRPC metrics use the names and labels of the
// go-grpc-prometheus middleware, so existing gRPC dashboards and alerts work unchanged.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace fazhi::metrics {

// grpc_type label values: unary, client_stream, server_stream, bidi_stream.
// grpc_code label values: OK, InvalidArgument, NotFound, ... as go-grpc-prometheus writes them.
absl::string_view GrpcCodeName(int code);

class GrpcServerMetrics {
 public:
  explicit GrpcServerMetrics(prometheus::Registry& registry);
  void Started(absl::string_view type, absl::string_view service, absl::string_view method);
  void Handled(absl::string_view type, absl::string_view service, absl::string_view method,
               int code, double seconds);
  // One message of a call received or sent (a unary call counts one each way).
  void MessageReceived(absl::string_view type, absl::string_view service, absl::string_view method);
  void MessageSent(absl::string_view type, absl::string_view service, absl::string_view method);

 private:
  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& msg_received_;
  prometheus::Family<prometheus::Counter>& msg_sent_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;
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

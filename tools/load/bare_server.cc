// fazhi-bare-server: the ceiling for any unary call on this machine. A gRPC server built as every
// fazhi service is (callback API, the same builder limits through ConfigureServerBuilder, the
// same --executor_threads) that answers every method with fixed bytes after hopping to an
// executor worker, as CallRunner does, and does nothing else: no token check, no interceptor, no
// database. fazhi-load against it and against a service, interleaved, gives the ratio that
// docs/benchmarks.md holds the services to.
//
//   build/tools/load/fazhi-bare-server --listen=127.0.0.1:50060 [--response_file=bytes.bin]

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <fstream>
#include <sstream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "common/grpc/executor.h"
#include "common/grpc/server.h"
#include "common/grpc/tls.h"
#include "common/log/log.h"
#include "common/metrics/metrics.h"

ABSL_FLAG(std::string, response_file, "",
          "Answer every call with these bytes (a serialized response captured from a service, "
          "so sizes match); empty: an empty message");

// The server flags every fazhi service takes (common/grpc/server.cc).
ABSL_DECLARE_FLAG(std::string, listen);
ABSL_DECLARE_FLAG(int, metrics_port);
ABSL_DECLARE_FLAG(std::string, metrics_address);
ABSL_DECLARE_FLAG(std::string, tls_cert_file);
ABSL_DECLARE_FLAG(std::string, tls_key_file);
ABSL_DECLARE_FLAG(std::string, tls_client_ca_file);
ABSL_DECLARE_FLAG(int, drain_seconds);

namespace {

using fazhi::grpc_util::Executor;

// One call: read the request, then answer from an executor worker.
class Reactor : public grpc::ServerGenericBidiReactor {
 public:
  Reactor(Executor* executor, const grpc::ByteBuffer* response)
      : executor_(executor), response_(*response) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no request message"));
      return;
    }
    if (!executor_->TrySubmit(
            [this] { StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK); })) {
      Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "executor full"));
    }
  }

  void OnDone() override { delete this; }

 private:
  Executor* executor_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
};

class BareService : public grpc::CallbackGenericService {
 public:
  BareService(Executor* executor, std::string response) : executor_(executor) {
    grpc::Slice slice(response);
    response_ = grpc::ByteBuffer(&slice, 1);
  }
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext*) override {
    return new Reactor(executor_, &response_);
  }

 private:
  Executor* executor_;
  grpc::ByteBuffer response_;
};

}  // namespace

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv,
                      "fazhi-bare-server: answers every unary gRPC method with fixed bytes, with "
                      "the fazhi servers' limits and executor; the baseline of the benchmarks.");
  fazhi::log::Init("bare", fazhi::log::Level::kInfo);
  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = "127.0.0.1:50060";
  int metrics_port = std::max(0, absl::GetFlag(FLAGS_metrics_port));
  fazhi::grpc_util::TlsFiles tls{absl::GetFlag(FLAGS_tls_cert_file),
                                 absl::GetFlag(FLAGS_tls_key_file),
                                 absl::GetFlag(FLAGS_tls_client_ca_file)};
  fazhi::config::ExitIfInvalid({fazhi::config::CheckHostPort("listen", listen),
                                fazhi::grpc_util::CheckTlsFiles(tls, "tls_")});
  std::string response;
  if (std::string path = absl::GetFlag(FLAGS_response_file); !path.empty()) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      fazhi::log::Error("cannot read --response_file", {{"path", path}});
      return 2;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    response = ss.str();
  }

  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // A metrics endpoint as the services have (nothing is exported on it), so the bare server
  // starts and reports its addresses exactly as they do.
  auto metrics =
      fazhi::metrics::MetricsServer::Start(absl::GetFlag(FLAGS_metrics_address), metrics_port);
  if (!metrics.ok()) {
    fazhi::log::Error("cannot start metrics endpoint", {{"error", metrics.status().message()}});
    return 1;
  }
  fazhi::grpc_util::ServerLimits limits = fazhi::grpc_util::ServerLimitsFromFlags();
  fazhi::grpc_util::ExecutorOptions executor_options;
  executor_options.threads = limits.executor_threads;
  executor_options.queue_capacity = limits.executor_queue;
  executor_options.service = "bare";
  Executor executor(executor_options);
  BareService service(&executor, response);

  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(listen, fazhi::grpc_util::MakeServerCredentials(tls), &bound_port);
  fazhi::grpc_util::ConfigureServerBuilder(builder, limits);
  builder.RegisterCallbackGenericService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    fazhi::log::Error("cannot listen", {{"address", listen}});
    return 1;
  }
  std::string host = listen.substr(0, listen.rfind(':'));
  fazhi::log::Info(
      "serving",
      {{"grpc_address", absl::StrCat(host, ":", bound_port)},
       {"transport", fazhi::grpc_util::TransportName(fazhi::grpc_util::ServerTransport(tls))},
       {"metrics_url", absl::StrCat("http://", absl::GetFlag(FLAGS_metrics_address), ":",
                                    (*metrics)->port(), "/metrics")},
       {"response_bytes", absl::StrCat(response.size())},
       {"executor_threads", absl::StrCat(limits.executor_threads)}});
  int sig = 0;
  sigwait(&signals, &sig);
  server->Shutdown(std::chrono::system_clock::now() +
                   std::chrono::seconds(absl::GetFlag(FLAGS_drain_seconds)));
  server->Wait();
  fazhi::log::Info("stopped");
  return 0;
}

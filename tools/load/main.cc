// fazhi-load: drives one unary RPC with N connections x M calls in flight and reports throughput,
// latency percentiles and every non-OK status (see tools/load/load.h). Exit status: 0 when every
// call was OK, 1 when any failed (unless --allow_errors), 2 for bad flags or an unreachable
// service.
//
//   FAZHI_TOKEN=$(scripts/token --role admin) build/tools/load/fazhi-load
//     --address=127.0.0.1:50051 --method=/fazhi.department.v1.DepartmentService/GetDepartment
//     --request='{"id":"jiyuan-sthjj"}' --connections=4 --concurrency=16 --duration_seconds=10

#include <grpcpp/create_channel.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "common/grpc/tls.h"
#include "tools/load/load.h"

ABSL_FLAG(std::string, address, "", "The service's host:port");
ABSL_FLAG(std::string, method, "", "The unary RPC to call: /package.Service/Method");
ABSL_FLAG(std::string, request, "", "The request message as JSON (or --requests_file)");
ABSL_FLAG(std::string, requests_file, "",
          "A file of JSON requests, one per line, used in turn (or --request)");
ABSL_FLAG(int, connections, 1, "Separate connections (channels) to the service");
ABSL_FLAG(int, concurrency, 1, "Calls in flight on each connection");
ABSL_FLAG(double, duration_seconds, 10, "How long to measure (unless --calls)");
ABSL_FLAG(int64_t, calls, 0, "Measure exactly this many calls instead of --duration_seconds");
ABSL_FLAG(double, warmup_seconds, 0, "Calls begun in this first stretch are not measured");
ABSL_FLAG(double, timeout_seconds, 10, "Each call's deadline");
ABSL_FLAG(bool, json, false, "Print one JSON object instead of the human summary");
ABSL_FLAG(bool, allow_errors, false, "Exit 0 even when calls failed (they are still counted)");
ABSL_FLAG(std::string, save_response, "",
          "Write the bytes of one OK response here (a baseline server can answer with them)");
ABSL_FLAG(std::string, grpc_frame_out, "",
          "Write the first request as a gRPC message frame here (for h2load -d) and exit");

// The command-line clients' TLS and token flags (common/grpc/client_flags.cc).
ABSL_DECLARE_FLAG(std::string, ca_file);
ABSL_DECLARE_FLAG(std::string, cert_file);
ABSL_DECLARE_FLAG(std::string, key_file);
ABSL_DECLARE_FLAG(std::string, token);
ABSL_DECLARE_FLAG(int, wait_seconds);

namespace {

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[noreturn]] void Fail(const std::string& message) {
  std::cerr << "fazhi-load: " << message << "\n";
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv,
                      "fazhi-load: N connections x M calls in flight of one unary RPC; "
                      "throughput, latency percentiles and every failed call by status.");
  using fazhi::grpc_util::TlsFiles;
  std::string address = absl::GetFlag(FLAGS_address);
  std::string token = absl::GetFlag(FLAGS_token);
  TlsFiles tls{absl::GetFlag(FLAGS_cert_file), absl::GetFlag(FLAGS_key_file),
               absl::GetFlag(FLAGS_ca_file)};
  fazhi::config::ExitIfInvalid({
      fazhi::config::CheckHostPort("address", address),
      fazhi::grpc_util::CheckTlsFiles(tls, ""),
      fazhi::grpc_util::CheckTokenTransport(address, tls, !token.empty(), "--token (FAZHI_TOKEN)",
                                            "--ca_file"),
  });

  std::optional<std::string> request_json;
  std::optional<std::string> requests_text;
  if (!absl::GetFlag(FLAGS_request).empty()) request_json = absl::GetFlag(FLAGS_request);
  std::string requests_file = absl::GetFlag(FLAGS_requests_file);
  if (!requests_file.empty()) {
    requests_text = ReadFile(requests_file);
    if (!requests_text) Fail(absl::StrCat("cannot read --requests_file ", requests_file));
  }
  absl::StatusOr<fazhi::load::RequestSet> requests = fazhi::load::BuildRequests(
      absl::GetFlag(FLAGS_method), request_json, requests_text, requests_file);
  if (!requests.ok()) Fail(std::string(requests.status().message()));

  if (std::string out = absl::GetFlag(FLAGS_grpc_frame_out); !out.empty()) {
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << fazhi::load::GrpcFrame(requests->serialized.front());
    if (!file.flush()) Fail(absl::StrCat("cannot write --grpc_frame_out ", out));
    return 0;
  }

  fazhi::load::LoadOptions options;
  options.connections = absl::GetFlag(FLAGS_connections);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.calls = absl::GetFlag(FLAGS_calls);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_seconds));
  options.warmup = absl::Seconds(absl::GetFlag(FLAGS_warmup_seconds));
  options.timeout = absl::Seconds(absl::GetFlag(FLAGS_timeout_seconds));
  options.token = token;
  options.keep_sample_response = !absl::GetFlag(FLAGS_save_response).empty();
  if (options.connections < 1 || options.concurrency < 1) {
    Fail("--connections and --concurrency must be at least 1");
  }
  if (options.calls < 0 || (options.calls == 0 && options.duration <= absl::ZeroDuration()) ||
      options.warmup < absl::ZeroDuration() || options.timeout <= absl::ZeroDuration()) {
    Fail(
        "--calls, --duration_seconds, --warmup_seconds and --timeout_seconds must not be negative, "
        "and there must be calls or a duration to measure");
  }

  // Each channel its own connection: distinct arguments keep gRPC from sharing one subchannel.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < options.connections; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("fazhi.load.connection", i);
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetMaxReceiveMessageSize(-1);
    args.SetMaxSendMessageSize(-1);
    auto channel =
        grpc::CreateCustomChannel(address, fazhi::grpc_util::MakeChannelCredentials(tls), args);
    if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                   std::chrono::seconds(absl::GetFlag(FLAGS_wait_seconds)))) {
      Fail(absl::StrCat("the service at ", address, " did not answer within ",
                        absl::GetFlag(FLAGS_wait_seconds), " s"));
    }
    channels.push_back(std::move(channel));
  }

  fazhi::load::LoadResult result = fazhi::load::RunLoad(options, *requests, channels);
  if (absl::GetFlag(FLAGS_json)) {
    std::cout << fazhi::load::FormatJson(options, *requests, result) << std::endl;
  } else {
    std::cout << fazhi::load::FormatText(options, *requests, result) << std::flush;
  }
  if (std::string out = absl::GetFlag(FLAGS_save_response); !out.empty()) {
    if (result.sample_response.empty() && result.ok == 0) {
      std::cerr << "fazhi-load: no OK response to save in " << out << "\n";
      return 1;
    }
    std::ofstream file(out, std::ios::binary | std::ios::trunc);
    file << result.sample_response;
    if (!file.flush()) Fail(absl::StrCat("cannot write --save_response ", out));
  }
  if (result.failed() > 0 && !absl::GetFlag(FLAGS_allow_errors)) return 1;
  return 0;
}

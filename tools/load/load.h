#ifndef FAZHI_TOOLS_LOAD_LOAD_H_
#define FAZHI_TOOLS_LOAD_LOAD_H_

// fazhi-load: a load generator for any unary fazhi RPC on the gRPC callback client API, so one
// client process keeps many calls in flight without a thread per call. Requests are written as
// JSON, turned into messages through the generated descriptors and serialized once up front;
// every call's latency is recorded and every status counted (a failed call is counted, never
// hidden). See docs/benchmarks.md.

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "google/protobuf/descriptor.h"

namespace fazhi::load {

// Links the descriptors of every fazhi API (and grpc.health.v1) into the generated pool, so a
// method of any of the four services can be named. Idempotent.
void LinkApiDescriptors();

// The method "/package.Service/Method" as the generated pool describes it; INVALID_ARGUMENT
// naming the method when it is malformed or unknown.
absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(absl::string_view method);

// json parsed as the method's request message and serialized; INVALID_ARGUMENT naming the
// message type and the parser's complaint when it is not such a message.
absl::StatusOr<std::string> JsonToRequest(const google::protobuf::MethodDescriptor& method,
                                          absl::string_view json);

// The requests a run cycles through.
struct RequestSet {
  std::string method;
  std::vector<std::string> serialized;
};

// From one JSON request (request_json), or from a file's text with one JSON request per line
// (requests_text; blank lines and lines starting with '#' are skipped; requests_name names the
// file in errors, with the line number). Exactly one of the two must be given.
absl::StatusOr<RequestSet> BuildRequests(absl::string_view method,
                                         const std::optional<std::string>& request_json,
                                         const std::optional<std::string>& requests_text,
                                         absl::string_view requests_name);

// The gRPC message frame of a request (a 0 compression byte, the big-endian length, the bytes),
// as h2load must send it as the body (-d).
std::string GrpcFrame(absl::string_view message);

// The nearest-rank percentile (fraction in (0, 1]) of sorted values; 0 when there are none.
int64_t Percentile(const std::vector<int64_t>& sorted, double fraction);

struct LatencySummary {
  int64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double p999_ms = 0;
  double max_ms = 0;
};

// The summary of latencies in nanoseconds (sorted here).
LatencySummary Summarize(std::vector<int64_t> latencies_ns);

struct LoadOptions {
  // Separate channels, each its own TCP connection.
  int connections = 1;
  // Calls in flight on each connection.
  int concurrency = 1;
  // Calls started before this has passed are not measured (they are counted apart).
  absl::Duration warmup = absl::ZeroDuration();
  // Measure this many calls when > 0; otherwise for duration.
  int64_t calls = 0;
  absl::Duration duration = absl::Seconds(10);
  // Each call's deadline.
  absl::Duration timeout = absl::Seconds(10);
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
  // Keep the bytes of one OK response (LoadResult::sample_response).
  bool keep_sample_response = false;
};

struct LoadResult {
  // Measured calls, and their statuses: OK ones, and the others by code.
  int64_t calls = 0;
  int64_t ok = 0;
  std::map<grpc::StatusCode, int64_t> failures;
  // Calls started during the warm-up and their failures by code.
  int64_t warmup_calls = 0;
  std::map<grpc::StatusCode, int64_t> warmup_failures;
  // The message of one failed call (measured or not), to say why in the summary.
  std::string sample_error;
  // From the end of the warm-up to the last measured call's end.
  double seconds = 0;
  double calls_per_second = 0;
  // Every measured call's, failed ones included.
  LatencySummary latency;
  double mean_response_bytes = 0;
  std::string sample_response;
  // This process's CPU time (user + system, all threads) over the whole run, warm-up included:
  // on a machine the client shares with the server, what the client itself took.
  double cpu_seconds = 0;

  // Every failed call, measured or warm-up: any makes the run a failure.
  int64_t failed() const;
};

// Runs the calls over channels (options.connections of them) with options.concurrency calls in
// flight on each, and returns when the last one has ended.
LoadResult RunLoad(const LoadOptions& options, const RequestSet& requests,
                   const std::vector<std::shared_ptr<grpc::Channel>>& channels);

// "UNAUTHENTICATED" for grpc::StatusCode::UNAUTHENTICATED.
std::string StatusCodeName(grpc::StatusCode code);

// The human summary, and the one JSON object scripts parse.
std::string FormatText(const LoadOptions& options, const RequestSet& requests,
                       const LoadResult& result);
std::string FormatJson(const LoadOptions& options, const RequestSet& requests,
                       const LoadResult& result);

}  // namespace fazhi::load

#endif  // FAZHI_TOOLS_LOAD_LOAD_H_

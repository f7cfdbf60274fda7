#include "tools/load/load.h"

#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/log/log.h"
#include "fazhi/cases/v1/enforcement.pb.h"
#include "fazhi/cases/v1/figures.pb.h"
#include "fazhi/cases/v1/review.pb.h"
#include "fazhi/cases/v1/supervision.pb.h"
#include "fazhi/common/v1/common.pb.h"
#include "fazhi/department/v1/department.pb.h"
#include "fazhi/department/v1/officer.pb.h"
#include "fazhi/department/v1/power.pb.h"
#include "fazhi/reports/v1/reports.pb.h"
#include "fazhi/statistics/v1/statistics.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/util/json_util.h"
#include "grpc/health/v1/health.pb.h"

namespace fazhi::load {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kStatusCodes = 17;

}  // namespace

void LinkApiDescriptors() {
  // Naming each file's descriptor table makes the linker keep its object, whose static
  // initializer adds the file to the generated pool; nothing else in this tool names them.
  static const google::protobuf::internal::DescriptorTable* const tables[] = {
      &descriptor_table_fazhi_2fdepartment_2fv1_2fdepartment_2eproto,
      &descriptor_table_fazhi_2fdepartment_2fv1_2fpower_2eproto,
      &descriptor_table_fazhi_2fdepartment_2fv1_2fofficer_2eproto,
      &descriptor_table_fazhi_2fstatistics_2fv1_2fstatistics_2eproto,
      &descriptor_table_fazhi_2fcases_2fv1_2fenforcement_2eproto,
      &descriptor_table_fazhi_2fcases_2fv1_2fsupervision_2eproto,
      &descriptor_table_fazhi_2fcases_2fv1_2freview_2eproto,
      &descriptor_table_fazhi_2fcases_2fv1_2ffigures_2eproto,
      &descriptor_table_fazhi_2freports_2fv1_2freports_2eproto,
      &descriptor_table_fazhi_2fcommon_2fv1_2fcommon_2eproto,
      &descriptor_table_grpc_2fhealth_2fv1_2fhealth_2eproto,
  };
  static const bool linked = [] {
    for (const auto* table : tables) {
      google::protobuf::DescriptorPool::generated_pool()->FindFileByName(table->filename);
    }
    return true;
  }();
  (void)linked;
}

absl::StatusOr<const google::protobuf::MethodDescriptor*> FindMethod(absl::string_view method) {
  LinkApiDescriptors();
  std::vector<absl::string_view> parts = absl::StrSplit(method, '/');
  if (parts.size() != 3 || !parts[0].empty() || parts[1].empty() || parts[2].empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--method \"", method, "\" is not of the form /package.Service/Method"));
  }
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  const google::protobuf::ServiceDescriptor* service =
      pool->FindServiceByName(std::string(parts[1]));
  if (service == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--method \"", method, "\": no service ", parts[1], " in the fazhi APIs"));
  }
  const google::protobuf::MethodDescriptor* found =
      service->FindMethodByName(std::string(parts[2]));
  if (found == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--method \"", method, "\": ", parts[1], " has no method ", parts[2]));
  }
  if (found->client_streaming() || found->server_streaming()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--method \"", method, "\" streams; fazhi-load calls unary methods only"));
  }
  return found;
}

absl::StatusOr<std::string> JsonToRequest(const google::protobuf::MethodDescriptor& method,
                                          absl::string_view json) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> message(
      factory.GetPrototype(method.input_type())->New());
  google::protobuf::util::JsonParseOptions options;
  // A misspelt field would otherwise be dropped and every call would ask something else.
  options.ignore_unknown_fields = false;
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message.get(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("not a ", method.input_type()->full_name(),
                                                   " in JSON: ", std::string(status.message())));
  }
  std::string bytes;
  message->SerializeToString(&bytes);
  return bytes;
}

absl::StatusOr<RequestSet> BuildRequests(absl::string_view method,
                                         const std::optional<std::string>& request_json,
                                         const std::optional<std::string>& requests_text,
                                         absl::string_view requests_name) {
  if (request_json.has_value() == requests_text.has_value()) {
    return absl::InvalidArgumentError("give exactly one of --request and --requests_file");
  }
  absl::StatusOr<const google::protobuf::MethodDescriptor*> found = FindMethod(method);
  if (!found.ok()) return found.status();
  RequestSet set;
  set.method = std::string(method);
  if (request_json.has_value()) {
    absl::StatusOr<std::string> bytes = JsonToRequest(**found, *request_json);
    if (!bytes.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--request: ", bytes.status().message()));
    }
    set.serialized.push_back(*std::move(bytes));
    return set;
  }
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*requests_text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    absl::StatusOr<std::string> bytes = JsonToRequest(**found, line);
    if (!bytes.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(requests_name, " line ", line_number, ": ", bytes.status().message()));
    }
    set.serialized.push_back(*std::move(bytes));
  }
  if (set.serialized.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(requests_name, " holds no request"));
  }
  return set;
}

std::string GrpcFrame(absl::string_view message) {
  std::string frame(5, '\0');
  uint32_t size = static_cast<uint32_t>(message.size());
  for (int i = 0; i < 4; ++i) frame[1 + i] = static_cast<char>((size >> (8 * (3 - i))) & 0xff);
  frame.append(message.data(), message.size());
  return frame;
}

int64_t Percentile(const std::vector<int64_t>& sorted, double fraction) {
  if (sorted.empty()) return 0;
  // Nearest rank: the smallest value at least `fraction` of all values are at or below.
  double rank = fraction * static_cast<double>(sorted.size());
  size_t index = static_cast<size_t>(rank);
  if (static_cast<double>(index) < rank) ++index;
  if (index == 0) index = 1;
  if (index > sorted.size()) index = sorted.size();
  return sorted[index - 1];
}

LatencySummary Summarize(std::vector<int64_t> latencies_ns) {
  LatencySummary summary;
  summary.count = static_cast<int64_t>(latencies_ns.size());
  if (latencies_ns.empty()) return summary;
  std::sort(latencies_ns.begin(), latencies_ns.end());
  double sum = 0;
  for (int64_t ns : latencies_ns) sum += static_cast<double>(ns);
  auto ms = [](int64_t ns) { return static_cast<double>(ns) / 1e6; };
  summary.mean_ms = sum / static_cast<double>(latencies_ns.size()) / 1e6;
  summary.p50_ms = ms(Percentile(latencies_ns, 0.5));
  summary.p90_ms = ms(Percentile(latencies_ns, 0.9));
  summary.p99_ms = ms(Percentile(latencies_ns, 0.99));
  summary.p999_ms = ms(Percentile(latencies_ns, 0.999));
  summary.max_ms = ms(latencies_ns.back());
  return summary;
}

int64_t LoadResult::failed() const {
  int64_t n = 0;
  for (const auto& [code, count] : failures) n += count;
  for (const auto& [code, count] : warmup_failures) n += count;
  return n;
}

namespace {

enum class Phase { kWarmup, kMeasured, kStop };

// What every call slot shares: the clock, the request set and the count of calls begun.
class Run {
 public:
  Run(const LoadOptions& options, const RequestSet& requests, int slots)
      : options_(options), active_(slots) {
    for (const std::string& bytes : requests.serialized) {
      grpc::Slice slice(bytes);
      buffers_.emplace_back(&slice, 1);
    }
    if (!options.token.empty()) authorization_ = absl::StrCat("Bearer ", options.token);
    start_ = Clock::now();
    measure_start_ = start_ + absl::ToChronoNanoseconds(options.warmup);
    measure_end_ = measure_start_ + absl::ToChronoNanoseconds(options.duration);
  }

  Phase Claim() {
    Clock::time_point now = Clock::now();
    if (now < measure_start_) return Phase::kWarmup;
    if (options_.calls > 0) {
      return begun_.fetch_add(1, std::memory_order_relaxed) < options_.calls ? Phase::kMeasured
                                                                             : Phase::kStop;
    }
    return now < measure_end_ ? Phase::kMeasured : Phase::kStop;
  }

  const grpc::ByteBuffer& NextRequest() {
    return buffers_[next_.fetch_add(1, std::memory_order_relaxed) % buffers_.size()];
  }

  void SlotDone() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--active_ == 0) done_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return active_ == 0; });
  }

  // Only one slot keeps a sample response.
  bool TakeSampleTurn() {
    return options_.keep_sample_response && !sampled_.exchange(true, std::memory_order_relaxed);
  }

  const LoadOptions& options() const { return options_; }
  const std::string& authorization() const { return authorization_; }
  Clock::time_point measure_start() const { return measure_start_; }

 private:
  const LoadOptions& options_;
  std::vector<grpc::ByteBuffer> buffers_;
  std::string authorization_;
  Clock::time_point start_, measure_start_, measure_end_;
  std::atomic<int64_t> begun_{0};
  std::atomic<uint64_t> next_{0};
  std::atomic<bool> sampled_{false};
  std::mutex mu_;
  std::condition_variable done_;
  int active_;
};

// One call in flight at a time, the next begun from the last one's completion. A slot's calls
// never overlap, so what it records needs no lock; Run::Wait orders it before the merge.
class Slot {
 public:
  Slot(Run* run, grpc::GenericStub* stub, const std::string* method)
      : run_(run), stub_(stub), method_(method) {}

  void Next() {
    Phase phase = run_->Claim();
    if (phase == Phase::kStop) {
      run_->SlotDone();
      return;
    }
    measured_ = phase == Phase::kMeasured;
    context_ = std::make_unique<grpc::ClientContext>();
    context_->set_deadline(std::chrono::system_clock::now() +
                           absl::ToChronoNanoseconds(run_->options().timeout));
    if (!run_->authorization().empty())
      context_->AddMetadata("authorization", run_->authorization());
    request_ = run_->NextRequest();
    response_.Clear();
    began_ = Clock::now();
    stub_->UnaryCall(context_.get(), *method_, grpc::StubOptions(), &request_, &response_,
                     [this](grpc::Status status) { Ended(status); });
  }

  void Ended(const grpc::Status& status) {
    Clock::time_point end = Clock::now();
    int code = std::clamp(static_cast<int>(status.error_code()), 0, kStatusCodes - 1);
    if (measured_) {
      latencies_.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(end - began_).count());
      ++codes_[code];
      response_bytes_ += static_cast<int64_t>(response_.Length());
      last_end_ = std::max(last_end_, end);
    } else {
      ++warmup_codes_[code];
    }
    if (!status.ok() && sample_error_.empty()) {
      sample_error_ =
          absl::StrCat(StatusCodeName(status.error_code()), ": ", status.error_message());
    }
    if (status.ok() && sample_response_.empty() && !sample_taken_ && run_->TakeSampleTurn()) {
      sample_taken_ = true;
      std::vector<grpc::Slice> slices;
      if (response_.Dump(&slices).ok()) {
        for (const grpc::Slice& s : slices) {
          sample_response_.append(reinterpret_cast<const char*>(s.begin()), s.size());
        }
      }
    }
    Next();
  }

  std::vector<int64_t> latencies_;
  std::array<int64_t, kStatusCodes> codes_{};
  std::array<int64_t, kStatusCodes> warmup_codes_{};
  int64_t response_bytes_ = 0;
  Clock::time_point last_end_{};
  std::string sample_error_;
  std::string sample_response_;

 private:
  Run* run_;
  grpc::GenericStub* stub_;
  const std::string* method_;
  std::unique_ptr<grpc::ClientContext> context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  Clock::time_point began_;
  bool measured_ = false;
  bool sample_taken_ = false;
};

double OwnCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

}  // namespace

LoadResult RunLoad(const LoadOptions& options, const RequestSet& requests,
                   const std::vector<std::shared_ptr<grpc::Channel>>& channels) {
  const double cpu_before = OwnCpuSeconds();
  std::vector<std::unique_ptr<grpc::GenericStub>> stubs;
  for (const auto& channel : channels)
    stubs.push_back(std::make_unique<grpc::GenericStub>(channel));
  int slots = static_cast<int>(stubs.size()) * options.concurrency;
  Run run(options, requests, slots);
  std::vector<std::unique_ptr<Slot>> all;
  for (auto& stub : stubs) {
    for (int i = 0; i < options.concurrency; ++i) {
      all.push_back(std::make_unique<Slot>(&run, stub.get(), &requests.method));
    }
  }
  for (auto& slot : all) slot->Next();
  run.Wait();

  LoadResult result;
  std::vector<int64_t> latencies;
  int64_t response_bytes = 0;
  Clock::time_point last_end = run.measure_start();
  for (auto& slot : all) {
    latencies.insert(latencies.end(), slot->latencies_.begin(), slot->latencies_.end());
    for (int code = 0; code < kStatusCodes; ++code) {
      auto status = static_cast<grpc::StatusCode>(code);
      if (code == 0) {
        result.ok += slot->codes_[code];
      } else if (slot->codes_[code] > 0) {
        result.failures[status] += slot->codes_[code];
      }
      if (code != 0 && slot->warmup_codes_[code] > 0) {
        result.warmup_failures[status] += slot->warmup_codes_[code];
      }
      result.warmup_calls += slot->warmup_codes_[code];
    }
    response_bytes += slot->response_bytes_;
    last_end = std::max(last_end, slot->last_end_);
    if (result.sample_error.empty()) result.sample_error = slot->sample_error_;
    if (result.sample_response.empty()) result.sample_response = slot->sample_response_;
  }
  result.calls = static_cast<int64_t>(latencies.size());
  result.cpu_seconds = OwnCpuSeconds() - cpu_before;
  result.seconds =
      std::chrono::duration_cast<std::chrono::duration<double>>(last_end - run.measure_start())
          .count();
  if (result.seconds > 0)
    result.calls_per_second = static_cast<double>(result.calls) / result.seconds;
  if (result.calls > 0) {
    result.mean_response_bytes =
        static_cast<double>(response_bytes) / static_cast<double>(result.calls);
  }
  result.latency = Summarize(std::move(latencies));
  return result;
}

std::string StatusCodeName(grpc::StatusCode code) {
  // gRPC's codes are Abseil's, by number and name.
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  return name.empty() ? absl::StrCat("CODE_", static_cast<int>(code)) : name;
}

namespace {

std::string CodesText(const std::map<grpc::StatusCode, int64_t>& codes) {
  std::string text;
  for (const auto& [code, count] : codes) {
    absl::StrAppend(&text, text.empty() ? "" : ", ", StatusCodeName(code), " ", count);
  }
  return text;
}

std::string CodesJson(const std::map<grpc::StatusCode, int64_t>& codes) {
  std::string json = "{";
  for (const auto& [code, count] : codes) {
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "\"", StatusCodeName(code), "\":", count);
  }
  return json + "}";
}

}  // namespace

std::string FormatText(const LoadOptions& options, const RequestSet& requests,
                       const LoadResult& result) {
  const LatencySummary& l = result.latency;
  std::string text = absl::StrFormat(
      "%s: %d connections x %d in flight, %d request(s)\n"
      "  calls      %d measured (%d OK, %d failed), %d warm-up\n"
      "  throughput %.0f calls/s over %.2f s\n"
      "  latency ms mean %.3f  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n"
      "  response   %.0f bytes mean\n",
      requests.method, options.connections, options.concurrency, requests.serialized.size(),
      result.calls, result.ok, result.calls - result.ok, result.warmup_calls,
      result.calls_per_second, result.seconds, l.mean_ms, l.p50_ms, l.p90_ms, l.p99_ms, l.p999_ms,
      l.max_ms, result.mean_response_bytes);
  if (!result.failures.empty())
    absl::StrAppend(&text, "  failed     ", CodesText(result.failures), "\n");
  if (!result.warmup_failures.empty()) {
    absl::StrAppend(&text, "  warm-up failed ", CodesText(result.warmup_failures), "\n");
  }
  if (!result.sample_error.empty()) {
    absl::StrAppend(&text, "  e.g.       ", result.sample_error, "\n");
  }
  return text;
}

std::string FormatJson(const LoadOptions& options, const RequestSet& requests,
                       const LoadResult& result) {
  const LatencySummary& l = result.latency;
  return absl::StrFormat(
      "{\"method\":\"%s\",\"connections\":%d,\"concurrency\":%d,\"requests\":%d,"
      "\"calls\":%d,\"ok\":%d,\"failed\":%d,\"errors\":%s,\"warmup_calls\":%d,"
      "\"warmup_errors\":%s,\"seconds\":%.6f,\"calls_per_second\":%.3f,"
      "\"latency_ms\":{\"mean\":%.6f,\"p50\":%.6f,\"p90\":%.6f,\"p99\":%.6f,\"p999\":%.6f,"
      "\"max\":%.6f},\"mean_response_bytes\":%.1f,\"client_cpu_seconds\":%.3f,"
      "\"sample_error\":\"%s\"}",
      log::JsonEscape(requests.method), options.connections, options.concurrency,
      requests.serialized.size(), result.calls, result.ok, result.calls - result.ok,
      CodesJson(result.failures), result.warmup_calls, CodesJson(result.warmup_failures),
      result.seconds, result.calls_per_second, l.mean_ms, l.p50_ms, l.p90_ms, l.p99_ms, l.p999_ms,
      l.max_ms, result.mean_response_bytes, result.cpu_seconds,
      log::JsonEscape(result.sample_error));
}

}  // namespace fazhi::load

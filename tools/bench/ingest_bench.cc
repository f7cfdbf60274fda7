// fazhi-ingest-bench: measures how fast the statistics service takes figures in, over gRPC, the
// way a provincial system would send them: one client stream of every unit's monthly figures for
// many years, the same stream again (every point unchanged), batches of 1,000 by
// SubmitDataPoints, and one point per call as the baseline the batching is measured against.
// scripts/bench runs it against SQLite and MariaDB and prints the table the README quotes.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "common/grpc/client.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/department/demo/jiyuan.h"
#include "services/statistics/domain/indicator.h"

ABSL_FLAG(std::string, statistics_address, "127.0.0.1:50052", "Statistics service host:port");
ABSL_FLAG(std::string, token, "", "Bearer token of an admin or service (or set FAZHI_TOKEN)");
ABSL_FLAG(int, years, 8, "Years of monthly figures in the streamed run (45,012 points each)");
ABSL_FLAG(int, single_calls, 1000, "Points sent one per call for the baseline");
ABSL_FLAG(std::string, label, "", "Names the backend in the printed table");

namespace fazhi::bench {
namespace {

namespace pb = ::fazhi::statistics::v1;

// The counts the catalogue takes monthly that the bench fills.
const std::vector<std::string>& Codes() {
  static const auto* codes = new std::vector<std::string>(statistics::ShippedIndicatorCodes(
      statistics::ValueType::kCount, time_util::PeriodType::kMonth));
  return *codes;
}

// Every city unit's monthly figures for the years [first, first + years).
std::vector<pb::DataPoint> Figures(int first, int years) {
  std::vector<std::string> units;
  for (const auto& unit : department::demo::JiyuanUnits()) {
    if (unit.department_id() == "jiyuan" || unit.department().parent_id() == "jiyuan") {
      units.push_back(unit.department_id());
    }
  }
  std::vector<pb::DataPoint> points;
  int64_t n = 0;
  for (int year = first; year < first + years; ++year) {
    for (int month = 1; month <= 12; ++month) {
      for (const std::string& unit : units) {
        for (const std::string& code : Codes()) {
          pb::DataPoint& p = points.emplace_back();
          p.set_indicator_code(code);
          p.set_department_id(unit);
          p.mutable_period()->set_type(common::v1::PERIOD_TYPE_MONTH);
          p.mutable_period()->set_year(year);
          p.mutable_period()->set_index(month);
          p.set_value(++n % 1000);
        }
      }
    }
  }
  return points;
}

struct Run {
  std::string name;
  int64_t points = 0;
  double seconds = 0;
  pb::ImportSummary summary;
};

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

absl::StatusOr<Run> StreamRun(pb::StatisticsService::Stub& stub, std::string name,
                              const std::vector<pb::DataPoint>& points, std::string request_id) {
  Run run;
  run.name = std::move(name);
  run.points = static_cast<int64_t>(points.size());
  auto start = std::chrono::steady_clock::now();
  grpc::ClientContext context;
  auto writer = stub.IngestDataPoints(&context, &run.summary);
  pb::IngestDataPointsRequest message;
  message.mutable_options()->set_request_id(std::move(request_id));
  for (size_t i = 0; i < points.size(); ++i) {
    *message.add_points() = points[i];
    if (message.points_size() == 1000 || i + 1 == points.size()) {
      if (!writer->Write(message)) break;
      message.Clear();
    }
  }
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  run.seconds = Since(start);
  if (!s.ok()) return absl::InternalError(absl::StrCat(run.name, ": ", s.error_message()));
  return run;
}

absl::StatusOr<Run> BatchRun(pb::StatisticsService::Stub& stub, std::string name,
                             const std::vector<pb::DataPoint>& points, size_t per_call) {
  Run run;
  run.name = std::move(name);
  run.points = static_cast<int64_t>(points.size());
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < points.size(); i += per_call) {
    pb::SubmitDataPointsRequest request;
    for (size_t j = i; j < std::min(points.size(), i + per_call); ++j) {
      *request.add_points() = points[j];
    }
    pb::ImportSummary summary;
    grpc::ClientContext context;
    grpc::Status s = stub.SubmitDataPoints(&context, request, &summary);
    if (!s.ok()) return absl::InternalError(absl::StrCat(run.name, ": ", s.error_message()));
    run.summary.set_created(run.summary.created() + summary.created());
    run.summary.set_unchanged(run.summary.unchanged() + summary.unchanged());
    run.summary.set_rejected(run.summary.rejected() + summary.rejected());
  }
  run.seconds = Since(start);
  return run;
}

int Main() {
  auto channel = grpc_util::MakeChannel(absl::GetFlag(FLAGS_statistics_address), {},
                                        absl::GetFlag(FLAGS_token));
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
    std::fprintf(stderr, "statistics service did not answer\n");
    return 1;
  }
  auto stub = pb::StatisticsService::NewStub(channel);
  int years = std::clamp(absl::GetFlag(FLAGS_years), 1, 60);
  std::vector<pb::DataPoint> streamed = Figures(1960, years);
  // Years 1949 to 2025 are free for the runs: 1949 one point a call, 1950 to 1959 batched, then
  // the stream from 1960.
  std::vector<pb::DataPoint> batched = Figures(1950, std::clamp(years / 3, 1, 10));
  std::vector<pb::DataPoint> single = Figures(1949, 1);
  single.resize(std::min<size_t>(single.size(), absl::GetFlag(FLAGS_single_calls)));

  std::vector<absl::StatusOr<Run>> runs;
  runs.push_back(StreamRun(*stub, "stream, new figures", streamed, "bench-stream"));
  runs.push_back(StreamRun(*stub, "stream, same figures again", streamed, ""));
  runs.push_back(BatchRun(*stub, "SubmitDataPoints, 1,000 a call", batched, 1000));
  runs.push_back(BatchRun(*stub, "SubmitDataPoints, 1 a call", single, 1));

  std::string label = absl::GetFlag(FLAGS_label);
  double baseline = 0;
  for (const auto& run : runs) {
    if (!run.ok()) {
      std::fprintf(stderr, "%s\n", run.status().ToString().c_str());
      return 1;
    }
    if (run->summary.rejected() != 0 ||
        run->summary.created() + run->summary.unchanged() != run->points) {
      std::fprintf(stderr, "%s: the summary does not account for every point: %s\n",
                   run->name.c_str(), run->summary.ShortDebugString().c_str());
      return 1;
    }
    baseline = run->points / run->seconds;  // the last run is the one-a-call baseline
  }
  for (const auto& run : runs) {
    double rate = run->points / run->seconds;
    std::printf("| %-8s | %-32s | %9lld | %7.2f s | %9.0f points/s | %6.1f× |\n", label.c_str(),
                run->name.c_str(), static_cast<long long>(run->points), run->seconds, rate,
                rate / baseline);
  }
  return 0;
}

}  // namespace
}  // namespace fazhi::bench

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "Measures the statistics service's ingestion rates.");
  return fazhi::bench::Main();
}

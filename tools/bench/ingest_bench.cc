// fazhi-ingest-bench: sends the statistics service new figures over gRPC the way a provincial
// system would, and prints "rate <points/s>" for tools/bench/ingest.sh to hold against the
// database baselines (fazhi-db-baseline). The figures are tools/bench/figures.h's: every city
// unit's shipped monthly counts, month after month from --first_year, validation on.
//   --mode=stream  one IngestDataPoints stream of --points new points, 1,000 a message.
//   --mode=single_requests  prints --points SubmitDataPoints requests of one new point each, as
//                  JSON lines, for fazhi-load's --requests_file (target 3 is driven by fazhi-load,
//                  16 connections x 1 call in flight).
//   --mode=csv     one ImportCsv call of --points rows.
//   --mode=csv_stream  one ImportCsvStream of --points rows, written --chunk_bytes at a time as
//                  they are made (neither side holds the file), chunks cut mid-record.
// Every run checks the summary accounts for every point as created; anything else fails it.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/statistics/domain/csv.h"
#include "tools/bench/figures.h"

ABSL_FLAG(std::string, statistics_address, "127.0.0.1:50052", "Statistics service host:port");
ABSL_FLAG(std::string, token, "", "Bearer token of an admin or service (or set FAZHI_TOKEN)");
ABSL_FLAG(std::string, mode, "stream", "stream, single_requests, csv or csv_stream");
ABSL_FLAG(int64_t, points, 1000000, "Points streamed (--mode=stream) or sent as CSV rows");
ABSL_FLAG(int, first_year, 1960, "Year of the first figure (1949 to 2025; each must be new)");
ABSL_FLAG(std::string, request_id, "", "The stream's request id (--mode=stream)");
ABSL_FLAG(int64_t, chunk_bytes, 64 << 10, "Bytes per message (--mode=csv_stream)");

namespace fazhi::bench {
namespace {

namespace pb = ::fazhi::statistics::v1;

std::string Authorization() {
  std::string token = absl::GetFlag(FLAGS_token);
  if (token.empty() && std::getenv("FAZHI_TOKEN") != nullptr) token = std::getenv("FAZHI_TOKEN");
  return absl::StrCat("Bearer ", token);
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Fill(const Figure& f, pb::DataPoint* p) {
  p->set_indicator_code(*f.code);
  p->set_department_id(*f.unit);
  p->mutable_period()->set_type(common::v1::PERIOD_TYPE_MONTH);
  p->mutable_period()->set_year(f.year);
  p->mutable_period()->set_index(f.month);
  p->set_value(f.value);
}

// Fails unless every point was created, nothing rejected.
int Check(const char* what, const pb::ImportSummary& summary, int64_t points) {
  if (summary.created() != points || summary.rejected() != 0 || summary.unchanged() != 0) {
    std::fprintf(stderr, "%s: the summary does not account for %lld new points: %s\n", what,
                 static_cast<long long>(points), summary.ShortDebugString().c_str());
    return 1;
  }
  return 0;
}

std::shared_ptr<grpc::Channel> Connect(int index) {
  grpc::ChannelArguments args;
  // Its own connection per client, as separate systems would have: channels with different
  // arguments share no subchannel. Loopback plaintext, so the token goes in each call's metadata.
  args.SetInt("fazhi.bench.client", index);
  args.SetMaxReceiveMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(absl::GetFlag(FLAGS_statistics_address),
                                           grpc::InsecureChannelCredentials(), args);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(30))) {
    std::fprintf(stderr, "statistics service did not answer\n");
    std::exit(1);
  }
  return channel;
}

int Stream() {
  auto stub = pb::StatisticsService::NewStub(Connect(0));
  int64_t count = absl::GetFlag(FLAGS_points);
  pb::ImportSummary summary;
  auto start = std::chrono::steady_clock::now();
  grpc::ClientContext context;
  context.AddMetadata("authorization", Authorization());
  auto writer = stub->IngestDataPoints(&context, &summary);
  pb::IngestDataPointsRequest message;
  message.mutable_options()->set_request_id(absl::GetFlag(FLAGS_request_id));
  bool broken = false;
  ForEachFigure(absl::GetFlag(FLAGS_first_year), count, [&](const Figure& f) {
    if (broken) return;
    Fill(f, message.add_points());
    if (message.points_size() == 1000) {
      broken = !writer->Write(message);
      message.Clear();
    }
  });
  if (!broken && message.points_size() > 0) writer->Write(message);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  double seconds = Since(start);
  if (!s.ok()) return std::fprintf(stderr, "stream: %s\n", s.error_message().c_str()), 1;
  if (int rc = Check("stream", summary, count); rc != 0) return rc;
  std::printf("rate %.0f\n", count / seconds);
  return 0;
}

int Csv() {
  auto stub = pb::StatisticsService::NewStub(Connect(0));
  int64_t count = absl::GetFlag(FLAGS_points);
  pb::ImportCsvRequest request;
  std::string* csv = request.mutable_csv();
  *csv = statistics::FormatCsvHeader();
  ForEachFigure(absl::GetFlag(FLAGS_first_year), count, [&](const Figure& f) {
    *csv += statistics::FormatCsvRow({*f.code, *f.unit, f.PeriodKey(), f.value});
  });
  pb::ImportSummary summary;
  grpc::ClientContext context;
  context.AddMetadata("authorization", Authorization());
  auto start = std::chrono::steady_clock::now();
  grpc::Status s = stub->ImportCsv(&context, request, &summary);
  double seconds = Since(start);
  if (!s.ok()) return std::fprintf(stderr, "csv: %s\n", s.error_message().c_str()), 1;
  if (int rc = Check("csv", summary, count); rc != 0) return rc;
  std::printf("rate %.0f\nbytes %zu\n", count / seconds, csv->size());
  return 0;
}

int CsvStream() {
  auto stub = pb::StatisticsService::NewStub(Connect(0));
  const int64_t count = absl::GetFlag(FLAGS_points);
  const size_t chunk_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_chunk_bytes));
  pb::ImportSummary summary;
  auto start = std::chrono::steady_clock::now();
  grpc::ClientContext context;
  context.AddMetadata("authorization", Authorization());
  auto writer = stub->ImportCsvStream(&context, &summary);
  pb::ImportCsvChunk chunk;
  std::string text = statistics::FormatCsvHeader();
  size_t bytes = 0;
  bool broken = false;
  // Exactly chunk_bytes a message, so records are cut wherever the count falls.
  auto send = [&](size_t n) {
    chunk.set_csv(text.substr(0, n));
    text.erase(0, n);
    bytes += n;
    broken = !writer->Write(chunk);
    chunk.Clear();
  };
  ForEachFigure(absl::GetFlag(FLAGS_first_year), count, [&](const Figure& f) {
    if (broken) return;
    text += statistics::FormatCsvRow({*f.code, *f.unit, f.PeriodKey(), f.value});
    if (text.size() >= chunk_bytes) send(chunk_bytes);
  });
  if (!broken && !text.empty()) send(text.size());
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  double seconds = Since(start);
  if (!s.ok()) return std::fprintf(stderr, "csv_stream: %s\n", s.error_message().c_str()), 1;
  if (int rc = Check("csv_stream", summary, count); rc != 0) return rc;
  std::printf("rate %.0f\nbytes %zu\n", count / seconds, bytes);
  return 0;
}

int SingleRequests() {
  int64_t count = absl::GetFlag(FLAGS_points);
  std::string json;
  ForEachFigure(absl::GetFlag(FLAGS_first_year), count, [&](const Figure& f) {
    pb::SubmitDataPointsRequest request;
    Fill(f, request.add_points());
    json.clear();
    if (!google::protobuf::util::MessageToJsonString(request, &json).ok()) std::exit(1);
    std::printf("%s\n", json.c_str());
  });
  return 0;
}

int Main() {
  std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "single_requests") return SingleRequests();
  if (mode == "stream") return Stream();
  if (mode == "csv") return Csv();
  if (mode == "csv_stream") return CsvStream();
  std::fprintf(stderr, "--mode: stream, single_requests, csv or csv_stream\n");
  return 2;
}

}  // namespace
}  // namespace fazhi::bench

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "Measures the statistics service's ingestion rates.");
  return fazhi::bench::Main();
}

// fazhi-statistics-demo: loads the seed report's 2021 figures for 济源市 and its units (and the
// 2020 figure it compares with) into a running statistics service through its public API. Safe
// to run again: every batch carries a fixed request id, so a second run is replayed and writes
// nothing. The units must be in the department service first (fazhi-department-demo).
// Connection and token flags: common/grpc/client_flags.h.

#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/config.h"
#include "common/grpc/client_flags.h"
#include "services/statistics/demo/jiyuan_2021.h"

ABSL_FLAG(std::string, statistics_address, "127.0.0.1:50052", "Statistics service host:port");

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv,
                      "Loads the Jiyuan 2021 report's figures into the statistics service.");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      fazhi::grpc_util::ConnectFromClientFlags(absl::GetFlag(FLAGS_statistics_address));
  if (!channel.ok()) {
    std::fprintf(stderr, "statistics: %s\n", channel.status().ToString().c_str());
    return 1;
  }
  auto stub = fazhi::statistics::v1::StatisticsService::NewStub(*channel);
  absl::StatusOr<fazhi::statistics::demo::LoadSummary> loaded =
      fazhi::statistics::demo::LoadJiyuanFigures(*stub);
  if (!loaded.ok()) {
    std::fprintf(stderr, "loading demo figures failed: %s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "statistics: %lld demo figures of 济源市 in %d batches: %lld created, %lld updated, %lld "
      "unchanged, %d batches replayed (loaded before), %lld rule warnings\n",
      static_cast<long long>(loaded->points), loaded->batches,
      static_cast<long long>(loaded->created), static_cast<long long>(loaded->updated),
      static_cast<long long>(loaded->unchanged), loaded->replayed,
      static_cast<long long>(loaded->warnings));
  return 0;
}

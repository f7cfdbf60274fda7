// fazhi-reports-demo: writes the seed report (济源市人民政府关于2021年度法治政府建设情况的报告)
// through the reports API over the demo figures and takes it to publication on 2022-03-30, as it
// happened. Safe to run again: a published report is left as it is. The units, figures and cases
// must be loaded first. Connection and token flags: common/grpc/client_flags.h.

#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/config.h"
#include "common/grpc/client_flags.h"
#include "services/reports/demo/jiyuan_2021.h"

ABSL_FLAG(std::string, reports_address, "127.0.0.1:50054", "Reports service host:port");
ABSL_FLAG(std::string, sections_file, "services/reports/demo/jiyuan_2021_sections.tsv",
          "The seed report's prose with its placeholders, one section a line");

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "Writes and publishes the Jiyuan 2021 annual report.");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      fazhi::grpc_util::ConnectFromClientFlags(absl::GetFlag(FLAGS_reports_address));
  if (!channel.ok()) {
    std::fprintf(stderr, "reports: %s\n", channel.status().ToString().c_str());
    return 1;
  }
  auto stub = fazhi::reports::v1::ReportService::NewStub(*channel);
  namespace demo = fazhi::reports::demo;
  absl::StatusOr<fazhi::reports::v1::Report> written =
      demo::WriteReport(*stub, absl::GetFlag(FLAGS_sections_file));
  if (!written.ok()) {
    std::fprintf(stderr, "writing the demo report failed: %s\n",
                 written.status().ToString().c_str());
    return 1;
  }
  absl::StatusOr<fazhi::reports::v1::Report> published = demo::PublishReport(*stub, *written);
  if (!published.ok()) {
    std::fprintf(stderr, "publishing the demo report failed: %s\n",
                 published.status().ToString().c_str());
    return 1;
  }
  std::printf("reports: %s (%s), version %lld published\n", published->title().c_str(),
              published->id().c_str(), static_cast<long long>(published->published_version()));
  return 0;
}

// fazhi-cases-demo: loads a year of 济源市's case records whose totals are the seed report's
// (services/cases/demo/jiyuan_2021.h), read from the tables in --data_dir, into a running cases
// service through its public API. Safe to run again: creates carry fixed request ids and a case's
// steps are applied only as far as its record lacks them. The units and officers must be in the
// department service first (fazhi-department-demo). Connection and token flags:
// common/grpc/client_flags.h.

#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/config.h"
#include "common/grpc/client_flags.h"
#include "services/cases/demo/jiyuan_2021.h"

ABSL_FLAG(std::string, cases_address, "127.0.0.1:50053", "Cases service host:port");
ABSL_FLAG(std::string, data_dir, fazhi::cases::demo::kDefaultDataDir,
          "Directory of the demo's tables (enforcement_cases.tsv and the others)");

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv,
                      "Loads the Jiyuan 2021 demo case records into the cases service.");
  absl::StatusOr<std::shared_ptr<grpc::Channel>> channel =
      fazhi::grpc_util::ConnectFromClientFlags(absl::GetFlag(FLAGS_cases_address));
  if (!channel.ok()) {
    std::fprintf(stderr, "cases: %s\n", channel.status().ToString().c_str());
    return 1;
  }
  namespace v1 = fazhi::cases::v1;
  auto cases = v1::EnforcementCaseService::NewStub(*channel);
  auto supervision = v1::SupervisionService::NewStub(*channel);
  auto reconsideration = v1::ReconsiderationService::NewStub(*channel);
  auto litigation = v1::LitigationService::NewStub(*channel);
  absl::StatusOr<fazhi::cases::demo::LoadSummary> loaded = fazhi::cases::demo::LoadJiyuanCases(
      {*cases, *supervision, *reconsideration, *litigation}, absl::GetFlag(FLAGS_data_dir));
  if (!loaded.ok()) {
    std::fprintf(stderr, "loading demo cases failed: %s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "cases: %d enforcement cases, %d major-case filings, %d case-file reviews, %d complaints, "
      "%d reconsiderations and %d lawsuits of 济源市 in place; %d steps applied now\n",
      loaded->cases, loaded->major_filings, loaded->case_file_reviews, loaded->complaints,
      loaded->reconsiderations, loaded->lawsuits, loaded->writes);
  return 0;
}

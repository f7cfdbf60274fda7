// fazhi-department-demo: loads the seed report's units, and demo officers with certificates, into
// a running department service through its public API. Safe to run again: every change carries a
// request id.

#include <grpcpp/grpcpp.h>

#include <cstdio>

#include "absl/flags/flag.h"
#include "common/config/config.h"
#include "services/department/demo/jiyuan.h"
#include "services/department/demo/officers.h"

ABSL_FLAG(std::string, department_address, "127.0.0.1:50051", "Department service host:port");
ABSL_FLAG(int, wait_seconds, 30, "How long to wait for the service to accept connections");

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv,
                      "Loads the Jiyuan 2021 demo units and officers into the department service.");
  std::string address = absl::GetFlag(FLAGS_department_address);
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(absl::GetFlag(FLAGS_wait_seconds)))) {
    std::fprintf(stderr, "department service at %s did not answer\n", address.c_str());
    return 1;
  }
  auto stub = fazhi::department::v1::DepartmentService::NewStub(channel);
  absl::StatusOr<int> loaded = fazhi::department::demo::LoadJiyuanUnits(*stub);
  if (!loaded.ok()) {
    std::fprintf(stderr, "loading demo units failed: %s\n", loaded.status().ToString().c_str());
    return 1;
  }
  std::printf("department: %d demo units of 济源市 in place\n", *loaded);
  auto officer_stub = fazhi::department::v1::OfficerService::NewStub(channel);
  absl::StatusOr<int> officers = fazhi::department::demo::LoadDemoOfficers(*officer_stub);
  if (!officers.ok()) {
    std::fprintf(stderr, "loading demo officers failed: %s\n",
                 officers.status().ToString().c_str());
    return 1;
  }
  std::printf("department: %d demo officers with their certificates in place\n", *officers);
  return 0;
}

// fazhi-load against real servers (not timed: the benchmarks are tools/bench/*.sh): the bare
// server and fazhi-department. Every call is counted exactly once, all OK when the calls are
// good; calls that must fail are counted under their status code and the exit status says so.

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.pb.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

using ::fazhi::testing::ServerProcess;
using ::testing::HasSubstr;

constexpr char kGetDepartment[] = "/fazhi.department.v1.DepartmentService/GetDepartment";
constexpr char kListDepartments[] = "/fazhi.department.v1.DepartmentService/ListDepartments";

struct LoadRun {
  int exit_code = -1;
  std::string out;
  nlohmann::json json;
};

// Runs fazhi-load with args (and FAZHI_TOKEN=token when token is not empty: never on argv).
LoadRun RunLoad(const std::string& args, const std::string& token = "") {
  if (token.empty()) {
    unsetenv("FAZHI_TOKEN");
  } else {
    setenv("FAZHI_TOKEN", token.c_str(), 1);
  }
  LoadRun run;
  std::string command = absl::StrCat(FAZHI_LOAD_BINARY, " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) run.out.append(buffer, n);
  int status = pclose(pipe);
  unsetenv("FAZHI_TOKEN");
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.json = nlohmann::json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  return run;
}

std::string LogPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          absl::StrCat("fazhi-load-smoke-", name, "-", getpid(), ".log"))
      .string();
}

class LoadSmokeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<ServerProcess>> bare =
        ServerProcess::Start(FAZHI_BARE_SERVER_BINARY, {"--executor_threads=4"}, LogPath("bare"));
    ASSERT_TRUE(bare.ok()) << bare.status();
    bare_ = bare->release();
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database =
        testing::TestDatabase::Create();
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = database->release();
    absl::StatusOr<std::unique_ptr<ServerProcess>> department = ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY, {absl::StrCat("--database_url=", database_->url())},
        LogPath("department"));
    ASSERT_TRUE(department.ok()) << department.status();
    department_ = department->release();
  }
  static void TearDownTestSuite() {
    delete bare_;
    delete department_;
    delete database_;
  }

  static ServerProcess* bare_;
  static ServerProcess* department_;
  static testing::TestDatabase* database_;
};

ServerProcess* LoadSmokeTest::bare_ = nullptr;
ServerProcess* LoadSmokeTest::department_ = nullptr;
testing::TestDatabase* LoadSmokeTest::database_ = nullptr;

TEST_F(LoadSmokeTest, EveryCallToTheBareServerIsCountedOnceAndOk) {
  LoadRun run =
      RunLoad(absl::StrCat("--address=", bare_->grpc_address(), " --method=", kGetDepartment,
                           " --request='{\"id\":\"jiyuan-sthjj\"}'",
                           " --connections=2 --concurrency=4 --calls=500 --json"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  ASSERT_TRUE(run.json.is_object()) << run.out;
  EXPECT_EQ(run.json["method"], kGetDepartment);
  EXPECT_EQ(run.json["connections"], 2);
  EXPECT_EQ(run.json["concurrency"], 4);
  EXPECT_EQ(run.json["calls"], 500);
  EXPECT_EQ(run.json["ok"], 500);
  EXPECT_EQ(run.json["failed"], 0);
  EXPECT_TRUE(run.json["errors"].empty()) << run.out;
  EXPECT_EQ(run.json["warmup_calls"], 0);
  EXPECT_GT(run.json["calls_per_second"].get<double>(), 0);
  EXPECT_GT(run.json["seconds"].get<double>(), 0);
  const nlohmann::json& latency = run.json["latency_ms"];
  EXPECT_GT(latency["p50"].get<double>(), 0);
  EXPECT_LE(latency["p50"].get<double>(), latency["p99"].get<double>());
  EXPECT_LE(latency["p99"].get<double>(), latency["p999"].get<double>());
  EXPECT_LE(latency["p999"].get<double>(), latency["max"].get<double>());
  // The bare server answers with an empty message unless given --response_file.
  EXPECT_EQ(run.json["mean_response_bytes"], 0);
  // The client's own CPU over the run is reported (500 calls take tens of milliseconds).
  EXPECT_GT(run.json["client_cpu_seconds"].get<double>(), 0);
}

TEST_F(LoadSmokeTest, AWarmUpIsCountedApartFromTheMeasuredCalls) {
  LoadRun run =
      RunLoad(absl::StrCat("--address=", bare_->grpc_address(), " --method=", kGetDepartment,
                           " --request='{}' --connections=1",
                           " --concurrency=2 --warmup_seconds=0.3 --calls=100 --json"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.json["calls"], 100);
  EXPECT_EQ(run.json["ok"], 100);
  EXPECT_GT(run.json["warmup_calls"].get<int>(), 0);
  EXPECT_TRUE(run.json["warmup_errors"].empty());
}

TEST_F(LoadSmokeTest, AuthorisedCallsToTheDepartmentServiceAreAllOk) {
  LoadRun run = RunLoad(
      absl::StrCat("--address=", department_->grpc_address(), " --method=", kListDepartments,
                   " --request='{}'", " --connections=2 --concurrency=2 --calls=200 --json"),
      testing::AdminToken());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.json["calls"], 200);
  EXPECT_EQ(run.json["ok"], 200);
  EXPECT_TRUE(run.json["errors"].empty()) << run.out;
}

TEST_F(LoadSmokeTest, FailedCallsAreCountedByCodeAndTheRunFails) {
  // No token: every call is refused.
  LoadRun anonymous = RunLoad(absl::StrCat(
      "--address=", department_->grpc_address(), " --method=", kGetDepartment,
      " --request='{\"id\":\"jiyuan\"}' --connections=2", " --concurrency=2 --calls=120 --json"));
  EXPECT_EQ(anonymous.exit_code, 1) << anonymous.out;
  ASSERT_TRUE(anonymous.json.is_object()) << anonymous.out;
  EXPECT_EQ(anonymous.json["calls"], 120);
  EXPECT_EQ(anonymous.json["ok"], 0);
  EXPECT_EQ(anonymous.json["failed"], 120);
  EXPECT_EQ(anonymous.json["errors"], nlohmann::json({{"UNAUTHENTICATED", 120}}));

  // An admin asking for a unit that does not exist: NOT_FOUND, counted; --allow_errors only
  // changes the exit status.
  LoadRun unknown = RunLoad(
      absl::StrCat("--address=", department_->grpc_address(), " --method=", kGetDepartment,
                   " --request='{\"id\":\"no-such-unit\"}'", " --calls=50 --allow_errors --json"),
      testing::AdminToken());
  EXPECT_EQ(unknown.exit_code, 0) << unknown.out;
  EXPECT_EQ(unknown.json["calls"], 50);
  EXPECT_EQ(unknown.json["ok"], 0);
  EXPECT_EQ(unknown.json["errors"], nlohmann::json({{"NOT_FOUND", 50}}));
  EXPECT_THAT(unknown.json["sample_error"].get<std::string>(), HasSubstr("NOT_FOUND"));
}

TEST_F(LoadSmokeTest, TheHumanSummaryNamesTheFailures) {
  LoadRun run =
      RunLoad(absl::StrCat("--address=", department_->grpc_address(), " --method=", kGetDepartment,
                           " --request='{\"id\":\"jiyuan\"}'", " --calls=10"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.out, HasSubstr("10 measured (0 OK, 10 failed)"));
  EXPECT_THAT(run.out, HasSubstr("failed     UNAUTHENTICATED 10"));
}

TEST_F(LoadSmokeTest, BadArgumentsAreNamedAndExitTwo) {
  LoadRun bad_method = RunLoad(absl::StrCat("--address=", bare_->grpc_address(),
                                            " --method=GetDepartment --request='{}' --calls=1"));
  EXPECT_EQ(bad_method.exit_code, 2);
  EXPECT_THAT(bad_method.out, HasSubstr("--method \"GetDepartment\""));
  LoadRun bad_json =
      RunLoad(absl::StrCat("--address=", bare_->grpc_address(), " --method=", kGetDepartment,
                           " --request='{\"idd\":1}' --calls=1"));
  EXPECT_EQ(bad_json.exit_code, 2);
  EXPECT_THAT(bad_json.out, HasSubstr("not a fazhi.department.v1.GetDepartmentRequest"));
}

TEST_F(LoadSmokeTest, TheBareServerAnswersWithTheCapturedResponse) {
  // A real response (the department's health), captured as unary.sh captures one...
  std::string captured = LogPath("health.bin");
  LoadRun capture =
      RunLoad(absl::StrCat("--address=", department_->grpc_address(),
                           " --method=/grpc.health.v1.Health/Check --request='{}' --calls=1",
                           " --save_response=", captured, " --json"));
  ASSERT_EQ(capture.exit_code, 0) << capture.out;
  std::ifstream in(captured, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  grpc::health::v1::HealthCheckResponse health;
  ASSERT_TRUE(health.ParseFromString(bytes.str()));
  EXPECT_EQ(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);
  ASSERT_GT(bytes.str().size(), 0u);

  // ...is what a bare server given it answers every call with.
  absl::StatusOr<std::unique_ptr<ServerProcess>> bare = ServerProcess::Start(
      FAZHI_BARE_SERVER_BINARY, {absl::StrCat("--response_file=", captured)}, LogPath("bare-file"));
  ASSERT_TRUE(bare.ok()) << bare.status();
  LoadRun run = RunLoad(absl::StrCat("--address=", (*bare)->grpc_address(),
                                     " --method=/grpc.health.v1.Health/Check --request='{}'",
                                     " --connections=2 --concurrency=2 --calls=40 --json"));
  ASSERT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(run.json["ok"], 40);
  EXPECT_EQ(run.json["mean_response_bytes"].get<double>(), bytes.str().size());
  std::filesystem::remove(captured);
}

TEST_F(LoadSmokeTest, ReachesAServerOverMutualTlsWithTheClientFlags) {
  std::string dir = LogPath("pki");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(std::system(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", dir).c_str()), 0);
  absl::StatusOr<std::unique_ptr<ServerProcess>> bare =
      ServerProcess::Start(FAZHI_BARE_SERVER_BINARY,
                           {absl::StrCat("--tls_cert_file=", dir, "/server.pem"),
                            absl::StrCat("--tls_key_file=", dir, "/server.key"),
                            absl::StrCat("--tls_client_ca_file=", dir, "/ca.pem")},
                           LogPath("bare-tls"));
  ASSERT_TRUE(bare.ok()) << bare.status();
  std::string call =
      absl::StrCat("--address=", (*bare)->grpc_address(), " --method=", kGetDepartment,
                   " --request='{}' --calls=100 --json");
  LoadRun tls = RunLoad(absl::StrCat(call, " --ca_file=", dir, "/ca.pem --cert_file=", dir,
                                     "/client.pem --key_file=", dir, "/client.key"),
                        testing::AdminToken());
  ASSERT_EQ(tls.exit_code, 0) << tls.out;
  EXPECT_EQ(tls.json["ok"], 100);
  // Plaintext to a TLS server never connects: a clear error, not a run of failures.
  LoadRun plaintext = RunLoad(absl::StrCat(call, " --wait_seconds=1"));
  EXPECT_EQ(plaintext.exit_code, 2) << plaintext.out;
  EXPECT_THAT(plaintext.out, HasSubstr("did not answer within 1 s"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fazhi

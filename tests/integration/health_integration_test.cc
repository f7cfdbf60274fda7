// The department server's health follows its database: a relay between the server and MariaDB
// is cut and restored, and grpc.health.v1 must turn NOT_SERVING and back, with calls failing as
// UNAVAILABLE (safe to retry) meanwhile and working again afterwards, without a restart.

#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/backend.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;

// Polls until the server reports want, or gives up after the timeout.
bool WaitForHealth(const std::shared_ptr<grpc::Channel>& channel, int want) {
  absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (absl::Now() < give_up) {
    absl::StatusOr<int> status = testing::CheckHealth(channel);
    if (status.ok() && *status == want) return true;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return false;
}

grpc::StatusCode GetCode(pb::DepartmentService::Stub& stub) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  pb::GetDepartmentRequest request;
  request.set_id("jiyuan");
  pb::Department response;
  return stub.GetDepartment(&context, request, &response).error_code();
}

TEST(DatabaseHealthTest, NotServingWhileTheDatabaseIsUnreachableAndBackAfter) {
  const char* backend = std::getenv("FAZHI_TEST_BACKEND");
  ASSERT_TRUE(backend != nullptr && std::string(backend) == "mysql")
      << "this test cuts the network to MariaDB: run it with FAZHI_TEST_BACKEND=mysql";
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database = testing::TestDatabase::Create();
  ASSERT_TRUE(database.ok()) << database.status();
  absl::StatusOr<db::internal::ParsedUrl> url = db::internal::ParseUrl((*database)->url());
  ASSERT_TRUE(url.ok());
  absl::StatusOr<std::unique_ptr<testing::TcpProxy>> proxy = testing::TcpProxy::Start(url->port);
  ASSERT_TRUE(proxy.ok()) << proxy.status();
  std::string relayed = absl::StrCat("mysql://", url->user, ":", url->password,
                                     "@127.0.0.1:", (*proxy)->port(), "/", url->database);

  absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
      FAZHI_DEPARTMENT_BINARY,
      {absl::StrCat("--database_url=", relayed), "--health_check_interval_ms=100"},
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-health-", getpid(), ".log"))
          .string());
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = testing::AuthorizedChannel((*server)->grpc_address(), testing::AdminToken());
  auto stub = pb::DepartmentService::NewStub(channel);

  ASSERT_TRUE(WaitForHealth(channel, testing::kServing));
  EXPECT_EQ(GetCode(*stub), grpc::StatusCode::NOT_FOUND);  // the database answers: no such unit

  (*proxy)->Cut();
  EXPECT_TRUE(WaitForHealth(channel, testing::kNotServing)) << (*server)->Log();
  EXPECT_EQ(GetCode(*stub), grpc::StatusCode::UNAVAILABLE);

  ASSERT_TRUE((*proxy)->Restore().ok());
  EXPECT_TRUE(WaitForHealth(channel, testing::kServing)) << (*server)->Log();
  EXPECT_EQ(GetCode(*stub), grpc::StatusCode::NOT_FOUND);

  std::string log = (*server)->Log();
  EXPECT_NE(log.find("database unreachable; health is NOT_SERVING"), std::string::npos) << log;
  EXPECT_NE(log.find("database reachable again; serving"), std::string::npos) << log;
  // The password never reaches the log.
  EXPECT_EQ(log.find(absl::StrCat(":", url->password, "@")), std::string::npos) << log;
  EXPECT_EQ((*server)->Stop(), 0);
}

}  // namespace
}  // namespace fazhi

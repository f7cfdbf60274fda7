#include "tests/support/statistics_servers.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"

namespace fazhi::testing {

absl::StatusOr<std::unique_ptr<StatisticsServers>> StatisticsServers::Start(
    const std::string& department_binary, const std::string& statistics_binary,
    const std::string& name) {
  std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-", name, "-", getpid()))
          .string();
  std::filesystem::create_directories(dir);
  auto servers = std::unique_ptr<StatisticsServers>(new StatisticsServers());
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  servers->department_db_ = *std::move(db);
  db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  servers->statistics_db_ = *std::move(db);

  absl::StatusOr<std::unique_ptr<ServerProcess>> department = ServerProcess::Start(
      department_binary, {absl::StrCat("--database_url=", servers->department_db_->url())},
      absl::StrCat(dir, "/department.log"));
  if (!department.ok()) return department.status();
  servers->department_ = *std::move(department);
  auto units = department::v1::DepartmentService::NewStub(
      AuthorizedChannel(servers->department_->grpc_address(), AdminToken()));
  absl::StatusOr<int> loaded = department::demo::LoadJiyuanUnits(*units);
  if (!loaded.ok()) return loaded.status();

  // The statistics service reads the registry as a service account.
  std::string token_file = absl::StrCat(dir, "/statistics.token");
  std::ofstream(token_file) << Token({"service"}, "", "statistics");
  absl::StatusOr<std::unique_ptr<ServerProcess>> statistics = ServerProcess::Start(
      statistics_binary,
      {absl::StrCat("--database_url=", servers->statistics_db_->url()),
       absl::StrCat("--department_address=", servers->department_->grpc_address()),
       absl::StrCat("--department_token_file=", token_file)},
      absl::StrCat(dir, "/statistics.log"));
  if (!statistics.ok()) return statistics.status();
  servers->statistics_ = *std::move(statistics);
  return servers;
}

std::unique_ptr<statistics::v1::StatisticsService::Stub> StatisticsServers::Stub(
    const std::string& token) const {
  return statistics::v1::StatisticsService::NewStub(
      AuthorizedChannel(statistics_->grpc_address(), token));
}

}  // namespace fazhi::testing

#include "tests/support/statistics_servers.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_call.h"
#include "tests/support/seed_figures.h"

namespace fazhi::testing {

absl::StatusOr<DepartmentServer> StartDepartment(const std::string& binary,
                                                 const std::string& log_path, bool load_units,
                                                 std::vector<std::string> extra_flags) {
  DepartmentServer server;
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  server.database = *std::move(db);
  extra_flags.push_back(absl::StrCat("--database_url=", server.database->url()));
  absl::StatusOr<std::unique_ptr<ServerProcess>> process =
      ServerProcess::Start(binary, std::move(extra_flags), log_path);
  if (!process.ok()) return process.status();
  server.process = *std::move(process);
  if (load_units) {
    auto units = department::v1::DepartmentService::NewStub(
        AuthorizedChannel(server.process->grpc_address(), AdminToken()));
    absl::StatusOr<int> loaded = department::demo::LoadJiyuanUnits(*units);
    if (!loaded.ok()) return loaded.status();
  }
  return server;
}

absl::StatusOr<std::unique_ptr<StatisticsServers>> StatisticsServers::Start(
    const std::string& department_binary, const std::string& statistics_binary,
    const std::string& name, bool load_units, std::vector<std::string> extra_flags) {
  std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-", name, "-", getpid()))
          .string();
  std::filesystem::create_directories(dir);
  auto servers = std::unique_ptr<StatisticsServers>(new StatisticsServers());
  absl::StatusOr<DepartmentServer> department =
      StartDepartment(department_binary, absl::StrCat(dir, "/department.log"), load_units);
  if (!department.ok()) return department.status();
  servers->department_ = *std::move(department);
  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  servers->statistics_db_ = *std::move(db);

  // The statistics service reads the registry as a service account.
  std::string token_file = absl::StrCat(dir, "/statistics.token");
  std::ofstream(token_file) << Token({"service"}, "", "fazhi-statistics");
  extra_flags.push_back(absl::StrCat("--database_url=", servers->statistics_db_->url()));
  extra_flags.push_back(
      absl::StrCat("--department_address=", servers->department_.process->grpc_address()));
  extra_flags.push_back(absl::StrCat("--department_token_file=", token_file));
  absl::StatusOr<std::unique_ptr<ServerProcess>> statistics = ServerProcess::Start(
      statistics_binary, std::move(extra_flags), absl::StrCat(dir, "/statistics.log"));
  if (!statistics.ok()) return statistics.status();
  servers->statistics_ = *std::move(statistics);
  return servers;
}

std::unique_ptr<statistics::v1::StatisticsService::Stub> StatisticsServers::Stub(
    const std::string& token) const {
  return statistics::v1::StatisticsService::NewStub(
      AuthorizedChannel(statistics_->grpc_address(), token));
}

absl::StatusOr<statistics::v1::DataPoint> StatisticsServers::GetPoint(
    const std::string& code, const std::string& unit) const {
  statistics::v1::GetDataPointRequest request;
  request.set_indicator_code(code);
  request.set_department_id(unit);
  *request.mutable_period() = Year(2021);
  statistics::v1::DataPoint point;
  grpc::Status s = Call(*Stub(AdminToken()), &statistics::v1::StatisticsService::Stub::GetDataPoint,
                        request, &point);
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        absl::StrCat(code, " of ", unit, ": ", s.error_message()));
  }
  return point;
}

common::v1::Period Year(int year) {
  common::v1::Period p;
  p.set_type(common::v1::PERIOD_TYPE_YEAR);
  p.set_year(year);
  return p;
}

statistics::v1::DataPoint Point(const std::string& code, const std::string& unit, int64_t value,
                                const common::v1::Period& period) {
  statistics::v1::DataPoint p;
  p.set_indicator_code(code);
  p.set_department_id(unit);
  *p.mutable_period() = period;
  p.set_value(value);
  return p;
}

std::vector<statistics::v1::DataPoint> SeedFigures() {
  std::vector<statistics::v1::DataPoint> points;
  for (const auto& [code, value] : SeedFigureValues()) {
    points.push_back(Point(code, "jiyuan", value));
  }
  return points;
}

statistics::v1::Indicator MediationSuccessRate() {
  statistics::v1::Indicator i;
  i.set_code("mediation.success_rate");
  i.set_name("调解成功率");
  i.set_unit("%");
  i.set_value_type(statistics::v1::VALUE_TYPE_RATIO);
  i.set_aggregation(statistics::v1::AGGREGATION_SUM);
  i.add_period_types(common::v1::PERIOD_TYPE_YEAR);
  i.set_numerator_code("mediation.successful");
  i.set_denominator_code("mediation.disputes");
  return i;
}

}  // namespace fazhi::testing

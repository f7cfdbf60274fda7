#include "tests/fault/fault_servers.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "services/statistics/domain/indicator.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/grpc_health.h"

namespace fazhi::testing {

absl::StatusOr<std::unique_ptr<FaultCaseServers>> FaultCaseServers::Start(
    const std::string& name, bool with_statistics, std::vector<std::string> extra_flags) {
  auto servers = std::unique_ptr<FaultCaseServers>(new FaultCaseServers);
  servers->log_dir_ =
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-fault-", name, "-", getpid()))
          .string();
  std::filesystem::create_directories(servers->log_dir_);
  absl::StatusOr<DepartmentServer> department =
      StartDepartment(FAZHI_DEPARTMENT_BINARY, servers->log_dir_ + "/department.log");
  if (!department.ok()) return department.status();
  servers->department_ = *std::move(department);
  if (with_statistics) {
    absl::StatusOr<std::unique_ptr<FaultStatistics>> statistics =
        FaultStatistics::Start(servers->department().grpc_address(), servers->log_dir_);
    if (!statistics.ok()) return statistics.status();
    servers->statistics_ = *std::move(statistics);
  }
  auto officers = department::v1::OfficerService::NewStub(
      AuthorizedChannel(servers->department().grpc_address(), AdminToken()));
  for (const TestOfficer& o : CaseOfficers({"sthjj-wang", "sthjj-li"})) {
    if (absl::Status s = AddOfficer(*officers, o.id, o.department, o.name, o.certificate);
        !s.ok()) {
      return s;
    }
  }
  auto port_of = [](const std::string& address) {
    return std::stoi(address.substr(address.rfind(':') + 1));
  };
  absl::StatusOr<std::unique_ptr<TcpProxy>> to_department =
      TcpProxy::Start(port_of(servers->department().grpc_address()));
  if (!to_department.ok()) return to_department.status();
  servers->to_department_ = *std::move(to_department);

  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  servers->cases_db_ = *std::move(db);
  std::string token_file = servers->log_dir_ + "/cases.token";
  std::ofstream(token_file) << Token({"service"}, "", "fazhi-cases");
  std::vector<std::string> flags = {
      absl::StrCat("--database_url=", servers->cases_db_->url()),
      absl::StrCat("--department_address=127.0.0.1:", servers->to_department_->port()),
      absl::StrCat("--department_token_file=", token_file),
      "--page_token_secret=fault",
      absl::StrCat("--calendar_dir=", FAZHI_SOURCE_DIR, "/deploy/calendars"),
      "--health_check_interval_ms=100",
  };
  if (with_statistics) {
    absl::StatusOr<std::unique_ptr<TcpProxy>> to_statistics =
        TcpProxy::Start(port_of(servers->statistics_->process().grpc_address()));
    if (!to_statistics.ok()) return to_statistics.status();
    servers->to_statistics_ = *std::move(to_statistics);
    flags.push_back(
        absl::StrCat("--statistics_address=127.0.0.1:", servers->to_statistics_->port()));
    flags.push_back(absl::StrCat("--statistics_token_file=", token_file));
  }
  for (std::string& f : extra_flags) flags.push_back(std::move(f));
  servers->cases_flags_ = flags;
  absl::StatusOr<std::unique_ptr<ServerProcess>> cases =
      ServerProcess::Start(FAZHI_CASES_BINARY, std::move(flags), servers->log_dir_ + "/cases.log");
  if (!cases.ok()) return cases.status();
  servers->cases_ = *std::move(cases);
  return servers;
}

absl::StatusOr<std::unique_ptr<FaultStatistics>> FaultStatistics::Start(
    const std::string& department_address, const std::string& log_dir,
    std::vector<std::string> extra_flags, const std::string& database_url) {
  auto servers = std::unique_ptr<FaultStatistics>(new FaultStatistics);
  // A directory of this process's own: the token file is signed with this process's key, and
  // tests run in parallel.
  static std::atomic<int> started{0};
  servers->log_dir_ = absl::StrCat(log_dir, "/fazhi-fault-statistics-", getpid(), "-", started++);
  std::filesystem::create_directories(servers->log_dir_);
  std::string url = database_url;
  if (url.empty()) {
    absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
    if (!db.ok()) return db.status();
    servers->db_ = *std::move(db);
    url = servers->db_->url();
  }
  std::string token_file = servers->log_dir_ + "/statistics.token";
  std::ofstream(token_file) << Token({"service"}, "", "fazhi-statistics");
  servers->flags_ = {
      absl::StrCat("--database_url=", url),
      absl::StrCat("--department_address=", department_address),
      absl::StrCat("--department_token_file=", token_file),
      "--health_check_interval_ms=100",
  };
  for (std::string& f : extra_flags) servers->flags_.push_back(std::move(f));
  if (absl::Status s = servers->Restart(); !s.ok()) return s;
  return servers;
}

absl::Status FaultStatistics::Restart() {
  absl::StatusOr<std::unique_ptr<ServerProcess>> process = ServerProcess::Start(
      FAZHI_STATISTICS_BINARY, flags_, absl::StrCat(log_dir_, "/statistics-", starts_++, ".log"));
  if (!process.ok()) return process.status();
  process_ = *std::move(process);
  return absl::OkStatus();
}

absl::Status FaultStatistics::KillAndRestart() {
  process_->Kill();
  return Restart();
}

std::unique_ptr<statistics::v1::StatisticsService::Stub> FaultStatistics::Stub(
    const std::string& token) const {
  return statistics::v1::StatisticsService::NewStub(
      AuthorizedChannel(process_->grpc_address(), token));
}

absl::Status FaultCaseServers::KillAndRestartCases() {
  cases_->Kill();
  absl::StatusOr<std::unique_ptr<ServerProcess>> cases = ServerProcess::Start(
      FAZHI_CASES_BINARY, cases_flags_, absl::StrCat(log_dir_, "/cases-", ++starts_, ".log"));
  if (!cases.ok()) return cases.status();
  cases_ = *std::move(cases);
  return absl::OkStatus();
}

std::unique_ptr<cases::v1::EnforcementCaseService::Stub> FaultCaseServers::Clerk() const {
  return cases::v1::EnforcementCaseService::NewStub(AuthorizedChannel(
      cases_->grpc_address(), Token({"clerk"}, kFaultUnit, "clerk-jiyuan-sthjj")));
}

int64_t CountRows(TestDatabase& database, const std::string& sql,
                  const std::vector<db::Value>& params) {
  return CountRows(database.db(), sql, params);
}

int64_t CountRows(db::Database& database, const std::string& sql,
                  const std::vector<db::Value>& params) {
  absl::StatusOr<db::Result> result = database.Execute(sql, params);
  if (!result.ok()) {
    ADD_FAILURE() << sql << ": " << result.status();
    return -1;
  }
  if (result->rows.empty()) return -1;
  return result->rows[0].Int(0);
}

bool HealthBecomes(const std::string& address, int want, absl::Duration timeout) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  absl::Time give_up = absl::Now() + timeout;
  while (absl::Now() < give_up) {
    absl::StatusOr<int> status = CheckHealth(channel);
    if (status.ok() && *status == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

std::vector<statistics::v1::DataPoint> MonthlyFigures(int year) {
  static const auto* codes = new std::vector<std::string>(statistics::ShippedIndicatorCodes(
      statistics::ValueType::kCount, time_util::PeriodType::kMonth));
  std::vector<statistics::v1::DataPoint> points;
  int n = 0;
  for (const department::v1::CreateDepartmentRequest& unit : department::demo::JiyuanUnits()) {
    if (unit.department_id() != "jiyuan" && unit.department().parent_id() != "jiyuan") continue;
    for (int month = 1; month <= 12; ++month) {
      common::v1::Period period;
      period.set_type(common::v1::PERIOD_TYPE_MONTH);
      period.set_year(year);
      period.set_index(month);
      for (const std::string& code : *codes) {
        points.push_back(Point(code, unit.department_id(), ++n % 97, period));
      }
    }
  }
  return points;
}

grpc::Status StreamPoints(statistics::v1::StatisticsService::Stub& stub,
                          const std::vector<statistics::v1::DataPoint>& points,
                          const statistics::v1::ImportOptions& options,
                          statistics::v1::ImportSummary* summary,
                          const std::function<void(size_t)>& after_message,
                          absl::Duration deadline) {
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  std::unique_ptr<grpc::ClientWriter<statistics::v1::IngestDataPointsRequest>> writer =
      stub.IngestDataPoints(&context, summary);
  statistics::v1::IngestDataPointsRequest message;
  *message.mutable_options() = options;
  for (size_t i = 0; i < points.size(); ++i) {
    *message.add_points() = points[i];
    if (message.points_size() == 1000 || i + 1 == points.size()) {
      if (!writer->Write(message)) break;
      message.Clear();
      if (after_message) after_message(i + 1);
    }
  }
  writer->WritesDone();
  return writer->Finish();
}

int64_t SumOfValues(const std::vector<statistics::v1::DataPoint>& points) {
  int64_t sum = 0;
  for (const statistics::v1::DataPoint& p : points) sum += p.value();
  return sum;
}

}  // namespace fazhi::testing

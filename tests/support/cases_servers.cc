#include "tests/support/cases_servers.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"

namespace fazhi::testing {

std::vector<TestOfficer> CaseOfficers(const std::vector<std::string>& ids) {
  static const auto* const kRoster = new std::vector<TestOfficer>{
      {"sthjj-wang", "jiyuan-sthjj", "王建军", "豫济执法字第9001号"},
      {"sthjj-li", "jiyuan-sthjj", "李秀英", "豫济执法字第9002号"},
      {"sthjj-zhao", "jiyuan-sthjj", "赵磊", "豫济执法字第9003号"},
      {"sthjj-chen", "jiyuan-sthjj", "陈刚", "豫济执法字第9004号"},
      {"scjgj-sun", "jiyuan-scjgj", "孙丽", "豫济执法字第9101号"},
      {"scjgj-qian", "jiyuan-scjgj", "钱明", "豫济执法字第9102号"},
  };
  std::vector<TestOfficer> out;
  for (const std::string& id : ids) {
    auto it = std::find_if(kRoster->begin(), kRoster->end(),
                           [&](const TestOfficer& o) { return o.id == id; });
    out.push_back(it != kRoster->end() ? *it : TestOfficer{id, "", "", ""});
  }
  return out;
}

absl::StatusOr<std::unique_ptr<CasesServers>> CasesServers::Start(
    const std::string& department_binary, const std::string& cases_binary, const std::string& name,
    const std::vector<TestOfficer>& officers, const std::string& statistics_binary,
    const std::string& calendar_dir, std::vector<std::string> extra_cases_flags) {
  std::string dir =
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-", name, "-", getpid()))
          .string();
  std::filesystem::create_directories(dir);
  auto servers = std::unique_ptr<CasesServers>(new CasesServers());
  if (statistics_binary.empty()) {
    absl::StatusOr<DepartmentServer> department =
        StartDepartment(department_binary, absl::StrCat(dir, "/department.log"));
    if (!department.ok()) return department.status();
    servers->department_ = *std::move(department);
  } else {
    absl::StatusOr<std::unique_ptr<StatisticsServers>> statistics =
        StatisticsServers::Start(department_binary, statistics_binary, name);
    if (!statistics.ok()) return statistics.status();
    servers->statistics_ = *std::move(statistics);
  }
  const std::string department_address = servers->department().grpc_address();

  auto officer_stub =
      department::v1::OfficerService::NewStub(AuthorizedChannel(department_address, AdminToken()));
  for (const TestOfficer& o : officers) {
    absl::Status added = AddOfficer(*officer_stub, o.id, o.department, o.name, o.certificate);
    if (!added.ok()) return added;
  }

  absl::StatusOr<std::unique_ptr<TestDatabase>> db = TestDatabase::Create();
  if (!db.ok()) return db.status();
  servers->cases_db_ = *std::move(db);
  std::string token_file = absl::StrCat(dir, "/cases.token");
  std::ofstream(token_file) << Token({"service"}, "", "fazhi-cases");
  std::vector<std::string> flags = {
      absl::StrCat("--database_url=", servers->cases_db_->url()),
      absl::StrCat("--department_address=", department_address),
      absl::StrCat("--department_token_file=", token_file),
      "--page_token_secret=integration",
  };
  if (servers->statistics_) {
    flags.push_back(
        absl::StrCat("--statistics_address=", servers->statistics_->statistics().grpc_address()));
    flags.push_back(absl::StrCat("--statistics_token_file=", token_file));
  }
  flags.insert(flags.end(), extra_cases_flags.begin(), extra_cases_flags.end());
  servers->cases_binary_ = cases_binary;
  servers->cases_flags_ = flags;
  servers->log_dir_ = dir;
  flags.push_back(absl::StrCat(
      "--calendar_dir=",
      calendar_dir.empty() ? absl::StrCat(FAZHI_SOURCE_DIR, "/deploy/calendars") : calendar_dir));
  absl::StatusOr<std::unique_ptr<ServerProcess>> cases =
      ServerProcess::Start(cases_binary, std::move(flags), absl::StrCat(dir, "/cases.log"));
  if (!cases.ok()) return cases.status();
  servers->cases_ = *std::move(cases);
  return servers;
}

absl::Status CasesServers::RestartCases(const std::string& calendar_dir, int* exit_code) {
  *exit_code = cases_->Stop();
  std::vector<std::string> flags = cases_flags_;
  flags.push_back(absl::StrCat("--calendar_dir=", calendar_dir));
  absl::StatusOr<std::unique_ptr<ServerProcess>> cases = ServerProcess::Start(
      cases_binary_, std::move(flags), absl::StrCat(log_dir_, "/cases-", ++restarts_, ".log"));
  if (!cases.ok()) return cases.status();
  cases_ = *std::move(cases);
  return absl::OkStatus();
}

}  // namespace fazhi::testing

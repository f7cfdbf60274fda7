#ifndef FAZHI_TESTS_SUPPORT_CASES_SERVERS_H_
#define FAZHI_TESTS_SUPPORT_CASES_SERVERS_H_

// The real cases service with the real department service beside it (and the statistics
// service, for the suites that sync figures), each on its own throwaway database of the backend
// under test, the seed report's units loaded and the suite's officers certified: what every cases
// integration test starts once for its suite.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/test_database.h"

namespace fazhi::testing {

// An enforcement officer of department holding certificate (see AddOfficer).
struct TestOfficer {
  std::string id;
  std::string department;
  std::string name;
  std::string certificate;
};

// The officers the cases suites certify, by id, from one roster: 生态环境局's sthjj-wang 王建军,
// sthjj-li 李秀英, sthjj-zhao 赵磊 and sthjj-chen 陈刚 (豫济执法字第9001号 to 9004号) and
// 市场监管局's scjgj-sun 孙丽 and scjgj-qian 钱明 (第9101号, 第9102号). An id not on the
// roster comes back with no unit, which the department service refuses at Start.
std::vector<TestOfficer> CaseOfficers(const std::vector<std::string>& ids);

class CasesServers {
 public:
  // name distinguishes the suite's logs and token file under the temporary directory; officers
  // are created and certified in the department service before the cases service starts. With a
  // statistics_binary the statistics service starts too and the cases service writes its figures
  // there. The cases service calls the others as a service account ("cases"). calendar_dir
  // defaults to the shipped deploy/calendars. extra_cases_flags go on the cases service's command
  // line (and stay there across RestartCases).
  static absl::StatusOr<std::unique_ptr<CasesServers>> Start(
      const std::string& department_binary, const std::string& cases_binary,
      const std::string& name, const std::vector<TestOfficer>& officers,
      const std::string& statistics_binary = "", const std::string& calendar_dir = "",
      std::vector<std::string> extra_cases_flags = {});

  ServerProcess& department() {
    return statistics_ ? statistics_->department() : *department_.process;
  }
  ServerProcess& cases() { return *cases_; }
  // Each service's own database, for tests that read what a call left behind.
  TestDatabase& cases_database() { return *cases_db_; }
  TestDatabase& department_database() {
    return statistics_ ? statistics_->department_database() : *department_.database;
  }
  // Stops the cases service (its exit code is returned through *exit_code) and starts it again on
  // the same database with calendar_dir as its --calendar_dir: how an operator brings in a new
  // year's calendar file. cases() is the new process afterwards.
  absl::Status RestartCases(const std::string& calendar_dir, int* exit_code);
  // Only when started with a statistics_binary.
  const StatisticsServers& statistics() const { return *statistics_; }

 private:
  // Either the department service alone or with statistics beside it.
  DepartmentServer department_;
  std::unique_ptr<StatisticsServers> statistics_;
  std::unique_ptr<TestDatabase> cases_db_;
  std::unique_ptr<ServerProcess> cases_;
  // How the cases service was started, for RestartCases: its flags but --calendar_dir.
  std::string cases_binary_;
  std::vector<std::string> cases_flags_;
  std::string log_dir_;
  int restarts_ = 0;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_CASES_SERVERS_H_

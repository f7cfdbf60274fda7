#ifndef FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_
#define FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_

// The real statistics service with the real department service beside it, each on its own
// throwaway database of the backend under test, and the seed report's units loaded: what every
// statistics integration test starts once for its suite.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::testing {

// The real department service on its own throwaway database of the backend under test, logging
// to log_path, with the seed report's units loaded unless load_units is false, and extra_flags
// on its command line.
struct DepartmentServer {
  std::unique_ptr<TestDatabase> database;
  std::unique_ptr<ServerProcess> process;
};
absl::StatusOr<DepartmentServer> StartDepartment(const std::string& binary,
                                                 const std::string& log_path,
                                                 bool load_units = true,
                                                 std::vector<std::string> extra_flags = {});

class StatisticsServers {
 public:
  // name distinguishes the suite's logs under the temporary directory. Without load_units the
  // registry starts empty (for a test that loads it itself). extra_flags go on the statistics
  // service's command line (a limit under test, say).
  static absl::StatusOr<std::unique_ptr<StatisticsServers>> Start(
      const std::string& department_binary, const std::string& statistics_binary,
      const std::string& name, bool load_units = true, std::vector<std::string> extra_flags = {});

  const ServerProcess& department() const { return *department_.process; }
  ServerProcess& department() { return *department_.process; }
  const ServerProcess& statistics() const { return *statistics_; }
  // Each service's own (primary) database, for tests that read what a call left behind.
  TestDatabase& department_database() const { return *department_.database; }
  TestDatabase& statistics_database() const { return *statistics_db_; }
  // A statistics client calling with token.
  std::unique_ptr<statistics::v1::StatisticsService::Stub> Stub(const std::string& token) const;
  // The data point of code for unit in 2021, read as an admin.
  absl::StatusOr<statistics::v1::DataPoint> GetPoint(const std::string& code,
                                                     const std::string& unit) const;

 private:
  DepartmentServer department_;
  std::unique_ptr<TestDatabase> statistics_db_;
  std::unique_ptr<ServerProcess> statistics_;
};

// A year as a period.
common::v1::Period Year(int year);
// A figure of code for unit (2021 unless period says otherwise).
statistics::v1::DataPoint Point(const std::string& code, const std::string& unit, int64_t value,
                                const common::v1::Period& period = Year(2021));
// The report's 2021 city figures, all as the city government's (jiyuan): the ones the rules
// check, slips included (145 concluded but 55 + 32 + 44 + 9 = 140; 2057 of 6157 stated as 33.7%;
// 406 legality reviews but 177 + 35 + 85 + 67 = 364). scripts/run's demo (services/statistics/
// demo) spreads them over the units the report names; these keep the tests' arithmetic simple.
std::vector<statistics::v1::DataPoint> SeedFigures();
// 调解成功率 as a ratio indicator computed from mediation.successful over mediation.disputes.
statistics::v1::Indicator MediationSuccessRate();

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_

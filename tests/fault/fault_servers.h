#ifndef FAZHI_TESTS_FAULT_FAULT_SERVERS_H_
#define FAZHI_TESTS_FAULT_FAULT_SERVERS_H_

// What the fault tests start: the real cases service with the real department service (and the
// statistics service) beside it, each on its own throwaway database, with a TcpProxy between the
// cases service and each service it calls, so a test can take a downstream away (Cut) or make it
// hang (Stall); and the counting and polling every fault test needs.

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/tcp_proxy.h"
#include "tests/support/test_database.h"

namespace fazhi::testing {

inline constexpr char kFaultUnit[] = "jiyuan-sthjj";

// The real statistics service on its own throwaway database, calling department_address for
// the unit registry; it can be killed and started again on the same database.
class FaultStatistics {
 public:
  static absl::StatusOr<std::unique_ptr<FaultStatistics>> Start(
      const std::string& department_address, const std::string& log_dir,
      std::vector<std::string> extra_flags = {}, const std::string& database_url = "");
  ServerProcess& process() { return *process_; }
  // The throwaway database, unless started on database_url.
  TestDatabase& database() { return *db_; }
  // SIGKILLs the service (no drain, no clean-up) and starts it again on the same database.
  absl::Status KillAndRestart();
  // Starts it again after it stopped (or was killed).
  absl::Status Restart();
  std::unique_ptr<statistics::v1::StatisticsService::Stub> Stub(const std::string& token) const;

 private:
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ServerProcess> process_;
  std::vector<std::string> flags_;
  std::string log_dir_;
  int starts_ = 0;
};

class FaultCaseServers {
 public:
  // Starts department (and statistics, directly, when with_statistics) on the backend
  // TestDatabase is set to, certifies sthjj-wang and sthjj-li, and starts the cases service with
  // extra_flags, calling the others through proxies.
  static absl::StatusOr<std::unique_ptr<FaultCaseServers>> Start(
      const std::string& name, bool with_statistics, std::vector<std::string> extra_flags = {});

  ServerProcess& department() { return *department_.process; }
  ServerProcess& cases() { return *cases_; }
  TestDatabase& cases_database() { return *cases_db_; }
  FaultStatistics& statistics() { return *statistics_; }
  TcpProxy& to_department() { return *to_department_; }
  TcpProxy& to_statistics() { return *to_statistics_; }

  // SIGKILLs the cases service (no drain, no clean-up) and starts it again on the same database.
  absl::Status KillAndRestartCases();
  // A clerk of kFaultUnit calling the cases service.
  std::unique_ptr<cases::v1::EnforcementCaseService::Stub> Clerk() const;

 private:
  DepartmentServer department_;
  std::unique_ptr<FaultStatistics> statistics_;
  std::unique_ptr<TcpProxy> to_department_;
  std::unique_ptr<TcpProxy> to_statistics_;
  std::unique_ptr<TestDatabase> cases_db_;
  std::unique_ptr<ServerProcess> cases_;
  std::vector<std::string> cases_flags_;
  std::string log_dir_;
  int starts_ = 0;
};

// One number from the database: the first column of the first row of sql, or -1 on error.
int64_t CountRows(TestDatabase& database, const std::string& sql,
                  const std::vector<db::Value>& params = {});
int64_t CountRows(db::Database& database, const std::string& sql,
                  const std::vector<db::Value>& params = {});

// Polls the whole server's grpc.health.v1 status until it is want or timeout passes.
bool HealthBecomes(const std::string& address, int want, absl::Duration timeout);

// The data points of one stream's worth: every monthly count of the catalogue for every unit of
// the city directly under the city government, for each month of year (17,484 per year).
std::vector<statistics::v1::DataPoint> MonthlyFigures(int year);

// Sends points over one IngestDataPoints stream with options, 1,000 a message; after each
// message, after_message (when given) is called with the number of points sent so far, and may
// block (to hold the stream open while the test breaks something).
grpc::Status StreamPoints(statistics::v1::StatisticsService::Stub& stub,
                          const std::vector<statistics::v1::DataPoint>& points,
                          const statistics::v1::ImportOptions& options,
                          statistics::v1::ImportSummary* summary,
                          const std::function<void(size_t)>& after_message = nullptr,
                          absl::Duration deadline = absl::Seconds(60));

// The sum of the points' values.
int64_t SumOfValues(const std::vector<statistics::v1::DataPoint>& points);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_FAULT_FAULT_SERVERS_H_

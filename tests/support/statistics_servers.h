#ifndef FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_
#define FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_

// The real statistics service with the real department service beside it, each on its own
// throwaway database of the backend under test, and the seed report's units loaded: what every
// statistics integration test starts once for its suite.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::testing {

class StatisticsServers {
 public:
  // name distinguishes the suite's logs under the temporary directory.
  static absl::StatusOr<std::unique_ptr<StatisticsServers>> Start(
      const std::string& department_binary, const std::string& statistics_binary,
      const std::string& name);

  const ServerProcess& department() const { return *department_; }
  const ServerProcess& statistics() const { return *statistics_; }
  // A statistics client calling with token.
  std::unique_ptr<statistics::v1::StatisticsService::Stub> Stub(const std::string& token) const;

 private:
  std::unique_ptr<TestDatabase> department_db_;
  std::unique_ptr<TestDatabase> statistics_db_;
  std::unique_ptr<ServerProcess> department_;
  std::unique_ptr<ServerProcess> statistics_;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_STATISTICS_SERVERS_H_

#ifndef FAZHI_TESTS_FAULT_PRIVATE_MARIADB_H_
#define FAZHI_TESTS_FAULT_PRIVATE_MARIADB_H_

// A MariaDB server of one fault test's own, on its own data directory and port, that the test
// may SIGKILL and restart: the server scripts/test starts is shared by every suite running in
// parallel, so killing it would fail them all. Started as scripts/mariadb starts one.

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fazhi::testing {

class PrivateMariaDb {
 public:
  // Installs a data directory under a fresh temporary directory named after name, starts
  // mariadbd on a free loopback port and creates the user fazhi/fazhi that may create databases.
  static absl::StatusOr<std::unique_ptr<PrivateMariaDb>> Start(const std::string& name);
  // Stops the server (SIGTERM, then SIGKILL) and removes its directory.
  ~PrivateMariaDb();

  // mysql://fazhi:fazhi@127.0.0.1:<port>/mysql, for FAZHI_TEST_MYSQL_URL.
  std::string admin_url() const;
  int port() const { return port_; }
  // SIGKILL, as a crash or an OOM kill would: no shutdown, no flush beyond what InnoDB logged.
  void Kill();
  // Starts mariadbd again on the same data directory and port (InnoDB recovers), and waits
  // until it answers.
  absl::Status Restart();
  // Makes FAZHI_TEST_BACKEND=mysql and FAZHI_TEST_MYSQL_URL point TestDatabase at this server.
  void UseForTestDatabases() const;

 private:
  PrivateMariaDb() = default;
  absl::Status Launch();
  absl::Status WaitUntilAnswering();

  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_FAULT_PRIVATE_MARIADB_H_

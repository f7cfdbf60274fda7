#ifndef FAZHI_TESTS_SUPPORT_TEST_DATABASE_H_
#define FAZHI_TESTS_SUPPORT_TEST_DATABASE_H_

// A fresh, empty database for one test on the backend named by FAZHI_TEST_BACKEND: "sqlite"
// (a file in a temporary directory) or "mysql" (a new schema on the server that
// FAZHI_TEST_MYSQL_URL points at, dropped afterwards). scripts/test runs every store test on
// both. A missing server is a failure, never a skip: a suite that silently tests one backend
// proves nothing about the other.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/database.h"
#include "common/db/migrate.h"

namespace fazhi::testing {

class TestDatabase {
 public:
  static absl::StatusOr<std::unique_ptr<TestDatabase>> Create();
  // A fresh database with a service's migrations applied, and the audit log's beside them, as
  // the service applies them at start-up.
  static absl::StatusOr<std::unique_ptr<TestDatabase>> CreateMigrated(
      const std::vector<db::Migration>& migrations);
  ~TestDatabase();

  // The URL a service binary can be started with.
  const std::string& url() const { return url_; }
  db::Database& db() { return *db_; }
  std::string backend() const;

 private:
  TestDatabase() = default;
  std::string url_;
  std::string admin_url_;
  std::string schema_;
  std::string sqlite_dir_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_TEST_DATABASE_H_

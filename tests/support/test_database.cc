#include "tests/support/test_database.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/audit/audit.h"

namespace fazhi::testing {

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::CreateMigrated(
    const std::vector<db::Migration>& migrations) {
  absl::StatusOr<std::unique_ptr<TestDatabase>> t = Create();
  if (!t.ok()) return t.status();
  absl::StatusOr<int> applied = db::Migrate((*t)->db(), audit::WithAuditLog(migrations));
  if (!applied.ok()) return applied.status();
  return t;
}

absl::StatusOr<std::unique_ptr<TestDatabase>> TestDatabase::Create() {
  const char* backend = std::getenv("FAZHI_TEST_BACKEND");
  std::string name = backend ? backend : "sqlite";
  auto t = std::unique_ptr<TestDatabase>(new TestDatabase);
  static std::atomic<int> counter{0};
  std::string unique =
      absl::StrFormat("%d_%d_%06x", getpid(), counter++, std::random_device{}() & 0xffffff);
  if (name == "sqlite") {
    t->sqlite_dir_ =
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi_", unique)).string();
    std::filesystem::create_directories(t->sqlite_dir_);
    t->url_ = absl::StrCat("sqlite://", t->sqlite_dir_, "/test.db");
  } else if (name == "mysql") {
    const char* admin = std::getenv("FAZHI_TEST_MYSQL_URL");
    if (admin == nullptr || *admin == '\0') {
      return absl::FailedPreconditionError(
          "FAZHI_TEST_BACKEND=mysql needs FAZHI_TEST_MYSQL_URL (an account that may create "
          "databases, e.g. mysql://fazhi:fazhi@127.0.0.1:3306/mysql); scripts/test starts a "
          "MariaDB and sets it");
    }
    t->admin_url_ = admin;
    t->schema_ = absl::StrCat("fazhi_test_", unique);
    absl::StatusOr<std::unique_ptr<db::Database>> server = db::Database::Open(t->admin_url_);
    if (!server.ok()) return server.status();
    absl::Status created =
        (*server)
            ->Execute(absl::StrCat("CREATE DATABASE ", t->schema_,
                                   " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
            .status();
    if (!created.ok()) return created;
    std::string base = t->admin_url_.substr(0, t->admin_url_.find('?'));
    std::string query = t->admin_url_.size() > base.size() ? t->admin_url_.substr(base.size()) : "";
    t->url_ = absl::StrCat(base.substr(0, base.rfind('/') + 1), t->schema_, query);
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("FAZHI_TEST_BACKEND must be sqlite or mysql, got '", name, "'"));
  }
  absl::StatusOr<std::unique_ptr<db::Database>> opened = db::Database::Open(t->url_);
  if (!opened.ok()) return opened.status();
  t->db_ = *std::move(opened);
  return t;
}

std::string TestDatabase::backend() const { return schema_.empty() ? "sqlite" : "mysql"; }

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!schema_.empty()) {
    if (auto server = db::Database::Open(admin_url_); server.ok()) {
      (void)(*server)->Execute(absl::StrCat("DROP DATABASE IF EXISTS ", schema_));
    }
  }
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
}

}  // namespace fazhi::testing

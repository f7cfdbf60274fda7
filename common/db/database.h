#ifndef FAZHI_COMMON_DB_DATABASE_H_
#define FAZHI_COMMON_DB_DATABASE_H_

// One SQL layer over two backends: SQLite (the embedded default, WAL) and MySQL/MariaDB through
// Connector/C++ 1.1. Every statement is prepared and its parameters bound by position ('?'),
// so no value is ever spliced into SQL text.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace prometheus {
class Registry;
}  // namespace prometheus

namespace fazhi::db {

enum class Dialect { kSqlite, kMysql };

absl::string_view DialectName(Dialect dialect);

// A bound parameter or a column value: NULL, an integer or text (UTF-8 or bytes).
using Value = std::variant<std::monostate, int64_t, std::string>;

inline Value Null() { return std::monostate{}; }
// Empty text is stored as NULL: optional text columns that are unique (credit codes) stay unique
// only among the values actually given.
inline Value TextOrNull(absl::string_view text) {
  return text.empty() ? Value(std::monostate{}) : Value(std::string(text));
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // NULL reads as 0; text holding a decimal integer (MySQL DECIMAL sums) is converted.
  int64_t Int(size_t i) const;
  // NULL reads as the empty string; an integer as its decimal text.
  std::string Text(size_t i) const;
  bool Bool(size_t i) const { return Int(i) != 0; }

 private:
  std::vector<Value> values_;
};

struct Result {
  std::vector<Row> rows;
  // Rows changed by INSERT, UPDATE or DELETE.
  int64_t affected_rows = 0;
};

// One database session. Not thread-safe: a connection is leased to one caller at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Prepares (once per connection, then from cache) and runs one statement.
  virtual absl::StatusOr<Result> Execute(absl::string_view sql,
                                         const std::vector<Value>& params = {}) = 0;
  virtual absl::Status Begin() = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  // True after an error that leaves the session unusable; the pool then discards it.
  virtual bool broken() const = 0;
};

struct DatabaseOptions {
  int pool_size = 8;
  // How long a caller waits for a free connection before RESOURCE_EXHAUSTED.
  absl::Duration acquire_timeout = absl::Seconds(5);
  // MySQL/MariaDB: how long the client waits for a statement's answer before it gives the session
  // up as lost. A call's statements are bounded more tightly by its deadline
  // (common/call/limits.h); a migration that builds an index over a large table needs minutes.
  absl::Duration read_timeout = absl::Seconds(30);
  // Label for metrics and logs, e.g. "department".
  std::string service = "fazhi";
  // Which database of the service this pool reaches, as the metrics' "role" label: "primary"
  // (every write and every read that must be current) or "replica" (--database_read_url).
  std::string role = "primary";
  // When set, query latency and pool gauges are registered here.
  std::shared_ptr<prometheus::Registry> metrics;
};

struct PoolStats {
  int open = 0;
  int in_use = 0;
  int max = 0;
};

class ConnectionPool;
class BulkPool;

// A pool of connections to one database, chosen by URL:
//   sqlite:///absolute/path.db, sqlite://relative/path.db
//   mysql://user:password@host:port/database[?socket=/path/to/socket]
class Database {
 public:
  static absl::StatusOr<std::unique_ptr<Database>> Open(absl::string_view url,
                                                        DatabaseOptions options = {});
  ~Database();

  Dialect dialect() const { return dialect_; }
  // The URL with any password replaced by ***, for logs.
  const std::string& redacted_url() const { return redacted_url_; }

  // Runs fn in one transaction: committed when fn returns OK, rolled back otherwise.
  absl::Status InTransaction(const std::function<absl::Status(Connection&)>& fn);
  // Runs fn on one connection outside a transaction (reads that need no snapshot).
  absl::Status WithConnection(const std::function<absl::Status(Connection&)>& fn);
  // Shorthand for a single statement outside a transaction.
  absl::StatusOr<Result> Execute(absl::string_view sql, const std::vector<Value>& params = {});
  // OK when the database answers a trivial query now.
  absl::Status Ping();
  PoolStats stats() const;
  // MySQL/MariaDB: raw sessions for LOAD DATA from memory (common/db/bulk.h), opened on first
  // use. nullptr on SQLite.
  BulkPool* bulk() const { return bulk_.get(); }

 private:
  Database(Dialect dialect, std::string redacted_url, std::unique_ptr<ConnectionPool> pool,
           std::unique_ptr<BulkPool> bulk);
  absl::Status OnConnection(bool for_transaction,
                            const std::function<absl::Status(Connection&)>& fn);

  Dialect dialect_;
  std::string redacted_url_;
  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<BulkPool> bulk_;
};

// OK when url names a database this build can open; otherwise the problem, naming the flag it
// came from.
absl::Status CheckUrl(absl::string_view url, absl::string_view flag = "database_url");

// Splits a script into statements at semicolons outside quotes and comments.
std::vector<std::string> SplitStatements(absl::string_view script);

}  // namespace fazhi::db

#endif  // FAZHI_COMMON_DB_DATABASE_H_

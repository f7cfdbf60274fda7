// MySQL / MariaDB backend through MySQL Connector/C++ 1.1 (libmysqlcppconn). The connector
// reports errors as exceptions; they are turned into canonical statuses here and never escape.

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/resultset_metadata.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/call/limits.h"
#include "common/db/backend.h"

namespace fazhi::db::internal {

// Client errors that mean the session is gone (CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR,
// CR_SERVER_GONE_ERROR, CR_SERVER_LOST, CR_SERVER_LOST_EXTENDED) and server shutdown.
bool IsConnectionLost(int code) {
  return code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 2055 ||
         code == 1053 || code == 4031;
}

namespace {

absl::Status MysqlError(const sql::SQLException& e, absl::string_view what, bool* broken) {
  return MysqlStatus(e.getErrorCode(), what, e.what(), broken);
}

bool IsIntegerType(int type) {
  switch (type) {
    case sql::DataType::BIT:
    case sql::DataType::TINYINT:
    case sql::DataType::SMALLINT:
    case sql::DataType::MEDIUMINT:
    case sql::DataType::INTEGER:
    case sql::DataType::BIGINT:
      return true;
    default:
      return false;
  }
}

class MysqlConnection : public Connection {
 public:
  MysqlConnection(std::unique_ptr<sql::Connection> conn, bool mariadb, int64_t lock_wait_seconds)
      : conn_(std::move(conn)),
        mariadb_(mariadb),
        default_lock_wait_seconds_(lock_wait_seconds),
        lock_wait_seconds_(lock_wait_seconds) {}
  ~MysqlConnection() override {
    statements_.clear();
    try {
      conn_->close();
    } catch (const sql::SQLException&) {
      // Closing a lost session fails; nothing is left to release.
    }
  }

  Dialect dialect() const override { return Dialect::kMysql; }

  absl::StatusOr<Result> Execute(absl::string_view sql, const std::vector<Value>& params) override {
    try {
      if (!in_transaction_ && !autocommit_) {
        conn_->setAutoCommit(true);
        autocommit_ = true;
      }
      BoundToCall();
      Prepared& prepared = Prepare(sql);
      sql::PreparedStatement* stmt = prepared.stmt.get();
      stmt->clearParameters();
      for (size_t i = 0; i < params.size(); ++i) {
        unsigned idx = static_cast<unsigned>(i + 1);
        if (const auto* n = std::get_if<int64_t>(&params[i])) {
          stmt->setInt64(idx, *n);
        } else if (const auto* s = std::get_if<std::string>(&params[i])) {
          stmt->setString(idx, sql::SQLString(s->data(), s->size()));
        } else {
          stmt->setNull(idx, sql::DataType::VARCHAR);
        }
      }
      Result result;
      // The 1.1 connector does not implement getUpdateCount() for prepared statements, so a
      // statement is run as a query or an update depending on whether it yields columns.
      if (!prepared.has_result) {
        result.affected_rows = stmt->executeUpdate();
        return result;
      }
      std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery());
      sql::ResultSetMetaData* meta = rs->getMetaData();
      unsigned columns = meta->getColumnCount();
      std::vector<bool> integer(columns + 1);
      for (unsigned c = 1; c <= columns; ++c) integer[c] = IsIntegerType(meta->getColumnType(c));
      while (rs->next()) {
        std::vector<Value> values;
        values.reserve(columns);
        for (unsigned c = 1; c <= columns; ++c) {
          if (rs->isNull(c)) {
            values.emplace_back(std::monostate{});
          } else if (integer[c]) {
            values.emplace_back(static_cast<int64_t>(rs->getInt64(c)));
          } else {
            sql::SQLString s = rs->getString(c);
            values.emplace_back(std::string(s.c_str(), s.length()));
          }
        }
        result.rows.emplace_back(std::move(values));
      }
      return result;
    } catch (const sql::SQLException& e) {
      return MysqlError(e, "execute", &broken_);
    }
  }

  // A session that ran a transaction is left with autocommit off, so its next transaction
  // starts with its first statement: a transaction costs its statements and COMMIT, not a START
  // TRANSACTION round trip too. A statement outside a transaction turns autocommit back on
  // first; the pool gives transactions the sessions that last ran one (common/db/database.cc),
  // so a busy service seldom switches.
  absl::Status Begin() override {
    try {
      if (autocommit_) {
        conn_->setAutoCommit(false);
        autocommit_ = false;
      }
      in_transaction_ = true;
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      return MysqlError(e, "begin", &broken_);
    }
  }
  absl::Status Commit() override {
    in_transaction_ = false;
    try {
      conn_->commit();
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      return MysqlError(e, "commit", &broken_);
    }
  }
  absl::Status Rollback() override {
    in_transaction_ = false;
    try {
      conn_->rollback();
      return absl::OkStatus();
    } catch (const sql::SQLException& e) {
      // A transaction that may still be open must not meet the next caller (whose first
      // statement outside a transaction would commit it): the pool closes the session instead.
      absl::Status s = MysqlError(e, "rollback", &broken_);
      broken_ = true;
      return s;
    }
  }
  bool broken() const override { return broken_; }

 private:
  static constexpr size_t kMaxCachedStatements = 256;

  // Bounds the session's lock waits and its statements' run time (MariaDB: every statement; MySQL
  // 8: SELECTs) by the time left to the call this statement works for (common/call/limits.h),
  // rounded up to whole seconds, so a statement blocked behind another transaction ends with its
  // caller instead of after the server's 50 s. Changed only when the bound changes; the values are
  // our own integers.
  void BoundToCall() {
    absl::Duration left = call::Remaining();
    int64_t limit = 0;  // none
    if (left != absl::InfiniteDuration()) {
      limit = std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1))));
    }
    int64_t lock_wait =
        limit == 0 ? default_lock_wait_seconds_ : std::min(limit, default_lock_wait_seconds_);
    if (lock_wait == lock_wait_seconds_ && limit == statement_seconds_) return;
    std::unique_ptr<sql::Statement> stmt(conn_->createStatement());
    if (lock_wait != lock_wait_seconds_) {
      stmt->execute(absl::StrCat("SET SESSION innodb_lock_wait_timeout = ", lock_wait));
      lock_wait_seconds_ = lock_wait;
    }
    if (limit != statement_seconds_) {
      // MariaDB bounds every statement (seconds); MySQL 8 bounds read-only SELECTs
      // (milliseconds), its writes being bounded by the lock wait above.
      stmt->execute(mariadb_ ? absl::StrCat("SET SESSION max_statement_time = ", limit)
                             : absl::StrCat("SET SESSION max_execution_time = ", limit * 1000));
      statement_seconds_ = limit;
    }
  }

  struct Prepared {
    std::unique_ptr<sql::PreparedStatement> stmt;
    bool has_result = false;
  };

  Prepared& Prepare(absl::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    std::string key(sql);
    // The server caps prepared statements across all sessions (max_prepared_stmt_count, 16382
    // by default), and IN lists of every length make many distinct statements: keep at most
    // kMaxCachedStatements per connection, starting over when full.
    if (statements_.size() >= kMaxCachedStatements) statements_.clear();
    Prepared prepared;
    prepared.stmt.reset(conn_->prepareStatement(sql::SQLString(key.data(), key.size())));
    prepared.has_result = prepared.stmt->getMetaData()->getColumnCount() > 0;
    return statements_.emplace(std::move(key), std::move(prepared)).first->second;
  }

  std::unique_ptr<sql::Connection> conn_;
  const bool mariadb_;
  const int64_t default_lock_wait_seconds_;
  int64_t lock_wait_seconds_;
  int64_t statement_seconds_ = 0;
  bool broken_ = false;
  bool autocommit_ = true;
  bool in_transaction_ = false;
  std::map<std::string, Prepared, std::less<>> statements_;
};

}  // namespace

absl::Status MysqlStatus(int code, absl::string_view what, absl::string_view error, bool* broken) {
  // A lock wait or statement cut short at the call's deadline (see BoundToCall): the call is
  // over, and that is what the caller is told.
  if (code == 1205 || code == 1969 || code == 3024 || code == 1317) {
    if (absl::Status over = call::CheckLimits(); !over.ok()) return over;
  }
  std::string message = absl::StrCat(what, ": MySQL error ", code, ": ", error);
  if (code == 1062) return absl::AlreadyExistsError(message);  // ER_DUP_ENTRY
  // Deadlock and lock-wait timeout: the transaction was rolled back and may be retried.
  if (code == 1213 || code == 1205) return absl::AbortedError(message);
  if (IsConnectionLost(code) || code == 0) {
    *broken = true;
    return absl::UnavailableError(message);
  }
  if (code == 1451 || code == 1452) return absl::FailedPreconditionError(message);  // FK
  // ER_DISK_FULL, ER_RECORD_FILE_FULL (a table's tablespace cannot grow): out of space, as on
  // SQLite (common/db/sqlite.cc).
  if (code == 1021 || code == 1114) {
    return absl::ResourceExhaustedError(
        absl::StrCat(message, " (no space left for the database: free disk space)"));
  }
  return absl::InternalError(message);
}

ConnectionFactory MysqlFactory(const ParsedUrl& url, absl::Duration read_timeout) {
  const int read_timeout_seconds = static_cast<int>(
      std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(read_timeout, absl::Seconds(1)))));
  return [url, read_timeout_seconds]() -> absl::StatusOr<std::unique_ptr<Connection>> {
    // The driver singleton's creation is not thread-safe.
    static std::mutex driver_mu;
    sql::mysql::MySQL_Driver* driver;
    {
      std::lock_guard<std::mutex> lock(driver_mu);
      driver = sql::mysql::get_mysql_driver_instance();
    }
    sql::ConnectOptionsMap options;
    options["hostName"] =
        sql::SQLString(url.socket.empty() ? absl::StrCat("tcp://", url.host, ":", url.port)
                                          : absl::StrCat("unix://", url.socket));
    options["userName"] = sql::SQLString(url.user);
    options["password"] = sql::SQLString(url.password);
    options["schema"] = sql::SQLString(url.database);
    options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
    options["OPT_RECONNECT"] = false;
    options["OPT_CONNECT_TIMEOUT"] = 5;
    options["OPT_READ_TIMEOUT"] = read_timeout_seconds;
    options["OPT_WRITE_TIMEOUT"] = 30;
    try {
      std::unique_ptr<sql::Connection> conn(driver->connect(options));
      std::unique_ptr<sql::Statement> stmt(conn->createStatement());
      stmt->execute("SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci");
      stmt->execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,ONLY_FULL_GROUP_BY'");
      stmt->execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
      std::unique_ptr<sql::ResultSet> server(
          stmt->executeQuery("SELECT VERSION(), @@SESSION.innodb_lock_wait_timeout"));
      bool mariadb = false;
      int64_t lock_wait = 50;
      if (server->next()) {
        mariadb = absl::StrContains(std::string(server->getString(1).c_str()), "MariaDB");
        lock_wait = server->getInt64(2);
      }
      return std::unique_ptr<Connection>(new MysqlConnection(std::move(conn), mariadb, lock_wait));
    } catch (const sql::SQLException& e) {
      return absl::UnavailableError(absl::StrCat(
          "cannot connect to ", url.redacted, ": MySQL error ", e.getErrorCode(), ": ", e.what()));
    }
  };
}

}  // namespace fazhi::db::internal

// Raw libmariadb sessions for LOAD DATA LOCAL INFILE from memory (common/db/bulk.h). Connector/C++
// 1.1 is itself built on this library (Debian links it to libmariadb.so.3), so both pools speak
// to the server the same way; this one only adds the local-infile handler the connector hides.

#include <mysql.h>

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/call/limits.h"
#include "common/db/backend.h"

namespace fazhi::db::internal {
namespace {

// The only file name a session's LOAD DATA asks for. The handler below answers with the rows in
// memory and refuses any other name, so a server can never read a file of ours.
constexpr char kInfileName[] = "fazhi-bulk-rows";

struct Infile {
  const std::string* data = nullptr;  // set only while this session's LOAD DATA runs
  size_t offset = 0;
};

int InfileInit(void** ptr, const char* filename, void* userdata) {
  *ptr = userdata;
  auto* in = static_cast<Infile*>(userdata);
  if (in->data == nullptr || std::strcmp(filename, kInfileName) != 0) return 1;
  in->offset = 0;
  return 0;
}

int InfileRead(void* ptr, char* buf, unsigned int len) {
  auto* in = static_cast<Infile*>(ptr);
  size_t n = std::min<size_t>(len, in->data->size() - in->offset);
  std::memcpy(buf, in->data->data() + in->offset, n);
  in->offset += n;
  return static_cast<int>(n);
}

void InfileEnd(void*) {}

int InfileError(void*, char* message, unsigned int len) {
  std::snprintf(message, len, "LOAD DATA LOCAL asked for a file other than the batch's rows");
  return 2000;  // CR_UNKNOWN_ERROR
}

bool IsPlainName(absl::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ',' || c == ' ';
  });
}

class MariadbSession : public BulkSession {
 public:
  static absl::StatusOr<std::unique_ptr<MariadbSession>> Connect(const ParsedUrl& url) {
    std::unique_ptr<MariadbSession> session(new MariadbSession(mysql_init(nullptr)));
    MYSQL* m = session->m_;
    if (m == nullptr) return absl::ResourceExhaustedError("mysql_init: out of memory");
    // As the Connector/C++ pool connects (common/db/mysql.cc): utf8mb4, no silent reconnect
    // (it would leave a transaction half done), the same timeouts. Only LOCAL INFILE is added.
    unsigned int connect_timeout = 5, io_timeout = 30, local_infile = 1;
    my_bool reconnect = 0;
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_timeout);
    mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &io_timeout);
    mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &io_timeout);
    mysql_options(m, MYSQL_OPT_RECONNECT, &reconnect);
    mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &local_infile);
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    bool socket = !url.socket.empty();
    if (mysql_real_connect(m, socket ? "localhost" : url.host.c_str(), url.user.c_str(),
                           url.password.c_str(), url.database.c_str(),
                           static_cast<unsigned int>(url.port),
                           socket ? url.socket.c_str() : nullptr, 0) == nullptr) {
      return absl::UnavailableError(absl::StrCat("cannot connect to ", url.redacted,
                                                 ": MySQL error ", mysql_errno(m), ": ",
                                                 mysql_error(m)));
    }
    mysql_set_local_infile_handler(m, InfileInit, InfileRead, InfileEnd, InfileError,
                                   &session->infile_);
    for (const char* sql : {"SET NAMES utf8mb4 COLLATE utf8mb4_unicode_ci",
                            "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
                            "ONLY_FULL_GROUP_BY'",
                            "SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"}) {
      if (absl::Status s = session->Query(sql, "connect"); !s.ok()) return s;
    }
    if (mysql_real_query(m, "SELECT VERSION(), @@SESSION.innodb_lock_wait_timeout",
                         std::strlen("SELECT VERSION(), @@SESSION.innodb_lock_wait_timeout"))) {
      return session->Error("connect");
    }
    MYSQL_RES* res = mysql_store_result(m);
    if (res == nullptr) return session->Error("connect");
    if (MYSQL_ROW row = mysql_fetch_row(res); row != nullptr) {
      session->mariadb_ = row[0] != nullptr && absl::StrContains(row[0], "MariaDB");
      if (row[1] != nullptr && absl::SimpleAtoi(row[1], &session->default_lock_wait_seconds_)) {
        session->lock_wait_seconds_ = session->default_lock_wait_seconds_;
      }
    }
    mysql_free_result(res);
    return session;
  }

  ~MariadbSession() override {
    for (auto& [sql, stmt] : statements_) mysql_stmt_close(stmt);
    if (m_ != nullptr) mysql_close(m_);
  }

  Dialect dialect() const override { return Dialect::kMysql; }
  bool broken() const override { return broken_; }
  absl::Status Ping() { return mysql_ping(m_) ? Error("ping") : absl::OkStatus(); }

  absl::Status Begin() override {
    if (absl::Status s = BoundToCall(); !s.ok()) return s;
    return Query("START TRANSACTION", "begin");
  }
  absl::Status Commit() override { return mysql_commit(m_) ? Error("commit") : absl::OkStatus(); }
  absl::Status Rollback() override {
    return mysql_rollback(m_) ? Error("rollback") : absl::OkStatus();
  }

  absl::StatusOr<Result> Execute(absl::string_view sql, const std::vector<Value>& params) override {
    absl::StatusOr<MYSQL_STMT*> prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    MYSQL_STMT* stmt = *prepared;
    std::vector<MYSQL_BIND> binds(params.size());
    std::vector<unsigned long> lengths(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      MYSQL_BIND& b = binds[i];
      std::memset(&b, 0, sizeof(b));
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        b.buffer_type = MYSQL_TYPE_LONGLONG;
        b.buffer = const_cast<int64_t*>(n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        b.buffer_type = MYSQL_TYPE_STRING;
        b.buffer = const_cast<char*>(s->data());
        b.buffer_length = lengths[i] = s->size();
        b.length = &lengths[i];
      } else {
        b.buffer_type = MYSQL_TYPE_NULL;
      }
    }
    if (mysql_stmt_bind_param(stmt, binds.data()) || mysql_stmt_execute(stmt)) {
      return StatementError(stmt, "execute");
    }
    Result result;
    if (mysql_stmt_field_count(stmt) == 0) {
      result.affected_rows = static_cast<int64_t>(mysql_stmt_affected_rows(stmt));
      return result;
    }
    absl::Status read = ReadRows(stmt, &result.rows);
    // Whatever is left of the result goes, so the statement can run again.
    mysql_stmt_free_result(stmt);
    if (!read.ok()) return read;
    return result;
  }

  absl::Status LoadData(absl::string_view table, absl::string_view columns,
                        const LoadDataRows& rows) override {
    if (!IsPlainName(table) || !IsPlainName(columns)) {
      return absl::InvalidArgumentError("LOAD DATA takes plain table and column names only");
    }
    if (rows.rows() == 0) return absl::OkStatus();
    std::string sql = absl::StrCat("LOAD DATA LOCAL INFILE '", kInfileName, "' INTO TABLE ", table,
                                   " CHARACTER SET utf8mb4 (", columns, ")");
    infile_.data = &rows.data();
    int failed = mysql_real_query(m_, sql.data(), sql.size());
    infile_.data = nullptr;
    if (failed) {
      // ER_NOT_ALLOWED_COMMAND, ER_LOAD_INFILE_CAPABILITY_DISABLED: the server refuses LOCAL
      // (local_infile=OFF); the caller writes by INSERT instead.
      if (unsigned int code = mysql_errno(m_); code == 1148 || code == 4166) {
        return absl::UnimplementedError(absl::StrCat(
            "LOAD DATA LOCAL INFILE is disabled: MySQL error ", code, ": ", mysql_error(m_)));
      }
      return Error("load data");
    }
    uint64_t stored = mysql_affected_rows(m_);
    unsigned int warnings = mysql_warning_count(m_);
    if (stored == rows.rows() && warnings == 0) return absl::OkStatus();
    // A row skipped or changed: the first warning says why (a duplicate key is ER_DUP_ENTRY, as
    // an INSERT's error would be).
    std::string what =
        absl::StrCat("load data into ", table, " (", stored, " of ", rows.rows(), " rows stored)");
    if (warnings > 0 && mysql_real_query(m_, "SHOW WARNINGS LIMIT 1", 21) == 0) {
      if (MYSQL_RES* res = mysql_store_result(m_); res != nullptr) {
        MYSQL_ROW row = mysql_fetch_row(res);
        int code = 0;
        std::string message;
        if (row != nullptr && row[1] != nullptr && row[2] != nullptr) {
          (void)absl::SimpleAtoi(row[1], &code);
          message = row[2];
        }
        mysql_free_result(res);
        if (code != 0) return MysqlStatus(code, what, message, &broken_);
      }
    }
    return absl::InternalError(absl::StrCat(what, ": not every row landed"));
  }

 private:
  explicit MariadbSession(MYSQL* m) : m_(m) {}

  absl::Status Error(absl::string_view what) {
    unsigned int code = mysql_errno(m_);
    return MysqlStatus(code == 0 ? 2000 : static_cast<int>(code), what, mysql_error(m_), &broken_);
  }

  absl::Status Query(absl::string_view sql, absl::string_view what) {
    return mysql_real_query(m_, sql.data(), sql.size()) ? Error(what) : absl::OkStatus();
  }

  absl::Status StatementError(MYSQL_STMT* stmt, absl::string_view what) {
    return MysqlStatus(mysql_stmt_errno(stmt), what, mysql_stmt_error(stmt), &broken_);
  }

  // The rows of an executed statement as Values, typed as common/db/mysql.cc types them: integer
  // columns as integers, every other column as its text, NULL as NULL.
  absl::Status ReadRows(MYSQL_STMT* stmt, std::vector<Row>* rows) {
    MYSQL_RES* meta = mysql_stmt_result_metadata(stmt);
    if (meta == nullptr) return StatementError(stmt, "result metadata");
    const unsigned int columns = mysql_num_fields(meta);
    const MYSQL_FIELD* fields = mysql_fetch_fields(meta);
    std::vector<MYSQL_BIND> binds(columns);
    std::vector<int64_t> integers(columns);
    std::vector<unsigned long> lengths(columns);
    std::vector<my_bool> nulls(columns);
    std::vector<bool> integer(columns);
    for (unsigned int c = 0; c < columns; ++c) {
      MYSQL_BIND& b = binds[c];
      std::memset(&b, 0, sizeof(b));
      switch (fields[c].type) {
        case MYSQL_TYPE_TINY:
        case MYSQL_TYPE_SHORT:
        case MYSQL_TYPE_INT24:
        case MYSQL_TYPE_LONG:
        case MYSQL_TYPE_LONGLONG:
          integer[c] = true;
          b.buffer_type = MYSQL_TYPE_LONGLONG;
          b.buffer = &integers[c];
          break;
        default:
          // Text of any length: fetched with no buffer, then each value by its own length.
          b.buffer_type = MYSQL_TYPE_STRING;
          break;
      }
      b.length = &lengths[c];
      b.is_null = &nulls[c];
    }
    mysql_free_result(meta);
    if (mysql_stmt_bind_result(stmt, binds.data())) return StatementError(stmt, "bind result");
    for (;;) {
      int fetched = mysql_stmt_fetch(stmt);
      if (fetched == MYSQL_NO_DATA) return absl::OkStatus();
      if (fetched != 0 && fetched != MYSQL_DATA_TRUNCATED) return StatementError(stmt, "fetch");
      std::vector<Value> values;
      values.reserve(columns);
      for (unsigned int c = 0; c < columns; ++c) {
        if (nulls[c]) {
          values.emplace_back(std::monostate{});
        } else if (integer[c]) {
          values.emplace_back(integers[c]);
        } else {
          std::string text(lengths[c], '\0');
          if (!text.empty()) {
            MYSQL_BIND b;
            std::memset(&b, 0, sizeof(b));
            b.buffer_type = MYSQL_TYPE_STRING;
            b.buffer = text.data();
            b.buffer_length = text.size();
            if (mysql_stmt_fetch_column(stmt, &b, c, 0)) return StatementError(stmt, "fetch");
          }
          values.emplace_back(std::move(text));
        }
      }
      rows->emplace_back(std::move(values));
    }
  }

  absl::StatusOr<MYSQL_STMT*> Prepare(absl::string_view sql) {
    if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
    // Only the store's few fixed statements come here; the bound is a guard, not a cache policy.
    if (statements_.size() >= 32) {
      for (auto& [text, stmt] : statements_) mysql_stmt_close(stmt);
      statements_.clear();
    }
    MYSQL_STMT* stmt = mysql_stmt_init(m_);
    if (stmt == nullptr) return Error("prepare");
    if (mysql_stmt_prepare(stmt, sql.data(), sql.size())) {
      absl::Status s = StatementError(stmt, "prepare");
      mysql_stmt_close(stmt);
      return s;
    }
    statements_.emplace(std::string(sql), stmt);
    return stmt;
  }

  // As MysqlConnection::BoundToCall (common/db/mysql.cc): lock waits and statements end with the
  // call they work for, not after the server's 50 s.
  absl::Status BoundToCall() {
    absl::Duration left = call::Remaining();
    int64_t limit = 0;
    if (left != absl::InfiniteDuration()) {
      limit = std::max<int64_t>(1, absl::ToInt64Seconds(absl::Ceil(left, absl::Seconds(1))));
    }
    int64_t lock_wait =
        limit == 0 ? default_lock_wait_seconds_ : std::min(limit, default_lock_wait_seconds_);
    if (lock_wait != lock_wait_seconds_) {
      absl::Status s =
          Query(absl::StrCat("SET SESSION innodb_lock_wait_timeout = ", lock_wait), "begin");
      if (!s.ok()) return s;
      lock_wait_seconds_ = lock_wait;
    }
    if (limit != statement_seconds_) {
      absl::Status s =
          Query(mariadb_ ? absl::StrCat("SET SESSION max_statement_time = ", limit)
                         : absl::StrCat("SET SESSION max_execution_time = ", limit * 1000),
                "begin");
      if (!s.ok()) return s;
      statement_seconds_ = limit;
    }
    return absl::OkStatus();
  }

  MYSQL* m_;
  Infile infile_;
  bool broken_ = false;
  bool mariadb_ = false;
  int64_t default_lock_wait_seconds_ = 50;
  int64_t lock_wait_seconds_ = 50;
  int64_t statement_seconds_ = 0;
  std::map<std::string, MYSQL_STMT*, std::less<>> statements_;
};

class MariadbPool : public BulkPool {
 public:
  MariadbPool(ParsedUrl url, int size) : url_(std::move(url)), size_(size) {}

  absl::Status InTransaction(const std::function<absl::Status(BulkSession&)>& fn) override {
    if (absl::Status live = call::CheckLimits(); !live.ok()) return live;
    absl::StatusOr<std::unique_ptr<MariadbSession>> session = Acquire();
    if (!session.ok()) return session.status();
    MariadbSession& s = **session;
    absl::Status status = s.Begin();
    if (status.ok()) status = fn(s);
    if (status.ok()) status = s.Commit();
    // The rollback's own failure matters less than why we are rolling back.
    if (!status.ok() && !s.broken()) (void)s.Rollback();
    Release(*std::move(session));
    return status;
  }

 private:
  absl::StatusOr<std::unique_ptr<MariadbSession>> Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    absl::Duration wait =
        std::max(absl::ZeroDuration(), std::min(absl::Seconds(30), call::Remaining()));
    if (!available_.wait_for(lock, absl::ToChronoMilliseconds(wait),
                             [&] { return !idle_.empty() || open_ < size_; })) {
      if (absl::Status live = call::CheckLimits(); !live.ok()) return live;
      return absl::ResourceExhaustedError(
          absl::StrCat("all ", size_, " bulk database sessions are busy; retry shortly"));
    }
    // As the main pool does (common/db/database.cc): a session idle for longer than a moment is
    // checked first, so the first import after the server came back does not fail on it.
    while (!idle_.empty()) {
      Idle idle = std::move(idle_.front());
      idle_.pop_front();
      if (absl::Now() - idle.since < absl::Milliseconds(100)) return std::move(idle.session);
      lock.unlock();
      bool alive = idle.session->Ping().ok() || !idle.session->broken();
      if (alive) return std::move(idle.session);
      idle.session.reset();
      lock.lock();
      --open_;
    }
    ++open_;
    lock.unlock();
    absl::StatusOr<std::unique_ptr<MariadbSession>> made = MariadbSession::Connect(url_);
    if (!made.ok()) {
      lock.lock();
      --open_;
      // The server does not answer: the idle sessions opened before are checked before use.
      for (Idle& idle : idle_) idle.since = absl::InfinitePast();
      available_.notify_one();
    }
    return made;
  }

  void Release(std::unique_ptr<MariadbSession> session) {
    // A session lost means the server went away: the idle ones are dropped with it.
    std::deque<Idle> stale;
    std::lock_guard<std::mutex> lock(mu_);
    if (session->broken()) {
      --open_;
      open_ -= static_cast<int>(idle_.size());
      stale.swap(idle_);
    } else {
      idle_.push_back(Idle{std::move(session), absl::Now()});
    }
    available_.notify_all();
  }

  struct Idle {
    std::unique_ptr<MariadbSession> session;
    absl::Time since;  // when it was released
  };

  const ParsedUrl url_;
  const int size_;
  std::mutex mu_;
  std::condition_variable available_;
  std::deque<Idle> idle_;
  int open_ = 0;
};

}  // namespace

std::unique_ptr<BulkPool> MariadbBulkPool(const ParsedUrl& url, int size) {
  return std::make_unique<MariadbPool>(url, size);
}

}  // namespace fazhi::db::internal

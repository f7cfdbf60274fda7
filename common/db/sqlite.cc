// SQLite backend: one file, WAL journal so readers never block the writer, and BEGIN IMMEDIATE
// so two writers queue on the busy timeout instead of deadlocking on a lock upgrade.

#include <sqlite3.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/call/limits.h"
#include "common/db/backend.h"

namespace fazhi::db::internal {
namespace {

constexpr absl::Duration kBusyPause = absl::Milliseconds(5);
constexpr int kBusyAttempts = 2000;  // 10 s
// How many virtual-machine steps pass between two looks at the call's limits: often enough to stop
// a long scan within milliseconds, rarely enough to cost nothing measurable.
constexpr int kProgressOpcodes = 10000;

absl::Status SqliteError(sqlite3* db, int rc, absl::string_view what) {
  // Interrupted (or left waiting for a lock) because the call it worked for is over: say so.
  if ((rc & 0xff) == SQLITE_INTERRUPT || (rc & 0xff) == SQLITE_BUSY) {
    if (absl::Status over = call::CheckLimits(); !over.ok()) return over;
  }
  int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string message = absl::StrCat(what, ": ", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return absl::AlreadyExistsError(message);
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return absl::UnavailableError(message);
    case SQLITE_FULL:
      // Out of space is not cured by retrying at once, as UNAVAILABLE invites: it is the
      // canonical RESOURCE_EXHAUSTED, and says which resource so an operator knows what to free.
      return absl::ResourceExhaustedError(
          absl::StrCat(message, " (no space left for the database file: free disk space)"));
    case SQLITE_CONSTRAINT:
      return absl::FailedPreconditionError(message);
    default:
      return absl::InternalError(message);
  }
}

class SqliteConnection : public Connection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  absl::StatusOr<Result> Execute(absl::string_view sql, const std::vector<Value>& params) override {
    absl::StatusOr<sqlite3_stmt*> prepared = Prepare(sql);
    if (!prepared.ok()) return prepared.status();
    sqlite3_stmt* stmt = *prepared;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
      return absl::InternalError(absl::StrCat("statement expects ",
                                              sqlite3_bind_parameter_count(stmt),
                                              " parameters, got ", params.size()));
    }
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      int rc = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&params[i])) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* s = std::get_if<std::string>(&params[i])) {
        rc = sqlite3_bind_text(stmt, idx, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
      } else {
        rc = sqlite3_bind_null(stmt, idx);
      }
      if (rc != SQLITE_OK) return SqliteError(db_, rc, "bind");
    }
    Result result;
    int columns = sqlite3_column_count(stmt);
    while (true) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        absl::Status error = SqliteError(db_, rc, "execute");
        sqlite3_reset(stmt);
        return error;
      }
      std::vector<Value> values;
      values.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        switch (sqlite3_column_type(stmt, c)) {
          case SQLITE_NULL:
            values.emplace_back(std::monostate{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, c)));
            break;
          default: {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
          }
        }
      }
      result.rows.emplace_back(std::move(values));
    }
    result.affected_rows = columns == 0 ? sqlite3_changes(db_) : 0;
    sqlite3_reset(stmt);
    return result;
  }

  absl::Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  absl::Status Commit() override { return Exec("COMMIT"); }
  absl::Status Rollback() override { return Exec("ROLLBACK"); }
  bool broken() const override { return broken_; }

  absl::Status Exec(const char* sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &error);
    if (rc == SQLITE_OK) return absl::OkStatus();
    absl::Status status = SqliteError(db_, rc, sql);
    sqlite3_free(error);
    return status;
  }

 private:
  absl::StatusOr<sqlite3_stmt*> Prepare(absl::string_view sql) {
    std::string key(sql);
    if (auto it = statements_.find(key); it != statements_.end()) return it->second;
    // IN lists of every length make many distinct statements; keep memory bounded.
    if (statements_.size() >= kMaxCachedStatements) {
      for (auto& [text, cached] : statements_) sqlite3_finalize(cached);
      statements_.clear();
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db_, rc, "prepare");
    statements_.emplace(std::move(key), stmt);
    return stmt;
  }

  static constexpr size_t kMaxCachedStatements = 256;

  sqlite3* db_;
  bool broken_ = false;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace

ConnectionFactory SqliteFactory(const ParsedUrl& url) {
  std::string path = url.path;
  return [path]() -> absl::StatusOr<std::unique_ptr<Connection>> {
    sqlite3* db = nullptr;
    int rc =
        sqlite3_open_v2(path.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      absl::Status status = absl::UnavailableError(
          absl::StrCat("cannot open SQLite database ", path, ": ", sqlite3_errstr(rc)));
      sqlite3_close_v2(db);
      return status;
    }
    // Waits up to 10 s for another writer, and both this wait and a running statement end early
    // when the call they work for passed its deadline or was cancelled (common/call/limits.h).
    sqlite3_busy_handler(
        db,
        [](void*, int attempt) -> int {
          if (attempt >= kBusyAttempts || !call::CheckLimits().ok()) return 0;
          absl::SleepFor(kBusyPause);
          return 1;
        },
        nullptr);
    sqlite3_progress_handler(
        db, kProgressOpcodes, [](void*) -> int { return call::CheckLimits().ok() ? 0 : 1; },
        nullptr);
    auto conn = std::make_unique<SqliteConnection>(db);
    for (const char* pragma :
         {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
      if (absl::Status s = conn->Exec(pragma); !s.ok()) return s;
    }
    return std::unique_ptr<Connection>(std::move(conn));
  };
}

}  // namespace fazhi::db::internal

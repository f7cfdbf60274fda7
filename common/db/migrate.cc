#include "common/db/migrate.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace fazhi::db {
namespace {

constexpr absl::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER NOT NULL PRIMARY KEY,"
    " name VARCHAR(255) NOT NULL,"
    " applied_at_us BIGINT NOT NULL)";

absl::StatusOr<int> ApplyPending(Connection& conn, const std::vector<const Migration*>& pending) {
  absl::StatusOr<Result> applied = conn.Execute("SELECT version FROM schema_migrations");
  if (!applied.ok()) return applied.status();
  std::set<int64_t> done;
  for (const Row& row : applied->rows) done.insert(row.Int(0));
  int64_t newest_known = pending.empty() ? 0 : pending.back()->version;
  if (!done.empty() && *done.rbegin() > newest_known) {
    return absl::FailedPreconditionError(absl::StrCat(
        "database schema is at version ", *done.rbegin(), " but this binary knows only up to ",
        newest_known, "; deploy the newer binary or restore the database"));
  }
  int count = 0;
  for (const Migration* m : pending) {
    if (done.count(m->version)) continue;
    for (const std::string& stmt : SplitStatements(m->sql)) {
      if (absl::StatusOr<Result> r = conn.Execute(stmt); !r.ok()) {
        return absl::Status(r.status().code(),
                            absl::StrCat("migration ", m->name, ": ", r.status().message()));
      }
    }
    absl::StatusOr<Result> r = conn.Execute(
        "INSERT INTO schema_migrations (version, name, applied_at_us) VALUES (?, ?, ?)",
        {int64_t{m->version}, std::string(m->name), absl::ToUnixMicros(absl::Now())});
    if (!r.ok()) return r.status();
    ++count;
  }
  return count;
}

}  // namespace

absl::StatusOr<int> Migrate(Database& db, const std::vector<Migration>& migrations) {
  absl::string_view dialect = DialectName(db.dialect());
  std::vector<const Migration*> pending;
  for (const Migration& m : migrations) {
    if (m.dialect[0] == '\0' || dialect == m.dialect) pending.push_back(&m);
  }
  std::stable_sort(pending.begin(), pending.end(),
                   [](const Migration* a, const Migration* b) { return a->version < b->version; });

  absl::StatusOr<int> applied = 0;
  if (db.dialect() == Dialect::kSqlite) {
    // SQLite DDL is transactional: a failed migration leaves nothing half-done.
    absl::Status status = db.InTransaction([&](Connection& conn) -> absl::Status {
      if (auto r = conn.Execute(kCreateTable); !r.ok()) return r.status();
      applied = ApplyPending(conn, pending);
      return applied.status();
    });
    if (!status.ok()) return status;
    return applied;
  }
  // MySQL commits DDL implicitly, so replicas serialise on a named lock instead.
  absl::Status status = db.WithConnection([&](Connection& conn) -> absl::Status {
    absl::StatusOr<Result> lock = conn.Execute("SELECT GET_LOCK('fazhi_schema_migrations', 60)");
    if (!lock.ok()) return lock.status();
    if (lock->rows.empty() || lock->rows[0].Int(0) != 1) {
      return absl::UnavailableError("another replica has held the migration lock for 60s");
    }
    // New tables inherit the schema's character set: make sure it holds all of Chinese.
    absl::Status s;
    absl::StatusOr<Result> charset = conn.Execute(
        "SELECT DEFAULT_CHARACTER_SET_NAME FROM information_schema.SCHEMATA "
        "WHERE SCHEMA_NAME = DATABASE()");
    if (!charset.ok()) {
      s = charset.status();
    } else if (!charset->rows.empty() && charset->rows[0].Text(0) != "utf8mb4") {
      s = conn.Execute("ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci").status();
    }
    if (s.ok()) s = conn.Execute(kCreateTable).status();
    if (s.ok()) {
      applied = ApplyPending(conn, pending);
      s = applied.status();
    }
    (void)conn.Execute("SELECT RELEASE_LOCK('fazhi_schema_migrations')");
    return s;
  });
  if (!status.ok()) return status;
  return applied;
}

}  // namespace fazhi::db

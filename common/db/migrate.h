#ifndef FAZHI_COMMON_DB_MIGRATE_H_
#define FAZHI_COMMON_DB_MIGRATE_H_

#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/database.h"

namespace fazhi::db {

// One versioned schema change, embedded from a NNNN_name[.dialect].sql file.
struct Migration {
  int version;
  const char* name;
  // "" for every backend, or "sqlite" / "mysql" when the dialects differ.
  const char* dialect;
  const char* sql;
};

// Applies, in version order, every migration not yet recorded in schema_migrations; returns how
// many it applied. Safe when several replicas start at once: SQLite serialises on the write lock,
// MySQL on a named lock. Refuses a database whose schema is newer than this binary knows.
absl::StatusOr<int> Migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace fazhi::db

#endif  // FAZHI_COMMON_DB_MIGRATE_H_

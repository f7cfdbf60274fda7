#ifndef FAZHI_COMMON_DB_BACKEND_H_
#define FAZHI_COMMON_DB_BACKEND_H_

// Internal to common/db: how the pool makes connections for each backend.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/database.h"

namespace fazhi::db::internal {

using ConnectionFactory = std::function<absl::StatusOr<std::unique_ptr<Connection>>()>;

struct ParsedUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string path;                                    // sqlite
  std::string user, password, host, database, socket;  // mysql
  int port = 3306;
  std::string redacted;
};

absl::StatusOr<ParsedUrl> ParseUrl(absl::string_view url);

ConnectionFactory SqliteFactory(const ParsedUrl& url);
ConnectionFactory MysqlFactory(const ParsedUrl& url);

}  // namespace fazhi::db::internal

#endif  // FAZHI_COMMON_DB_BACKEND_H_

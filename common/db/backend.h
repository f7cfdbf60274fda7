#ifndef FAZHI_COMMON_DB_BACKEND_H_
#define FAZHI_COMMON_DB_BACKEND_H_

// Internal to common/db: how the pool makes connections for each backend.

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/bulk.h"
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
ConnectionFactory MysqlFactory(const ParsedUrl& url, absl::Duration read_timeout);

// MySQL error codes as statuses, for both MySQL client paths (mysql.cc, mariadb_bulk.cc): what is
// the operation, error the server's text; *broken is set when the session is gone.
bool IsConnectionLost(int code);
absl::Status MysqlStatus(int code, absl::string_view what, absl::string_view error, bool* broken);

// Raw libmariadb sessions for LOAD DATA LOCAL INFILE (common/db/bulk.h), at most size at once.
std::unique_ptr<BulkPool> MariadbBulkPool(const ParsedUrl& url, int size);

}  // namespace fazhi::db::internal

#endif  // FAZHI_COMMON_DB_BACKEND_H_

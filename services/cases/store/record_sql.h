#ifndef FAZHI_SERVICES_CASES_STORE_RECORD_SQL_H_
#define FAZHI_SERVICES_CASES_STORE_RECORD_SQL_H_

// What the stores of supervision, reconsideration and litigation records share
// (store/migrations/0100_supervision_review.sql): the list filter and keyset cursor of their List
// calls, and the SQL plumbing of their writes. Every write runs in one transaction with its audit
// entry; each record carries a version that every write increments and must name (optimistic
// concurrency, etags); a create with a request id used before returns the record it created
// instead of writing again.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

namespace record_sql {

// Runs one statement, inside a transaction (a Connection) or outside one (the Database).
using Exec =
    std::function<absl::StatusOr<db::Result>(absl::string_view, const std::vector<db::Value>&)>;

Exec ExecOn(db::Connection& conn);
Exec DbExec(db::Database& db);

// supervision_lines.kind
enum class LineKind { kSuggestion = 1, kFinding = 2, kRequirement = 3 };

inline constexpr absl::string_view kStampColumns =
    "create_time_us, created_by, update_time_us, updated_by, version";

db::Value Ymd(absl::CivilDay day);
db::Value OptionalYmd(const std::optional<absl::CivilDay>& day);
std::optional<absl::CivilDay> DayOrNull(const db::Row& row, size_t i);

// The kStampColumns of row from column first on.
RecordStamps StampsFromRow(const db::Row& row, size_t first);

// The lines of kind for each of ids, in order.
absl::StatusOr<std::map<std::string, std::vector<std::string>>> ReadLines(
    const Exec& exec, const std::vector<std::string>& ids, LineKind kind);
// Replaces the lines of kind of record id.
absl::Status WriteLines(db::Connection& conn, absl::string_view id, LineKind kind,
                        const std::vector<std::string>& lines);

// The WHERE clause (from "WHERE 1 = 1") of a list over department_columns (any of which may
// match), a year column and a keyset cursor on (date_column, id); appends its parameters.
std::string ListWhere(const ReviewFilter& filter,
                      const std::vector<absl::string_view>& department_columns,
                      absl::string_view year_column, absl::string_view date_column,
                      const std::optional<DateCursor>& after, std::vector<db::Value>* params);

// The ids among which the first limit rows of table after after_id (in the table's id order)
// with any of flag_columns set (1) are: each flag's first limit, walked over its (flag, id) index
// (migration 0132). The flags ORed in one statement can only be answered by walking the whole
// table in id order. The caller orders and limits (by the database's collation, which a sort
// here would not follow).
absl::StatusOr<std::vector<std::string>> IdsWithAnyFlag(
    db::Database& db, absl::string_view table, const std::vector<absl::string_view>& flag_columns,
    absl::string_view after_id, int limit);

// Appends the limit to params, as the statement's last parameter.
std::string Order(absl::string_view date_column, int limit, std::vector<db::Value>* params);

// Checks and bumps the version of a record inside the transaction: ABORTED when someone else
// changed it first.
absl::Status BumpVersion(db::Connection& conn, absl::string_view table, absl::string_view id,
                         int64_t expected_version, const audit::AuditContext& audit,
                         absl::Time now);

// The create path of every record here: a request id seen before answers with the id it created
// and inserts nothing; otherwise insert runs in one transaction. A concurrent twin that won the
// request id's unique key is answered the same way. Returns the id to read back.
absl::StatusOr<std::string> CreateOnce(db::Database& db, absl::string_view table,
                                       absl::string_view request_id, std::string id,
                                       const std::function<absl::Status(db::Connection&)>& insert);

// The record a create just wrote, read back (INTERNAL if it is gone).
template <typename Record>
absl::StatusOr<Record> ReadCreated(absl::StatusOr<std::optional<Record>> stored,
                                   absl::string_view what) {
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::InternalError(absl::StrCat(what, " vanished after its creation"));
  }
  return **stored;
}

// The update path of every record here: reads it in the transaction (NOT_FOUND naming what),
// checks and bumps its version (ABORTED when stale), lets write change it and audit the change,
// and reads it back.
template <typename Record>
absl::StatusOr<Record> UpdateVersioned(
    db::Database& db, absl::string_view table, absl::string_view what, const std::string& id,
    int64_t expected_version, const audit::AuditContext& audit,
    absl::StatusOr<std::optional<Record>> (*get_with)(const Exec&, absl::string_view),
    const std::function<absl::Status(db::Connection&, const Record& before, absl::Time now)>&
        write) {
  std::optional<Record> stored;
  absl::Status status = db.InTransaction([&](db::Connection& conn) -> absl::Status {
    Exec exec = ExecOn(conn);
    absl::StatusOr<std::optional<Record>> before = get_with(exec, id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) return absl::NotFoundError(absl::StrCat("id: no ", what, " ", id));
    absl::Time now = absl::Now();
    if (absl::Status s = BumpVersion(conn, table, id, expected_version, audit, now); !s.ok()) {
      return s;
    }
    if (absl::Status s = write(conn, **before, now); !s.ok()) return s;
    absl::StatusOr<std::optional<Record>> after = get_with(exec, id);
    if (!after.ok()) return after.status();
    stored = **after;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *stored;
}

}  // namespace record_sql
}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_RECORD_SQL_H_

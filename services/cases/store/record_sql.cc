#include "services/cases/store/record_sql.h"

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "common/db/fragment.h"
#include "common/time/date.h"

namespace fazhi::cases::record_sql {
namespace {

// The id of the record of table a create with request_id made, if one did.
absl::StatusOr<std::optional<std::string>> IdForRequest(const Exec& exec, absl::string_view table,
                                                        absl::string_view request_id) {
  if (request_id.empty()) return std::optional<std::string>();
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT id FROM ", table, " WHERE create_request_id = ?"),
           {std::string(request_id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(result->rows.front().Text(0));
}

// A unique key hit by a concurrent create: the request id (the caller's own retry) or the key.
bool IsRequestIdClash(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAlreadyExists && absl::StrContains(s.message(), "request");
}

}  // namespace

using db::Value;

Value Ymd(absl::CivilDay day) { return time_util::ToYmd(day); }
Value OptionalYmd(const std::optional<absl::CivilDay>& day) {
  return day ? Value(time_util::ToYmd(*day)) : db::Null();
}
std::optional<absl::CivilDay> DayOrNull(const db::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return time_util::FromYmd(row.Int(i));
}

RecordStamps StampsFromRow(const db::Row& row, size_t first) {
  RecordStamps s;
  s.create_time = absl::FromUnixMicros(row.Int(first));
  s.created_by = row.Text(first + 1);
  s.update_time = absl::FromUnixMicros(row.Int(first + 2));
  s.updated_by = row.Text(first + 3);
  s.version = row.Int(first + 4);
  return s;
}

absl::StatusOr<std::map<std::string, std::vector<std::string>>> ReadLines(
    const Exec& exec, const std::vector<std::string>& ids, LineKind kind) {
  std::map<std::string, std::vector<std::string>> out;
  if (ids.empty()) return out;
  std::vector<Value> params{int64_t{static_cast<int>(kind)}};
  params.insert(params.end(), ids.begin(), ids.end());
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT record_id, line FROM supervision_lines WHERE kind = ? AND "
                        "record_id IN (",
                        db::Placeholders(ids.size()), ") ORDER BY record_id, seq"),
           params);
  if (!result.ok()) return result.status();
  for (const db::Row& row : result->rows) out[row.Text(0)].push_back(row.Text(1));
  return out;
}

absl::Status WriteLines(db::Connection& conn, absl::string_view id, LineKind kind,
                        const std::vector<std::string>& lines) {
  absl::Status s = conn.Execute("DELETE FROM supervision_lines WHERE record_id = ? AND kind = ?",
                                {std::string(id), int64_t{static_cast<int>(kind)}})
                       .status();
  if (!s.ok()) return s;
  for (size_t i = 0; i < lines.size(); ++i) {
    s = conn.Execute(
                "INSERT INTO supervision_lines (record_id, kind, seq, line) VALUES (?, ?, ?, ?)",
                {std::string(id), int64_t{static_cast<int>(kind)}, static_cast<int64_t>(i),
                 lines[i]})
            .status();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

std::string ListWhere(const ReviewFilter& filter,
                      const std::vector<absl::string_view>& department_columns,
                      absl::string_view year_column, absl::string_view date_column,
                      const std::optional<DateCursor>& after, std::vector<Value>* params) {
  std::string where = " WHERE 1 = 1";
  if (!filter.department_ids.empty()) {
    std::vector<std::string> any;
    for (absl::string_view column : department_columns) {
      any.push_back(
          absl::StrCat(column, " IN (", db::Placeholders(filter.department_ids.size()), ")"));
      params->insert(params->end(), filter.department_ids.begin(), filter.department_ids.end());
    }
    absl::StrAppend(&where, " AND (", absl::StrJoin(any, " OR "), ")");
  }
  if (filter.year != 0) {
    absl::StrAppend(&where, " AND ", year_column, " = ?");
    params->push_back(int64_t{filter.year});
  }
  if (after) {
    absl::StrAppend(&where, " AND (", date_column, " > ? OR (", date_column, " = ? AND id > ?))");
    params->push_back(after->ymd);
    params->push_back(after->ymd);
    params->push_back(after->id);
  }
  return where;
}

absl::StatusOr<std::vector<std::string>> IdsWithAnyFlag(
    db::Database& db, absl::string_view table, const std::vector<absl::string_view>& flag_columns,
    absl::string_view after_id, int limit) {
  std::set<std::string> ids;
  for (absl::string_view flag : flag_columns) {
    absl::StatusOr<db::Result> result =
        db.Execute(absl::StrCat("SELECT id FROM ", table, " WHERE ", flag,
                                " = 1 AND id > ? ORDER BY id LIMIT ?"),
                   {std::string(after_id), int64_t{limit}});
    if (!result.ok()) return result.status();
    for (const db::Row& row : result->rows) ids.insert(row.Text(0));
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

std::string Order(absl::string_view date_column, int limit, std::vector<Value>* params) {
  params->push_back(int64_t{limit});
  return absl::StrCat(" ORDER BY ", date_column, ", id LIMIT ?");
}

absl::Status BumpVersion(db::Connection& conn, absl::string_view table, absl::string_view id,
                         int64_t expected_version, const audit::AuditContext& audit,
                         absl::Time now) {
  absl::StatusOr<db::Result> r =
      conn.Execute(absl::StrCat("UPDATE ", table,
                                " SET version = version + 1, update_time_us = ?, updated_by = ? "
                                "WHERE id = ? AND version = ?"),
                   {absl::ToUnixMicros(now), audit.actor, std::string(id), expected_version});
  if (!r.ok()) return r.status();
  if (r->affected_rows == 0) {
    return absl::AbortedError(
        absl::StrCat("etag: the record '", id, "' changed since it was read; read it again"));
  }
  return absl::OkStatus();
}

Exec ExecOn(db::Connection& conn) {
  return [&conn](absl::string_view sql, const std::vector<Value>& params) {
    return conn.Execute(sql, params);
  };
}

Exec DbExec(db::Database& db) {
  return [&db](absl::string_view sql, const std::vector<Value>& params) {
    return db.Execute(sql, params);
  };
}

absl::StatusOr<std::string> CreateOnce(db::Database& db, absl::string_view table,
                                       absl::string_view request_id, std::string id,
                                       const std::function<absl::Status(db::Connection&)>& insert) {
  absl::Status status = db.InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<std::optional<std::string>> done = IdForRequest(ExecOn(conn), table, request_id);
    if (!done.ok()) return done.status();
    if (done->has_value()) {
      id = **done;
      return absl::OkStatus();
    }
    return insert(conn);
  });
  if (IsRequestIdClash(status)) {
    absl::StatusOr<std::optional<std::string>> done = IdForRequest(DbExec(db), table, request_id);
    if (!done.ok()) return done.status();
    if (done->has_value()) return **done;
  }
  if (!status.ok()) return status;
  return id;
}

}  // namespace fazhi::cases::record_sql

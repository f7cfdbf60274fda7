#include "common/audit/audit.h"

#include "absl/strings/str_cat.h"
#include "common/ids/ids.h"

namespace fazhi::audit {

absl::Status Write(db::Connection& conn, const AuditContext& context, absl::string_view target_type,
                   absl::string_view target_id, absl::string_view action, absl::string_view changes,
                   absl::Time now) {
  return conn
      .Execute(
          "INSERT INTO audit_log (id, time_us, actor, rpc, target_type, target_id, action, "
          "changes, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {ids::NewSortableId(now), absl::ToUnixMicros(now), context.actor, context.rpc,
           std::string(target_type), std::string(target_id), std::string(action),
           std::string(changes), context.request_id})
      .status();
}

absl::StatusOr<std::vector<AuditEntry>> List(db::Database& db, const Filter& filter,
                                             const std::optional<Cursor>& after, int limit) {
  std::string sql =
      "SELECT id, time_us, actor, rpc, target_type, target_id, action, changes, request_id "
      "FROM audit_log WHERE 1 = 1";
  std::vector<db::Value> params;
  if (!filter.target_type.empty()) {
    sql += " AND target_type = ?";
    params.push_back(filter.target_type);
  }
  if (!filter.target_id.empty()) {
    sql += " AND target_id = ?";
    params.push_back(filter.target_id);
  }
  if (filter.start) {
    sql += " AND time_us >= ?";
    params.push_back(absl::ToUnixMicros(*filter.start));
  }
  if (filter.end) {
    sql += " AND time_us < ?";
    params.push_back(absl::ToUnixMicros(*filter.end));
  }
  if (after) {
    sql += " AND (time_us > ? OR (time_us = ? AND id > ?))";
    params.push_back(after->time_us);
    params.push_back(after->time_us);
    params.push_back(after->id);
  }
  sql += " ORDER BY time_us, id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result = db.Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<AuditEntry> entries;
  for (const db::Row& row : result->rows) {
    entries.push_back(AuditEntry{row.Text(0), absl::FromUnixMicros(row.Int(1)), row.Text(2),
                                 row.Text(3), row.Text(4), row.Text(5), row.Text(6), row.Text(7),
                                 row.Text(8)});
  }
  return entries;
}

std::vector<db::Migration> WithAuditLog(const std::vector<db::Migration>& service) {
  std::vector<db::Migration> all = service;
  all.insert(all.end(), Migrations().begin(), Migrations().end());
  return all;
}

}  // namespace fazhi::audit

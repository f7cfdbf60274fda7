#include "common/audit/audit.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/ids/ids.h"

namespace fazhi::audit {
namespace {

// Bytes of the UTF-8 character starting with lead byte c (1 for a stray continuation byte, so a
// malformed value still advances).
size_t CharBytes(unsigned char c) {
  if (c >= 0xf0) return 4;
  if (c >= 0xe0) return 3;
  if (c >= 0xc0) return 2;
  return 1;
}

size_t CountChars(absl::string_view text) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); i += CharBytes(static_cast<unsigned char>(text[i]))) {
    ++chars;
  }
  return chars;
}

// What is kept of an over-long changes: at most 4 bytes a character and 6 once escaped, well
// within the column.
constexpr size_t kChangesPrefixChars = 4000;

}  // namespace

std::string FitColumn(absl::string_view value, size_t max_chars) {
  size_t chars = CountChars(value);
  if (chars <= max_chars) return std::string(value);
  std::string marker = absl::StrCat(kTruncationMarker, chars, "]");
  size_t marker_chars = CountChars(marker);
  // Every audit column is wider than a marker; a narrower limit just cuts the value.
  bool marked = max_chars > marker_chars;
  size_t keep = marked ? max_chars - marker_chars : max_chars;
  size_t bytes = 0;
  for (size_t kept = 0; kept < keep && bytes < value.size(); ++kept) {
    bytes += CharBytes(static_cast<unsigned char>(value[bytes]));
  }
  bytes = std::min(bytes, value.size());
  return absl::StrCat(value.substr(0, bytes), marked ? marker : "");
}

absl::Status Write(db::Connection& conn, const AuditContext& context, absl::string_view target_type,
                   absl::string_view target_id, absl::string_view action, absl::string_view changes,
                   absl::Time now) {
  // The caller chose the request id and, through its request, the target; an over-long one is cut
  // to its column with a marker rather than cost the entry (strict MySQL refuses the INSERT).
  std::string fitted_changes;
  if (changes.size() > kMaxChangesBytes) {
    fitted_changes = CreationJson({{"truncated_bytes", absl::StrCat(changes.size())},
                                   {"prefix", FitColumn(changes, kChangesPrefixChars)}});
  } else {
    fitted_changes = std::string(changes);
  }
  return conn
      .Execute(
          "INSERT INTO audit_log (id, time_us, actor, rpc, target_type, target_id, action, "
          "changes, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {ids::NewSortableId(now), absl::ToUnixMicros(now),
           FitColumn(context.actor, kMaxActorChars), FitColumn(context.rpc, kMaxRpcChars),
           FitColumn(target_type, kMaxTargetTypeChars), FitColumn(target_id, kMaxTargetIdChars),
           FitColumn(action, kMaxActionChars), std::move(fitted_changes),
           FitColumn(context.request_id, kMaxRequestIdChars)})
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

#ifndef FAZHI_COMMON_AUDIT_AUDIT_H_
#define FAZHI_COMMON_AUDIT_AUDIT_H_

// The audit log: who changed what, when, through which RPC. Stores write an entry on the same
// connection and in the same transaction as the change, so a change and its entry commit or roll
// back together.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/audit/changes.h"
#include "common/db/database.h"
#include "common/db/migrate.h"

namespace fazhi::audit {

// The call a change is made for.
struct AuditContext {
  std::string actor = "system";
  std::string rpc;
  std::string request_id;
};

struct AuditEntry {
  std::string id;
  absl::Time time;
  std::string actor;
  std::string rpc;
  std::string target_type;
  std::string target_id;
  std::string action;
  std::string changes;
  std::string request_id;
};

// The audit_log column sizes (common/audit/migrations), in characters.
inline constexpr size_t kMaxActorChars = 128;
inline constexpr size_t kMaxRpcChars = 200;
inline constexpr size_t kMaxTargetTypeChars = 40;
inline constexpr size_t kMaxTargetIdChars = 63;
inline constexpr size_t kMaxActionChars = 40;
inline constexpr size_t kMaxRequestIdChars = 128;
// changes is TEXT: 65,535 bytes on MySQL.
inline constexpr size_t kMaxChangesBytes = 65535;
// What ends a value cut to its column, followed by the value's length in characters and "]":
// "jiyuan-aaaa…[truncated from 5000]".
inline constexpr char kTruncationMarker[] = "\u2026[truncated from ";

// value if it has at most max_chars characters; otherwise its start and the marker, max_chars
// characters in all, cut on a character boundary.
std::string FitColumn(absl::string_view value, size_t max_chars);

// Appends an entry, every field cut to its column (FitColumn) and an over-long changes replaced
// by a note of its size and its start, so whatever a caller sent never costs the entry; call it on
// the connection of the transaction making the change.
absl::Status Write(db::Connection& conn, const AuditContext& context, absl::string_view target_type,
                   absl::string_view target_id, absl::string_view action, absl::string_view changes,
                   absl::Time now);

struct Filter {
  std::string target_type;
  std::string target_id;
  std::optional<absl::Time> start;
  std::optional<absl::Time> end;
};

struct Cursor {
  int64_t time_us = 0;
  std::string id;
};

// Entries matching filter after the cursor, oldest first.
absl::StatusOr<std::vector<AuditEntry>> List(db::Database& db, const Filter& filter,
                                             const std::optional<Cursor>& after, int limit);

// The audit table's migrations (versions 900001 and up), to apply with a service's own.
const std::vector<db::Migration>& Migrations();
// A service's migrations followed by the audit log's.
std::vector<db::Migration> WithAuditLog(const std::vector<db::Migration>& service);

}  // namespace fazhi::audit

#endif  // FAZHI_COMMON_AUDIT_AUDIT_H_

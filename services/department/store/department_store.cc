#include "services/department/store/department_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time/date.h"
#include "services/department/domain/officer.h"
#include "services/department/store/subtree.h"

namespace fazhi::department {
namespace {

using db::Value;

constexpr absl::string_view kColumns =
    "d.id, d.name, d.short_name, d.kind, d.level, d.parent_id, d.credit_code, d.region_code, "
    "d.law_enforcement_body, d.has_legal_affairs_office, d.status, d.successor_id, "
    "d.create_time_us, d.update_time_us, d.dissolve_time_us, d.valid_from_ymd, d.valid_to_ymd, "
    "d.version";
constexpr size_t kColumnCount = 18;
constexpr char kTarget[] = "department";

Department FromRow(const db::Row& row) {
  Department d;
  d.id = row.Text(0);
  d.name = row.Text(1);
  d.short_name = row.Text(2);
  d.kind = static_cast<Kind>(row.Int(3));
  d.level = static_cast<Level>(row.Int(4));
  d.parent_id = row.Text(5);
  d.credit_code = row.Text(6);
  d.region_code = row.Text(7);
  d.law_enforcement_body = row.Bool(8);
  d.has_legal_affairs_office = row.Bool(9);
  d.status = static_cast<Status>(row.Int(10));
  d.successor_id = row.Text(11);
  d.create_time = absl::FromUnixMicros(row.Int(12));
  d.update_time = absl::FromUnixMicros(row.Int(13));
  if (!row.IsNull(14)) d.dissolve_time = absl::FromUnixMicros(row.Int(14));
  d.valid_from = time_util::FromYmd(row.Int(15));
  if (!row.IsNull(16)) d.valid_to = time_util::FromYmd(row.Int(16));
  d.version = row.Int(17);
  return d;
}

std::string Day(const std::optional<absl::CivilDay>& day) {
  return day ? time_util::FormatDay(*day) : "";
}

// What the audit log records of a unit.
audit::Fields AuditFields(const Department& d) {
  return {{"name", d.name},
          {"short_name", d.short_name},
          {"kind", absl::StrCat(static_cast<int>(d.kind))},
          {"level", absl::StrCat(static_cast<int>(d.level))},
          {"parent_id", d.parent_id},
          {"credit_code", d.credit_code},
          {"region_code", d.region_code},
          {"law_enforcement_body", d.law_enforcement_body ? "true" : "false"},
          {"has_legal_affairs_office", d.has_legal_affairs_office ? "true" : "false"},
          {"status", d.status == Status::kDissolved ? "dissolved" : "active"},
          {"successor_id", d.successor_id},
          {"valid_from", Day(d.valid_from)},
          {"valid_to", Day(d.valid_to)}};
}

// SQL condition and parameters for "existed on day", on the alias d.
void AppendExistedOn(absl::CivilDay day, std::string* sql, std::vector<db::Value>* params) {
  *sql += " AND d.valid_from_ymd <= ? AND (d.valid_to_ymd IS NULL OR d.valid_to_ymd > ?)";
  params->push_back(time_util::ToYmd(day));
  params->push_back(time_util::ToYmd(day));
}

std::vector<Value> FieldValues(const Department& d) {
  return {d.name,
          d.short_name,
          int64_t{static_cast<int>(d.kind)},
          int64_t{static_cast<int>(d.level)},
          db::TextOrNull(d.parent_id),
          db::TextOrNull(d.credit_code),
          db::TextOrNull(d.region_code),
          int64_t{d.law_enforcement_body},
          int64_t{d.has_legal_affairs_office},
          int64_t{static_cast<int>(d.status)},
          db::TextOrNull(d.successor_id),
          absl::ToUnixMicros(d.create_time),
          absl::ToUnixMicros(d.update_time),
          d.dissolve_time ? Value(absl::ToUnixMicros(*d.dissolve_time)) : db::Null(),
          d.valid_from ? Value(time_util::ToYmd(*d.valid_from)) : db::Null(),
          d.valid_to ? Value(time_util::ToYmd(*d.valid_to)) : db::Null(),
          d.version};
}

absl::StatusOr<std::optional<Department>> FirstOrNone(absl::StatusOr<db::Result> result) {
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<Department>();
  return std::optional<Department>(FromRow(result->rows.front()));
}

absl::StatusOr<std::optional<std::string>> FirstIdOrNone(absl::StatusOr<db::Result> result) {
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(result->rows.front().Text(0));
}

class SqlRepository : public DepartmentRepository {
 public:
  SqlRepository(db::Connection& conn, const audit::AuditContext& context)
      : conn_(conn), context_(context) {}

  absl::StatusOr<std::optional<Department>> Find(absl::string_view id) override {
    return FindDepartment(conn_, id, /*for_update=*/true);
  }

  absl::StatusOr<std::vector<std::string>> AncestorIds(absl::string_view id) override {
    absl::StatusOr<db::Result> result = conn_.Execute(
        "WITH RECURSIVE up (id, parent_id, depth) AS ("
        " SELECT id, parent_id, 0 FROM departments WHERE id = ?"
        " UNION ALL"
        " SELECT d.id, d.parent_id, up.depth + 1 FROM departments d JOIN up ON d.id = up.parent_id"
        " WHERE up.depth < ?)"
        " SELECT id FROM up WHERE depth > 0 ORDER BY depth",
        {std::string(id), int64_t{kMaxDepth}});
    if (!result.ok()) return result.status();
    std::vector<std::string> ids;
    for (const db::Row& row : result->rows) ids.push_back(row.Text(0));
    return ids;
  }

  absl::StatusOr<int64_t> CountActiveChildren(absl::string_view id) override {
    absl::StatusOr<db::Result> result =
        conn_.Execute("SELECT COUNT(*) FROM departments WHERE parent_id = ? AND status = ?",
                      {std::string(id), int64_t{static_cast<int>(Status::kActive)}});
    if (!result.ok()) return result.status();
    return result->rows.front().Int(0);
  }

  absl::StatusOr<int64_t> CountActiveOfficers(absl::string_view id) override {
    absl::StatusOr<db::Result> result =
        conn_.Execute("SELECT COUNT(*) FROM officers WHERE department_id = ? AND status = ?",
                      {std::string(id), int64_t{static_cast<int>(OfficerStatus::kActive)}});
    if (!result.ok()) return result.status();
    return result->rows.front().Int(0);
  }

  absl::StatusOr<std::optional<std::string>> ActiveSiblingNamed(
      absl::string_view parent_id, absl::string_view name, absl::string_view exclude_id) override {
    std::vector<Value> params{std::string(name), int64_t{static_cast<int>(Status::kActive)},
                              std::string(exclude_id)};
    std::string parent_clause = "parent_id IS NULL";
    if (!parent_id.empty()) {
      parent_clause = "parent_id = ?";
      params.insert(params.begin(), std::string(parent_id));
    }
    return FirstIdOrNone(
        conn_.Execute(absl::StrCat("SELECT id FROM departments WHERE ", parent_clause,
                                   " AND name = ? AND status = ? AND id <> ? LIMIT 1"),
                      params));
  }

  absl::StatusOr<std::optional<std::string>> IdHoldingCreditCode(absl::string_view code) override {
    return FirstIdOrNone(
        conn_.Execute("SELECT id FROM departments WHERE credit_code = ?", {std::string(code)}));
  }

  absl::StatusOr<std::optional<Department>> FindByRequestId(absl::string_view request_id) override {
    return FirstOrNone(conn_.Execute(
        absl::StrCat("SELECT ", kColumns, " FROM departments d WHERE d.create_request_id = ?"),
        {std::string(request_id)}));
  }

  absl::Status Insert(const Department& d, absl::string_view request_id) override {
    std::vector<Value> params{d.id};
    for (Value& v : FieldValues(d)) params.push_back(std::move(v));
    params.push_back(db::TextOrNull(request_id));
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO departments (id, name, short_name, kind, level, parent_id, "
                "credit_code, "
                "region_code, law_enforcement_body, has_legal_affairs_office, status, "
                "successor_id, "
                "create_time_us, update_time_us, dissolve_time_us, valid_from_ymd, valid_to_ymd, "
                "version, create_request_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params)
            .status();
    if (!s.ok()) return s;
    return audit::Write(conn_, context_, kTarget, d.id, "create",
                        audit::CreationJson(AuditFields(d)), d.update_time);
  }

  absl::Status Update(const Department& d, int64_t expected_version) override {
    absl::StatusOr<std::optional<Department>> before = Find(d.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) return absl::NotFoundError(absl::StrCat("department '", d.id, "'"));
    std::vector<Value> params = FieldValues(d);
    params.push_back(d.id);
    params.push_back(expected_version);
    absl::StatusOr<db::Result> result = conn_.Execute(
        "UPDATE departments SET name = ?, short_name = ?, kind = ?, level = ?, parent_id = ?, "
        "credit_code = ?, region_code = ?, law_enforcement_body = ?, has_legal_affairs_office = ?, "
        "status = ?, successor_id = ?, create_time_us = ?, update_time_us = ?, "
        "dissolve_time_us = ?, valid_from_ymd = ?, valid_to_ymd = ?, version = ? "
        "WHERE id = ? AND version = ?",
        params);
    if (!result.ok()) return result.status();
    if (result->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("department '", d.id, "' changed while this update ran; read it again"));
    }
    bool dissolving = (*before)->status != Status::kDissolved && d.status == Status::kDissolved;
    return audit::Write(conn_, context_, kTarget, d.id, dissolving ? "dissolve" : "update",
                        audit::ChangeJson(AuditFields(**before), AuditFields(d)), d.update_time);
  }

 private:
  db::Connection& conn_;
  const audit::AuditContext& context_;
};

}  // namespace

absl::StatusOr<std::optional<Department>> FindDepartment(db::Connection& conn, absl::string_view id,
                                                         bool for_update) {
  // Row locks matter on MySQL; SQLite's BEGIN IMMEDIATE already holds the write lock.
  std::string sql =
      absl::StrCat("SELECT ", kColumns, " FROM departments d WHERE d.id = ?",
                   for_update && conn.dialect() == db::Dialect::kMysql ? " FOR UPDATE" : "");
  return FirstOrNone(conn.Execute(sql, {std::string(id)}));
}

absl::Status DepartmentStore::InTransaction(
    const audit::AuditContext& context,
    const std::function<absl::Status(DepartmentRepository&)>& fn) {
  absl::Status status = db_->InTransaction([&](db::Connection& conn) {
    SqlRepository repo(conn, context);
    return fn(repo);
  });
  if (status.ok() && on_write_) on_write_();
  return status;
}

absl::StatusOr<std::optional<Department>> DepartmentStore::Get(absl::string_view id) {
  return FirstOrNone(db_->Execute(
      absl::StrCat("SELECT ", kColumns, " FROM departments d WHERE d.id = ?"), {std::string(id)}));
}

absl::StatusOr<std::vector<Department>> DepartmentStore::GetMany(
    const std::vector<std::string>& ids) {
  std::vector<Department> found;
  // Bounded IN lists keep each statement's parameter count (and its cached plan) small.
  constexpr size_t kChunk = 100;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    std::vector<Value> params(ids.begin() + start, ids.begin() + start + n);
    std::vector<std::string> marks(n, "?");
    absl::StatusOr<db::Result> result =
        db_->Execute(absl::StrCat("SELECT ", kColumns, " FROM departments d WHERE d.id IN (",
                                  absl::StrJoin(marks, ", "), ")"),
                     params);
    if (!result.ok()) return result.status();
    for (const db::Row& row : result->rows) found.push_back(FromRow(row));
  }
  return found;
}

absl::StatusOr<std::vector<Department>> DepartmentStore::List(const ListFilter& filter,
                                                              absl::string_view after_id,
                                                              int limit) {
  std::string sql = absl::StrCat("SELECT ", kColumns, " FROM departments d WHERE d.id > ?");
  std::vector<Value> params{std::string(after_id)};
  if (filter.roots_only) {
    sql += " AND d.parent_id IS NULL";
  } else if (!filter.parent_id.empty()) {
    sql += " AND d.parent_id = ?";
    params.push_back(filter.parent_id);
  }
  if (filter.kind != Kind::kUnspecified) {
    sql += " AND d.kind = ?";
    params.push_back(int64_t{static_cast<int>(filter.kind)});
  }
  if (filter.status != Status::kUnspecified) {
    sql += " AND d.status = ?";
    params.push_back(int64_t{static_cast<int>(filter.status)});
  }
  if (filter.as_of) AppendExistedOn(*filter.as_of, &sql, &params);
  sql += " ORDER BY d.id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result = db_->Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<Department> out;
  for (const db::Row& row : result->rows) out.push_back(FromRow(row));
  return out;
}

absl::StatusOr<std::vector<DescendantNode>> DepartmentStore::ListDescendants(
    absl::string_view root, bool include_self, bool include_dissolved,
    std::optional<absl::CivilDay> as_of, const std::optional<DescendantsCursor>& after, int limit) {
  int64_t after_depth = after ? after->depth : -1;
  std::string after_id = after ? after->id : "";
  std::vector<Value> params;
  std::string sql = absl::StrCat(SubtreeCte(root, &params), "SELECT ", kColumns,
                                 ", tree.depth FROM tree JOIN departments d ON d.id = tree.id"
                                 " WHERE tree.depth >= ? AND (? = 1 OR d.status = ?)"
                                 " AND (tree.depth > ? OR (tree.depth = ? AND d.id > ?))");
  for (Value v : std::vector<Value>{
           int64_t{include_self ? 0 : 1}, int64_t{include_dissolved || as_of.has_value()},
           int64_t{static_cast<int>(Status::kActive)}, after_depth, after_depth, after_id}) {
    params.push_back(std::move(v));
  }
  if (as_of) AppendExistedOn(*as_of, &sql, &params);
  sql += " ORDER BY tree.depth, d.id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result = db_->Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<DescendantNode> out;
  for (const db::Row& row : result->rows) {
    out.push_back(DescendantNode{FromRow(row), static_cast<int>(row.Int(kColumnCount))});
  }
  return out;
}

}  // namespace fazhi::department

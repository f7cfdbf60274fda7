#include "services/department/store/relation_store.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "services/department/store/department_store.h"

namespace fazhi::department {
namespace {

using db::Value;

constexpr absl::string_view kColumns =
    "r.department_id, r.kind, r.related_id, d.name, r.valid_from_ymd, r.valid_to_ymd, r.reason, "
    "r.set_by, r.set_time_us";
constexpr absl::string_view kFrom =
    " FROM department_relations r JOIN departments d ON d.id = r.related_id";
constexpr char kTarget[] = "department";

Relation FromRow(const db::Row& row) {
  Relation r;
  r.department_id = row.Text(0);
  r.kind = static_cast<RelationKind>(row.Int(1));
  r.related_id = row.Text(2);
  r.related_name = row.Text(3);
  r.valid_from = time_util::FromYmd(row.Int(4));
  if (!row.IsNull(5)) r.valid_to = time_util::FromYmd(row.Int(5));
  r.reason = row.Text(6);
  r.set_by = row.Text(7);
  r.set_time = absl::FromUnixMicros(row.Int(8));
  return r;
}

Value OptionalDay(const std::optional<absl::CivilDay>& day) {
  return day ? Value(time_util::ToYmd(*day)) : db::Null();
}

// What the audit log records of a relation: the whole row, so an entry reads on its own.
audit::Fields AuditFields(const Relation& r) {
  return {{"relation_kind", std::string(RelationKindName(r.kind))},
          {"related_id", r.related_id},
          {"valid_from", time_util::FormatDay(r.valid_from)},
          {"valid_to", r.valid_to ? time_util::FormatDay(*r.valid_to) : ""},
          {"reason", r.reason}};
}

class SqlRelationRepository : public RelationRepository {
 public:
  SqlRelationRepository(db::Connection& conn, const audit::AuditContext& context)
      : conn_(conn), context_(context) {}

  absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) override {
    return department::FindDepartment(conn_, id, /*for_update=*/true);
  }

  absl::StatusOr<std::optional<Relation>> Latest(absl::string_view department_id,
                                                 RelationKind kind) override {
    absl::StatusOr<db::Result> result =
        conn_.Execute(absl::StrCat("SELECT ", kColumns, kFrom,
                                   " WHERE r.department_id = ? AND r.kind = ?"
                                   " ORDER BY r.valid_from_ymd DESC LIMIT 1"),
                      {std::string(department_id), int64_t{static_cast<int>(kind)}});
    if (!result.ok()) return result.status();
    if (result->rows.empty()) return std::optional<Relation>();
    return std::optional<Relation>(FromRow(result->rows.front()));
  }

  absl::Status Insert(const Relation& r) override {
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO department_relations (department_id, kind, valid_from_ymd, "
                "valid_to_ymd, related_id, reason, set_by, set_time_us) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {r.department_id, int64_t{static_cast<int>(r.kind)}, time_util::ToYmd(r.valid_from),
                 OptionalDay(r.valid_to), r.related_id, r.reason, r.set_by,
                 absl::ToUnixMicros(r.set_time)})
            .status();
    if (!s.ok()) return s;
    return audit::Write(conn_, context_, kTarget, r.department_id, "set_relation",
                        audit::CreationJson(AuditFields(r)), r.set_time);
  }

  absl::Status Replace(const Relation& before, const Relation& after, absl::string_view action,
                       absl::string_view reason, absl::Time now) override {
    absl::StatusOr<db::Result> result = conn_.Execute(
        "UPDATE department_relations SET valid_to_ymd = ?, related_id = ?, reason = ?, "
        "set_by = ?, set_time_us = ? "
        "WHERE department_id = ? AND kind = ? AND valid_from_ymd = ?",
        {OptionalDay(after.valid_to), after.related_id, after.reason, after.set_by,
         absl::ToUnixMicros(after.set_time), before.department_id,
         int64_t{static_cast<int>(before.kind)}, time_util::ToYmd(before.valid_from)});
    if (!result.ok()) return result.status();
    if (result->affected_rows != 1) {
      return absl::AbortedError(absl::StrCat("the ", RelationKindName(before.kind),
                                             " relation of '", before.department_id,
                                             "' changed while this call ran; try again"));
    }
    // The relation's kind and first day say which row changed; the call's reason says why.
    audit::Fields changed{{"relation_kind", std::string(RelationKindName(before.kind))},
                          {"valid_from", time_util::FormatDay(before.valid_from)},
                          {"reason", std::string(reason)}};
    std::string json = audit::CreationJson(changed);
    std::string diff = audit::ChangeJson(AuditFields(before), AuditFields(after));
    // {"relation_kind":..,"valid_from":..,"reason":..,"changes":{...}}
    json.pop_back();
    absl::StrAppend(&json, ",\"changes\":", diff, "}");
    return audit::Write(conn_, context_, kTarget, before.department_id, action, json, now);
  }

 private:
  db::Connection& conn_;
  const audit::AuditContext& context_;
};

}  // namespace

absl::Status RelationStore::InTransaction(
    const audit::AuditContext& context,
    const std::function<absl::Status(RelationRepository&)>& fn) {
  return db_->InTransaction([&](db::Connection& conn) {
    SqlRelationRepository repo(conn, context);
    return fn(repo);
  });
}

absl::StatusOr<std::vector<Relation>> RelationStore::List(const RelationFilter& filter) {
  std::string sql = absl::StrCat("SELECT ", kColumns, kFrom, " WHERE r.department_id = ?");
  std::vector<Value> params{filter.department_id};
  if (filter.kind != RelationKind::kUnspecified) {
    sql += " AND r.kind = ?";
    params.push_back(int64_t{static_cast<int>(filter.kind)});
  }
  if (filter.as_of) {
    sql += " AND r.valid_from_ymd <= ? AND (r.valid_to_ymd IS NULL OR r.valid_to_ymd > ?)";
    params.push_back(time_util::ToYmd(*filter.as_of));
    params.push_back(time_util::ToYmd(*filter.as_of));
  }
  sql += " ORDER BY r.kind, r.valid_from_ymd";
  absl::StatusOr<db::Result> result = db_->Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<Relation> out;
  for (const db::Row& row : result->rows) out.push_back(FromRow(row));
  return out;
}

}  // namespace fazhi::department

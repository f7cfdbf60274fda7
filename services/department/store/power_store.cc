#include "services/department/store/power_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/db/fragment.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "services/department/store/department_store.h"
#include "services/department/store/subtree.h"

namespace fazhi::department {
namespace {

using db::Value;
using time_util::FromYmd;
using time_util::ToYmd;

constexpr char kItemColumns[] =
    "p.id, p.department_id, p.code, p.name, p.category, p.legal_basis, p.effective_ymd, "
    "p.removed_ymd, p.status, p.create_time_us, p.update_time_us, p.version";
constexpr size_t kItemColumnCount = 12;

constexpr char kDelegationColumns[] =
    "dl.id, dl.title, dl.document, dl.grantor_id, dl.effective_ymd, dl.revoked_ymd, "
    "dl.revoke_reason, dl.status, dl.create_time_us, dl.update_time_us, dl.version";

constexpr char kAdjustmentColumns[] =
    "a.id, a.power_item_id, a.department_id, a.kind, a.reason, a.document, a.date_ymd, a.actor, "
    "a.create_time_us, a.item_code, a.item_name, a.changes";

// Legal bases in one column: "law<US>article" entries joined by <RS>. Neither separator can
// appear in validated text (control characters are refused).
constexpr char kUnitSeparator = '\x1f';
constexpr char kRecordSeparator = '\x1e';

std::string EncodeBases(const std::vector<LegalBasis>& bases) {
  std::vector<std::string> entries;
  for (const LegalBasis& b : bases) {
    entries.push_back(absl::StrCat(b.law, std::string(1, kUnitSeparator), b.article));
  }
  return absl::StrJoin(entries, std::string(1, kRecordSeparator));
}

std::vector<LegalBasis> DecodeBases(absl::string_view text) {
  std::vector<LegalBasis> bases;
  for (absl::string_view entry : absl::StrSplit(text, kRecordSeparator, absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts =
        absl::StrSplit(entry, absl::MaxSplits(kUnitSeparator, 1));
    bases.push_back(LegalBasis{parts.first, parts.second});
  }
  return bases;
}

Value OptionalDay(const std::optional<absl::CivilDay>& day) {
  return day ? Value(ToYmd(*day)) : db::Null();
}

PowerItem ItemFromRow(const db::Row& row, size_t at = 0) {
  PowerItem item;
  item.id = row.Text(at + 0);
  item.department_id = row.Text(at + 1);
  item.code = row.Text(at + 2);
  item.name = row.Text(at + 3);
  item.category = static_cast<PowerCategory>(row.Int(at + 4));
  item.legal_basis = DecodeBases(row.Text(at + 5));
  item.effective_date = FromYmd(row.Int(at + 6));
  if (!row.IsNull(at + 7)) item.removed_date = FromYmd(row.Int(at + 7));
  item.status = static_cast<PowerItemStatus>(row.Int(at + 8));
  item.create_time = absl::FromUnixMicros(row.Int(at + 9));
  item.update_time = absl::FromUnixMicros(row.Int(at + 10));
  item.version = row.Int(at + 11);
  return item;
}

std::vector<Value> ItemValues(const PowerItem& item) {
  return {item.department_id,
          item.code,
          item.name,
          int64_t{static_cast<int>(item.category)},
          EncodeBases(item.legal_basis),
          OptionalDay(item.effective_date),
          OptionalDay(item.removed_date),
          int64_t{static_cast<int>(item.status)},
          absl::ToUnixMicros(item.create_time),
          absl::ToUnixMicros(item.update_time),
          item.version};
}

Delegation DelegationFromRow(const db::Row& row) {
  Delegation d;
  d.id = row.Text(0);
  d.title = row.Text(1);
  d.document = row.Text(2);
  d.grantor_id = row.Text(3);
  d.effective_date = FromYmd(row.Int(4));
  if (!row.IsNull(5)) d.revoked_date = FromYmd(row.Int(5));
  d.revoke_reason = row.Text(6);
  d.status = static_cast<DelegationStatus>(row.Int(7));
  d.create_time = absl::FromUnixMicros(row.Int(8));
  d.update_time = absl::FromUnixMicros(row.Int(9));
  d.version = row.Int(10);
  return d;
}

PowerAdjustment AdjustmentFromRow(const db::Row& row) {
  PowerAdjustment a;
  a.id = row.Text(0);
  a.power_item_id = row.Text(1);
  a.department_id = row.Text(2);
  a.kind = static_cast<AdjustmentKind>(row.Int(3));
  a.reason = row.Text(4);
  a.document = row.Text(5);
  a.date = FromYmd(row.Int(6));
  a.actor = row.Text(7);
  a.create_time = absl::FromUnixMicros(row.Int(8));
  a.item_code = row.Text(9);
  a.item_name = row.Text(10);
  a.changes = row.Text(11);
  return a;
}

std::string ForUpdate(const db::Connection& conn) {
  return conn.dialect() == db::Dialect::kMysql ? " FOR UPDATE" : "";
}

// Reads a delegation with its items and grantees on conn.
absl::StatusOr<std::optional<Delegation>> LoadDelegation(db::Connection& conn,
                                                         absl::string_view where,
                                                         const std::vector<Value>& params,
                                                         bool for_update) {
  absl::StatusOr<db::Result> head =
      conn.Execute(absl::StrCat("SELECT ", kDelegationColumns, " FROM delegations dl WHERE ", where,
                                for_update ? ForUpdate(conn) : ""),
                   params);
  if (!head.ok()) return head.status();
  if (head->rows.empty()) return std::optional<Delegation>();
  Delegation d = DelegationFromRow(head->rows.front());
  absl::StatusOr<db::Result> items = conn.Execute(
      "SELECT power_item_id FROM delegation_items WHERE delegation_id = ? ORDER BY power_item_id",
      {d.id});
  if (!items.ok()) return items.status();
  for (const db::Row& row : items->rows) d.power_item_ids.push_back(row.Text(0));
  absl::StatusOr<db::Result> grantees = conn.Execute(
      "SELECT department_id FROM delegation_grantees WHERE delegation_id = ? "
      "ORDER BY department_id",
      {d.id});
  if (!grantees.ok()) return grantees.status();
  for (const db::Row& row : grantees->rows) d.grantee_ids.push_back(row.Text(0));
  return std::optional<Delegation>(std::move(d));
}

absl::StatusOr<std::optional<PowerItem>> FirstItem(absl::StatusOr<db::Result> result) {
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<PowerItem>();
  return std::optional<PowerItem>(ItemFromRow(result->rows.front()));
}

class SqlPowerRepository : public PowerRepository {
 public:
  SqlPowerRepository(db::Connection& conn, const audit::AuditContext& context)
      : conn_(conn), context_(context) {}

  absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) override {
    // Locked: a unit cannot be dissolved while powers are being granted to it.
    return department::FindDepartment(conn_, id, /*for_update=*/true);
  }

  absl::StatusOr<std::optional<PowerItem>> FindItem(absl::string_view id) override {
    return FirstItem(
        conn_.Execute(absl::StrCat("SELECT ", kItemColumns, " FROM power_items p WHERE p.id = ?",
                                   ForUpdate(conn_)),
                      {std::string(id)}));
  }

  absl::StatusOr<std::optional<PowerItem>> FindItemByRequestId(
      absl::string_view request_id) override {
    return FirstItem(conn_.Execute(
        absl::StrCat("SELECT ", kItemColumns, " FROM power_items p WHERE p.create_request_id = ?"),
        {std::string(request_id)}));
  }

  absl::StatusOr<std::optional<std::string>> ActiveItemWithCode(
      absl::string_view department_id, absl::string_view code,
      absl::string_view exclude_id) override {
    absl::StatusOr<db::Result> r = conn_.Execute(
        "SELECT id FROM power_items WHERE department_id = ? AND code = ? AND status = ? "
        "AND id <> ? LIMIT 1",
        {std::string(department_id), std::string(code),
         int64_t{static_cast<int>(PowerItemStatus::kActive)}, std::string(exclude_id)});
    if (!r.ok()) return r.status();
    if (r->rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(r->rows.front().Text(0));
  }

  absl::Status InsertItem(const PowerItem& item, absl::string_view request_id) override {
    std::vector<Value> params{item.id};
    for (Value& v : ItemValues(item)) params.push_back(std::move(v));
    params.push_back(db::TextOrNull(request_id));
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO power_items (id, department_id, code, name, category, legal_basis, "
                "effective_ymd, removed_ymd, status, create_time_us, update_time_us, version, "
                "create_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                params)
            .status();
    if (!s.ok()) return s;
    return audit::Write(conn_, context_, "power_item", item.id, "create",
                        audit::CreationJson(ItemFields(item)), item.update_time);
  }

  absl::Status UpdateItem(const PowerItem& item, int64_t expected_version) override {
    absl::StatusOr<std::optional<PowerItem>> before = FindItem(item.id);
    if (!before.ok()) return before.status();
    if (!before->has_value())
      return absl::NotFoundError(absl::StrCat("power item '", item.id, "'"));
    std::vector<Value> params = ItemValues(item);
    params.push_back(item.id);
    params.push_back(expected_version);
    absl::StatusOr<db::Result> r = conn_.Execute(
        "UPDATE power_items SET department_id = ?, code = ?, name = ?, category = ?, "
        "legal_basis = ?, effective_ymd = ?, removed_ymd = ?, status = ?, create_time_us = ?, "
        "update_time_us = ?, version = ? WHERE id = ? AND version = ?",
        params);
    if (!r.ok()) return r.status();
    if (r->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("power item '", item.id, "' changed while this update ran; read it again"));
    }
    bool removing =
        (*before)->status != PowerItemStatus::kRemoved && item.status == PowerItemStatus::kRemoved;
    return audit::Write(conn_, context_, "power_item", item.id, removing ? "remove" : "update",
                        audit::ChangeJson(ItemFields(**before), ItemFields(item)),
                        item.update_time);
  }

  absl::Status InsertAdjustment(const PowerAdjustment& a) override {
    return conn_
        .Execute(
            "INSERT INTO power_adjustments (id, power_item_id, department_id, kind, reason, "
            "document, date_ymd, actor, create_time_us, item_code, item_name, changes) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {ids::NewSortableId(a.create_time), a.power_item_id, a.department_id,
             int64_t{static_cast<int>(a.kind)}, a.reason, a.document, ToYmd(a.date), a.actor,
             absl::ToUnixMicros(a.create_time), a.item_code, a.item_name, a.changes})
        .status();
  }

  absl::StatusOr<std::optional<Delegation>> FindDelegation(absl::string_view id) override {
    return LoadDelegation(conn_, "dl.id = ?", {std::string(id)}, /*for_update=*/true);
  }

  absl::StatusOr<std::optional<Delegation>> FindDelegationByRequestId(
      absl::string_view request_id) override {
    return LoadDelegation(conn_, "dl.create_request_id = ?", {std::string(request_id)},
                          /*for_update=*/false);
  }

  absl::Status InsertDelegation(const Delegation& d, absl::string_view request_id) override {
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO delegations (id, title, document, grantor_id, effective_ymd, "
                "revoked_ymd, revoke_reason, status, create_time_us, update_time_us, version, "
                "create_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {d.id, d.title, d.document, d.grantor_id, OptionalDay(d.effective_date),
                 OptionalDay(d.revoked_date), d.revoke_reason, int64_t{static_cast<int>(d.status)},
                 absl::ToUnixMicros(d.create_time), absl::ToUnixMicros(d.update_time), d.version,
                 db::TextOrNull(request_id)})
            .status();
    for (const std::string& item : d.power_item_ids) {
      if (!s.ok()) return s;
      s = conn_
              .Execute("INSERT INTO delegation_items (delegation_id, power_item_id) VALUES (?, ?)",
                       {d.id, item})
              .status();
    }
    for (const std::string& grantee : d.grantee_ids) {
      if (!s.ok()) return s;
      s = conn_
              .Execute(
                  "INSERT INTO delegation_grantees (delegation_id, department_id) VALUES (?, ?)",
                  {d.id, grantee})
              .status();
    }
    if (!s.ok()) return s;
    return audit::Write(conn_, context_, "delegation", d.id, "create",
                        audit::CreationJson(DelegationFields(d)), d.update_time);
  }

  absl::Status UpdateDelegation(const Delegation& d, int64_t expected_version) override {
    absl::StatusOr<std::optional<Delegation>> before = FindDelegation(d.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) return absl::NotFoundError(absl::StrCat("delegation '", d.id, "'"));
    // Items and grantees are fixed at creation; a different grant is a new delegation.
    absl::StatusOr<db::Result> r = conn_.Execute(
        "UPDATE delegations SET title = ?, document = ?, revoked_ymd = ?, revoke_reason = ?, "
        "status = ?, update_time_us = ?, version = ? WHERE id = ? AND version = ?",
        {d.title, d.document, OptionalDay(d.revoked_date), d.revoke_reason,
         int64_t{static_cast<int>(d.status)}, absl::ToUnixMicros(d.update_time), d.version, d.id,
         expected_version});
    if (!r.ok()) return r.status();
    if (r->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("delegation '", d.id, "' changed while this update ran; read it again"));
    }
    bool revoking =
        (*before)->status != DelegationStatus::kRevoked && d.status == DelegationStatus::kRevoked;
    return audit::Write(conn_, context_, "delegation", d.id, revoking ? "revoke" : "update",
                        audit::ChangeJson(DelegationFields(**before), DelegationFields(d)),
                        d.update_time);
  }

 private:
  db::Connection& conn_;
  const audit::AuditContext& context_;
};

// Starts a statement restricted to the units in scope: returns the CTE prefix (if any) with its
// parameters appended to cte_params, and appends to `where` the condition on column with its
// parameters appended to where_params (the same vector when nothing comes between the two).
std::string ScopeSql(const UnitScope& scope, absl::string_view column, std::string* where,
                     std::vector<Value>* where_params, std::vector<Value>* cte_params) {
  if (scope.department_id.empty()) return "";
  if (!scope.include_descendants) {
    absl::StrAppend(where, " AND ", column, " = ?");
    where_params->push_back(scope.department_id);
    return "";
  }
  absl::StrAppend(where, " AND ", column, " IN (SELECT id FROM tree)");
  return SubtreeCte(scope.department_id, cte_params);
}

// The adjustment list's and summary's statement through its WHERE: select (which may bind
// parameters of its own) over the adjustments the filter keeps. Appends every parameter in the
// order of the statement's '?', so the caller may go on appending conditions.
std::string AdjustmentQuery(const AdjustmentFilter& filter, const db::Fragment& select,
                            std::vector<Value>* params) {
  std::string where = " WHERE 1 = 1";
  std::vector<Value> where_params;
  std::string cte = ScopeSql(filter.scope, "a.department_id", &where, &where_params, params);
  params->insert(params->end(), select.params.begin(), select.params.end());
  if (filter.first_day) {
    where += " AND a.date_ymd >= ?";
    where_params.push_back(ToYmd(*filter.first_day));
  }
  if (filter.last_day) {
    where += " AND a.date_ymd <= ?";
    where_params.push_back(ToYmd(*filter.last_day));
  }
  if (filter.kind != AdjustmentKind::kUnspecified) {
    where += " AND a.kind = ?";
    where_params.push_back(int64_t{static_cast<int>(filter.kind)});
  }
  params->insert(params->end(), where_params.begin(), where_params.end());
  return absl::StrCat(cte, select.sql, " FROM power_adjustments a", where);
}

}  // namespace

absl::Status PowerStore::InTransaction(const audit::AuditContext& context,
                                       const std::function<absl::Status(PowerRepository&)>& fn) {
  return db_->InTransaction([&](db::Connection& conn) {
    SqlPowerRepository repo(conn, context);
    return fn(repo);
  });
}

absl::StatusOr<std::optional<PowerItem>> PowerStore::GetItem(absl::string_view id) {
  return FirstItem(
      db_->Execute(absl::StrCat("SELECT ", kItemColumns, " FROM power_items p WHERE p.id = ?"),
                   {std::string(id)}));
}

absl::StatusOr<std::vector<PowerItem>> PowerStore::ListItems(const ItemFilter& filter,
                                                             absl::string_view after_id,
                                                             int limit) {
  std::string sql = absl::StrCat("SELECT ", kItemColumns,
                                 " FROM power_items p WHERE p.department_id = ? AND p.id > ?");
  std::vector<Value> params{filter.department_id, std::string(after_id)};
  if (filter.category != PowerCategory::kUnspecified) {
    sql += " AND p.category = ?";
    params.push_back(int64_t{static_cast<int>(filter.category)});
  }
  if (filter.status != PowerItemStatus::kUnspecified) {
    sql += " AND p.status = ?";
    params.push_back(int64_t{static_cast<int>(filter.status)});
  }
  sql += " ORDER BY p.id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<PowerItem> items;
  for (const db::Row& row : r->rows) items.push_back(ItemFromRow(row));
  return items;
}

absl::StatusOr<std::vector<CategoryCount>> PowerStore::CountItems(const UnitScope& scope,
                                                                  absl::CivilDay day) {
  std::vector<Value> params;
  std::string where = " WHERE 1 = 1";
  std::string cte = ScopeSql(scope, "p.department_id", &where, &params, &params);
  where += " AND p.effective_ymd <= ? AND (p.removed_ymd IS NULL OR p.removed_ymd > ?)";
  params.push_back(ToYmd(day));
  params.push_back(ToYmd(day));
  absl::StatusOr<db::Result> r =
      db_->Execute(absl::StrCat(cte, "SELECT p.category, COUNT(*) FROM power_items p", where,
                                " GROUP BY p.category ORDER BY p.category"),
                   params);
  if (!r.ok()) return r.status();
  std::vector<CategoryCount> counts;
  for (const db::Row& row : r->rows) {
    counts.push_back(CategoryCount{static_cast<PowerCategory>(row.Int(0)), row.Int(1)});
  }
  return counts;
}

absl::StatusOr<std::vector<PowerAdjustment>> PowerStore::ListAdjustments(
    const AdjustmentFilter& filter, const std::optional<AdjustmentCursor>& after, int limit) {
  std::vector<Value> params;
  std::string sql = AdjustmentQuery(
      filter, db::Fragment{absl::StrCat("SELECT ", kAdjustmentColumns), {}}, &params);
  if (after) {
    sql += " AND (a.date_ymd > ? OR (a.date_ymd = ? AND a.id > ?))";
    params.push_back(after->date_ymd);
    params.push_back(after->date_ymd);
    params.push_back(after->id);
  }
  sql += " ORDER BY a.date_ymd, a.id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<PowerAdjustment> out;
  for (const db::Row& row : r->rows) out.push_back(AdjustmentFromRow(row));
  return out;
}

absl::StatusOr<AdjustmentSummary> PowerStore::SummarizeAdjustments(const AdjustmentFilter& filter) {
  std::vector<Value> params;
  db::Fragment select = db::Join(
      {db::Fragment{"SELECT a.department_id, COUNT(DISTINCT a.power_item_id), COUNT(*)", {}},
       db::CountWhen(db::Equals("a.kind", AdjustmentKind::kAdd)),
       db::CountWhen(db::Equals("a.kind", AdjustmentKind::kModify)),
       db::CountWhen(db::Equals("a.kind", AdjustmentKind::kRemove))},
      ", ");
  std::string sql = AdjustmentQuery(filter, select, &params);
  sql += " GROUP BY a.department_id ORDER BY a.department_id";
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  AdjustmentSummary summary;
  for (const db::Row& row : r->rows) {
    DepartmentAdjustmentCount c{row.Text(0), row.Int(1), row.Int(2),
                                row.Int(3),  row.Int(4), row.Int(5)};
    // An item stays on the list of the unit that added it, so per-unit distinct counts add up.
    summary.item_count += c.item_count;
    summary.adjustment_count += c.adjustment_count;
    summary.by_department.push_back(std::move(c));
  }
  summary.department_count = static_cast<int64_t>(summary.by_department.size());
  return summary;
}

absl::StatusOr<std::optional<Delegation>> PowerStore::GetDelegation(absl::string_view id) {
  absl::StatusOr<std::optional<Delegation>> result;
  absl::Status s = db_->WithConnection([&](db::Connection& conn) {
    result = LoadDelegation(conn, "dl.id = ?", {std::string(id)}, /*for_update=*/false);
    return result.status();
  });
  if (!s.ok()) return s;
  return result;
}

absl::StatusOr<std::vector<Delegation>> PowerStore::ListDelegations(absl::string_view grantee_id,
                                                                    absl::string_view power_item_id,
                                                                    absl::string_view after_id,
                                                                    int limit) {
  std::string sql = "SELECT dl.id FROM delegations dl WHERE dl.id > ?";
  std::vector<Value> params{std::string(after_id)};
  if (!grantee_id.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM delegation_grantees g WHERE g.delegation_id = dl.id"
        " AND g.department_id = ?)";
    params.push_back(std::string(grantee_id));
  }
  if (!power_item_id.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM delegation_items di WHERE di.delegation_id = dl.id"
        " AND di.power_item_id = ?)";
    params.push_back(std::string(power_item_id));
  }
  sql += " ORDER BY dl.id LIMIT ?";
  params.push_back(int64_t{limit});
  std::vector<Delegation> out;
  absl::Status s = db_->WithConnection([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> ids = conn.Execute(sql, params);
    if (!ids.ok()) return ids.status();
    for (const db::Row& row : ids->rows) {
      absl::StatusOr<std::optional<Delegation>> d =
          LoadDelegation(conn, "dl.id = ?", {row.Text(0)}, /*for_update=*/false);
      if (!d.ok()) return d.status();
      if (d->has_value()) out.push_back(**d);
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<HeldPower>> PowerStore::ListHeldPowers(
    absl::string_view department_id, absl::CivilDay day, PowerCategory category,
    const std::optional<HeldCursor>& after, int limit) {
  // Held on day (domain rules ItemInForceOn and DelegationInForceOn): the unit's own items in
  // force, and the items in force of every delegation to it in force. A delegated item whose
  // owner took it off its list lapses with it.
  const int64_t ymd = ToYmd(day);
  std::string in_force = "p.effective_ymd <= ? AND (p.removed_ymd IS NULL OR p.removed_ymd > ?)";
  std::string sql = absl::StrCat(
      "SELECT * FROM ("
      " SELECT ",
      kItemColumns,
      ", '' AS delegation_id, '' AS delegation_document,"
      " '' AS grantor_id, p.effective_ymd AS held_since"
      " FROM power_items p WHERE p.department_id = ? AND ",
      in_force,
      " UNION ALL"
      " SELECT ",
      kItemColumns,
      ", dl.id, dl.document, dl.grantor_id,"
      " CASE WHEN p.effective_ymd > dl.effective_ymd THEN p.effective_ymd"
      " ELSE dl.effective_ymd END"
      " FROM delegation_grantees g JOIN delegations dl ON dl.id = g.delegation_id"
      " JOIN delegation_items di ON di.delegation_id = dl.id"
      " JOIN power_items p ON p.id = di.power_item_id"
      " WHERE g.department_id = ? AND dl.effective_ymd <= ?"
      " AND (dl.revoked_ymd IS NULL OR dl.revoked_ymd > ?) AND ",
      in_force, ") h WHERE (h.id > ? OR (h.id = ? AND h.delegation_id > ?))");
  std::vector<Value> params{
      std::string(department_id), ymd, ymd, std::string(department_id), ymd, ymd, ymd, ymd};
  // Without a cursor the empty id sorts before every id, so the first page starts at the top.
  std::string after_item = after ? after->item_id : "";
  params.push_back(after_item);
  params.push_back(after_item);
  params.push_back(after ? after->delegation_id : "");
  if (category != PowerCategory::kUnspecified) {
    sql += " AND h.category = ?";
    params.push_back(int64_t{static_cast<int>(category)});
  }
  sql += " ORDER BY h.id, h.delegation_id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<HeldPower> out;
  for (const db::Row& row : r->rows) {
    HeldPower held;
    held.item = ItemFromRow(row);
    held.delegation_id = row.Text(kItemColumnCount);
    held.delegation_document = row.Text(kItemColumnCount + 1);
    held.grantor_id = row.Text(kItemColumnCount + 2);
    held.held_since = FromYmd(row.Int(kItemColumnCount + 3));
    out.push_back(std::move(held));
  }
  return out;
}

}  // namespace fazhi::department

#include "services/statistics/store/rule_store.h"

#include <algorithm>
#include <memory>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/fragment.h"

namespace fazhi::statistics {
namespace {

using db::Value;

constexpr char kRuleColumns[] =
    "id, name, left_expr, comparison, right_expr, tolerance_basis_points, importance, "
    "missing_value_strategy, period_type, create_time_us, update_time_us, version";

// Bounded IN lists keep each statement's parameter count (and its cached plan) small.
constexpr size_t kChunk = 500;

ValidationRule RuleFromRow(const db::Row& row) {
  ValidationRule r;
  r.id = row.Text(0);
  r.name = row.Text(1);
  r.left = row.Text(2);
  r.comparison = static_cast<Comparison>(row.Int(3));
  r.right = row.Text(4);
  r.tolerance_basis_points = row.Int(5);
  r.importance = static_cast<RuleImportance>(row.Int(6));
  r.missing_value_strategy = static_cast<MissingValueStrategy>(row.Int(7));
  r.period_type = static_cast<time_util::PeriodType>(row.Int(8));
  r.create_time = absl::FromUnixMicros(row.Int(9));
  r.update_time = absl::FromUnixMicros(row.Int(10));
  r.version = row.Int(11);
  return r;
}

audit::Fields RuleFields(const ValidationRule& r) {
  return {{"name", r.name},
          {"left", r.left},
          {"comparison", absl::StrCat(static_cast<int>(r.comparison))},
          {"right", r.right},
          {"tolerance_basis_points", absl::StrCat(r.tolerance_basis_points)},
          {"importance", absl::StrCat(static_cast<int>(r.importance))},
          {"missing_value_strategy", absl::StrCat(static_cast<int>(r.missing_value_strategy))},
          {"period_type", absl::StrCat(static_cast<int>(r.period_type))}};
}

// request_key empty: a rule created without a request id (stored as NULL, which never collides).
absl::Status InsertRule(db::Connection& conn, const ValidationRule& r,
                        absl::string_view request_key) {
  return conn
      .Execute(absl::StrCat("INSERT INTO validation_rules (", kRuleColumns,
                            ", create_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               {r.id, r.name, r.left, int64_t{static_cast<int>(r.comparison)}, r.right,
                r.tolerance_basis_points, int64_t{static_cast<int>(r.importance)},
                int64_t{static_cast<int>(r.missing_value_strategy)},
                int64_t{static_cast<int>(r.period_type)}, absl::ToUnixMicros(r.create_time),
                absl::ToUnixMicros(r.update_time), r.version, db::TextOrNull(request_key)})
      .status();
}

absl::StatusOr<std::vector<ValidationRule>> Rules(absl::StatusOr<db::Result> r) {
  if (!r.ok()) return r.status();
  std::vector<ValidationRule> out;
  for (const db::Row& row : r->rows) out.push_back(RuleFromRow(row));
  return out;
}

}  // namespace

absl::Status RuleStore::Create(const audit::AuditContext& context, const ValidationRule& rule,
                               absl::string_view request_key) {
  // After the commit (or the failure), so no copy read before it survives it.
  auto invalidate = absl::MakeCleanup([this] { rules_->Invalidate(); });
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status s = InsertRule(conn, rule, request_key); !s.ok()) {
      if (s.code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(
            absl::StrCat("rule_id: a validation rule '", rule.id, "' already exists"));
      }
      return s;
    }
    return audit::Write(conn, context, "validation_rule", rule.id, "create",
                        audit::CreationJson(RuleFields(rule)), rule.update_time);
  });
}

absl::StatusOr<std::optional<ValidationRule>> RuleStore::Get(absl::string_view id) {
  absl::StatusOr<db::Result> r =
      db_->Execute(absl::StrCat("SELECT ", kRuleColumns, " FROM validation_rules WHERE id = ?"),
                   {std::string(id)});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<ValidationRule>();
  return std::optional<ValidationRule>(RuleFromRow(r->rows.front()));
}

absl::StatusOr<std::optional<ValidationRule>> RuleStore::FindByRequestKey(
    absl::string_view request_key) {
  if (request_key.empty()) return std::optional<ValidationRule>();
  absl::StatusOr<db::Result> r = db_->Execute(
      absl::StrCat("SELECT ", kRuleColumns, " FROM validation_rules WHERE create_request_id = ?"),
      {std::string(request_key)});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<ValidationRule>();
  return std::optional<ValidationRule>(RuleFromRow(r->rows.front()));
}

absl::StatusOr<std::vector<ValidationRule>> RuleStore::List(absl::string_view after_id, int limit) {
  return Rules(db_->Execute(absl::StrCat("SELECT ", kRuleColumns,
                                         " FROM validation_rules WHERE id > ? ORDER BY id LIMIT ?"),
                            {std::string(after_id), int64_t{limit}}));
}

void RuleStore::set_rule_cache_ttl(absl::Duration ttl) {
  // One entry per period type.
  rules_ = std::make_unique<cache::ReadCache<std::vector<ValidationRule>>>(ttl, 16);
}

absl::StatusOr<std::vector<ValidationRule>> RuleStore::ListForPeriodType(
    time_util::PeriodType type) {
  const std::string key = absl::StrCat(static_cast<int>(type));
  const absl::Time now = absl::Now();
  if (std::shared_ptr<const std::vector<ValidationRule>> kept = rules_->Find(key, now)) {
    return *kept;
  }
  // Read before the database, so rules read before a write are not kept after it.
  const uint64_t generation = rules_->generation();
  absl::StatusOr<std::vector<ValidationRule>> rules =
      Rules(db_->Execute(absl::StrCat("SELECT ", kRuleColumns,
                                      " FROM validation_rules WHERE period_type = ? ORDER BY id"),
                         {int64_t{static_cast<int>(type)}}));
  if (rules.ok()) {
    rules_->Put(key, std::make_shared<const std::vector<ValidationRule>>(*rules), generation, now);
  }
  return rules;
}

absl::Status RuleStore::Update(const audit::AuditContext& context, const ValidationRule& rule,
                               int64_t expected_version) {
  auto invalidate = absl::MakeCleanup([this] { rules_->Invalidate(); });
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> before =
        conn.Execute(absl::StrCat("SELECT ", kRuleColumns, " FROM validation_rules WHERE id = ?",
                                  conn.dialect() == db::Dialect::kMysql ? " FOR UPDATE" : ""),
                     {rule.id});
    if (!before.ok()) return before.status();
    if (before->rows.empty()) {
      return absl::NotFoundError(absl::StrCat("rule.id: no validation rule '", rule.id, "'"));
    }
    ValidationRule old = RuleFromRow(before->rows.front());
    absl::StatusOr<db::Result> r = conn.Execute(
        "UPDATE validation_rules SET name = ?, left_expr = ?, comparison = ?, right_expr = ?, "
        "tolerance_basis_points = ?, importance = ?, missing_value_strategy = ?, "
        "period_type = ?, update_time_us = ?, version = ? WHERE id = ? AND version = ?",
        {rule.name, rule.left, int64_t{static_cast<int>(rule.comparison)}, rule.right,
         rule.tolerance_basis_points, int64_t{static_cast<int>(rule.importance)},
         int64_t{static_cast<int>(rule.missing_value_strategy)},
         int64_t{static_cast<int>(rule.period_type)}, absl::ToUnixMicros(rule.update_time),
         rule.version, rule.id, expected_version});
    if (!r.ok()) return r.status();
    if (r->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("rule.etag is stale: '", rule.id, "' has changed; read it again"));
    }
    return audit::Write(conn, context, "validation_rule", rule.id, "update",
                        audit::ChangeJson(RuleFields(old), RuleFields(rule)), rule.update_time);
  });
}

absl::StatusOr<int> RuleStore::EnsureRules(const std::vector<ValidationRule>& rules,
                                           absl::Time now) {
  int added = 0;
  auto invalidate = absl::MakeCleanup([this] { rules_->Invalidate(); });
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    added = 0;  // a retried transaction starts over
    audit::AuditContext context{"system", "start-up", ""};
    for (ValidationRule r : rules) {
      absl::StatusOr<db::Result> exists =
          conn.Execute("SELECT 1 FROM validation_rules WHERE id = ?", {r.id});
      if (!exists.ok()) return exists.status();
      if (!exists->rows.empty()) continue;
      r.create_time = r.update_time = now;
      r.version = 1;
      if (absl::Status w = InsertRule(conn, r, ""); !w.ok()) return w;
      if (absl::Status w = audit::Write(conn, context, "validation_rule", r.id, "create",
                                        audit::CreationJson(RuleFields(r)), now);
          !w.ok()) {
        return w;
      }
      ++added;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return added;
}

absl::StatusOr<std::map<std::string, Values>> RuleStore::ReadValues(
    const std::vector<std::string>& codes, const std::vector<std::string>& units,
    absl::string_view period_key) {
  std::map<std::string, Values> out;
  if (codes.empty()) return out;
  // One statement per chunk of units, each an index range over (period_key, indicator_code).
  for (size_t start = 0; start < units.size(); start += kChunk) {
    size_t n = std::min(kChunk, units.size() - start);
    std::vector<Value> params{std::string(period_key)};
    params.insert(params.end(), codes.begin(), codes.end());
    params.insert(params.end(), units.begin() + start, units.begin() + start + n);
    absl::StatusOr<db::Result> r = db_->Execute(
        absl::StrCat("SELECT department_id, indicator_code, value FROM data_points WHERE "
                     "period_key = ? AND indicator_code IN (",
                     db::Placeholders(codes.size()), ") AND department_id IN (",
                     db::Placeholders(n), ")"),
        params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) out[row.Text(0)][row.Text(1)] = row.Int(2);
  }
  return out;
}

}  // namespace fazhi::statistics

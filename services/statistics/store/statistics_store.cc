#include "services/statistics/store/statistics_store.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/db/bulk.h"
#include "common/db/fragment.h"

namespace fazhi::statistics {
namespace {

using db::Value;

constexpr char kIndicatorColumns[] =
    "code, name, unit, value_type, aggregation, period_types, report_section, "
    "demonstration_indicator, numerator_code, denominator_code, description, create_time_us, "
    "update_time_us, version";

// Bounded IN lists keep each statement's parameter count (and its cached plan) small.
constexpr size_t kChunk = 500;

std::string EncodePeriodTypes(const std::set<time_util::PeriodType>& types) {
  std::vector<int> values;
  for (time_util::PeriodType t : types) values.push_back(static_cast<int>(t));
  return absl::StrJoin(values, ",");
}

std::set<time_util::PeriodType> DecodePeriodTypes(absl::string_view text) {
  std::set<time_util::PeriodType> types;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int n = 0;
    if (absl::SimpleAtoi(part, &n)) types.insert(static_cast<time_util::PeriodType>(n));
  }
  return types;
}

Indicator IndicatorFromRow(const db::Row& row) {
  Indicator i;
  i.code = row.Text(0);
  i.name = row.Text(1);
  i.unit = row.Text(2);
  i.value_type = static_cast<ValueType>(row.Int(3));
  i.aggregation = static_cast<Aggregation>(row.Int(4));
  i.period_types = DecodePeriodTypes(row.Text(5));
  i.report_section = row.Text(6);
  i.demonstration_indicator = static_cast<int>(row.Int(7));
  i.numerator_code = row.Text(8);
  i.denominator_code = row.Text(9);
  i.description = row.Text(10);
  i.create_time = absl::FromUnixMicros(row.Int(11));
  i.update_time = absl::FromUnixMicros(row.Int(12));
  i.version = row.Int(13);
  return i;
}

audit::Fields IndicatorFields(const Indicator& i) {
  return {{"name", i.name},
          {"unit", i.unit},
          {"value_type", absl::StrCat(static_cast<int>(i.value_type))},
          {"aggregation", absl::StrCat(static_cast<int>(i.aggregation))},
          {"period_types", EncodePeriodTypes(i.period_types)},
          {"report_section", i.report_section},
          {"demonstration_indicator", absl::StrCat(i.demonstration_indicator)},
          {"numerator_code", i.numerator_code},
          {"denominator_code", i.denominator_code},
          {"description", i.description}};
}

std::vector<Value> IndicatorValues(const Indicator& i) {
  return {i.code,
          i.name,
          i.unit,
          int64_t{static_cast<int>(i.value_type)},
          int64_t{static_cast<int>(i.aggregation)},
          EncodePeriodTypes(i.period_types),
          i.report_section,
          int64_t{i.demonstration_indicator},
          i.numerator_code,
          i.denominator_code,
          i.description,
          absl::ToUnixMicros(i.create_time),
          absl::ToUnixMicros(i.update_time),
          i.version};
}

absl::Status InsertIndicator(db::Connection& conn, const Indicator& i) {
  return conn
      .Execute(absl::StrCat("INSERT INTO indicators (", kIndicatorColumns,
                            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
               IndicatorValues(i))
      .status();
}

PeriodLock LockFromRow(const db::Row& row) {
  PeriodLock l;
  l.id = row.Text(0);
  l.period_key = row.Text(1);
  l.department_id = row.Text(2);
  l.reason = row.Text(3);
  l.locked_by = row.Text(4);
  l.lock_time = absl::FromUnixMicros(row.Int(5));
  l.unlocked = row.Bool(6);
  l.unlock_reason = row.Text(7);
  l.unlocked_by = row.Text(8);
  l.unlock_time = absl::FromUnixMicros(row.Int(9));
  return l;
}

constexpr char kLockColumns[] =
    "id, period_key, department_id, reason, locked_by, lock_time_us, unlocked, unlock_reason, "
    "unlocked_by, unlock_time_us";

// share: in a write's transaction on MariaDB/MySQL, a locking read, which waits for a lock being
// created or lifted in a transaction not yet committed instead of reading around it. (SQLite
// writers hold the database from BEGIN IMMEDIATE, so nothing is in flight to wait for.)
absl::StatusOr<std::vector<PeriodLock>> ReadLocks(db::Connection& conn,
                                                  const std::vector<std::string>& period_keys,
                                                  bool include_unlocked, bool share) {
  if (period_keys.empty()) return std::vector<PeriodLock>();
  std::vector<Value> params(period_keys.begin(), period_keys.end());
  absl::StatusOr<db::Result> r = conn.Execute(
      absl::StrCat("SELECT ", kLockColumns, " FROM period_locks WHERE period_key IN (",
                   db::Placeholders(period_keys.size()), ")",
                   include_unlocked ? "" : " AND unlocked = 0", " ORDER BY lock_time_us, id",
                   share && conn.dialect() == db::Dialect::kMysql ? " LOCK IN SHARE MODE" : ""),
      params);
  if (!r.ok()) return r.status();
  std::vector<PeriodLock> out;
  for (const db::Row& row : r->rows) out.push_back(LockFromRow(row));
  return out;
}

}  // namespace

absl::Status StatisticsStore::CreateIndicator(const audit::AuditContext& context,
                                              const Indicator& indicator) {
  // After the commit (or the failure), so no entry read before it survives it.
  auto invalidate = absl::MakeCleanup([this] { indicators_->Invalidate(); });
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status s = InsertIndicator(conn, indicator); !s.ok()) {
      if (s.code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(
            absl::StrCat("indicator.code: '", indicator.code, "' is already in the catalogue"));
      }
      return s;
    }
    return audit::Write(conn, context, "indicator", indicator.code, "create",
                        audit::CreationJson(IndicatorFields(indicator)), indicator.update_time);
  });
}

absl::StatusOr<std::optional<Indicator>> StatisticsStore::GetIndicator(absl::string_view code) {
  absl::StatusOr<db::Result> r =
      db_->Execute(absl::StrCat("SELECT ", kIndicatorColumns, " FROM indicators WHERE code = ?"),
                   {std::string(code)});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<Indicator>();
  return std::optional<Indicator>(IndicatorFromRow(r->rows.front()));
}

StatisticsStore::StatisticsStore(db::Database* db, size_t min_bulk_rows)
    : db_(db), min_bulk_rows_(min_bulk_rows) {
  set_batching(kDefaultBatchCalls, kDefaultBatchesRunning);
}

StatisticsStore::~StatisticsStore() = default;

void StatisticsStore::set_batching(size_t max_calls, int max_running) {
  if (max_calls <= 1) {
    write_batcher_.reset();
    read_batcher_.reset();
    return;
  }
  write_batcher_ = std::make_unique<db::Batcher<ImportWrite>>(
      [this](const std::vector<const ImportWrite*>& calls) { return WriteImports(calls); },
      [this](const ImportWrite& call) { return WriteAlone(call); }, max_calls, max_running);
  read_batcher_ =
      std::make_unique<db::Batcher<std::vector<PointKey>, absl::StatusOr<StoredPoints>>>(
          [this](const std::vector<const std::vector<PointKey>*>& calls) {
            return ReadPointsOfCalls(calls);
          },
          [this](const std::vector<PointKey>& keys) { return ReadPoints(keys); }, max_calls,
          max_running);
}

db::BatcherStats StatisticsStore::write_batch_stats() const {
  return write_batcher_ == nullptr ? db::BatcherStats{} : write_batcher_->stats();
}

db::BatcherStats StatisticsStore::read_batch_stats() const {
  return read_batcher_ == nullptr ? db::BatcherStats{} : read_batcher_->stats();
}

void StatisticsStore::set_catalogue_cache_ttl(absl::Duration ttl) {
  indicators_ =
      std::make_unique<cache::ReadCache<std::optional<Indicator>>>(ttl, kMaxCachedIndicators);
}

void StatisticsStore::set_lock_cache_ttl(absl::Duration ttl) {
  locks_ = std::make_unique<cache::ReadCache<std::vector<PeriodLock>>>(ttl, kMaxCachedLockPeriods);
}

absl::StatusOr<std::map<std::string, Indicator>> StatisticsStore::GetIndicators(
    const std::vector<std::string>& codes) {
  std::map<std::string, Indicator> found;
  // Read before the database, so an entry read before a write is not kept after it.
  const uint64_t generation = indicators_->generation();
  const absl::Time now = absl::Now();
  std::vector<std::string> missing;
  for (const std::string& code : codes) {
    std::shared_ptr<const std::optional<Indicator>> kept = indicators_->Find(code, now);
    if (kept == nullptr) {
      missing.push_back(code);
    } else if (kept->has_value()) {
      found.emplace(code, **kept);
    }
  }
  for (size_t start = 0; start < missing.size(); start += kChunk) {
    size_t n = std::min(kChunk, missing.size() - start);
    std::vector<Value> params(missing.begin() + start, missing.begin() + start + n);
    absl::StatusOr<db::Result> r =
        db_->Execute(absl::StrCat("SELECT ", kIndicatorColumns, " FROM indicators WHERE code IN (",
                                  db::Placeholders(n), ")"),
                     params);
    if (!r.ok()) return r.status();
    std::map<std::string, Indicator> read;
    for (const db::Row& row : r->rows) {
      Indicator i = IndicatorFromRow(row);
      read.emplace(i.code, std::move(i));
    }
    if (indicators_->enabled()) {
      // Unknown codes are kept too: a bad code repeated in every row is read once.
      for (size_t k = start; k < start + n; ++k) {
        auto it = read.find(missing[k]);
        indicators_->Put(
            missing[k],
            std::make_shared<const std::optional<Indicator>>(
                it == read.end() ? std::nullopt : std::optional<Indicator>(it->second)),
            generation, now);
      }
    }
    found.merge(read);
  }
  return found;
}

absl::StatusOr<std::vector<Indicator>> StatisticsStore::ListIndicators(
    absl::string_view report_section, absl::string_view after_code, int limit) {
  std::string sql = absl::StrCat("SELECT ", kIndicatorColumns, " FROM indicators WHERE code > ?");
  std::vector<Value> params{std::string(after_code)};
  if (!report_section.empty()) {
    sql += " AND report_section = ?";
    params.push_back(std::string(report_section));
  }
  sql += " ORDER BY code LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<Indicator> out;
  for (const db::Row& row : r->rows) out.push_back(IndicatorFromRow(row));
  return out;
}

absl::Status StatisticsStore::UpdateIndicator(const audit::AuditContext& context,
                                              const Indicator& i, int64_t expected_version) {
  auto invalidate = absl::MakeCleanup([this] { indicators_->Invalidate(); });
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> before =
        conn.Execute(absl::StrCat("SELECT ", kIndicatorColumns, " FROM indicators WHERE code = ?",
                                  conn.dialect() == db::Dialect::kMysql ? " FOR UPDATE" : ""),
                     {i.code});
    if (!before.ok()) return before.status();
    if (before->rows.empty()) {
      return absl::NotFoundError(absl::StrCat("indicator.code: no indicator '", i.code, "'"));
    }
    Indicator old = IndicatorFromRow(before->rows.front());
    absl::StatusOr<db::Result> r = conn.Execute(
        "UPDATE indicators SET name = ?, unit = ?, aggregation = ?, period_types = ?, "
        "report_section = ?, demonstration_indicator = ?, description = ?, update_time_us = ?, "
        "version = ? WHERE code = ? AND version = ?",
        {i.name, i.unit, int64_t{static_cast<int>(i.aggregation)},
         EncodePeriodTypes(i.period_types), i.report_section, int64_t{i.demonstration_indicator},
         i.description, absl::ToUnixMicros(i.update_time), i.version, i.code, expected_version});
    if (!r.ok()) return r.status();
    if (r->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("indicator.etag is stale: '", i.code, "' has changed; read it again"));
    }
    return audit::Write(conn, context, "indicator", i.code, "update",
                        audit::ChangeJson(IndicatorFields(old), IndicatorFields(i)), i.update_time);
  });
}

absl::StatusOr<int> StatisticsStore::EnsureIndicators(const std::vector<Indicator>& indicators,
                                                      absl::Time now) {
  int added = 0;
  auto invalidate = absl::MakeCleanup([this] { indicators_->Invalidate(); });
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    audit::AuditContext context{"system", "start-up", ""};
    for (Indicator i : indicators) {
      absl::StatusOr<db::Result> exists =
          conn.Execute("SELECT 1 FROM indicators WHERE code = ?", {i.code});
      if (!exists.ok()) return exists.status();
      if (!exists->rows.empty()) continue;
      i.create_time = i.update_time = now;
      i.version = 1;
      if (absl::Status w = InsertIndicator(conn, i); !w.ok()) return w;
      if (absl::Status w = audit::Write(conn, context, "indicator", i.code, "create",
                                        audit::CreationJson(IndicatorFields(i)), now);
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

absl::Status StatisticsStore::SetObligation(const audit::AuditContext& context,
                                            const Obligation& o) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    std::vector<Value> key{o.indicator_code, int64_t{o.department_kind},
                           int64_t{static_cast<int>(o.period_type)}};
    absl::Status s = conn.Execute(
                             "DELETE FROM reporting_obligations WHERE indicator_code = ? AND "
                             "department_kind = ? AND period_type = ?",
                             key)
                         .status();
    if (!s.ok()) return s;
    std::vector<Value> row = key;
    row.push_back(int64_t{o.due_days});
    s = conn.Execute(
                "INSERT INTO reporting_obligations (indicator_code, department_kind, "
                "period_type, due_days) VALUES (?, ?, ?, ?)",
                row)
            .status();
    if (!s.ok()) return s;
    return audit::Write(
        conn, context, "indicator", o.indicator_code, "set_obligation",
        audit::CreationJson({{"department_kind", absl::StrCat(o.department_kind)},
                             {"period_type", absl::StrCat(static_cast<int>(o.period_type))},
                             {"due_days", absl::StrCat(o.due_days)}}),
        absl::Now());
  });
}

absl::StatusOr<std::vector<Obligation>> StatisticsStore::ListObligations(
    absl::string_view indicator_code) {
  std::string sql =
      "SELECT indicator_code, department_kind, period_type, due_days FROM reporting_obligations";
  std::vector<Value> params;
  if (!indicator_code.empty()) {
    sql += " WHERE indicator_code = ?";
    params.push_back(std::string(indicator_code));
  }
  sql += " ORDER BY indicator_code, department_kind, period_type";
  absl::StatusOr<db::Result> r = db_->Execute(sql, params);
  if (!r.ok()) return r.status();
  std::vector<Obligation> out;
  for (const db::Row& row : r->rows) {
    out.push_back(Obligation{row.Text(0), static_cast<int>(row.Int(1)),
                             static_cast<time_util::PeriodType>(row.Int(2)),
                             static_cast<int>(row.Int(3))});
  }
  return out;
}

absl::StatusOr<std::map<PointKey, StoredPoint>> StatisticsStore::GetPoints(
    const std::vector<PointKey>& keys) {
  if (read_batcher_ != nullptr && keys.size() <= kMaxBatchedRows) return read_batcher_->Run(keys);
  return ReadPoints(keys);
}

absl::StatusOr<std::vector<absl::StatusOr<StatisticsStore::StoredPoints>>>
StatisticsStore::ReadPointsOfCalls(const std::vector<const std::vector<PointKey>*>& calls) {
  if (calls.size() == 1) return std::vector<absl::StatusOr<StoredPoints>>{ReadPoints(*calls[0])};
  std::vector<PointKey> keys;
  for (const std::vector<PointKey>* call : calls)
    keys.insert(keys.end(), call->begin(), call->end());
  absl::StatusOr<StoredPoints> found = ReadPoints(keys);
  if (!found.ok()) return found.status();
  std::vector<absl::StatusOr<StoredPoints>> answers;
  for (const std::vector<PointKey>* call : calls) {
    StoredPoints own;
    for (const PointKey& key : *call) {
      if (auto it = found->find(key); it != found->end()) own.insert(*it);
    }
    answers.push_back(std::move(own));
  }
  return answers;
}

absl::StatusOr<StatisticsStore::StoredPoints> StatisticsStore::ReadPoints(
    const std::vector<PointKey>& keys) {
  std::map<PointKey, StoredPoint> found;
  auto add = [&](const db::Result& r, const std::set<PointKey>* wanted) {
    for (const db::Row& row : r.rows) {
      PointKey key{row.Text(0), row.Text(1), row.Text(2)};
      if (wanted != nullptr && !wanted->count(key)) continue;
      found[std::move(key)] = StoredPoint{row.Int(3), row.Int(4), row.Text(5),
                                          absl::FromUnixMicros(row.Int(6)), row.Text(7)};
    }
  };
  constexpr absl::string_view kColumns =
      "SELECT indicator_code, department_id, period_key, value, revision, source, "
      "update_time_us, updated_by FROM data_points WHERE ";
  // A stream's batch is usually dense, many indicators of many units for a few periods: one
  // statement per period over the period index, indicators x units, keeps the wanted keys. A
  // sparse batch, where that cross product would be much larger than the keys asked for, is
  // looked up per (indicator, period) with a unit list instead.
  std::map<std::string, std::set<PointKey>> by_period;
  for (const PointKey& key : keys) by_period[std::get<2>(key)].insert(key);
  for (const auto& [period, wanted] : by_period) {
    std::set<std::string> codes;
    std::set<std::string> units;
    for (const auto& [code, unit, ignored] : wanted) {
      codes.insert(code);
      units.insert(unit);
    }
    if (codes.size() <= kChunk && units.size() <= kChunk &&
        codes.size() * units.size() <= 4 * wanted.size()) {
      std::vector<Value> params{period};
      params.insert(params.end(), codes.begin(), codes.end());
      params.insert(params.end(), units.begin(), units.end());
      absl::StatusOr<db::Result> r =
          db_->Execute(absl::StrCat(kColumns, "period_key = ? AND indicator_code IN (",
                                    db::Placeholders(codes.size()), ") AND department_id IN (",
                                    db::Placeholders(units.size()), ")"),
                       params);
      if (!r.ok()) return r.status();
      add(*r, &wanted);
      continue;
    }
    std::map<std::string, std::vector<std::string>> units_by_code;
    for (const auto& [code, unit, ignored] : wanted) units_by_code[code].push_back(unit);
    for (const auto& [code, code_units] : units_by_code) {
      for (size_t start = 0; start < code_units.size(); start += kChunk) {
        size_t n = std::min(kChunk, code_units.size() - start);
        std::vector<Value> params{code, period};
        params.insert(params.end(), code_units.begin() + start, code_units.begin() + start + n);
        absl::StatusOr<db::Result> r = db_->Execute(
            absl::StrCat(kColumns, "indicator_code = ? AND period_key = ? AND department_id IN (",
                         db::Placeholders(n), ")"),
            params);
        if (!r.ok()) return r.status();
        add(*r, nullptr);
      }
    }
  }
  return found;
}

absl::Status StatisticsStore::WritePoints(const std::vector<PointWrite>& writes,
                                          absl::string_view source,
                                          const audit::AuditContext& context,
                                          absl::string_view request_id, absl::string_view receipt,
                                          absl::Time now, const LockCheck* lock_check) {
  return Write(writes, source, context, request_id, receipt, now, lock_check, nullptr);
}

int StatisticsStore::StreamWritesAtOnce() const {
  return db_->dialect() == db::Dialect::kMysql ? 2 : 1;
}

absl::Status StatisticsStore::WriteStreamBatch(const std::vector<PointWrite>& writes,
                                               absl::string_view source,
                                               const audit::AuditContext& context, absl::Time now,
                                               const BatchOrder& order,
                                               const LockCheck* lock_check) {
  return Write(writes, source, context, "", "", now, lock_check, &order);
}

absl::Status StatisticsStore::Write(const std::vector<PointWrite>& writes, absl::string_view source,
                                    const audit::AuditContext& context,
                                    absl::string_view request_id, absl::string_view receipt,
                                    absl::Time now, const LockCheck* lock_check,
                                    const BatchOrder* order) {
  db::BulkPool* bulk = db_->bulk();
  if (bulk != nullptr && min_bulk_rows_ > 0 && writes.size() >= min_bulk_rows_ &&
      !bulk_refused_.load(std::memory_order_relaxed) &&
      std::none_of(writes.begin(), writes.end(),
                   [](const PointWrite& w) { return w.previous.has_value(); })) {
    absl::Status s = WriteNewPointsInBulk(*bulk, writes, source, context, request_id, receipt, now,
                                          lock_check, order);
    if (s.code() != absl::StatusCode::kUnimplemented) return s;
    // The server does not allow LOCAL: nothing was written; INSERTs from now on.
    bulk_refused_.store(true, std::memory_order_relaxed);
  }
  ImportWrite call{&writes, source, &context, request_id, receipt, now, lock_check};
  if (order != nullptr) {
    // Alone: a batch that commits only after the one before it shares its transaction with none.
    std::vector<absl::Status> answers;
    return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
      if (absl::Status s = CheckLocksThenBegin(conn, lock_check, order); !s.ok()) return s;
      ImportWrite checked = call;
      checked.lock_check = nullptr;
      if (absl::Status s = WriteImportsIn(conn, {&checked}, &answers); !s.ok()) return s;
      if (!answers.front().ok()) return answers.front();
      return order->before_commit();
    });
  }
  if (write_batcher_ != nullptr && writes.size() <= kMaxBatchedRows) {
    return write_batcher_->Run(call);
  }
  return WriteAlone(call);
}

absl::Status StatisticsStore::WriteAlone(const ImportWrite& call) {
  absl::StatusOr<std::vector<absl::Status>> answers = WriteImports({&call});
  if (!answers.ok()) return answers.status();
  return answers->front();
}

absl::StatusOr<std::vector<absl::Status>> StatisticsStore::WriteImports(
    const std::vector<const ImportWrite*>& calls) {
  std::vector<absl::Status> answers;
  absl::Status s = db_->InTransaction(
      [&](db::Connection& conn) { return WriteImportsIn(conn, calls, &answers); });
  if (!s.ok()) return s;
  return answers;
}

absl::Status StatisticsStore::CheckLocksIn(db::Connection& conn,
                                           const std::vector<const LockCheck*>& checks,
                                           std::vector<absl::Status>* answers) {
  answers->assign(checks.size(), absl::OkStatus());
  std::set<std::string> periods;
  for (const LockCheck* check : checks) {
    if (check != nullptr) periods.insert(check->period_keys.begin(), check->period_keys.end());
  }
  if (periods.empty()) return absl::OkStatus();
  absl::StatusOr<std::vector<PeriodLock>> locks = ActiveLocksForWrite(conn, periods);
  if (!locks.ok()) return locks.status();
  for (size_t i = 0; i < checks.size(); ++i) {
    const LockCheck* check = checks[i];
    if (check == nullptr || check->period_keys.empty()) continue;
    std::vector<PeriodLock> own;
    for (const PeriodLock& lock : *locks) {
      if (std::find(check->period_keys.begin(), check->period_keys.end(), lock.period_key) !=
          check->period_keys.end()) {
        own.push_back(lock);
      }
    }
    (*answers)[i] = check->allow(own);
  }
  return absl::OkStatus();
}

absl::Status StatisticsStore::CheckLocksThenBegin(db::Connection& conn, const LockCheck* lock_check,
                                                  const BatchOrder* order) {
  std::vector<absl::Status> allowed;
  if (absl::Status s = CheckLocksIn(conn, {lock_check}, &allowed); !s.ok()) return s;
  if (!allowed.front().ok()) return allowed.front();
  if (order != nullptr) order->began();
  return absl::OkStatus();
}

absl::Status StatisticsStore::WriteImportsIn(db::Connection& conn,
                                             const std::vector<const ImportWrite*>& calls,
                                             std::vector<absl::Status>* answers) {
  std::vector<const LockCheck*> checks;
  for (const ImportWrite* call : calls) checks.push_back(call->lock_check);
  if (absl::Status s = CheckLocksIn(conn, checks, answers); !s.ok()) return s;
  std::vector<const ImportWrite*> allowed;
  for (size_t i = 0; i < calls.size(); ++i) {
    if ((*answers)[i].ok()) allowed.push_back(calls[i]);
  }

  // New points, all revisions and the receipts go in as multi-row INSERTs: one round trip per
  // batch (or batch of calls), not per figure, which is what lets a stream reach tens of thousands
  // of points a second. 1,000 rows keep each statement's parameters (11,000) under both backends'
  // limits.
  constexpr size_t kRowsPerInsert = 1000;
  // Each call's own columns, shared by its rows.
  struct CallColumns {
    Value source, actor, request, time;
  };
  std::vector<CallColumns> columns;
  columns.reserve(allowed.size());
  std::vector<std::pair<const PointWrite*, const CallColumns*>> inserts;
  std::vector<std::pair<const PointWrite*, const CallColumns*>> revisions;
  std::vector<Value> receipts;
  for (const ImportWrite* call : allowed) {
    columns.push_back({std::string(call->source), call->context->actor, call->context->request_id,
                       absl::ToUnixMicros(call->now)});
    if (!call->request_id.empty()) {
      receipts.insert(receipts.end(), {std::string(call->request_id), std::string(call->receipt),
                                       columns.back().actor, columns.back().time});
    }
  }
  if (!receipts.empty()) {
    // First, so a concurrent replay of the same request fails here (ALREADY_EXISTS) before
    // writing anything.
    std::vector<std::string> rows(receipts.size() / 4, "(?, ?, ?, ?)");
    absl::Status s = conn.Execute(absl::StrCat("INSERT INTO imports (request_id, summary, actor, "
                                               "create_time_us) VALUES ",
                                               absl::StrJoin(rows, ", ")),
                                  receipts)
                         .status();
    if (!s.ok()) return s;
  }
  for (size_t c = 0; c < allowed.size(); ++c) {
    const CallColumns* own = &columns[c];
    for (const PointWrite& w : *allowed[c]->writes) {
      revisions.emplace_back(&w, own);
      if (!w.previous) {
        inserts.emplace_back(&w, own);
        continue;
      }
      const auto& [code, unit, period] = w.key;
      absl::StatusOr<db::Result> r = conn.Execute(
          "UPDATE data_points SET value = ?, source = ?, revision = ?, update_time_us = ?, "
          "updated_by = ? WHERE indicator_code = ? AND department_id = ? AND period_key = ? "
          "AND revision = ?",
          {w.value, own->source, w.previous->revision + 1, own->time, own->actor, code, unit,
           period, w.previous->revision});
      if (!r.ok()) return r.status();
      if (r->affected_rows != 1) {
        return absl::AbortedError(absl::StrCat("the figure ", code, " of ", unit, " for ", period,
                                               " changed while this import ran; retry"));
      }
    }
  }
  for (size_t start = 0; start < inserts.size(); start += kRowsPerInsert) {
    size_t n = std::min(kRowsPerInsert, inserts.size() - start);
    std::vector<Value> params;
    params.reserve(n * 9);
    for (size_t i = start; i < start + n; ++i) {
      const auto& [w, own] = inserts[i];
      const auto& [code, unit, period] = w->key;
      // Appended in place: a temporary list per row doubled the copies of every string.
      params.emplace_back(code);
      params.emplace_back(unit);
      params.emplace_back(period);
      params.emplace_back(int64_t{static_cast<int>(w->period_type)});
      params.emplace_back(w->value);
      params.push_back(own->source);
      params.emplace_back(int64_t{1});
      params.push_back(own->time);
      params.push_back(own->actor);
    }
    std::vector<std::string> rows(n, "(?, ?, ?, ?, ?, ?, ?, ?, ?)");
    absl::Status s =
        conn.Execute(absl::StrCat("INSERT INTO data_points (indicator_code, department_id, "
                                  "period_key, period_type, value, source, revision, "
                                  "update_time_us, updated_by) VALUES ",
                                  absl::StrJoin(rows, ", ")),
                     params)
            .status();
    if (!s.ok()) return s;
  }
  for (size_t start = 0; start < revisions.size(); start += kRowsPerInsert) {
    size_t n = std::min(kRowsPerInsert, revisions.size() - start);
    std::vector<Value> params;
    params.reserve(n * 11);
    for (size_t i = start; i < start + n; ++i) {
      const auto& [w, own] = revisions[i];
      const auto& [code, unit, period] = w->key;
      params.emplace_back(code);
      params.emplace_back(unit);
      params.emplace_back(period);
      params.emplace_back(w->previous ? w->previous->revision + 1 : int64_t{1});
      params.emplace_back(int64_t{w->previous.has_value()});
      params.emplace_back(w->previous ? w->previous->value : int64_t{0});
      params.emplace_back(w->value);
      params.push_back(own->actor);
      params.push_back(own->time);
      params.push_back(own->request);
      params.push_back(own->source);
    }
    std::vector<std::string> rows(n, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    absl::Status s =
        conn.Execute(absl::StrCat("INSERT INTO data_point_revisions (indicator_code, "
                                  "department_id, period_key, revision, had_previous, "
                                  "previous_value, value, actor, time_us, request_id, source) "
                                  "VALUES ",
                                  absl::StrJoin(rows, ", ")),
                     params)
            .status();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status StatisticsStore::WriteNewPointsInBulk(
    db::BulkPool& bulk, const std::vector<PointWrite>& writes, absl::string_view source,
    const audit::AuditContext& context, absl::string_view request_id, absl::string_view receipt,
    absl::Time now, const LockCheck* lock_check, const BatchOrder* order) {
  // The same rows as the INSERT path writes, in one transaction with the receipt and the lock
  // check: LoadData fails unless every row landed, and the pool then rolls the whole batch back.
  const int64_t time = absl::ToUnixMicros(now);
  db::LoadDataRows points;
  db::LoadDataRows revisions;
  for (const PointWrite& w : writes) {
    const auto& [code, unit, period] = w.key;
    points.Text(code).Text(unit).Text(period);
    points.Int(static_cast<int>(w.period_type)).Int(w.value).Text(source).Int(1).Int(time);
    points.Text(context.actor).EndRow();
    revisions.Text(code).Text(unit).Text(period).Int(1).Int(0).Int(0).Int(w.value);
    revisions.Text(context.actor).Int(time).Text(context.request_id).Text(source).EndRow();
  }
  return bulk.InTransaction([&](db::BulkSession& session) -> absl::Status {
    if (absl::Status s = CheckLocksThenBegin(session, lock_check, order); !s.ok()) return s;
    if (!request_id.empty()) {
      // First, as on the INSERT path: a concurrent replay of the same request fails here
      // (ALREADY_EXISTS) before writing anything.
      absl::StatusOr<db::Result> r = session.Execute(
          "INSERT INTO imports (request_id, summary, actor, create_time_us) VALUES (?, ?, ?, ?)",
          {std::string(request_id), std::string(receipt), context.actor, time});
      if (!r.ok()) return r.status();
    }
    if (absl::Status s = session.LoadData("data_points",
                                          "indicator_code, department_id, period_key, "
                                          "period_type, value, source, revision, update_time_us, "
                                          "updated_by",
                                          points);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = session.LoadData(
            "data_point_revisions",
            "indicator_code, department_id, period_key, revision, had_previous, previous_value, "
            "value, actor, time_us, request_id, source",
            revisions);
        !s.ok()) {
      return s;
    }
    return order != nullptr ? order->before_commit() : absl::OkStatus();
  });
}

absl::StatusOr<std::vector<RevisionRecord>> StatisticsStore::ListRevisions(const PointKey& key,
                                                                           int64_t after,
                                                                           int limit) {
  const auto& [code, unit, period] = key;
  absl::StatusOr<db::Result> r = db_->Execute(
      "SELECT revision, had_previous, previous_value, value, actor, time_us, request_id, source "
      "FROM data_point_revisions WHERE indicator_code = ? AND department_id = ? AND "
      "period_key = ? AND revision > ? ORDER BY revision LIMIT ?",
      {code, unit, period, after, static_cast<int64_t>(limit)});
  if (!r.ok()) return r.status();
  std::vector<RevisionRecord> out;
  for (const db::Row& row : r->rows) {
    RevisionRecord rec;
    rec.revision = row.Int(0);
    if (row.Bool(1)) rec.previous_value = row.Int(2);
    rec.value = row.Int(3);
    rec.actor = row.Text(4);
    rec.time = absl::FromUnixMicros(row.Int(5));
    rec.request_id = row.Text(6);
    rec.source = row.Text(7);
    out.push_back(std::move(rec));
  }
  return out;
}

absl::Status StatisticsStore::RecordImport(absl::string_view request_id, absl::string_view receipt,
                                           absl::string_view actor, absl::Time now) {
  return db_
      ->Execute(
          "INSERT INTO imports (request_id, summary, actor, create_time_us) VALUES (?, ?, ?, ?)",
          {std::string(request_id), std::string(receipt), std::string(actor),
           absl::ToUnixMicros(now)})
      .status();
}

absl::StatusOr<std::vector<ExportRow>> StatisticsStore::ListPointsForExport(
    absl::string_view period_key, const std::vector<std::string>& departments,
    const std::vector<std::string>& codes, const std::pair<std::string, std::string>& after,
    int limit) {
  // The unit list can be long: keyset pages over the primary key order, one unit chunk at a
  // time, merged here into (indicator, department) order.
  std::vector<ExportRow> out;
  for (size_t start = 0; start < departments.size(); start += kChunk) {
    size_t n = std::min(kChunk, departments.size() - start);
    std::vector<Value> params{std::string(period_key), after.first, after.first, after.second};
    params.insert(params.end(), departments.begin() + start, departments.begin() + start + n);
    std::string sql = absl::StrCat(
        "SELECT indicator_code, department_id, value, source, revision, update_time_us, "
        "updated_by FROM data_points WHERE period_key = ? AND (indicator_code > ? OR "
        "(indicator_code = ? AND department_id > ?)) AND department_id IN (",
        db::Placeholders(n), ")");
    if (!codes.empty()) {
      absl::StrAppend(&sql, " AND indicator_code IN (", db::Placeholders(codes.size()), ")");
      params.insert(params.end(), codes.begin(), codes.end());
    }
    absl::StrAppend(&sql, " ORDER BY indicator_code, department_id LIMIT ?");
    params.push_back(int64_t{limit});
    absl::StatusOr<db::Result> r = db_->Execute(sql, params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      out.push_back(ExportRow{row.Text(0), row.Text(1), row.Int(2), row.Text(3), row.Int(4),
                              absl::FromUnixMicros(row.Int(5)), row.Text(6)});
    }
  }
  std::sort(out.begin(), out.end(), [](const ExportRow& a, const ExportRow& b) {
    return std::tie(a.indicator_code, a.department_id) <
           std::tie(b.indicator_code, b.department_id);
  });
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

absl::StatusOr<std::optional<std::string>> StatisticsStore::FindImport(
    absl::string_view request_id) {
  absl::StatusOr<db::Result> r =
      db_->Execute("SELECT summary FROM imports WHERE request_id = ?", {std::string(request_id)});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(r->rows.front().Text(0));
}

absl::StatusOr<std::map<std::string, std::string>> StatisticsStore::FindImports(
    const std::vector<std::string>& request_ids) {
  std::map<std::string, std::string> found;
  for (size_t start = 0; start < request_ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, request_ids.size() - start);
    std::vector<Value> params(request_ids.begin() + start, request_ids.begin() + start + n);
    absl::StatusOr<db::Result> r =
        db_->Execute(absl::StrCat("SELECT request_id, summary FROM imports WHERE request_id IN (",
                                  db::Placeholders(n), ")"),
                     params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) found.emplace(row.Text(0), row.Text(1));
  }
  return found;
}

absl::StatusOr<std::vector<AggregateRow>> StatisticsStore::Aggregate(
    const std::vector<std::string>& codes, const std::vector<std::string>& departments,
    const std::vector<std::string>& period_keys, bool use_max, GroupColumn group) {
  std::string group_column = group == GroupColumn::kDepartment ? "department_id"
                             : group == GroupColumn::kPeriod   ? "period_key"
                                                               : "''";
  // Partial results per chunk of units are combined here: sums add up, maxima take the max.
  std::map<std::pair<std::string, std::string>, AggregateRow> combined;
  for (size_t start = 0; start < departments.size(); start += kChunk) {
    size_t n = std::min(kChunk, departments.size() - start);
    std::vector<Value> params(codes.begin(), codes.end());
    params.insert(params.end(), departments.begin() + start, departments.begin() + start + n);
    params.insert(params.end(), period_keys.begin(), period_keys.end());
    absl::StatusOr<db::Result> r = db_->Execute(
        absl::StrCat("SELECT indicator_code, ", group_column, ", ", use_max ? "MAX" : "SUM",
                     "(value), COUNT(*) FROM data_points WHERE indicator_code IN (",
                     db::Placeholders(codes.size()), ") AND department_id IN (",
                     db::Placeholders(n), ") AND period_key IN (",
                     db::Placeholders(period_keys.size()), ") GROUP BY indicator_code",
                     group == GroupColumn::kNone ? "" : absl::StrCat(", ", group_column)),
        params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      AggregateRow part{row.Text(0), row.Text(1), row.Int(2), row.Int(3)};
      auto [it, inserted] = combined.emplace(std::make_pair(part.indicator_code, part.group), part);
      if (!inserted) {
        it->second.value =
            use_max ? std::max(it->second.value, part.value) : it->second.value + part.value;
        it->second.point_count += part.point_count;
      }
    }
  }
  std::vector<AggregateRow> out;
  for (auto& [key, row] : combined) out.push_back(std::move(row));
  return out;
}

namespace {

absl::Status NoLockEpoch() {
  return absl::InternalError("period_lock_epoch has no row (statistics migration 0006)");
}

// First thing in a change to the locks: it then waits for every write that has read the epoch,
// and every write from now on waits for it and sees the change (ActiveLocksForWrite).
absl::Status MoveLockEpoch(db::Connection& conn) {
  absl::StatusOr<db::Result> r =
      conn.Execute("UPDATE period_lock_epoch SET epoch = epoch + 1 WHERE id = 1", {});
  if (!r.ok()) return r.status();
  if (r->affected_rows != 1) return NoLockEpoch();
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<PeriodLock>> StatisticsStore::ActiveLocksForWrite(
    db::Connection& conn, const std::set<std::string>& periods) {
  const std::vector<std::string> all(periods.begin(), periods.end());
  // The epoch, held (on MariaDB) until this write commits: a change to the locks waits for it.
  // Read with the cache off too, for that. SQLite's writers hold the whole database from BEGIN
  // IMMEDIATE.
  absl::StatusOr<db::Result> epoch_row =
      conn.Execute(absl::StrCat("SELECT epoch FROM period_lock_epoch WHERE id = 1",
                                conn.dialect() == db::Dialect::kMysql ? " LOCK IN SHARE MODE" : ""),
                   {});
  if (!epoch_row.ok()) return epoch_row.status();
  if (epoch_row->rows.empty()) return NoLockEpoch();
  const int64_t epoch = epoch_row->rows.front().Int(0);
  const uint64_t generation = locks_->generation();
  const absl::Time now = absl::Now();
  std::vector<PeriodLock> out;
  std::vector<std::string> missing;
  for (const std::string& period : all) {
    std::shared_ptr<const std::vector<PeriodLock>> kept =
        locks_->Find(absl::StrCat(epoch, " ", period), now);
    if (kept == nullptr) {
      missing.push_back(period);
    } else {
      out.insert(out.end(), kept->begin(), kept->end());
    }
  }
  if (!missing.empty()) {
    // A shared lock still: a change made without the epoch is waited for too.
    absl::StatusOr<std::vector<PeriodLock>> read =
        ReadLocks(conn, missing, /*include_unlocked=*/false, /*share=*/true);
    if (!read.ok()) return read.status();
    std::map<std::string, std::vector<PeriodLock>> by_period;
    for (const std::string& period : missing) by_period[period];
    for (const PeriodLock& lock : *read) by_period[lock.period_key].push_back(lock);
    for (auto& [period, locks] : by_period) {
      out.insert(out.end(), locks.begin(), locks.end());
      locks_->Put(absl::StrCat(epoch, " ", period),
                  std::make_shared<const std::vector<PeriodLock>>(std::move(locks)), generation,
                  now);
    }
  }
  // In ReadLocks' order, kept or not.
  std::sort(out.begin(), out.end(), [](const PeriodLock& a, const PeriodLock& b) {
    return std::tie(a.lock_time, a.id) < std::tie(b.lock_time, b.id);
  });
  return out;
}

absl::Status StatisticsStore::CreateLock(const audit::AuditContext& context, const PeriodLock& l) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status moved = MoveLockEpoch(conn); !moved.ok()) return moved;
    absl::Status s = conn.Execute(absl::StrCat("INSERT INTO period_locks (", kLockColumns,
                                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                                  {l.id, l.period_key, l.department_id, l.reason, l.locked_by,
                                   absl::ToUnixMicros(l.lock_time), int64_t{0}, std::string(),
                                   std::string(), int64_t{0}})
                         .status();
    if (!s.ok()) return s;
    return audit::Write(
        conn, context, "period_lock", l.id, "lock",
        audit::CreationJson(
            {{"period", l.period_key}, {"department_id", l.department_id}, {"reason", l.reason}}),
        l.lock_time);
  });
}

absl::StatusOr<std::optional<PeriodLock>> StatisticsStore::GetLock(absl::string_view id) {
  absl::StatusOr<db::Result> r = db_->Execute(
      absl::StrCat("SELECT ", kLockColumns, " FROM period_locks WHERE id = ?"), {std::string(id)});
  if (!r.ok()) return r.status();
  if (r->rows.empty()) return std::optional<PeriodLock>();
  return std::optional<PeriodLock>(LockFromRow(r->rows.front()));
}

absl::Status StatisticsStore::Unlock(const audit::AuditContext& context, const PeriodLock& l) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status moved = MoveLockEpoch(conn); !moved.ok()) return moved;
    absl::StatusOr<db::Result> r = conn.Execute(
        "UPDATE period_locks SET unlocked = 1, unlock_reason = ?, unlocked_by = ?, "
        "unlock_time_us = ? WHERE id = ? AND unlocked = 0",
        {l.unlock_reason, l.unlocked_by, absl::ToUnixMicros(l.unlock_time), l.id});
    if (!r.ok()) return r.status();
    if (r->affected_rows != 1) {
      return absl::FailedPreconditionError(absl::StrCat("lock '", l.id, "' is already unlocked"));
    }
    return audit::Write(conn, context, "period_lock", l.id, "unlock",
                        audit::CreationJson({{"reason", l.unlock_reason}}), l.unlock_time);
  });
}

absl::StatusOr<std::vector<PeriodLock>> StatisticsStore::ListLocks(
    const std::vector<std::string>& period_keys, bool include_unlocked) {
  absl::StatusOr<std::vector<PeriodLock>> out;
  absl::Status s = db_->WithConnection([&](db::Connection& conn) {
    out = ReadLocks(conn, period_keys, include_unlocked, /*share=*/false);
    return out.status();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<PeriodLock>> StatisticsStore::ListLocksPage(
    absl::string_view period_key, bool include_unlocked, const std::optional<LockCursor>& after,
    int limit) {
  std::vector<Value> params{std::string(period_key)};
  std::string where = "period_key = ?";
  if (!include_unlocked) absl::StrAppend(&where, " AND unlocked = 0");
  if (after) {
    // Two locks may share a microsecond: id breaks the tie, so no lock is skipped or repeated.
    const int64_t t = absl::ToUnixMicros(after->lock_time);
    absl::StrAppend(&where, " AND (lock_time_us > ? OR (lock_time_us = ? AND id > ?))");
    params.insert(params.end(), {t, t, after->id});
  }
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> r =
      db_->Execute(absl::StrCat("SELECT ", kLockColumns, " FROM period_locks WHERE ", where,
                                " ORDER BY lock_time_us, id LIMIT ?"),
                   params);
  if (!r.ok()) return r.status();
  std::vector<PeriodLock> out;
  for (const db::Row& row : r->rows) out.push_back(LockFromRow(row));
  return out;
}

}  // namespace fazhi::statistics

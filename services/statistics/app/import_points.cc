#include "services/statistics/app/import_points.h"

#include <algorithm>
#include <functional>
#include <map>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "common/app/request_key.h"
#include "common/auth/policy.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::statistics {

using time_util::PeriodKey;

absl::Status CheckImportSettings(const ImportSettings& settings) {
  if (absl::Status s = validation::CheckText(settings.request_id, "options.request_id", 0, 64);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckId(settings.source, "options.source");
      !s.ok() || settings.source.size() > 20) {
    return absl::InvalidArgumentError("options.source: 1 to 20 of a-z, 0-9 and '-'");
  }
  return absl::OkStatus();
}

void AddToResult(const CheckedBatch& batch, ImportResult* result) {
  result->created += batch.created;
  result->updated += batch.updated;
  result->unchanged += batch.unchanged;
  result->rejected += static_cast<int64_t>(batch.rejected.size());
  for (const RowRejection& r : batch.rejected) {
    if (result->rejected_rows.size() >= static_cast<size_t>(kMaxListedRejections)) break;
    result->rejected_rows.push_back(r);
  }
}

absl::Status AllOrNothingRefusal(const RowRejection& first, int64_t rejected) {
  return absl::Status(first.code,
                      absl::StrCat(first.field, ": ", first.reason, " (", rejected,
                                   " rows rejected; all-or-nothing: nothing was written)"));
}

absl::StatusOr<std::optional<ImportResult>> ImportPoints::FindReplay(absl::string_view request_id) {
  if (request_id.empty()) return std::nullopt;
  absl::StatusOr<std::optional<std::string>> earlier = store_->FindImport(request_id);
  if (!earlier.ok()) return earlier.status();
  if (!earlier->has_value()) return std::nullopt;
  absl::StatusOr<ImportResult> replayed = Replayed(**earlier);
  if (!replayed.ok()) return replayed.status();
  return *std::move(replayed);
}

absl::StatusOr<ImportResult> ImportPoints::Replayed(absl::string_view receipt) const {
  absl::StatusOr<ImportResult> replayed = receipts_->Decode(receipt);
  if (replayed.ok()) replayed->replayed = true;
  return replayed;
}

absl::StatusOr<std::optional<std::pair<PointKey, PeriodLock>>> ImportPoints::FirstLocked(
    const std::set<PointKey>& keys, const std::vector<PeriodLock>& locks) {
  if (locks.empty()) return std::nullopt;
  std::map<std::string, std::vector<std::string>> lineage;
  for (const PointKey& key : keys) {
    const auto& [code, unit, period_key] = key;
    auto up = lineage.find(unit);
    if (up == lineage.end()) {
      absl::StatusOr<std::vector<std::string>> found = units_->SelfAndAncestors(unit);
      if (!found.ok()) return found.status();
      up = lineage.emplace(unit, *std::move(found)).first;
    }
    for (const PeriodLock& lock : locks) {
      if (lock.period_key == period_key &&
          std::find(up->second.begin(), up->second.end(), lock.department_id) != up->second.end()) {
        return std::make_pair(key, lock);
      }
    }
  }
  return std::nullopt;
}

absl::StatusOr<bool> SubmittedKeys::Insert(absl::string_view indicator_code,
                                           absl::string_view department_id,
                                           absl::string_view period_key) {
  std::string key = absl::StrCat(indicator_code, "\x1f", department_id, "\x1f", period_key);
  return keys_.Insert({absl::HashOf(key), std::hash<std::string>()(key)});
}

absl::StatusOr<CheckedBatch> ImportPoints::CheckRows(const Caller& caller,
                                                     const std::vector<PointInput>& points,
                                                     ImportMode mode, absl::string_view list,
                                                     SubmittedKeys* seen,
                                                     const std::vector<PeriodLock>* known_locks,
                                                     const StoredPoints* stored_points) {
  // Everything the rows refer to, fetched once.
  std::set<std::string> codes;
  std::set<std::string> period_keys;
  std::vector<PointKey> keys;
  keys.reserve(points.size());
  for (const PointInput& p : points) {
    codes.insert(p.indicator_code);
    bool valid_period = time_util::CheckPeriod(p.period, "period").ok();
    if (valid_period) period_keys.insert(PeriodKey(p.period));
    keys.emplace_back(p.indicator_code, p.department_id, valid_period ? PeriodKey(p.period) : "");
  }
  absl::StatusOr<std::map<std::string, Indicator>> indicators =
      store_->GetIndicators(std::vector<std::string>(codes.begin(), codes.end()));
  if (!indicators.ok()) return indicators.status();
  absl::StatusOr<StoredPoints> read_points;
  if (stored_points == nullptr) {
    read_points = store_->GetPoints(keys);
    if (!read_points.ok()) return read_points.status();
  }
  const StoredPoints* existing = stored_points != nullptr ? stored_points : &*read_points;
  absl::StatusOr<std::vector<PeriodLock>> locks =
      known_locks != nullptr
          ? *known_locks
          : store_->ListLocks(std::vector<std::string>(period_keys.begin(), period_keys.end()),
                              false);
  if (!locks.ok()) return locks.status();
  std::map<std::string, std::optional<Unit>> units;
  std::map<std::string, std::vector<std::string>> lineage;
  for (const PointInput& p : points) {
    if (units.count(p.department_id)) continue;
    absl::StatusOr<std::optional<Unit>> unit = units_->Find(p.department_id);
    if (!unit.ok()) return unit.status();
    units[p.department_id] = *unit;
    if (unit->has_value() && !locks->empty()) {
      absl::StatusOr<std::vector<std::string>> up = units_->SelfAndAncestors(p.department_id);
      if (!up.ok()) return up.status();
      lineage[p.department_id] = *up;
    }
  }

  absl::CivilDay today = time_util::DayInChina(caller.now);
  CheckedBatch batch;
  // Rows refused because the caller may not report for their unit, by unit.
  std::map<std::string, int64_t> denied;
  for (size_t i = 0; i < points.size(); ++i) {
    const PointInput& p = points[i];
    const auto& [code, unit, period_key] = keys[i];
    RowFacts facts;
    auto ind = indicators->find(p.indicator_code);
    facts.indicator = ind == indicators->end() ? nullptr : &ind->second;
    facts.unit = units[p.department_id];
    facts.may_write = auth::MayReportFiguresFor(caller.principal, p.department_id);
    auto stored = existing->find(keys[i]);
    facts.exists = stored != existing->end();
    for (const PeriodLock& lock : *locks) {
      const auto& up = lineage[p.department_id];
      if (lock.period_key == period_key &&
          std::find(up.begin(), up.end(), lock.department_id) != up.end()) {
        facts.lock_id = lock.id;
        break;
      }
    }
    std::optional<RowRejection> rejection = CheckRow(p.row, p, facts, mode, today, list);
    if (!rejection) {
      absl::StatusOr<bool> first = seen->Insert(code, unit, period_key);
      if (!first.ok()) return first.status();
      if (!*first) {
        rejection = RowRejection{p.row, absl::StrCat(list, "[", p.row, "]"),
                                 "the same indicator, unit and period appears twice in this "
                                 "submission"};
      }
    }
    if (rejection) {
      if (rejection->code == absl::StatusCode::kPermissionDenied) ++denied[p.department_id];
      batch.rejected.push_back(*std::move(rejection));
      continue;
    }
    batch.accepted.insert(keys[i]);
    if (facts.exists && stored->second.value == p.value) {
      ++batch.unchanged;
      continue;
    }
    PointWrite w{keys[i], p.period.type, p.value, std::nullopt};
    if (facts.exists) {
      w.previous = stored->second;
      ++batch.updated;
    } else {
      ++batch.created;
    }
    batch.writes.push_back(std::move(w));
  }
  {
    // Each unit the caller tried to report for is a denial like the policy table's, audited
    // through the caller's hook (app::Caller::audit_refusal); the rows are counted, not listed,
    // so a large submission gives one entry per unit. Units are real ones (an unknown unit is a
    // bad row, not a denial), and at most kMaxAuditedUnits a batch.
    int audited = 0;
    for (const auto& [unit, rows] : denied) {
      if (++audited > kMaxAuditedUnits) break;
      (void)caller.Refusal(absl::PermissionDeniedError(absl::StrCat(
                               "you may not report figures for '", unit, "' (", rows,
                               rows == 1 ? " row" : " rows", " refused in ", list, ")")),
                           unit);
    }
  }
  return batch;
}

absl::StatusOr<ImportPoints::Prepared> ImportPoints::Prepare(
    const Caller& caller, const ImportSettings& settings, const std::vector<PointInput>& points,
    const std::vector<RowRejection>& unreadable, absl::string_view list,
    const std::vector<PeriodLock>* locks, const StoredPoints* stored) {
  SubmittedKeys seen;
  absl::StatusOr<CheckedBatch> batch =
      CheckRows(caller, points, settings.mode, list, &seen, locks, stored);
  if (!batch.ok()) return batch.status();
  Prepared prepared{*std::move(batch), ImportResult{}, std::nullopt};
  std::vector<RowRejection>& rejected = prepared.batch.rejected;
  rejected.insert(rejected.end(), unreadable.begin(), unreadable.end());
  std::sort(rejected.begin(), rejected.end(),
            [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  ImportResult& result = prepared.result;
  result.dry_run = settings.dry_run;
  AddToResult(prepared.batch, &result);
  if (settings.all_or_nothing && !rejected.empty()) {
    prepared.answer = AllOrNothingRefusal(rejected.front(), result.rejected);
    return prepared;
  }
  // Before the receipt is made, so a replay answers with the same warnings.
  if (absl::Status s = AddWarnings(prepared.batch, &result.warnings); !s.ok()) return s;
  if (settings.dry_run) prepared.answer = result;
  return prepared;
}

LockCheck ImportPoints::LockCheckFor(const CheckedBatch& batch, std::vector<PeriodLock>* locks,
                                     bool* relocked) {
  std::set<std::string> periods;
  for (const auto& [code, unit, period_key] : batch.accepted) periods.insert(period_key);
  return LockCheck{
      std::vector<std::string>(periods.begin(), periods.end()),
      [this, &batch, locks, relocked](const std::vector<PeriodLock>& active) -> absl::Status {
        absl::StatusOr<std::optional<std::pair<PointKey, PeriodLock>>> locked =
            FirstLocked(batch.accepted, active);
        if (!locked.ok()) return locked.status();
        if (!locked->has_value()) return absl::OkStatus();
        *locks = active;
        *relocked = true;
        return absl::AbortedError("a period was locked while this import was checked; retry");
      }};
}

LockCheck ImportPoints::StreamLockCheck(const std::vector<PointWrite>& writes, std::string after) {
  auto keys = std::make_shared<std::set<PointKey>>();
  std::set<std::string> periods;
  for (const PointWrite& w : writes) {
    keys->insert(w.key);
    periods.insert(std::get<2>(w.key));
  }
  return LockCheck{
      std::vector<std::string>(periods.begin(), periods.end()),
      [this, keys,
       after = std::move(after)](const std::vector<PeriodLock>& active) -> absl::Status {
        absl::StatusOr<std::optional<std::pair<PointKey, PeriodLock>>> locked =
            FirstLocked(*keys, active);
        if (!locked.ok()) return locked.status();
        if (!locked->has_value()) return absl::OkStatus();
        const auto& [key, lock] = **locked;
        const auto& [code, unit, period_key] = key;
        return absl::AbortedError(absl::StrCat(
            "period ", period_key, " of unit ", lock.department_id, " was locked (lock ", lock.id,
            ") while this stream was being written, after its figure ", code, " of unit ", unit,
            " was checked; ", after));
      }};
}

namespace {

absl::Status TooManyRows(absl::string_view list) {
  return absl::InvalidArgumentError(
      absl::StrCat(list, ": at most ", kMaxPointsPerCall, " rows per call; stream larger imports"));
}

}  // namespace

absl::StatusOr<ImportResult> ImportPoints::Import(const Caller& caller,
                                                  const ImportSettings& settings,
                                                  const std::vector<PointInput>& points,
                                                  const std::vector<RowRejection>& unreadable,
                                                  absl::string_view list) {
  if (absl::Status s = CheckImportSettings(settings); !s.ok()) return s;
  if (static_cast<int64_t>(points.size() + unreadable.size()) > kMaxPointsPerCall) {
    return TooManyRows(list);
  }
  const std::string request_key = app::RequestKey(caller, settings.request_id);
  absl::StatusOr<std::optional<ImportResult>> replay = FindReplay(request_key);
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) return **replay;

  // The locks are read inside the write's transaction (LockCheck), not before it: the rows are
  // checked against the locks that transaction found last time round (none at first), and
  // checked again with the ones it finds if they cover a row this check accepted. A dry run
  // writes nothing, so it reads them first.
  std::vector<PeriodLock> locks;
  for (int round = 1;; ++round) {
    absl::StatusOr<Prepared> prepared = Prepare(caller, settings, points, unreadable, list,
                                                settings.dry_run ? nullptr : &locks, nullptr);
    if (!prepared.ok()) return prepared.status();
    if (prepared->answer.has_value()) return *std::move(prepared->answer);
    bool relocked = false;
    LockCheck lock_check = LockCheckFor(prepared->batch, &locks, &relocked);
    absl::Status written =
        store_->WritePoints(prepared->batch.writes, settings.source, caller.audit, request_key,
                            receipts_->Encode(prepared->result), caller.now, &lock_check);
    // Locks are only ever added between rounds by other writers; three rounds cover a lock
    // created while the first was checked and one more besides.
    if (relocked && round < 3) continue;
    if (written.code() == absl::StatusCode::kAlreadyExists && !request_key.empty()) {
      // The same request won a race with this one: answer as its replay.
      replay = FindReplay(request_key);
      if (replay.ok() && replay->has_value()) return **replay;
    }
    if (!written.ok()) return written;
    return std::move(prepared->result);
  }
}

void ImportPoints::ImportTogether(const std::vector<GroupedImport*>& imports) {
  // Each import as Import's first round would make it, its write one of the group's.
  struct Pending {
    GroupedImport* import;
    std::string request_key;
    Prepared prepared;
    std::string receipt;
    std::vector<PeriodLock> locks;
    bool relocked = false;
    LockCheck lock_check;
  };
  std::vector<Pending> pending;
  pending.reserve(imports.size());
  for (GroupedImport* g : imports) {
    g->answer.reset();
    if (absl::Status s = CheckImportSettings(g->settings); !s.ok()) {
      g->answer = s;
      continue;
    }
    if (static_cast<int64_t>(g->points.size() + g->unreadable.size()) > kMaxPointsPerCall) {
      g->answer = TooManyRows(g->list);
      continue;
    }
    // A dry run reads the locks before it checks: alone.
    if (g->settings.dry_run) continue;
    pending.push_back(Pending{g, app::RequestKey(g->caller, g->settings.request_id)});
  }
  if (pending.empty()) return;

  // Earlier imports with these request ids, in one read: those answer as replays.
  std::vector<std::string> request_keys;
  for (const Pending& p : pending) {
    if (!p.request_key.empty()) request_keys.push_back(p.request_key);
  }
  if (!request_keys.empty()) {
    // If the read fails, each import is left to be made alone.
    absl::StatusOr<std::map<std::string, std::string>> receipts = store_->FindImports(request_keys);
    if (!receipts.ok()) return;
    std::vector<Pending> fresh;
    fresh.reserve(pending.size());
    for (Pending& p : pending) {
      auto earlier = receipts->find(p.request_key);
      if (p.request_key.empty() || earlier == receipts->end()) {
        fresh.push_back(std::move(p));
        continue;
      }
      p.import->answer = Replayed(earlier->second);
    }
    pending = std::move(fresh);
  }

  // Most small imports add figures not stored yet (a unit's figures for a new month). While that
  // holds, a group is checked as if none of its figures were stored, and written without reading
  // them first: one statement of the group's five. The table's unique key refuses the write if one
  // was stored after all; the group is then read and checked again, as it is when the check
  // finds a row to refuse (it may be refused only because it was taken to be new).
  bool as_new = new_figures_first_.ShouldTry();
  const StoredPoints none;
  StoredPoints stored;
  for (;;) {
    if (!as_new) {
      std::vector<PointKey> keys;
      for (const Pending& p : pending) {
        for (const PointInput& point : p.import->points) {
          keys.emplace_back(
              point.indicator_code, point.department_id,
              time_util::CheckPeriod(point.period, "period").ok() ? PeriodKey(point.period) : "");
        }
      }
      // If the read fails, each import is left to be made alone.
      absl::StatusOr<StoredPoints> read = store_->GetPoints(keys);
      if (!read.ok()) return;
      stored = *std::move(read);
    }
    std::vector<ImportWrite> writes;
    writes.reserve(pending.size());
    std::vector<Pending*> writing;
    bool checked_as_new = true;
    for (Pending& p : pending) {
      GroupedImport& g = *p.import;
      g.answer.reset();
      absl::StatusOr<Prepared> prepared;
      if (as_new) {
        // Not audited: a refusal sends the group back to be checked again, which audits it.
        Caller unaudited = g.caller;
        unaudited.audit_refusal = nullptr;
        prepared = Prepare(unaudited, g.settings, g.points, g.unreadable, g.list, &p.locks, &none);
        if (!prepared.ok() || prepared->answer.has_value() || !prepared->batch.rejected.empty()) {
          checked_as_new = false;
          break;
        }
      } else {
        // Checked against no locks, as Import's first round: the write reads them.
        prepared = Prepare(g.caller, g.settings, g.points, g.unreadable, g.list, &p.locks, &stored);
      }
      if (!prepared.ok()) {
        g.answer = prepared.status();
        continue;
      }
      if (prepared->answer.has_value()) {
        g.answer = *std::move(prepared->answer);
        continue;
      }
      p.prepared = *std::move(prepared);
      p.receipt = receipts_->Encode(p.prepared.result);
      p.relocked = false;
      p.lock_check = LockCheckFor(p.prepared.batch, &p.locks, &p.relocked);
      writes.push_back(ImportWrite{&p.prepared.batch.writes, g.settings.source, &g.caller.audit,
                                   p.request_key, p.receipt, g.caller.now, &p.lock_check});
      writing.push_back(&p);
    }
    if (!checked_as_new) {
      new_figures_first_.Missed();
      as_new = false;
      continue;
    }
    if (writing.empty()) return;
    std::vector<const ImportWrite*> group;
    for (const ImportWrite& w : writes) group.push_back(&w);
    absl::StatusOr<std::vector<absl::Status>> written = store_->WriteImports(group);
    if (as_new) {
      if (written.status().code() == absl::StatusCode::kAlreadyExists) {
        new_figures_first_.Missed();
        as_new = false;
        continue;
      }
      if (written.ok()) new_figures_first_.Held();
    }
    if (!written.ok() || written->size() != writing.size()) return;
    for (size_t i = 0; i < writing.size(); ++i) {
      Pending& p = *writing[i];
      // A lock taken meanwhile: Import checks it again, alone.
      if (p.relocked) continue;
      if (!(*written)[i].ok()) {
        p.import->answer = (*written)[i];
      } else {
        p.import->answer = std::move(p.prepared.result);
      }
    }
    return;
  }
}

bool NewFiguresFirst::ShouldTry() {
  int skip = skip_.load(std::memory_order_relaxed);
  while (skip > 0) {
    if (skip_.compare_exchange_weak(skip, skip - 1, std::memory_order_relaxed)) return false;
  }
  return true;
}

void NewFiguresFirst::Held() { backoff_.store(0, std::memory_order_relaxed); }

void NewFiguresFirst::Missed() {
  const int backoff = std::clamp(2 * backoff_.load(std::memory_order_relaxed), 1, kMaxSkipped);
  backoff_.store(backoff, std::memory_order_relaxed);
  skip_.store(backoff, std::memory_order_relaxed);
}

}  // namespace fazhi::statistics

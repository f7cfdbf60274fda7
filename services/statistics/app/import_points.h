#ifndef FAZHI_SERVICES_STATISTICS_APP_IMPORT_POINTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_IMPORT_POINTS_H_

// The one import path of SubmitDataPoints, ImportCsv and (batch by batch, app/ingest_session.h)
// IngestDataPoints: each row is checked against the catalogue, the registry, locks, the caller's
// unit and what is stored; the good rows are written with their revisions and the receipt for
// replays in one transaction, or none for a dry run or an all-or-nothing submission with a bad
// row; a request id seen before answers the first summary, marked replayed.

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "common/app/caller.h"
#include "common/audit/audit.h"
#include "common/auth/principal.h"
#include "common/spill/fingerprint_set.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/app/rule_warnings.h"
#include "services/statistics/domain/data_point.h"
#include "services/statistics/domain/ingest.h"
#include "services/statistics/domain/unit_directory.h"

namespace fazhi::statistics {

// The summary lists at most this many rejected rows (and warnings) but counts every rejected
// row, so it fits one response.
inline constexpr int kMaxListedRejections = 10000;
// The refused units of one batch audited one by one; a batch aimed at more units than this is
// audited for the first ones (in id order) only.
inline constexpr int kMaxAuditedUnits = 100;
// A single call (not a stream) carries at most this many rows.
inline constexpr int kMaxPointsPerCall = 100000;
// The largest CSV body ImportCsv parses by default (--max_csv_bytes): 100,000 rows of ordinary
// codes and unit ids fit in it.
inline constexpr int64_t kDefaultMaxCsvBytes = 8 << 20;

// Remembers which (indicator, unit, period) keys a submission has carried, so a repeated key is
// refused. It keeps two independent 64-bit hashes of each key rather than its text, and keeps
// them in a spill::FingerprintSet: past its first 65,536 keys a stream's keys go to sorted runs in
// scratch files, with about 1.3 bytes of each kept in memory, so a stream's memory stays flat
// however many points it carries (docs/benchmarks.md, 5b).
class SubmittedKeys {
 public:
  explicit SubmittedKeys(spill::FingerprintSetOptions options = {}) : keys_(std::move(options)) {}
  // False when the key was seen before; an error when the scratch space failed.
  absl::StatusOr<bool> Insert(absl::string_view indicator_code, absl::string_view department_id,
                              absl::string_view period_key);

 private:
  spill::FingerprintSet keys_;
};

// Who imports, and when: the use cases read no thread-local call state.
using app::Caller;

// How a submission is to be written, read and checked.
struct ImportSettings {
  std::string request_id;
  std::string source;
  ImportMode mode = ImportMode::kUpsert;
  bool dry_run = false;
  bool all_or_nothing = false;
};
// INVALID_ARGUMENT naming options.request_id (at most 64 characters) or options.source (1 to 20
// of a-z, 0-9 and '-').
absl::Status CheckImportSettings(const ImportSettings& settings);

// What an import did.
struct ImportResult {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  // In row order; the first kMaxListedRejections only.
  std::vector<RowRejection> rejected_rows;
  std::vector<RuleWarning> warnings;
  bool dry_run = false;
  bool replayed = false;
};

// How a result is kept as an import's receipt; the api keeps the wire format of its summary.
class ReceiptCodec {
 public:
  virtual ~ReceiptCodec() = default;
  virtual std::string Encode(const ImportResult& result) const = 0;
  // INTERNAL when the stored receipt does not parse.
  virtual absl::StatusOr<ImportResult> Decode(absl::string_view receipt) const = 0;
};

// What checking one batch of rows found: the writes to make and the rows refused.
struct CheckedBatch {
  std::vector<PointWrite> writes;
  std::vector<RowRejection> rejected;
  // Every row not rejected (unchanged ones too), for the rule check.
  std::set<PointKey> accepted;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
};

// Adds the batch's counts and rejections (in the batch's order) to result.
void AddToResult(const CheckedBatch& batch, ImportResult* result);
// What an all-or-nothing submission answers: the first bad row's code and reason.
absl::Status AllOrNothingRefusal(const RowRejection& first, int64_t rejected);

// One small import among several made at the same time, checked and written together
// (ImportPoints::ImportTogether).
struct GroupedImport {
  Caller caller;
  ImportSettings settings;
  std::vector<PointInput> points;
  // Rows refused before checking (CSV), and the name rejections give the rows ("points", "csv").
  std::vector<RowRejection> unreadable;
  std::string list = "points";
  // Set by ImportTogether: the import's answer; none when it is to be made alone (Import), which
  // ImportTogether leaves to a dry run, to an import a period lock taken meanwhile covers, and to
  // every import of a group the store could not write as one.
  std::optional<absl::StatusOr<ImportResult>> answer;
};

// Whether a group of small imports is checked as new figures before the stored ones are read
// (ImportPoints::ImportTogether): yes while that holds; after a group it did not hold for, not for
// the next 1, 2, 4 ... kMaxSkipped groups, so a run of corrections pays a wasted check and a
// refused write only now and then. Safe to share between threads.
class NewFiguresFirst {
 public:
  static constexpr int kMaxSkipped = 64;
  // Whether to try the next group as new figures (false while groups are being skipped).
  bool ShouldTry();
  // What the last group tried showed.
  void Held();
  void Missed();

 private:
  std::atomic<int> skip_{0};
  std::atomic<int> backoff_{0};
};

class ImportPoints {
 public:
  ImportPoints(ImportStore* store, RuleSource* rules, UnitDirectory* units,
               const ReceiptCodec* receipts)
      : store_(store), rules_(rules), units_(units), receipts_(receipts) {}

  // Imports one submission. unreadable: rows refused before checking (CSV). list names rows in
  // rejections ("points", "csv").
  absl::StatusOr<ImportResult> Import(const Caller& caller, const ImportSettings& settings,
                                      const std::vector<PointInput>& points,
                                      const std::vector<RowRejection>& unreadable,
                                      absl::string_view list);

  // Small imports made at the same time, as Import would make each, for the cost of one: one
  // read of the stored figures for all their rows, each checked on its own (its caller's
  // rights, its own all-or-nothing), and one transaction that writes them all, each with its own
  // receipt, actor and lock check. Answers each import it can (see GroupedImport::answer).
  // While groups carry only new figures (NewFiguresFirst), a group is first checked as new and
  // written without that read; a figure found stored refuses the write, and the group is then
  // read and checked again.
  void ImportTogether(const std::vector<GroupedImport*>& imports);

  // The parts a stream (app/ingest_session.h) runs batch by batch.

  // The result an earlier submission with this request id left, marked replayed, if any.
  absl::StatusOr<std::optional<ImportResult>> FindReplay(absl::string_view request_id);
  // Checks rows, fetching the catalogue entries, stored figures, locks and units once for the
  // batch. seen spans the whole submission, so a key repeated in a later batch of a stream is
  // refused too.
  absl::StatusOr<CheckedBatch> CheckBatch(const Caller& caller,
                                          const std::vector<PointInput>& points, ImportMode mode,
                                          absl::string_view list, SubmittedKeys* seen) {
    return CheckRows(caller, points, mode, list, seen, nullptr, nullptr);
  }
  // earlier: the previous batches' writes, which may still be being stored.
  absl::Status AddWarnings(const CheckedBatch& batch, std::vector<RuleWarning>* warnings,
                           absl::Span<const std::vector<PointWrite>* const> earlier = {}) {
    return AddRuleWarnings(*rules_, batch.accepted, batch.writes, warnings, earlier);
  }

  // The lock check a stream's write makes in its transaction (a batch's, or an all-or-nothing
  // stream's one write): the batch was checked against the locks read before it, so a lock taken
  // since on one of writes' points rolls the write back, ABORTED, naming the lock and ending with
  // after (what of the stream is stored, and what to do). Holds its own copy of the keys.
  LockCheck StreamLockCheck(const std::vector<PointWrite>& writes, std::string after);

  ImportStore* store() const { return store_; }
  const ReceiptCodec& receipts() const { return *receipts_; }

 private:
  using StoredPoints = std::map<PointKey, StoredPoint>;
  // CheckBatch, taking the locks and the stored figures as given instead of reading them when
  // locks or stored is set (stored may hold other keys too).
  absl::StatusOr<CheckedBatch> CheckRows(const Caller& caller,
                                         const std::vector<PointInput>& points, ImportMode mode,
                                         absl::string_view list, SubmittedKeys* seen,
                                         const std::vector<PeriodLock>* locks,
                                         const StoredPoints* stored);
  // The result an earlier import's receipt records, marked replayed.
  absl::StatusOr<ImportResult> Replayed(absl::string_view receipt) const;
  // One submission checked: the rows to write and the result to answer once they are written, or
  // the answer itself when nothing is to be written (a dry run, an all-or-nothing refusal).
  struct Prepared {
    CheckedBatch batch;
    ImportResult result;
    std::optional<absl::StatusOr<ImportResult>> answer;
  };
  absl::StatusOr<Prepared> Prepare(const Caller& caller, const ImportSettings& settings,
                                   const std::vector<PointInput>& points,
                                   const std::vector<RowRejection>& unreadable,
                                   absl::string_view list, const std::vector<PeriodLock>* locks,
                                   const StoredPoints* stored);
  // The lock check a write of batch makes in its transaction: a lock on one of its rows sets
  // *relocked, keeps the locks in *locks for the next round's check and rolls the write back.
  LockCheck LockCheckFor(const CheckedBatch& batch, std::vector<PeriodLock>* locks, bool* relocked);
  // The first of keys a lock in locks covers (the key's period, and its unit or an ancestor),
  // with that lock; none when no lock does.
  absl::StatusOr<std::optional<std::pair<PointKey, PeriodLock>>> FirstLocked(
      const std::set<PointKey>& keys, const std::vector<PeriodLock>& locks);

  ImportStore* store_;
  RuleSource* rules_;
  UnitDirectory* units_;
  const ReceiptCodec* receipts_;
  NewFiguresFirst new_figures_first_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_IMPORT_POINTS_H_

#ifndef FAZHI_SERVICES_STATISTICS_APP_IMPORT_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_IMPORT_PORTS_H_

// What the import use cases need of the statistics store and the rule store, and nothing more:
// StatisticsStore and RuleStore implement these, the unit tests fake them.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "services/statistics/domain/data_point.h"
#include "services/statistics/domain/indicator.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {

// The catalogue, as imports and validation rules read it.
class IndicatorSource {
 public:
  virtual ~IndicatorSource() = default;
  // The catalogue entries of these codes; unknown codes are absent.
  virtual absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) = 0;
};

// The period locks, as imports and the lock use cases read them.
class LockSource {
 public:
  virtual ~LockSource() = default;
  // Locks on these period keys, active only unless include_unlocked.
  virtual absl::StatusOr<std::vector<PeriodLock>> ListLocks(
      const std::vector<std::string>& period_keys, bool include_unlocked) = 0;
};

// The stored figures, as imports and the figure use cases read them.
class PointSource {
 public:
  virtual ~PointSource() = default;
  // The stored figures of these keys; keys with none are absent.
  virtual absl::StatusOr<std::map<PointKey, StoredPoint>> GetPoints(
      const std::vector<PointKey>& keys) = 0;
};

// What a write checks against the period locks inside its own transaction, so a lock committed
// before the write's check is never missed, whatever the caller read or kept before.
struct LockCheck {
  // The periods whose active locks are read.
  std::vector<std::string> period_keys;
  // Given those locks: OK to write, or the status the transaction is rolled back with.
  std::function<absl::Status(const std::vector<PeriodLock>& active)> allow;
};

// How a stream's batch is kept in order with the one written beside it (WriteStreamBatch).
struct BatchOrder {
  std::function<void()> began;
  std::function<absl::Status()> before_commit;
};

// One import's write: WritePoints' arguments, as several imports are written together
// (ImportStore::WriteImports).
struct ImportWrite {
  const std::vector<PointWrite>* writes;
  absl::string_view source;
  const audit::AuditContext* context;
  absl::string_view request_id;
  absl::string_view receipt;
  absl::Time now;
  const LockCheck* lock_check;
};

// Virtual bases: StatisticsStore implements each once for this and the ports of app/catalogue.h,
// app/figures.h and app/period_locks.h.
class ImportStore : public virtual IndicatorSource,
                    public virtual PointSource,
                    public virtual LockSource {
 public:
  // Writes every point and its revision, and the import receipt when request_id is set, in one
  // transaction. ALREADY_EXISTS when a receipt for request_id is already stored. With
  // lock_check, the active locks on its periods are read first in the same transaction and
  // lock_check->allow decides whether to go on.
  virtual absl::Status WritePoints(const std::vector<PointWrite>& writes, absl::string_view source,
                                   const audit::AuditContext& context, absl::string_view request_id,
                                   absl::string_view receipt, absl::Time now,
                                   const LockCheck* lock_check) = 0;
  // Writes several imports in one transaction, each as WritePoints would, and answers each: an
  // import its lock check refuses is left out and answered with that check's status. Fails as a
  // whole, having written nothing, when one of them cannot be written (ALREADY_EXISTS for a
  // receipt already stored, a new figure already stored or two imports of one new figure;
  // ABORTED for a figure that moved) or the database fails; each import can then be written
  // alone, which tells which.
  virtual absl::StatusOr<std::vector<absl::Status>> WriteImports(
      const std::vector<const ImportWrite*>& imports) = 0;
  // How many of a stream's batches may be written at once (WriteStreamBatch): more than one only
  // where the database runs writers side by side (MariaDB); SQLite writes one at a time.
  virtual int StreamWritesAtOnce() const = 0;
  // One batch of a stream, as WritePoints writes it without a receipt, after lock_check (if any)
  // allowed the locks read in its transaction, in one transaction that calls order.began once it
  // holds its database session and has checked the locks, and order.before_commit once the rows
  // are written; committed only if before_commit returns OK, rolled back with its status
  // otherwise. A stream writing a batch beside the one before it waits for that one in
  // before_commit, so the batches commit in stream order and a failed batch leaves every later
  // one unwritten; and it starts the next batch only after began, so a batch never waits for a
  // session, or a lock on the locks' epoch, that a later batch holds. (On MariaDB a lock change
  // waiting for the epoch queues every later reader behind it: had a later batch read the epoch
  // first, the earlier one would wait for the change, the change for the later batch, and that
  // batch for the earlier one's commit, a wait InnoDB cannot see.)
  virtual absl::Status WriteStreamBatch(const std::vector<PointWrite>& writes,
                                        absl::string_view source,
                                        const audit::AuditContext& context, absl::Time now,
                                        const BatchOrder& order, const LockCheck* lock_check) = 0;
  // Records the receipt of an import whose points were written in several transactions.
  virtual absl::Status RecordImport(absl::string_view request_id, absl::string_view receipt,
                                    absl::string_view actor, absl::Time now) = 0;
  // The receipt an earlier import with this request id left, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindImport(absl::string_view request_id) = 0;
  // The receipts of those of these request ids that have one, by request id, in one read.
  virtual absl::StatusOr<std::map<std::string, std::string>> FindImports(
      const std::vector<std::string>& request_ids) = 0;
};

class RuleSource {
 public:
  virtual ~RuleSource() = default;
  // Every rule checked for periods of this type, ordered by id.
  virtual absl::StatusOr<std::vector<ValidationRule>> ListForPeriodType(
      time_util::PeriodType type) = 0;
  // The stored figures of these indicators for these units in one period, by unit then code.
  virtual absl::StatusOr<std::map<std::string, Values>> ReadValues(
      const std::vector<std::string>& codes, const std::vector<std::string>& units,
      absl::string_view period_key) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_IMPORT_PORTS_H_

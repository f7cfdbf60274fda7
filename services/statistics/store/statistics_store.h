#ifndef FAZHI_SERVICES_STATISTICS_STORE_STATISTICS_STORE_H_
#define FAZHI_SERVICES_STATISTICS_STORE_STATISTICS_STORE_H_

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/cache/read_cache.h"
#include "common/db/batcher.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/statistics/app/catalogue_ports.h"
#include "services/statistics/app/export_ports.h"
#include "services/statistics/app/figures.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/app/lock_ports.h"
#include "services/statistics/app/query_ports.h"
#include "services/statistics/domain/completeness.h"
#include "services/statistics/domain/data_point.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::statistics {

// The statistics service's own schema (audit::WithAuditLog adds the audit log's).
const std::vector<db::Migration>& Migrations();

// RevisionRecord: app/figures.h.

// Obligation: app/catalogue_ports.h. AggregateRow and GroupColumn: app/query_ports.h. ExportRow:
// app/export_ports.h.

// Also the figures and receipts the import use cases read and write (app/import_ports.h).
// The catalogue entries GetIndicators reads are kept for up to the cache's time to live (see
// set_catalogue_cache_ttl); every catalogue write through this store drops them at once.
class StatisticsStore : public CatalogueStore,
                        public ImportStore,
                        public FigureStore,
                        public LockStore,
                        public QueryStore,
                        public ExportStore {
 public:
  // On MariaDB a batch of at least min_bulk_rows new points is written by LOAD DATA from memory
  // (WritePoints); smaller ones, any batch that revises stored points, and every batch once the
  // server has refused LOAD DATA LOCAL, by prepared INSERTs. 0: never by LOAD DATA.
  static constexpr size_t kDefaultMinBulkRows = 100;
  explicit StatisticsStore(db::Database* db, size_t min_bulk_rows = kDefaultMinBulkRows);
  ~StatisticsStore() override;

  // Small imports (up to kMaxBatchedRows points each) made at the same time share one
  // transaction, and their reads of the stored figures one statement, at most max_calls of them
  // (db::Batcher), with up to max_running batches of each kind sent at once; max_calls 1 runs
  // each alone.
  static constexpr size_t kDefaultBatchCalls = 64;
  static constexpr int kDefaultBatchesRunning = 2;
  static constexpr size_t kMaxBatchedRows = 100;
  void set_batching(size_t max_calls, int max_running);
  // Batches of writes (WritePoints) and of reads (GetPoints) run so far.
  db::BatcherStats write_batch_stats() const;
  db::BatcherStats read_batch_stats() const;

  // Imports look up the catalogue entry of every row, and the catalogue changes rarely: entries
  // (and unknown codes) are kept for ttl. A catalogue write through this store is seen at once;
  // ttl bounds how long a write made by another replica can go unseen. Zero turns it off (the
  // default).
  void set_catalogue_cache_ttl(absl::Duration ttl);

  // Every write of figures checks the active locks on its periods inside its transaction. It
  // reads the lock epoch first (migration 0006), with a shared lock that it holds until it
  // commits; CreateLock and Unlock update the epoch first thing in theirs. So no change to the
  // locks commits between a write's check and its commit, and the locks read at an epoch stay
  // true until the epoch moves: they are kept per period for ttl and used only at the epoch they
  // were read at. ttl bounds how long a change that did not move the epoch (an UPDATE by hand, a
  // replica of an older release) goes unseen. Zero: every write reads its periods' locks, after
  // the epoch (the default).
  void set_lock_cache_ttl(absl::Duration ttl);

  // Catalogue. Creates and updates are audited for context.
  absl::Status CreateIndicator(const audit::AuditContext& context,
                               const Indicator& indicator) override;
  absl::StatusOr<std::optional<Indicator>> GetIndicator(absl::string_view code) override;
  absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) override;
  absl::StatusOr<std::vector<Indicator>> ListIndicators(absl::string_view report_section,
                                                        absl::string_view after_code,
                                                        int limit) override;
  // Writes indicator if the stored version is still expected_version.
  absl::Status UpdateIndicator(const audit::AuditContext& context, const Indicator& indicator,
                               int64_t expected_version) override;
  // Inserts the shipped indicators that are missing; returns how many it added.
  absl::StatusOr<int> EnsureIndicators(const std::vector<Indicator>& indicators, absl::Time now);

  absl::Status SetObligation(const audit::AuditContext& context,
                             const Obligation& obligation) override;
  absl::StatusOr<std::vector<Obligation>> ListObligations(
      absl::string_view indicator_code) override;

  // Figures.
  absl::StatusOr<std::map<PointKey, StoredPoint>> GetPoints(
      const std::vector<PointKey>& keys) override;
  // Writes every point and its revision, and the import receipt when request_id is set, in one
  // transaction, after lock_check (if any) allowed the locks read in it.
  absl::Status WritePoints(const std::vector<PointWrite>& writes, absl::string_view source,
                           const audit::AuditContext& context, absl::string_view request_id,
                           absl::string_view receipt, absl::Time now,
                           const LockCheck* lock_check) override;
  // Two on MariaDB (the bulk pool's sessions), one on SQLite.
  int StreamWritesAtOnce() const override;
  absl::Status WriteStreamBatch(const std::vector<PointWrite>& writes, absl::string_view source,
                                const audit::AuditContext& context, absl::Time now,
                                const BatchOrder& order, const LockCheck* lock_check) override;
  // Several imports in one transaction (group commit); see ImportStore.
  absl::StatusOr<std::vector<absl::Status>> WriteImports(
      const std::vector<const ImportWrite*>& imports) override;
  absl::StatusOr<std::vector<RevisionRecord>> ListRevisions(const PointKey& key, int64_t after,
                                                            int limit) override;
  // Records the receipt of an import whose points were written in several transactions (a
  // stream), so a replay of the whole stream writes nothing.
  absl::Status RecordImport(absl::string_view request_id, absl::string_view receipt,
                            absl::string_view actor, absl::Time now) override;
  // Points of one period for export, ordered by (indicator, department), after the cursor.
  absl::StatusOr<std::vector<ExportRow>> ListPointsForExport(
      absl::string_view period_key, const std::vector<std::string>& departments,
      const std::vector<std::string>& codes, const std::pair<std::string, std::string>& after,
      int limit) override;
  // The receipt an earlier import with this request id left, if any.
  absl::StatusOr<std::optional<std::string>> FindImport(absl::string_view request_id) override;
  // The receipts of those of these request ids that have one, by request id.
  absl::StatusOr<std::map<std::string, std::string>> FindImports(
      const std::vector<std::string>& request_ids) override;

  // Sums (or maxima) over the points of these indicators, units and period keys, in SQL.
  absl::StatusOr<std::vector<AggregateRow>> Aggregate(const std::vector<std::string>& codes,
                                                      const std::vector<std::string>& departments,
                                                      const std::vector<std::string>& period_keys,
                                                      bool use_max, GroupColumn group) override;
  // When each of these units first reported each of these indicators for the period (the time of
  // its first revision), grouped in SQL a chunk of units at a time. Figures never received are
  // absent. (store/statistics_queries.cc)
  absl::StatusOr<FirstReceipts> FindFirstReceipts(
      absl::string_view period_key, const std::vector<std::string>& codes,
      const std::vector<std::string>& departments) override;

  // Locks.
  absl::Status CreateLock(const audit::AuditContext& context, const PeriodLock& lock) override;
  absl::StatusOr<std::optional<PeriodLock>> GetLock(absl::string_view id) override;
  absl::Status Unlock(const audit::AuditContext& context, const PeriodLock& lock) override;
  // Locks on these period keys, active only unless include_unlocked.
  absl::StatusOr<std::vector<PeriodLock>> ListLocks(const std::vector<std::string>& period_keys,
                                                    bool include_unlocked) override;
  // ListPeriodLocks' pages: a keyset over (lock_time_us, id), the order ListLocks reads in.
  absl::StatusOr<std::vector<PeriodLock>> ListLocksPage(absl::string_view period_key,
                                                        bool include_unlocked,
                                                        const std::optional<LockCursor>& after,
                                                        int limit) override;

 private:
  // Up to 4,096 codes; the shipped catalogue has 121.
  static constexpr size_t kMaxCachedIndicators = 4096;
  // Periods whose locks are kept at the current epoch: a year of monthly, quarterly, half-yearly
  // and yearly periods is 19, so this holds two centuries.
  static constexpr size_t kMaxCachedLockPeriods = 4096;

  // The active locks on periods, for a write in its transaction on conn (set_lock_cache_ttl).
  absl::StatusOr<std::vector<PeriodLock>> ActiveLocksForWrite(db::Connection& conn,
                                                              const std::set<std::string>& periods);
  // Reads the active locks on every check's periods in conn's transaction, in one read, and
  // gives each check (null: none) those on its own periods; (*answers)[i] is check i's verdict.
  absl::Status CheckLocksIn(db::Connection& conn, const std::vector<const LockCheck*>& checks,
                            std::vector<absl::Status>* answers);
  // One write's lock check (null: none) in conn's transaction, its refusal as the status; then,
  // for a stream's batch (order), began: the next batch goes only once this one holds the epoch
  // (ImportStore::WriteStreamBatch says why). Both write paths take this one step.
  absl::Status CheckLocksThenBegin(db::Connection& conn, const LockCheck* lock_check,
                                   const BatchOrder* order);

  db::Database* db_;
  std::unique_ptr<cache::ReadCache<std::optional<Indicator>>> indicators_ =
      std::make_unique<cache::ReadCache<std::optional<Indicator>>>(absl::ZeroDuration(), 0);
  // The active locks of a period, under "EPOCH PERIOD".
  std::unique_ptr<cache::ReadCache<std::vector<PeriodLock>>> locks_ =
      std::make_unique<cache::ReadCache<std::vector<PeriodLock>>>(absl::ZeroDuration(), 0);
  // WritePoints of new points only, by LOAD DATA LOCAL INFILE on a raw MariaDB session, after
  // lock_check (if any). order: a stream's batch (WriteStreamBatch), or null.
  absl::Status WriteNewPointsInBulk(db::BulkPool& bulk, const std::vector<PointWrite>& writes,
                                    absl::string_view source, const audit::AuditContext& context,
                                    absl::string_view request_id, absl::string_view receipt,
                                    absl::Time now, const LockCheck* lock_check,
                                    const BatchOrder* order);
  // WritePoints and WriteStreamBatch.
  absl::Status Write(const std::vector<PointWrite>& writes, absl::string_view source,
                     const audit::AuditContext& context, absl::string_view request_id,
                     absl::string_view receipt, absl::Time now, const LockCheck* lock_check,
                     const BatchOrder* order);

  // Writes the imports in conn's transaction; each import's answer goes to answers (one its
  // lock check refuses is left out). A failure fails the whole transaction.
  absl::Status WriteImportsIn(db::Connection& conn, const std::vector<const ImportWrite*>& calls,
                              std::vector<absl::Status>* answers);
  absl::Status WriteAlone(const ImportWrite& call);
  using StoredPoints = std::map<PointKey, StoredPoint>;
  absl::StatusOr<StoredPoints> ReadPoints(const std::vector<PointKey>& keys);
  absl::StatusOr<std::vector<absl::StatusOr<StoredPoints>>> ReadPointsOfCalls(
      const std::vector<const std::vector<PointKey>*>& calls);

  size_t min_bulk_rows_;
  std::atomic<bool> bulk_refused_{false};
  std::unique_ptr<db::Batcher<ImportWrite>> write_batcher_;
  std::unique_ptr<db::Batcher<std::vector<PointKey>, absl::StatusOr<StoredPoints>>> read_batcher_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_STORE_STATISTICS_STORE_H_

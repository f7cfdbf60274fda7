// fazhi-statistics: the indicator catalogue, reported figures, validation, locking and roll-ups.

#include <malloc.h>

#include <algorithm>
#include <cstdlib>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "common/directory/department_directory.h"
#include "common/directory/department_flags.h"
#include "common/grpc/server.h"
#include "common/log/log.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/store/rule_store.h"
#include "services/statistics/store/statistics_store.h"

ABSL_FLAG(int64_t, max_csv_bytes, fazhi::statistics::kDefaultMaxCsvBytes,
          "Largest CSV body ImportCsv parses; a larger one is refused before parsing");
ABSL_FLAG(int64_t, max_all_or_nothing_stream_bytes,
          fazhi::statistics::kDefaultMaxAllOrNothingStreamBytes,
          "Most bytes of messages an all-or-nothing IngestDataPoints stream may send: it is held "
          "back until its end");

ABSL_FLAG(int64_t, catalogue_cache_ms, 2000,
          "How long the indicator catalogue and the validation rules that every import checks "
          "are kept in memory, in milliseconds (0: read them for every import). A change made "
          "through this process is seen at once; one made through another replica can go unseen "
          "here for up to this long. Stored figures are never kept: every write reads them "
          "(period locks: --period_lock_cache_ms)");
ABSL_FLAG(int64_t, period_lock_cache_ms, 2000,
          "How long the period locks a write checks are kept in memory, in milliseconds (0: "
          "read them in every write). Every write still reads the lock epoch, which every lock "
          "and unlock moves, so a kept lock list is used only while no lock has changed. This "
          "bounds how long a lock changed without moving the epoch (by hand in SQL, or by a "
          "replica of an older release) can go unseen");
ABSL_FLAG(int64_t, load_data_min_rows,
          static_cast<int64_t>(fazhi::statistics::StatisticsStore::kDefaultMinBulkRows),
          "On MySQL/MariaDB, batches of at least this many new figures are written by LOAD DATA "
          "LOCAL INFILE from memory instead of multi-row INSERTs; 0 never uses LOAD DATA");

ABSL_FLAG(int64_t, db_batch_max_calls,
          static_cast<int64_t>(fazhi::statistics::StatisticsStore::kDefaultBatchCalls),
          "Small imports (up to 100 figures) that arrive while another is being written are "
          "checked together and share one transaction, and their reads of the stored figures one "
          "statement, up to this many at a time; each import still succeeds or fails on its own. "
          "1: each import alone");
ABSL_FLAG(int64_t, db_batches_running, fazhi::statistics::StatisticsStore::kDefaultBatchesRunning,
          "How many such batches (of writes, and of reads) are sent to the database at once: while "
          "one waits for the database, the next can go");

ABSL_FLAG(int64_t, import_groups_running,
          fazhi::statistics::StatisticsServiceImpl::kDefaultImportGroupsRunning,
          "How many groups of small SubmitDataPoints calls (up to 100 figures each, not dry runs) "
          "are served at once, each checked and written together by one executor thread (up to "
          "--db_batch_max_calls calls a group): while one group waits for the database, the next "
          "can go. Each takes one executor thread while calls are queued");

int main(int argc, char** argv) {
  using namespace fazhi;
  // A stream writes each batch on a thread of its own; glibc would give those threads up to 8
  // arenas per core, each keeping its own peak: a 1,000,000-point stream peaked at 192 MiB
  // instead of 138 MiB (docs/benchmarks.md). The service's work runs on a few executor threads,
  // so two arenas are enough.
  mallopt(M_ARENA_MAX, 2);
  // glibc raises its mmap threshold (up to 32 MiB) each time a large block is freed, and its trim
  // threshold with it; from then on a stream's large buffers (batches, messages, sorted key runs)
  // come from the heap and stay there when freed. A 1,000,000-row CSV stream so grew 25 MiB in its
  // first fifth and peaked at 84-88 MiB against 56 MiB for 100,000 rows; with glibc's starting
  // values held fixed it stays at 31-41 MiB of heap, at the same rate (docs/benchmarks.md, 5b).
  mallopt(M_MMAP_THRESHOLD, 128 * 1024);
  mallopt(M_TRIM_THRESHOLD, 256 * 1024);
  std::unique_ptr<statistics::StatisticsStore> store;
  // Over the read replica (--database_read_url), for the queries that may lag; none without one.
  std::unique_ptr<statistics::StatisticsStore> replica_store;
  std::unique_ptr<statistics::RuleStore> rules;
  std::unique_ptr<directory::DepartmentDirectory> units;
  std::unique_ptr<statistics::ImportMetrics> import_metrics;
  grpc_util::ServiceSpec spec{"statistics",
                              50052,
                              9452,
                              &statistics::Migrations(),
                              {statistics::v1::StatisticsService::service_full_name()}};
  return grpc_util::RunService(argc, argv, spec, [&](grpc_util::ServiceRuntime& runtime) {
    const absl::Duration catalogue_ttl =
        absl::Milliseconds(absl::GetFlag(FLAGS_catalogue_cache_ms));
    store = std::make_unique<statistics::StatisticsStore>(
        runtime.database,
        static_cast<size_t>(std::max<int64_t>(0, absl::GetFlag(FLAGS_load_data_min_rows))));
    store->set_catalogue_cache_ttl(catalogue_ttl);
    store->set_lock_cache_ttl(absl::Milliseconds(absl::GetFlag(FLAGS_period_lock_cache_ms)));
    store->set_batching(
        static_cast<size_t>(std::max<int64_t>(1, absl::GetFlag(FLAGS_db_batch_max_calls))),
        static_cast<int>(std::clamp<int64_t>(absl::GetFlag(FLAGS_db_batches_running), 1, 64)));
    absl::StatusOr<int> added =
        store->EnsureIndicators(statistics::ShippedIndicators(), absl::Now());
    if (!added.ok()) {
      log::Error("cannot install the shipped indicator catalogue",
                 {{"error", added.status().message()}});
      std::exit(1);
    }
    log::Info("indicator catalogue ready", {{"shipped_indicators_added", absl::StrCat(*added)}});
    rules = std::make_unique<statistics::RuleStore>(runtime.database);
    rules->set_rule_cache_ttl(catalogue_ttl);
    absl::StatusOr<int> rules_added = rules->EnsureRules(statistics::ShippedRules(), absl::Now());
    if (!rules_added.ok()) {
      log::Error("cannot install the shipped validation rules",
                 {{"error", rules_added.status().message()}});
      std::exit(1);
    }
    log::Info("validation rules ready", {{"shipped_rules_added", absl::StrCat(*rules_added)}});
    units = std::make_unique<directory::DepartmentDirectory>(
        directory::DepartmentDirectoryOptionsFromFlags());
    std::vector<std::unique_ptr<grpc::Service>> services;
    auto service = std::make_unique<statistics::StatisticsServiceImpl>(
        runtime.calls, store.get(), rules.get(), units.get(), runtime.page_tokens);
    service->set_import_grouping(
        static_cast<size_t>(std::max<int64_t>(1, absl::GetFlag(FLAGS_db_batch_max_calls))),
        static_cast<int>(std::clamp<int64_t>(absl::GetFlag(FLAGS_import_groups_running), 1, 64)));
    if (runtime.metrics != nullptr) {
      import_metrics = std::make_unique<statistics::ImportMetrics>(*runtime.metrics->registry());
      service->set_import_metrics(import_metrics.get());
    }
    if (runtime.reads != runtime.database) {
      replica_store = std::make_unique<statistics::StatisticsStore>(runtime.reads);
      replica_store->set_catalogue_cache_ttl(catalogue_ttl);
      service->set_replica(replica_store.get());
    }
    service->set_max_stream_messages(runtime.max_stream_messages);
    service->set_max_csv_bytes(absl::GetFlag(FLAGS_max_csv_bytes));
    service->set_max_all_or_nothing_stream_bytes(
        absl::GetFlag(FLAGS_max_all_or_nothing_stream_bytes));
    services.push_back(std::move(service));
    return services;
  });
}

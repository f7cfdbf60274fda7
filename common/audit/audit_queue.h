#ifndef FAZHI_COMMON_AUDIT_AUDIT_QUEUE_H_
#define FAZHI_COMMON_AUDIT_AUDIT_QUEUE_H_

// Where refused calls are audited. Denials cost the refused caller nothing, so a flood of them
// must not take the database or the executor from the callers who are let in: entries wait in a
// bounded queue and one background thread writes them in batches, one transaction a batch. When
// the queue is full an entry is dropped, counted (fazhi_audit_denials_dropped_total) and logged at
// most once per interval; the audit of changes (audit::Write in a store's transaction) is not
// affected.

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/db/database.h"

namespace prometheus {
class Counter;
class Gauge;
class Registry;
}  // namespace prometheus

namespace fazhi::audit {

struct QueuedEntry {
  AuditContext context;
  std::string target_type;
  std::string target_id;
  std::string action;
  std::string changes;
  absl::Time time;
};

struct AuditQueueOptions {
  // Entries that may wait to be written; one more is dropped.
  int capacity = 10000;
  // Most entries written in one transaction.
  int batch_size = 256;
  // Label for the metrics, e.g. "department".
  std::string service = "fazhi";
  // When set, drops, writes and the queue's length are exported here.
  std::shared_ptr<prometheus::Registry> metrics;
  // Drops are logged at most once per interval, with how many there were.
  absl::Duration drop_log_interval = absl::Seconds(10);
};

class AuditQueue {
 public:
  AuditQueue(db::Database* db, AuditQueueOptions options);
  // Drains for at most a few seconds if Drain was not called.
  ~AuditQueue();
  AuditQueue(const AuditQueue&) = delete;
  AuditQueue& operator=(const AuditQueue&) = delete;

  // Queues entry and returns its ticket (for WaitWritten), or 0 when it was dropped because the
  // queue is full or draining.
  uint64_t Enqueue(QueuedEntry entry);
  // Waits until the entry of ticket has been written (true) or deadline passes (false).
  bool WaitWritten(uint64_t ticket, absl::Time deadline);
  // Takes no more entries and writes those queued until deadline; what is left then is counted
  // as dropped. Idempotent.
  void Drain(absl::Time deadline);

  uint64_t dropped() const;
  uint64_t written() const;

 private:
  void Run();
  void WriteBatch(const std::deque<std::pair<uint64_t, QueuedEntry>>& batch);
  void CountDropped(uint64_t n) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  db::Database* const db_;
  const AuditQueueOptions options_;
  prometheus::Counter* dropped_counter_ = nullptr;
  prometheus::Counter* written_counter_ = nullptr;
  prometheus::Gauge* length_gauge_ = nullptr;

  mutable absl::Mutex mu_;
  // With their tickets.
  std::deque<std::pair<uint64_t, QueuedEntry>> queue_ ABSL_GUARDED_BY(mu_);
  // Tickets are handed out in order and written in order: every ticket up to written_through_ is
  // done (written or given up on).
  uint64_t next_ticket_ ABSL_GUARDED_BY(mu_) = 1;
  uint64_t written_through_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t dropped_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t written_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t dropped_unlogged_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Time last_drop_log_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
  bool draining_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread writer_;
};

}  // namespace fazhi::audit

#endif  // FAZHI_COMMON_AUDIT_AUDIT_QUEUE_H_

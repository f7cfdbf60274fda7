#ifndef FAZHI_COMMON_DB_BATCHER_H_
#define FAZHI_COMMON_DB_BATCHER_H_

// Batches small database calls that arrive while another is running: group commit for writes
// (one transaction for many callers' writes), one statement for many callers' reads. A call is a
// few round trips to the database, each a send, a wait and a wake-up on both sides; sixteen
// callers writing one row each pay that sixteen times, a batch of them once. The first caller to
// find no batch running leads: it takes every call queued (up to max_batch) and runs them
// together while later callers queue behind it; each caller waits for its own answer.
//
// The batch runner answers each call separately (for example, a write whose period is locked is
// left out of the transaction and refused alone), or fails the batch as a whole, having written
// nothing; then every caller runs its own call again, alone, in its own thread and under its own
// call's deadline, so one call's failure never becomes another's and one caller's deadline never
// cuts another's call short.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/call/limits.h"

namespace fazhi::db {

// How many batches and calls have been run together.
struct BatcherStats {
  int64_t batches = 0;
  int64_t calls = 0;
  // Batches that failed as a whole, whose calls were then run alone.
  int64_t failed_batches = 0;
  // Calls queued now, waiting for a batch to take them.
  int64_t waiting = 0;
};

template <typename Request, typename Answer = absl::Status>
class Batcher {
 public:
  // Runs a batch (in one transaction, for writes) and answers each of its calls, in order; or
  // fails, having written nothing.
  using RunBatch =
      std::function<absl::StatusOr<std::vector<Answer>>(const std::vector<const Request*>&)>;
  // Runs one call by itself.
  using RunAlone = std::function<Answer(const Request&)>;

  // At most max_batch calls a batch, and at most max_running batches at once: while one batch
  // waits for the database, another can be sent.
  Batcher(RunBatch run_batch, RunAlone run_alone, size_t max_batch, int max_running = 1)
      : run_batch_(std::move(run_batch)),
        run_alone_(std::move(run_alone)),
        max_batch_(max_batch < 1 ? 1 : max_batch),
        max_running_(max_running < 1 ? 1 : max_running) {}

  Answer Run(const Request& request) {
    Slot slot{&request};
    // A call still queued when its deadline passes leaves the queue unrun; one already in a
    // running batch waits for it, since that batch may yet write it.
    const absl::Time deadline = absl::Now() + call::Remaining();
    {
      absl::MutexLock lock(&mu_);
      queue_.push_back(&slot);
      while (!slot.done) {
        if (slot.taken) {
          slot.wake.Wait(&mu_);
          continue;
        }
        if (running_ >= max_running_) {
          if (slot.wake.WaitWithDeadline(&mu_, deadline) && !slot.taken && !slot.done) {
            queue_.erase(std::find(queue_.begin(), queue_.end(), &slot));
            // It may have been woken to lead as its time ran out: pass that on.
            if (running_ < max_running_ && !queue_.empty()) queue_.front()->wake.Signal();
            return Answer(absl::DeadlineExceededError(
                "the call's deadline passed while it waited for the database"));
          }
          continue;
        }
        ++running_;
        Lead(&slot);
        --running_;
        // The next leader, if calls arrived meanwhile: each waiter is woken only when it has its
        // answer or its turn to lead, not on every batch.
        if (!queue_.empty()) queue_.front()->wake.Signal();
      }
    }
    if (!slot.answer.has_value()) return run_alone_(request);
    return *std::move(slot.answer);
  }

  BatcherStats stats() const {
    absl::MutexLock lock(&mu_);
    BatcherStats now = stats_;
    now.waiting = static_cast<int64_t>(queue_.size());
    return now;
  }

 private:
  struct Slot {
    const Request* request;
    bool taken = false;  // in a batch
    bool done = false;
    std::optional<Answer> answer;  // none: run alone
    absl::CondVar wake;
  };

  // Runs the queue's first max_batch calls, with mu_ released while the database works.
  void Lead(const Slot* own) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<Slot*> batch;
    std::vector<const Request*> requests;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      batch.back()->taken = true;
      requests.push_back(queue_.front()->request);
      queue_.pop_front();
    }
    mu_.Unlock();
    absl::StatusOr<std::vector<Answer>> answers = run_batch_(requests);
    mu_.Lock();
    ++stats_.batches;
    stats_.calls += static_cast<int64_t>(batch.size());
    bool failed = !answers.ok() || answers->size() != batch.size();
    if (failed && batch.size() == 1 && batch[0] == own && !answers.ok()) {
      // The leader's own call, run alone already: its failure is its answer.
      batch[0]->answer = Answer(answers.status());
      batch[0]->done = true;
      return;
    }
    if (failed) ++stats_.failed_batches;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!failed) batch[i]->answer = std::move((*answers)[i]);
      batch[i]->done = true;
      if (batch[i] != own) batch[i]->wake.Signal();
    }
  }

  const RunBatch run_batch_;
  const RunAlone run_alone_;
  const size_t max_batch_;
  const int max_running_;
  mutable absl::Mutex mu_;
  std::deque<Slot*> queue_ ABSL_GUARDED_BY(mu_);
  int running_ ABSL_GUARDED_BY(mu_) = 0;
  BatcherStats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fazhi::db

#endif  // FAZHI_COMMON_DB_BATCHER_H_

#ifndef FAZHI_COMMON_GRPC_EXECUTOR_H_
#define FAZHI_COMMON_GRPC_EXECUTOR_H_

// The bounded pool every service runs its blocking work on (database statements, outbound calls),
// so that gRPC's own threads never wait on them. Its size is the process's concurrency limit: a
// task offered while every worker is busy and the queue is full is refused at once, and the caller
// answers RESOURCE_EXHAUSTED instead of letting work pile up without bound.

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace prometheus {
class Counter;
class Gauge;
class Registry;
}  // namespace prometheus

namespace fazhi::grpc_util {

struct ExecutorOptions {
  // Workers: how many tasks run at once.
  int threads = 16;
  // Tasks that may wait for a worker; one more is refused.
  int queue_capacity = 256;
  // Label for the metrics, e.g. "department".
  std::string service = "fazhi";
  // When set, queue length, busy workers and refusals are exported here.
  std::shared_ptr<prometheus::Registry> metrics;
};

class Executor {
 public:
  explicit Executor(ExecutorOptions options);
  // Runs the tasks already queued, then stops the workers.
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  // Queues task; false, without running it, when the queue is full or the executor is stopping.
  bool TrySubmit(std::function<void()> task);

  // How long the executor has had no room for another task without a break (zero when it has
  // room), so health can report a saturated process as unable to take work.
  absl::Duration SaturatedFor(absl::Time now) const;

  int threads() const { return static_cast<int>(workers_.size()); }
  int queued() const;

 private:
  void Work();
  void UpdateGauges();

  const ExecutorOptions options_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  int busy_ = 0;
  bool stopping_ = false;
  // When the queue last became full; InfiniteFuture while it has room.
  absl::Time full_since_ = absl::InfiniteFuture();
  std::vector<std::thread> workers_;
  prometheus::Gauge* queued_gauge_ = nullptr;
  prometheus::Gauge* busy_gauge_ = nullptr;
  prometheus::Counter* refused_ = nullptr;
};

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_EXECUTOR_H_

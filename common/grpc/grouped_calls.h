#ifndef FAZHI_COMMON_GRPC_GROUPED_CALLS_H_
#define FAZHI_COMMON_GRPC_GROUPED_CALLS_H_

// Small unary calls of one kind served in groups, for calls whose cost is mostly hand-offs and
// round trips rather than work (one figure submitted per call). A call is offered from the gRPC
// thread that received it; the first offered when no group is being served starts an executor
// task, which takes every call queued (up to max_group), serves them together and finishes each,
// then takes the next group, until the queue is empty. Compared with one executor task per call
// that blocks in db::Batcher until its group is written, no thread waits for another's answer and
// no call is handed between threads more than once.
//
// The queue is bounded like the executor's: a call offered when it is full, or when the executor
// has no room for a task to serve it, is refused with the executor's RESOURCE_EXHAUSTED.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <utility>
#include <vector>

#include "common/grpc/call.h"
#include "common/grpc/executor.h"

namespace fazhi::grpc_util {

template <typename Item>
class GroupedCalls {
 public:
  // Serves a group on an executor thread, finishing every item's call.
  using ServeGroup = std::function<void(std::vector<Item>& group)>;
  // Finishes an item's call with status, unserved.
  using Refuse = std::function<void(Item& item, const grpc::Status& status)>;

  // At most max_running groups are served at once (each on its own executor thread), of at most
  // max_group calls each; at most capacity calls wait.
  GroupedCalls(Executor* executor, ServeGroup serve, Refuse refuse, size_t max_group,
               int max_running, size_t capacity)
      : executor_(executor),
        serve_(std::move(serve)),
        refuse_(std::move(refuse)),
        max_group_(max_group < 1 ? 1 : max_group),
        max_running_(max_running < 1 ? 1 : max_running),
        capacity_(capacity < 1 ? 1 : capacity) {}

  // Waits for the groups being served: they use this object until they end.
  ~GroupedCalls() {
    std::unique_lock<std::mutex> lock(mu_);
    idle_.wait(lock, [this] { return running_ == 0; });
  }
  GroupedCalls(const GroupedCalls&) = delete;
  GroupedCalls& operator=(const GroupedCalls&) = delete;

  // Queues item to be served, or refuses it at once.
  void Offer(Item item) {
    bool start = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (queue_.size() < capacity_) {
        queue_.push_back(std::move(item));
        if (running_ < max_running_) {
          ++running_;
          start = true;
        }
        if (!start) return;
      }
    }
    if (!start) return refuse_(item, ExecutorFull());
    if (executor_->TrySubmit([this] { Serve(); })) return;
    // No task to serve the queue: refuse what no running group will take.
    std::deque<Item> stranded;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (--running_ == 0) stranded.swap(queue_);
    }
    for (Item& i : stranded) refuse_(i, ExecutorFull());
    idle_.notify_all();
  }

 private:
  void Serve() {
    for (;;) {
      std::vector<Item> group;
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (queue_.empty()) {
          --running_;
          idle_.notify_all();
          return;
        }
        while (!queue_.empty() && group.size() < max_group_) {
          group.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      serve_(group);
    }
  }

  Executor* const executor_;
  const ServeGroup serve_;
  const Refuse refuse_;
  const size_t max_group_;
  const int max_running_;
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable idle_;
  std::deque<Item> queue_;
  int running_ = 0;
};

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_GROUPED_CALLS_H_

#include "common/grpc/executor.h"

#include "absl/time/clock.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace fazhi::grpc_util {

Executor::Executor(ExecutorOptions options) : options_(std::move(options)) {
  if (options_.metrics) {
    prometheus::Labels labels{{"service", options_.service}};
    queued_gauge_ = &prometheus::BuildGauge()
                         .Name("fazhi_executor_queued_tasks")
                         .Help("Tasks waiting for a worker of the bounded executor")
                         .Register(*options_.metrics)
                         .Add(labels);
    busy_gauge_ = &prometheus::BuildGauge()
                       .Name("fazhi_executor_busy_workers")
                       .Help("Workers of the bounded executor running a task")
                       .Register(*options_.metrics)
                       .Add(labels);
    prometheus::BuildGauge()
        .Name("fazhi_executor_workers")
        .Help("Workers of the bounded executor (--executor_threads)")
        .Register(*options_.metrics)
        .Add(labels)
        .Set(options_.threads);
    refused_ = &prometheus::BuildCounter()
                    .Name("fazhi_executor_refused_total")
                    .Help(
                        "Tasks refused because every worker was busy and the queue was full; "
                        "their calls were answered RESOURCE_EXHAUSTED")
                    .Register(*options_.metrics)
                    .Add(labels);
  }
  workers_.reserve(options_.threads);
  for (int i = 0; i < options_.threads; ++i) workers_.emplace_back([this] { Work(); });
}

Executor::~Executor() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

bool Executor::TrySubmit(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || static_cast<int>(queue_.size()) >= options_.queue_capacity) {
      if (refused_) refused_->Increment();
      return false;
    }
    queue_.push_back(std::move(task));
    if (static_cast<int>(queue_.size()) >= options_.queue_capacity &&
        full_since_ == absl::InfiniteFuture()) {
      full_since_ = absl::Now();
    }
    UpdateGauges();
  }
  ready_.notify_one();
  return true;
}

absl::Duration Executor::SaturatedFor(absl::Time now) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (full_since_ == absl::InfiniteFuture() || now < full_since_) return absl::ZeroDuration();
  return now - full_since_;
}

int Executor::queued() const {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int>(queue_.size());
}

void Executor::Work() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to run
    std::function<void()> task = std::move(queue_.front());
    queue_.pop_front();
    full_since_ = absl::InfiniteFuture();
    ++busy_;
    UpdateGauges();
    lock.unlock();
    task();
    task = nullptr;  // whatever the task captured is released outside the lock
    lock.lock();
    --busy_;
    UpdateGauges();
  }
}

void Executor::UpdateGauges() {
  if (queued_gauge_) queued_gauge_->Set(static_cast<double>(queue_.size()));
  if (busy_gauge_) busy_gauge_->Set(busy_);
}

}  // namespace fazhi::grpc_util

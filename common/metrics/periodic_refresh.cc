#include "common/metrics/periodic_refresh.h"

#include <utility>

namespace fazhi::metrics {

PeriodicRefresh::PeriodicRefresh(std::function<void()> refresh, absl::Duration period)
    : refresh_(std::move(refresh)), period_(period) {
  thread_ = std::thread([this] { Loop(); });
}

PeriodicRefresh::~PeriodicRefresh() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicRefresh::Loop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    refresh_();
    lock.lock();
    wake_.wait_for(lock, absl::ToChronoMilliseconds(period_), [this] { return stopping_; });
  }
}

}  // namespace fazhi::metrics

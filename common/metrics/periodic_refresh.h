#ifndef FAZHI_COMMON_METRICS_PERIODIC_REFRESH_H_
#define FAZHI_COMMON_METRICS_PERIODIC_REFRESH_H_

// Domain gauges that are computed from the database rather than counted as calls happen (reports
// owed, cases past their deadlines) are refreshed by one background thread: refresh runs at once,
// then every period, until the object is destroyed. Destroy it before the database and the
// metrics registry that refresh uses (ServiceRuntime::on_shutdown): a refresh still running then
// would use both after they are gone.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace fazhi::metrics {

class PeriodicRefresh {
 public:
  PeriodicRefresh(std::function<void()> refresh, absl::Duration period);
  // Waits for a refresh in progress to end; starts no other.
  ~PeriodicRefresh();

  PeriodicRefresh(const PeriodicRefresh&) = delete;
  PeriodicRefresh& operator=(const PeriodicRefresh&) = delete;

 private:
  void Loop();

  std::function<void()> refresh_;
  absl::Duration period_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace fazhi::metrics

#endif  // FAZHI_COMMON_METRICS_PERIODIC_REFRESH_H_

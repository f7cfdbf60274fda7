#include "common/call/limits.h"

#include "absl/time/clock.h"

namespace fazhi::call {
namespace {

thread_local const Limits* t_limits = nullptr;

}  // namespace

const Limits* CurrentLimits() { return t_limits; }

absl::Status CheckLimits() {
  if (t_limits == nullptr) return absl::OkStatus();
  if (t_limits->cancelled && t_limits->cancelled()) {
    return absl::CancelledError("the caller cancelled the call");
  }
  if (t_limits->deadline != absl::InfiniteFuture() && absl::Now() >= t_limits->deadline) {
    return absl::DeadlineExceededError("the call's deadline passed before its work was done");
  }
  return absl::OkStatus();
}

absl::Duration Remaining() {
  if (t_limits == nullptr || t_limits->deadline == absl::InfiniteFuture()) {
    return absl::InfiniteDuration();
  }
  return t_limits->deadline - absl::Now();
}

ScopedLimits::ScopedLimits(const Limits* limits) : previous_(t_limits) { t_limits = limits; }

ScopedLimits::~ScopedLimits() { t_limits = previous_; }

}  // namespace fazhi::call

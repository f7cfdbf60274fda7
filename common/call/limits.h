#ifndef FAZHI_COMMON_CALL_LIMITS_H_
#define FAZHI_COMMON_CALL_LIMITS_H_

// The deadline and cancellation of the call a thread is working for. The server binds them to the
// thread that runs a call's work (common/grpc/call.h); the database checks them before every
// statement and outbound clients shorten their own deadlines to them, so a call the client gave up
// on stops its work instead of finishing it for nobody. Kept apart from gRPC so the database layer
// can read it without depending on the transport.

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace fazhi::call {

struct Limits {
  absl::Time deadline = absl::InfiniteFuture();
  // True once the caller cancelled; null when the call cannot be cancelled.
  std::function<bool()> cancelled;
};

// The limits of the call this thread works for, or null outside a call.
const Limits* CurrentLimits();

// OK while the current call may go on (or outside a call); DEADLINE_EXCEEDED once its deadline has
// passed, CANCELLED once its caller cancelled it.
absl::Status CheckLimits();

// Time left until the current call's deadline: InfiniteDuration outside a call or without one.
absl::Duration Remaining();

// Binds limits to this thread for the scope's lifetime; scopes nest.
class ScopedLimits {
 public:
  explicit ScopedLimits(const Limits* limits);
  ~ScopedLimits();
  ScopedLimits(const ScopedLimits&) = delete;
  ScopedLimits& operator=(const ScopedLimits&) = delete;

 private:
  const Limits* previous_;
};

}  // namespace fazhi::call

#endif  // FAZHI_COMMON_CALL_LIMITS_H_

// ThreadSanitizer annotations for Debian's uninstrumented Abseil synchronization.
//
// Debian 12 builds libabsl_synchronization without -fsanitize=thread, so under TSan an
// absl::Mutex is invisible: its fast path is an atomic compare-and-swap and its slow path a
// futex, neither of which TSan intercepts, and every access our code makes under one would be
// reported as a race. Only FAZHI_SANITIZE=thread builds compile this file. The linker's --wrap
// (cmake/FazhiSanitize.cmake) sends our code's calls to the __wrap_ functions below, which call
// the real ones and tell TSan what happened with its mutex annotation interface, the same calls
// Abseil makes itself when it is built with TSan. Calls made inside gRPC's own libraries are not
// wrapped; races reported only there are third-party (tests/sanitizers/tsan.supp).
//
// Symbol names are Debian 12's (inline namespace absl::debian3); each __wrap_X receives the
// member function's `this` as its first argument, as the Itanium C++ ABI passes it.

#include <sanitizer/tsan_interface.h>

#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"

using absl::BlockingCounter;
using absl::Condition;
using absl::CondVar;
using absl::Duration;
using absl::Mutex;
using absl::Notification;
using absl::Time;

namespace {

constexpr unsigned kRead = __tsan_mutex_read_lock;
constexpr unsigned kTry = __tsan_mutex_try_lock;
constexpr unsigned kTryFailed = __tsan_mutex_try_lock_failed;

// A wait that releases mu and takes it again before returning (Await, CondVar::Wait): TSan sees
// an unlock, then the lock. Memory accesses in between (Abseil evaluating the Condition while it
// holds the lock) are ignored, as between pre and post of any annotated mutex operation.
template <typename F>
auto Relocking(Mutex* mu, F wait) {
  __tsan_mutex_pre_unlock(mu, 0);
  auto result = wait();
  __tsan_mutex_post_unlock(mu, 0);
  __tsan_mutex_pre_lock(mu, 0);
  __tsan_mutex_post_lock(mu, 0, 0);
  return result;
}

}  // namespace

extern "C" {

// absl::Mutex: lock, unlock, reader lock and unlock, try-locks, destruction.
void __real__ZN4absl7debian35Mutex4LockEv(Mutex*);
void __wrap__ZN4absl7debian35Mutex4LockEv(Mutex* mu) {
  __tsan_mutex_pre_lock(mu, 0);
  __real__ZN4absl7debian35Mutex4LockEv(mu);
  __tsan_mutex_post_lock(mu, 0, 0);
}

void __real__ZN4absl7debian35Mutex6UnlockEv(Mutex*);
void __wrap__ZN4absl7debian35Mutex6UnlockEv(Mutex* mu) {
  __tsan_mutex_pre_unlock(mu, 0);
  __real__ZN4absl7debian35Mutex6UnlockEv(mu);
  __tsan_mutex_post_unlock(mu, 0);
}

bool __real__ZN4absl7debian35Mutex7TryLockEv(Mutex*);
bool __wrap__ZN4absl7debian35Mutex7TryLockEv(Mutex* mu) {
  __tsan_mutex_pre_lock(mu, kTry);
  bool locked = __real__ZN4absl7debian35Mutex7TryLockEv(mu);
  __tsan_mutex_post_lock(mu, locked ? kTry : kTry | kTryFailed, 0);
  return locked;
}

void __real__ZN4absl7debian35Mutex10ReaderLockEv(Mutex*);
void __wrap__ZN4absl7debian35Mutex10ReaderLockEv(Mutex* mu) {
  __tsan_mutex_pre_lock(mu, kRead);
  __real__ZN4absl7debian35Mutex10ReaderLockEv(mu);
  __tsan_mutex_post_lock(mu, kRead, 0);
}

void __real__ZN4absl7debian35Mutex12ReaderUnlockEv(Mutex*);
void __wrap__ZN4absl7debian35Mutex12ReaderUnlockEv(Mutex* mu) {
  __tsan_mutex_pre_unlock(mu, kRead);
  __real__ZN4absl7debian35Mutex12ReaderUnlockEv(mu);
  __tsan_mutex_post_unlock(mu, kRead);
}

bool __real__ZN4absl7debian35Mutex13ReaderTryLockEv(Mutex*);
bool __wrap__ZN4absl7debian35Mutex13ReaderTryLockEv(Mutex* mu) {
  __tsan_mutex_pre_lock(mu, kRead | kTry);
  bool locked = __real__ZN4absl7debian35Mutex13ReaderTryLockEv(mu);
  __tsan_mutex_post_lock(mu, locked ? kRead | kTry : kRead | kTry | kTryFailed, 0);
  return locked;
}

// A destroyed mutex's memory may hold a new one later: TSan must forget the old one's state.
void __real__ZN4absl7debian35MutexD1Ev(Mutex*);
void __wrap__ZN4absl7debian35MutexD1Ev(Mutex* mu) {
  __tsan_mutex_destroy(mu, 0);
  __real__ZN4absl7debian35MutexD1Ev(mu);
}

// Mutex::Await*: unlock, wait for the condition, lock again.
void __real__ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE(Mutex*, const Condition&);
void __wrap__ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE(Mutex* mu, const Condition& cond) {
  Relocking(mu, [&] {
    __real__ZN4absl7debian35Mutex5AwaitERKNS0_9ConditionE(mu, cond);
    return 0;
  });
}

bool __real__ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE(
    Mutex*, const Condition&, Duration);
bool __wrap__ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE(
    Mutex* mu, const Condition& cond, Duration timeout) {
  return Relocking(mu, [&] {
    return __real__ZN4absl7debian35Mutex16AwaitWithTimeoutERKNS0_9ConditionENS0_8DurationE(mu, cond,
                                                                                           timeout);
  });
}

bool __real__ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE(Mutex*,
                                                                                  const Condition&,
                                                                                  Time);
bool __wrap__ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE(
    Mutex* mu, const Condition& cond, Time deadline) {
  return Relocking(mu, [&] {
    return __real__ZN4absl7debian35Mutex17AwaitWithDeadlineERKNS0_9ConditionENS0_4TimeE(mu, cond,
                                                                                        deadline);
  });
}

// Mutex::LockWhen*: a lock (held on return whatever the result).
void __real__ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE(Mutex*, const Condition&);
void __wrap__ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE(Mutex* mu, const Condition& cond) {
  __tsan_mutex_pre_lock(mu, 0);
  __real__ZN4absl7debian35Mutex8LockWhenERKNS0_9ConditionE(mu, cond);
  __tsan_mutex_post_lock(mu, 0, 0);
}

bool __real__ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE(
    Mutex*, const Condition&, Duration);
bool __wrap__ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE(
    Mutex* mu, const Condition& cond, Duration timeout) {
  __tsan_mutex_pre_lock(mu, 0);
  bool met = __real__ZN4absl7debian35Mutex19LockWhenWithTimeoutERKNS0_9ConditionENS0_8DurationE(
      mu, cond, timeout);
  __tsan_mutex_post_lock(mu, 0, 0);
  return met;
}

bool __real__ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE(
    Mutex*, const Condition&, Time);
bool __wrap__ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE(
    Mutex* mu, const Condition& cond, Time deadline) {
  __tsan_mutex_pre_lock(mu, 0);
  bool met = __real__ZN4absl7debian35Mutex20LockWhenWithDeadlineERKNS0_9ConditionENS0_4TimeE(
      mu, cond, deadline);
  __tsan_mutex_post_lock(mu, 0, 0);
  return met;
}

// CondVar::Wait*: unlock the mutex, wait, lock it again. Signal needs nothing: what a waiter
// sees was written under the mutex.
void __real__ZN4absl7debian37CondVar4WaitEPNS0_5MutexE(CondVar*, Mutex*);
void __wrap__ZN4absl7debian37CondVar4WaitEPNS0_5MutexE(CondVar* cv, Mutex* mu) {
  Relocking(mu, [&] {
    __real__ZN4absl7debian37CondVar4WaitEPNS0_5MutexE(cv, mu);
    return 0;
  });
}

bool __real__ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE(CondVar*, Mutex*,
                                                                                 Duration);
bool __wrap__ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE(CondVar* cv,
                                                                                 Mutex* mu,
                                                                                 Duration timeout) {
  return Relocking(mu, [&] {
    return __real__ZN4absl7debian37CondVar15WaitWithTimeoutEPNS0_5MutexENS0_8DurationE(cv, mu,
                                                                                       timeout);
  });
}

bool __real__ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE(CondVar*, Mutex*,
                                                                              Time);
bool __wrap__ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE(CondVar* cv,
                                                                              Mutex* mu,
                                                                              Time deadline) {
  return Relocking(mu, [&] {
    return __real__ZN4absl7debian37CondVar16WaitWithDeadlineEPNS0_5MutexENS0_4TimeE(cv, mu,
                                                                                    deadline);
  });
}

// Notification and BlockingCounter: what happened before Notify (DecrementCount) happens before
// what follows a wait that saw it.
void __real__ZN4absl7debian312Notification6NotifyEv(Notification*);
void __wrap__ZN4absl7debian312Notification6NotifyEv(Notification* n) {
  __tsan_release(n);
  __real__ZN4absl7debian312Notification6NotifyEv(n);
}

void __real__ZNK4absl7debian312Notification19WaitForNotificationEv(const Notification*);
void __wrap__ZNK4absl7debian312Notification19WaitForNotificationEv(const Notification* n) {
  __real__ZNK4absl7debian312Notification19WaitForNotificationEv(n);
  __tsan_acquire(const_cast<Notification*>(n));
}

bool __real__ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE(
    const Notification*, Duration);
bool __wrap__ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE(
    const Notification* n, Duration timeout) {
  bool notified =
      __real__ZNK4absl7debian312Notification30WaitForNotificationWithTimeoutENS0_8DurationE(
          n, timeout);
  if (notified) __tsan_acquire(const_cast<Notification*>(n));
  return notified;
}

bool __real__ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE(
    const Notification*, Time);
bool __wrap__ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE(
    const Notification* n, Time deadline) {
  bool notified =
      __real__ZNK4absl7debian312Notification31WaitForNotificationWithDeadlineENS0_4TimeE(n,
                                                                                         deadline);
  if (notified) __tsan_acquire(const_cast<Notification*>(n));
  return notified;
}

bool __real__ZN4absl7debian315BlockingCounter14DecrementCountEv(BlockingCounter*);
bool __wrap__ZN4absl7debian315BlockingCounter14DecrementCountEv(BlockingCounter* c) {
  __tsan_release(c);
  return __real__ZN4absl7debian315BlockingCounter14DecrementCountEv(c);
}

void __real__ZN4absl7debian315BlockingCounter4WaitEv(BlockingCounter*);
void __wrap__ZN4absl7debian315BlockingCounter4WaitEv(BlockingCounter* c) {
  __real__ZN4absl7debian315BlockingCounter4WaitEv(c);
  __tsan_acquire(c);
}

}  // extern "C"

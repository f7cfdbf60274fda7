// The bounded executor every handler runs on: it runs what it takes, refuses at once what it has
// no room for, and says for how long it has had none.

#include "common/grpc/executor.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"

namespace fazhi::grpc_util {
namespace {

TEST(ExecutorTest, RunsEveryTaskItTakes) {
  std::atomic<int> ran{0};
  {
    Executor executor(ExecutorOptions{4, 1000});
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE(executor.TrySubmit([&] { ++ran; }));
    }
  }  // the destructor runs what is still queued
  EXPECT_EQ(ran, 1000);
}

TEST(ExecutorTest, RefusesAtOnceWhenEveryWorkerIsBusyAndTheQueueIsFull) {
  Executor executor(ExecutorOptions{1, 2});
  absl::Notification started;
  absl::Notification release;
  std::atomic<int> ran{0};
  ASSERT_TRUE(executor.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
    ++ran;
  }));
  started.WaitForNotification();
  EXPECT_EQ(executor.SaturatedFor(absl::Now()), absl::ZeroDuration());
  // One worker busy: two tasks may wait, the third is refused without waiting.
  EXPECT_TRUE(executor.TrySubmit([&] { ++ran; }));
  EXPECT_TRUE(executor.TrySubmit([&] { ++ran; }));
  absl::Time before = absl::Now();
  EXPECT_FALSE(executor.TrySubmit([&] { ++ran; }));
  EXPECT_LT(absl::Now() - before, absl::Milliseconds(100));
  EXPECT_EQ(executor.queued(), 2);
  // Full since the second queued task: health reads this against its threshold.
  EXPECT_GE(executor.SaturatedFor(absl::Now() + absl::Seconds(3)), absl::Seconds(3));

  release.Notify();
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (ran < 3 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
  ASSERT_EQ(ran, 3);
  EXPECT_EQ(executor.SaturatedFor(absl::Now()), absl::ZeroDuration());
  EXPECT_TRUE(executor.TrySubmit([&] { ++ran; }));
}

}  // namespace
}  // namespace fazhi::grpc_util

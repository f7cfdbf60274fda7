// db::Batcher: calls that arrive while a batch runs are run together and each gets its own
// answer; a batch that fails as a whole sends every call back to run alone in its own thread.

#include "common/db/batcher.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/call/limits.h"
#include "gtest/gtest.h"

namespace fazhi::db {
namespace {

using Answer = absl::StatusOr<std::string>;

// Waits (up to 10 s) until n calls are queued behind the running batch.
bool AwaitWaiting(const Batcher<int, Answer>& batcher, int64_t n) {
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (batcher.stats().waiting < n) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(1));
  }
  return true;
}

// A batcher whose first batch holds until `release`, so the test decides what queues behind it.
struct HeldBatcher {
  explicit HeldBatcher(size_t max_batch, bool fail_batches_of_many = false, int max_running = 1)
      : batcher(
            [this, fail_batches_of_many](
                const std::vector<const int*>& requests) -> absl::StatusOr<std::vector<Answer>> {
              if (first.exchange(false)) {
                started.Notify();
                release.WaitForNotification();
              }
              {
                absl::MutexLock lock(&mu);
                sizes.push_back(requests.size());
              }
              if (slow_batches.load() && *requests[0] != 0)
                absl::SleepFor(absl::Milliseconds(1500));
              if (fail_batches_of_many && requests.size() > 1) {
                return absl::UnavailableError("the batch's transaction failed");
              }
              std::vector<Answer> answers;
              for (const int* r : requests) {
                if (*r < 0) {
                  answers.push_back(absl::InvalidArgumentError(absl::StrCat("refused ", *r)));
                } else {
                  answers.push_back(absl::StrCat("batched ", *r));
                }
              }
              return answers;
            },
            [this](const int& r) -> Answer {
              absl::MutexLock lock(&mu);
              alone_threads.push_back(std::this_thread::get_id());
              return absl::StrCat("alone ", r);
            },
            max_batch, max_running) {}

  std::atomic<bool> first{true};
  std::atomic<bool> slow_batches{false};  // every batch but call 0's takes 1.5 s
  absl::Notification started;
  absl::Notification release;
  absl::Mutex mu;
  std::vector<size_t> sizes;
  std::vector<std::thread::id> alone_threads;
  Batcher<int, Answer> batcher;
};

TEST(BatcherTest, CallsQueuedBehindABatchRunTogetherAndEachGetsItsOwnAnswer) {
  HeldBatcher held(/*max_batch=*/64);
  std::vector<Answer> answers(9, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = held.batcher.Run(0); });
  held.started.WaitForNotification();
  for (int i = 1; i < 9; ++i) {
    int request = i == 4 ? -4 : i;  // one refused inside the batch
    threads.emplace_back([&, i, request] { answers[i] = held.batcher.Run(request); });
  }
  ASSERT_TRUE(AwaitWaiting(held.batcher, 8));
  held.release.Notify();
  for (auto& t : threads) t.join();

  EXPECT_EQ(*answers[0], "batched 0");
  for (int i = 1; i < 9; ++i) {
    if (i == 4) {
      EXPECT_EQ(answers[i].status(), absl::InvalidArgumentError("refused -4"));
    } else {
      EXPECT_EQ(*answers[i], absl::StrCat("batched ", i));
    }
  }
  EXPECT_EQ(held.sizes, (std::vector<size_t>{1, 8}));
  BatcherStats stats = held.batcher.stats();
  EXPECT_EQ(stats.batches, 2);
  EXPECT_EQ(stats.calls, 9);
  EXPECT_EQ(stats.failed_batches, 0);
  EXPECT_EQ(stats.waiting, 0);
  EXPECT_TRUE(held.alone_threads.empty());
}

TEST(BatcherTest, WithTwoRunningASecondBatchGoesWhileTheFirstIsHeldAndAThirdWaits) {
  HeldBatcher held(/*max_batch=*/64, /*fail_batches_of_many=*/false, /*max_running=*/2);
  std::vector<Answer> answers(4, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = held.batcher.Run(0); });
  held.started.WaitForNotification();
  // The first batch is held; the second runs beside it and comes back at once.
  threads.emplace_back([&] { answers[1] = held.batcher.Run(1); });
  threads[1].join();
  EXPECT_EQ(*answers[1], "batched 1");
  EXPECT_EQ(held.batcher.stats().batches, 1);  // only the second has ended
  held.release.Notify();
  threads[0].join();
  EXPECT_EQ(*answers[0], "batched 0");
  EXPECT_EQ(held.sizes, (std::vector<size_t>{1, 1}));
}

TEST(BatcherTest, NoBatchIsLargerThanItsBound) {
  HeldBatcher held(/*max_batch=*/3);
  std::vector<std::thread> threads;
  std::atomic<int> batched{0};
  threads.emplace_back([&] { batched += held.batcher.Run(0).ok(); });
  held.started.WaitForNotification();
  for (int i = 1; i <= 7; ++i)
    threads.emplace_back([&, i] { batched += held.batcher.Run(i).ok(); });
  ASSERT_TRUE(AwaitWaiting(held.batcher, 7));
  held.release.Notify();
  for (auto& t : threads) t.join();
  EXPECT_EQ(batched.load(), 8);
  EXPECT_EQ(held.sizes, (std::vector<size_t>{1, 3, 3, 1}));
}

TEST(BatcherTest, AFailedBatchSendsEachCallToRunAloneInItsOwnThread) {
  HeldBatcher held(/*max_batch=*/64, /*fail_batches_of_many=*/true);
  std::vector<Answer> answers(5, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = held.batcher.Run(0); });
  held.started.WaitForNotification();
  for (int i = 1; i < 5; ++i) threads.emplace_back([&, i] { answers[i] = held.batcher.Run(i); });
  ASSERT_TRUE(AwaitWaiting(held.batcher, 4));
  held.release.Notify();
  std::vector<std::thread::id> ids;
  for (auto& t : threads) {
    ids.push_back(t.get_id());
    t.join();
  }

  EXPECT_EQ(*answers[0], "batched 0");  // alone in the first batch, which did not fail
  for (int i = 1; i < 5; ++i) EXPECT_EQ(*answers[i], absl::StrCat("alone ", i));
  EXPECT_EQ(held.batcher.stats().failed_batches, 1);
  // Each ran alone on its caller's thread (under its own deadline), not on the leader's.
  ASSERT_EQ(held.alone_threads.size(), 4u);
  for (std::thread::id id : held.alone_threads) {
    EXPECT_NE(std::find(ids.begin() + 1, ids.end(), id), ids.end());
  }
  std::sort(held.alone_threads.begin(), held.alone_threads.end());
  EXPECT_EQ(std::unique(held.alone_threads.begin(), held.alone_threads.end()),
            held.alone_threads.end());
}

TEST(BatcherTest, ACallWhoseDeadlinePassesWhileQueuedLeavesUnrunAndTheRestGoOn) {
  HeldBatcher held(/*max_batch=*/64);
  std::vector<Answer> answers(3, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = held.batcher.Run(0); });
  held.started.WaitForNotification();
  threads.emplace_back([&] {
    call::Limits limits{absl::Now() + absl::Milliseconds(50), nullptr};
    call::ScopedLimits bound(&limits);
    answers[1] = held.batcher.Run(1);
  });
  threads.emplace_back([&] { answers[2] = held.batcher.Run(2); });
  threads[1].join();  // gives up while the first batch is still held
  EXPECT_EQ(answers[1].status().code(), absl::StatusCode::kDeadlineExceeded);
  ASSERT_TRUE(AwaitWaiting(held.batcher, 1));
  held.release.Notify();
  threads[0].join();
  threads[2].join();
  EXPECT_EQ(*answers[0], "batched 0");
  EXPECT_EQ(*answers[2], "batched 2");
  EXPECT_EQ(held.sizes, (std::vector<size_t>{1, 1}));  // the call that gave up was never run
}

TEST(BatcherTest, ACallWhoseDeadlinePassesInARunningBatchWaitsForItsAnswer) {
  HeldBatcher held(/*max_batch=*/64);
  held.slow_batches = true;
  std::vector<Answer> answers(3, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  threads.emplace_back([&] { answers[0] = held.batcher.Run(0); });
  held.started.WaitForNotification();
  threads.emplace_back([&] { answers[1] = held.batcher.Run(1); });
  ASSERT_TRUE(AwaitWaiting(held.batcher, 1));
  threads.emplace_back([&] {
    call::Limits limits{absl::Now() + absl::Milliseconds(500), nullptr};
    call::ScopedLimits bound(&limits);
    answers[2] = held.batcher.Run(2);
  });
  ASSERT_TRUE(AwaitWaiting(held.batcher, 2));
  // Calls 1 and 2 go as one batch, led by 1, which outlasts call 2's deadline.
  held.release.Notify();
  for (auto& t : threads) t.join();
  // That batch may have written call 2, so it is answered from the batch, not refused.
  EXPECT_EQ(*answers[1], "batched 1");
  EXPECT_EQ(*answers[2], "batched 2");
  EXPECT_EQ(held.sizes, (std::vector<size_t>{1, 2}));
}

TEST(BatcherTest, ALoneCallsFailureIsItsAnswerWithoutRunningItTwice) {
  int runs = 0;
  Batcher<int, Answer> batcher(
      [&](const std::vector<const int*>&) -> absl::StatusOr<std::vector<Answer>> {
        ++runs;
        return absl::UnavailableError("database unreachable");
      },
      [&](const int&) -> Answer {
        ++runs;
        return std::string("alone");
      },
      64);
  EXPECT_EQ(batcher.Run(1).status(), absl::UnavailableError("database unreachable"));
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace fazhi::db

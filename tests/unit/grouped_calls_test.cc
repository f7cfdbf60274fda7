// Small calls served in groups on the executor (common/grpc/grouped_calls.h): calls offered while
// a group is being served wait and are served together in the next, each is finished exactly
// once, groups stay within their bound, and what there is no room for is refused at once.

#include "common/grpc/grouped_calls.h"

#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fazhi::grpc_util {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// What the groups did: the calls of each group served, and the calls refused with their codes.
// Its calls are ints; a group whose first call is Record::kHeld waits, once it has started,
// until release is notified.
struct Record {
  static constexpr int kHeld = 0;
  std::mutex mu;
  std::vector<std::vector<int>> groups;
  std::vector<std::pair<int, grpc::StatusCode>> refused;
  absl::Notification held_started;
  absl::Notification release;

  std::unique_ptr<GroupedCalls<int>> Serve(Executor* executor, size_t max_group, int max_running,
                                           size_t capacity) {
    return std::make_unique<GroupedCalls<int>>(
        executor,
        [this](std::vector<int>& group) {
          if (group.front() == kHeld) {
            held_started.Notify();
            release.WaitForNotification();
          }
          std::lock_guard<std::mutex> lock(mu);
          groups.push_back(group);
        },
        [this](int& call, const grpc::Status& status) {
          std::lock_guard<std::mutex> lock(mu);
          refused.emplace_back(call, status.error_code());
        },
        max_group, max_running, capacity);
  }
};

TEST(GroupedCallsTest, CallsOfferedWhileAGroupIsServedAreServedTogetherNext) {
  Executor executor(ExecutorOptions{4, 16});
  Record record;
  {
    std::unique_ptr<GroupedCalls<int>> grouped =
        record.Serve(&executor, /*max_group=*/4, /*max_running=*/1, /*capacity=*/100);
    grouped->Offer(Record::kHeld);
    record.held_started.WaitForNotification();
    // Ten calls while the first group is held: one group runs at a time, four calls at most.
    for (int i = 1; i <= 10; ++i) grouped->Offer(i);
    record.release.Notify();
  }  // the destructor waits for the groups being served
  EXPECT_THAT(record.groups, ElementsAre(ElementsAre(0), ElementsAre(1, 2, 3, 4),
                                         ElementsAre(5, 6, 7, 8), ElementsAre(9, 10)));
  EXPECT_THAT(record.refused, IsEmpty());
}

TEST(GroupedCallsTest, ACallOfferedWhenTheQueueIsFullIsRefusedAtOnce) {
  Executor executor(ExecutorOptions{2, 16});
  Record record;
  {
    std::unique_ptr<GroupedCalls<int>> grouped =
        record.Serve(&executor, /*max_group=*/8, /*max_running=*/1, /*capacity=*/2);
    grouped->Offer(Record::kHeld);
    record.held_started.WaitForNotification();
    grouped->Offer(1);
    grouped->Offer(2);
    grouped->Offer(3);  // two wait already: refused
    {
      std::lock_guard<std::mutex> lock(record.mu);
      EXPECT_THAT(record.refused,
                  ElementsAre(std::make_pair(3, grpc::StatusCode::RESOURCE_EXHAUSTED)));
    }
    record.release.Notify();
  }
  EXPECT_THAT(record.groups, ElementsAre(ElementsAre(0), ElementsAre(1, 2)));
}

TEST(GroupedCallsTest, WhenTheExecutorHasNoRoomTheCallsNoGroupWillServeAreRefused) {
  // One worker, busy, and its one queued place taken: no task can be started to serve a group.
  Executor executor(ExecutorOptions{1, 1});
  absl::Notification busy;
  absl::Notification release;
  ASSERT_TRUE(executor.TrySubmit([&] {
    busy.Notify();
    release.WaitForNotification();
  }));
  busy.WaitForNotification();
  ASSERT_TRUE(executor.TrySubmit([] {}));
  Record record;
  {
    std::unique_ptr<GroupedCalls<int>> grouped =
        record.Serve(&executor, /*max_group=*/8, /*max_running=*/1, /*capacity=*/8);
    grouped->Offer(7);
    grouped->Offer(8);
  }
  release.Notify();
  EXPECT_THAT(record.groups, IsEmpty());
  EXPECT_THAT(record.refused, ElementsAre(std::make_pair(7, grpc::StatusCode::RESOURCE_EXHAUSTED),
                                          std::make_pair(8, grpc::StatusCode::RESOURCE_EXHAUSTED)));
}

TEST(GroupedCallsTest, TwoGroupsAreServedAtOnceWhenAllowedAndEveryCallExactlyOnce) {
  Executor executor(ExecutorOptions{4, 64});
  Record record;
  constexpr int kCalls = 2000;
  {
    // Calls from 1: none is held.
    std::unique_ptr<GroupedCalls<int>> grouped =
        record.Serve(&executor, /*max_group=*/16, /*max_running=*/2, /*capacity=*/kCalls);
    std::vector<std::thread> offering;
    for (int t = 0; t < 4; ++t) {
      offering.emplace_back([&grouped, t] {
        for (int i = 1 + t; i <= kCalls; i += 4) grouped->Offer(i);
      });
    }
    for (std::thread& t : offering) t.join();
  }
  std::vector<int> served;
  for (const std::vector<int>& group : record.groups) {
    EXPECT_LE(group.size(), 16u);
    served.insert(served.end(), group.begin(), group.end());
  }
  std::sort(served.begin(), served.end());
  ASSERT_EQ(served.size(), static_cast<size_t>(kCalls));
  for (int i = 0; i < kCalls; ++i) ASSERT_EQ(served[i], i + 1);
  EXPECT_THAT(record.refused, IsEmpty());
}

}  // namespace
}  // namespace fazhi::grpc_util

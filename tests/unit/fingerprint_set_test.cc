#include "common/spill/fingerprint_set.h"

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace fazhi::spill {
namespace {

Fingerprint Random(std::mt19937_64& rng) { return {rng(), rng()}; }

// Every answer checked against std::set, fed the same fingerprints.
TEST(FingerprintSetTest, AnswersAsAnOrdinarySetWouldAcrossRunsOnDisk) {
  FingerprintSet set(FingerprintSetOptions{"", 64});
  std::set<Fingerprint> expected;
  std::mt19937_64 rng(20211231);
  std::vector<Fingerprint> pool;
  for (int i = 0; i < 5000; ++i) pool.push_back(Random(rng));
  // 20,000 draws from 5,000: most come back, some while still in memory, most from a run.
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  int repeats = 0;
  for (int i = 0; i < 20000; ++i) {
    const Fingerprint& f = pool[pick(rng)];
    absl::StatusOr<bool> added = set.Insert(f);
    ASSERT_TRUE(added.ok()) << added.status();
    bool is_new = expected.insert(f).second;
    ASSERT_EQ(*added, is_new) << "draw " << i;
    repeats += is_new ? 0 : 1;
  }
  EXPECT_GT(repeats, 14000);
  EXPECT_EQ(set.size(), expected.size());
  EXPECT_GT(set.runs(), 0u);
}

TEST(FingerprintSetTest, FingerprintsThatShareOneHashAreDifferent) {
  FingerprintSet set(FingerprintSetOptions{"", 2});
  for (uint64_t second = 0; second < 100; ++second) {
    absl::StatusOr<bool> added = set.Insert({42, second});
    ASSERT_TRUE(added.ok() && *added) << second;
  }
  for (uint64_t second = 0; second < 100; ++second) {
    absl::StatusOr<bool> again = set.Insert({42, second});
    ASSERT_TRUE(again.ok() && !*again) << second;
  }
  EXPECT_TRUE(*set.Insert({43, 0}));
}

// The runs merge like a binary counter, and memory holds about 1.3 bytes a fingerprint.
TEST(FingerprintSetTest, RunsMergeLikeABinaryCounterAndKeepLittleInMemory) {
  constexpr size_t kInMemory = 4096;
  FingerprintSet set(FingerprintSetOptions{"", kInMemory});
  std::mt19937_64 rng(7);
  // 11 full runs (binary 1011: three runs of 8, 2 and 1 times 4096) and 100 in memory.
  const size_t n = 11 * kInMemory + 100;
  std::vector<Fingerprint> added;
  for (size_t i = 0; i < n; ++i) {
    added.push_back(Random(rng));
    absl::StatusOr<bool> is_new = set.Insert(added.back());
    ASSERT_TRUE(is_new.ok() && *is_new) << i;
  }
  EXPECT_EQ(set.runs(), 3u);
  EXPECT_EQ(set.size(), n);
  const double bytes_per_key = static_cast<double>(set.run_memory_bytes()) / (11 * kInMemory);
  EXPECT_GT(bytes_per_key, 1.2);
  EXPECT_LT(bytes_per_key, 1.4);
  // Every one is found again, in whichever run it ended up; new ones are not.
  for (size_t i = 0; i < n; i += 7) {
    absl::StatusOr<bool> again = set.Insert(added[i]);
    ASSERT_TRUE(again.ok() && !*again) << i;
  }
  for (int i = 0; i < 1000; ++i) {
    absl::StatusOr<bool> fresh = set.Insert(Random(rng));
    ASSERT_TRUE(fresh.ok() && *fresh) << i;
  }
}

TEST(FingerprintSetTest, AScratchDirectoryThatFailsIsAnErrorAndLosesNothing) {
  FingerprintSet set(FingerprintSetOptions{"/nonexistent/fazhi-scratch", 3});
  ASSERT_TRUE(*set.Insert({1, 1}));
  ASSERT_TRUE(*set.Insert({2, 2}));
  // The third fills memory: its run cannot be written.
  absl::StatusOr<bool> third = set.Insert({3, 3});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(third.status().message().find("/nonexistent/fazhi-scratch"), std::string::npos)
      << third.status();
  // What it held, it still holds; the refused one was not added.
  EXPECT_EQ(set.size(), 2u);
  EXPECT_FALSE(*set.Insert({1, 1}));
  EXPECT_FALSE(*set.Insert({2, 2}));
  EXPECT_FALSE(set.Insert({3, 3}).ok());
}

}  // namespace
}  // namespace fazhi::spill

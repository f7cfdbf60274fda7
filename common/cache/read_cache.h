#ifndef FAZHI_COMMON_CACHE_READ_CACHE_H_
#define FAZHI_COMMON_CACHE_READ_CACHE_H_

// A small cache for answers that are the same for every caller and asked for far more often than
// they change, such as the public disclosure feed that public websites poll. An answer is served
// from it while it is younger than the time to live and no write has been noted since it was
// made; a write in this process (Invalidate) makes every answer stale at once, and the time to
// live bounds how long a write made by another replica can go unseen.
//
//   uint64_t generation = cache.generation();   // before reading the database
//   ... compute the answer ...
//   cache.Put(key, answer, generation, now);     // dropped if a write came in between

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace fazhi::cache {

template <typename Value>
class ReadCache {
 public:
  // A zero time to live turns the cache off: nothing is kept.
  ReadCache(absl::Duration ttl, size_t max_entries) : ttl_(ttl), max_entries_(max_entries) {}

  bool enabled() const { return ttl_ > absl::ZeroDuration() && max_entries_ > 0; }

  // Read before computing an answer, and passed to Put with it.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // A write was committed: every answer made before it is stale.
  void Invalidate() { generation_.fetch_add(1, std::memory_order_acq_rel); }

  // The answer kept under key, or null when there is none still fresh at now.
  std::shared_ptr<const Value> Find(absl::string_view key, absl::Time now) const {
    if (!enabled()) return nullptr;
    uint64_t current = generation();
    absl::ReaderMutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.generation != current || now - it->second.made >= ttl_) {
      return nullptr;
    }
    return it->second.value;
  }

  // Keeps value under key, unless a write was noted after generation was read. Full, the cache
  // starts over rather than track which entry is oldest: answers are cheap to make again.
  void Put(std::string key, std::shared_ptr<const Value> value, uint64_t generation,
           absl::Time now) {
    if (!enabled() || generation != this->generation()) return;
    absl::MutexLock lock(&mu_);
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_[std::move(key)] = Entry{std::move(value), generation, now};
  }

 private:
  struct Entry {
    std::shared_ptr<const Value> value;
    uint64_t generation = 0;
    absl::Time made;
  };

  const absl::Duration ttl_;
  const size_t max_entries_;
  std::atomic<uint64_t> generation_{0};
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fazhi::cache

#endif  // FAZHI_COMMON_CACHE_READ_CACHE_H_

#ifndef FAZHI_COMMON_SPILL_FINGERPRINT_SET_H_
#define FAZHI_COMMON_SPILL_FINGERPRINT_SET_H_

// An exact set of 128-bit fingerprints whose memory does not grow with its size: the newest
// fingerprints are kept in memory, and each time options.keys_in_memory of them gather they are
// sorted and written to a temporary file as a run. Runs are merged like the digits of a binary
// counter, so a set of n fingerprints has at most log2(n / keys_in_memory) + 1 runs, and run i
// holds keys_in_memory * 2^i of them. Memory per run is a Bloom filter (10 bits a fingerprint,
// about 1% false positives) and an index of every 256th fingerprint (16 bytes): about 1.3 bytes a
// fingerprint instead of the 20-40 a hash set takes. Only a fingerprint the filter lets through is
// looked up in the file, one 4 KiB read. The files are unlinked as soon as they are made, so a
// crash leaves nothing behind; on disk a run takes 16 bytes a fingerprint (32 while it is merged).
//
// Not thread-safe: one stream owns one set.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace fazhi::spill {

// Two independent 64-bit hashes of a key: a false match needs both to collide.
using Fingerprint = std::pair<uint64_t, uint64_t>;

struct FingerprintSetOptions {
  // Where runs are written; empty: $TMPDIR, else /tmp.
  std::string directory;
  // How many fingerprints are kept in memory before they are written as a run.
  size_t keys_in_memory = size_t{1} << 16;
};

class FingerprintSet {
 public:
  explicit FingerprintSet(FingerprintSetOptions options = {});
  ~FingerprintSet();
  FingerprintSet(const FingerprintSet&) = delete;
  FingerprintSet& operator=(const FingerprintSet&) = delete;

  // Adds fingerprint: true if it is new, false if the set held it already. An error when a run
  // could not be written or read (RESOURCE_EXHAUSTED when the directory is full); the set then
  // holds what it held before.
  absl::StatusOr<bool> Insert(const Fingerprint& fingerprint);

  size_t size() const { return size_; }
  // The runs on disk, and the bytes their filters and indexes keep in memory.
  size_t runs() const;
  size_t run_memory_bytes() const;

 private:
  struct Run {
    int fd = -1;
    uint64_t count = 0;
    std::vector<uint64_t> filter;    // blocks of 8 words (one cache line) each
    std::vector<Fingerprint> index;  // the fingerprint at every kIndexStride-th position
  };
  class RunWriter;

  absl::StatusOr<bool> Contains(const Run& run, const Fingerprint& fingerprint) const;
  // Writes what memory holds as a run and merges it into the runs on disk.
  absl::Status Spill();
  absl::StatusOr<Run> Merge(const Run& older, const Run& newer);
  static void Close(Run& run);

  std::string directory_;
  const size_t keys_in_memory_;
  absl::flat_hash_set<Fingerprint> recent_;
  // levels_[i], if present, holds keys_in_memory_ * 2^i fingerprints.
  std::vector<std::optional<Run>> levels_;
  size_t size_ = 0;
};

}  // namespace fazhi::spill

#endif  // FAZHI_COMMON_SPILL_FINGERPRINT_SET_H_

#include "common/spill/fingerprint_set.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace fazhi::spill {
namespace {

// The filter: 10 bits a fingerprint in 512-bit blocks (one cache line), 7 bits set per
// fingerprint, so a lookup touches one line of each run's filter.
constexpr uint64_t kFilterBitsPerKey = 10;
constexpr uint64_t kBlockBits = 512;
constexpr uint64_t kBlockWords = kBlockBits / 64;
constexpr int kBitsPerKey = 7;
// Every kIndexStride-th fingerprint is indexed: a lookup reads one kIndexStride * 16-byte block.
constexpr uint64_t kIndexStride = 256;
constexpr size_t kBufferKeys = 4096;  // 64 KiB of reads or writes at a time

uint64_t BlockOf(const Fingerprint& f, size_t blocks) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(f.first) * blocks) >> 64);
}

// The run's fingerprints are the two hashes, so the bits come straight from the second.
template <typename Fn>
void ForEachBit(const Fingerprint& f, Fn fn) {
  for (int i = 0; i < kBitsPerKey; ++i) fn((f.second >> (9 * i)) & (kBlockBits - 1));
}

absl::Status FileError(absl::string_view what, const std::string& directory, int error) {
  std::string message = absl::StrCat("the submission's keys could not be ", what, " in ", directory,
                                     " (scratch space): ", std::strerror(error));
  if (error == ENOSPC || error == EDQUOT) {
    return absl::ResourceExhaustedError(
        absl::StrCat(message, "; split the submission, or give the service more scratch space"));
  }
  return absl::InternalError(message);
}

absl::Status WriteAt(int fd, const void* data, size_t size, uint64_t offset,
                     const std::string& directory) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = pwrite(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return FileError("written", directory, n < 0 ? errno : ENOSPC);
    p += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

absl::Status ReadAt(int fd, void* data, size_t size, uint64_t offset,
                    const std::string& directory) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = pread(fd, p, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return FileError("read", directory, n < 0 ? errno : EIO);
    p += n;
    size -= static_cast<size_t>(n);
    offset += static_cast<uint64_t>(n);
  }
  return absl::OkStatus();
}

// Reads a run front to back, kBufferKeys at a time.
class RunReader {
 public:
  RunReader(int fd, uint64_t count, const std::string& directory)
      : fd_(fd), count_(count), directory_(directory) {}

  bool done() const { return next_ == count_; }
  // The fingerprint at the front; done() must be false.
  absl::StatusOr<Fingerprint> Peek() {
    if (at_ == buffer_.size()) {
      buffer_.resize(static_cast<size_t>(std::min<uint64_t>(kBufferKeys, count_ - next_)));
      if (absl::Status s = ReadAt(fd_, buffer_.data(), buffer_.size() * sizeof(Fingerprint),
                                  next_ * sizeof(Fingerprint), directory_);
          !s.ok()) {
        buffer_.clear();
        return s;
      }
      at_ = 0;
    }
    return buffer_[at_];
  }
  void Pop() {
    ++at_;
    ++next_;
  }

 private:
  int fd_;
  uint64_t count_;
  const std::string& directory_;
  uint64_t next_ = 0;  // of the run
  std::vector<Fingerprint> buffer_;
  size_t at_ = 0;  // of the buffer
};

}  // namespace

// Builds a run from fingerprints given in order: its file, filter and index.
class FingerprintSet::RunWriter {
 public:
  RunWriter(uint64_t count, const std::string& directory) : directory_(directory) {
    const uint64_t blocks = std::max<uint64_t>(1, (count * kFilterBitsPerKey) / kBlockBits);
    run_.filter.assign(static_cast<size_t>(blocks * kBlockWords), 0);
    run_.index.reserve(static_cast<size_t>(count / kIndexStride + 1));
    buffer_.reserve(kBufferKeys);
  }
  ~RunWriter() { Close(run_); }

  absl::Status Open() {
    std::string path = absl::StrCat(directory_, "/fazhi-keys-XXXXXX");
    int fd = mkstemp(path.data());
    if (fd < 0) return FileError("kept", directory_, errno);
    unlink(path.c_str());  // nothing left behind, whatever happens to the process
    run_.fd = fd;
    return absl::OkStatus();
  }

  absl::Status Add(const Fingerprint& f) {
    if (run_.count % kIndexStride == 0) run_.index.push_back(f);
    const size_t blocks = run_.filter.size() / kBlockWords;
    uint64_t* block = &run_.filter[BlockOf(f, blocks) * kBlockWords];
    ForEachBit(f, [&](uint64_t bit) { block[bit / 64] |= uint64_t{1} << (bit % 64); });
    ++run_.count;
    buffer_.push_back(f);
    return buffer_.size() == kBufferKeys ? Flush() : absl::OkStatus();
  }

  absl::StatusOr<Run> Finish() {
    if (absl::Status s = Flush(); !s.ok()) return s;
    Run run = std::move(run_);
    run_ = Run();
    return run;
  }

 private:
  absl::Status Flush() {
    absl::Status s = WriteAt(run_.fd, buffer_.data(), buffer_.size() * sizeof(Fingerprint),
                             written_ * sizeof(Fingerprint), directory_);
    written_ += buffer_.size();
    buffer_.clear();
    return s;
  }

  const std::string& directory_;
  Run run_;
  std::vector<Fingerprint> buffer_;
  uint64_t written_ = 0;
};

namespace {

std::string DefaultDirectory() {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? std::string(tmp) : std::string("/tmp");
}

}  // namespace

FingerprintSet::FingerprintSet(FingerprintSetOptions options)
    : directory_(std::move(options.directory)),
      keys_in_memory_(std::max<size_t>(1, options.keys_in_memory)) {}

FingerprintSet::~FingerprintSet() {
  for (std::optional<Run>& run : levels_) {
    if (run) Close(*run);
  }
}

void FingerprintSet::Close(Run& run) {
  if (run.fd >= 0) close(run.fd);
  run.fd = -1;
}

size_t FingerprintSet::runs() const {
  return static_cast<size_t>(std::count_if(levels_.begin(), levels_.end(),
                                           [](const auto& run) { return run.has_value(); }));
}

size_t FingerprintSet::run_memory_bytes() const {
  size_t bytes = 0;
  for (const std::optional<Run>& run : levels_) {
    if (run)
      bytes += run->filter.size() * sizeof(uint64_t) + run->index.size() * sizeof(Fingerprint);
  }
  return bytes;
}

absl::StatusOr<bool> FingerprintSet::Insert(const Fingerprint& fingerprint) {
  if (recent_.contains(fingerprint)) return false;
  for (const std::optional<Run>& run : levels_) {
    if (!run) continue;
    absl::StatusOr<bool> found = Contains(*run, fingerprint);
    if (!found.ok()) return found.status();
    if (*found) return false;
  }
  recent_.insert(fingerprint);
  if (recent_.size() >= keys_in_memory_) {
    if (absl::Status s = Spill(); !s.ok()) {
      recent_.erase(fingerprint);
      return s;
    }
  }
  ++size_;
  return true;
}

absl::StatusOr<bool> FingerprintSet::Contains(const Run& run,
                                              const Fingerprint& fingerprint) const {
  const uint64_t* block =
      &run.filter[BlockOf(fingerprint, run.filter.size() / kBlockWords) * kBlockWords];
  bool maybe = true;
  ForEachBit(fingerprint, [&](uint64_t bit) {
    maybe = maybe && (block[bit / 64] & (uint64_t{1} << (bit % 64))) != 0;
  });
  if (!maybe) return false;
  auto after = std::upper_bound(run.index.begin(), run.index.end(), fingerprint);
  if (after == run.index.begin()) return false;
  const uint64_t first = static_cast<uint64_t>(after - run.index.begin() - 1) * kIndexStride;
  const size_t count = static_cast<size_t>(std::min(kIndexStride, run.count - first));
  std::array<Fingerprint, kIndexStride> stretch;
  if (absl::Status s = ReadAt(run.fd, stretch.data(), count * sizeof(Fingerprint),
                              first * sizeof(Fingerprint), directory_);
      !s.ok()) {
    return s;
  }
  return std::binary_search(stretch.begin(), stretch.begin() + count, fingerprint);
}

absl::StatusOr<FingerprintSet::Run> FingerprintSet::Merge(const Run& older, const Run& newer) {
  RunWriter writer(older.count + newer.count, directory_);
  if (absl::Status s = writer.Open(); !s.ok()) return s;
  RunReader a(older.fd, older.count, directory_);
  RunReader b(newer.fd, newer.count, directory_);
  while (!a.done() || !b.done()) {
    RunReader* from = &b;
    if (!a.done() && !b.done()) {
      absl::StatusOr<Fingerprint> x = a.Peek();
      if (!x.ok()) return x.status();
      absl::StatusOr<Fingerprint> y = b.Peek();
      if (!y.ok()) return y.status();
      if (*x < *y) from = &a;  // never equal: a fingerprint is added once
    } else if (!a.done()) {
      from = &a;
    }
    absl::StatusOr<Fingerprint> f = from->Peek();
    if (!f.ok()) return f.status();
    if (absl::Status s = writer.Add(*f); !s.ok()) return s;
    from->Pop();
  }
  return writer.Finish();
}

absl::Status FingerprintSet::Spill() {
  // Resolved at the first spill: a set that never spills (most submissions) reads nothing.
  if (directory_.empty()) directory_ = DefaultDirectory();
  std::vector<Fingerprint> sorted(recent_.begin(), recent_.end());
  std::sort(sorted.begin(), sorted.end());
  absl::StatusOr<Run> carry;
  {
    RunWriter writer(sorted.size(), directory_);
    if (absl::Status s = writer.Open(); !s.ok()) return s;
    for (const Fingerprint& f : sorted) {
      if (absl::Status s = writer.Add(f); !s.ok()) return s;
    }
    carry = writer.Finish();
  }
  if (!carry.ok()) return carry.status();
  // Like adding one to a binary counter: merge upwards while the level is taken. Nothing is
  // dropped until every merge has succeeded, so a failure leaves the set as it was.
  size_t level = 0;
  for (; level < levels_.size() && levels_[level]; ++level) {
    absl::StatusOr<Run> merged = Merge(*levels_[level], *carry);
    Close(*carry);
    if (!merged.ok()) return merged.status();
    carry = std::move(merged);
  }
  for (size_t i = 0; i < level; ++i) {
    Close(*levels_[i]);
    levels_[i].reset();
  }
  if (level == levels_.size()) levels_.emplace_back();
  levels_[level] = *std::move(carry);
  recent_.clear();
  recent_.reserve(keys_in_memory_);  // allocated once, not doubled up again after every run
  return absl::OkStatus();
}

}  // namespace fazhi::spill

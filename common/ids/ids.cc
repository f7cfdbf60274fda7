#include "common/ids/ids.h"

#include <atomic>
#include <random>

#include "absl/strings/str_format.h"

namespace fazhi::ids {
namespace {

uint64_t Random() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng();
}

}  // namespace

std::string NewResourceId(absl::string_view prefix) {
  return absl::StrFormat("%s-%012x", prefix, Random() & 0xffffffffffffULL);
}

std::string NewSortableId(absl::Time now) {
  static std::atomic<uint32_t> sequence{0};
  return absl::StrFormat("%013x%08x%011x", absl::ToUnixMicros(now), sequence++,
                         Random() & 0xfffffffffffULL);
}

}  // namespace fazhi::ids

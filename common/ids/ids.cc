#include "common/ids/ids.h"

#include <openssl/rand.h>

#include <atomic>
#include <cstdlib>

#include "absl/strings/str_format.h"

namespace fazhi::ids {
namespace {

// From the operating system's CSPRNG (through OpenSSL): an id seen must not tell the next one,
// as a Mersenne Twister's (seeded with 32 bits) would.
uint64_t Random() {
  uint64_t value = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value)) != 1) std::abort();
  return value;
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

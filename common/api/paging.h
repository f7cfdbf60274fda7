#ifndef FAZHI_COMMON_API_PAGING_H_
#define FAZHI_COMMON_API_PAGING_H_

// Paging for every List call: a bounded page size and an opaque page token. The token carries
// the sort key of the last row returned (keyset paging: stable under concurrent inserts, no
// OFFSET scans) and an HMAC over it and the query's filter, so a forged, truncated or
// re-targeted token is refused instead of silently returning the wrong rows.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::api {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// 0 means the default; negative or above kMaxPageSize is INVALID_ARGUMENT naming the field.
absl::StatusOr<int> ResolvePageSize(int requested, absl::string_view field = "page.page_size");

// List calls fetch one row more than the page holds to learn, without a COUNT query, whether
// another page follows: this drops that row and says whether there was one.
template <typename T>
bool TrimToPage(std::vector<T>& rows, int page_size) {
  if (static_cast<int>(rows.size()) <= page_size) return false;
  rows.resize(page_size);
  return true;
}

class PageTokenCodec {
 public:
  // Replicas behind one load balancer must share the secret; an empty one is replaced by a
  // random key (tokens then only work against this process).
  explicit PageTokenCodec(std::string secret);

  // query: everything that defines the result set (method and filter values).
  std::string Encode(absl::string_view query, const std::vector<std::string>& cursor) const;
  // The cursor, or INVALID_ARGUMENT naming the field for a token that was not made by Encode with
  // the same query and secret.
  absl::StatusOr<std::vector<std::string>> Decode(
      absl::string_view token, absl::string_view query,
      absl::string_view field = "page.page_token") const;

  // For a List call: no cursor for an empty token (the first page), else the cursor, which must
  // have `fields` parts.
  absl::StatusOr<std::optional<std::vector<std::string>>> DecodePage(absl::string_view token,
                                                                     absl::string_view query,
                                                                     size_t fields) const;

 private:
  std::string Mac(absl::string_view query, absl::string_view payload) const;
  std::string key_;
};

}  // namespace fazhi::api

#endif  // FAZHI_COMMON_API_PAGING_H_

#include "common/api/paging.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fazhi::api {
namespace {

constexpr char kVersion = '1';
constexpr char kSeparator =
    '\x1f';  // ASCII unit separator: cannot appear in ids or keys we page by
constexpr size_t kMacBytes = 16;

}  // namespace

absl::StatusOr<int> ResolvePageSize(int requested, absl::string_view field) {
  if (requested == 0) return kDefaultPageSize;
  if (requested < 0 || requested > kMaxPageSize) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must be between 1 and ", kMaxPageSize,
                                                   " (0 for the default of ", kDefaultPageSize,
                                                   "), got ", requested));
  }
  return requested;
}

PageTokenCodec::PageTokenCodec(std::string secret) : key_(std::move(secret)) {
  if (key_.empty()) {
    key_.resize(32);
    RAND_bytes(reinterpret_cast<unsigned char*>(key_.data()), static_cast<int>(key_.size()));
  }
}

std::string PageTokenCodec::Mac(absl::string_view query, absl::string_view payload) const {
  std::string message = absl::StrCat(query, std::string(1, '\0'), payload);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return std::string(reinterpret_cast<char*>(digest), kMacBytes);
}

std::string PageTokenCodec::Encode(absl::string_view query,
                                   const std::vector<std::string>& cursor) const {
  std::string payload =
      absl::StrCat(std::string(1, kVersion), absl::StrJoin(cursor, std::string(1, kSeparator)));
  return absl::WebSafeBase64Escape(absl::StrCat(Mac(query, payload), payload));
}

absl::StatusOr<std::vector<std::string>> PageTokenCodec::Decode(absl::string_view token,
                                                                absl::string_view query,
                                                                absl::string_view field) const {
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " is not a token this service issued for this query; start again without it"));
  };
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw) || raw.size() < kMacBytes + 1) return invalid();
  absl::string_view mac(raw.data(), kMacBytes);
  absl::string_view payload(raw.data() + kMacBytes, raw.size() - kMacBytes);
  std::string expected = Mac(query, payload);
  if (CRYPTO_memcmp(expected.data(), mac.data(), kMacBytes) != 0) return invalid();
  if (payload[0] != kVersion) return invalid();
  payload.remove_prefix(1);
  return std::vector<std::string>(absl::StrSplit(payload, kSeparator));
}

absl::StatusOr<std::optional<std::vector<std::string>>> PageTokenCodec::DecodePage(
    absl::string_view token, absl::string_view query, size_t fields) const {
  if (token.empty()) return std::optional<std::vector<std::string>>();
  absl::StatusOr<std::vector<std::string>> cursor = Decode(token, query);
  if (!cursor.ok()) return cursor.status();
  if (cursor->size() != fields) {
    return absl::InvalidArgumentError("page.page_token is malformed; start again without it");
  }
  return std::optional<std::vector<std::string>>(*std::move(cursor));
}

}  // namespace fazhi::api

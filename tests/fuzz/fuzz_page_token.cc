// Page tokens (common/api/paging.h), which every List call takes back from its caller: the input
// is a page_token as sent, and, split at newlines, the parts of a cursor to encode.
//
// Invariants: a token is accepted only for the query and secret it was made with, and only when
// its bytes are exactly those Encode makes for the cursor it yields (no forged, truncated,
// extended or re-targeted token gets through; tests/fuzz/corpus/fuzz_page_token holds real tokens
// of this target's secret to mutate); every cursor of parts without the separator encodes and
// decodes back to itself, with DecodePage checking the number of parts; any refusal is
// INVALID_ARGUMENT naming page.page_token.

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/api/paging.h"
#include "tests/fuzz/fuzz_check.h"

using fazhi::api::PageTokenCodec;

namespace {

// The seed tokens were made with this secret and query (tests/fuzz/make_corpus.py).
constexpr char kSecret[] = "fuzz-page-token-secret";
constexpr char kQuery[] = "ListCases|jiyuan-sthjj|2021";

void CheckRefusal(const absl::Status& s) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, "refusals are INVALID_ARGUMENT");
  FUZZ_CHECK(absl::StartsWith(s.message(), "page.page_token"), "refusals name the field");
}

std::string Raw(absl::string_view token) {
  std::string raw;
  absl::WebSafeBase64Unescape(token, &raw);
  return raw;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PageTokenCodec codec(kSecret);
  static const PageTokenCodec other(std::string(kSecret) + "2");
  absl::string_view input(reinterpret_cast<const char*>(data), size);

  // The input as a token.
  absl::StatusOr<std::vector<std::string>> cursor = codec.Decode(input, kQuery);
  if (!cursor.ok()) {
    CheckRefusal(cursor.status());
  } else {
    FUZZ_CHECK(Raw(input) == Raw(codec.Encode(kQuery, *cursor)),
               "an accepted token is byte for byte one Encode made");
    FUZZ_CHECK(!codec.Decode(input, "ListCases|jiyuan|2021").ok(), "bound to its query");
    FUZZ_CHECK(!other.Decode(input, kQuery).ok(), "bound to its secret");
    absl::StatusOr<std::optional<std::vector<std::string>>> page =
        codec.DecodePage(input, kQuery, cursor->size());
    FUZZ_CHECK(page.ok() && page->has_value() && **page == *cursor, "DecodePage agrees");
    absl::StatusOr<std::optional<std::vector<std::string>>> wrong =
        codec.DecodePage(input, kQuery, cursor->size() + 1);
    FUZZ_CHECK(!wrong.ok(), "DecodePage checks the number of parts");
    CheckRefusal(wrong.status());
  }
  absl::StatusOr<std::optional<std::vector<std::string>>> page = codec.DecodePage(input, kQuery, 2);
  if (size == 0) FUZZ_CHECK(page.ok() && !page->has_value(), "an empty token is the first page");

  // The input as a cursor: its lines, without the separator no key can hold.
  std::string cleaned(input);
  cleaned.erase(std::remove(cleaned.begin(), cleaned.end(), '\x1f'), cleaned.end());
  std::vector<std::string> parts = absl::StrSplit(cleaned, '\n');
  std::string token = codec.Encode(kQuery, parts);
  absl::StatusOr<std::vector<std::string>> back = codec.Decode(token, kQuery);
  FUZZ_CHECK(back.ok() && *back == parts, "a cursor encodes and decodes back to itself");
  FUZZ_CHECK(!codec.Decode(token, cleaned).ok() || cleaned == kQuery, "bound to its query");
  // Every one-character change of the token is refused or decodes to the same cursor (base64's
  // spare bits in the last character).
  for (size_t i = 0; i < token.size(); i += 1 + token.size() / 16) {
    std::string changed = token;
    changed[i] = changed[i] == 'A' ? 'B' : 'A';
    absl::StatusOr<std::vector<std::string>> c = codec.Decode(changed, kQuery);
    FUZZ_CHECK(!c.ok() || *c == parts, "a changed token is refused");
  }
  // Truncated and extended tokens are refused.
  if (!token.empty()) {
    FUZZ_CHECK(!codec.Decode(token.substr(0, token.size() - 1), kQuery).ok() ||
                   Raw(token.substr(0, token.size() - 1)) == Raw(token),
               "a truncated token is refused");
  }
  FUZZ_CHECK(!codec.Decode(token + "AAAA", kQuery).ok(), "an extended token is refused");
  return 0;
}

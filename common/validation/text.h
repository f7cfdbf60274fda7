#ifndef FAZHI_COMMON_VALIDATION_TEXT_H_
#define FAZHI_COMMON_VALIDATION_TEXT_H_

// Checks for text a clerk types: valid UTF-8, no control characters, no surrounding spaces,
// and a length counted in characters (一个汉字 is one character, not three bytes).

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fazhi::validation {

bool IsValidUtf8(absl::string_view text);
// Number of Unicode code points; only meaningful for valid UTF-8.
size_t CharacterCount(absl::string_view text);

// INVALID_ARGUMENT naming the field unless text is valid UTF-8 without control characters or
// surrounding white space and has min_chars..max_chars characters.
absl::Status CheckText(absl::string_view text, absl::string_view field, size_t min_chars,
                       size_t max_chars);

// The longest start of text with at most max_bytes bytes that does not cut a character in two,
// for quoting what a caller sent in a message (which must stay valid UTF-8).
absl::string_view Excerpt(absl::string_view text, size_t max_bytes);

// An id: 1 to 63 of [a-z0-9-], starting with a letter or digit.
absl::Status CheckId(absl::string_view id, absl::string_view field);

}  // namespace fazhi::validation

#endif  // FAZHI_COMMON_VALIDATION_TEXT_H_

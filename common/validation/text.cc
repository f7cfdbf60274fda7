#include "common/validation/text.h"

#include "absl/strings/str_cat.h"

namespace fazhi::validation {
namespace {

// Decodes one code point at s[*i]; returns false on invalid UTF-8 (overlong forms, surrogates
// and values above U+10FFFF included).
bool NextCodePoint(absl::string_view s, size_t* i, char32_t* out) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(*i);
  size_t n;
  char32_t cp;
  if (c < 0x80) {
    n = 1;
    cp = c;
  } else if ((c & 0xe0) == 0xc0) {
    n = 2;
    cp = c & 0x1f;
  } else if ((c & 0xf0) == 0xe0) {
    n = 3;
    cp = c & 0x0f;
  } else if ((c & 0xf8) == 0xf0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return false;
  }
  if (*i + n > s.size()) return false;
  for (size_t k = 1; k < n; ++k) {
    if ((b(*i + k) & 0xc0) != 0x80) return false;
    cp = (cp << 6) | (b(*i + k) & 0x3f);
  }
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
  *i += n;
  *out = cp;
  return true;
}

bool IsSpace(char32_t cp) { return cp == ' ' || cp == 0x3000 || cp == 0xa0; }

}  // namespace

bool IsValidUtf8(absl::string_view text) {
  size_t i = 0;
  char32_t cp;
  while (i < text.size()) {
    if (!NextCodePoint(text, &i, &cp)) return false;
  }
  return true;
}

size_t CharacterCount(absl::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++count;
  }
  return count;
}

absl::Status CheckText(absl::string_view text, absl::string_view field, size_t min_chars,
                       size_t max_chars) {
  size_t i = 0, count = 0;
  char32_t cp = 0, first = 0, last = 0;
  while (i < text.size()) {
    if (!NextCodePoint(text, &i, &cp)) {
      return absl::InvalidArgumentError(absl::StrCat(field, " is not valid UTF-8 text"));
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " must not contain control characters such as line breaks"));
    }
    if (count == 0) first = cp;
    last = cp;
    ++count;
  }
  if (count < min_chars) {
    return absl::InvalidArgumentError(
        min_chars == 1 ? absl::StrCat(field, " is required")
                       : absl::StrCat(field, " must have at least ", min_chars, " characters"));
  }
  if (count > max_chars) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must have at most ", max_chars, " characters, got ", count));
  }
  if (count > 0 && (IsSpace(first) || IsSpace(last))) {
    return absl::InvalidArgumentError(absl::StrCat(field, " must not start or end with spaces"));
  }
  return absl::OkStatus();
}

absl::string_view Excerpt(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  // Back to the start of the character that does not fit (continuation bytes are 10xxxxxx).
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end);
}

absl::Status CheckId(absl::string_view id, absl::string_view field) {
  if (id.empty()) return absl::InvalidArgumentError(absl::StrCat(field, " is required"));
  bool ok = id.size() <= 63 && id.front() != '-';
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) ok = false;
  }
  if (!ok) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " '", IsValidUtf8(id) ? Excerpt(id, 64) : "<not UTF-8>",
                     "' is not a valid id: use 1 to 63 lower-case letters, digits and '-'"));
  }
  return absl::OkStatus();
}

}  // namespace fazhi::validation

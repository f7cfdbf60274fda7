#include "common/validation/id_number.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace fazhi::validation {
namespace {

// W_i = 2^(17-i) mod 11 for positions 1..17.
constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kCheckCharacters[] = "10X98765432";
// GB/T 2260 province-level codes, and 83 for Taiwan residents' residence permits, which use the
// same number format (81 and 82 serve Hong Kong and Macao residents).
constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                              35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                              53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
// The standard's own example (440524188001010014) was born in 1880.
constexpr int kMinBirthYear = 1850;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int Number(absl::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

}  // namespace

char IdNumberCheckCharacter(absl::string_view first17) {
  if (first17.size() != 17 || !std::all_of(first17.begin(), first17.end(), IsDigit)) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckCharacters[sum % 11];
}

std::string NormalizeIdNumber(absl::string_view number) {
  std::string out;
  out.reserve(number.size());
  for (size_t i = 0; i < number.size(); ++i) {
    // U+FF10..U+FF19 (０-９) are EF BC 90..99; U+FF38 (Ｘ) is EF BC B8 and U+FF58 (ｘ) EF BD 98.
    if (i + 2 < number.size() && number[i] == '\xef') {
      unsigned char b1 = number[i + 1], b2 = number[i + 2];
      if (b1 == 0xbc && b2 >= 0x90 && b2 <= 0x99) {
        out += static_cast<char>('0' + (b2 - 0x90));
        i += 2;
        continue;
      }
      if ((b1 == 0xbc && b2 == 0xb8) || (b1 == 0xbd && b2 == 0x98)) {
        out += 'X';
        i += 2;
        continue;
      }
    }
    out += number[i] == 'x' ? 'X' : number[i];
  }
  return out;
}

absl::Status CheckIdNumber(absl::string_view number, absl::string_view field,
                           std::optional<absl::CivilDay> today) {
  auto invalid = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is not a valid GB 11643-1999 citizen ID number: ", why));
  };
  if (number.size() != kIdNumberLength) {
    if (number.size() == 15 && std::all_of(number.begin(), number.end(), IsDigit)) {
      return invalid("15-digit numbers were replaced in 1999; give the 18-character number");
    }
    return invalid("it must have 18 characters: 17 digits and a check digit or X");
  }
  if (!std::all_of(number.begin(), number.begin() + 17, IsDigit) ||
      !(IsDigit(number[17]) || number[17] == 'X')) {
    return invalid("it must have 18 characters: 17 digits and a check digit or X");
  }
  int province = Number(number.substr(0, 2));
  if (std::find(std::begin(kProvinces), std::end(kProvinces), province) == std::end(kProvinces)) {
    return invalid("the first two digits are not a province code");
  }
  int year = Number(number.substr(6, 4)), month = Number(number.substr(10, 2)),
      day = Number(number.substr(12, 2));
  absl::CivilDay birth(year, month, day);
  if (year < kMinBirthYear || birth.year() != year || birth.month() != month ||
      birth.day() != day) {
    return invalid("digits 7 to 14 are not a birth date");
  }
  if (today && birth > *today) return invalid("the birth date in digits 7 to 14 is in the future");
  char expected = IdNumberCheckCharacter(number.substr(0, 17));
  if (number[17] != expected) {
    // The expected character is derived from the other 17 and reveals nothing beyond them.
    return invalid(absl::StrCat("the check character (the 18th) should be '",
                                std::string(1, expected),
                                "'; check the number for a typing error"));
  }
  return absl::OkStatus();
}

std::string MaskIdNumber(absl::string_view number) {
  if (number.size() != kIdNumberLength) return std::string(number.size(), '*');
  return absl::StrCat(number.substr(0, 6), std::string(8, '*'), number.substr(14));
}

}  // namespace fazhi::validation

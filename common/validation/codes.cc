#include "common/validation/codes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/validation/text.h"

namespace fazhi::validation {
namespace {

constexpr absl::string_view kCreditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kCreditCodeWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                        29, 25, 13, 8,  24, 10, 30, 28};
// 登记管理部门代码: 1 机构编制, 5 民政, 9 工商 (市场监管), Y 其他, and the others in use.
constexpr absl::string_view kRegistrationAuthorities = "123456789ANY";
// The region of a body registered at the national level (中央机构编制 and ministries, national
// social organisations): GB 32100-2015 writes 100000, which is no GB/T 2260 code.
constexpr absl::string_view kCentralRegion = "100000";
// GB/T 2260 province-level codes.
constexpr int kProvinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                              43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82};

// Safe to echo in an error: only printable ASCII of the expected length is shown.
std::string Shown(absl::string_view code) {
  bool printable =
      std::all_of(code.begin(), code.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  return printable && code.size() <= 32 ? absl::StrCat("'", code, "'") : "the value given";
}

}  // namespace

char CreditCodeCheckCharacter(absl::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    size_t value = kCreditCodeAlphabet.find(first17[i]);
    if (value == absl::string_view::npos) return '\0';
    sum += static_cast<int>(value) * kCreditCodeWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kCreditCodeAlphabet[check];
}

absl::Status CheckCreditCode(absl::string_view code, absl::string_view field) {
  if (code.size() != 18) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " must have 18 characters, got ",
                     IsValidUtf8(code) ? CharacterCount(code) : code.size()));
  }
  for (size_t i = 0; i < code.size(); ++i) {
    if (kCreditCodeAlphabet.find(code[i]) == absl::string_view::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " ", Shown(code), " has a character not allowed at position ", i + 1,
                       ": use digits and upper-case letters other than I, O, S, V and Z"));
    }
  }
  if (kRegistrationAuthorities.find(code[0]) == absl::string_view::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", Shown(code), " starts with '", code.substr(0, 1),
                     "', which is not a registration authority code (1-9, A, N or Y)"));
  }
  absl::string_view region = code.substr(2, 6);
  if (region != kCentralRegion) {
    if (absl::Status s = CheckRegionCode(region, field); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, " ", Shown(code),
          ": characters 3 to 8 are not a valid region code (GB/T 2260, or 100000 for a body "
          "registered at the national level)"));
    }
  }
  char expected = CreditCodeCheckCharacter(code.substr(0, 17));
  if (code[17] != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", Shown(code), " fails the GB 32100-2015 check: the 18th character should be '",
        std::string(1, expected), "'; check the code for a typing error"));
  }
  return absl::OkStatus();
}

absl::Status CheckRegionCode(absl::string_view code, absl::string_view field) {
  auto invalid = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " ", Shown(code), " is not a GB/T 2260 region code: ", why));
  };
  if (code.size() != 6 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return invalid("it must be 6 digits");
  }
  int province = (code[0] - '0') * 10 + (code[1] - '0');
  int prefecture = (code[2] - '0') * 10 + (code[3] - '0');
  int county = (code[4] - '0') * 10 + (code[5] - '0');
  if (std::find(std::begin(kProvinces), std::end(kProvinces), province) == std::end(kProvinces)) {
    return invalid(absl::StrCat(code.substr(0, 2), " is not a province"));
  }
  if (prefecture == 0 && county != 0) return invalid("a county needs a prefecture");
  if (prefecture > 70 && prefecture != 90) {
    return invalid(absl::StrCat("prefecture ", code.substr(2, 2),
                                " is out of range (01-70, or 90 for province-administered)"));
  }
  if (prefecture == 90 && county == 0) {
    return invalid("90 groups province-administered units and needs a unit number");
  }
  return absl::OkStatus();
}

}  // namespace fazhi::validation

#include "services/reports/domain/numbering.h"

#include <array>

#include "absl/strings/str_cat.h"

namespace fazhi::reports {
namespace {

constexpr const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

}  // namespace

std::string ChineseNumeral(int n) {
  if (n < 1 || n > 9999) return absl::StrCat(n);
  static constexpr const char* kUnits[] = {"千", "百", "十", ""};
  const int digits[] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
  std::string out;
  bool pending_zero = false;
  for (int i = 0; i < 4; ++i) {
    if (digits[i] == 0) {
      // 一百零五, 一千零一: one 零 for any run of zeros between non-zero digits.
      pending_zero = !out.empty();
      continue;
    }
    if (pending_zero) out += kDigits[0];
    pending_zero = false;
    // 十一 rather than 一十一 when 十 leads; 一百一十 keeps its 一.
    if (!(i == 2 && digits[i] == 1 && out.empty())) out += kDigits[digits[i]];
    out += kUnits[i];
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> NumberSections(const std::vector<int>& levels) {
  std::vector<std::string> numbers;
  numbers.reserve(levels.size());
  // counters[l] is the number of the current level-l section; index 0 unused.
  std::array<int, kMaxSectionLevel + 1> counters{};
  int depth = 0;  // level of the last numbered section
  for (size_t i = 0; i < levels.size(); ++i) {
    int level = levels[i];
    if (level < 0 || level > kMaxSectionLevel) {
      return absl::InvalidArgumentError(absl::StrCat("section ", i, " has level ", level,
                                                     "; a level is 0 (unnumbered) to ",
                                                     kMaxSectionLevel));
    }
    if (level == 0) {
      numbers.emplace_back();
      continue;
    }
    if (level > depth + 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "section ", i, " is at level ", level, " but ",
          depth == 0 ? "no numbered section comes before it"
                     : absl::StrCat("the numbered section before it is at level ", depth),
          "; a section goes at most one level deeper than the one before it"));
    }
    ++counters[level];
    for (int deeper = level + 1; deeper <= kMaxSectionLevel; ++deeper) counters[deeper] = 0;
    depth = level;
    int n = counters[level];
    switch (level) {
      case 1:
        numbers.push_back(absl::StrCat(ChineseNumeral(n), "、"));
        break;
      case 2:
        numbers.push_back(absl::StrCat("(", ChineseNumeral(n), ")"));
        break;
      case 3:
        numbers.push_back(absl::StrCat(n, "."));
        break;
      default:
        numbers.push_back(absl::StrCat("(", n, ")"));
        break;
    }
  }
  return numbers;
}

}  // namespace fazhi::reports

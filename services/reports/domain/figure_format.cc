#include "services/reports/domain/figure_format.h"

#include <algorithm>
#include <iterator>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fazhi::reports {
namespace {

using absl::int128;

// Indexed by FigureFormat - 1.
constexpr absl::string_view kNames[] = {
    "count",  "wan_yuan",   "yi_yuan",         "yuan",       "percent", "percent0", "wan",
    "approx", "approx_duo", "approx_wan_yuan", "approx_wan", "yu",      "duo",      "wan_yu",
};

constexpr int64_t kFenPerWanYuan = 1000000;     // 1万元 = 10,000 元
constexpr int64_t kFenPerYiYuan = 10000000000;  // 1亿元 = 100,000,000 元

// a / b rounded half away from zero (四舍五入); b > 0.
int128 RoundDiv(int128 a, int128 b) {
  if (a >= 0) return (2 * a + b) / (2 * b);
  return -((-2 * a + b) / (2 * b));
}

std::string Digits(int128 v) {
  if (v == 0) return "0";
  bool negative = v < 0;
  absl::uint128 u = negative ? -absl::uint128(v) : absl::uint128(v);
  std::string out;
  while (u > 0) {
    out.push_back(static_cast<char>('0' + static_cast<int>(absl::Uint128Low64(u % 10))));
    u /= 10;
  }
  if (negative) out.push_back('-');
  std::reverse(out.begin(), out.end());
  return out;
}

// q in units of 10^-decimals as a decimal number; trim drops trailing zeros (and the point).
std::string Fixed(int128 q, int decimals, bool trim) {
  std::string sign = q < 0 ? "-" : "";
  if (q < 0) q = -q;
  int128 scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  std::string out = absl::StrCat(sign, Digits(q / scale));
  if (decimals == 0) return out;
  std::string fraction = Digits(q % scale);
  fraction.insert(0, static_cast<size_t>(decimals) - fraction.size(), '0');
  if (trim) {
    while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    if (fraction.empty()) return out;
  }
  return absl::StrCat(out, ".", fraction);
}

// The approximation rule of the header, for x = n / d with d > 0.
absl::StatusOr<std::string> ApproximateRational(int128 n, int128 d, absl::string_view suffix) {
  if (n < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("an approximate number cannot be negative (", Digits(RoundDiv(n, d)), ")"));
  }
  int128 v = n / d;
  bool fraction_cut = n % d != 0;
  if (v == 0) return std::string(fraction_cut ? "不足1" : "0");
  if (v < 20) return absl::StrCat(Digits(v), fraction_cut ? suffix : "");
  int128 p = 1;
  while (p * 10 <= v) p *= 10;
  int128 next = (v / p + 1) * p;
  bool round = !fraction_cut && v % p == 0;
  // x within 2% below next: (next - x) / next <= 1/50. Only from 100 up: below, 2% is under two
  // units and the seed's two-digit forms are all 余 (30余项, 40余项, 50余本).
  if (v >= 100 && !round && (next * d - n) * 50 <= next * d) {
    return absl::StrCat("近", Digits(next));
  }
  int128 unit = std::max<int128>(p / 10, 10);
  int128 kept = v / unit * unit;
  return absl::StrCat(Digits(kept), fraction_cut || kept != v ? suffix : "");
}

absl::StatusOr<std::string> Format(FigureFormat format, int128 n, int128 d, bool ratio) {
  switch (format) {
    case FigureFormat::kCount:
      return Digits(RoundDiv(n, d));
    case FigureFormat::kWanYuan:
      return absl::StrCat(Fixed(RoundDiv(n * 100, d * kFenPerWanYuan), 2, false), "万元");
    case FigureFormat::kYiYuan:
      return absl::StrCat(Fixed(RoundDiv(n * 100, d * kFenPerYiYuan), 2, false), "亿元");
    case FigureFormat::kYuan:
      return absl::StrCat(Fixed(RoundDiv(n, d), 2, true), "元");
    case FigureFormat::kPercent:
      // Tenths of a percent: a fraction times 1000, basis points divided by 10.
      return absl::StrCat(Fixed(ratio ? RoundDiv(n * 1000, d) : RoundDiv(n, d * 10), 1, false),
                          "%");
    case FigureFormat::kPercent0:
      return absl::StrCat(Digits(ratio ? RoundDiv(n * 100, d) : RoundDiv(n, d * 100)), "%");
    case FigureFormat::kWan:
      return absl::StrCat(Fixed(RoundDiv(n * 10, d * 10000), 1, false), "万");
    case FigureFormat::kApprox:
      return ApproximateRational(n, d, "余");
    case FigureFormat::kApproxDuo:
      return ApproximateRational(n, d, "多");
    case FigureFormat::kApproxWanYuan: {
      absl::StatusOr<std::string> wan = ApproximateRational(n, d * kFenPerWanYuan, "余");
      if (!wan.ok()) return wan.status();
      return absl::StrCat(*wan, "万元");
    }
    case FigureFormat::kApproxWan: {
      if (n < 0) {
        return absl::InvalidArgumentError(absl::StrCat("an approximate number cannot be negative (",
                                                       Digits(RoundDiv(n, d)), ")"));
      }
      // Tenths of 万 (units of 1000), truncated: 697,xxx → 69.7万余.
      int128 tenths = n / (d * 1000);
      bool cut = n % (d * 1000) != 0;
      return absl::StrCat(Fixed(tenths, 1, false), "万", cut ? "余" : "");
    }
    case FigureFormat::kYu:
      return absl::StrCat(Digits(RoundDiv(n, d)), "余");
    case FigureFormat::kDuo:
      return absl::StrCat(Digits(RoundDiv(n, d)), "多");
    case FigureFormat::kWanYu:
      return absl::StrCat(Fixed(RoundDiv(n * 10, d * 10000), 1, false), "万余");
  }
  return absl::InvalidArgumentError("unknown format");
}

}  // namespace

absl::string_view FigureFormatName(FigureFormat format) {
  int i = static_cast<int>(format) - 1;
  if (i < 0 || i >= static_cast<int>(std::size(kNames))) return "unknown";
  return kNames[i];
}

absl::Span<const absl::string_view> FigureFormatNames() { return kNames; }

absl::StatusOr<FigureFormat> ParseFigureFormat(absl::string_view name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == name) return static_cast<FigureFormat>(i + 1);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown format \"", name, "\"; the formats are ", absl::StrJoin(kNames, ", ")));
}

absl::StatusOr<std::string> FormatValue(FigureFormat format, int64_t value) {
  return Format(format, value, 1, false);
}

absl::StatusOr<std::string> FormatRatio(FigureFormat format, int64_t numerator,
                                        int64_t denominator) {
  if (denominator == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("division by zero: the denominator is 0 (numerator ", numerator, ")"));
  }
  int128 n = numerator, d = denominator;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  return Format(format, n, d, true);
}

absl::StatusOr<std::string> Approximate(int64_t value, absl::string_view suffix) {
  return ApproximateRational(value, 1, suffix);
}

}  // namespace fazhi::reports

#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_FORMAT_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_FORMAT_H_

// How a figure is printed in a report, as the Jiyuan 2021 report prints it (seeds/000_…txt).
// Integer arithmetic only (DESIGN.md: numbers are exact); where a format rounds it rounds half
// away from zero (四舍五入), where it approximates it truncates and says so (余, 多, 近).
//
// A plain value is an integer in its figure's unit (a count, 分, basis points). A ratio is the
// fraction numerator/denominator, kept exact until it is printed. Formats:
//
//   count            the integer as is, no thousands separators: 对17个单位的736项权责事项,
//                    抽查市场主体8600家. A ratio prints its quotient rounded.
//   wan_yuan         分 → 万元, two decimals: 促进上缴财政资金1591.47万元 (1591470000 分),
//                    归还原渠道资金1929.35万元.
//   yi_yuan          分 → 亿元, two decimals: 查处违规和管理不规范资金18.73亿元 (187300000000 分).
//   yuan             分 → 元, up to two decimals with trailing zeros dropped: 12.5元, 200元.
//   percent          one decimal. A ratio is a fraction: 2057/6157 → 33.4%. A plain value is a
//                    stored rate in basis points: 调解成功率达到99.0% (9900), 33.7% (3370).
//   percent0         whole percent, same two readings: 压缩了85% (8500), 100%向社会公示 (10000).
//   wan              a count in 万, one decimal: 归集涉企信息22.8万条 (228000).
//   approx           the approximate numbers these reports print on purpose (see below):
//                    200余起 (206), 近200起 (198), 50余本, 1500余名, 17000余人次, 73000余人次,
//                    3500余次, 2600余场次, 5000余条, 800余份, 270余次, 200余场, 30余项, 40余项,
//                    190余人次.
//   approx_duo       the same with 多: 1600多个事项.
//   approx_wan_yuan  分 → 万元, approximated: 罚款金额1500余万元 (¥15,221,800),
//                    已收缴罚款500余万元.
//   approx_wan       a count in 万 truncated to one decimal, 余 when something was cut:
//                    好差评评价69.7万余条 (697,xxx), 累计扫码1680.7万余人次 (16,807,xxx).
//   yu, duo, wan_yu  a figure the unit itself reported as a lower bound ("1500余名" reported as
//                    1500): the bound with 余 (多) always, as the unit wrote it — 1500余名,
//                    1600多个, 69.7万余条 (697000). Never for an exact count: approx says 余 only
//                    when something was really cut.
//
// The approximation rule (approx, approx_duo, approx_wan_yuan), for a value x ≥ 0:
//   - below 20 it is never approximated: 12 → 12 (a fraction cut off still says 余: 12余万元;
//     a value above 0 and below 1 is 不足1);
//   - from 100 up, within 2% below the next multiple of its leading power of ten, 近 that
//     multiple: 198 → 近200, 1980 → 近2000 (not below 100: 59 is 50余, 99 is 90余);
//   - otherwise truncated to two significant digits but at least to the tens, with 余 (多) when
//     anything was cut: 206 → 200余, 55 → 50余, 1523 → 1500余, 17234 → 17000余; a round number
//     prints as it is: 200 → 200, 1500 → 1500.
// Negative values cannot be approximated (an error).

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace fazhi::reports {

enum class FigureFormat {
  kCount = 1,
  kWanYuan = 2,
  kYiYuan = 3,
  kYuan = 4,
  kPercent = 5,
  kPercent0 = 6,
  kWan = 7,
  kApprox = 8,
  kApproxDuo = 9,
  kApproxWanYuan = 10,
  kApproxWan = 11,
  kYu = 12,
  kDuo = 13,
  kWanYu = 14,
};

// The name written after '|' in a placeholder: "count", "wan_yuan", "approx_duo"…
absl::string_view FigureFormatName(FigureFormat format);
// INVALID_ARGUMENT naming the unknown format and listing the known ones.
absl::StatusOr<FigureFormat> ParseFigureFormat(absl::string_view name);
// Every format's name, in the order above.
absl::Span<const absl::string_view> FigureFormatNames();

// A plain value in its figure's unit; percent formats read it as basis points.
// INVALID_ARGUMENT for a negative value in an approximate format.
absl::StatusOr<std::string> FormatValue(FigureFormat format, int64_t value);
// The fraction numerator/denominator; percent formats print it times 100, the others print the
// quotient in the format's unit (wan_yuan of 300/2 is 150 分 in 万元). INVALID_ARGUMENT for a
// zero denominator or a negative value in an approximate format.
absl::StatusOr<std::string> FormatRatio(FigureFormat format, int64_t numerator,
                                        int64_t denominator);

// The approximate form alone (approx, approx_duo), exposed for the rule's own tests.
// suffix is "余" or "多".
absl::StatusOr<std::string> Approximate(int64_t value, absl::string_view suffix);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_FORMAT_H_

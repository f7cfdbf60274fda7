#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_NUMBERING_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_NUMBERING_H_

// Section numbers as official documents print them (GB/T 9704 style, and as the Jiyuan 2021
// report does): level 1 一、, level 2 (一), level 3 1., level 4 (1). The parentheses are ASCII,
// exactly as the seed prints "(一)加强组织领导". Numbers are derived from the levels, never typed.

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace fazhi::reports {

// The deepest section level.
inline constexpr int kMaxSectionLevel = 4;

// Chinese numeral for 1 to 9999: 一, 十, 十一, 二十, 二十一, 一百, 一百零五, 一百一十, 一千零一.
// Outside that range the Arabic digits (never reached by a real report).
std::string ChineseNumeral(int n);

// The number of each section given every section's level in report order (0: unnumbered,
// printed without a number; 1 to 4). A number restarts under each new parent; an unnumbered
// section neither counts nor restarts anything. INVALID_ARGUMENT naming the section's index
// (from 0) for a level outside 0..4 or one more than one below the numbered section before it
// (a level-3 section straight under a level-1 one, or a report that starts at level 2).
absl::StatusOr<std::vector<std::string>> NumberSections(const std::vector<int>& levels);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_NUMBERING_H_

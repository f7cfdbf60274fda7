#ifndef FAZHI_COMMON_VALIDATION_CODES_H_
#define FAZHI_COMMON_VALIDATION_CODES_H_

// National identification codes a unit or a party to a case carries, checked by their
// standards' rules rather than only by length: a mistyped character is caught at the desk, not
// in next year's report. Shared by the unit registry (department) and case parties (cases).

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fazhi::validation {

// 统一社会信用代码 (GB 32100-2015): 18 characters from 0-9 and A-Y without I, O, S, V, Z.
// Position 1 is the registering authority (1-9, A, N, Y), 3-8 the region (a GB/T 2260 code, or
// 100000 for a body registered at the national level: central Party and State organs, ministries,
// national social organisations), 9-17 the organisation code, and 18 a check character computed
// modulo 31 over the first 17.
// Returns the check character for the first 17 characters, or '\0' if one is not allowed.
char CreditCodeCheckCharacter(absl::string_view first17);
absl::Status CheckCreditCode(absl::string_view code, absl::string_view field);

// 行政区划代码 (GB/T 2260): six digits, province (2), prefecture (2), county (2). The province
// must exist; a prefecture of 00 is only valid with a county of 00 (the province itself);
// 90 is the prefecture slot of 省直辖县级行政区划 (济源市 is 419001).
absl::Status CheckRegionCode(absl::string_view code, absl::string_view field);

}  // namespace fazhi::validation

#endif  // FAZHI_COMMON_VALIDATION_CODES_H_

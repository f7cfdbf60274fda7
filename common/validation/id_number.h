#ifndef FAZHI_COMMON_VALIDATION_ID_NUMBER_H_
#define FAZHI_COMMON_VALIDATION_ID_NUMBER_H_

// 公民身份号码 (GB 11643-1999): checked by the standard's rules, and masked wherever it leaves the
// store. Officers and, later, the parties to enforcement cases carry one; DESIGN.md requires a
// person's number to be shown only as 410881********1234. Error messages here never echo the
// number, because they reach logs.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fazhi::validation {

inline constexpr size_t kIdNumberLength = 18;

// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') for the first 17 digits, or '\0' when
// first17 is not 17 ASCII digits.
char IdNumberCheckCharacter(absl::string_view first17);

// Full-width digits and 'Ｘ' (as typed with a Chinese input method) become ASCII and a lower-case
// 'x' upper-case; anything else is left for CheckIdNumber to refuse.
std::string NormalizeIdNumber(absl::string_view number);

// INVALID_ARGUMENT naming the field unless number (already normalised) is 18 characters: a
// province code, a calendar birth date (not after `today` when given), a sequence and the check
// character of GB 11643-1999.
absl::Status CheckIdNumber(absl::string_view number, absl::string_view field,
                           std::optional<absl::CivilDay> today = std::nullopt);

// 410881********1234: the region (6) and the last 4 characters stay, the birth date and the rest
// become '*'. Anything that is not 18 bytes is masked completely; "" stays "".
std::string MaskIdNumber(absl::string_view number);

}  // namespace fazhi::validation

#endif  // FAZHI_COMMON_VALIDATION_ID_NUMBER_H_

#include "services/cases/domain/officer_check.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time/date.h"

namespace fazhi::cases {

absl::Status RequireValidOfficers(const std::vector<OfficerVerdict>& verdicts,
                                  absl::string_view field, absl::CivilDay day) {
  int valid = 0;
  std::vector<std::string> refused;
  for (const OfficerVerdict& v : verdicts) {
    if (v.valid) {
      ++valid;
    } else {
      refused.push_back(absl::StrCat("officer ", v.officer_id, ": ", v.reason));
    }
  }
  // Every officer named must be entitled to act: one without a valid certificate on the case
  // taints the record even when two others are valid.
  if (!refused.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": only officers with a valid enforcement certificate on ",
                     time_util::FormatDay(day), " may act (行政处罚法 Art. 42); ",
                     absl::StrJoin(refused, "; ")));
  }
  if (valid < kMinOfficers) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": at least ", kMinOfficers,
                     " officers with valid enforcement certificates are needed (行政处罚法 Art. "
                     "42), ",
                     valid, " given"));
  }
  return absl::OkStatus();
}

}  // namespace fazhi::cases

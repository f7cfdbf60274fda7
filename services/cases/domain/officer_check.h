#ifndef FAZHI_SERVICES_CASES_DOMAIN_OFFICER_CHECK_H_
#define FAZHI_SERVICES_CASES_DOMAIN_OFFICER_CHECK_H_

// Whether officers may act for a department on a day (Art. 42: at least two with valid
// certificates). The department service decides; the cases rules only read its verdicts.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fazhi::cases {

inline constexpr int kMinOfficers = 2;  // 行政处罚法 Art. 42

struct OfficerVerdict {
  std::string officer_id;
  bool valid = false;
  // The department service's reason, e.g. "...'s certificate ... was revoked on 2021-05-03".
  std::string reason;
};

class OfficerChecker {
 public:
  virtual ~OfficerChecker() = default;
  // One verdict per officer, in order; UNAVAILABLE when the department service cannot answer.
  virtual absl::StatusOr<std::vector<OfficerVerdict>> Check(
      absl::string_view department_id, const std::vector<std::string>& officer_ids,
      absl::CivilDay day) = 0;
};

// OK when at least two officers are valid and none is refused; otherwise FAILED_PRECONDITION
// naming field and every refused officer with its reason.
absl::Status RequireValidOfficers(const std::vector<OfficerVerdict>& verdicts,
                                  absl::string_view field, absl::CivilDay day);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_OFFICER_CHECK_H_

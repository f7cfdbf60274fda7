#ifndef FAZHI_SERVICES_CASES_DOMAIN_LITIGATION_H_
#define FAZHI_SERVICES_CASES_DOMAIN_LITIGATION_H_

// Administrative litigation (行政诉讼) where the government or one of its departments is the
// defendant, as the rules see it (no protobuf, no SQL): the suit, its hearings with whether the
// agency head appeared in court (行政机关负责人出庭应诉, 行政诉讼法 Art. 3), and the judgment.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

enum class JudgmentOutcome {
  kUnspecified = 0,
  kUpheld = 1,
  kLost = 2,
  kWithdrawn = 3,
  kMediated = 4,
  kDismissed = 5,
};
inline constexpr int kMaxJudgmentOutcome = 5;

inline constexpr size_t kMaxCourtCaseNumberChars = 100;
inline constexpr size_t kMaxCourtChars = 200;
inline constexpr size_t kMaxHeadTitleChars = 100;
inline constexpr size_t kMaxHearings = 100;
// fazhi.department.v1.DEPARTMENT_KIND_GOVERNMENT: 人民政府.
inline constexpr int kGovernmentUnitKind = 1;

struct Hearing {
  absl::CivilDay date;
  bool head_appeared = false;
  std::string head_title;
};

struct Lawsuit {
  std::string id;
  std::string court_case_number;
  std::string court;
  std::string plaintiff;
  // An organisation's name is shown in full; a person's is masked for most callers.
  bool plaintiff_organisation = false;
  std::string defendant_department_id;
  bool government_defendant = false;
  std::string case_id;
  std::string reconsideration_id;
  absl::CivilDay filed_date;
  std::vector<Hearing> hearings;
  JudgmentOutcome outcome = JudgmentOutcome::kUnspecified;
  std::optional<absl::CivilDay> judgment_date;
  RecordStamps stamps;
};

// INVALID_ARGUMENT naming the field (under prefix) for a bad new lawsuit; it starts without
// hearings or judgment. defendant_kind is the defendant unit's kind: government_defendant must
// say whether the defendant is a government (人民政府) itself.
absl::Status CheckNewLawsuit(const Lawsuit& suit, int defendant_kind, absl::string_view prefix);
// Appends a hearing. INVALID_ARGUMENT naming hearing.date (before the suit was filed or before the
// last hearing) or hearing.head_title (required when the head appeared, refused otherwise);
// FAILED_PRECONDITION once judged.
absl::Status AddHearing(Lawsuit& suit, const Hearing& hearing);
// Records the judgment once. INVALID_ARGUMENT naming outcome or date (before filing or the last
// hearing); FAILED_PRECONDITION when already judged.
absl::Status RecordJudgment(Lawsuit& suit, JudgmentOutcome outcome, absl::CivilDay date);
// Hearings at which the agency head appeared.
int HeadAppearances(const Lawsuit& suit);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_LITIGATION_H_

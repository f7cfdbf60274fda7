#ifndef FAZHI_SERVICES_CASES_DOMAIN_SUPERVISION_H_
#define FAZHI_SERVICES_CASES_DOMAIN_SUPERVISION_H_

// Supervision of law enforcement by the 司法局, as the rules see it (no protobuf, no SQL):
//   重大行政处罚备案审查: a department files each decided major penalty case; the supervisor
//   reviews the filing and, where it finds fault, suggests rectification;
//   案卷评查: a scored (0 to 100) review of one case file with its findings;
//   投诉举报: a complaint about enforcement, answered by one 行政执法监督意见书 that requires the
//   department to rectify by a due date; the department reports, the supervisor confirms.
// Enum values match fazhi.cases.v1 so they survive storage and the API unchanged.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/cases/domain/case_rules.h"

namespace fazhi::cases {

enum class FilingStatus { kUnspecified = 0, kFiled = 1, kReviewed = 2 };

enum class RectificationStatus {
  kUnspecified = 0,
  kNotRequired = 1,
  kRequired = 2,
  kReported = 3,
  kConfirmed = 4,
};
inline constexpr int kMaxRectificationStatus = 4;

inline constexpr size_t kMaxReviewTextChars = 2000;
inline constexpr size_t kMaxReviewLines = 50;
inline constexpr size_t kMaxPersonNameChars = 200;
inline constexpr size_t kMaxDocumentNumberChars = 100;
inline constexpr int kMinReviewScore = 0;
inline constexpr int kMaxReviewScore = 100;

// Who made a record and who changed it last, and the version etags are made of.
struct RecordStamps {
  absl::Time create_time;
  std::string created_by;
  absl::Time update_time;
  std::string updated_by;
  int64_t version = 0;
};

struct MajorCaseFiling {
  std::string id;
  std::string case_id;
  std::string department_id;
  absl::CivilDay filed_date;
  FilingStatus status = FilingStatus::kUnspecified;
  std::string reviewer;
  std::optional<absl::CivilDay> review_date;
  std::vector<std::string> rectification_suggestions;
  RectificationStatus rectification = RectificationStatus::kUnspecified;
  RecordStamps stamps;
};

struct CaseFileReview {
  std::string id;
  std::string case_id;
  std::string department_id;
  std::string reviewer;
  absl::CivilDay review_date;
  int score = 0;
  std::vector<std::string> findings;
  RecordStamps stamps;
};

struct SupervisionLetter {
  std::string document_number;
  absl::CivilDay issued_date;
  std::vector<std::string> requirements;
  absl::CivilDay due_date;
};

struct Complaint {
  std::string id;
  std::string department_id;
  std::string case_id;  // empty when no case is concerned
  std::string complainant;
  std::string content;
  absl::CivilDay received_date;
  std::optional<SupervisionLetter> letter;
  RectificationStatus rectification = RectificationStatus::kUnspecified;
  std::string rectification_report;
  RecordStamps stamps;
};

// What a filing needs to know of the enforcement case it files.
struct FiledCaseFacts {
  std::string department_id;
  bool major = false;
  int stage = 0;  // CaseStage
  std::optional<absl::CivilDay> decision_date;
};

// FAILED_PRECONDITION unless the case is major and decided (备案 follows the decision);
// INVALID_ARGUMENT naming filed_date when it comes before the decision.
absl::Status CheckMajorCaseFilable(const FiledCaseFacts& c, absl::CivilDay filed_date);
// A new filing: FILED, rectification not yet known.
MajorCaseFiling NewFiling(absl::string_view case_id, const FiledCaseFacts& c,
                          absl::CivilDay filed_date);
// Records the supervisor's review: REVIEWED, rectification REQUIRED when there are suggestions,
// NOT_REQUIRED otherwise. FAILED_PRECONDITION when already reviewed; INVALID_ARGUMENT naming
// review_date (before filing) or rectification_suggestions[i].
absl::Status ReviewFiling(MajorCaseFiling& filing, absl::string_view reviewer,
                          absl::CivilDay review_date, const std::vector<std::string>& suggestions);

// INVALID_ARGUMENT naming the field (under prefix, e.g. "review.") for a bad case-file review.
absl::Status CheckCaseFileReview(const CaseFileReview& review, absl::string_view prefix);

// INVALID_ARGUMENT naming the field (under prefix) for a bad complaint at intake.
absl::Status CheckNewComplaint(const Complaint& complaint, absl::string_view prefix);
// Answers the complaint with the letter and makes rectification REQUIRED. INVALID_ARGUMENT
// naming letter.* for a bad letter (issued before the complaint was received, due before it was
// issued); FAILED_PRECONDITION when a letter was already issued: a complaint has one answer.
absl::Status IssueLetter(Complaint& complaint, const SupervisionLetter& letter);

// The rectification state machine: REQUIRED → REPORTED (the department's report, required) →
// CONFIRMED. Who may make each move is the API's to check. INVALID_ARGUMENT naming rectification
// for any other target, or report when the report is missing; FAILED_PRECONDITION saying why
// when the current status does not allow the move.
absl::Status MoveRectification(RectificationStatus& status, std::string& report,
                               RectificationStatus to, absl::string_view new_report);

absl::string_view RectificationName(RectificationStatus status);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_SUPERVISION_H_

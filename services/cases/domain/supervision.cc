#include "services/cases/domain/supervision.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {
namespace {

absl::Status CheckLines(const std::vector<std::string>& lines, absl::string_view field,
                        bool required) {
  if (required && lines.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": give at least one"));
  }
  if (lines.size() > kMaxReviewLines) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": at most ", kMaxReviewLines, ", got ", lines.size()));
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    absl::Status s =
        validation::CheckText(lines[i], absl::StrCat(field, "[", i, "]"), 1, kMaxReviewTextChars);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

bool IsDecidedStage(int stage) {
  return stage >= static_cast<int>(CaseStage::kDecided) &&
         stage <= static_cast<int>(CaseStage::kClosed);
}

}  // namespace

absl::Status CheckMajorCaseFilable(const FiledCaseFacts& c, absl::CivilDay filed_date) {
  if (!c.major) {
    return absl::FailedPreconditionError(
        "case_id: the case is not a major (重大) case; only major penalty decisions are filed "
        "for review");
  }
  if (!IsDecidedStage(c.stage)) {
    return absl::FailedPreconditionError(
        "case_id: the case has no decision yet; a major case is filed for review after its "
        "decision");
  }
  if (c.decision_date && filed_date < *c.decision_date) {
    return absl::InvalidArgumentError(absl::StrCat("filed_date: ", time_util::FormatDay(filed_date),
                                                   " is before the decision of ",
                                                   time_util::FormatDay(*c.decision_date)));
  }
  return absl::OkStatus();
}

MajorCaseFiling NewFiling(absl::string_view case_id, const FiledCaseFacts& c,
                          absl::CivilDay filed_date) {
  MajorCaseFiling f;
  f.case_id = std::string(case_id);
  f.department_id = c.department_id;
  f.filed_date = filed_date;
  f.status = FilingStatus::kFiled;
  f.rectification = RectificationStatus::kUnspecified;
  return f;
}

absl::Status ReviewFiling(MajorCaseFiling& filing, absl::string_view reviewer,
                          absl::CivilDay review_date, const std::vector<std::string>& suggestions) {
  if (absl::Status s = CheckLines(suggestions, "rectification_suggestions", false); !s.ok()) {
    return s;
  }
  if (review_date < filing.filed_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("review_date: ", time_util::FormatDay(review_date),
                     " is before the filing of ", time_util::FormatDay(filing.filed_date)));
  }
  if (filing.status == FilingStatus::kReviewed) {
    return absl::FailedPreconditionError(
        absl::StrCat("the filing was already reviewed on ",
                     time_util::FormatDay(filing.review_date.value_or(filing.filed_date)), " by ",
                     filing.reviewer));
  }
  filing.status = FilingStatus::kReviewed;
  filing.reviewer = std::string(reviewer);
  filing.review_date = review_date;
  filing.rectification_suggestions = suggestions;
  filing.rectification =
      suggestions.empty() ? RectificationStatus::kNotRequired : RectificationStatus::kRequired;
  return absl::OkStatus();
}

absl::Status CheckCaseFileReview(const CaseFileReview& review, absl::string_view prefix) {
  if (absl::Status s = validation::CheckText(review.reviewer, absl::StrCat(prefix, "reviewer"), 1,
                                             kMaxPersonNameChars);
      !s.ok()) {
    return s;
  }
  if (review.score < kMinReviewScore || review.score > kMaxReviewScore) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "score: ", review.score,
                                                   " is not between ", kMinReviewScore, " and ",
                                                   kMaxReviewScore));
  }
  return CheckLines(review.findings, absl::StrCat(prefix, "findings"), false);
}

absl::Status CheckNewComplaint(const Complaint& complaint, absl::string_view prefix) {
  if (absl::Status s = validation::CheckText(
          complaint.complainant, absl::StrCat(prefix, "complainant"), 1, kMaxPersonNameChars);
      !s.ok()) {
    return s;
  }
  return validation::CheckText(complaint.content, absl::StrCat(prefix, "content"), 1,
                               kMaxReviewTextChars);
}

absl::Status IssueLetter(Complaint& complaint, const SupervisionLetter& letter) {
  if (absl::Status s = validation::CheckText(letter.document_number, "letter.document_number", 1,
                                             kMaxDocumentNumberChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckLines(letter.requirements, "letter.requirements", true); !s.ok()) {
    return s;
  }
  if (letter.issued_date < complaint.received_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("letter.issued_date: ", time_util::FormatDay(letter.issued_date),
                     " is before the complaint was received on ",
                     time_util::FormatDay(complaint.received_date)));
  }
  if (letter.due_date < letter.issued_date) {
    return absl::InvalidArgumentError(absl::StrCat(
        "letter.due_date: ", time_util::FormatDay(letter.due_date),
        " is before the letter's issued_date ", time_util::FormatDay(letter.issued_date)));
  }
  if (complaint.letter) {
    return absl::FailedPreconditionError(
        absl::StrCat("the complaint was already answered by supervision letter ",
                     complaint.letter->document_number, "; a complaint has one letter"));
  }
  complaint.letter = letter;
  complaint.rectification = RectificationStatus::kRequired;
  complaint.rectification_report.clear();
  return absl::OkStatus();
}

absl::Status MoveRectification(RectificationStatus& status, std::string& report,
                               RectificationStatus to, absl::string_view new_report) {
  switch (to) {
    case RectificationStatus::kReported:
      if (absl::Status s = validation::CheckText(new_report, "report", 1, kMaxReviewTextChars);
          !s.ok()) {
        return s;
      }
      if (status != RectificationStatus::kRequired) {
        return absl::FailedPreconditionError(
            absl::StrCat("rectification is ", RectificationName(status),
                         "; a department reports its rectification only while it is REQUIRED"));
      }
      status = to;
      report = std::string(new_report);
      return absl::OkStatus();
    case RectificationStatus::kConfirmed:
      if (!new_report.empty()) {
        return absl::InvalidArgumentError(
            "report: the report is the department's; confirming takes none");
      }
      if (status != RectificationStatus::kReported) {
        return absl::FailedPreconditionError(
            absl::StrCat("rectification is ", RectificationName(status),
                         "; it can be confirmed only after the department REPORTED it"));
      }
      status = to;
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          "rectification: set REPORTED (the department) or CONFIRMED (the supervisor)");
  }
}

absl::string_view RectificationName(RectificationStatus status) {
  switch (status) {
    case RectificationStatus::kNotRequired:
      return "NOT_REQUIRED";
    case RectificationStatus::kRequired:
      return "REQUIRED";
    case RectificationStatus::kReported:
      return "REPORTED";
    case RectificationStatus::kConfirmed:
      return "CONFIRMED";
    case RectificationStatus::kUnspecified:
      break;
  }
  return "not set (no supervision letter yet)";
}

}  // namespace fazhi::cases

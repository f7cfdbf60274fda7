#include "services/cases/domain/litigation.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::cases {

absl::Status CheckNewLawsuit(const Lawsuit& suit, int defendant_kind, absl::string_view prefix) {
  if (absl::Status s =
          validation::CheckText(suit.court_case_number, absl::StrCat(prefix, "court_case_number"),
                                1, kMaxCourtCaseNumberChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          validation::CheckText(suit.court, absl::StrCat(prefix, "court"), 1, kMaxCourtChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(suit.plaintiff, absl::StrCat(prefix, "plaintiff"), 1,
                                             kMaxPersonNameChars);
      !s.ok()) {
    return s;
  }
  if (!suit.hearings.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(prefix, "hearings: a new lawsuit has none; record them with RecordHearing"));
  }
  if (suit.outcome != JudgmentOutcome::kUnspecified || suit.judgment_date) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix, "outcome: a new lawsuit has no judgment; record it with RecordJudgment"));
  }
  bool government = defendant_kind == kGovernmentUnitKind;
  if (suit.government_defendant != government) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix, "government_defendant: ", suit.government_defendant ? "true" : "false",
        ", but the defendant '", suit.defendant_department_id, "' is ",
        government ? "a government (人民政府) itself" : "not a government but one of its units"));
  }
  return absl::OkStatus();
}

absl::Status AddHearing(Lawsuit& suit, const Hearing& hearing) {
  if (hearing.date < suit.filed_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("hearing.date: ", time_util::FormatDay(hearing.date),
                     " is before the suit was filed on ", time_util::FormatDay(suit.filed_date)));
  }
  if (!suit.hearings.empty() && hearing.date < suit.hearings.back().date) {
    return absl::InvalidArgumentError(absl::StrCat(
        "hearing.date: ", time_util::FormatDay(hearing.date), " is before the last hearing on ",
        time_util::FormatDay(suit.hearings.back().date)));
  }
  if (hearing.head_appeared) {
    if (absl::Status s =
            validation::CheckText(hearing.head_title, "hearing.head_title", 1, kMaxHeadTitleChars);
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(s.message(), " (say who appeared, e.g. 副市长 or 局长)"));
    }
  } else if (!hearing.head_title.empty()) {
    return absl::InvalidArgumentError(
        "hearing.head_title: given, but head_appeared is false; set both or neither");
  }
  if (suit.judgment_date) {
    return absl::FailedPreconditionError(absl::StrCat("the suit was judged on ",
                                                      time_util::FormatDay(*suit.judgment_date),
                                                      "; no hearing follows a judgment"));
  }
  if (suit.hearings.size() >= kMaxHearings) {
    return absl::FailedPreconditionError(
        absl::StrCat("the suit already has ", kMaxHearings, " hearings"));
  }
  suit.hearings.push_back(hearing);
  return absl::OkStatus();
}

absl::Status RecordJudgment(Lawsuit& suit, JudgmentOutcome outcome, absl::CivilDay date) {
  int value = static_cast<int>(outcome);
  if (value <= 0 || value > kMaxJudgmentOutcome) {
    return absl::InvalidArgumentError(
        "outcome: give the judgment's outcome (upheld, lost, withdrawn, mediated or dismissed)");
  }
  if (date < suit.filed_date) {
    return absl::InvalidArgumentError(absl::StrCat("date: ", time_util::FormatDay(date),
                                                   " is before the suit was filed on ",
                                                   time_util::FormatDay(suit.filed_date)));
  }
  if (!suit.hearings.empty() && date < suit.hearings.back().date) {
    return absl::InvalidArgumentError(
        absl::StrCat("date: ", time_util::FormatDay(date), " is before the last hearing on ",
                     time_util::FormatDay(suit.hearings.back().date)));
  }
  if (suit.judgment_date) {
    return absl::FailedPreconditionError(
        absl::StrCat("the suit was already judged on ", time_util::FormatDay(*suit.judgment_date)));
  }
  suit.outcome = outcome;
  suit.judgment_date = date;
  return absl::OkStatus();
}

int HeadAppearances(const Lawsuit& suit) {
  int n = 0;
  for (const Hearing& h : suit.hearings) n += h.head_appeared;
  return n;
}

}  // namespace fazhi::cases

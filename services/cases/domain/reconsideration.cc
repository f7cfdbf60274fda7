#include "services/cases/domain/reconsideration.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/domain/enum_lists.h"

namespace fazhi::cases {

time_util::DueDate ReconsiderationExaminationDueDate(
    absl::CivilDay application, const time_util::WorkingDayCalendar& calendar) {
  return calendar.WorkingPeriodEnd(application, kReconsiderationExaminationWorkingDays);
}

time_util::DueDate ReconsiderationDecisionDueDate(absl::CivilDay acceptance, bool simple_procedure,
                                                  int extension_days,
                                                  const time_util::WorkingDayCalendar& calendar) {
  return calendar.CalendarPeriodEnd(
      acceptance,
      (simple_procedure ? kReconsiderationSimpleDecisionDays : kReconsiderationDecisionDays) +
          extension_days);
}

void SetReconsiderationDecisionDueDate(Reconsideration& r,
                                       const time_util::WorkingDayCalendar& calendar) {
  if (!r.acceptance_date) return;
  time_util::DueDate due = ReconsiderationDecisionDueDate(*r.acceptance_date, r.simple_procedure,
                                                          r.extension_days, calendar);
  r.decision_due_date = due.day;
  r.decision_due_pending = due.pending;
}

bool ApplyDeemedAcceptance(Reconsideration& r, absl::CivilDay as_of,
                           const time_util::WorkingDayCalendar& calendar) {
  if (r.stage != ReconsiderationStage::kApplied || r.examination_due_pending ||
      as_of <= r.examination_due_date) {
    return false;
  }
  r.stage = ReconsiderationStage::kAccepted;
  r.deemed_accepted = true;
  r.acceptance_date = r.examination_due_date;
  SetReconsiderationDecisionDueDate(r, calendar);
  return true;
}

OutcomeGroup GroupOfOutcome(ReconsiderationOutcome outcome) {
  switch (outcome) {
    case ReconsiderationOutcome::kUpheld:
      return OutcomeGroup::kUpheld;
    case ReconsiderationOutcome::kRevoked:
    case ReconsiderationOutcome::kAltered:
    case ReconsiderationOutcome::kConfirmedIllegal:
    case ReconsiderationOutcome::kOrderedToPerform:
      return OutcomeGroup::kCorrected;
    case ReconsiderationOutcome::kMediated:
    case ReconsiderationOutcome::kSettled:
      return OutcomeGroup::kMediated;
    case ReconsiderationOutcome::kRejected:
      return OutcomeGroup::kRejected;
    case ReconsiderationOutcome::kTerminated:
      return OutcomeGroup::kTerminated;
    case ReconsiderationOutcome::kUnspecified:
      break;
  }
  return OutcomeGroup::kNone;
}

std::vector<ReconsiderationOutcome> OutcomesIn(OutcomeGroup group) {
  return ValuesWhere<ReconsiderationOutcome>(
      kMaxReconsiderationOutcome,
      [group](ReconsiderationOutcome outcome) { return GroupOfOutcome(outcome) == group; });
}

OutcomeGroup GroupOf(const Reconsideration& r) {
  switch (r.stage) {
    case ReconsiderationStage::kNotAccepted:
      return OutcomeGroup::kNotAccepted;
    case ReconsiderationStage::kDecided:
      return GroupOfOutcome(r.outcome);
    default:
      return OutcomeGroup::kNone;
  }
}

bool IsCorrected(ReconsiderationOutcome outcome) {
  return GroupOfOutcome(outcome) == OutcomeGroup::kCorrected;
}

absl::Status OpenReconsideration(Reconsideration& r, absl::string_view prefix,
                                 const time_util::WorkingDayCalendar& calendar) {
  if (absl::Status s = validation::CheckText(r.applicant, absl::StrCat(prefix, "applicant"), 1,
                                             kMaxPersonNameChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(r.request, absl::StrCat(prefix, "request"), 1,
                                             kMaxReconsiderationTextChars);
      !s.ok()) {
    return s;
  }
  if (r.simple_procedure && r.application_date < kReconsiderationLaw2023InForce) {
    return absl::InvalidArgumentError(absl::StrCat(
        prefix, "simple_procedure: the application of ", time_util::FormatDay(r.application_date),
        " falls under the law before its 2023 revision, which has no simple procedure (in force "
        "from 2024-01-01)"));
  }
  r.stage = ReconsiderationStage::kApplied;
  time_util::DueDate examination = ReconsiderationExaminationDueDate(r.application_date, calendar);
  r.examination_due_date = examination.day;
  r.examination_due_pending = examination.pending;
  r.acceptance_date.reset();
  r.deemed_accepted = false;
  r.not_accepted_reason.clear();
  r.decision_due_date.reset();
  r.decision_due_pending = false;
  r.extension_days = 0;
  r.extension_reason.clear();
  r.outcome = ReconsiderationOutcome::kUnspecified;
  r.decision_date.reset();
  r.decision_summary.clear();
  return absl::OkStatus();
}

absl::Status ExamineReconsideration(Reconsideration& r, bool accept, absl::CivilDay date,
                                    absl::string_view reason,
                                    const time_util::WorkingDayCalendar& calendar) {
  if (date < r.application_date) {
    return absl::InvalidArgumentError(absl::StrCat("date: ", time_util::FormatDay(date),
                                                   " is before the application of ",
                                                   time_util::FormatDay(r.application_date)));
  }
  if (!accept) {
    if (absl::Status s = validation::CheckText(reason, "reason", 1, kMaxReconsiderationTextChars);
        !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(s.message(), " (a refusal to accept states its reason)"));
    }
  } else if (!reason.empty()) {
    return absl::InvalidArgumentError("reason: only a refusal to accept takes a reason");
  }
  if (r.deemed_accepted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the application was deemed accepted on ", time_util::FormatDay(*r.acceptance_date),
        ", when its examination period ended without a refusal (行政复议法 Art. 30); it is "
        "decided now, no longer examined"));
  }
  if (r.stage != ReconsiderationStage::kApplied) {
    return absl::FailedPreconditionError(
        absl::StrCat("the application was already examined (stage ",
                     ReconsiderationStageName(r.stage), "); it is examined once"));
  }
  if (!r.examination_due_pending && date > r.examination_due_date) {
    return absl::InvalidArgumentError(absl::StrCat(
        "date: ", time_util::FormatDay(date), " is after the examination period, which ended on ",
        time_util::FormatDay(r.examination_due_date), " (", kReconsiderationExaminationWorkingDays,
        " working days, 行政复议法 Arts 30 and 88); an application not refused by then is deemed "
        "accepted on that day"));
  }
  if (accept) {
    r.stage = ReconsiderationStage::kAccepted;
    r.acceptance_date = date;
    SetReconsiderationDecisionDueDate(r, calendar);
  } else {
    r.stage = ReconsiderationStage::kNotAccepted;
    r.not_accepted_reason = std::string(reason);
  }
  return absl::OkStatus();
}

absl::Status ExtendReconsideration(Reconsideration& r, int days, absl::string_view reason,
                                   const time_util::WorkingDayCalendar& calendar) {
  if (days < 1 || days > kReconsiderationExtensionDays) {
    return absl::InvalidArgumentError(absl::StrCat("days: ", days,
                                                   " is not an extension the law allows: 1 to ",
                                                   kReconsiderationExtensionDays, " days, once"));
  }
  if (absl::Status s = validation::CheckText(reason, "reason", 1, kMaxReconsiderationTextChars);
      !s.ok()) {
    return s;
  }
  if (r.stage != ReconsiderationStage::kAccepted) {
    return absl::FailedPreconditionError(
        absl::StrCat("only an accepted case awaiting decision can be extended; this one is ",
                     ReconsiderationStageName(r.stage)));
  }
  if (r.simple_procedure) {
    return absl::FailedPreconditionError(
        "a case under the simple procedure (简易程序) is decided within 30 days without extension");
  }
  if (r.extension_days > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the decision deadline was already extended by ", r.extension_days,
                     " days; the law allows one extension"));
  }
  r.extension_days = days;
  r.extension_reason = std::string(reason);
  SetReconsiderationDecisionDueDate(r, calendar);
  return absl::OkStatus();
}

absl::Status DecideReconsideration(Reconsideration& r, ReconsiderationOutcome outcome,
                                   absl::CivilDay date, absl::string_view summary) {
  int value = static_cast<int>(outcome);
  if (value <= 0 || value > kMaxReconsiderationOutcome) {
    return absl::InvalidArgumentError(
        "outcome: give the decision's outcome (upheld, revoked, altered, confirmed illegal, "
        "ordered to perform, mediated, settled, rejected or terminated)");
  }
  if (absl::Status s = validation::CheckText(summary, "summary", 0, kMaxReconsiderationTextChars);
      !s.ok()) {
    return s;
  }
  if (r.stage != ReconsiderationStage::kAccepted) {
    return absl::FailedPreconditionError(absl::StrCat(
        "only an accepted case awaiting decision can be decided; this one is ",
        ReconsiderationStageName(r.stage),
        r.stage == ReconsiderationStage::kApplied ? " (examine it for acceptance first)" : ""));
  }
  if (date < *r.acceptance_date) {
    return absl::InvalidArgumentError(absl::StrCat("date: ", time_util::FormatDay(date),
                                                   " is before the acceptance of ",
                                                   time_util::FormatDay(*r.acceptance_date)));
  }
  r.stage = ReconsiderationStage::kDecided;
  r.outcome = outcome;
  r.decision_date = date;
  r.decision_summary = std::string(summary);
  return absl::OkStatus();
}

bool DecidedLate(const Reconsideration& r) {
  return r.decision_date && r.decision_due_date && !r.decision_due_pending &&
         *r.decision_date > *r.decision_due_date;
}

absl::string_view ReconsiderationStageName(ReconsiderationStage stage) {
  switch (stage) {
    case ReconsiderationStage::kApplied:
      return "APPLIED";
    case ReconsiderationStage::kAccepted:
      return "ACCEPTED";
    case ReconsiderationStage::kNotAccepted:
      return "NOT_ACCEPTED";
    case ReconsiderationStage::kDecided:
      return "DECIDED";
    case ReconsiderationStage::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

}  // namespace fazhi::cases

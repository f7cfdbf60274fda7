#include "services/cases/domain/case_lifecycle.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/domain/enum_lists.h"

namespace fazhi::cases {
namespace {

absl::Status Refused(absl::string_view why) { return absl::FailedPreconditionError(why); }

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

bool IsTerminal(CaseStage stage) {
  return stage == CaseStage::kClosed || EndedWithoutDecision(stage);
}

bool BeforeDecision(CaseStage stage) {
  return stage == CaseStage::kFiled || stage == CaseStage::kInvestigating ||
         stage == CaseStage::kLegalReview || stage == CaseStage::kNotified;
}

bool ReviewPassed(const EnforcementCase& c) {
  return c.legal_review && c.legal_review->result == LegalReviewResult::kPassed;
}

// The refusal for a move from a closed, withdrawn or transferred case.
absl::Status TerminalRefusal(const EnforcementCase& c) {
  return Refused(absl::StrCat("the case is ", StageName(c.stage), "; nothing more happens to it"));
}

absl::Status CheckDay(absl::CivilDay day, absl::CivilDay not_before,
                      absl::string_view not_before_what, absl::CivilDay today,
                      absl::string_view field) {
  if (absl::Status s = time_util::CheckNotAfterToday(day, today, field); !s.ok()) return s;
  if (day < not_before) {
    return Invalid(field, absl::StrCat(time_util::FormatDay(day), " is before ", not_before_what,
                                       " (", time_util::FormatDay(not_before), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view ActionName(Action action) {
  switch (action) {
    case Action::kStartInvestigation:
      return "start_investigation";
    case Action::kSubmitLegalReview:
      return "submit_legal_review";
    case Action::kRecordLegalReview:
      return "legal_review";
    case Action::kNotify:
      return "notify";
    case Action::kRequestHearing:
      return "request_hearing";
    case Action::kHoldHearing:
      return "hold_hearing";
    case Action::kDecide:
      return "decide";
    case Action::kServe:
      return "serve";
    case Action::kRecordExecution:
      return "execute";
    case Action::kClose:
      return "close";
    case Action::kWithdraw:
      return "withdraw";
    case Action::kTransfer:
      return "transfer";
  }
  return "unknown";
}

bool EndedWithoutDecision(CaseStage stage) {
  switch (stage) {
    case CaseStage::kWithdrawn:
    case CaseStage::kTransferred:
      return true;
    case CaseStage::kUnspecified:
    case CaseStage::kFiled:
    case CaseStage::kInvestigating:
    case CaseStage::kLegalReview:
    case CaseStage::kNotified:
    case CaseStage::kDecided:
    case CaseStage::kServed:
    case CaseStage::kExecuted:
    case CaseStage::kClosed:
      break;
  }
  return false;
}

std::vector<CaseStage> StagesEndedWithoutDecision() {
  return ValuesWhere<CaseStage>(kMaxCaseStage, EndedWithoutDecision);
}

absl::Status CanDecide(const EnforcementCase& c) {
  if (IsTerminal(c.stage)) return TerminalRefusal(c);
  if (!BeforeDecision(c.stage)) return Refused("the case is already decided");
  if (c.stage == CaseStage::kFiled) {
    return Refused("investigate (调查取证) before a decision: start the investigation first");
  }
  // Art. 58 comes first: it is the rule a clerk must not miss, whatever else is pending.
  if (c.major && !ReviewPassed(c)) {
    return Refused(
        "a major case needs a passed legal review (法制审核, 行政处罚法 Art. 58) before a "
        "decision");
  }
  if (c.stage == CaseStage::kLegalReview && !c.legal_review) {
    return Refused("the legal review (法制审核) has no result yet: record it before a decision");
  }
  if (c.kind == CaseKind::kPenalty && !c.notified_date) {
    return Refused(
        "notify the party of the intended penalty and of their rights to state their case and "
        "to a hearing (告知, 行政处罚法 Art. 44) before a decision");
  }
  return absl::OkStatus();
}

absl::Status CheckHearingPeriod(const EnforcementCase& c, const Decision& decision,
                                const time_util::WorkingDayCalendar& calendar,
                                const HearingThresholds& thresholds) {
  if (!c.notified_date) return absl::OkStatus();
  if (decision.date < *c.notified_date) {
    return Invalid("decide.decision.date",
                   absl::StrCat("the decision comes after the notification of ",
                                time_util::FormatDay(*c.notified_date)));
  }
  // A hearing that was held is decided on (Art. 65), whether or not the law required it.
  if (c.hearing && decision.date < c.hearing->hearing_date) {
    return Refused(absl::StrCat(
        "the decision follows the hearing (听证) held on ",
        time_util::FormatDay(c.hearing->hearing_date),
        " and rests on its transcript (行政处罚法 Art. 65): decide on or after that day, not on ",
        time_util::FormatDay(decision.date)));
  }
  if (c.kind != CaseKind::kPenalty || decision.on_the_spot) return absl::OkStatus();
  // Art. 63: a warning or a small fine gives no hearing right, so nothing to wait for.
  if (!HasHearingRights(c.party.type, decision.sanctions, thresholds)) return absl::OkStatus();
  std::string notified = time_util::FormatDay(*c.notified_date);
  if (c.hearing_requested) {
    if (c.hearing) return absl::OkStatus();
    return Refused(absl::StrCat(
        "the party requested a hearing (听证)",
        c.hearing_request_date ? absl::StrCat(" on ", time_util::FormatDay(*c.hearing_request_date))
                               : std::string(),
        " and this decision gives hearing rights (行政处罚法 Art. 63): hold the hearing and "
        "record it (hold_hearing) before the decision, which follows it (Art. 65)"));
  }
  absl::CivilDay earliest = EarliestDecisionDate(*c.notified_date, calendar);
  if (decision.date >= earliest) return absl::OkStatus();
  return Refused(absl::StrCat(
      "this decision gives hearing rights (行政处罚法 Art. 63) and the party may request a "
      "hearing (听证) within ",
      kHearingRequestWorkingDays, " working days of the notification of ", notified,
      ", up to and including ",
      time_util::FormatDay(HearingRequestDueDate(*c.notified_date, calendar)),
      " (Art. 64(1), in working days per Art. 85): decide on or after ",
      time_util::FormatDay(earliest), ", not on ", time_util::FormatDay(decision.date)));
}

absl::StatusOr<std::string> ApplyStep(EnforcementCase& c, Step step,
                                      const time_util::WorkingDayCalendar& calendar,
                                      const HearingThresholds& thresholds, absl::CivilDay today) {
  if (IsTerminal(c.stage)) return TerminalRefusal(c);
  switch (step.action) {
    case Action::kStartInvestigation:
      if (c.stage != CaseStage::kFiled) {
        return Refused(absl::StrCat("the investigation starts once, from filed; the case is ",
                                    StageName(c.stage)));
      }
      c.stage = CaseStage::kInvestigating;
      return std::string();

    case Action::kSubmitLegalReview:
      if (c.stage != CaseStage::kInvestigating && c.stage != CaseStage::kNotified) {
        if (c.stage == CaseStage::kFiled) {
          return Refused("start the investigation (调查取证) before a legal review");
        }
        return Refused(
            absl::StrCat("a legal review is submitted from investigating or notified; "
                         "the case is ",
                         StageName(c.stage)));
      }
      // A new submission starts a new review: an earlier RETURNED one no longer counts.
      c.legal_review.reset();
      c.stage = CaseStage::kLegalReview;
      return std::string();

    case Action::kRecordLegalReview: {
      if (c.stage != CaseStage::kLegalReview) {
        return Refused(
            absl::StrCat("submit the case for legal review (法制审核) first; the case "
                         "is ",
                         StageName(c.stage)));
      }
      if (c.legal_review) {
        return Refused(
            "this legal review already has its result; submit the case again for a "
            "new one");
      }
      LegalReview& r = step.review;
      if (absl::Status s = validation::CheckText(r.reviewer, "record_legal_review.review.reviewer",
                                                 1, kMaxNameChars);
          !s.ok()) {
        return s;
      }
      if (r.result != LegalReviewResult::kPassed && r.result != LegalReviewResult::kReturned) {
        return Invalid("record_legal_review.review.result", "must be PASSED or RETURNED");
      }
      if (r.result == LegalReviewResult::kReturned && r.opinion.empty()) {
        return Invalid("record_legal_review.review.opinion",
                       "a returned review gives the reviewer's opinion");
      }
      if (absl::Status s = CheckDay(r.date, c.filed_date, "the filing", today,
                                    "record_legal_review.review.date");
          !s.ok()) {
        return s;
      }
      c.legal_review = r;
      // RETURNED: back to investigation with the reviewer's opinion; PASSED: the case waits in
      // legal review for notification or the decision.
      if (r.result == LegalReviewResult::kReturned) c.stage = CaseStage::kInvestigating;
      return std::string();
    }

    case Action::kNotify:
      if (c.notified_date) {
        return Refused(absl::StrCat("the party was already notified on ",
                                    time_util::FormatDay(*c.notified_date)));
      }
      if (c.stage == CaseStage::kFiled) {
        return Refused("start the investigation (调查取证) before notifying the party");
      }
      if (c.stage == CaseStage::kLegalReview && !ReviewPassed(c)) {
        return Refused(
            "the legal review (法制审核) has no result yet: record it before notifying "
            "the party");
      }
      if (c.stage != CaseStage::kInvestigating && c.stage != CaseStage::kLegalReview) {
        return Refused(absl::StrCat("the party is notified before the decision; the case is ",
                                    StageName(c.stage)));
      }
      if (absl::Status s = CheckDay(step.date, c.filed_date, "the filing", today, "notify.date");
          !s.ok()) {
        return s;
      }
      c.notified_date = step.date;
      c.hearing_requested = step.hearing_requested;
      if (step.hearing_requested) c.hearing_request_date = step.date;
      c.stage = CaseStage::kNotified;
      return std::string();

    case Action::kRequestHearing:
      if (absl::Status s = CheckHearingRequest(c, step.date, calendar, today); !s.ok()) return s;
      c.hearing_requested = true;
      c.hearing_request_date = step.date;
      return std::string();

    case Action::kHoldHearing:
      if (absl::Status s = CheckHearing(c, step.hearing, calendar, today); !s.ok()) return s;
      c.hearing = std::move(step.hearing);
      return std::string(c.hearing->party_appeared
                             ? ""
                             : "the party did not appear at the hearing (行政处罚法 Art. 64(6))");

    case Action::kDecide: {
      if (absl::Status s = CanDecide(c); !s.ok()) return s;
      if (absl::Status s = CheckDecision(c, step.decision, today, "decide.decision"); !s.ok()) {
        return s;
      }
      if (absl::Status s = CheckHearingPeriod(c, step.decision, calendar, thresholds); !s.ok()) {
        return s;
      }
      time_util::DueDate due = DisclosureDueDate(c.kind, step.decision.date, calendar);
      c.hearing_rights = c.kind == CaseKind::kPenalty && !step.decision.on_the_spot &&
                         HasHearingRights(c.party.type, step.decision.sanctions, thresholds);
      c.decision = std::move(step.decision);
      c.disclosure = Disclosure{};
      c.disclosure.due_date = due.day;
      c.disclosure.due_pending = due.pending;
      c.stage = CaseStage::kDecided;
      std::string remark;
      if (!c.decision_due_pending && c.decision->date > c.decision_due_date) {
        remark = absl::StrCat("decided ", c.decision->date - c.decision_due_date,
                              " days after the decision deadline of ",
                              time_util::FormatDay(c.decision_due_date), " (行政处罚法 Art. 60)");
      }
      return remark;
    }

    case Action::kServe: {
      if (c.stage != CaseStage::kDecided) {
        if (BeforeDecision(c.stage)) return Refused("decide (决定) before serving the decision");
        return Refused(
            absl::StrCat("the decision is served once; the case is ", StageName(c.stage)));
      }
      if (absl::Status s =
              CheckDay(step.date, c.decision->date, "the decision", today, "serve.date");
          !s.ok()) {
        return s;
      }
      c.served_date = step.date;
      c.party_absent = step.party_absent;
      c.stage = CaseStage::kServed;
      // Late service is a fact to record, not to refuse: the record must show it.
      if (time_util::DueDate due = ServeDueDate(c.decision->date, calendar);
          step.party_absent && !due.pending && step.date > due.day) {
        return absl::StrCat(
            "served ", step.date - due.day, " days after the limit of ",
            kServeWorkingDaysWhenAbsent, " working days for a party absent from the decision, ",
            time_util::FormatDay(due.day), " (行政处罚法 Art. 61, in working days per Art. 85)");
      }
      return std::string();
    }

    case Action::kRecordExecution: {
      if (c.stage != CaseStage::kServed && c.stage != CaseStage::kExecuted) {
        if (BeforeDecision(c.stage))
          return Refused("decide (决定) and serve (送达) before execution");
        return Refused("serve the decision (送达) before recording its execution");
      }
      if (step.collected_fen < 0) {
        return Invalid("record_execution.collected_fen", "cannot be negative");
      }
      int64_t imposed = ImposedFen(*c.decision);
      if (c.collected_fen + step.collected_fen > imposed) {
        return Invalid(
            "record_execution.collected_fen",
            absl::StrCat("collecting ", step.collected_fen, " fen would bring the total to ",
                         c.collected_fen + step.collected_fen, " fen, more than the ", imposed,
                         " fen the decision imposed"));
      }
      if (absl::Status s =
              CheckDay(step.date, *c.served_date, "the service", today, "record_execution.date");
          !s.ok()) {
        return s;
      }
      c.collected_fen += step.collected_fen;
      c.executed_date = step.date;
      c.stage = CaseStage::kExecuted;
      return std::string();
    }

    case Action::kClose:
      if (c.stage != CaseStage::kExecuted) {
        if (BeforeDecision(c.stage)) {
          return Refused(
              "a case is closed (结案) after its decision is served and executed; to "
              "end it before a decision, withdraw or transfer it");
        }
        return Refused("record the execution (执行) before closing the case");
      }
      c.closed_date = today;
      c.stage = CaseStage::kClosed;
      return std::string();

    case Action::kWithdraw:
      if (!BeforeDecision(c.stage)) {
        return Refused("a decided case cannot be withdrawn; revoke the decision instead");
      }
      if (absl::Status s = validation::CheckText(step.reason, "withdraw.reason", 1, kMaxNoteChars);
          !s.ok()) {
        return s;
      }
      c.withdraw_reason = step.reason;
      c.stage = CaseStage::kWithdrawn;
      return std::string();

    case Action::kTransfer: {
      if (!BeforeDecision(c.stage)) {
        return Refused("a decided case cannot be transferred (移送); only an undecided one");
      }
      Transfer& t = step.transfer;
      if (t.destination == TransferDestination::kUnspecified ||
          static_cast<int>(t.destination) > kMaxTransferDestination) {
        return Invalid("transfer.transfer.destination",
                       "must be POLICE_DETENTION, POLICE_CRIMINAL, JUDICIARY or OTHER_AGENCY");
      }
      if (absl::Status s =
              validation::CheckText(t.recipient, "transfer.transfer.recipient", 1, kMaxNameChars);
          !s.ok()) {
        return s;
      }
      if (absl::Status s =
              validation::CheckText(t.reason, "transfer.transfer.reason", 1, kMaxNoteChars);
          !s.ok()) {
        return s;
      }
      if (absl::Status s =
              CheckDay(t.date, c.filed_date, "the filing", today, "transfer.transfer.date");
          !s.ok()) {
        return s;
      }
      c.transfer = t;
      c.stage = CaseStage::kTransferred;
      return std::string();
    }
  }
  return Invalid("step", "unknown step");
}

absl::Status ExtendDecisionDeadline(EnforcementCase& c, const Extension& ext,
                                    const time_util::WorkingDayCalendar& calendar) {
  if (IsTerminal(c.stage)) return TerminalRefusal(c);
  if (!BeforeDecision(c.stage)) {
    return Refused("the case is already decided; its decision deadline no longer runs");
  }
  if (ext.days < 1 || ext.days > kMaxExtensionDays) {
    return Invalid("days", absl::StrCat("an extension is 1 to ", kMaxExtensionDays, " days"));
  }
  if (absl::Status s = validation::CheckText(ext.basis, "basis", 1, kMaxLawChars); !s.ok()) {
    return Invalid("basis",
                   "name the law, regulation or rule that grants the extension, e.g. "
                   "《市场监督管理行政处罚程序规定》第六十四条 (行政处罚法 Art. 60 grants none "
                   "itself: \"法律、法规、规章另有规定的，从其规定\")");
  }
  if (absl::Status s = validation::CheckText(ext.approved_by, "approved_by", 1, kMaxNameChars);
      !s.ok()) {
    return Invalid("approved_by",
                   "name the department head who approved the extension (负责人批准)");
  }
  if (absl::Status s = validation::CheckText(ext.reason, "reason", 1, kMaxNoteChars); !s.ok()) {
    return s;
  }
  if (c.extension_count >= kMaxExtensions) {
    return Refused(absl::StrCat("the decision deadline was already extended ", c.extension_count,
                                " times (", c.extension_days,
                                " days); a further extension is not allowed: decide the case, "
                                "withdraw it or transfer it"));
  }
  if (c.extension_count > 0 && !ext.collective_decision) {
    return Invalid("collective_decision",
                   "a second extension is decided by the department heads' collective "
                   "discussion (负责人集体讨论), not by one head's approval");
  }
  c.extension_days += ext.days;
  c.extension_count += 1;
  SetDecisionDueDate(c, calendar);
  return absl::OkStatus();
}

void SetDecisionDueDate(EnforcementCase& c, const time_util::WorkingDayCalendar& calendar) {
  time_util::DueDate due = DecisionDueDate(c.filed_date, c.extension_days, calendar);
  c.decision_due_date = due.day;
  c.decision_due_pending = due.pending;
}

absl::Status PublishDecision(EnforcementCase& c, absl::string_view public_summary,
                             absl::string_view field, absl::Time now) {
  if (!c.decision) {
    return Refused(
        absl::StrCat("only a decision is published (公示); decide the case first (it "
                     "is ",
                     StageName(c.stage), ")"));
  }
  if (c.revoked) return Refused("the decision was revoked; a revoked decision is not published");
  if (c.disclosure.published) return Refused("the decision is already published");
  if (absl::Status s = CheckPublicSummary(c, public_summary, field); !s.ok()) return s;
  c.disclosure.public_summary = std::string(public_summary);
  c.disclosure.published = true;
  c.disclosure.publish_time = now;
  return absl::OkStatus();
}

absl::Status RevokeDecision(EnforcementCase& c, absl::string_view reason, absl::Time now) {
  if (!c.decision) return Refused("there is no decision to revoke; decide the case first");
  if (c.revoked) return Refused("the decision is already revoked");
  if (absl::Status s = validation::CheckText(reason, "reason", 1, kMaxNoteChars); !s.ok()) {
    return s;
  }
  c.revoked = true;
  if (c.disclosure.published) {
    c.disclosure.withdrawn = true;
    c.disclosure.withdraw_reason = std::string(reason);
    c.disclosure.withdraw_time = now;
  }
  return absl::OkStatus();
}

absl::Status CanAddEvidence(const EnforcementCase& c) {
  if (IsTerminal(c.stage)) {
    return Refused(absl::StrCat("the case is ", StageName(c.stage),
                                "; its record is complete and takes no more evidence"));
  }
  return absl::OkStatus();
}

}  // namespace fazhi::cases

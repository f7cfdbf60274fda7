#include "services/cases/app/case_steps.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/time/date.h"
#include "services/cases/app/case_support.h"
#include "services/cases/domain/case_rules.h"

namespace fazhi::cases {
namespace {

std::string JoinNote(absl::string_view note, absl::string_view remark) {
  if (note.empty()) return std::string(remark);
  if (remark.empty()) return std::string(note);
  return absl::StrCat(note, "; ", remark);
}

// Loads the case, checks its etag, applies change (which returns the event's note) and stores
// the case with an event of action.
template <typename Change>
absl::StatusOr<CaseView> ChangeCase(CaseRepository& store, absl::string_view id,
                                    absl::string_view etag, absl::string_view action,
                                    const Caller& caller, const Change& change) {
  absl::StatusOr<EnforcementCase> c = LoadCase(store, id, "id");
  if (!c.ok()) return c.status();
  if (absl::Status s = api::CheckEtag(etag, c->version, "etag"); !s.ok()) return s;
  EnforcementCase before = *c;
  absl::StatusOr<std::string> note = change(*c);
  if (!note.ok()) return note.status();
  Stamp(*c, caller);
  CaseEvent event = NewEvent(before, *c, action, caller, *std::move(note), {});
  absl::StatusOr<EnforcementCase> stored = store.UpdateCase(*c, event, caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

}  // namespace

absl::StatusOr<CaseView> AdvanceCase(CaseRepository& store, OfficerChecker& officers,
                                     const time_util::WorkingDayCalendar& calendar,
                                     const HearingThresholds& hearing_thresholds,
                                     AdvanceCaseCommand command, const Caller& caller) {
  absl::CivilDay today = time_util::DayInChina(caller.now);
  absl::StatusOr<EnforcementCase> c = LoadCase(store, command.id, "id");
  if (!c.ok()) return c.status();
  if (absl::Status s = api::CheckEtag(command.etag, c->version, "etag"); !s.ok()) return s;
  if (absl::Status s = CheckNote(command.note, "note"); !s.ok()) return s;
  if (absl::Status s = CheckEvidence(command.evidence, "evidence"); !s.ok()) return s;

  Step& step = command.step;
  if (step.action == Action::kDecide) {
    // The law's order of refusals: a decision the case is not ready for is refused before its
    // content is judged, and both before the department service is asked about officers.
    if (absl::Status s = CanDecide(*c); !s.ok()) return s;
    if (absl::Status s = CheckDecision(*c, step.decision, today, "decide.decision"); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckHearingPeriod(*c, step.decision, calendar, hearing_thresholds);
        !s.ok()) {
      return s;
    }
    absl::StatusOr<std::vector<OfficerVerdict>> verdicts =
        officers.Check(c->department_id, step.decision.officer_ids, step.decision.date);
    if (!verdicts.ok()) return verdicts.status();
    if (absl::Status s =
            RequireValidOfficers(*verdicts, "decide.decision.officer_ids", step.decision.date);
        !s.ok()) {
      return s;
    }
  }
  EnforcementCase before = *c;
  Action action = step.action;
  absl::StatusOr<std::string> remark =
      ApplyStep(*c, std::move(step), calendar, hearing_thresholds, today);
  if (!remark.ok()) return remark.status();
  Stamp(*c, caller);
  CaseEvent event = NewEvent(before, *c, ActionName(action), caller,
                             JoinNote(command.note, *remark), std::move(command.evidence));
  absl::StatusOr<EnforcementCase> stored = store.UpdateCase(*c, event, caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

absl::StatusOr<CaseView> AddEvidence(CaseRepository& store, AddEvidenceCommand command,
                                     const Caller& caller) {
  if (command.evidence.empty()) {
    return absl::InvalidArgumentError("evidence: at least one item");
  }
  if (absl::Status s = CheckEvidence(command.evidence, "evidence"); !s.ok()) return s;
  if (absl::Status s = CheckNote(command.note, "note"); !s.ok()) return s;
  // Evidence changes nothing a concurrent step decides on, so the call carries no etag and a
  // conflicting write is simply retried on the fresh case.
  absl::Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<EnforcementCase> c = LoadCase(store, command.id, "id");
    if (!c.ok()) return c.status();
    if (absl::Status s = CanAddEvidence(*c); !s.ok()) return s;
    EnforcementCase before = *c;
    Stamp(*c, caller);
    CaseEvent event = NewEvent(before, *c, "evidence", caller, command.note, command.evidence);
    absl::StatusOr<EnforcementCase> stored = store.UpdateCase(*c, event, caller.audit);
    if (stored.ok()) return ViewFor(*std::move(stored), caller);
    last = stored.status();
    if (last.code() != absl::StatusCode::kAborted) break;
  }
  return last;
}

absl::StatusOr<CaseView> ExtendDecisionDeadline(CaseRepository& store,
                                                const time_util::WorkingDayCalendar& calendar,
                                                const ExtendDecisionDeadlineCommand& command,
                                                const Caller& caller) {
  const Extension& ext = command.extension;
  return ChangeCase(
      store, command.id, command.etag, "extend", caller,
      [&](EnforcementCase& c) -> absl::StatusOr<std::string> {
        if (absl::Status s = cases::ExtendDecisionDeadline(c, ext, calendar); !s.ok()) return s;
        return absl::StrCat(
            "extension ", c.extension_count, ": ", ext.days, " days under ", ext.basis,
            ", approved by ", ext.approved_by,
            ext.collective_decision ? " after the heads' collective discussion" : "", ": ",
            ext.reason, "; now due ", time_util::FormatDay(c.decision_due_date),
            c.decision_due_pending ? " (provisional: no calendar for its year yet)" : "");
      });
}

absl::StatusOr<CaseView> PublishDecision(CaseRepository& store, absl::string_view id,
                                         absl::string_view etag, absl::string_view public_summary,
                                         const Caller& caller) {
  return ChangeCase(
      store, id, etag, "publish", caller, [&](EnforcementCase& c) -> absl::StatusOr<std::string> {
        if (absl::Status s =
                cases::PublishDecision(c, public_summary, "public_summary", caller.now);
            !s.ok()) {
          return s;
        }
        absl::CivilDay today = time_util::DayInChina(caller.now);
        if (!c.disclosure.due_pending && today > c.disclosure.due_date) {
          return absl::StrCat("published after the disclosure deadline of ",
                              time_util::FormatDay(c.disclosure.due_date),
                              " (国办发〔2018〕118号)");
        }
        return std::string();
      });
}

absl::StatusOr<CaseView> RevokeDecision(CaseRepository& store, absl::string_view id,
                                        absl::string_view etag, absl::string_view reason,
                                        const Caller& caller) {
  return ChangeCase(store, id, etag, "revoke", caller,
                    [&](EnforcementCase& c) -> absl::StatusOr<std::string> {
                      if (absl::Status s = cases::RevokeDecision(c, reason, caller.now); !s.ok()) {
                        return s;
                      }
                      return std::string(reason);
                    });
}

}  // namespace fazhi::cases

#include "services/cases/app/reconsideration.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/auth/policy.h"
#include "common/ids/ids.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::cases {
namespace {

absl::CivilDay Today(const app::Caller& caller) { return time_util::DayInChina(caller.now); }

ReconsiderationView ViewFor(Reconsideration r, const time_util::WorkingDayCalendar& calendar,
                            const app::Caller& caller) {
  ApplyDeemedAcceptance(r, Today(caller), calendar);
  bool reveal = auth::MaySeePersonalData(caller.principal, r.body_department_id);
  return ReconsiderationView{std::move(r), reveal};
}

absl::StatusOr<Reconsideration> Require(ReconsiderationRepository& store, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Reconsideration>> found = store.GetReconsideration(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no reconsideration '", id, "'"));
  }
  return **found;
}

// One step on a stored record: read, check the etag, (when deemed_first) apply a deemed
// acceptance the step then stores, apply the rule, write with its audit entry.
absl::StatusOr<ReconsiderationView> Step(ReconsiderationRepository& store,
                                         const time_util::WorkingDayCalendar& calendar,
                                         absl::string_view id, absl::string_view etag,
                                         absl::string_view action, bool deemed_first,
                                         const std::function<absl::Status(Reconsideration&)>& rule,
                                         const app::Caller& caller) {
  absl::StatusOr<Reconsideration> r = Require(store, id);
  if (!r.ok()) return r.status();
  if (absl::Status s = api::CheckEtag(etag, r->stamps.version, "etag"); !s.ok()) return s;
  int64_t version = r->stamps.version;
  if (deemed_first) ApplyDeemedAcceptance(*r, Today(caller), calendar);
  if (absl::Status s = rule(*r); !s.ok()) return s;
  absl::StatusOr<Reconsideration> stored =
      store.UpdateReconsideration(*r, version, action, caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), calendar, caller);
}

}  // namespace

absl::StatusOr<ReconsiderationView> CreateReconsideration(
    ReconsiderationRepository& store, CaseFacts& cases, directory::UnitDirectory& units,
    const time_util::WorkingDayCalendar& calendar, CreateReconsiderationCommand command,
    const app::Caller& caller) {
  if (absl::Status s = validation::CheckText(command.request_id, "request_id", 0, 64); !s.ok()) {
    return s;
  }
  Reconsideration& r = command.reconsideration;
  if (absl::Status s = OpenReconsideration(r, "reconsideration.", calendar); !s.ok()) return s;
  if (!r.case_id.empty()) {
    if (absl::Status s = validation::CheckId(r.case_id, "reconsideration.case_id"); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s =
          RequireUnit(units, r.body_department_id, "reconsideration.body_department_id").status();
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          RequireUnit(units, r.respondent_department_id, "reconsideration.respondent_department_id")
              .status();
      !s.ok()) {
    return s;
  }
  if (!r.case_id.empty()) {
    absl::StatusOr<std::optional<FiledCaseFacts>> found = cases.FindCase(r.case_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("reconsideration.case_id: no enforcement case '", r.case_id, "'"));
    }
  }
  r.id = ids::NewResourceId("reconsideration");
  absl::StatusOr<Reconsideration> stored =
      store.CreateReconsideration(r, app::RequestKey(caller, command.request_id), caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), calendar, caller);
}

absl::StatusOr<ReconsiderationView> GetReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    absl::string_view id, const app::Caller& caller) {
  absl::StatusOr<Reconsideration> r = Require(store, id);
  if (!r.ok()) return r.status();
  return ViewFor(*std::move(r), calendar, caller);
}

absl::StatusOr<ReconsiderationView> ExamineReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const ExamineReconsiderationCommand& command, const app::Caller& caller) {
  // Not deemed first: a refusal made in time and entered late keeps its date (the rule checks
  // the examination's date against the period).
  return Step(
      store, calendar, command.id, command.etag, command.accept ? "accept" : "refuse_to_accept",
      false,
      [&](Reconsideration& r) {
        return cases::ExamineReconsideration(r, command.accept, command.date, command.reason,
                                             calendar);
      },
      caller);
}

absl::StatusOr<ReconsiderationView> ExtendReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    absl::string_view id, absl::string_view etag, int days, absl::string_view reason,
    const app::Caller& caller) {
  return Step(
      store, calendar, id, etag, "extend", true,
      [&](Reconsideration& r) { return cases::ExtendReconsideration(r, days, reason, calendar); },
      caller);
}

absl::StatusOr<ReconsiderationView> DecideReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const DecideReconsiderationCommand& command, const app::Caller& caller) {
  return Step(
      store, calendar, command.id, command.etag, "decide", true,
      [&](Reconsideration& r) {
        return cases::DecideReconsideration(r, command.outcome, command.date, command.summary);
      },
      caller);
}

absl::StatusOr<std::vector<ReconsiderationView>> ListReconsiderations(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const ReviewFilter& filter, ReconsiderationStage stage, const std::optional<DateCursor>& after,
    int limit, const app::Caller& caller) {
  absl::StatusOr<std::vector<Reconsideration>> rows =
      store.ListReconsiderations(filter, stage, Today(caller), after, limit);
  if (!rows.ok()) return rows.status();
  std::vector<ReconsiderationView> views;
  views.reserve(rows->size());
  for (Reconsideration& r : *rows) views.push_back(ViewFor(std::move(r), calendar, caller));
  return views;
}

absl::StatusOr<int> ResolvePendingReconsiderationDueDates(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const audit::AuditContext& audit) {
  constexpr int kBatch = 200;
  int resolved = 0;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<Reconsideration>> batch = store.WithPendingDueDates(after, kBatch);
    if (!batch.ok()) return batch.status();
    for (Reconsideration& r : *batch) {
      after = r.id;
      bool changed = false;
      if (r.examination_due_pending) {
        time_util::DueDate due = ReconsiderationExaminationDueDate(r.application_date, calendar);
        r.examination_due_date = due.day;
        r.examination_due_pending = due.pending;
        changed = changed || !due.pending;
      }
      if (r.decision_due_pending) {
        SetReconsiderationDecisionDueDate(r, calendar);
        changed = changed || !r.decision_due_pending;
      }
      if (!changed) continue;
      if (absl::Status s = store.SetDueDates(r, "resolve_due_date", audit); !s.ok()) return s;
      ++resolved;
    }
    if (static_cast<int>(batch->size()) < kBatch) return resolved;
  }
}

}  // namespace fazhi::cases

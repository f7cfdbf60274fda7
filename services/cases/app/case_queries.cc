#include "services/cases/app/case_queries.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/paging.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/cases/app/case_support.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/deadlines.h"

namespace fazhi::cases {

absl::StatusOr<CaseView> GetCase(CaseRepository& store, absl::string_view id,
                                 const Caller& caller) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<EnforcementCase>> c = store.GetCase(id, true);
  if (!c.ok()) return c.status();
  if (!c->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no enforcement case with id '", id, "'"));
  }
  return ViewFor(**std::move(c), caller);
}

absl::StatusOr<CasePage> ListCases(CaseRepository& store, directory::UnitDirectory& units,
                                   const ListCasesQuery& query, const Caller& caller) {
  absl::StatusOr<std::vector<std::string>> departments =
      DepartmentsOf(units, query.department_id, query.include_descendants, "department_id");
  if (!departments.ok()) return departments.status();
  CaseFilter filter;
  filter.department_ids = *std::move(departments);
  filter.kind = query.kind;
  filter.stage = query.stage;
  filter.year = query.year;
  filter.major_only = query.major_only;
  // One row more than the page tells whether another page follows.
  absl::StatusOr<std::vector<EnforcementCase>> rows =
      store.ListCases(filter, query.after, query.page_size + 1);
  if (!rows.ok()) return rows.status();
  CasePage page;
  if (api::TrimToPage(*rows, query.page_size)) {
    page.next = CaseCursor{time_util::ToYmd(rows->back().filed_date), rows->back().id};
  }
  for (EnforcementCase& c : *rows) page.cases.push_back(ViewFor(std::move(c), caller));
  return page;
}

absl::StatusOr<PublicDecisionPage> ListPublicDecisions(CaseRepository& store,
                                                       directory::UnitDirectory& units,
                                                       const ListPublicDecisionsQuery& query) {
  PublicFilter filter;
  filter.year = query.year;
  if (!query.department_id.empty()) {
    absl::StatusOr<std::vector<std::string>> departments =
        DepartmentsOf(units, query.department_id, true, "department_id");
    if (!departments.ok()) return departments.status();
    filter.department_ids = *std::move(departments);
  }
  absl::StatusOr<std::vector<EnforcementCase>> rows =
      store.ListPublished(filter, query.after, query.page_size + 1);
  if (!rows.ok()) return rows.status();
  PublicDecisionPage page;
  if (api::TrimToPage(*rows, query.page_size)) {
    page.next = PublicCursor{time_util::ToYmd(rows->back().decision->date), rows->back().id};
  }
  for (EnforcementCase& c : *rows) {
    // The feed still shows a decision whose unit the registry cannot name at the moment.
    absl::StatusOr<std::optional<directory::Unit>> unit = units.Find(c.department_id);
    std::string name = unit.ok() && unit->has_value() ? (*unit)->name : "";
    page.decisions.push_back(PublicDecision{std::move(c), std::move(name)});
  }
  return page;
}

absl::StatusOr<OverdueReport> ListOverdue(CaseRepository& store, directory::UnitDirectory& units,
                                          const time_util::WorkingDayCalendar& calendar,
                                          absl::string_view department_id, bool include_descendants,
                                          absl::CivilDay as_of,
                                          const std::optional<OverdueListCursor>& after,
                                          int page_size) {
  absl::StatusOr<std::vector<std::string>> departments =
      DepartmentsOf(units, department_id, include_descendants, "department_id");
  if (!departments.ok()) return departments.status();
  const int64_t as_of_ymd = time_util::ToYmd(as_of);
  OverdueReport report;
  // One more than the page, to know whether another follows.
  const int wanted = std::max(page_size, 1) + 1;
  if (!after.has_value() || after->kind == OverdueKind::kDecision) {
    absl::StatusOr<std::vector<OverdueRow>> decisions = store.UndecidedPastDue(
        *departments, as_of_ymd,
        after.has_value() ? std::optional<OverdueCursor>(after->after) : std::nullopt, wanted);
    if (!decisions.ok()) return decisions.status();
    for (OverdueRow& row : *decisions) {
      int days = DecisionDaysOverdue(time_util::FromYmd(row.due_ymd), as_of);
      report.cases.push_back(OverdueCase{std::move(row), OverdueKind::kDecision, days});
    }
  }
  if (static_cast<int>(report.cases.size()) < wanted) {
    absl::StatusOr<std::vector<OverdueRow>> disclosures =
        store.UnpublishedPastDue(*departments, as_of_ymd,
                                 after.has_value() && after->kind == OverdueKind::kDisclosure
                                     ? std::optional<OverdueCursor>(after->after)
                                     : std::nullopt,
                                 wanted - static_cast<int>(report.cases.size()));
    if (!disclosures.ok()) return disclosures.status();
    for (OverdueRow& row : *disclosures) {
      absl::StatusOr<int> days =
          DisclosureWorkingDaysOverdue(time_util::FromYmd(row.due_ymd), as_of, calendar);
      if (!days.ok()) return days.status();
      report.cases.push_back(OverdueCase{std::move(row), OverdueKind::kDisclosure, *days});
    }
  }
  if (static_cast<int>(report.cases.size()) == wanted) {
    report.cases.pop_back();
    const OverdueCase& last = report.cases.back();
    report.next = OverdueListCursor{last.kind, OverdueCursor{last.row.due_ymd, last.row.id}};
  }
  // The counts of the whole list, counted by the database.
  absl::StatusOr<PastDueCounts> counts = store.CountPastDue(*departments, as_of_ymd);
  if (!counts.ok()) return counts.status();
  std::map<std::string, DepartmentOverdueCount> by_department;
  for (const auto& [id, n] : counts->decisions) {
    by_department[id].decisions = static_cast<int>(n);
    report.total += n;
  }
  for (const auto& [id, n] : counts->disclosures) {
    by_department[id].disclosures = static_cast<int>(n);
    report.total += n;
  }
  for (auto& [id, count] : by_department) {
    count.department_id = id;
    report.departments.push_back(std::move(count));
  }
  absl::StatusOr<PendingDueDateCount> pending = store.CountPendingDueDates(*departments);
  if (!pending.ok()) return pending.status();
  report.pending = *pending;
  return report;
}

absl::StatusOr<std::vector<DepartmentOverdueCount>> CountOverdueByDepartment(CaseRepository& store,
                                                                             absl::CivilDay as_of) {
  absl::StatusOr<std::vector<std::string>> departments = store.DepartmentsWithCases();
  if (!departments.ok()) return departments.status();
  absl::StatusOr<PastDueCounts> counts = store.CountPastDue(*departments, time_util::ToYmd(as_of));
  if (!counts.ok()) return counts.status();
  auto count_of = [](const std::map<std::string, int64_t>& counted, const std::string& id) {
    auto it = counted.find(id);
    return it == counted.end() ? 0 : static_cast<int>(it->second);
  };
  std::vector<DepartmentOverdueCount> out;
  for (const std::string& id : *departments) {
    out.push_back(DepartmentOverdueCount{id, count_of(counts->decisions, id),
                                         count_of(counts->disclosures, id)});
  }
  return out;
}

absl::StatusOr<int> ResolvePendingCaseDueDates(CaseRepository& store,
                                               const time_util::WorkingDayCalendar& calendar,
                                               const audit::AuditContext& audit) {
  constexpr int kBatch = 200;
  int resolved = 0;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<EnforcementCase>> batch =
        store.CasesWithPendingDueDates(after, kBatch);
    if (!batch.ok()) return batch.status();
    for (EnforcementCase& c : *batch) {
      after = c.id;
      bool changed = false;
      if (c.decision_due_pending) {
        SetDecisionDueDate(c, calendar);
        changed = changed || !c.decision_due_pending;
      }
      if (c.decision && c.disclosure.due_pending) {
        time_util::DueDate due = DisclosureDueDate(c.kind, c.decision->date, calendar);
        c.disclosure.due_date = due.day;
        c.disclosure.due_pending = due.pending;
        changed = changed || !due.pending;
      }
      if (!changed) continue;
      if (absl::Status s = store.SetDueDates(c, "resolve_due_date", audit); !s.ok()) return s;
      ++resolved;
    }
    if (static_cast<int>(batch->size()) < kBatch) return resolved;
  }
}

}  // namespace fazhi::cases

#ifndef FAZHI_SERVICES_CASES_APP_CASE_QUERIES_H_
#define FAZHI_SERVICES_CASES_APP_CASE_QUERIES_H_

// Reading enforcement cases: one case, a unit's cases, the public feed of decisions (公示) and
// the cases past a statutory deadline. Lists page by keyset: a query takes the position after
// which to read and returns the position of its last row when more follow.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/directory/unit_directory.h"
#include "common/time/working_days.h"
#include "services/cases/app/caller.h"
#include "services/cases/app/case_repository.h"

namespace fazhi::cases {

// The case with its events; NOT_FOUND naming id.
absl::StatusOr<CaseView> GetCase(CaseRepository& store, absl::string_view id, const Caller& caller);

struct ListCasesQuery {
  std::string department_id;
  bool include_descendants = false;
  CaseKind kind = CaseKind::kUnspecified;     // any
  CaseStage stage = CaseStage::kUnspecified;  // any
  int year = 0;                               // any
  bool major_only = false;
  int page_size = 0;  // resolved by the caller, at least 1
  std::optional<CaseCursor> after;
};

struct CasePage {
  std::vector<CaseView> cases;
  // Where the next page starts; none on the last page.
  std::optional<CaseCursor> next;
};

absl::StatusOr<CasePage> ListCases(CaseRepository& store, directory::UnitDirectory& units,
                                   const ListCasesQuery& query, const Caller& caller);

struct ListPublicDecisionsQuery {
  std::string department_id;  // empty: every department; otherwise with its subtree
  int year = 0;               // any
  int page_size = 0;
  std::optional<PublicCursor> after;
};

struct PublicDecision {
  EnforcementCase enforcement_case;
  std::string department_name;  // empty when the registry cannot name it now
};

struct PublicDecisionPage {
  std::vector<PublicDecision> decisions;
  std::optional<PublicCursor> next;
};

// Published decisions, as anyone may read them (persons are masked by their conversion).
absl::StatusOr<PublicDecisionPage> ListPublicDecisions(CaseRepository& store,
                                                       directory::UnitDirectory& units,
                                                       const ListPublicDecisionsQuery& query);

enum class OverdueKind { kDecision, kDisclosure };

struct OverdueCase {
  OverdueRow row;
  OverdueKind kind = OverdueKind::kDecision;
  // Calendar days for decisions (Art. 60), working days for disclosures (国办发〔2018〕118号).
  int days_overdue = 0;
};

struct DepartmentOverdueCount {
  std::string department_id;
  int decisions = 0;
  int disclosures = 0;
};

// Where a page of the overdue list resumes: decisions come before disclosures, each by due date
// and case id.
struct OverdueListCursor {
  OverdueKind kind = OverdueKind::kDecision;
  OverdueCursor after;
};

struct OverdueReport {
  // One page: decisions first, then disclosures, each by due date and case id.
  std::vector<OverdueCase> cases;
  // Where the next page starts; none after the last.
  std::optional<OverdueListCursor> next;
  // Every overdue case of the list, on every page.
  int64_t total = 0;
  // One per department with an overdue case, by department id.
  std::vector<DepartmentOverdueCount> departments;
  // Open obligations whose due date is pending (no calendar for its year yet): not judged above.
  PendingDueDateCount pending;
};

// The unit's (and its subtree's) cases past their decision or disclosure deadline on as_of: a
// page of up to page_size after the cursor, with the counts of the whole list. The database
// sorts and cuts the page, so its cost does not grow with the cases on other pages.
absl::StatusOr<OverdueReport> ListOverdue(CaseRepository& store, directory::UnitDirectory& units,
                                          const time_util::WorkingDayCalendar& calendar,
                                          absl::string_view department_id, bool include_descendants,
                                          absl::CivilDay as_of,
                                          const std::optional<OverdueListCursor>& after,
                                          int page_size);

// Cases past their decision and disclosure deadlines on as_of per department, for every
// department that has a case (zero counts included, so that a gauge returns to 0), by the same
// rules as ListOverdue: what the cases service's fazhi_cases_overdue gauge shows.
absl::StatusOr<std::vector<DepartmentOverdueCount>> CountOverdueByDepartment(CaseRepository& store,
                                                                             absl::CivilDay as_of);

// Counts again every pending case due date (decision and disclosure) the calendar now covers,
// storing each under action "resolve_due_date" with audit; returns how many cases changed. Run
// at start-up: the calendar is loaded then, so a year's new file takes effect on restart.
absl::StatusOr<int> ResolvePendingCaseDueDates(CaseRepository& store,
                                               const time_util::WorkingDayCalendar& calendar,
                                               const audit::AuditContext& audit);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CASE_QUERIES_H_

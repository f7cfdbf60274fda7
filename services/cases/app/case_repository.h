#ifndef FAZHI_SERVICES_CASES_APP_CASE_REPOSITORY_H_
#define FAZHI_SERVICES_CASES_APP_CASE_REPOSITORY_H_

// What the enforcement case use cases need of storage: the store (store/cases_store.h)
// implements it over SQL, the tests over a map. Paging cursors and filters are plain structs;
// their encoding as page tokens is the API's.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

struct CaseFilter {
  // One or more departments (a unit's subtree); required.
  std::vector<std::string> department_ids;
  CaseKind kind = CaseKind::kUnspecified;
  CaseStage stage = CaseStage::kUnspecified;
  int year = 0;
  bool major_only = false;
};

// Keyset paging position: filing date then id.
struct CaseCursor {
  int64_t filed_ymd = 0;
  std::string id;
};

struct PublicFilter {
  std::vector<std::string> department_ids;  // empty: every department
  int year = 0;
};

// The feed runs newest decision first.
struct PublicCursor {
  int64_t decision_ymd = 0;
  std::string id;
};

// A case past a deadline, as the overdue list needs it.
struct OverdueRow {
  std::string id;
  std::string department_id;
  std::string case_number;
  CaseKind kind = CaseKind::kUnspecified;
  // Set for disclosures: the due date is stored; for decisions: decision_due_ymd.
  int64_t due_ymd = 0;
};

// Where a page of UndecidedPastDue or UnpublishedPastDue resumes: after this due date and case id.
struct OverdueCursor {
  int64_t due_ymd = 0;
  std::string id;
};

// How many cases of each department UndecidedPastDue and UnpublishedPastDue would list.
struct PastDueCounts {
  std::map<std::string, int64_t> decisions;
  std::map<std::string, int64_t> disclosures;
};

// Open obligations whose due date is pending (its year has no calendar yet): undecided cases and
// decided, unpublished, unrevoked decisions.
struct PendingDueDateCount {
  int64_t decisions = 0;
  int64_t disclosures = 0;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  // Inserts a new case with its first event ("file") and evidence. ALREADY_EXISTS naming
  // enforcement_case.case_number when the department already has that number. When the
  // request id was used before, returns the case it created instead (and writes nothing).
  virtual absl::StatusOr<EnforcementCase> CreateCase(const EnforcementCase& c,
                                                     const CaseEvent& event,
                                                     absl::string_view request_id,
                                                     const audit::AuditContext& audit) = 0;

  // The case, with its events and evidence when with_events.
  virtual absl::StatusOr<std::optional<EnforcementCase>> GetCase(absl::string_view id,
                                                                 bool with_events) = 0;

  // Writes the case's state as changed by a step, appends the event (its sequence is assigned
  // here) and audits the change under the event's action. ABORTED when the stored version is not
  // updated.version (someone else changed it first); NOT_FOUND when the case is gone. Returns the
  // stored case with its events.
  virtual absl::StatusOr<EnforcementCase> UpdateCase(const EnforcementCase& updated,
                                                     const CaseEvent& event,
                                                     const audit::AuditContext& audit) = 0;

  // Up to limit cases matching filter after the cursor, by filing date then id, without events.
  virtual absl::StatusOr<std::vector<EnforcementCase>> ListCases(
      const CaseFilter& filter, const std::optional<CaseCursor>& after, int limit) = 0;
  // Published, not withdrawn decisions, newest first.
  virtual absl::StatusOr<std::vector<EnforcementCase>> ListPublished(
      const PublicFilter& filter, const std::optional<PublicCursor>& after, int limit) = 0;

  // Up to limit cases of the departments undecided (not withdrawn or transferred) whose decision
  // was due before as_of, by due date and id, after the cursor if one is given.
  virtual absl::StatusOr<std::vector<OverdueRow>> UndecidedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) = 0;
  // The same for decisions not published (nor revoked) whose disclosure was due before as_of.
  // Both leave out due dates still pending: CountPendingDueDates counts those.
  virtual absl::StatusOr<std::vector<OverdueRow>> UnpublishedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) = 0;
  // The same cases counted per department by the database: the metrics' refresh holds a number
  // per unit, not a row per overdue case (a million of them at 10^7 cases).
  virtual absl::StatusOr<PastDueCounts> CountPastDue(const std::vector<std::string>& department_ids,
                                                     int64_t as_of_ymd) = 0;
  virtual absl::StatusOr<PendingDueDateCount> CountPendingDueDates(
      const std::vector<std::string>& department_ids) = 0;
  // Every department that has a case, by id.
  virtual absl::StatusOr<std::vector<std::string>> DepartmentsWithCases() = 0;

  // Up to limit cases of any department with a pending decision or disclosure due date, by id,
  // after the id given ("" for the first).
  virtual absl::StatusOr<std::vector<EnforcementCase>> CasesWithPendingDueDates(
      absl::string_view after_id, int limit) = 0;
  // Stores c's due dates and their pending flags, and nothing else: they follow from the record
  // and the calendar, so the case's version stays; audited as action.
  virtual absl::Status SetDueDates(const EnforcementCase& c, absl::string_view action,
                                   const audit::AuditContext& audit) = 0;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CASE_REPOSITORY_H_

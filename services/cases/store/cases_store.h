#ifndef FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_

// Enforcement cases in the cases service's schema (store/migrations). Every write runs in one
// transaction with its audit entry; a case row carries a version that each write increments and
// that a write must name (optimistic concurrency, etags).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

// The cases service's migrations (embedded from store/migrations).
const std::vector<db::Migration>& Migrations();

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

class CasesStore {
 public:
  explicit CasesStore(db::Database* db) : db_(db) {}

  // Inserts a new case with its first event ("file") and evidence. ALREADY_EXISTS naming
  // enforcement_case.case_number when the department already has that number. When the
  // request id was used before, returns the case it created instead (and writes nothing).
  absl::StatusOr<EnforcementCase> CreateCase(const EnforcementCase& c, const CaseEvent& event,
                                             absl::string_view request_id,
                                             const audit::AuditContext& audit);

  // The case, with its events and evidence when with_events.
  absl::StatusOr<std::optional<EnforcementCase>> GetCase(absl::string_view id, bool with_events);
  // The department of a case (for the authorisation of own-department rules).
  absl::StatusOr<std::optional<std::string>> CaseDepartment(absl::string_view id);

  // Writes the case's state as changed by a step, appends the event (its sequence is assigned
  // here) and audits the change under the event's action. ABORTED when the stored version is not
  // updated.version (someone else changed it first); NOT_FOUND when the case is gone. Returns the
  // stored case with its events.
  absl::StatusOr<EnforcementCase> UpdateCase(const EnforcementCase& updated, const CaseEvent& event,
                                             const audit::AuditContext& audit);

  // Up to limit cases matching filter after the cursor, by filing date then id, without events.
  absl::StatusOr<std::vector<EnforcementCase>> ListCases(const CaseFilter& filter,
                                                         const std::optional<CaseCursor>& after,
                                                         int limit);
  // Published, not withdrawn decisions, newest first.
  absl::StatusOr<std::vector<EnforcementCase>> ListPublished(
      const PublicFilter& filter, const std::optional<PublicCursor>& after, int limit);

  // Cases of the departments undecided (not withdrawn or transferred) whose decision was due
  // before as_of.
  absl::StatusOr<std::vector<OverdueRow>> UndecidedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd);
  // Decisions not published (nor revoked) whose disclosure was due before as_of.
  absl::StatusOr<std::vector<OverdueRow>> UnpublishedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd);

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_

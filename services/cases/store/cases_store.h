#ifndef FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_

// Enforcement cases in the cases service's schema (store/migrations). Every write runs in one
// transaction with its audit entry; a case row carries a version that each write increments and
// that a write must name (optimistic concurrency, etags).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/cases/app/case_repository.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

// The cases service's migrations (embedded from store/migrations).
const std::vector<db::Migration>& Migrations();

// The columns of an enforcement_cases row and their values for a case, exactly as CreateCase
// writes them (without create_request_id): for tools that load many cases directly, such as the
// scale benchmark's generator (tools/bench/scale_load.cc).
std::vector<std::string> CaseColumnNames();
std::vector<db::Value> CaseRowValues(const EnforcementCase& c);

// The use cases' CaseRepository (app/case_repository.h, where each method's contract is) over
// the cases schema.
class CasesStore final : public CaseRepository {
 public:
  // on_write, if set, runs after every committed write of a case (so that cached reads of
  // cases, such as the public feed's, are dropped).
  explicit CasesStore(db::Database* db, std::function<void()> on_write = nullptr)
      : db_(db), on_write_(std::move(on_write)) {}

  absl::StatusOr<EnforcementCase> CreateCase(const EnforcementCase& c, const CaseEvent& event,
                                             absl::string_view request_id,
                                             const audit::AuditContext& audit) override;
  absl::StatusOr<std::optional<EnforcementCase>> GetCase(absl::string_view id,
                                                         bool with_events) override;
  absl::StatusOr<EnforcementCase> UpdateCase(const EnforcementCase& updated, const CaseEvent& event,
                                             const audit::AuditContext& audit) override;
  absl::StatusOr<std::vector<EnforcementCase>> ListCases(const CaseFilter& filter,
                                                         const std::optional<CaseCursor>& after,
                                                         int limit) override;
  absl::StatusOr<std::vector<EnforcementCase>> ListPublished(
      const PublicFilter& filter, const std::optional<PublicCursor>& after, int limit) override;
  absl::StatusOr<std::vector<OverdueRow>> UndecidedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) override;
  absl::StatusOr<std::vector<OverdueRow>> UnpublishedPastDue(
      const std::vector<std::string>& department_ids, int64_t as_of_ymd,
      const std::optional<OverdueCursor>& after, int limit) override;
  absl::StatusOr<PastDueCounts> CountPastDue(const std::vector<std::string>& department_ids,
                                             int64_t as_of_ymd) override;
  absl::StatusOr<PendingDueDateCount> CountPendingDueDates(
      const std::vector<std::string>& department_ids) override;
  absl::StatusOr<std::vector<std::string>> DepartmentsWithCases() override;
  absl::StatusOr<std::vector<EnforcementCase>> CasesWithPendingDueDates(absl::string_view after_id,
                                                                        int limit) override;
  absl::Status SetDueDates(const EnforcementCase& c, absl::string_view action,
                           const audit::AuditContext& audit) override;

  // The department of a case (for the authorisation of own-department rules).
  absl::StatusOr<std::optional<std::string>> CaseDepartment(absl::string_view id);

 private:
  void Written() const {
    if (on_write_) on_write_();
  }

  db::Database* db_;
  const std::function<void()> on_write_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_CASES_STORE_H_

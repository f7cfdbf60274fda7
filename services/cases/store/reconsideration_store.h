#ifndef FAZHI_SERVICES_CASES_STORE_RECONSIDERATION_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_RECONSIDERATION_STORE_H_

// 行政复议: reconsideration applications from examination to decision (table reconsiderations).
// Writes are audited, versioned and idempotent as store/record_sql.h says.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/cases/app/reconsideration.h"
#include "services/cases/domain/reconsideration.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {

class ReconsiderationStore final : public ReconsiderationRepository {
 public:
  explicit ReconsiderationStore(db::Database* db) : db_(db) {}

  absl::StatusOr<Reconsideration> CreateReconsideration(const Reconsideration& r,
                                                        absl::string_view request_id,
                                                        const audit::AuditContext& audit) override;
  absl::StatusOr<std::optional<Reconsideration>> GetReconsideration(absl::string_view id) override;
  absl::StatusOr<Reconsideration> UpdateReconsideration(const Reconsideration& r,
                                                        int64_t expected_version,
                                                        absl::string_view action,
                                                        const audit::AuditContext& audit) override;
  // The body or the respondent among the filter's departments; by application date then id;
  // stage unspecified: any.
  absl::StatusOr<std::vector<Reconsideration>> ListReconsiderations(
      const ReviewFilter& filter, ReconsiderationStage stage, absl::CivilDay as_of,
      const std::optional<DateCursor>& after, int limit) override;
  absl::StatusOr<std::vector<Reconsideration>> WithPendingDueDates(absl::string_view after_id,
                                                                   int limit) override;
  absl::Status SetDueDates(const Reconsideration& r, absl::string_view action,
                           const audit::AuditContext& audit) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_RECONSIDERATION_STORE_H_

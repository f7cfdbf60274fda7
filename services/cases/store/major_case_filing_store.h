#ifndef FAZHI_SERVICES_CASES_STORE_MAJOR_CASE_FILING_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_MAJOR_CASE_FILING_STORE_H_

// 重大行政处罚备案审查: the major-case filings departments make with the 司法局 and their reviews
// (table major_case_filings; the rectification suggestions in supervision_lines). Writes are
// audited, versioned and idempotent as store/record_sql.h says.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/cases/app/supervision.h"
#include "services/cases/domain/supervision.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {

class MajorCaseFilingStore final : public FilingRepository {
 public:
  explicit MajorCaseFilingStore(db::Database* db) : db_(db) {}

  // ALREADY_EXISTS naming case_id when the case was filed before.
  absl::StatusOr<MajorCaseFiling> CreateFiling(const MajorCaseFiling& filing,
                                               absl::string_view request_id,
                                               const audit::AuditContext& audit) override;
  absl::StatusOr<std::optional<MajorCaseFiling>> GetFiling(absl::string_view id) override;
  // ABORTED when the stored version is not expected_version.
  absl::StatusOr<MajorCaseFiling> UpdateFiling(const MajorCaseFiling& filing,
                                               int64_t expected_version, absl::string_view action,
                                               const audit::AuditContext& audit) override;
  // By filing date then id; status unspecified: any.
  absl::StatusOr<std::vector<MajorCaseFiling>> ListFilings(const ReviewFilter& filter,
                                                           FilingStatus status,
                                                           const std::optional<DateCursor>& after,
                                                           int limit) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_MAJOR_CASE_FILING_STORE_H_

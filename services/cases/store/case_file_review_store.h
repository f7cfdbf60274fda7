#ifndef FAZHI_SERVICES_CASES_STORE_CASE_FILE_REVIEW_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_CASE_FILE_REVIEW_STORE_H_

// 案卷评查: the 司法局's reviews of case files (table case_file_reviews; the findings in
// supervision_lines). Creates are audited and idempotent as store/record_sql.h says.

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

class CaseFileReviewStore final : public CaseFileReviewRepository {
 public:
  explicit CaseFileReviewStore(db::Database* db) : db_(db) {}

  absl::StatusOr<CaseFileReview> CreateCaseFileReview(const CaseFileReview& review,
                                                      absl::string_view request_id,
                                                      const audit::AuditContext& audit) override;
  // By review date then id.
  absl::StatusOr<std::vector<CaseFileReview>> ListCaseFileReviews(
      const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_CASE_FILE_REVIEW_STORE_H_

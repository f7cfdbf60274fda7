#ifndef FAZHI_SERVICES_CASES_STORE_LAWSUIT_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_LAWSUIT_STORE_H_

// 行政诉讼: lawsuits against the government or its departments, their hearings (出庭应诉) and
// judgments (tables lawsuits and lawsuit_hearings). Writes are audited, versioned and idempotent
// as store/record_sql.h says.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/cases/app/litigation.h"
#include "services/cases/domain/litigation.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {

class LawsuitStore final : public LawsuitRepository {
 public:
  explicit LawsuitStore(db::Database* db) : db_(db) {}

  // ALREADY_EXISTS naming court_case_number when the court already has that case number.
  absl::StatusOr<Lawsuit> CreateLawsuit(const Lawsuit& suit, absl::string_view request_id,
                                        const audit::AuditContext& audit) override;
  absl::StatusOr<std::optional<Lawsuit>> GetLawsuit(absl::string_view id) override;
  // Writes the suit's state and appends the hearings beyond those stored.
  absl::StatusOr<Lawsuit> UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
                                        absl::string_view action,
                                        const audit::AuditContext& audit) override;
  // The defendant among the filter's departments; by filing date then id.
  absl::StatusOr<std::vector<Lawsuit>> ListLawsuits(const ReviewFilter& filter,
                                                    const std::optional<DateCursor>& after,
                                                    int limit) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_LAWSUIT_STORE_H_

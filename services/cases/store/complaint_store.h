#ifndef FAZHI_SERVICES_CASES_STORE_COMPLAINT_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_COMPLAINT_STORE_H_

// 投诉举报: complaints about enforcement, the supervision letters that answer them and the
// rectifications they ask for (table complaints; the letters' requirements in supervision_lines).
// Writes are audited, versioned and idempotent as store/record_sql.h says.

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

class ComplaintStore final : public ComplaintRepository {
 public:
  explicit ComplaintStore(db::Database* db) : db_(db) {}

  absl::StatusOr<Complaint> CreateComplaint(const Complaint& complaint,
                                            absl::string_view request_id,
                                            const audit::AuditContext& audit) override;
  absl::StatusOr<std::optional<Complaint>> GetComplaint(absl::string_view id) override;
  absl::StatusOr<Complaint> UpdateComplaint(const Complaint& complaint, int64_t expected_version,
                                            absl::string_view action,
                                            const audit::AuditContext& audit) override;
  // By receipt date then id.
  absl::StatusOr<std::vector<Complaint>> ListComplaints(const ReviewFilter& filter,
                                                        const std::optional<DateCursor>& after,
                                                        int limit) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_COMPLAINT_STORE_H_

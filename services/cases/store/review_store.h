#ifndef FAZHI_SERVICES_CASES_STORE_REVIEW_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_REVIEW_STORE_H_

// Supervision, reconsideration and litigation records in the cases service's schema
// (store/migrations/0100_supervision_review.sql). Every write runs in one transaction with its
// audit entry; each record carries a version that every write increments and must name
// (optimistic concurrency, etags); a create with a request id used before returns the record it
// created instead of writing again.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/cases/domain/litigation.h"
#include "services/cases/domain/reconsideration.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

struct ReviewFilter {
  // The departments whose records to list; empty: every department.
  std::vector<std::string> department_ids;
  // Records of this year (filing, review, receipt, application or filing in court); 0: any.
  int year = 0;
};

// Keyset paging position: the record's date (yyyymmdd) then its id.
struct DateCursor {
  int64_t ymd = 0;
  std::string id;
};

class ReviewStore {
 public:
  explicit ReviewStore(db::Database* db) : db_(db) {}

  // What a major-case filing needs of an enforcement case (read-only; the enforcement tables
  // belong to the enforcement case service).
  absl::StatusOr<std::optional<FiledCaseFacts>> FindCase(absl::string_view case_id);

  // ALREADY_EXISTS naming case_id when the case was filed before.
  absl::StatusOr<MajorCaseFiling> CreateFiling(const MajorCaseFiling& filing,
                                               absl::string_view request_id,
                                               const audit::AuditContext& audit);
  absl::StatusOr<std::optional<MajorCaseFiling>> GetFiling(absl::string_view id);
  // ABORTED when the stored version is not expected_version.
  absl::StatusOr<MajorCaseFiling> UpdateFiling(const MajorCaseFiling& filing,
                                               int64_t expected_version, absl::string_view action,
                                               const audit::AuditContext& audit);
  // By filing date then id; status unspecified: any.
  absl::StatusOr<std::vector<MajorCaseFiling>> ListFilings(const ReviewFilter& filter,
                                                           FilingStatus status,
                                                           const std::optional<DateCursor>& after,
                                                           int limit);

  absl::StatusOr<CaseFileReview> CreateCaseFileReview(const CaseFileReview& review,
                                                      absl::string_view request_id,
                                                      const audit::AuditContext& audit);
  // By review date then id.
  absl::StatusOr<std::vector<CaseFileReview>> ListCaseFileReviews(
      const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit);

  absl::StatusOr<Complaint> CreateComplaint(const Complaint& complaint,
                                            absl::string_view request_id,
                                            const audit::AuditContext& audit);
  absl::StatusOr<std::optional<Complaint>> GetComplaint(absl::string_view id);
  absl::StatusOr<Complaint> UpdateComplaint(const Complaint& complaint, int64_t expected_version,
                                            absl::string_view action,
                                            const audit::AuditContext& audit);
  // By receipt date then id.
  absl::StatusOr<std::vector<Complaint>> ListComplaints(const ReviewFilter& filter,
                                                        const std::optional<DateCursor>& after,
                                                        int limit);

  absl::StatusOr<Reconsideration> CreateReconsideration(const Reconsideration& r,
                                                        absl::string_view request_id,
                                                        const audit::AuditContext& audit);
  absl::StatusOr<std::optional<Reconsideration>> GetReconsideration(absl::string_view id);
  absl::StatusOr<Reconsideration> UpdateReconsideration(const Reconsideration& r,
                                                        int64_t expected_version,
                                                        absl::string_view action,
                                                        const audit::AuditContext& audit);
  // The body or the respondent among the filter's departments; by application date then id;
  // stage unspecified: any.
  absl::StatusOr<std::vector<Reconsideration>> ListReconsiderations(
      const ReviewFilter& filter, ReconsiderationStage stage,
      const std::optional<DateCursor>& after, int limit);

  // ALREADY_EXISTS naming court_case_number when the court already has that case number.
  absl::StatusOr<Lawsuit> CreateLawsuit(const Lawsuit& suit, absl::string_view request_id,
                                        const audit::AuditContext& audit);
  absl::StatusOr<std::optional<Lawsuit>> GetLawsuit(absl::string_view id);
  // Writes the suit's state and appends the hearings beyond those stored.
  absl::StatusOr<Lawsuit> UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
                                        absl::string_view action, const audit::AuditContext& audit);
  // The defendant among the filter's departments; by filing date then id.
  absl::StatusOr<std::vector<Lawsuit>> ListLawsuits(const ReviewFilter& filter,
                                                    const std::optional<DateCursor>& after,
                                                    int limit);

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_REVIEW_STORE_H_

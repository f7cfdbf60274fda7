#ifndef FAZHI_SERVICES_CASES_APP_SUPERVISION_H_
#define FAZHI_SERVICES_CASES_APP_SUPERVISION_H_

// 司法局's supervision use cases: major-case filings and their review (重大行政处罚备案审查),
// case-file reviews (案卷评查), complaints with their supervision letters and rectifications
// (投诉举报), over narrow interfaces of their stores.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "common/audit/audit.h"
#include "common/directory/unit_directory.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

// store/major_case_filing_store.h implements it.
class FilingRepository {
 public:
  virtual ~FilingRepository() = default;
  virtual absl::StatusOr<MajorCaseFiling> CreateFiling(const MajorCaseFiling& filing,
                                                       absl::string_view request_id,
                                                       const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::optional<MajorCaseFiling>> GetFiling(absl::string_view id) = 0;
  virtual absl::StatusOr<MajorCaseFiling> UpdateFiling(const MajorCaseFiling& filing,
                                                       int64_t expected_version,
                                                       absl::string_view action,
                                                       const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::vector<MajorCaseFiling>> ListFilings(
      const ReviewFilter& filter, FilingStatus status, const std::optional<DateCursor>& after,
      int limit) = 0;
};

// store/case_file_review_store.h implements it.
class CaseFileReviewRepository {
 public:
  virtual ~CaseFileReviewRepository() = default;
  virtual absl::StatusOr<CaseFileReview> CreateCaseFileReview(const CaseFileReview& review,
                                                              absl::string_view request_id,
                                                              const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::vector<CaseFileReview>> ListCaseFileReviews(
      const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) = 0;
};

// store/complaint_store.h implements it.
class ComplaintRepository {
 public:
  virtual ~ComplaintRepository() = default;
  virtual absl::StatusOr<Complaint> CreateComplaint(const Complaint& complaint,
                                                    absl::string_view request_id,
                                                    const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::optional<Complaint>> GetComplaint(absl::string_view id) = 0;
  virtual absl::StatusOr<Complaint> UpdateComplaint(const Complaint& complaint,
                                                    int64_t expected_version,
                                                    absl::string_view action,
                                                    const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::vector<Complaint>> ListComplaints(
      const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) = 0;
};

// A refusal by a named rule of common/auth/policy.h is audited like the policy table's denials.
// Auditing is the server's (grpc_util::AuditRefusal logs and writes the call's audit entry), so
// the use case hands the rule's verdict and the unit it concerns to this callback, which returns
// the verdict; the api passes grpc_util::AuditRefusal, tests a recorder. A callback rather than
// returning the refusal for the api to audit, so the refusal is audited at the point the rule
// judged it, before the etag or the state machine are looked at, whatever the caller does next.
using AuditRefusalFn = std::function<absl::Status(absl::Status verdict, absl::string_view unit)>;

// A complaint as the caller may see it: the complainant's name only for 司法局 and admins.
struct ComplaintView {
  Complaint complaint;
  bool reveal_personal_data = false;
};

absl::StatusOr<MajorCaseFiling> FileMajorCase(FilingRepository& filings, CaseFacts& cases,
                                              absl::string_view case_id, absl::CivilDay filed_date,
                                              absl::string_view request_id,
                                              const app::Caller& caller);

// The caller (a supervisor) reviews the filing as its reviewer.
absl::StatusOr<MajorCaseFiling> ReviewMajorCaseFiling(FilingRepository& filings,
                                                      absl::string_view id, absl::string_view etag,
                                                      absl::CivilDay review_date,
                                                      const std::vector<std::string>& suggestions,
                                                      const app::Caller& caller);

absl::StatusOr<std::vector<MajorCaseFiling>> ListMajorCaseFilings(
    FilingRepository& filings, const ReviewFilter& filter, FilingStatus status,
    const std::optional<DateCursor>& after, int limit);

struct CreateCaseFileReviewCommand {
  // case_id, reviewer, score, findings and review date; the department is the case's.
  CaseFileReview review;
  // The department the caller named, if any: it must be the case's.
  std::string department_id;
  std::string request_id;
};
absl::StatusOr<CaseFileReview> CreateCaseFileReview(CaseFileReviewRepository& reviews,
                                                    CaseFacts& cases,
                                                    CreateCaseFileReviewCommand command,
                                                    const app::Caller& caller);

absl::StatusOr<std::vector<CaseFileReview>> ListCaseFileReviews(
    CaseFileReviewRepository& reviews, const ReviewFilter& filter,
    const std::optional<DateCursor>& after, int limit);

// A complaint at intake (department, case, complainant, content, received date).
absl::StatusOr<ComplaintView> CreateComplaint(ComplaintRepository& complaints, CaseFacts& cases,
                                              directory::UnitDirectory& units, Complaint complaint,
                                              absl::string_view request_id,
                                              const app::Caller& caller);

absl::StatusOr<ComplaintView> GetComplaint(ComplaintRepository& complaints, absl::string_view id,
                                           const app::Caller& caller);

absl::StatusOr<ComplaintView> IssueSupervisionLetter(ComplaintRepository& complaints,
                                                     absl::string_view id, absl::string_view etag,
                                                     const SupervisionLetter& letter,
                                                     const app::Caller& caller);

// REPORTED by the complained-about department (auth::MayReportRectification), CONFIRMED by a
// supervisor (auth::MayConfirmRectification); a refusal goes through audit_refusal.
absl::StatusOr<ComplaintView> UpdateRectification(ComplaintRepository& complaints,
                                                  absl::string_view id, absl::string_view etag,
                                                  RectificationStatus to, absl::string_view report,
                                                  const AuditRefusalFn& audit_refusal,
                                                  const app::Caller& caller);

absl::StatusOr<std::vector<ComplaintView>> ListComplaints(ComplaintRepository& complaints,
                                                          const ReviewFilter& filter,
                                                          const std::optional<DateCursor>& after,
                                                          int limit, const app::Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_SUPERVISION_H_

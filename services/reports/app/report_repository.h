#ifndef FAZHI_SERVICES_REPORTS_APP_REPORT_REPOSITORY_H_
#define FAZHI_SERVICES_REPORTS_APP_REPORT_REPOSITORY_H_

// What the report use cases need of storage: services/reports/store/report_store.h implements it
// in SQL, the use case tests fake it. Every write is audited in its own transaction.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "services/reports/domain/published.h"
#include "services/reports/domain/report.h"
#include "services/reports/domain/template.h"

namespace fazhi::reports {

struct ReportFilter {
  // 0: any year.
  int year = 0;
  // Empty: every unit.
  std::vector<std::string> department_ids;
  std::optional<ReportState> state;
};

class ReportRepository {
 public:
  virtual ~ReportRepository() = default;

  // ALREADY_EXISTS naming the id when it is taken.
  virtual absl::Status CreateTemplate(const audit::AuditContext& context, const Template& t) = 0;
  virtual absl::StatusOr<std::optional<Template>> GetTemplate(absl::string_view id) = 0;
  // Ordered by id, after after_id.
  virtual absl::StatusOr<std::vector<Template>> ListTemplates(absl::string_view after_id,
                                                              int limit) = 0;

  // Stores a new report (version 1). ALREADY_EXISTS when the unit has a report for the year, or
  // the request id was used for another report.
  virtual absl::Status CreateReport(const audit::AuditContext& context, const Report& report,
                                    absl::string_view request_id) = 0;
  virtual absl::StatusOr<std::optional<Report>> GetReport(absl::string_view id) = 0;
  virtual absl::StatusOr<std::optional<Report>> FindByRequestId(absl::string_view request_id) = 0;
  virtual absl::StatusOr<std::optional<Report>> FindByUnitAndYear(absl::string_view department_id,
                                                                  int year) = 0;
  // Ordered by id, after after_id; with recipients and channels but no sections.
  virtual absl::StatusOr<std::vector<Report>> ListReports(const ReportFilter& filter,
                                                          absl::string_view after_id,
                                                          int limit) = 0;
  // Writes the whole report if its stored version is still expected_version (ABORTED
  // otherwise); the report's version must be expected_version + 1. The audit entry records
  // action and changes.
  virtual absl::Status SaveReport(const audit::AuditContext& context, const Report& report,
                                  int64_t expected_version, absl::string_view action,
                                  absl::string_view changes) = 0;
  // SaveReport and the new published version, in one transaction.
  virtual absl::Status Publish(const audit::AuditContext& context, const Report& report,
                               int64_t expected_version, const PublishedVersion& published) = 0;
  // A version (0: the latest), whole.
  virtual absl::StatusOr<std::optional<PublishedVersion>> GetPublished(absl::string_view report_id,
                                                                       int64_t version) = 0;
  // The latest version of each published report, newest year first, then by unit; without
  // content, figures and changes. after is (year, department id) of the last one seen.
  virtual absl::StatusOr<std::vector<PublishedVersion>> ListPublished(
      int year, const std::vector<std::string>& department_ids,
      std::optional<std::pair<int, std::string>> after, int limit) = 0;
  // The first publication date of each of these reports (version 1), by report id.
  virtual absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>> FirstPublications(
      const std::vector<std::string>& report_ids) = 0;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_APP_REPORT_REPOSITORY_H_

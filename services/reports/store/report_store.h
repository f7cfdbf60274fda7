#ifndef FAZHI_SERVICES_REPORTS_STORE_REPORT_STORE_H_
#define FAZHI_SERVICES_REPORTS_STORE_REPORT_STORE_H_

// Reports, templates and published versions in SQL (SQLite or MySQL/MariaDB), prepared
// statements only. A report is written whole (its row and its section, recipient,
// acknowledgement and channel rows) under its version; a published version is inserted once.

#include <vector>

#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/reports/app/report_repository.h"

namespace fazhi::reports {

// The reports schema's migrations (embedded from store/migrations).
const std::vector<db::Migration>& Migrations();

class ReportStore final : public ReportRepository {
 public:
  explicit ReportStore(db::Database* db) : db_(db) {}

  absl::Status CreateTemplate(const audit::AuditContext& context, const Template& t) override;
  absl::StatusOr<std::optional<Template>> GetTemplate(absl::string_view id) override;
  absl::StatusOr<std::vector<Template>> ListTemplates(absl::string_view after_id,
                                                      int limit) override;

  absl::Status CreateReport(const audit::AuditContext& context, const Report& report,
                            absl::string_view request_id) override;
  absl::StatusOr<std::optional<Report>> GetReport(absl::string_view id) override;
  absl::StatusOr<std::optional<Report>> FindByRequestId(absl::string_view request_id) override;
  absl::StatusOr<std::optional<Report>> FindByUnitAndYear(absl::string_view department_id,
                                                          int year) override;
  absl::StatusOr<std::vector<Report>> ListReports(const ReportFilter& filter,
                                                  absl::string_view after_id, int limit) override;
  absl::Status SaveReport(const audit::AuditContext& context, const Report& report,
                          int64_t expected_version, absl::string_view action,
                          absl::string_view changes) override;
  absl::Status Publish(const audit::AuditContext& context, const Report& report,
                       int64_t expected_version, const PublishedVersion& published) override;
  absl::StatusOr<std::optional<PublishedVersion>> GetPublished(absl::string_view report_id,
                                                               int64_t version) override;
  absl::StatusOr<std::vector<PublishedVersion>> ListPublished(
      int year, const std::vector<std::string>& department_ids,
      std::optional<std::pair<int, std::string>> after, int limit) override;
  absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>> FirstPublications(
      const std::vector<std::string>& report_ids) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_STORE_REPORT_STORE_H_

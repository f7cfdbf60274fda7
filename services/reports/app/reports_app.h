#ifndef FAZHI_SERVICES_REPORTS_APP_REPORTS_APP_H_
#define FAZHI_SERVICES_REPORTS_APP_REPORTS_APP_H_

// The report use cases, over the repository (app/report_repository.h) and the other services
// (app/ports.h), testable without gRPC. One file per group:
//   templates.cc     templates are data: create, read, install the shipped ones
//   writing.cc       start a report, edit its sections, add and remove recipients
//   resolution.cc    fill the placeholders from live figures; preview; the consistency check
//   review.cc        submit for review, send back, acknowledge violations, approve
//   publication.cc   submit to recipients, publish a frozen version, correct, read versions
//   compliance.cc    deadline compliance of a subtree (示范指标 97)

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "services/reports/app/ports.h"
#include "services/reports/app/report_repository.h"
#include "services/reports/domain/compliance.h"
#include "services/reports/domain/published.h"
#include "services/reports/domain/render.h"
#include "services/reports/domain/report.h"
#include "services/reports/domain/template.h"

namespace fazhi::reports {

enum class RenderFormat { kHtml = 1, kMarkdown = 2, kText = 3 };

struct PlaceholderProblem {
  std::string section_key;
  std::string placeholder;
  std::string message;
};

// The report with every placeholder filled from today's figures, or the problems that stop it.
struct Resolution {
  ResolvedReport document;
  std::vector<PublishedFigure> figures;
  std::vector<PlaceholderProblem> problems;
};

struct CheckedViolation {
  RuleViolation violation;
  // The acknowledgement that accepts it, if any.
  std::optional<Acknowledgement> acknowledgement;
};

struct ConsistencyCheck {
  std::vector<PlaceholderProblem> problems;
  std::vector<CheckedViolation> violations;
  CompletenessAnswer completeness;
  int64_t open_items() const;
  bool ready() const { return open_items() == 0; }
};

struct Rendering {
  std::string content;
  std::vector<PublishedFigure> figures;
};

struct DeliveryInput {
  std::string recipient_department_id;
  std::optional<absl::CivilDay> submitted_on;
  std::string document_number;
};

struct ReportListFilter {
  int year = 0;
  std::string department_id;
  bool include_descendants = false;
  std::optional<ReportState> state;
};

struct ReportsDeps {
  ReportRepository* store = nullptr;
  UnitRegistry* units = nullptr;
  FigureService* figures = nullptr;
  // New report ids; defaults to ids::NewResourceId("rpt").
  std::function<std::string()> new_id;
};

class ReportsApp {
 public:
  explicit ReportsApp(ReportsDeps deps);

  // ---- templates.cc ----
  // Checks the shape, the definitions (they parse, name known figures, have no cycle) and every
  // default text, then stores it.
  absl::StatusOr<Template> CreateTemplate(const app::Caller& caller, Template t);
  absl::StatusOr<Template> GetTemplate(absl::string_view id);
  absl::StatusOr<std::vector<Template>> ListTemplates(absl::string_view after_id, int limit);
  // Installs a shipped template unless one with its id exists; true when it was added.
  absl::StatusOr<bool> EnsureTemplate(const app::Caller& caller, const Template& t);

  // ---- writing.cc ----
  // Title, kind, issuer and recipients come from the registry as of 31 December of the year.
  absl::StatusOr<Report> CreateReport(const app::Caller& caller, absl::string_view department_id,
                                      int year, absl::string_view template_id,
                                      absl::string_view request_id);
  absl::StatusOr<Report> GetReport(absl::string_view id);
  absl::StatusOr<std::vector<Report>> ListReports(const ReportListFilter& filter,
                                                  absl::string_view after_id, int limit);
  // The placeholders are checked at save time: they parse, their indicators exist in the
  // catalogue, their $names are defined. A figure without a value yet is not an error here.
  absl::StatusOr<Report> UpdateSection(const app::Caller& caller, absl::string_view report_id,
                                       absl::string_view section_key, std::string text,
                                       int64_t expected_version);
  absl::StatusOr<Report> AddRecipient(const app::Caller& caller, absl::string_view report_id,
                                      absl::string_view department_id, int64_t expected_version);
  absl::StatusOr<Report> RemoveRecipient(const app::Caller& caller, absl::string_view report_id,
                                         absl::string_view department_id, int64_t expected_version);

  // ---- resolution.cc ----
  absl::StatusOr<Rendering> Preview(absl::string_view report_id, RenderFormat format);
  absl::StatusOr<ConsistencyCheck> Check(absl::string_view report_id, absl::CivilDay today);

  // ---- review.cc ----
  absl::StatusOr<Report> SubmitForReview(const app::Caller& caller, absl::string_view report_id,
                                         int64_t expected_version);
  absl::StatusOr<Report> ReturnToDraft(const app::Caller& caller, absl::string_view report_id,
                                       absl::string_view reason, int64_t expected_version);
  absl::StatusOr<Report> AcknowledgeViolation(const app::Caller& caller,
                                              absl::string_view report_id,
                                              absl::string_view rule_id,
                                              absl::string_view department_id,
                                              absl::string_view reason, int64_t expected_version);
  absl::StatusOr<Report> Approve(const app::Caller& caller, absl::string_view report_id,
                                 int64_t expected_version);

  // ---- publication.cc ----
  absl::StatusOr<Report> Submit(const app::Caller& caller, absl::string_view report_id,
                                const std::vector<DeliveryInput>& deliveries,
                                int64_t expected_version);
  absl::StatusOr<PublishedVersion> Publish(const app::Caller& caller, absl::string_view report_id,
                                           const std::vector<Channel>& channels,
                                           int64_t expected_version);
  absl::StatusOr<Report> StartCorrection(const app::Caller& caller, absl::string_view report_id,
                                         absl::string_view reason, int64_t expected_version);
  // By report id, or by unit and year; version 0 is the latest.
  absl::StatusOr<PublishedVersion> GetPublished(absl::string_view report_id,
                                                absl::string_view department_id, int year,
                                                int64_t version);
  absl::StatusOr<std::vector<PublishedVersion>> ListPublished(
      int year, absl::string_view department_id, std::optional<std::pair<int, std::string>> after,
      int limit);

  // ---- compliance.cc ----
  absl::StatusOr<ComplianceSummary> Compliance(int year, absl::string_view department_id,
                                               absl::CivilDay as_of);

 private:
  // field: the request's name for the id, in errors.
  absl::StatusOr<Report> Load(absl::string_view report_id, absl::string_view field = "report_id");
  absl::StatusOr<Report> LoadForChange(absl::string_view report_id, int64_t expected_version);
  absl::StatusOr<Report> Save(const app::Caller& caller, Report report, absl::string_view action,
                              absl::string_view changes);
  absl::StatusOr<Resolution> Resolve(const Report& report);
  absl::Status CheckSectionText(const Template& t, absl::string_view section_key,
                                absl::string_view text);

  ReportsDeps deps_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_APP_REPORTS_APP_H_

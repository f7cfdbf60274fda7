#ifndef FAZHI_TESTS_SUPPORT_REPORTS_FAKES_H_
#define FAZHI_TESTS_SUPPORT_REPORTS_FAKES_H_

// In-memory fakes of what the report use cases (services/reports/app) stand on: the report
// repository, the unit registry and the figure services. Each keeps the contract its interface
// documents (versions checked, request ids unique, NOT_FOUND for an unknown unit or indicator),
// counts its calls and exposes its state, so a test can say what was written and what was not.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/reports/app/ports.h"
#include "services/reports/app/report_repository.h"

namespace fazhi::reports::fakes {

// What the fakes were asked to do, in order and across fakes: lets a test see that the figures
// were locked before a version was stored, which no single fake can tell.
using Journal = std::vector<std::string>;

class FakeReportRepository : public ReportRepository {
 public:
  explicit FakeReportRepository(Journal* journal = nullptr) : journal_(journal) {}

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

  std::map<std::string, Template> templates;
  // By report id, as last written.
  std::map<std::string, Report> reports;
  // Request id → report id.
  std::map<std::string, std::string> request_ids;
  // (report id, version) → the frozen version.
  std::map<std::pair<std::string, int64_t>, PublishedVersion> published;
  // Successful writes of each kind, and the audit actions of the saves in order.
  int creates = 0;
  int saves = 0;
  int publishes = 0;
  std::vector<std::string> save_actions;
  int list_report_calls = 0;
  // A use case that pages forever fails with RESOURCE_EXHAUSTED instead of hanging the test.
  int max_list_report_calls = 50;

 private:
  // The stored-version check SaveReport and Publish share.
  absl::Status CheckVersion(const Report& report, int64_t expected_version) const;

  Journal* journal_;
};

class FakeUnitRegistry : public UnitRegistry {
 public:
  // Units are kept in the order added; a subtree lists children in that order.
  void Add(Unit unit);
  void Relate(const std::string& id, UnitRelations relations) { relations_[id] = relations; }

  absl::StatusOr<Unit> GetUnit(absl::string_view id) override;
  absl::StatusOr<UnitRelations> GetRelations(absl::string_view id, absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<Unit>> ListSubtree(absl::string_view id) override;

  // Every GetRelations call: (unit, day asked about).
  std::vector<std::pair<std::string, absl::CivilDay>> relation_asks;

 private:
  std::vector<Unit> units_;
  std::map<std::string, UnitRelations> relations_;
};

class FakeFigureService : public FigureService {
 public:
  explicit FakeFigureService(Journal* journal = nullptr) : journal_(journal) {}

  absl::StatusOr<std::map<std::string, FigureAnswer>> IndicatorValues(
      int year, const std::vector<std::pair<std::string, std::string>>& code_and_unit) override;
  absl::StatusOr<std::map<std::string, int64_t>> CaseFigures(int year,
                                                             absl::string_view unit) override;
  absl::StatusOr<bool> IndicatorExists(absl::string_view code) override;
  absl::StatusOr<std::vector<RuleViolation>> RunValidation(int year,
                                                           absl::string_view unit) override;
  absl::StatusOr<CompletenessAnswer> Completeness(int year, absl::string_view unit,
                                                  absl::CivilDay as_of) override;
  absl::Status LockYear(int year, absl::string_view unit, absl::string_view reason) override;

  // The statistics catalogue's indicator codes.
  std::set<std::string> catalogue;
  // "code@unit" → the year value over the unit's subtree; absent when nobody reported it.
  std::map<std::string, int64_t> indicator_values;
  // Unit → case figure field → value.
  std::map<std::string, std::map<std::string, int64_t>> case_figures;
  std::vector<RuleViolation> violations;
  CompletenessAnswer completeness;
  // What LockYear answers.
  absl::Status lock_status;

  int indicator_value_calls = 0;
  int case_figure_calls = 0;
  std::vector<int> years_asked;
  // Every LockYear call: (year, unit, reason).
  std::vector<std::tuple<int, std::string, std::string>> locks;

 private:
  Journal* journal_;
};

}  // namespace fazhi::reports::fakes

#endif  // FAZHI_TESTS_SUPPORT_REPORTS_FAKES_H_

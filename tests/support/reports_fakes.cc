#include "tests/support/reports_fakes.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace fazhi::reports::fakes {

// ---- FakeReportRepository ----

absl::Status FakeReportRepository::CreateTemplate(const audit::AuditContext&, const Template& t) {
  if (!templates.emplace(t.id, t).second) {
    return absl::AlreadyExistsError(absl::StrCat("template '", t.id, "' exists"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Template>> FakeReportRepository::GetTemplate(absl::string_view id) {
  auto it = templates.find(std::string(id));
  if (it == templates.end()) return std::optional<Template>();
  return std::optional<Template>(it->second);
}

absl::StatusOr<std::vector<Template>> FakeReportRepository::ListTemplates(
    absl::string_view after_id, int limit) {
  std::vector<Template> out;
  for (auto it = templates.upper_bound(std::string(after_id));
       it != templates.end() && static_cast<int>(out.size()) < limit; ++it) {
    out.push_back(it->second);
  }
  return out;
}

absl::Status FakeReportRepository::CreateReport(const audit::AuditContext&, const Report& report,
                                                absl::string_view request_id) {
  if (!request_id.empty() && request_ids.count(std::string(request_id))) {
    return absl::AlreadyExistsError("request_id used for another report");
  }
  for (const auto& [id, r] : reports) {
    if (r.department_id == report.department_id && r.year == report.year) {
      return absl::AlreadyExistsError(
          absl::StrCat(report.department_id, " has a report for ", report.year, " already"));
    }
  }
  if (reports.count(report.id)) return absl::AlreadyExistsError("report id taken");
  reports[report.id] = report;
  if (!request_id.empty()) request_ids[std::string(request_id)] = report.id;
  ++creates;
  if (journal_) journal_->push_back(absl::StrCat("CreateReport ", report.id));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Report>> FakeReportRepository::GetReport(absl::string_view id) {
  auto it = reports.find(std::string(id));
  if (it == reports.end()) return std::optional<Report>();
  return std::optional<Report>(it->second);
}

absl::StatusOr<std::optional<Report>> FakeReportRepository::FindByRequestId(
    absl::string_view request_id) {
  auto it = request_ids.find(std::string(request_id));
  if (it == request_ids.end()) return std::optional<Report>();
  return GetReport(it->second);
}

absl::StatusOr<std::optional<Report>> FakeReportRepository::FindByUnitAndYear(
    absl::string_view department_id, int year) {
  for (const auto& [id, r] : reports) {
    if (r.department_id == department_id && r.year == year) return std::optional<Report>(r);
  }
  return std::optional<Report>();
}

absl::StatusOr<std::vector<Report>> FakeReportRepository::ListReports(const ReportFilter& filter,
                                                                      absl::string_view after_id,
                                                                      int limit) {
  if (++list_report_calls > max_list_report_calls) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "ListReports called ", list_report_calls, " times: the caller's paging does not advance"));
  }
  std::vector<Report> out;
  for (auto it = reports.upper_bound(std::string(after_id));
       it != reports.end() && static_cast<int>(out.size()) < limit; ++it) {
    const Report& r = it->second;
    if (filter.year != 0 && r.year != filter.year) continue;
    if (filter.state && r.state != *filter.state) continue;
    if (!filter.department_ids.empty() &&
        std::find(filter.department_ids.begin(), filter.department_ids.end(), r.department_id) ==
            filter.department_ids.end()) {
      continue;
    }
    out.push_back(r);
    // As the store lists them: with recipients and channels but no sections.
    out.back().sections.clear();
  }
  return out;
}

absl::Status FakeReportRepository::CheckVersion(const Report& report,
                                                int64_t expected_version) const {
  auto it = reports.find(report.id);
  if (it == reports.end()) return absl::NotFoundError(absl::StrCat("no report '", report.id, "'"));
  if (it->second.version != expected_version) {
    return absl::AbortedError(absl::StrCat("report '", report.id, "' is at version ",
                                           it->second.version, ", not ", expected_version));
  }
  if (report.version != expected_version + 1) {
    return absl::InternalError("a saved report must carry the next version");
  }
  return absl::OkStatus();
}

absl::Status FakeReportRepository::SaveReport(const audit::AuditContext&, const Report& report,
                                              int64_t expected_version, absl::string_view action,
                                              absl::string_view) {
  if (absl::Status s = CheckVersion(report, expected_version); !s.ok()) return s;
  reports[report.id] = report;
  ++saves;
  save_actions.emplace_back(action);
  if (journal_) journal_->push_back(absl::StrCat("SaveReport ", report.id, " ", action));
  return absl::OkStatus();
}

absl::Status FakeReportRepository::Publish(const audit::AuditContext&, const Report& report,
                                           int64_t expected_version,
                                           const PublishedVersion& version) {
  if (absl::Status s = CheckVersion(report, expected_version); !s.ok()) return s;
  auto key = std::make_pair(version.report_id, version.version);
  if (published.count(key)) {
    return absl::AbortedError(
        absl::StrCat("report '", version.report_id, "' version ", version.version, " exists"));
  }
  published[key] = version;
  reports[report.id] = report;
  ++publishes;
  if (journal_) {
    journal_->push_back(absl::StrCat("Publish ", version.report_id, " v", version.version));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<PublishedVersion>> FakeReportRepository::GetPublished(
    absl::string_view report_id, int64_t version) {
  std::optional<PublishedVersion> found;
  for (const auto& [key, v] : published) {
    if (key.first != report_id) continue;
    if (version > 0 ? key.second == version : (!found || key.second > found->version)) found = v;
  }
  return found;
}

absl::StatusOr<std::vector<PublishedVersion>> FakeReportRepository::ListPublished(
    int year, const std::vector<std::string>& department_ids,
    std::optional<std::pair<int, std::string>> after, int limit) {
  std::map<std::string, PublishedVersion> latest;
  for (const auto& [key, v] : published) {
    if (year != 0 && v.year != year) continue;
    if (!department_ids.empty() && std::find(department_ids.begin(), department_ids.end(),
                                             v.department_id) == department_ids.end()) {
      continue;
    }
    auto it = latest.find(key.first);
    if (it == latest.end() || it->second.version < v.version) latest[key.first] = v;
  }
  std::vector<PublishedVersion> out;
  for (auto& [id, v] : latest) {
    v.html.clear();
    v.markdown.clear();
    v.text.clear();
    v.figures.clear();
    v.changes.clear();
    out.push_back(std::move(v));
  }
  // Newest year first, then by unit.
  std::sort(out.begin(), out.end(), [](const PublishedVersion& a, const PublishedVersion& b) {
    return a.year != b.year ? a.year > b.year : a.department_id < b.department_id;
  });
  if (after) {
    out.erase(std::remove_if(out.begin(), out.end(),
                             [&](const PublishedVersion& v) {
                               return v.year > after->first ||
                                      (v.year == after->first && v.department_id <= after->second);
                             }),
              out.end());
  }
  if (static_cast<int>(out.size()) > limit) out.resize(limit);
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>>
FakeReportRepository::FirstPublications(const std::vector<std::string>& report_ids) {
  std::vector<std::pair<std::string, absl::CivilDay>> out;
  for (const std::string& id : report_ids) {
    auto it = published.find(std::make_pair(id, int64_t{1}));
    if (it != published.end()) out.emplace_back(id, it->second.publication_date);
  }
  return out;
}

// ---- FakeUnitRegistry ----

void FakeUnitRegistry::Add(Unit unit) { units_.push_back(std::move(unit)); }

absl::StatusOr<Unit> FakeUnitRegistry::GetUnit(absl::string_view id) {
  for (const Unit& u : units_) {
    if (u.id == id) return u;
  }
  return absl::NotFoundError(absl::StrCat("no unit '", id, "'"));
}

absl::StatusOr<UnitRelations> FakeUnitRegistry::GetRelations(absl::string_view id,
                                                             absl::CivilDay as_of) {
  relation_asks.emplace_back(std::string(id), as_of);
  if (absl::StatusOr<Unit> u = GetUnit(id); !u.ok()) return u.status();
  auto it = relations_.find(std::string(id));
  if (it == relations_.end()) return UnitRelations();
  return it->second;
}

absl::StatusOr<std::vector<Unit>> FakeUnitRegistry::ListSubtree(absl::string_view id) {
  absl::StatusOr<Unit> root = GetUnit(id);
  if (!root.ok()) return root.status();
  std::vector<Unit> out = {*root};
  for (size_t i = 0; i < out.size(); ++i) {
    for (const Unit& u : units_) {
      if (u.parent_id == out[i].id) out.push_back(u);
    }
  }
  return out;
}

// ---- FakeFigureService ----

absl::StatusOr<std::map<std::string, FigureAnswer>> FakeFigureService::IndicatorValues(
    int year, const std::vector<std::pair<std::string, std::string>>& code_and_unit) {
  ++indicator_value_calls;
  years_asked.push_back(year);
  std::map<std::string, FigureAnswer> out;
  for (const auto& [code, unit] : code_and_unit) {
    if (!catalogue.count(code)) {
      return absl::NotFoundError(absl::StrCat("no indicator '", code, "'"));
    }
    std::string key = absl::StrCat(code, "@", unit);
    auto it = indicator_values.find(key);
    out[key] = it == indicator_values.end() ? FigureAnswer{} : FigureAnswer{true, it->second};
  }
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> FakeFigureService::CaseFigures(
    int year, absl::string_view unit) {
  ++case_figure_calls;
  years_asked.push_back(year);
  auto it = case_figures.find(std::string(unit));
  if (it == case_figures.end()) return std::map<std::string, int64_t>();
  return it->second;
}

absl::StatusOr<bool> FakeFigureService::IndicatorExists(absl::string_view code) {
  return catalogue.count(std::string(code)) > 0;
}

absl::StatusOr<std::vector<RuleViolation>> FakeFigureService::RunValidation(int,
                                                                            absl::string_view) {
  return violations;
}

absl::StatusOr<CompletenessAnswer> FakeFigureService::Completeness(int, absl::string_view,
                                                                   absl::CivilDay) {
  return completeness;
}

absl::Status FakeFigureService::LockYear(int year, absl::string_view unit,
                                         absl::string_view reason) {
  locks.emplace_back(year, std::string(unit), std::string(reason));
  if (journal_) journal_->push_back(absl::StrCat("LockYear ", year, " ", unit));
  return lock_status;
}

}  // namespace fazhi::reports::fakes

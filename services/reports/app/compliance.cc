// Deadline compliance (示范指标 97) of every unit in a subtree that owes a report.

#include <map>

#include "absl/strings/str_cat.h"
#include "services/reports/app/reports_app.h"
#include "services/reports/domain/recipients.h"

namespace fazhi::reports {

absl::StatusOr<ComplianceSummary> ReportsApp::Compliance(int year, absl::string_view department_id,
                                                         absl::CivilDay as_of) {
  if (year < 2019 || year > 9998) {
    return absl::InvalidArgumentError(absl::StrCat("year: ", year, " is out of range"));
  }
  if (department_id.empty()) {
    return absl::InvalidArgumentError("department_id: name the unit whose subtree to check");
  }
  absl::StatusOr<std::vector<Unit>> subtree = deps_.units->ListSubtree(department_id);
  if (!subtree.ok()) return subtree.status();
  std::vector<OwedReport> owed;
  ReportFilter filter;
  filter.year = year;
  for (const Unit& u : *subtree) {
    if (!OwesReport(UnitKindOf(u), u.law_enforcement_body)) continue;
    owed.push_back(OwedReport{u.id, u.name, "", {}, std::nullopt});
    filter.department_ids.push_back(u.id);
  }
  std::map<std::string, Report> by_unit;
  std::string after;
  while (!filter.department_ids.empty()) {
    absl::StatusOr<std::vector<Report>> page = deps_.store->ListReports(filter, after, 500);
    if (!page.ok()) return page.status();
    bool last_page = page->size() < 500;
    // The cursor is read before the reports are moved out of the page.
    if (!last_page) after = page->back().id;
    for (Report& r : *page) by_unit.emplace(r.department_id, std::move(r));
    if (last_page) break;
  }
  std::vector<std::string> report_ids;
  for (const auto& [unit, r] : by_unit) report_ids.push_back(r.id);
  absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>> firsts =
      deps_.store->FirstPublications(report_ids);
  if (!firsts.ok()) return firsts.status();
  std::map<std::string, absl::CivilDay> first_by_report(firsts->begin(), firsts->end());
  for (OwedReport& o : owed) {
    auto it = by_unit.find(o.department_id);
    if (it == by_unit.end()) continue;
    o.report_id = it->second.id;
    o.recipients = it->second.recipients;
    auto published = first_by_report.find(o.report_id);
    if (published != first_by_report.end()) o.published_on = published->second;
  }
  return CheckCompliance(year, as_of, owed);
}

}  // namespace fazhi::reports

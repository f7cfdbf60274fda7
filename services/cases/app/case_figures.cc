#include "services/cases/app/case_figures.h"

#include "absl/strings/str_cat.h"
#include "services/cases/app/review_records.h"

namespace fazhi::cases {
absl::Status CheckFiguresYear(int year) {
  if (year < 1990 || year > 2200) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: ", year, " is not a year this service keeps records of"));
  }
  return absl::OkStatus();
}

FiguresSource& SummarySource(FiguresSource& store, FiguresSource* replica,
                             const app::Caller& caller) {
  return replica != nullptr && app::MayReadFromReplica(caller) ? *replica : store;
}

absl::StatusOr<std::map<std::string, CaseFigures>> SummarizeCases(FiguresSource& store,
                                                                  directory::UnitDirectory& units,
                                                                  const SummarizeCasesQuery& query,
                                                                  const app::Caller&) {
  if (absl::Status s = CheckFiguresYear(query.year); !s.ok()) return s;
  if (query.department_id.empty()) {
    return absl::InvalidArgumentError("department_id is required");
  }
  absl::StatusOr<std::vector<std::string>> scope =
      ListScope(units, query.department_id, query.include_descendants);
  if (!scope.ok()) return scope.status();
  return store.Summarize(*scope, query.year, query.group);
}

absl::StatusOr<SyncResult> SyncToStatistics(FiguresSource& store, directory::UnitDirectory& units,
                                            FigureSubmitter& statistics, int year,
                                            const std::string& department_id, const app::Caller&) {
  if (absl::Status s = CheckFiguresYear(year); !s.ok()) return s;
  if (department_id.empty()) return absl::InvalidArgumentError("department_id is required");
  absl::StatusOr<std::vector<std::string>> scope = ListScope(units, department_id, true);
  if (!scope.ok()) return scope.status();
  absl::StatusOr<std::map<std::string, CaseFigures>> figures =
      store.Summarize(*scope, year, FigureGroup::kDepartment);
  if (!figures.ok()) return figures.status();
  std::vector<FigurePoint> points;
  for (const auto& [department, f] : *figures) {
    std::vector<FigurePoint> unit_points = PointsFor(department, f);
    points.insert(points.end(), unit_points.begin(), unit_points.end());
  }
  SyncResult out;
  out.points = static_cast<int64_t>(points.size());
  if (points.empty()) return out;
  absl::StatusOr<SubmitResult> result =
      statistics.Submit(year, SyncRequestId(year, department_id, points), points);
  if (!result.ok()) return result.status();
  if (result->rejected > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("the statistics service rejected ", result->rejected,
                     " of the figures, so none was written; the first: ", result->first_rejection));
  }
  out.submitted = *result;
  return out;
}

}  // namespace fazhi::cases

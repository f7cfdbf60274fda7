#ifndef FAZHI_SERVICES_CASES_APP_CASE_FIGURES_H_
#define FAZHI_SERVICES_CASES_APP_CASE_FIGURES_H_

// The year's case figures of a unit (SummarizeCases) and their hand-over to the statistics
// service as data points (SyncToStatistics), over narrow interfaces of the figures store and the
// statistics client.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/app/caller.h"
#include "common/directory/unit_directory.h"
#include "services/cases/domain/figures.h"

namespace fazhi::cases {

enum class FigureGroup { kTotal, kDepartment, kKind, kOutcome, kMonth };

// store/figures_store.h implements it; its comment says what each group's keys are.
class FiguresSource {
 public:
  virtual ~FiguresSource() = default;
  virtual absl::StatusOr<std::map<std::string, CaseFigures>> Summarize(
      const std::vector<std::string>& department_ids, int year, FigureGroup group) = 0;
};

struct SubmitResult {
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  bool replayed = false;
  // The first rejected row's reason, when any.
  std::string first_rejection;
};

// clients/statistics_client.h implements it over gRPC.
class FigureSubmitter {
 public:
  virtual ~FigureSubmitter() = default;
  // One all-or-nothing submission of the points for period year under request_id.
  virtual absl::StatusOr<SubmitResult> Submit(int year, const std::string& request_id,
                                              const std::vector<FigurePoint>& points) = 0;
};

// INVALID_ARGUMENT naming year unless it is a year this service keeps records of.
absl::Status CheckFiguresYear(int year);

struct SummarizeCasesQuery {
  std::string department_id;  // required
  bool include_descendants = false;
  int year = 0;
  FigureGroup group = FigureGroup::kTotal;
};

// What a caller's summary is read from: replica (a read replica of the store's database, which
// may lag) for the callers app::MayReadFromReplica allows, otherwise store; store when replica
// is null. The hand-over to statistics (SyncToStatistics) always reads store.
FiguresSource& SummarySource(FiguresSource& store, FiguresSource* replica,
                             const app::Caller& caller);

// The figures by group name.
absl::StatusOr<std::map<std::string, CaseFigures>> SummarizeCases(FiguresSource& store,
                                                                  directory::UnitDirectory& units,
                                                                  const SummarizeCasesQuery& query,
                                                                  const app::Caller& caller);

struct SyncResult {
  int64_t points = 0;
  // The statistics service's answer; all zero when there was nothing to submit.
  SubmitResult submitted;
};

// Submits the year's figures of the unit and its subtree, one point per unit and figure.
// FAILED_PRECONDITION when the statistics service rejects any (it then writes none).
absl::StatusOr<SyncResult> SyncToStatistics(FiguresSource& store, directory::UnitDirectory& units,
                                            FigureSubmitter& statistics, int year,
                                            const std::string& department_id,
                                            const app::Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CASE_FIGURES_H_

#ifndef FAZHI_SERVICES_REPORTS_APP_PORTS_H_
#define FAZHI_SERVICES_REPORTS_APP_PORTS_H_

// What the report use cases need of the other three services. The reports service reads units,
// figures and cases only through their APIs (services/reports/clients implements these over
// gRPC, as a service account, with the caller's deadline); the use case tests fake them.
// Errors: NOT_FOUND for an unknown unit, UNAVAILABLE when a service cannot be reached,
// FAILED_PRECONDITION with the other service's message when it refuses.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/reports/domain/recipients.h"

namespace fazhi::reports {

// A unit as the department service describes it.
struct Unit {
  std::string id;
  std::string name;
  std::string short_name;
  // fazhi.department.v1.DepartmentKind: 1 government, 2 government department, 3 town, 4
  // subdistrict, 7 party committee, 8 congress standing committee, 9 vertical agency.
  int kind = 0;
  // fazhi.department.v1.AdministrativeLevel: 1 province, 2 city, 3 county, 4 township.
  int level = 0;
  std::string parent_id;
  bool law_enforcement_body = false;
  bool active = true;
};

// The kind the recipient rule (domain/recipients.h) sees in a registry unit.
inline UnitKind UnitKindOf(const Unit& unit) {
  switch (unit.kind) {
    case 1:
      return UnitKind::kGovernment;
    case 2:
      return UnitKind::kGovernmentDepartment;
    case 9:
      return UnitKind::kVerticalAgency;
    default:
      return UnitKind::kOther;
  }
}

// The registry's reporting relations of a unit on a day (DepartmentService
// ListDepartmentRelations): each is a unit id, or empty when the registry has none.
struct UnitRelations {
  std::string party_committee_id;
  std::string congress_standing_committee_id;
  // A government's government one level up; a department's matching department one level up.
  std::string superior_id;
};

class UnitRegistry {
 public:
  virtual ~UnitRegistry() = default;
  virtual absl::StatusOr<Unit> GetUnit(absl::string_view id) = 0;
  virtual absl::StatusOr<UnitRelations> GetRelations(absl::string_view id,
                                                     absl::CivilDay as_of) = 0;
  // The unit and its whole subtree (the unit first).
  virtual absl::StatusOr<std::vector<Unit>> ListSubtree(absl::string_view id) = 0;
};

// A figure's year value over a unit's subtree: has_value false when no unit reported it.
struct FigureAnswer {
  bool has_value = false;
  int64_t value = 0;
};

// One violation of a validation rule (StatisticsService.RunValidation).
struct RuleViolation {
  std::string rule_id;
  std::string rule_name;
  std::string department_id;
  std::string message;
};

// The reporting completeness of a subtree for a year (StatisticsService.GetCompleteness).
struct CompletenessAnswer {
  int64_t expected = 0;
  int64_t received = 0;
  int64_t on_time = 0;
  int64_t late = 0;
  int64_t missing = 0;
  std::vector<std::string> units_missing;
};

class FigureService {
 public:
  virtual ~FigureService() = default;
  // Year values of indicators over each unit's subtree (StatisticsService.Aggregate with
  // include_descendants): the answer maps "code@unit" to its value, for every pair asked.
  // NOT_FOUND naming the code when the catalogue has no such indicator.
  virtual absl::StatusOr<std::map<std::string, FigureAnswer>> IndicatorValues(
      int year, const std::vector<std::pair<std::string, std::string>>& code_and_unit) = 0;
  // Case figures of a unit's subtree for a year (CaseFiguresService.SummarizeCases): field name
  // (cases_filed, penalty_decisions, fines_imposed_fen, ...) to value.
  virtual absl::StatusOr<std::map<std::string, int64_t>> CaseFigures(int year,
                                                                     absl::string_view unit) = 0;
  // Whether the statistics catalogue has this indicator (for checks at save time).
  virtual absl::StatusOr<bool> IndicatorExists(absl::string_view code) = 0;
  virtual absl::StatusOr<std::vector<RuleViolation>> RunValidation(int year,
                                                                   absl::string_view unit) = 0;
  virtual absl::StatusOr<CompletenessAnswer> Completeness(int year, absl::string_view unit,
                                                          absl::CivilDay as_of) = 0;
  // Locks the year's figures of the unit's subtree (StatisticsService.LockPeriod). A year that
  // is locked already is not an error.
  virtual absl::Status LockYear(int year, absl::string_view unit, absl::string_view reason) = 0;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_APP_PORTS_H_

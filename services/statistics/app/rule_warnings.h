#ifndef FAZHI_SERVICES_STATISTICS_APP_RULE_WARNINGS_H_
#define FAZHI_SERVICES_STATISTICS_APP_RULE_WARNINGS_H_

// The validation rules as imports and RunValidation evaluate them over stored figures.

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/time/period.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/domain/data_point.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {

struct LoadedRule {
  ValidationRule rule;
  ParsedRule parsed;
  std::vector<std::string> codes;
};

// The rules for one period type, parsed. A stored rule that no longer parses (it was checked
// when written, so only a bug gets here) is logged and left out rather than failing every call.
absl::StatusOr<std::vector<LoadedRule>> LoadRules(RuleSource& rules, time_util::PeriodType type);
// Every code the rules read, sorted, once each.
std::vector<std::string> AllCodes(const std::vector<LoadedRule>& rules);

// A rule an import's figures break: a warning, since the figures are stored anyway.
struct RuleWarning {
  std::string rule_id;
  std::string rule_name;
  std::string department_id;
  time_util::Period period;
  std::string left;
  std::string right;
  std::string message;
  RuleImportance importance = RuleImportance::kMedium;
};

// Evaluates the rules on every (unit, period) an accepted row touches, over the stored figures
// as the writes will leave them, and appends the violations to warnings. Only the rules the
// accepted codes take part in are evaluated. earlier: writes of the same submission that may not be
// stored yet (a stream's previous batches, still being written), oldest first; they count as
// stored.
absl::Status AddRuleWarnings(RuleSource& rules, const std::set<PointKey>& accepted,
                             const std::vector<PointWrite>& writes,
                             std::vector<RuleWarning>* warnings,
                             absl::Span<const std::vector<PointWrite>* const> earlier = {});

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_RULE_WARNINGS_H_

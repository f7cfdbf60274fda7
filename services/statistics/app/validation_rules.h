#ifndef FAZHI_SERVICES_STATISTICS_APP_VALIDATION_RULES_H_
#define FAZHI_SERVICES_STATISTICS_APP_VALIDATION_RULES_H_

// The validation-rule use cases: create, list and update rules (each checked against the
// catalogue before it is stored), and RunValidation over the stored figures of a unit or subtree.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/app/caller.h"
#include "common/audit/audit.h"
#include "common/directory/unit_directory.h"
#include "common/time/period.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/app/rule_ports.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {

// Applies an update's masked fields to the stored rule. The field mask is the api's (it names
// proto fields), so the api supplies it; INVALID_ARGUMENT for a bad path or value.
using RuleEdit = std::function<absl::StatusOr<ValidationRule>(const ValidationRule& stored)>;

struct RulePage {
  std::vector<ValidationRule> rules;
  // Whether rules after the last one remain.
  bool more = false;
};

struct RuleViolation {
  ValidationRule rule;
  std::string department_id;
  RuleResult result;
};

struct ValidationRun {
  // In unit order, then rule order.
  std::vector<RuleViolation> violations;
  // Counted per (rule, unit): a rule over a subtree of 30 units is evaluated up to 30 times.
  int64_t evaluated = 0;
  int64_t skipped = 0;
};

class ValidationRules {
 public:
  ValidationRules(RuleRepository* rules, IndicatorSource* catalogue,
                  directory::UnitDirectory* units)
      : rules_(rules), catalogue_(catalogue), units_(units) {}

  // Stores rule as version 1. Its id is rule_id, else rule.id, else a new one. A request_id
  // the same caller sent before answers with the rule that call created and creates nothing;
  // reused with another named id, it is ALREADY_EXISTS naming request_id.
  absl::StatusOr<ValidationRule> Create(const app::Caller& caller, absl::string_view rule_id,
                                        ValidationRule rule, absl::string_view request_id = "");
  // Up to page_size rules after after_id, by id.
  absl::StatusOr<RulePage> List(absl::string_view after_id, int page_size);
  // Applies edit to the stored rule id, if etag still names its version
  // (ABORTED when stale, INVALID_ARGUMENT when missing).
  absl::StatusOr<ValidationRule> Update(const app::Caller& caller, absl::string_view id,
                                        absl::string_view etag, const RuleEdit& edit);
  // Evaluates every rule of the period's type on the unit (and, if asked, its subtree).
  absl::StatusOr<ValidationRun> Run(const time_util::Period& period,
                                    absl::string_view department_id, bool include_descendants);

 private:
  // INVALID_ARGUMENT naming rule.left / rule.right for a code the catalogue does not have.
  absl::Status CheckAgainstCatalogue(const ValidationRule& rule);

  RuleRepository* rules_;
  IndicatorSource* catalogue_;
  directory::UnitDirectory* units_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_VALIDATION_RULES_H_

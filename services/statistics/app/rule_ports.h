#ifndef FAZHI_SERVICES_STATISTICS_APP_RULE_PORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_RULE_PORTS_H_

// What the validation-rule use cases (app/validation_rules.h) need of the rule store, and
// nothing more: RuleStore implements it, the unit tests fake it.

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/audit/audit.h"
#include "services/statistics/app/import_ports.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {

// What the rule use cases need of the rule store besides RuleSource; RuleStore implements it.
class RuleRepository : public RuleSource {
 public:
  // ALREADY_EXISTS when the id, or a non-empty request_key, is taken. Audited in the same
  // transaction.
  virtual absl::Status Create(const audit::AuditContext& context, const ValidationRule& rule,
                              absl::string_view request_key) = 0;
  // The rule a create with this request key (common/app/request_key.h) made, if any.
  virtual absl::StatusOr<std::optional<ValidationRule>> FindByRequestKey(
      absl::string_view request_key) = 0;
  virtual absl::StatusOr<std::optional<ValidationRule>> Get(absl::string_view id) = 0;
  // Ordered by id, after after_id.
  virtual absl::StatusOr<std::vector<ValidationRule>> List(absl::string_view after_id,
                                                           int limit) = 0;
  // Writes rule if the stored version is still expected_version (ABORTED otherwise).
  virtual absl::Status Update(const audit::AuditContext& context, const ValidationRule& rule,
                              int64_t expected_version) = 0;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_RULE_PORTS_H_

#ifndef FAZHI_SERVICES_STATISTICS_STORE_RULE_STORE_H_
#define FAZHI_SERVICES_STATISTICS_STORE_RULE_STORE_H_

// Validation rules in SQL, and the one query that reads the figures rules are evaluated on.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/audit/audit.h"
#include "common/cache/read_cache.h"
#include "common/db/database.h"
#include "services/statistics/app/rule_ports.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {

// Also the rules and figures the import use cases check (app/import_ports.h).
class RuleStore : public RuleRepository {
 public:
  explicit RuleStore(db::Database* db) : db_(db) {}

  // Every import checks the rules of its periods' type, and rules change rarely: the rules of a
  // period type are kept for ttl. A rule write through this store is seen at once; ttl bounds
  // how long a write made by another replica can go unseen. Zero turns it off (the default).
  // Called before the store is shared.
  void set_rule_cache_ttl(absl::Duration ttl);

  // ALREADY_EXISTS naming rule_id when the id is taken, or when request_key (non-empty) is
  // taken by a concurrent twin. Audited in the same transaction.
  absl::Status Create(const audit::AuditContext& context, const ValidationRule& rule,
                      absl::string_view request_key) override;
  absl::StatusOr<std::optional<ValidationRule>> FindByRequestKey(
      absl::string_view request_key) override;
  absl::StatusOr<std::optional<ValidationRule>> Get(absl::string_view id) override;
  // Ordered by id, after after_id.
  absl::StatusOr<std::vector<ValidationRule>> List(absl::string_view after_id, int limit) override;
  // Every rule checked for periods of this type, ordered by id.
  absl::StatusOr<std::vector<ValidationRule>> ListForPeriodType(
      time_util::PeriodType type) override;
  // Writes rule if the stored version is still expected_version (ABORTED otherwise).
  absl::Status Update(const audit::AuditContext& context, const ValidationRule& rule,
                      int64_t expected_version) override;
  // Inserts the shipped rules that are missing (an edited one is left as edited); returns how
  // many it added.
  absl::StatusOr<int> EnsureRules(const std::vector<ValidationRule>& rules, absl::Time now);

  // The stored figures of these indicators for these units in one period, by unit then code.
  absl::StatusOr<std::map<std::string, Values>> ReadValues(const std::vector<std::string>& codes,
                                                           const std::vector<std::string>& units,
                                                           absl::string_view period_key) override;

 private:
  db::Database* db_;
  // By period type.
  std::unique_ptr<cache::ReadCache<std::vector<ValidationRule>>> rules_ =
      std::make_unique<cache::ReadCache<std::vector<ValidationRule>>>(absl::ZeroDuration(), 0);
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_STORE_RULE_STORE_H_

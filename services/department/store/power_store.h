#ifndef FAZHI_SERVICES_DEPARTMENT_STORE_POWER_STORE_H_
#define FAZHI_SERVICES_DEPARTMENT_STORE_POWER_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit.h"
#include "common/db/database.h"
#include "services/department/app/power_ports.h"

namespace fazhi::department {

struct ItemFilter {
  std::string department_id;
  PowerCategory category = PowerCategory::kUnspecified;
  PowerItemStatus status = PowerItemStatus::kUnspecified;
};

// Which units a query covers: one unit, or a unit and its whole subtree; empty: every unit.
struct UnitScope {
  std::string department_id;
  bool include_descendants = false;
};

struct CategoryCount {
  PowerCategory category;
  int64_t count = 0;
};

struct AdjustmentFilter {
  UnitScope scope;
  // Inclusive day range; unset: any date.
  std::optional<absl::CivilDay> first_day;
  std::optional<absl::CivilDay> last_day;
  AdjustmentKind kind = AdjustmentKind::kUnspecified;
};

struct AdjustmentCursor {
  int64_t date_ymd = 0;
  std::string id;
};

struct DepartmentAdjustmentCount {
  std::string department_id;
  int64_t item_count = 0;
  int64_t adjustment_count = 0;
  int64_t added = 0;
  int64_t modified = 0;
  int64_t removed = 0;
};

struct AdjustmentSummary {
  int64_t department_count = 0;
  int64_t item_count = 0;
  int64_t adjustment_count = 0;
  std::vector<DepartmentAdjustmentCount> by_department;
};

struct HeldPower {
  PowerItem item;
  std::string delegation_id;  // empty for the unit's own item
  std::string delegation_document;
  std::string grantor_id;
  absl::CivilDay held_since;
};

struct HeldCursor {
  std::string item_id;
  std::string delegation_id;
};

class PowerStore {
 public:
  explicit PowerStore(db::Database* db) : db_(db) {}

  // Runs fn in one transaction; every item and delegation written through the repository is
  // audited for context in the same transaction.
  absl::Status InTransaction(const audit::AuditContext& context,
                             const std::function<absl::Status(PowerRepository&)>& fn);

  absl::StatusOr<std::optional<PowerItem>> GetItem(absl::string_view id);
  // Items with id > after_id, ordered by id.
  absl::StatusOr<std::vector<PowerItem>> ListItems(const ItemFilter& filter,
                                                   absl::string_view after_id, int limit);
  // Items in force on day on the lists in scope, by category (categories with none left out).
  absl::StatusOr<std::vector<CategoryCount>> CountItems(const UnitScope& scope, absl::CivilDay day);
  // Adjustments ordered by (date, id) after the cursor.
  absl::StatusOr<std::vector<PowerAdjustment>> ListAdjustments(
      const AdjustmentFilter& filter, const std::optional<AdjustmentCursor>& after, int limit);
  // Counts over everything the filter matches, computed in SQL.
  absl::StatusOr<AdjustmentSummary> SummarizeAdjustments(const AdjustmentFilter& filter);

  absl::StatusOr<std::optional<Delegation>> GetDelegation(absl::string_view id);
  // Delegations with id > after_id, optionally only those to a grantee or granting an item.
  absl::StatusOr<std::vector<Delegation>> ListDelegations(absl::string_view grantee_id,
                                                          absl::string_view power_item_id,
                                                          absl::string_view after_id, int limit);
  // Every item the unit holds on day, its own and delegated, ordered by (item id, delegation id).
  absl::StatusOr<std::vector<HeldPower>> ListHeldPowers(absl::string_view department_id,
                                                        absl::CivilDay day, PowerCategory category,
                                                        const std::optional<HeldCursor>& after,
                                                        int limit);

 private:
  db::Database* db_;
};

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_STORE_POWER_STORE_H_

#ifndef FAZHI_SERVICES_DEPARTMENT_APP_POWERS_H_
#define FAZHI_SERVICES_DEPARTMENT_APP_POWERS_H_

// The power-list and delegation use cases: every change to a unit's list with its adjustment
// record, and delegating powers to towns and subdistricts, each over a PowerRepository bound to
// one transaction. The caller's actor and time go to the adjustment record.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "services/department/app/power_ports.h"
#include "services/department/domain/power.h"

namespace fazhi::department {

struct CreatedItem {
  PowerItem item;
  bool created = true;  // false: request_id matched an earlier create
};

// Adds draft (id chosen) to its unit's list under order.
absl::StatusOr<CreatedItem> AddPowerItem(PowerRepository& repo, PowerItem draft,
                                         const AdjustmentOrder& order, absl::string_view request_id,
                                         const app::Caller& caller);

// Applies the mask paths from changes to the stored item changes.id whose etag must match.
absl::StatusOr<PowerItem> ModifyPowerItem(PowerRepository& repo, const PowerItem& changes,
                                          const std::vector<std::string>& mask,
                                          absl::string_view etag, const AdjustmentOrder& order,
                                          const app::Caller& caller);

// Takes the item off its list from order.date.
absl::StatusOr<PowerItem> RemovePowerItem(PowerRepository& repo, absl::string_view id,
                                          absl::string_view etag, const AdjustmentOrder& order,
                                          const app::Caller& caller);

struct CreatedDelegation {
  Delegation delegation;
  bool created = true;
};

// Grants draft.power_item_ids to draft.grantee_ids, which must all be towns or subdistricts.
absl::StatusOr<CreatedDelegation> CreateDelegation(PowerRepository& repo, Delegation draft,
                                                   absl::string_view request_id,
                                                   const app::Caller& caller);

// Ends the delegation from effective_day (default today in China).
absl::StatusOr<Delegation> RevokeDelegation(PowerRepository& repo, absl::string_view id,
                                            absl::string_view etag,
                                            std::optional<absl::CivilDay> effective_day,
                                            absl::string_view reason, const app::Caller& caller);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_APP_POWERS_H_

#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_POWER_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_POWER_H_

// Power and responsibility lists (权责清单) and delegated powers (赋权): what each unit may do
// in law, every change to that with its reason and ordering document, and the powers the province
// or city grants to towns and subdistricts. Pure rules; the use cases that change lists and
// delegate powers are in app/powers.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/audit/changes.h"
#include "services/department/domain/department.h"

namespace fazhi::department {

// Values match fazhi.department.v1.PowerCategory.
enum class PowerCategory {
  kUnspecified = 0,
  kLicensing = 1,
  kPenalty = 2,
  kCoercion = 3,
  kLevy = 4,
  kBenefit = 5,
  kInspection = 6,
  kConfirmation = 7,
  kReward = 8,
  kAdjudication = 9,
  kOther = 10,
};
inline constexpr int kMaxPowerCategory = 10;

enum class PowerItemStatus { kUnspecified = 0, kActive = 1, kRemoved = 2 };
enum class AdjustmentKind { kUnspecified = 0, kAdd = 1, kModify = 2, kRemove = 3 };
enum class DelegationStatus { kUnspecified = 0, kActive = 1, kRevoked = 2 };

struct LegalBasis {
  std::string law;
  std::string article;
  bool operator==(const LegalBasis& o) const { return law == o.law && article == o.article; }
};

struct PowerItem {
  std::string id;
  std::string department_id;
  std::string code;
  std::string name;
  PowerCategory category = PowerCategory::kUnspecified;
  std::vector<LegalBasis> legal_basis;
  // Unset on a draft: in force from the adjustment date.
  std::optional<absl::CivilDay> effective_date;
  PowerItemStatus status = PowerItemStatus::kActive;
  std::optional<absl::CivilDay> removed_date;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  int64_t version = 0;
};

// In force on day: from its effective date up to the day before it was removed.
bool ItemInForceOn(const PowerItem& item, absl::CivilDay day);

struct AdjustmentOrder {
  std::string reason;
  std::string document;
  std::optional<absl::CivilDay> date;
};

struct PowerAdjustment {
  std::string id;
  std::string power_item_id;
  std::string department_id;
  AdjustmentKind kind = AdjustmentKind::kUnspecified;
  std::string reason;
  std::string document;
  absl::CivilDay date;
  std::string actor;
  absl::Time create_time = absl::UnixEpoch();
  std::string item_code;
  std::string item_name;
  // For a modification: what changed, as the audit log writes it.
  std::string changes;
};

struct Delegation {
  std::string id;
  std::string title;
  std::string document;
  std::string grantor_id;
  std::vector<std::string> power_item_ids;
  std::vector<std::string> grantee_ids;
  std::optional<absl::CivilDay> effective_date;
  DelegationStatus status = DelegationStatus::kActive;
  std::optional<absl::CivilDay> revoked_date;
  std::string revoke_reason;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  int64_t version = 0;
};

// In force on day: from its effective date up to the day before it was revoked.
bool DelegationInForceOn(const Delegation& delegation, absl::CivilDay day);

inline constexpr size_t kMaxDelegationItems = 1000;
inline constexpr size_t kMaxDelegationGrantees = 1000;

// Field-level checks of an item as a caller gave it, naming fields under "item.".
absl::Status ValidateItemFields(const PowerItem& item);

// What histories and the audit log record of an item and of a delegation.
audit::Fields ItemFields(const PowerItem& item);
audit::Fields DelegationFields(const Delegation& delegation);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_POWER_H_

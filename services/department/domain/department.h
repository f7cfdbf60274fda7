#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_

// A unit (单位 / 部门) of the registry and the rules for creating, changing and dissolving one.
// Pure rules; the use cases are in app/units.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fazhi::department {

// Values match fazhi.department.v1 so they survive storage and the API unchanged.
enum class Kind {
  kUnspecified = 0,
  kGovernment = 1,
  kGovernmentDepartment = 2,
  kTown = 3,
  kSubdistrict = 4,
  kAreaOffice = 5,
  kVillageCommittee = 6,
  kPartyCommittee = 7,
  kCongressStandingCommittee = 8,
  kVerticalAgency = 9,
};
inline constexpr int kMaxKind = 9;

enum class Level {
  kUnspecified = 0,
  kProvince = 1,
  kCity = 2,
  kCounty = 3,
  kTownship = 4,
  kVillage = 5
};
inline constexpr int kMaxLevel = 5;

enum class Status { kUnspecified = 0, kActive = 1, kDissolved = 2 };

inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxShortNameChars = 30;
inline constexpr size_t kMaxRequestIdChars = 64;
// Deeper than any real hierarchy (province > city > county > town > village is 5); guards the
// recursive queries against a corrupted tree.
inline constexpr int kMaxDepth = 32;

struct Department {
  std::string id;
  std::string name;
  std::string short_name;
  Kind kind = Kind::kUnspecified;
  Level level = Level::kUnspecified;
  std::string parent_id;
  std::string credit_code;
  std::string region_code;
  bool law_enforcement_body = false;
  bool has_legal_affairs_office = false;
  Status status = Status::kActive;
  std::string successor_id;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  std::optional<absl::Time> dissolve_time;
  // The days the unit existed: from valid_from up to the day before valid_to. Unset valid_from
  // on a draft means "established the day it is registered".
  std::optional<absl::CivilDay> valid_from;
  std::optional<absl::CivilDay> valid_to;
  int64_t version = 0;
};

// Whether the unit existed on day.
bool ExistedOn(const Department& d, absl::CivilDay day);

// The fields a caller may set; "department." is prefixed to field names in errors.
absl::Status ValidateFields(const Department& d);

// Applies the update-mask paths from `changes` to `target`. INVALID_ARGUMENT for an empty mask or
// a path that is not updatable.
absl::Status ApplyUpdateMask(const Department& changes, const std::vector<std::string>& paths,
                             Department* target);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_

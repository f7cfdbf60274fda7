#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_

// A unit (单位 / 部门) of the registry and the rules for creating, changing and dissolving one.
// Pure rules: the store supplies a DepartmentRepository bound to one transaction.

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

// One transaction's view of the stored registry.
class DepartmentRepository {
 public:
  virtual ~DepartmentRepository() = default;
  // The unit, locked against concurrent change until the transaction ends.
  virtual absl::StatusOr<std::optional<Department>> Find(absl::string_view id) = 0;
  // Ids from the unit's parent up to its root, nearest first.
  virtual absl::StatusOr<std::vector<std::string>> AncestorIds(absl::string_view id) = 0;
  virtual absl::StatusOr<int64_t> CountActiveChildren(absl::string_view id) = 0;
  // Officers still serving in the unit (not marked as left).
  virtual absl::StatusOr<int64_t> CountActiveOfficers(absl::string_view id) = 0;
  // The id of an active unit under parent_id (roots when empty) with this name, other than
  // exclude_id.
  virtual absl::StatusOr<std::optional<std::string>> ActiveSiblingNamed(
      absl::string_view parent_id, absl::string_view name, absl::string_view exclude_id) = 0;
  virtual absl::StatusOr<std::optional<std::string>> IdHoldingCreditCode(
      absl::string_view code) = 0;
  virtual absl::StatusOr<std::optional<Department>> FindByRequestId(
      absl::string_view request_id) = 0;
  virtual absl::Status Insert(const Department& d, absl::string_view request_id) = 0;
  // Writes d if the stored version is still expected_version.
  virtual absl::Status Update(const Department& d, int64_t expected_version) = 0;
};

struct CreateResult {
  Department department;
  // False when request_id matched an earlier create and nothing was written.
  bool created = true;
};

// Registers draft (id already chosen) under its parent.
absl::StatusOr<CreateResult> CreateDepartment(DepartmentRepository& repo, Department draft,
                                              absl::string_view request_id, absl::Time now);

// Applies `changes` along the mask to the unit changes.id, whose stored etag must be `etag`.
absl::StatusOr<Department> UpdateDepartment(DepartmentRepository& repo, const Department& changes,
                                            const std::vector<std::string>& mask,
                                            absl::string_view etag, absl::Time now);

// Dissolves the unit; it must have no active sub-units and no serving officers left. successor_id, if given, must be
// another active unit outside the dissolved one's subtree. effective_day (default: today in
// China) becomes valid_to and may not precede valid_from.
absl::StatusOr<Department> DissolveDepartment(DepartmentRepository& repo, absl::string_view id,
                                              absl::string_view etag,
                                              absl::string_view successor_id,
                                              std::optional<absl::CivilDay> effective_day,
                                              absl::Time now);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_DEPARTMENT_H_

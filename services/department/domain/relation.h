#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_

// Reporting relations: whom a unit reports to (its Party committee, its 人大常委会, the government
// or matching department one level up), with their history. The annual report's recipients are
// derived from them (法治政府建设与责任落实督察工作规定, Art. 24). Pure rules; the use case that
// sets relations is in app/relations.h.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/department/domain/department.h"

namespace fazhi::department {

// Values match fazhi.department.v1.RelationKind.
enum class RelationKind {
  kUnspecified = 0,
  kPartyCommittee = 1,
  kCongressStandingCommittee = 2,
  kSuperior = 3,
};
inline constexpr int kMaxRelationKind = 3;

inline constexpr size_t kMaxRelationReasonChars = 200;

// "PARTY_COMMITTEE" and so on, as the API names the kinds, for messages and the audit log.
absl::string_view RelationKindName(RelationKind kind);

// One relation, in force from valid_from up to the day before valid_to, as units are.
struct Relation {
  std::string department_id;
  RelationKind kind = RelationKind::kUnspecified;
  std::string related_id;
  // Read only: the related unit's name, filled by the store's queries.
  std::string related_name;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  std::string reason;
  std::string set_by;
  absl::Time set_time = absl::UnixEpoch();
};

// Whether the relation was in force on day.
bool InForceOn(const Relation& r, absl::CivilDay day);

struct SetRelationCommand {
  std::string department_id;
  RelationKind kind = RelationKind::kUnspecified;
  std::string related_id;  // empty: end the relation in force
  std::optional<absl::CivilDay> effective_date;
  std::string reason;
};

// The input checks that need no stored state: INVALID_ARGUMENT naming the field.
absl::Status ValidateSetRelation(const SetRelationCommand& command);

// Whether a unit of this kind reports in relations of relation_kind; INVALID_ARGUMENT naming
// "kind" otherwise.
absl::Status CheckReportingUnit(const Department& unit, RelationKind relation_kind);

// Whether related may stand in relation_kind to unit; INVALID_ARGUMENT naming "related_id".
absl::Status CheckRelatedUnit(const Department& unit, RelationKind relation_kind,
                              const Department& related);

// The unit must be active and have existed on day; FAILED_PRECONDITION naming field otherwise.
absl::Status CheckActiveOn(const Department& d, absl::CivilDay day, absl::string_view field);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_

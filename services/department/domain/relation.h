#ifndef FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_
#define FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_

// Reporting relations: whom a unit reports to (its Party committee, its 人大常委会, the government
// or matching department one level up), with their history. The annual report's recipients are
// derived from them (法治政府建设与责任落实督察工作规定, Art. 24). Pure rules: the store supplies a
// RelationRepository bound to one transaction.

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

// One transaction's view of the stored relations and the units they join.
class RelationRepository {
 public:
  virtual ~RelationRepository() = default;
  // The unit; the reporting unit's row is locked against concurrent change, which serialises
  // changes to its relations.
  virtual absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) = 0;
  // The relation of this kind with the latest valid_from, if any.
  virtual absl::StatusOr<std::optional<Relation>> Latest(absl::string_view department_id,
                                                         RelationKind kind) = 0;
  virtual absl::Status Insert(const Relation& r) = 0;
  // Rewrites the stored relation (department_id, kind, before.valid_from) as after, which keeps
  // those three. action ("end_relation", "correct_relation", "extend_relation"), reason (the
  // call's own) and now go to the audit log.
  virtual absl::Status Replace(const Relation& before, const Relation& after,
                               absl::string_view action, absl::string_view reason,
                               absl::Time now) = 0;
};

struct SetRelationCommand {
  std::string department_id;
  RelationKind kind = RelationKind::kUnspecified;
  std::string related_id;  // empty: end the relation in force
  std::optional<absl::CivilDay> effective_date;
  std::string reason;
};

struct SetRelationResult {
  // The relation set (or, when ending, the relation ended).
  Relation relation;
  // False when the same relation was already in force from that day and nothing was written.
  bool changed = true;
};

// The input checks that need no stored state: INVALID_ARGUMENT naming the field.
absl::Status ValidateSetRelation(const SetRelationCommand& command);

// Sets (or ends) a relation as SetDepartmentRelation documents. actor becomes set_by.
absl::StatusOr<SetRelationResult> SetRelation(RelationRepository& repo,
                                              const SetRelationCommand& command,
                                              absl::string_view actor, absl::Time now);

}  // namespace fazhi::department

#endif  // FAZHI_SERVICES_DEPARTMENT_DOMAIN_RELATION_H_

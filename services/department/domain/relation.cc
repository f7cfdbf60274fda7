#include "services/department/domain/relation.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

absl::string_view KindDescription(Kind kind) {
  switch (kind) {
    case Kind::kGovernment:
      return "a government (人民政府)";
    case Kind::kGovernmentDepartment:
      return "a government department";
    case Kind::kTown:
      return "a town";
    case Kind::kSubdistrict:
      return "a subdistrict";
    case Kind::kAreaOffice:
      return "an area office";
    case Kind::kVillageCommittee:
      return "a village committee";
    case Kind::kPartyCommittee:
      return "a Party committee (党委)";
    case Kind::kCongressStandingCommittee:
      return "a 人大常委会";
    case Kind::kVerticalAgency:
      return "a vertical agency";
    case Kind::kUnspecified:
      break;
  }
  return "a unit of unspecified kind";
}

}  // namespace

// Whether a unit of this kind reports in relations of relation_kind; INVALID_ARGUMENT naming
// "kind" otherwise.
absl::Status CheckReportingUnit(const Department& unit, RelationKind relation_kind) {
  bool allowed = false;
  absl::string_view who;
  switch (relation_kind) {
    case RelationKind::kPartyCommittee:
      // The recipients themselves do not report to a Party committee in this sense.
      allowed = unit.kind != Kind::kPartyCommittee && unit.kind != Kind::kCongressStandingCommittee;
      who = "units other than Party committees and 人大常委会";
      break;
    case RelationKind::kCongressStandingCommittee:
      allowed = unit.kind == Kind::kGovernment;
      who = "governments";
      break;
    case RelationKind::kSuperior:
      allowed = unit.kind == Kind::kGovernment || unit.kind == Kind::kGovernmentDepartment ||
                unit.kind == Kind::kVerticalAgency;
      who = "governments, government departments and vertical agencies";
      break;
    case RelationKind::kUnspecified:
      break;
  }
  if (allowed) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("kind: a ", RelationKindName(relation_kind),
                                                 " relation is for ", who, "; '", unit.id, "' (",
                                                 unit.name, ") is ", KindDescription(unit.kind)));
}

// Whether related may stand in relation_kind to unit; INVALID_ARGUMENT naming "related_id".
absl::Status CheckRelatedUnit(const Department& unit, RelationKind relation_kind,
                              const Department& related) {
  auto wrong = [&](absl::string_view needed) {
    return absl::InvalidArgumentError(absl::StrCat(
        "related_id: a ", RelationKindName(relation_kind), " relation needs ", needed, "; '",
        related.id, "' (", related.name, ") is ", KindDescription(related.kind)));
  };
  switch (relation_kind) {
    case RelationKind::kPartyCommittee:
      if (related.kind != Kind::kPartyCommittee) return wrong("a Party committee (党委)");
      return absl::OkStatus();
    case RelationKind::kCongressStandingCommittee:
      if (related.kind != Kind::kCongressStandingCommittee) return wrong("a 人大常委会");
      return absl::OkStatus();
    case RelationKind::kSuperior:
      if (unit.kind == Kind::kGovernment) {
        if (related.kind != Kind::kGovernment) return wrong("a government (人民政府)");
      } else if (related.kind != Kind::kGovernmentDepartment &&
                 related.kind != Kind::kVerticalAgency) {
        return wrong("a government department or vertical agency");
      }
      // Smaller numbers are higher levels (PROVINCE = 1 ... VILLAGE = 5).
      if (static_cast<int>(related.level) >= static_cast<int>(unit.level)) {
        return absl::InvalidArgumentError(
            absl::StrCat("related_id: the SUPERIOR of '", unit.id,
                         "' must sit at a higher administrative level; '", related.id, "' (",
                         related.name, ") is at level ", static_cast<int>(related.level), ", '",
                         unit.id, "' at ", static_cast<int>(unit.level)));
      }
      return absl::OkStatus();
    case RelationKind::kUnspecified:
      break;
  }
  return absl::InvalidArgumentError("kind is required");
}

// The unit must be active and have existed on day; FAILED_PRECONDITION naming field otherwise.
absl::Status CheckActiveOn(const Department& d, absl::CivilDay day, absl::string_view field) {
  if (d.status != Status::kActive) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": '", d.id, "' (", d.name, ") is dissolved",
                     d.valid_to ? absl::StrCat(" from ", time_util::FormatDay(*d.valid_to)) : ""));
  }
  if (!ExistedOn(d, day)) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": '", d.id, "' (", d.name, ") did not exist on ", time_util::FormatDay(day),
        d.valid_from ? absl::StrCat("; it is registered from ", time_util::FormatDay(*d.valid_from))
                     : ""));
  }
  return absl::OkStatus();
}

absl::string_view RelationKindName(RelationKind kind) {
  switch (kind) {
    case RelationKind::kPartyCommittee:
      return "PARTY_COMMITTEE";
    case RelationKind::kCongressStandingCommittee:
      return "CONGRESS_STANDING_COMMITTEE";
    case RelationKind::kSuperior:
      return "SUPERIOR";
    case RelationKind::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

bool InForceOn(const Relation& r, absl::CivilDay day) {
  return r.valid_from <= day && (!r.valid_to || day < *r.valid_to);
}

absl::Status ValidateSetRelation(const SetRelationCommand& command) {
  if (absl::Status s = validation::CheckId(command.department_id, "department_id"); !s.ok()) {
    return s;
  }
  int kind = static_cast<int>(command.kind);
  if (kind == 0) return absl::InvalidArgumentError("kind is required");
  if (kind < 0 || kind > kMaxRelationKind) {
    return absl::InvalidArgumentError(absl::StrCat("kind: unknown value ", kind));
  }
  if (!command.related_id.empty()) {
    if (absl::Status s = validation::CheckId(command.related_id, "related_id"); !s.ok()) return s;
    if (command.related_id == command.department_id) {
      return absl::InvalidArgumentError(
          "related_id: a unit cannot stand in a reporting relation to itself");
    }
  }
  if (!command.effective_date) return absl::InvalidArgumentError("effective_date is required");
  return validation::CheckText(command.reason, "reason", 1, kMaxRelationReasonChars);
}

}  // namespace fazhi::department

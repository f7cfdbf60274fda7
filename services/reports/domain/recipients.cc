#include "services/reports/domain/recipients.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fazhi::reports {
namespace {

constexpr absl::string_view kSetRelation = "set it with DepartmentService.SetDepartmentRelation";

absl::string_view KindName(UnitKind kind) {
  switch (kind) {
    case UnitKind::kGovernment:
      return "a government";
    case UnitKind::kGovernmentDepartment:
      return "a government department";
    case UnitKind::kVerticalAgency:
      return "a vertical agency";
    case UnitKind::kOther:
      return "neither a government nor a government department";
  }
  return "of an unknown kind";
}

Recipient MakeRecipient(const UnitRef& unit, RecipientBasis basis) {
  Recipient r;
  r.department_id = unit.id;
  r.name = unit.name;
  r.short_name = unit.short_name;
  r.basis = basis;
  return r;
}

std::string MissingRelation(absl::string_view who, absl::string_view what,
                            absl::string_view relation) {
  return absl::StrCat(who, " has no ", what, " in the registry (relation ", relation, "); ",
                      kSetRelation);
}

// A registry pointing two roles at one unit is a data error; listing the unit twice would hide it.
absl::Status CheckDistinct(const std::vector<Recipient>& recipients) {
  for (size_t i = 0; i < recipients.size(); ++i) {
    for (size_t j = i + 1; j < recipients.size(); ++j) {
      if (recipients[i].department_id == recipients[j].department_id) {
        return absl::FailedPreconditionError(absl::StrCat(
            "the registry names ", recipients[i].name, " both as the ",
            RecipientBasisName(recipients[i].basis), " and as the ",
            RecipientBasisName(recipients[j].basis), "; correct the registry's relations"));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Recipient>> GovernmentRecipients(const ReportingUnit& unit,
                                                            const RegistryFacts& facts) {
  std::vector<std::string> missing;
  if (!facts.superior_government) {
    missing.push_back(MissingRelation(unit.name, "superior government", "SUPERIOR"));
  } else if (!facts.superior_party_committee) {
    // Only meaningful once the superior government is known.
    missing.push_back(MissingRelation(absl::StrCat(facts.superior_government->name,
                                                   " (the superior government of ", unit.name, ")"),
                                      "party committee", "PARTY_COMMITTEE"));
  }
  if (!facts.party_committee) {
    missing.push_back(MissingRelation(unit.name, "party committee", "PARTY_COMMITTEE"));
  }
  if (!facts.congress_standing_committee) {
    missing.push_back(MissingRelation(unit.name, "people's congress standing committee",
                                      "CONGRESS_STANDING_COMMITTEE"));
  }
  if (!missing.empty()) return absl::FailedPreconditionError(absl::StrJoin(missing, ". "));
  return std::vector<Recipient>{
      MakeRecipient(*facts.superior_party_committee, RecipientBasis::kSuperiorPartyCommittee),
      MakeRecipient(*facts.superior_government, RecipientBasis::kSuperiorGovernment),
      MakeRecipient(*facts.party_committee, RecipientBasis::kOwnPartyCommittee),
      MakeRecipient(*facts.congress_standing_committee,
                    RecipientBasis::kOwnCongressStandingCommittee),
  };
}

absl::StatusOr<std::vector<Recipient>> DepartmentRecipients(const ReportingUnit& unit,
                                                            const RegistryFacts& facts) {
  std::vector<std::string> missing;
  if (!facts.superior_counterpart) {
    missing.push_back(MissingRelation(unit.name, "superior counterpart", "SUPERIOR"));
  }
  if (!facts.government) {
    // The government is the department's parent in the tree, not a relation.
    missing.push_back(
        absl::StrCat(unit.name,
                     " has no government above it in the registry (its parent "
                     "unit); set its parent with DepartmentService.UpdateDepartment"));
  } else if (!facts.government_party_committee) {
    missing.push_back(MissingRelation(
        absl::StrCat(facts.government->name, " (the government of ", unit.name, ")"),
        "party committee", "PARTY_COMMITTEE"));
  }
  if (!missing.empty()) return absl::FailedPreconditionError(absl::StrJoin(missing, ". "));
  return std::vector<Recipient>{
      MakeRecipient(*facts.superior_counterpart, RecipientBasis::kSuperiorCounterpart),
      MakeRecipient(*facts.government_party_committee, RecipientBasis::kOwnPartyCommittee),
      MakeRecipient(*facts.government, RecipientBasis::kOwnGovernment),
  };
}

}  // namespace

bool OwesReport(UnitKind kind, bool law_enforcement_body) {
  switch (kind) {
    case UnitKind::kGovernment:
      return true;
    case UnitKind::kGovernmentDepartment:
      return law_enforcement_body;
    case UnitKind::kVerticalAgency:
    case UnitKind::kOther:
      return false;
  }
  return false;
}

absl::StatusOr<ReportKind> ReportKindFor(const ReportingUnit& unit) {
  switch (unit.kind) {
    case UnitKind::kGovernment:
      return ReportKind::kGovernment;
    case UnitKind::kGovernmentDepartment:
      return ReportKind::kDepartment;
    case UnitKind::kVerticalAgency:
    case UnitKind::kOther:
      break;
  }
  return absl::FailedPreconditionError(
      absl::StrCat(unit.name, " is ", KindName(unit.kind),
                   "; the regulation names no annual report for it (only governments and "
                   "government departments report)"));
}

absl::StatusOr<std::vector<Recipient>> RequiredRecipients(const ReportingUnit& unit,
                                                          const RegistryFacts& facts) {
  absl::StatusOr<ReportKind> kind = ReportKindFor(unit);
  if (!kind.ok()) return kind.status();
  absl::StatusOr<std::vector<Recipient>> recipients = *kind == ReportKind::kGovernment
                                                          ? GovernmentRecipients(unit, facts)
                                                          : DepartmentRecipients(unit, facts);
  if (!recipients.ok()) return recipients;
  if (absl::Status distinct = CheckDistinct(*recipients); !distinct.ok()) return distinct;
  return recipients;
}

absl::Status CheckRecipientsKept(const std::vector<Recipient>& before,
                                 const std::vector<Recipient>& after) {
  std::map<std::string, RecipientBasis> kept;
  for (const Recipient& r : after) {
    if (!kept.emplace(r.department_id, r.basis).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("recipients: ", r.name, " (", r.department_id, ") is listed twice"));
    }
  }
  for (const Recipient& r : before) {
    if (!r.required()) continue;
    auto it = kept.find(r.department_id);
    if (it == kept.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat(r.name, " is a required recipient (", RecipientBasisName(r.basis),
                       ", 法治政府建设与责任落实督察工作规定 Art. 24); it cannot be removed"));
    }
    // Relabelled as a clerk's addition it could be dropped by the next edit.
    if (it->second != r.basis) {
      return absl::FailedPreconditionError(
          absl::StrCat(r.name, " is a required recipient (", RecipientBasisName(r.basis),
                       "); its basis cannot be changed to ", RecipientBasisName(it->second)));
    }
  }
  return absl::OkStatus();
}

std::string AddresseeLine(const std::vector<Recipient>& recipients) {
  std::string line = absl::StrJoin(recipients, "、", [](std::string* out, const Recipient& r) {
    absl::StrAppend(out, r.short_name.empty() ? r.name : r.short_name);
  });
  absl::StrAppend(&line, ":");
  return line;
}

}  // namespace fazhi::reports

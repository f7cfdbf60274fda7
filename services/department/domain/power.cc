#include "services/department/domain/power.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/audit/changes.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

std::string Describe(const std::vector<LegalBasis>& bases) {
  std::vector<std::string> parts;
  for (const LegalBasis& b : bases) parts.push_back(absl::StrCat(b.law, b.article));
  return absl::StrJoin(parts, "；");
}

}  // namespace

audit::Fields ItemFields(const PowerItem& item) {
  return {{"department_id", item.department_id},
          {"code", item.code},
          {"name", item.name},
          {"category", absl::StrCat(static_cast<int>(item.category))},
          {"legal_basis", Describe(item.legal_basis)},
          {"effective_date", item.effective_date ? time_util::FormatDay(*item.effective_date) : ""},
          {"status", item.status == PowerItemStatus::kRemoved ? "removed" : "active"},
          {"removed_date", item.removed_date ? time_util::FormatDay(*item.removed_date) : ""}};
}

audit::Fields DelegationFields(const Delegation& d) {
  return {{"title", d.title},
          {"document", d.document},
          {"grantor_id", d.grantor_id},
          {"power_item_ids", absl::StrJoin(d.power_item_ids, ",")},
          {"grantee_ids", absl::StrJoin(d.grantee_ids, ",")},
          {"effective_date", d.effective_date ? time_util::FormatDay(*d.effective_date) : ""},
          {"status", d.status == DelegationStatus::kRevoked ? "revoked" : "active"},
          {"revoked_date", d.revoked_date ? time_util::FormatDay(*d.revoked_date) : ""},
          {"revoke_reason", d.revoke_reason}};
}

bool ItemInForceOn(const PowerItem& item, absl::CivilDay day) {
  return item.effective_date && *item.effective_date <= day &&
         (!item.removed_date || day < *item.removed_date);
}

bool DelegationInForceOn(const Delegation& delegation, absl::CivilDay day) {
  return delegation.effective_date && *delegation.effective_date <= day &&
         (!delegation.revoked_date || day < *delegation.revoked_date);
}

absl::Status ValidateItemFields(const PowerItem& item) {
  if (absl::Status s = validation::CheckText(item.code, "item.code", 1, 40); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(item.name, "item.name", 1, 200); !s.ok()) return s;
  if (item.category == PowerCategory::kUnspecified) {
    return absl::InvalidArgumentError("item.category is required");
  }
  if (item.legal_basis.empty()) {
    return absl::InvalidArgumentError(
        "item.legal_basis: name at least one law and article the power rests on (职权法定)");
  }
  if (item.legal_basis.size() > 20) {
    return absl::InvalidArgumentError("item.legal_basis: at most 20 entries");
  }
  for (size_t i = 0; i < item.legal_basis.size(); ++i) {
    std::string field = absl::StrCat("item.legal_basis[", i, "]");
    if (absl::Status s = validation::CheckText(item.legal_basis[i].law, field + ".law", 1, 100);
        !s.ok()) {
      return s;
    }
    if (absl::Status s =
            validation::CheckText(item.legal_basis[i].article, field + ".article", 0, 50);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace fazhi::department

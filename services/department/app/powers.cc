#include "services/department/app/powers.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/audit/changes.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

constexpr absl::string_view kUpdatablePaths[] = {"code", "name", "category", "legal_basis",
                                                 "effective_date"};

absl::Status CheckOrder(const AdjustmentOrder& order) {
  if (absl::Status s = validation::CheckText(order.reason, "adjustment.reason", 1, 500); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(order.document, "adjustment.document", 1, 100);
      !s.ok()) {
    return s;
  }
  if (!order.date) {
    return absl::InvalidArgumentError(
        "adjustment.date is required: the day the change takes effect");
  }
  return absl::OkStatus();
}

// The unit must exist and be active to change its list or receive powers.
absl::StatusOr<Department> ActiveDepartment(PowerRepository& repo, absl::string_view id,
                                            absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<Department>> d = repo.FindDepartment(id);
  if (!d.ok()) return d.status();
  if (!d->has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if ((*d)->status != Status::kActive) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": '", id, "' (", (*d)->name, ") is dissolved"));
  }
  return **d;
}

absl::Status CheckCodeFree(PowerRepository& repo, const PowerItem& item) {
  absl::StatusOr<std::optional<std::string>> holder =
      repo.ActiveItemWithCode(item.department_id, item.code, item.id);
  if (!holder.ok()) return holder.status();
  if (holder->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("item.code: '", item.code, "' is already item '",
                                                 **holder, "' on this unit's list"));
  }
  return absl::OkStatus();
}

absl::StatusOr<PowerItem> LoadItem(PowerRepository& repo, absl::string_view id,
                                   absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<PowerItem>> item = repo.FindItem(id);
  if (!item.ok()) return item.status();
  if (!item->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no power item with id '", id, "'"));
  }
  return **item;
}

PowerAdjustment Record(const PowerItem& item, AdjustmentKind kind, const AdjustmentOrder& order,
                       const app::Caller& caller, std::string changes) {
  PowerAdjustment a;
  a.power_item_id = item.id;
  a.department_id = item.department_id;
  a.kind = kind;
  a.reason = order.reason;
  a.document = order.document;
  a.date = *order.date;
  a.actor = caller.audit.actor;
  a.create_time = caller.now;
  a.item_code = item.code;
  a.item_name = item.name;
  a.changes = std::move(changes);
  return a;
}

}  // namespace

absl::StatusOr<CreatedItem> AddPowerItem(PowerRepository& repo, PowerItem draft,
                                         const AdjustmentOrder& order, absl::string_view request_id,
                                         const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(draft.id, "item_id"); !s.ok()) return s;
  if (absl::Status s = ValidateItemFields(draft); !s.ok()) return s;
  if (absl::Status s = CheckOrder(order); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(request_id, "request_id", 0, 64); !s.ok()) return s;
  const std::string request_key = app::RequestKey(caller, request_id);
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<PowerItem>> earlier = repo.FindItemByRequestId(request_key);
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) return CreatedItem{**earlier, false};
  }
  absl::StatusOr<Department> unit =
      ActiveDepartment(repo, draft.department_id, "item.department_id");
  if (!unit.ok()) return unit.status();
  absl::StatusOr<std::optional<PowerItem>> existing = repo.FindItem(draft.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("item_id: a power item with id '", draft.id, "' already exists"));
  }
  if (absl::Status s = CheckCodeFree(repo, draft); !s.ok()) return s;
  if (!draft.effective_date) draft.effective_date = order.date;
  draft.status = PowerItemStatus::kActive;
  draft.removed_date.reset();
  draft.create_time = draft.update_time = caller.now;
  draft.version = 1;
  if (absl::Status s = repo.InsertItem(draft, request_key); !s.ok()) return s;
  if (absl::Status s =
          repo.InsertAdjustment(Record(draft, AdjustmentKind::kAdd, order, caller, ""));
      !s.ok()) {
    return s;
  }
  return CreatedItem{std::move(draft), true};
}

absl::StatusOr<PowerItem> ModifyPowerItem(PowerRepository& repo, const PowerItem& changes,
                                          const std::vector<std::string>& mask,
                                          absl::string_view etag, const AdjustmentOrder& order,
                                          const app::Caller& caller) {
  absl::StatusOr<PowerItem> current = LoadItem(repo, changes.id, "item.id");
  if (!current.ok()) return current.status();
  if (mask.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask is required: name the fields to change among ",
                     absl::StrJoin(kUpdatablePaths, ", ")));
  }
  PowerItem updated = *current;
  for (const std::string& path : mask) {
    if (path == "code") {
      updated.code = changes.code;
    } else if (path == "name") {
      updated.name = changes.name;
    } else if (path == "category") {
      updated.category = changes.category;
    } else if (path == "legal_basis") {
      updated.legal_basis = changes.legal_basis;
    } else if (path == "effective_date") {
      if (!changes.effective_date) {
        return absl::InvalidArgumentError("item.effective_date is required when in update_mask");
      }
      updated.effective_date = changes.effective_date;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", validation::IsValidUtf8(path) ? path : "?",
          "' cannot be updated; updatable fields are ", absl::StrJoin(kUpdatablePaths, ", ")));
    }
  }
  if (absl::Status s = ValidateItemFields(updated); !s.ok()) return s;
  if (absl::Status s = CheckOrder(order); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, current->version, "item.etag"); !s.ok()) return s;
  if (current->status != PowerItemStatus::kActive) {
    return absl::FailedPreconditionError(absl::StrCat(
        "power item '", current->id, "' was removed from the list; add a new item instead"));
  }
  if (updated.code != current->code) {
    if (absl::Status s = CheckCodeFree(repo, updated); !s.ok()) return s;
  }
  std::string changed = audit::ChangeJson(ItemFields(*current), ItemFields(updated));
  if (changed == "{}") {
    return absl::InvalidArgumentError(
        "update_mask: the fields named already hold these values; nothing to adjust");
  }
  updated.update_time = caller.now;
  updated.version = current->version + 1;
  if (absl::Status s = repo.UpdateItem(updated, current->version); !s.ok()) return s;
  if (absl::Status s = repo.InsertAdjustment(
          Record(updated, AdjustmentKind::kModify, order, caller, std::move(changed)));
      !s.ok()) {
    return s;
  }
  return updated;
}

absl::StatusOr<PowerItem> RemovePowerItem(PowerRepository& repo, absl::string_view id,
                                          absl::string_view etag, const AdjustmentOrder& order,
                                          const app::Caller& caller) {
  absl::StatusOr<PowerItem> current = LoadItem(repo, id, "id");
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckOrder(order); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, current->version, "etag"); !s.ok()) return s;
  if (current->status == PowerItemStatus::kRemoved) {
    return absl::FailedPreconditionError(
        absl::StrCat("power item '", id, "' was already removed on ",
                     time_util::FormatDay(*current->removed_date)));
  }
  if (*order.date < *current->effective_date) {
    return absl::InvalidArgumentError(
        absl::StrCat("adjustment.date ", time_util::FormatDay(*order.date),
                     " is before the item came into force (",
                     time_util::FormatDay(*current->effective_date), ")"));
  }
  PowerItem removed = *current;
  removed.status = PowerItemStatus::kRemoved;
  removed.removed_date = order.date;
  removed.update_time = caller.now;
  removed.version = current->version + 1;
  if (absl::Status s = repo.UpdateItem(removed, current->version); !s.ok()) return s;
  if (absl::Status s =
          repo.InsertAdjustment(Record(removed, AdjustmentKind::kRemove, order, caller, ""));
      !s.ok()) {
    return s;
  }
  return removed;
}

absl::StatusOr<CreatedDelegation> CreateDelegation(PowerRepository& repo, Delegation draft,
                                                   absl::string_view request_id,
                                                   const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(draft.id, "delegation_id"); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(draft.title, "delegation.title", 1, 200); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(draft.document, "delegation.document", 1, 100);
      !s.ok()) {
    return s;
  }
  if (!draft.effective_date) {
    return absl::InvalidArgumentError("delegation.effective_date is required");
  }
  if (draft.power_item_ids.empty() || draft.power_item_ids.size() > kMaxDelegationItems) {
    return absl::InvalidArgumentError(
        absl::StrCat("delegation.power_item_ids: name 1 to ", kMaxDelegationItems, " items"));
  }
  if (draft.grantee_ids.empty() || draft.grantee_ids.size() > kMaxDelegationGrantees) {
    return absl::InvalidArgumentError(absl::StrCat(
        "delegation.grantee_ids: name 1 to ", kMaxDelegationGrantees, " towns or subdistricts"));
  }
  if (absl::Status s = validation::CheckText(request_id, "request_id", 0, 64); !s.ok()) return s;
  const std::string request_key = app::RequestKey(caller, request_id);
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<Delegation>> earlier = repo.FindDelegationByRequestId(request_key);
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) return CreatedDelegation{**earlier, false};
  }
  absl::StatusOr<Department> grantor =
      ActiveDepartment(repo, draft.grantor_id, "delegation.grantor_id");
  if (!grantor.ok()) return grantor.status();

  std::set<std::string> grantees;
  for (size_t i = 0; i < draft.grantee_ids.size(); ++i) {
    std::string field = absl::StrCat("delegation.grantee_ids[", i, "]");
    absl::StatusOr<Department> grantee = ActiveDepartment(repo, draft.grantee_ids[i], field);
    if (!grantee.ok()) return grantee.status();
    if (grantee->kind != Kind::kTown && grantee->kind != Kind::kSubdistrict) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": '", grantee->id, "' (", grantee->name,
                       ") is not a town or subdistrict; powers are delegated only to 镇 and 街道"));
    }
    if (!grantees.insert(grantee->id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": '", grantee->id, "' is named twice"));
    }
  }
  std::set<std::string> items;
  for (size_t i = 0; i < draft.power_item_ids.size(); ++i) {
    std::string field = absl::StrCat("delegation.power_item_ids[", i, "]");
    absl::StatusOr<PowerItem> item = LoadItem(repo, draft.power_item_ids[i], field);
    if (!item.ok()) {
      return item.status().code() == absl::StatusCode::kNotFound
                 ? absl::InvalidArgumentError(item.status().message())
                 : item.status();
    }
    if (!ItemInForceOn(*item, *draft.effective_date)) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": item '", item->id, "' (", item->name, ") is not in force on ",
                       time_util::FormatDay(*draft.effective_date)));
    }
    if (grantees.count(item->department_id)) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": item '", item->id, "' already belongs to grantee '", item->department_id, "'"));
    }
    if (!items.insert(item->id).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": '", item->id, "' is named twice"));
    }
  }
  draft.status = DelegationStatus::kActive;
  draft.revoked_date.reset();
  draft.revoke_reason.clear();
  draft.create_time = draft.update_time = caller.now;
  draft.version = 1;
  if (absl::Status s = repo.InsertDelegation(draft, request_key); !s.ok()) return s;
  return CreatedDelegation{std::move(draft), true};
}

absl::StatusOr<Delegation> RevokeDelegation(PowerRepository& repo, absl::string_view id,
                                            absl::string_view etag,
                                            std::optional<absl::CivilDay> effective_day,
                                            absl::string_view reason, const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(reason, "reason", 1, 500); !s.ok()) return s;
  absl::StatusOr<std::optional<Delegation>> found = repo.FindDelegation(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("id: no delegation with id '", id, "'"));
  }
  Delegation d = **found;
  if (absl::Status s = api::CheckEtag(etag, d.version, "etag"); !s.ok()) return s;
  if (d.status == DelegationStatus::kRevoked) {
    return absl::FailedPreconditionError(absl::StrCat(
        "delegation '", id, "' was already revoked from ", time_util::FormatDay(*d.revoked_date)));
  }
  absl::CivilDay day = effective_day.value_or(time_util::DayInChina(caller.now));
  if (day < *d.effective_date) {
    return absl::InvalidArgumentError(absl::StrCat("effective_date ", time_util::FormatDay(day),
                                                   " is before the delegation took effect (",
                                                   time_util::FormatDay(*d.effective_date), ")"));
  }
  d.status = DelegationStatus::kRevoked;
  d.revoked_date = day;
  d.revoke_reason = std::string(reason);
  d.update_time = caller.now;
  d.version = (*found)->version + 1;
  if (absl::Status s = repo.UpdateDelegation(d, (*found)->version); !s.ok()) return s;
  return d;
}

}  // namespace fazhi::department

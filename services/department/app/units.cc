#include "services/department/app/units.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

absl::Status NotFound(absl::string_view field, absl::string_view id) {
  return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
}

// The parent must exist, be active, and not lie inside the unit's own subtree.
absl::Status CheckParent(DepartmentRepository& repo, absl::string_view id,
                         absl::string_view parent_id) {
  if (parent_id.empty()) return absl::OkStatus();
  if (parent_id == id) {
    return absl::InvalidArgumentError(
        "department.parent_id: a department cannot be its own parent");
  }
  absl::StatusOr<std::optional<Department>> parent = repo.Find(parent_id);
  if (!parent.ok()) return parent.status();
  if (!parent->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("department.parent_id: no department with id '", parent_id, "'"));
  }
  if ((*parent)->status != Status::kActive) {
    return absl::FailedPreconditionError(
        absl::StrCat("department.parent_id: '", parent_id, "' (", (*parent)->name,
                     ") is dissolved and cannot take new sub-units"));
  }
  absl::StatusOr<std::vector<std::string>> ancestors = repo.AncestorIds(parent_id);
  if (!ancestors.ok()) return ancestors.status();
  if (std::find(ancestors->begin(), ancestors->end(), id) != ancestors->end()) {
    return absl::InvalidArgumentError(absl::StrCat("department.parent_id: '", parent_id,
                                                   "' lies under '", id,
                                                   "'; making it the parent would create a cycle"));
  }
  if (static_cast<int>(ancestors->size()) + 1 >= kMaxDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("department.parent_id: the hierarchy may be at most ", kMaxDepth, " deep"));
  }
  return absl::OkStatus();
}

absl::Status CheckUnique(DepartmentRepository& repo, const Department& d) {
  absl::StatusOr<std::optional<std::string>> sibling =
      repo.ActiveSiblingNamed(d.parent_id, d.name, d.id);
  if (!sibling.ok()) return sibling.status();
  if (sibling->has_value()) {
    return absl::AlreadyExistsError(absl::StrCat("department.name: '", d.name,
                                                 "' already exists under the same parent as '",
                                                 **sibling, "'"));
  }
  if (!d.credit_code.empty()) {
    absl::StatusOr<std::optional<std::string>> holder = repo.IdHoldingCreditCode(d.credit_code);
    if (!holder.ok()) return holder.status();
    if (holder->has_value() && **holder != d.id) {
      return absl::AlreadyExistsError(absl::StrCat("department.credit_code: ", d.credit_code,
                                                   " is already registered to '", **holder, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CreateResult> CreateDepartment(DepartmentRepository& repo, Department draft,
                                              absl::string_view request_id,
                                              const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(draft.id, "department_id"); !s.ok()) return s;
  if (absl::Status s = ValidateFields(draft); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(request_id, "request_id", 0, kMaxRequestIdChars);
      !s.ok()) {
    return s;
  }
  const std::string request_key = app::RequestKey(caller, request_id);
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<Department>> earlier = repo.FindByRequestId(request_key);
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) return CreateResult{**earlier, false};
  }
  absl::StatusOr<std::optional<Department>> existing = repo.Find(draft.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return absl::AlreadyExistsError(
        absl::StrCat("department_id: a department with id '", draft.id, "' already exists"));
  }
  if (absl::Status s = CheckParent(repo, draft.id, draft.parent_id); !s.ok()) return s;
  if (absl::Status s = CheckUnique(repo, draft); !s.ok()) return s;
  draft.status = Status::kActive;
  draft.successor_id.clear();
  draft.dissolve_time.reset();
  draft.create_time = draft.update_time = caller.now;
  if (!draft.valid_from) draft.valid_from = time_util::DayInChina(caller.now);
  draft.valid_to.reset();
  draft.version = 1;
  if (absl::Status s = repo.Insert(draft, request_key); !s.ok()) return s;
  return CreateResult{std::move(draft), true};
}

absl::StatusOr<Department> UpdateDepartment(DepartmentRepository& repo, const Department& changes,
                                            const std::vector<std::string>& mask,
                                            absl::string_view etag, const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(changes.id, "department.id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Department>> current = repo.Find(changes.id);
  if (!current.ok()) return current.status();
  if (!current->has_value()) return NotFound("department.id", changes.id);
  Department updated = **current;
  if (absl::Status s = ApplyUpdateMask(changes, mask, &updated); !s.ok()) return s;
  if (absl::Status s = ValidateFields(updated); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, updated.version, "department.etag"); !s.ok()) return s;
  if (updated.status != Status::kActive) {
    return absl::FailedPreconditionError(absl::StrCat(
        "department '", updated.id, "' is dissolved; its record can no longer change"));
  }
  if (updated.parent_id != (*current)->parent_id) {
    if (absl::Status s = CheckParent(repo, updated.id, updated.parent_id); !s.ok()) return s;
  }
  if (absl::Status s = CheckUnique(repo, updated); !s.ok()) return s;
  updated.update_time = caller.now;
  updated.version = (*current)->version + 1;
  if (absl::Status s = repo.Update(updated, (*current)->version); !s.ok()) return s;
  return updated;
}

absl::StatusOr<Department> DissolveDepartment(DepartmentRepository& repo, absl::string_view id,
                                              absl::string_view etag,
                                              absl::string_view successor_id,
                                              std::optional<absl::CivilDay> effective_day,
                                              const app::Caller& caller) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  if (!successor_id.empty()) {
    if (absl::Status s = validation::CheckId(successor_id, "successor_id"); !s.ok()) return s;
  }
  absl::StatusOr<std::optional<Department>> current = repo.Find(id);
  if (!current.ok()) return current.status();
  if (!current->has_value()) return NotFound("id", id);
  Department d = **current;
  if (absl::Status s = api::CheckEtag(etag, d.version, "etag"); !s.ok()) return s;
  if (d.status == Status::kDissolved) {
    return absl::FailedPreconditionError(
        absl::StrCat("department '", id, "' is already dissolved"));
  }
  absl::StatusOr<int64_t> children = repo.CountActiveChildren(id);
  if (!children.ok()) return children.status();
  if (*children > 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("department '", id, "' still has ", *children,
                     " active sub-units; move them to another parent or dissolve them first"));
  }
  absl::StatusOr<int64_t> officers = repo.CountActiveOfficers(id);
  if (!officers.ok()) return officers.status();
  if (*officers > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "department '", id, "' still has ", *officers,
        " serving officers; move them to another unit or record that they left first"));
  }
  if (!successor_id.empty()) {
    if (successor_id == id) {
      return absl::InvalidArgumentError("successor_id: a department cannot succeed itself");
    }
    absl::StatusOr<std::optional<Department>> successor = repo.Find(successor_id);
    if (!successor.ok()) return successor.status();
    if (!successor->has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("successor_id: no department with id '", successor_id, "'"));
    }
    if ((*successor)->status != Status::kActive) {
      return absl::FailedPreconditionError(
          absl::StrCat("successor_id: '", successor_id, "' is itself dissolved"));
    }
  }
  absl::CivilDay last_day = effective_day.value_or(time_util::DayInChina(caller.now));
  if (d.valid_from && last_day < *d.valid_from) {
    return absl::InvalidArgumentError(absl::StrCat(
        "effective_date ", time_util::FormatDay(last_day), " is before the unit was established (",
        time_util::FormatDay(*d.valid_from), ")"));
  }
  d.status = Status::kDissolved;
  d.valid_to = last_day;
  d.successor_id = std::string(successor_id);
  d.dissolve_time = caller.now;
  d.update_time = caller.now;
  d.version = (*current)->version + 1;
  if (absl::Status s = repo.Update(d, (*current)->version); !s.ok()) return s;
  return d;
}

}  // namespace fazhi::department

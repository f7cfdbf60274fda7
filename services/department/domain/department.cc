#include "services/department/domain/department.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/api/etag.h"
#include "common/time/date.h"
#include "common/validation/codes.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

constexpr absl::string_view kUpdatablePaths[] = {"name",
                                                 "short_name",
                                                 "kind",
                                                 "level",
                                                 "parent_id",
                                                 "credit_code",
                                                 "region_code",
                                                 "law_enforcement_body",
                                                 "has_legal_affairs_office"};

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

bool ExistedOn(const Department& d, absl::CivilDay day) {
  return d.valid_from && *d.valid_from <= day && (!d.valid_to || day < *d.valid_to);
}

absl::Status ValidateFields(const Department& d) {
  if (absl::Status s = validation::CheckText(d.name, "department.name", 1, kMaxNameChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          validation::CheckText(d.short_name, "department.short_name", 0, kMaxShortNameChars);
      !s.ok()) {
    return s;
  }
  if (d.kind == Kind::kUnspecified) {
    return absl::InvalidArgumentError("department.kind is required");
  }
  if (d.level == Level::kUnspecified) {
    return absl::InvalidArgumentError("department.level is required");
  }
  if (!d.parent_id.empty()) {
    if (absl::Status s = validation::CheckId(d.parent_id, "department.parent_id"); !s.ok())
      return s;
  }
  if (!d.credit_code.empty()) {
    if (absl::Status s = validation::CheckCreditCode(d.credit_code, "department.credit_code");
        !s.ok())
      return s;
  }
  if (!d.region_code.empty()) {
    if (absl::Status s = validation::CheckRegionCode(d.region_code, "department.region_code");
        !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::Status ApplyUpdateMask(const Department& changes, const std::vector<std::string>& paths,
                             Department* target) {
  if (paths.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask is required: name the fields to change among ",
                     absl::StrJoin(kUpdatablePaths, ", ")));
  }
  for (const std::string& path : paths) {
    if (path == "name") {
      target->name = changes.name;
    } else if (path == "short_name") {
      target->short_name = changes.short_name;
    } else if (path == "kind") {
      target->kind = changes.kind;
    } else if (path == "level") {
      target->level = changes.level;
    } else if (path == "parent_id") {
      target->parent_id = changes.parent_id;
    } else if (path == "credit_code") {
      target->credit_code = changes.credit_code;
    } else if (path == "region_code") {
      target->region_code = changes.region_code;
    } else if (path == "law_enforcement_body") {
      target->law_enforcement_body = changes.law_enforcement_body;
    } else if (path == "has_legal_affairs_office") {
      target->has_legal_affairs_office = changes.has_legal_affairs_office;
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: '", validation::IsValidUtf8(path) ? path : "?",
          "' cannot be updated; updatable fields are ", absl::StrJoin(kUpdatablePaths, ", ")));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<CreateResult> CreateDepartment(DepartmentRepository& repo, Department draft,
                                              absl::string_view request_id, absl::Time now) {
  if (absl::Status s = validation::CheckId(draft.id, "department_id"); !s.ok()) return s;
  if (absl::Status s = ValidateFields(draft); !s.ok()) return s;
  if (absl::Status s = validation::CheckText(request_id, "request_id", 0, kMaxRequestIdChars);
      !s.ok()) {
    return s;
  }
  if (!request_id.empty()) {
    absl::StatusOr<std::optional<Department>> earlier = repo.FindByRequestId(request_id);
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
  draft.create_time = draft.update_time = now;
  if (!draft.valid_from) draft.valid_from = time_util::DayInChina(now);
  draft.valid_to.reset();
  draft.version = 1;
  if (absl::Status s = repo.Insert(draft, request_id); !s.ok()) return s;
  return CreateResult{std::move(draft), true};
}

absl::StatusOr<Department> UpdateDepartment(DepartmentRepository& repo, const Department& changes,
                                            const std::vector<std::string>& mask,
                                            absl::string_view etag, absl::Time now) {
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
  updated.update_time = now;
  updated.version = (*current)->version + 1;
  if (absl::Status s = repo.Update(updated, (*current)->version); !s.ok()) return s;
  return updated;
}

absl::StatusOr<Department> DissolveDepartment(DepartmentRepository& repo, absl::string_view id,
                                              absl::string_view etag,
                                              absl::string_view successor_id,
                                              std::optional<absl::CivilDay> effective_day,
                                              absl::Time now) {
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
  absl::CivilDay last_day = effective_day.value_or(time_util::DayInChina(now));
  if (d.valid_from && last_day < *d.valid_from) {
    return absl::InvalidArgumentError(absl::StrCat(
        "effective_date ", time_util::FormatDay(last_day), " is before the unit was established (",
        time_util::FormatDay(*d.valid_from), ")"));
  }
  d.status = Status::kDissolved;
  d.valid_to = last_day;
  d.successor_id = std::string(successor_id);
  d.dissolve_time = now;
  d.update_time = now;
  d.version = (*current)->version + 1;
  if (absl::Status s = repo.Update(d, (*current)->version); !s.ok()) return s;
  return d;
}

}  // namespace fazhi::department

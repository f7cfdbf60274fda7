#include "services/department/domain/department.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

}  // namespace fazhi::department

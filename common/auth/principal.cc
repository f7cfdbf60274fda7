#include "common/auth/principal.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace fazhi::auth {
namespace {

constexpr std::pair<Role, absl::string_view> kRoleNames[] = {
    {Role::kAdmin, "admin"},         {Role::kSupervisor, "supervisor"}, {Role::kClerk, "clerk"},
    {Role::kPublisher, "publisher"}, {Role::kService, "service"},
};

}  // namespace

bool ParseRole(absl::string_view name, Role* role) {
  for (const auto& [value, text] : kRoleNames) {
    if (name == text) {
      *role = value;
      return true;
    }
  }
  return false;
}

absl::string_view RoleName(Role role) {
  for (const auto& [value, text] : kRoleNames) {
    if (value == role) return text;
  }
  return "unknown";
}

std::string FormatRoles(const std::set<Role>& roles) {
  return absl::StrJoin(roles, ",",
                       [](std::string* out, Role role) { absl::StrAppend(out, RoleName(role)); });
}

Principal ServiceAccount(std::string subject) {
  Principal principal;
  principal.subject = std::move(subject);
  principal.roles.insert(Role::kService);
  principal.service_account = true;
  return principal;
}

}  // namespace fazhi::auth

#ifndef FAZHI_COMMON_AUTH_PRINCIPAL_H_
#define FAZHI_COMMON_AUTH_PRINCIPAL_H_

// Who is calling: the authenticated identity a verified token (or a service's mTLS certificate)
// stands for. Authentication produces it; the authorisation policy decides what it may do.

#include <set>
#include <string>

#include "absl/strings/string_view.h"

namespace fazhi::auth {

enum class Role { kAdmin, kSupervisor, kClerk, kPublisher, kService };

struct Principal {
  // The token's sub (a person's account such as "zhang.san", or a service's name).
  std::string subject;
  std::set<Role> roles;
  // The unit the caller works for ("jiyuan-sthjj"); empty when the token names none.
  std::string department_id;
  // Another system acting for itself, not a person. Always carries Role::kService.
  bool service_account = false;

  bool HasRole(Role role) const { return roles.count(role) > 0; }
};

// The names used in tokens and configuration: "admin", "supervisor", "clerk", "publisher",
// "service". Parsing is exact (lower case); false for any other text.
bool ParseRole(absl::string_view name, Role* role);
absl::string_view RoleName(Role role);
// "clerk,publisher": the roles in enum order, comma-separated, for logs and audit entries.
std::string FormatRoles(const std::set<Role>& roles);

// The principal of another fazhi service identified by its mTLS certificate (or any identity
// established outside a token): a service account with Role::kService and no department.
Principal ServiceAccount(std::string subject);

}  // namespace fazhi::auth

#endif  // FAZHI_COMMON_AUTH_PRINCIPAL_H_

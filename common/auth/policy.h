#ifndef FAZHI_COMMON_AUTH_POLICY_H_
#define FAZHI_COMMON_AUTH_POLICY_H_

// One authorisation policy for every RPC of every fazhi service. The server interceptor looks
// each call up here before its handler touches anything; an RPC missing from the table is refused
// (and fails the tests that compare this table with every service's descriptor).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/auth/principal.h"
#include "google/protobuf/message.h"

namespace fazhi::auth {

// What a caller needs to make an RPC.
enum class Access {
  kPublic,         // anyone, without a token: health, reflection, published reports
  kRead,           // any authenticated principal
  kOwnDepartment,  // admin; or a clerk acting for the department the call targets
  kSupervisor,     // admin, or supervisor (司法局): supervision, certificates, the audit log
  kPublisher,      // admin or publisher
  kService,        // admin or another fazhi service
  kAdmin,          // admin only: the unit registry and delegations
};

absl::string_view AccessName(Access access);

// How an kOwnDepartment call's target department is found in its request.
struct Target {
  // A string field (dotted path) holding the department id itself, e.g. "item.department_id".
  std::string department_field;
  // Or a field holding the id of a record the service resolves to its department, e.g.
  // record_field "item.id" of record_kind "power_item".
  std::string record_field;
  std::string record_kind;
};

struct RpcPolicy {
  Access access = Access::kAdmin;
  Target target;
};

// The policy of a full method ("/fazhi.department.v1.DepartmentService/GetDepartment"), or
// nullptr when the table has none.
const RpcPolicy* FindPolicy(absl::string_view full_method);
// Every full method the table covers.
std::vector<std::string> PolicyMethods();

// The string at a dotted field path of message ("" when a field on the way is unset or missing).
std::string ReadField(const google::protobuf::Message& message, absl::string_view path);

// OK when principal may make a call under policy that targets target_department (empty when the
// policy needs none). UNAUTHENTICATED when a principal is needed and there is none;
// PERMISSION_DENIED with the reason when the principal's role or department does not allow it.
absl::Status Authorize(const RpcPolicy& policy, const std::optional<Principal>& principal,
                       absl::string_view target_department);

}  // namespace fazhi::auth

#endif  // FAZHI_COMMON_AUTH_POLICY_H_

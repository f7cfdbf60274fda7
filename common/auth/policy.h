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
  kSupervisorOrService,  // admin, supervisor, or a fazhi service acting on its own rules
  kAdmin,                // admin only: the unit registry and delegations
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

// OK when principal may make the call full_method under policy that targets target_department
// (empty when the policy needs none). UNAUTHENTICATED when a principal is needed and there is
// none; PERMISSION_DENIED with the reason when the principal's role or department does not allow
// it. Beyond the table's access levels, two kinds of caller are held to a list of RPCs:
//   - a service account (another fazhi service, or a job) makes only the RPCs granted to it by
//     name (ServiceGrants), whatever the access level: a stolen fazhi-statistics token reads
//     units and nothing else;
//   - a publisher without a clerk's, supervisor's or admin's role (a publication system's
//     account) makes only the report RPCs publication needs (PublisherRpcs).
absl::Status Authorize(absl::string_view full_method, const RpcPolicy& policy,
                       const std::optional<Principal>& principal,
                       absl::string_view target_department);

// The RPCs each service account may make, by the account's subject: "fazhi-statistics",
// "fazhi-cases", "fazhi-reports" and "fazhi-scheduler" (the job that hands case figures to
// statistics). An account not listed may make none.
const std::vector<std::string>& ServiceGrants(absl::string_view account);
// Every account ServiceGrants knows.
std::vector<std::string> ServiceAccounts();
// The RPCs a publisher-only principal may make (public ones aside).
const std::vector<std::string>& PublisherRpcs();

// OK when principal may put a record into unit (an officer moved to another department): an
// admin, or a clerk of unit. A clerk who may write the record where it is may still not move it
// into a unit they do not write for. PERMISSION_DENIED naming the unit otherwise.
absl::Status MayMoveRecordInto(const std::optional<Principal>& principal, absl::string_view unit);

// Rules the table cannot hold, because their verdict depends on a stored record or on what the
// request asks for. Handlers apply them by name; a rule that refuses a call returns
// UNAUTHENTICATED or PERMISSION_DENIED (for grpc_util::AuditRefusal to audit), a rule that only
// decides what a caller sees returns a bool, which the handler passes to its proto conversion.

// Whether principal sees in full the personal data (a person's ID number and name) of a record
// that handling_department handles: an enforcement case's party (its own department) or a
// reconsideration's applicant (the 复议机关 that hears it). That unit's clerks need the person's
// identity to serve decisions and hear the applicant; 司法局's supervisors oversee every unit's
// records; admins run the system. Everyone else sees them masked (张*, 410881********1234), as
// personal data is shown in public (DESIGN.md, "Personal data").
bool MaySeePersonalData(const std::optional<Principal>& principal,
                        absl::string_view handling_department);

// Whether principal sees in full the name of a complainant (投诉举报) or a plaintiff (行政诉讼):
// records 司法局 keeps itself. The person has a grievance against a unit, so no unit's clerk,
// least of all the one complained about or sued, learns the name here; supervisors and admins do.
bool MaySeeComplainantAndPlaintiffNames(const std::optional<Principal>& principal);

// OK when principal may report that complained_department has rectified what a supervision letter
// required (RectificationStatus REPORTED): a clerk of that department, which did the work and
// answers for it, or an admin. Nobody else speaks for the department.
absl::Status MayReportRectification(const std::optional<Principal>& principal,
                                    absl::string_view complained_department);

// OK when principal may confirm a reported rectification (RectificationStatus CONFIRMED): a
// supervisor of 司法局, which issued the letter and checks the answer, or an admin. The
// department complained about may not confirm its own rectification.
absl::Status MayConfirmRectification(const std::optional<Principal>& principal);

// Whether principal may report figures for unit: a clerk of that unit, whose figures they are to
// report (报送); an admin, who corrects any unit's; or another fazhi service (fazhi-cases writes
// every unit's case figures, CaseFiguresService/SyncToStatistics). Applied row by row, because one
// submission may mix units: a row it refuses is rejected, the call is not.
bool MayReportFiguresFor(const std::optional<Principal>& principal, absl::string_view unit);

}  // namespace fazhi::auth

#endif  // FAZHI_COMMON_AUTH_POLICY_H_

#ifndef FAZHI_SERVICES_DEPARTMENT_DEMO_OFFICERS_H_
#define FAZHI_SERVICES_DEPARTMENT_DEMO_OFFICERS_H_

// Demo law-enforcement officers with certificates in several of the seed report's departments,
// towns and subdistricts, including a suspension that was lifted, a revocation, a renewal and a
// certificate left to expire. The ID numbers are synthetic (valid check digits, invented people).
// Needs the units of jiyuan.h in place first.

#include "absl/status/statusor.h"
#include "fazhi/department/v1/officer.grpc.pb.h"

namespace fazhi::department::demo {

inline constexpr int kDemoOfficers = 45;

// Registers the officers and records their certificates' histories through the API. Every call
// carries a request id, so loading twice changes nothing the second time. Returns how many
// officers the demo names.
absl::StatusOr<int> LoadDemoOfficers(v1::OfficerService::StubInterface& stub);

}  // namespace fazhi::department::demo

#endif  // FAZHI_SERVICES_DEPARTMENT_DEMO_OFFICERS_H_

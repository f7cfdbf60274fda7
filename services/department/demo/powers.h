#ifndef FAZHI_SERVICES_DEPARTMENT_DEMO_POWERS_H_
#define FAZHI_SERVICES_DEPARTMENT_DEMO_POWERS_H_

// Demo power lists for scripts/run: penalty, licensing and inspection items of the city's
// enforcement departments, and the 2021 delegation of penalty powers to the towns (60 items) and
// subdistricts (30), as the seed report describes. The items are typical of the delegation lists
// Henan's cities published (名称 and legal basis); they illustrate, they are not Jiyuan's
// official list.

#include "absl/status/statusor.h"
#include "fazhi/department/v1/power.grpc.pb.h"

namespace fazhi::department::demo {

// Creates the items and the two delegations through the API; idempotent by request ids. Returns
// how many items the demo lists hold.
absl::StatusOr<int> LoadDemoPowers(v1::PowerListService::StubInterface& stub);

}  // namespace fazhi::department::demo

#endif  // FAZHI_SERVICES_DEPARTMENT_DEMO_POWERS_H_

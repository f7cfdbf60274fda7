#ifndef FAZHI_SERVICES_DEPARTMENT_DEMO_JIYUAN_H_
#define FAZHI_SERVICES_DEPARTMENT_DEMO_JIYUAN_H_

// The units named in the seed report (济源市人民政府关于2021年度法治政府建设情况的报告): the city
// government, the departments the report names, its 11 towns and 5 subdistricts, the bodies the
// report is addressed to, and the province's government, Party committee, 人大常委会 and the
// departments one level up from those the report names. Used by scripts/run's demo data and by the
// integration tests.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "fazhi/department/v1/department.grpc.pb.h"

namespace fazhi::department::demo {

// Parents come before their children. Each request carries a request_id, so loading twice
// creates nothing the second time.
std::vector<v1::CreateDepartmentRequest> JiyuanUnits();

inline constexpr char kCityGovernmentId[] = "jiyuan";
inline constexpr int kTowns = 11;
inline constexpr int kSubdistricts = 5;

// Creates every unit through the API (units already there are left as they are); returns how
// many units the seed names.
absl::StatusOr<int> LoadJiyuanUnits(v1::DepartmentService::StubInterface& stub);

// Whom the city government, the province and three city departments report to, from 2021-01-01
// (the government's Party committee, 人大常委会 and superior government; a department's matching
// provincial department).
std::vector<v1::SetDepartmentRelationRequest> JiyuanRelations();

// Sets JiyuanRelations() through the API after LoadJiyuanUnits; a relation already in force is
// left as it is. Returns how many relations are in place.
absl::StatusOr<int> LoadJiyuanRelations(v1::DepartmentService::StubInterface& stub);

}  // namespace fazhi::department::demo

#endif  // FAZHI_SERVICES_DEPARTMENT_DEMO_JIYUAN_H_

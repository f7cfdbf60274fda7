#ifndef FAZHI_SERVICES_STATISTICS_DEMO_JIYUAN_2021_H_
#define FAZHI_SERVICES_STATISTICS_DEMO_JIYUAN_2021_H_

// Every figure the seed report (济源市人民政府关于2021年度法治政府建设情况的报告) states for 2021,
// against the shipped catalogue's codes, plus demo per-town mediation figures and the one 2020
// figure the report compares with. Used by scripts/run's demo data and the integration tests.
//
// Who holds what:
// - A figure the report gives to a unit is that unit's: environment.* 生态环境局 (jiyuan-sthjj),
//   audit.* 审计局 (jiyuan-sjj), legality_review.* and supervision.* 司法局 (jiyuan-sfj), the
//   office that reviews legality and supervises enforcement.
// - A city-wide figure with no unit named is the city government's (jiyuan), including
//   reconsideration (since the 2021 reform the city government is the one reconsideration body)
//   and litigation (cases against the government and against its departments and towns).
// - mediation.disputes and mediation.successful are held by the 11 towns and 5 subdistricts only
//   (their village and resident mediation committees roll up to them) and jiyuan holds none, so
//   Aggregate over jiyuan's subtree gives the report's 10067 and 9966 and never double. The
//   per-town split is demo data; the report gives only the totals. The stated rates and the
//   court-referred counts, which the report gives only for the city, are jiyuan's.
//
// Figures stay exactly as the report states them, slips included (145 concluded but 55 + 32 +
// 44 + 9 = 140; 2057 of 6157 stated as 33.7%; 406 legality reviews "in all" but 177 + 35 + 85 +
// 67 = 364): the validation rules exist to catch them.
// "200余", "近200", "1500余万元", "50余本" and "1500余名" are loaded as the round number stated.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"

namespace fazhi::statistics::demo {

// One submission per reporting unit (or group of units) and year, each with a fixed request id
// so that loading again writes nothing. Changing a figure here needs a new request id (the
// version in it), or the service replays the old batch.
std::vector<v1::SubmitDataPointsRequest> JiyuanBatches();

// The towns' and subdistricts' mediation figures sum to exactly these.
inline constexpr int64_t kMediationDisputes2021 = 10067;
inline constexpr int64_t kMediationSuccessful2021 = 9966;

struct LoadSummary {
  int batches = 0;
  // Batches the service had seen before: nothing of them was written now.
  int replayed = 0;
  int64_t points = 0;
  // Of the batches written now.
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  // Validation rules the figures break (the report's own slips): kept, not refused.
  int64_t warnings = 0;
};

// Submits every batch (all or nothing each, so a bad row fails the load rather than being
// skipped). Needs the units of services/department/demo in the department service.
absl::StatusOr<LoadSummary> LoadJiyuanFigures(v1::StatisticsService::StubInterface& stub);

}  // namespace fazhi::statistics::demo

#endif  // FAZHI_SERVICES_STATISTICS_DEMO_JIYUAN_2021_H_

#ifndef FAZHI_SERVICES_CASES_DEMO_JIYUAN_2021_H_
#define FAZHI_SERVICES_CASES_DEMO_JIYUAN_2021_H_

// A year of case records for 济源市 whose totals are the seed report's (济源市人民政府关于2021年度
// 法治政府建设情况的报告) wherever it gives one, loaded through the cases service's public API as
// the departments' and the 司法局's clerks would enter them. Used by scripts/run and the
// integration tests.
//
// The records are data: one table a file under services/cases/demo/data (tsv_table.h says the
// format), a row a record, with the enums under their protobuf names. enforcement_cases.tsv holds
// the cases as filed and case_steps.tsv the calls that follow, in order; legal_reviews.tsv,
// decisions.tsv and transfers.tsv the details of those steps; then major_case_filings.tsv,
// case_file_reviews.tsv, complaints.tsv, reconsiderations.tsv and lawsuits.tsv.
//
// What the records are (all dates on the working-day calendar of deploy/calendars):
// - 生态环境局 (jiyuan-sthjj): 206 cases filed in 2021 (立案查处200余起): 172 penalty cases, of
//   which 168 decided in 2021 (45 of them major) and 4 filed in December and decided in January
//   2022; 22 penalty cases transferred to the police, 17 for detention and 5 as suspected crimes;
//   12 seizures (查封扣押, coercive measures). With the 30 cases filed in November and December
//   2020 and decided in January and February 2021, 198 penalty decisions are dated 2021 (近200起),
//   fining ¥15,221,800 (1500余万元), of which ¥5,060,800 is collected (500余万元).
// - 123 major penalty cases decided in 2021 by six departments are filed with the 司法局 (受理
//   123件); 112 are reviewed in 2021 (审查112件) with 42 rectification suggestions (40余项), the
//   11 filed last in January 2022.
// - 52 case files of 20 units are reviewed in November 2021 (20个单位的50余本).
// - 2 complaints, each answered with a supervision letter and rectified (2起, 2份).
// - 159 reconsideration applications to the city government (审理159件): 9 not accepted, and of
//   those accepted 55 upheld, 32 corrected, 44 mediated or settled and 5 terminated in 2021
//   (审结145件, the report's 55 + 32 + 44 + 9 = 140 and 5 terminations it does not list), 14
//   decided in 2022.
// - 133 lawsuits (11 against the city government, 122 against its departments and towns), at 55
//   of whose 2021 hearings the agency head appeared.
//
// Loading is idempotent: every create carries a fixed request id, and a case's later steps are
// applied only as far as its record does not have them yet (counted by its events), so a second
// run, or a run after an interrupted one, ends with the same records.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"

namespace fazhi::cases::demo {

// The figures the records give for 2021, as SummarizeCases computes them.
inline constexpr int64_t kSthjjCasesFiled = 206;
inline constexpr int64_t kSthjjPenaltyDecisions = 198;
inline constexpr int64_t kSthjjFinesImposedFen = 1'522'180'000;
inline constexpr int64_t kSthjjFinesCollectedFen = 506'080'000;
inline constexpr int64_t kSthjjSeizures = 12;
inline constexpr int64_t kSthjjTransfersDetention = 17;
inline constexpr int64_t kSthjjTransfersCriminal = 5;
inline constexpr int64_t kMajorFilingsReceived = 123;
inline constexpr int64_t kMajorFilingsReviewed = 112;
inline constexpr int kRectificationSuggestions = 42;
inline constexpr int64_t kCaseFilesReviewed = 52;
inline constexpr int kCaseFileReviewUnits = 20;
inline constexpr int64_t kComplaints = 2;
inline constexpr int64_t kSupervisionLetters = 2;
inline constexpr int64_t kReconsiderationsReceived = 159;
inline constexpr int64_t kReconsiderationsConcluded = 145;
inline constexpr int64_t kReconsiderationsUpheld = 55;
inline constexpr int64_t kReconsiderationsCorrected = 32;
inline constexpr int64_t kReconsiderationsMediated = 44;
inline constexpr int64_t kReconsiderationsNotAccepted = 9;
inline constexpr int64_t kReconsiderationsTerminated = 5;
inline constexpr int64_t kLawsuitsGovernmentDefendant = 11;
inline constexpr int64_t kLawsuitsDepartmentDefendant = 122;
inline constexpr int64_t kHeadAppearances = 55;

struct Stubs {
  v1::EnforcementCaseService::StubInterface& cases;
  v1::SupervisionService::StubInterface& supervision;
  v1::ReconsiderationService::StubInterface& reconsideration;
  v1::LitigationService::StubInterface& litigation;
};

struct LoadSummary {
  int cases = 0;
  int major_filings = 0;
  int case_file_reviews = 0;
  int complaints = 0;
  int reconsiderations = 0;
  int lawsuits = 0;
  // Steps, reviews, answers and decisions applied now, after the creates (which are idempotent
  // and not counted here): 0 on a run after a complete one.
  int writes = 0;
};

// The tables' directory when run from the source tree's root.
inline constexpr char kDefaultDataDir[] = "services/cases/demo/data";

// Loads every record of the tables in data_dir, calling as an admin (or a caller allowed every
// department's and the supervisor's calls). The units and officers of services/department/demo
// must be in the department service first. A table that does not parse loads nothing:
// INVALID_ARGUMENT naming its file, line and column.
absl::StatusOr<LoadSummary> LoadJiyuanCases(const Stubs& stubs, const std::string& data_dir);

}  // namespace fazhi::cases::demo

#endif  // FAZHI_SERVICES_CASES_DEMO_JIYUAN_2021_H_

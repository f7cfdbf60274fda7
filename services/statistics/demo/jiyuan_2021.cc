#include "services/statistics/demo/jiyuan_2021.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace fazhi::statistics::demo {
namespace {

// One figure of a batch. Rows of one batch are consecutive; a batch is one reporting unit's
// submission for one year.
struct Row {
  // Appended to "demo-jiyuan-"; bump the version when a figure of the batch changes.
  const char* batch;
  const char* department_id;
  int year;
  const char* code;
  int64_t value;
};

constexpr Row kRows2021[] = {
    // 一（二）至（五）: city-wide figures the report gives without naming a unit.
    {"2021-v1-city", "jiyuan", 2021, "power_list.units_adjusted", 17},  // 17个单位的736项权责事项
    {"2021-v1-city", "jiyuan", 2021, "power_list.items_adjusted", 736},
    {"2021-v1-city", "jiyuan", 2021, "inspection.random_tasks", 723},  // 19个职能部门, 723项
    {"2021-v1-city", "jiyuan", 2021, "inspection.joint_random_checks", 35},
    {"2021-v1-city", "jiyuan", 2021, "inspection.market_entities_checked", 8600},
    {"2021-v1-city", "jiyuan", 2021, "normative_documents.issued", 17},
    {"2021-v1-city", "jiyuan", 2021, "normative_documents.reviewed_for_cleanup", 283},
    {"2021-v1-city", "jiyuan", 2021, "enforcement.no_penalty_items", 452},  // 19个执法单位
    {"2021-v1-city", "jiyuan", 2021, "enforcement.reduced_penalty_items", 5},
    {"2021-v1-city", "jiyuan", 2021, "enforcement.officers_trained", 1500},  // 1500余名
    {"2021-v1-city", "jiyuan", 2021, "disclosure.municipal_items", 1758},
    {"2021-v1-city", "jiyuan", 2021, "disclosure.township_items", 670},
    // 一（二）加强生态环境保护: 生态环境局's enforcement. Money in 分: 1500余万元, 500余万元.
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.cases_filed", 200},        // 200余起
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.penalty_decisions", 200},  // 近200起
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.fines_imposed_fen", 1500000000},
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.fines_collected_fen", 500000000},
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.seizures", 12},
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.transfers_detention", 17},
    {"2021-v1-sthjj", "jiyuan-sthjj", 2021, "environment.transfers_criminal", 5},
    // 一（三）合法性审查 and 一（四）执法监督: 司法局's work. The report says 共计406件, but its
    // parts 177 + 35 + 85 + 67 make 364: kept as stated, like its other slips.
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.executive_meeting_topics", 177},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.director_meeting_topics", 35},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.documents", 85},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.other_matters", 67},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.total", 406},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "legality_review.opinions_issued", 92},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "supervision.major_penalty_filings_received", 123},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "supervision.major_penalty_filings_reviewed", 112},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "supervision.case_files_reviewed", 50},  // 50余本
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "supervision.complaints_handled", 2},
    {"2021-v1-sfj", "jiyuan-sfj", 2021, "supervision.letters_issued", 2},
    // 一（五）依法履行审计监督职能: 审计局's projects, 7 + 13 + 22 = 42.
    {"2021-v1-sjj", "jiyuan-sjj", 2021, "audit.projects", 42},
    {"2021-v1-sjj", "jiyuan-sjj", 2021, "audit.projects_national", 7},
    {"2021-v1-sjj", "jiyuan-sjj", 2021, "audit.projects_provincial", 13},
    {"2021-v1-sjj", "jiyuan-sjj", 2021, "audit.projects_municipal", 22},
    // 一（七）: reconsideration, litigation and the city-level mediation figures, as stated.
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.received", 159},
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.concluded", 145},  // outcomes sum to 140
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.upheld", 55},
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.corrected", 32},
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.mediated", 44},
    {"2021-v1-disputes", "jiyuan", 2021, "reconsideration.not_accepted", 9},
    {"2021-v1-disputes", "jiyuan", 2021, "litigation.government_defendant", 11},
    {"2021-v1-disputes", "jiyuan", 2021, "litigation.department_defendant", 122},
    {"2021-v1-disputes", "jiyuan", 2021, "litigation.head_appearances", 55},
    {"2021-v1-disputes", "jiyuan", 2021, "mediation.success_rate_bp", 9900},  // 99.0%
    {"2021-v1-disputes", "jiyuan", 2021, "mediation.court_referred", 6157},
    {"2021-v1-disputes", "jiyuan", 2021, "mediation.court_referred_successful", 2057},
    {"2021-v1-disputes", "jiyuan", 2021, "mediation.court_referred_rate_bp", 3370},  // 33.4% really
};

// The previous year, where the report compares with it.
constexpr Row kRows2020[] = {
    // "行政复议办结数量为去年同期的3倍": 145 / 3 = 48.3, so 48 concluded in 2020.
    {"2020-v1-disputes", "jiyuan", 2020, "reconsideration.concluded", 48},
};

struct TownMediation {
  const char* department_id;
  int64_t disputes;
  int64_t successful;
};

// Demo split of 各级人民调解组织共调解矛盾纠纷10067件，调解成功9966件 over the towns and
// subdistricts: urban subdistricts and the large plains towns busiest, the mountain towns least.
constexpr TownMediation kTownMediation[] = {
    {"jiyuan-kejing", 812, 803},   {"jiyuan-wulongkou", 596, 590}, {"jiyuan-zhicheng", 705, 698},
    {"jiyuan-chengliu", 688, 681}, {"jiyuan-shaoyuan", 402, 398},  {"jiyuan-potou", 436, 431},
    {"jiyuan-lilin", 517, 511},    {"jiyuan-dayu", 298, 295},      {"jiyuan-sili", 331, 328},
    {"jiyuan-wangwu", 364, 360},   {"jiyuan-xiaye", 243, 241},     {"jiyuan-qinyuan", 1096, 1084},
    {"jiyuan-jishui", 1021, 1010}, {"jiyuan-beihai", 952, 943},    {"jiyuan-tiantan", 874, 866},
    {"jiyuan-yuquan", 732, 727},
};

constexpr int64_t SumDisputes() {
  int64_t sum = 0;
  for (const TownMediation& t : kTownMediation) sum += t.disputes;
  return sum;
}

constexpr int64_t SumSuccessful() {
  int64_t sum = 0;
  for (const TownMediation& t : kTownMediation) sum += t.successful;
  return sum;
}

static_assert(sizeof(kTownMediation) / sizeof(kTownMediation[0]) == 16,
              "one row for each of the 11 towns and 5 subdistricts");
static_assert(SumDisputes() == kMediationDisputes2021, "towns must sum to the report's 10067");
static_assert(SumSuccessful() == kMediationSuccessful2021, "towns must sum to the report's 9966");

common::v1::Period Year(int year) {
  common::v1::Period period;
  period.set_type(common::v1::PERIOD_TYPE_YEAR);
  period.set_year(year);
  return period;
}

v1::SubmitDataPointsRequest Request(absl::string_view request_id) {
  v1::SubmitDataPointsRequest request;
  request.mutable_options()->set_request_id(absl::StrCat("demo-jiyuan-", request_id));
  request.mutable_options()->set_mode(v1::IMPORT_MODE_UPSERT);
  request.mutable_options()->set_all_or_nothing(true);
  request.mutable_options()->set_source("demo");
  return request;
}

void AddPoint(v1::SubmitDataPointsRequest& request, absl::string_view code,
              absl::string_view department_id, int year, int64_t value) {
  v1::DataPoint* point = request.add_points();
  point->set_indicator_code(std::string(code));
  point->set_department_id(std::string(department_id));
  *point->mutable_period() = Year(year);
  point->set_value(value);
}

// Rows of one batch are consecutive: each new batch name starts a request.
template <size_t N>
void AddRows(const Row (&rows)[N], std::vector<v1::SubmitDataPointsRequest>& requests) {
  absl::string_view batch;
  for (const Row& row : rows) {
    if (row.batch != batch) {
      batch = row.batch;
      requests.push_back(Request(batch));
    }
    AddPoint(requests.back(), row.code, row.department_id, row.year, row.value);
  }
}

}  // namespace

std::vector<v1::SubmitDataPointsRequest> JiyuanBatches() {
  std::vector<v1::SubmitDataPointsRequest> requests;
  AddRows(kRows2021, requests);
  v1::SubmitDataPointsRequest towns = Request("2021-v1-mediation-towns");
  for (const TownMediation& t : kTownMediation) {
    AddPoint(towns, "mediation.disputes", t.department_id, 2021, t.disputes);
    AddPoint(towns, "mediation.successful", t.department_id, 2021, t.successful);
  }
  requests.push_back(std::move(towns));
  AddRows(kRows2020, requests);
  return requests;
}

absl::StatusOr<LoadSummary> LoadJiyuanFigures(v1::StatisticsService::StubInterface& stub) {
  LoadSummary summary;
  for (const v1::SubmitDataPointsRequest& request : JiyuanBatches()) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    v1::ImportSummary response;
    grpc::Status status = stub.SubmitDataPoints(&context, request, &response);
    if (!status.ok()) {
      return absl::Status(
          static_cast<absl::StatusCode>(status.error_code()),
          absl::StrCat(request.options().request_id(), ": ", status.error_message()));
    }
    ++summary.batches;
    summary.points += request.points_size();
    // A replayed batch returns its first summary; nothing of it was written now.
    if (response.replayed()) {
      ++summary.replayed;
      continue;
    }
    summary.created += response.created();
    summary.updated += response.updated();
    summary.unchanged += response.unchanged();
    summary.warnings += response.warnings_size();
  }
  return summary;
}

}  // namespace fazhi::statistics::demo

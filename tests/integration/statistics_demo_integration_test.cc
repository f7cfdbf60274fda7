// The demo data scripts/run loads, with the real binaries: the department demo loader and the
// statistics demo loader each run twice, the second statistics run replayed and writing nothing,
// and the seed report's figures read back through Aggregate as the report states them.
//
// The suite's servers have the demo units and figures loaded once, as scripts/run loads them, and
// the tests that read them only read. The two tests that watch a loader's first run against an
// empty registry or an empty store start servers of their own, so any test passes alone or in
// any order.

#include <grpcpp/grpcpp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <set>

#include "absl/strings/str_cat.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/statistics/demo/jiyuan_2021.h"
#include "tests/support/auth.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::statistics {
namespace {

namespace pb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::common::v1;

using testing::Year;

// Runs command with token (the admin's unless said otherwise) in FAZHI_TOKEN, as scripts/run
// does, killing it after two minutes; returns its output.
std::string RunLoader(const std::string& command, int* exit_code,
                      const std::string& token = testing::AdminToken()) {
  std::string line = absl::StrCat("FAZHI_TOKEN='", token, "' timeout -k 5 120 ", command, " 2>&1");
  FILE* pipe = popen(line.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

// Runs the department demo loader against department; returns its output.
std::string RunDepartmentLoader(const testing::ServerProcess& department, int* exit_code) {
  return RunLoader(absl::StrCat(FAZHI_DEPARTMENT_DEMO_BINARY,
                                " --department_address=", department.grpc_address()),
                   exit_code);
}

// The statistics service with the department service beside it, its registry filled by the
// department demo loader (as scripts/run fills it) and no figures yet.
absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> StartWithDemoUnits(
    const std::string& name) {
  absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
      testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY, name,
                                        /*load_units=*/false);
  if (!servers.ok()) return servers.status();
  int code = 0;
  std::string out = RunDepartmentLoader((*servers)->department(), &code);
  if (code != 0) {
    return absl::InternalError(absl::StrCat("the department demo loader failed:\n", out));
  }
  return servers;
}

class StatisticsDemoIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The demo units and figures, loaded once as scripts/run loads them; the tests only read.
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        StartWithDemoUnits("stats-demo-it");
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = servers_->Stub(testing::AdminToken()).release();
    absl::StatusOr<demo::LoadSummary> loaded = demo::LoadJiyuanFigures(*admin_);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete servers_;
  }

  static int64_t PointsInDemo() {
    int64_t points = 0;
    for (const pb::SubmitDataPointsRequest& r : demo::JiyuanBatches()) points += r.points_size();
    return points;
  }

  static pb::AggregateResponse Aggregate(const std::vector<std::string>& codes,
                                         const std::string& unit, bool subtree,
                                         cpb::Period start = Year(2021),
                                         pb::GroupBy group = pb::GROUP_BY_UNSPECIFIED,
                                         cpb::Period end = cpb::Period()) {
    pb::AggregateRequest r;
    for (const std::string& code : codes) r.add_indicator_codes(code);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    *r.mutable_start() = start;
    if (end.year() != 0) *r.mutable_end() = end;
    r.set_group_by(group);
    pb::AggregateResponse out;
    grpc::ClientContext context;
    grpc::Status s = admin_->Aggregate(&context, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // The one total of code over unit (and its subtree), or -1 when nothing was reported.
  static int64_t Total(const std::string& code, const std::string& unit, bool subtree) {
    pb::AggregateResponse out = Aggregate({code}, unit, subtree);
    if (out.values_size() != 1 || !out.values(0).has_value()) return -1;
    return out.values(0).value();
  }

  static pb::DataPoint Point(pb::StatisticsService::Stub& stub, const std::string& code,
                             const std::string& unit) {
    pb::GetDataPointRequest r;
    r.set_indicator_code(code);
    r.set_department_id(unit);
    *r.mutable_period() = Year(2021);
    pb::DataPoint out;
    grpc::ClientContext context;
    EXPECT_TRUE(stub.GetDataPoint(&context, r, &out).ok()) << code << " " << unit;
    return out;
  }

  static int Revisions(pb::StatisticsService::Stub& stub, const std::string& code,
                       const std::string& unit) {
    pb::ListRevisionsRequest r;
    r.set_indicator_code(code);
    r.set_department_id(unit);
    *r.mutable_period() = Year(2021);
    pb::ListRevisionsResponse out;
    grpc::ClientContext context;
    EXPECT_TRUE(stub.ListRevisions(&context, r, &out).ok());
    return out.revisions_size();
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
};

testing::StatisticsServers* StatisticsDemoIntegrationTest::servers_ = nullptr;
pb::StatisticsService::Stub* StatisticsDemoIntegrationTest::admin_ = nullptr;

TEST_F(StatisticsDemoIntegrationTest, TheDepartmentDemoLoaderRunsTwice) {
  // A department service of its own, its registry empty.
  absl::StatusOr<testing::DepartmentServer> department =
      testing::StartDepartment(FAZHI_DEPARTMENT_BINARY,
                               (std::filesystem::temp_directory_path() /
                                absl::StrCat("fazhi-demo-department-", getpid(), ".log"))
                                   .string(),
                               /*load_units=*/false);
  ASSERT_TRUE(department.ok()) << department.status();
  for (int run = 0; run < 2; ++run) {
    int code = 0;
    std::string out = RunDepartmentLoader(*department->process, &code);
    EXPECT_EQ(code, 0) << out;
    EXPECT_NE(out.find("demo units of 济源市 in place"), std::string::npos) << out;
    // jiyuan's three, henan's two, and 司法局, 生态环境局 and 审计局 to their provincial
    // departments; the second run finds them in force and writes nothing.
    EXPECT_NE(out.find("8 demo reporting relations in place"), std::string::npos) << out;
    EXPECT_EQ(out.find("warning"), std::string::npos) << out;
  }
}

TEST_F(StatisticsDemoIntegrationTest, TheFiguresLoadOnceAndASecondLoadIsReplayed) {
  // Servers of their own, with the demo units and no figures yet.
  absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
      StartWithDemoUnits("stats-demo-load");
  ASSERT_TRUE(servers.ok()) << servers.status();
  auto admin = (*servers)->Stub(testing::AdminToken());
  absl::StatusOr<demo::LoadSummary> first = demo::LoadJiyuanFigures(*admin);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->batches, 15);
  EXPECT_EQ(first->replayed, 0);
  EXPECT_EQ(first->points, PointsInDemo());
  EXPECT_EQ(first->created, PointsInDemo());
  EXPECT_EQ(first->updated + first->unchanged, 0);
  pb::DataPoint first_write = Point(*admin, "reconsideration.received", "jiyuan");

  absl::StatusOr<demo::LoadSummary> second = demo::LoadJiyuanFigures(*admin);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->replayed, second->batches);
  EXPECT_EQ(second->created + second->updated + second->unchanged, 0);
  // Nothing was written again: one revision each, the first write's time, the same point count.
  EXPECT_EQ(Revisions(*admin, "reconsideration.received", "jiyuan"), 1);
  EXPECT_EQ(Revisions(*admin, "mediation.disputes", "jiyuan-kejing"), 1);
  EXPECT_EQ(Revisions(*admin, "environment.fines_imposed_fen", "jiyuan-sthjj"), 1);
  pb::DataPoint again = Point(*admin, "reconsideration.received", "jiyuan");
  EXPECT_EQ(again.revision(), first_write.revision());
  EXPECT_EQ(again.update_time().seconds(), first_write.update_time().seconds());
  EXPECT_EQ(again.update_time().nanos(), first_write.update_time().nanos());
}

TEST_F(StatisticsDemoIntegrationTest, TheLoaderBinarySaysItWasReplayed) {
  // The suite's figures were loaded with the same request ids.
  int code = 0;
  std::string out =
      RunLoader(absl::StrCat(FAZHI_STATISTICS_DEMO_BINARY,
                             " --statistics_address=", servers_->statistics().grpc_address()),
                &code);
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find(absl::StrCat(PointsInDemo(), " demo figures")), std::string::npos) << out;
  EXPECT_NE(out.find("0 created, 0 updated, 0 unchanged, 15 batches replayed"), std::string::npos)
      << out;
  EXPECT_EQ(Revisions(*admin_, "reconsideration.received", "jiyuan"), 1);
  // Without a token the loader is refused and says so.
  std::string refused =
      RunLoader(absl::StrCat(FAZHI_STATISTICS_DEMO_BINARY,
                             " --statistics_address=", servers_->statistics().grpc_address()),
                &code, /*token=*/"");
  EXPECT_EQ(code, 1) << refused;
  EXPECT_NE(refused.find("UNAUTHENTICATED"), std::string::npos) << refused;
  // A token as a Secret or a file holds it, with a trailing newline, is the same token.
  std::string with_newline =
      RunLoader(absl::StrCat(FAZHI_STATISTICS_DEMO_BINARY,
                             " --statistics_address=", servers_->statistics().grpc_address()),
                &code, testing::AdminToken() + "\n");
  EXPECT_EQ(code, 0) << with_newline;
  EXPECT_NE(with_newline.find("15 batches replayed"), std::string::npos) << with_newline;
}

TEST_F(StatisticsDemoIntegrationTest, TheCitysFiguresAreTheReports) {
  EXPECT_EQ(Total("reconsideration.received", "jiyuan", false), 159);
  EXPECT_EQ(Total("reconsideration.concluded", "jiyuan", false), 145);
  EXPECT_EQ(Total("reconsideration.upheld", "jiyuan", false) +
                Total("reconsideration.corrected", "jiyuan", false) +
                Total("reconsideration.mediated", "jiyuan", false) +
                Total("reconsideration.not_accepted", "jiyuan", false),
            140);  // the report's own slip, kept for the validation rules to find
  EXPECT_EQ(Total("reconsideration.rejected", "jiyuan", true), -1);  // the report states none
  EXPECT_EQ(Total("litigation.department_defendant", "jiyuan", true), 122);
  EXPECT_EQ(Total("mediation.court_referred_rate_bp", "jiyuan", false), 3370);
  EXPECT_EQ(Total("legality_review.total", "jiyuan-sfj", false), 406);
  EXPECT_EQ(Total("legality_review.executive_meeting_topics", "jiyuan", true) +
                Total("legality_review.director_meeting_topics", "jiyuan", true) +
                Total("legality_review.documents", "jiyuan", true) +
                Total("legality_review.other_matters", "jiyuan", true),
            364);  // 177 + 35 + 85 + 67: the report's "共计406件" is another slip, kept
  EXPECT_EQ(Total("supervision.major_penalty_filings_received", "jiyuan", true), 123);
}

TEST_F(StatisticsDemoIntegrationTest, AuditProjectsAndFinesAreTheirUnits) {
  pb::AggregateResponse audit = Aggregate(
      {"audit.projects_national", "audit.projects_provincial", "audit.projects_municipal"},
      "jiyuan", true);
  ASSERT_EQ(audit.values_size(), 3);
  int64_t sum = 0;
  for (const pb::AggregateValue& v : audit.values()) sum += v.value();
  EXPECT_EQ(sum, 42);
  EXPECT_EQ(Total("audit.projects", "jiyuan-sjj", false), 42);
  EXPECT_EQ(Total("audit.projects", "jiyuan", false), -1);  // 审计局's, not the city's own
  // 罚款金额1500余万元, 已收缴500余万元: in 分.
  EXPECT_EQ(Total("environment.fines_imposed_fen", "jiyuan-sthjj", false), 1500000000);
  EXPECT_EQ(Total("environment.fines_collected_fen", "jiyuan", true), 500000000);
  EXPECT_EQ(Total("environment.cases_filed", "jiyuan", true), 200);
}

TEST_F(StatisticsDemoIntegrationTest, MediationRollsUpFromTheTownsOnce) {
  // The towns and subdistricts hold the disputes, the city none: the subtree counts each once.
  EXPECT_EQ(Total("mediation.disputes", "jiyuan", true), 10067);
  EXPECT_EQ(Total("mediation.successful", "jiyuan", true), 9966);
  EXPECT_EQ(Total("mediation.disputes", "jiyuan", false), -1);
  pb::AggregateResponse by_unit =
      Aggregate({"mediation.disputes"}, "jiyuan", true, Year(2021), pb::GROUP_BY_DEPARTMENT);
  EXPECT_EQ(by_unit.values_size(), 16);
  int64_t sum = 0;
  for (const pb::AggregateValue& v : by_unit.values()) sum += v.value();
  EXPECT_EQ(sum, 10067);
  EXPECT_EQ(Total("mediation.disputes", "jiyuan-qinyuan", false), 1096);
}

TEST_F(StatisticsDemoIntegrationTest, EveryCatalogueFigureTheReportStatesIsLoaded) {
  std::vector<std::string> codes;
  pb::ListIndicatorsRequest list;
  list.mutable_page()->set_page_size(200);
  do {
    pb::ListIndicatorsResponse indicators;
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->ListIndicators(&context, list, &indicators).ok());
    for (const pb::Indicator& i : indicators.indicators()) codes.push_back(i.code());
    list.mutable_page()->set_page_token(indicators.page().next_page_token());
  } while (!list.page().page_token().empty());
  ASSERT_GE(codes.size(), 133u);
  // A figure is loaded when the city's subtree or the Party committee (市委, which holds the
  // 市委常委会's briefings and is not under the city government) has it. Aggregate takes at most
  // 100 codes a call.
  std::set<std::string> missing(codes.begin(), codes.end());
  for (size_t start = 0; start < codes.size(); start += 100) {
    std::vector<std::string> some(codes.begin() + start,
                                  codes.begin() + std::min(codes.size(), start + 100));
    for (const pb::AggregateResponse& held :
         {Aggregate(some, "jiyuan", true), Aggregate(some, "jiyuan-swei", false)}) {
      for (const pb::AggregateValue& v : held.values()) {
        if (v.has_value()) missing.erase(v.indicator_code());
      }
    }
  }
  // The report gives no 驳回 or 终止 figure for reconsideration; the enforcement case figures of
  // every department come from case records (the cases service's SyncToStatistics), not from
  // the report, which states them for 生态环境局 only (environment.*).
  EXPECT_EQ(missing,
            (std::set<std::string>{
                "reconsideration.rejected", "reconsideration.terminated", "enforcement.cases_filed",
                "enforcement.penalty_decisions", "enforcement.fines_imposed_fen",
                "enforcement.fines_collected_fen", "enforcement.seizures",
                "enforcement.transfers_detention", "enforcement.transfers_criminal"}));
}

TEST_F(StatisticsDemoIntegrationTest, TheYearBeforeIsThereToCompareWith) {
  // "行政复议办结数量为去年同期的3倍".
  pb::AggregateResponse years = Aggregate({"reconsideration.concluded"}, "jiyuan", false,
                                          Year(2020), pb::GROUP_BY_PERIOD, Year(2021));
  ASSERT_EQ(years.values_size(), 2);
  EXPECT_EQ(years.values(0).period().year(), 2020);
  EXPECT_EQ(years.values(0).value(), 48);
  EXPECT_EQ(years.values(1).period().year(), 2021);
  EXPECT_EQ(years.values(1).value(), 145);
}

TEST_F(StatisticsDemoIntegrationTest, TheRestOfTheReportsFiguresAreTheirUnits) {
  // 一（五）: 查处违规和管理不规范资金18.73亿元, 促进上缴财政资金1591.47万元, 归还原渠道资金
  // 1929.35万元, in 分 and 审计局's.
  EXPECT_EQ(Total("audit.irregular_funds_fen", "jiyuan-sjj", false), int64_t{187300000000});
  EXPECT_EQ(Total("audit.remitted_to_treasury_fen", "jiyuan", true), 1591470000);
  EXPECT_EQ(Total("audit.returned_to_channel_fen", "jiyuan-sjj", false), 1929350000);
  EXPECT_EQ(Total("audit.referrals", "jiyuan-sjj", false), 15);
  // 一（七）: 140名村（居）法律顾问, 接受法律咨询73000余人次, and 万人助万企's 186 enterprises.
  EXPECT_EQ(Total("legal_adviser.advisers", "jiyuan", false), 140);
  EXPECT_EQ(Total("legal_adviser.consultations", "jiyuan", true), 73000);
  EXPECT_EQ(Total("enterprise_help.enterprises_examined", "jiyuan", false), 186);
  EXPECT_EQ(Total("civil_code.lectures", "jiyuan", false), 200);
  // 一（二）: 3367家企业信用基础档案, 归集涉企信息22.8万条, 生态环境局's 10 orders.
  EXPECT_EQ(Total("credit.enterprises_on_file", "jiyuan", false), 3367);
  EXPECT_EQ(Total("credit.records_collected", "jiyuan", false), 228000);
  EXPECT_EQ(Total("environment.rectification_orders", "jiyuan-sthjj", false), 10);
  // 一（五）: “好差评” 69.7万余条, 好评率100% as a stated rate in basis points.
  EXPECT_EQ(Total("service_rating.evaluations", "jiyuan", false), 697000);
  EXPECT_EQ(Total("service_rating.positive_rate_bp", "jiyuan", false), 10000);
  // 一（四）: 司法局's 40余项 rectification suggestions.
  EXPECT_EQ(Total("supervision.rectification_suggestions", "jiyuan-sfj", false), 40);
  // 一（一）: the 市委常委会's two briefings are the Party committee's, not the government's.
  EXPECT_EQ(Total("leadership.standing_committee_briefings", "jiyuan-swei", false), 2);
  EXPECT_EQ(Total("leadership.standing_committee_briefings", "jiyuan", true), -1);
}

}  // namespace
}  // namespace fazhi::statistics

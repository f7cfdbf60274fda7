// Starts the real department and statistics services (the seed's units) and the real cases
// service beside them, each on its own database of the backend FAZHI_TEST_BACKEND names; files
// and decides penalty cases with fines over gRPC, records a reconsideration decided upheld and a
// lawsuit with the agency head in court, then checks SummarizeCases by value and syncs the year
// into statistics twice: the second sync writes nothing, and statistics holds the figures with
// source "cases".

#include <grpcpp/grpcpp.h>

#include <map>

#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_call.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::cases {
namespace {

namespace pb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;
namespace spb = ::fazhi::statistics::v1;
using ::fazhi::testing::ServerProcess;

constexpr char kCity[] = "jiyuan";
constexpr char kSthjj[] = "jiyuan-sthjj";
constexpr char kScjgj[] = "jiyuan-scjgj";

using ::fazhi::testing::D;

using ::fazhi::testing::Call;

class CaseFiguresIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "case-figures",
        testing::CaseOfficers({"sthjj-wang", "sthjj-li", "scjgj-sun", "scjgj-qian"}),
        FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    cases_ = &servers_->cases();
  }

  static void TearDownTestSuite() {
    if (servers_) {
      EXPECT_EQ(servers_->cases().Stop(), 0) << "graceful shutdown should exit 0";
    }
    delete servers_;
  }

  static std::shared_ptr<grpc::Channel> As(const std::string& token) {
    return testing::AuthorizedChannel(cases_->grpc_address(), token);
  }
  static std::string ClerkToken(const std::string& department) {
    return testing::Token({"clerk"}, department, absl::StrCat("clerk-", department));
  }
  static std::string SupervisorToken() {
    return testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor");
  }

  // Files a penalty case in department and takes it to a decision on day with a fine.
  static void FileAndDecide(const std::string& department, const std::string& number,
                            const std::vector<std::string>& officers, const cpb::Date& decided,
                            int64_t fine_fen) {
    auto stub = pb::EnforcementCaseService::NewStub(As(ClerkToken(department)));
    pb::FileCaseRequest file =
        testing::NewCase(department, number, D(2021, 3, 1), officers, /*person=*/false);
    pb::EnforcementCase c;
    grpc::Status s = Call(*stub, &pb::EnforcementCaseService::Stub::FileCase, file, &c);
    ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    for (const pb::AdvanceCaseRequest& step :
         {testing::StartInvestigation(), testing::Notify(D(2021, 4, 20)),
          testing::Decide(decided, fine_fen, officers)}) {
      s = testing::AdvanceCase(*stub, &c, step);
      ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    }
  }

  static pb::SummarizeCasesResponse Summarize(pb::SummaryGroupBy group_by) {
    auto stub = pb::CaseFiguresService::NewStub(As(SupervisorToken()));
    pb::SummarizeCasesRequest request;
    request.set_year(2021);
    request.set_department_id(kCity);
    request.set_include_descendants(true);
    request.set_group_by(group_by);
    pb::SummarizeCasesResponse response;
    grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  static pb::SyncToStatisticsResponse Sync() {
    auto stub = pb::CaseFiguresService::NewStub(As(testing::Token({"service"}, "", "report-job")));
    pb::SyncToStatisticsRequest request;
    request.set_year(2021);
    request.set_department_id(kCity);
    pb::SyncToStatisticsResponse response;
    grpc::Status s =
        Call(*stub, &pb::CaseFiguresService::Stub::SyncToStatistics, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  static spb::DataPoint Point(const std::string& code, const std::string& unit) {
    absl::StatusOr<spb::DataPoint> point = servers_->statistics().GetPoint(code, unit);
    EXPECT_TRUE(point.ok()) << point.status();
    return point.ok() ? *point : spb::DataPoint();
  }

  static inline testing::CasesServers* servers_ = nullptr;
  static inline ServerProcess* cases_ = nullptr;
};

TEST_F(CaseFiguresIntegrationTest, RecordsTheYear) {
  FileAndDecide(kSthjj, "济环罚〔2021〕1号", {"sthjj-wang", "sthjj-li"}, D(2021, 5, 6), 100000);
  FileAndDecide(kSthjj, "济环罚〔2021〕2号", {"sthjj-wang", "sthjj-li"}, D(2021, 5, 7), 200000);
  FileAndDecide(kSthjj, "济环罚〔2021〕3号", {"sthjj-wang", "sthjj-li"}, D(2021, 6, 8), 300000);
  FileAndDecide(kScjgj, "济市监罚〔2021〕1号", {"scjgj-sun", "scjgj-qian"}, D(2021, 5, 10), 50000);

  auto reconsideration = pb::ReconsiderationService::NewStub(As(SupervisorToken()));
  pb::CreateReconsiderationRequest apply;
  pb::Reconsideration* a = apply.mutable_reconsideration();
  a->set_body_department_id(kCity);
  a->set_respondent_department_id(kSthjj);
  a->set_applicant("济源市某化工有限公司");
  a->set_request("撤销济环罚〔2021〕1号行政处罚决定");
  *a->mutable_application_date() = D(2021, 6, 1);
  pb::Reconsideration r;
  grpc::Status s =
      Call(*reconsideration, &pb::ReconsiderationService::Stub::CreateReconsideration, apply, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::ExamineReconsiderationRequest examine;
  examine.set_id(r.id());
  examine.set_etag(r.etag());
  examine.set_accept(true);
  *examine.mutable_date() = D(2021, 6, 3);
  s = Call(*reconsideration, &pb::ReconsiderationService::Stub::ExamineReconsideration, examine,
           &r);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::DecideReconsiderationRequest decide;
  decide.set_id(r.id());
  decide.set_etag(r.etag());
  decide.set_outcome(pb::RECONSIDERATION_OUTCOME_UPHELD);
  *decide.mutable_date() = D(2021, 7, 20);
  decide.set_summary("维持原行政处罚决定");
  s = Call(*reconsideration, &pb::ReconsiderationService::Stub::DecideReconsideration, decide, &r);
  ASSERT_TRUE(s.ok()) << s.error_message();

  auto litigation = pb::LitigationService::NewStub(As(SupervisorToken()));
  pb::CreateLawsuitRequest create;
  pb::Lawsuit* in = create.mutable_lawsuit();
  in->set_court_case_number("(2021)豫9001行初30号");
  in->set_court("济源市人民法院");
  in->set_plaintiff("济源市某化工有限公司");
  in->set_plaintiff_organisation(true);
  in->set_defendant_department_id(kSthjj);
  *in->mutable_filed_date() = D(2021, 8, 2);
  pb::Lawsuit suit;
  s = Call(*litigation, &pb::LitigationService::Stub::CreateLawsuit, create, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::RecordHearingRequest hearing;
  hearing.set_id(suit.id());
  hearing.set_etag(suit.etag());
  *hearing.mutable_hearing()->mutable_date() = D(2021, 9, 15);
  hearing.mutable_hearing()->set_head_appeared(true);
  hearing.mutable_hearing()->set_head_title("局长");
  s = Call(*litigation, &pb::LitigationService::Stub::RecordHearing, hearing, &suit);
  ASSERT_TRUE(s.ok()) << s.error_message();
}

TEST_F(CaseFiguresIntegrationTest, SummarizesTheYear) {
  pb::SummarizeCasesResponse total = Summarize(pb::SUMMARY_GROUP_BY_UNSPECIFIED);
  ASSERT_EQ(total.summaries_size(), 1);
  const pb::CaseSummary& t = total.summaries(0);
  EXPECT_EQ(t.group(), "");
  EXPECT_EQ(t.cases_filed(), 4);
  EXPECT_EQ(t.decisions(), 4);
  EXPECT_EQ(t.penalty_decisions(), 4);
  EXPECT_EQ(t.fines_imposed_fen(), 650000);
  EXPECT_EQ(t.reconsiderations_received(), 1);
  EXPECT_EQ(t.reconsiderations_concluded(), 1);
  EXPECT_EQ(t.reconsiderations_upheld(), 1);
  EXPECT_EQ(t.lawsuits_department_defendant(), 1);
  EXPECT_EQ(t.lawsuits_government_defendant(), 0);
  EXPECT_EQ(t.court_appearances(), 1);

  pb::SummarizeCasesResponse by_unit = Summarize(pb::SUMMARY_GROUP_BY_DEPARTMENT);
  std::map<std::string, pb::CaseSummary> units;
  for (const pb::CaseSummary& s : by_unit.summaries()) units[s.group()] = s;
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[kSthjj].cases_filed(), 3);
  EXPECT_EQ(units[kSthjj].fines_imposed_fen(), 600000);
  EXPECT_EQ(units[kSthjj].court_appearances(), 1);
  EXPECT_EQ(units[kScjgj].cases_filed(), 1);
  EXPECT_EQ(units[kScjgj].fines_imposed_fen(), 50000);
  EXPECT_EQ(units[kCity].reconsiderations_upheld(), 1);
  EXPECT_EQ(units[kCity].cases_filed(), 0);

  auto stub = pb::CaseFiguresService::NewStub(As(SupervisorToken()));
  pb::SummarizeCasesRequest bad;
  bad.set_department_id(kCity);
  pb::SummarizeCasesResponse response;
  grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("year"), std::string::npos) << s.error_message();
  bad.set_year(2021);
  bad.set_department_id("jiyuan-nowhere");
  s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, bad, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
}

TEST_F(CaseFiguresIntegrationTest, SyncsIntoStatisticsOnce) {
  pb::SyncToStatisticsResponse first = Sync();
  EXPECT_EQ(first.points(), 3 * 23);
  EXPECT_EQ(first.created(), 3 * 23);
  EXPECT_FALSE(first.replayed());

  pb::SyncToStatisticsResponse second = Sync();
  EXPECT_EQ(second.points(), first.points());
  // The same figures give the same request id: statistics replays the first sync's summary.
  EXPECT_TRUE(second.replayed());
  EXPECT_EQ(second.created(), first.created());
  EXPECT_EQ(second.updated(), 0);

  spb::DataPoint fines = Point("enforcement.fines_imposed_fen", kSthjj);
  EXPECT_EQ(fines.value(), 600000);
  EXPECT_EQ(fines.source(), "cases");
  EXPECT_EQ(fines.revision(), 1);
  EXPECT_EQ(Point("enforcement.penalty_decisions", kScjgj).value(), 1);
  EXPECT_EQ(Point("reconsideration.upheld", kCity).value(), 1);
  EXPECT_EQ(Point("litigation.head_appearances", kSthjj).value(), 1);
  EXPECT_EQ(Point("litigation.department_defendant", kSthjj).source(), "cases");
}

TEST_F(CaseFiguresIntegrationTest, ASyncAfterANewDecisionWritesOnlyWhatChanged) {
  FileAndDecide(kSthjj, "济环罚〔2021〕4号", {"sthjj-wang", "sthjj-li"}, D(2021, 11, 3), 1000);
  pb::SyncToStatisticsResponse again = Sync();
  EXPECT_FALSE(again.replayed());
  EXPECT_EQ(again.points(), 3 * 23);
  EXPECT_EQ(again.created(), 0);
  // enforcement.cases_filed, penalty_decisions and fines_imposed_fen of the bureau.
  EXPECT_EQ(again.updated(), 3);
  EXPECT_EQ(again.unchanged(), 3 * 23 - 3);
  spb::DataPoint fines = Point("enforcement.fines_imposed_fen", kSthjj);
  EXPECT_EQ(fines.value(), 601000);
  EXPECT_EQ(fines.revision(), 2);

  auto stub = pb::CaseFiguresService::NewStub(As(testing::Token({"service"}, "", "report-job")));
  pb::SyncToStatisticsRequest request;
  request.set_year(2021);
  request.set_department_id("jiyuan-nowhere");
  pb::SyncToStatisticsResponse response;
  grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SyncToStatistics, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << s.error_message();
  // Writing figures into statistics is not a clerk's call.
  auto clerk = pb::CaseFiguresService::NewStub(As(ClerkToken(kSthjj)));
  request.set_department_id(kSthjj);
  s = Call(*clerk, &pb::CaseFiguresService::Stub::SyncToStatistics, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

}  // namespace
}  // namespace fazhi::cases

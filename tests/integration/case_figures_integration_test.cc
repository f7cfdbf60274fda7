// Starts the real department and statistics services (the seed's units) and the real cases
// service beside them, each on its own database of the backend FAZHI_TEST_BACKEND names; files
// and decides penalty cases with fines over gRPC, records a reconsideration decided upheld and a
// lawsuit with the agency head in court, then checks SummarizeCases by value and syncs the year
// into statistics twice: the second sync writes nothing, and statistics holds the figures with
// source "cases". The tests do not depend on one another: the year SummarizesTheYear reads is
// recorded once for the suite, and every test that writes records (or syncs) a year of its own.

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
    // The year SummarizesTheYear reads, and nothing writes. The tests that sync, or decide more,
    // record years of their own.
    ASSERT_NO_FATAL_FAILURE(RecordYear(2021));
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

  // Files a penalty case in department (on March 1st of the decision's year) and takes it to a
  // decision on day with a fine.
  static void FileAndDecide(const std::string& department, const std::string& number,
                            const std::vector<std::string>& officers, const cpb::Date& decided,
                            int64_t fine_fen) {
    auto stub = pb::EnforcementCaseService::NewStub(As(ClerkToken(department)));
    pb::FileCaseRequest file =
        testing::NewCase(department, number, D(decided.year(), 3, 1), officers, /*person=*/false);
    pb::EnforcementCase c;
    grpc::Status s = Call(*stub, &pb::EnforcementCaseService::Stub::FileCase, file, &c);
    ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    for (const pb::AdvanceCaseRequest& step :
         {testing::StartInvestigation(), testing::Notify(D(decided.year(), 4, 20)),
          testing::Decide(decided, fine_fen, officers)}) {
      s = testing::AdvanceCase(*stub, &c, step);
      ASSERT_TRUE(s.ok()) << number << ": " << s.error_message();
    }
  }

  // The records of a year: four penalty cases decided with fines (three of 生态环境局, one of
  // 市场监管局), a reconsideration of the city's decided upheld, and a lawsuit against the bureau
  // with its head in court. Case and court numbers carry the year.
  static void RecordYear(int year) {
    ASSERT_NO_FATAL_FAILURE(FileAndDecide(kSthjj, absl::StrCat("济环罚〔", year, "〕1号"),
                                          {"sthjj-wang", "sthjj-li"}, D(year, 5, 6), 100000));
    ASSERT_NO_FATAL_FAILURE(FileAndDecide(kSthjj, absl::StrCat("济环罚〔", year, "〕2号"),
                                          {"sthjj-wang", "sthjj-li"}, D(year, 5, 7), 200000));
    ASSERT_NO_FATAL_FAILURE(FileAndDecide(kSthjj, absl::StrCat("济环罚〔", year, "〕3号"),
                                          {"sthjj-wang", "sthjj-li"}, D(year, 6, 8), 300000));
    ASSERT_NO_FATAL_FAILURE(FileAndDecide(kScjgj, absl::StrCat("济市监罚〔", year, "〕1号"),
                                          {"scjgj-sun", "scjgj-qian"}, D(year, 5, 10), 50000));

    auto reconsideration = pb::ReconsiderationService::NewStub(As(SupervisorToken()));
    pb::CreateReconsiderationRequest apply;
    pb::Reconsideration* a = apply.mutable_reconsideration();
    a->set_body_department_id(kCity);
    a->set_respondent_department_id(kSthjj);
    a->set_applicant("济源市某化工有限公司");
    a->set_request(absl::StrCat("撤销济环罚〔", year, "〕1号行政处罚决定"));
    *a->mutable_application_date() = D(year, 6, 1);
    pb::Reconsideration r;
    grpc::Status s =
        Call(*reconsideration, &pb::ReconsiderationService::Stub::CreateReconsideration, apply, &r);
    ASSERT_TRUE(s.ok()) << s.error_message();
    pb::ExamineReconsiderationRequest examine;
    examine.set_id(r.id());
    examine.set_etag(r.etag());
    examine.set_accept(true);
    *examine.mutable_date() = D(year, 6, 3);
    s = Call(*reconsideration, &pb::ReconsiderationService::Stub::ExamineReconsideration, examine,
             &r);
    ASSERT_TRUE(s.ok()) << s.error_message();
    pb::DecideReconsiderationRequest decide;
    decide.set_id(r.id());
    decide.set_etag(r.etag());
    decide.set_outcome(pb::RECONSIDERATION_OUTCOME_UPHELD);
    *decide.mutable_date() = D(year, 7, 20);
    decide.set_summary("维持原行政处罚决定");
    s = Call(*reconsideration, &pb::ReconsiderationService::Stub::DecideReconsideration, decide,
             &r);
    ASSERT_TRUE(s.ok()) << s.error_message();

    auto litigation = pb::LitigationService::NewStub(As(SupervisorToken()));
    pb::CreateLawsuitRequest create;
    pb::Lawsuit* in = create.mutable_lawsuit();
    in->set_court_case_number(absl::StrCat("(", year, ")豫9001行初30号"));
    in->set_court("济源市人民法院");
    in->set_plaintiff("济源市某化工有限公司");
    in->set_plaintiff_organisation(true);
    in->set_defendant_department_id(kSthjj);
    *in->mutable_filed_date() = D(year, 8, 2);
    pb::Lawsuit suit;
    s = Call(*litigation, &pb::LitigationService::Stub::CreateLawsuit, create, &suit);
    ASSERT_TRUE(s.ok()) << s.error_message();
    pb::RecordHearingRequest hearing;
    hearing.set_id(suit.id());
    hearing.set_etag(suit.etag());
    *hearing.mutable_hearing()->mutable_date() = D(year, 9, 15);
    hearing.mutable_hearing()->set_head_appeared(true);
    hearing.mutable_hearing()->set_head_title("局长");
    s = Call(*litigation, &pb::LitigationService::Stub::RecordHearing, hearing, &suit);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static pb::SummarizeCasesResponse Summarize(pb::SummaryGroupBy group_by, int year = 2021) {
    auto stub = pb::CaseFiguresService::NewStub(As(SupervisorToken()));
    pb::SummarizeCasesRequest request;
    request.set_year(year);
    request.set_department_id(kCity);
    request.set_include_descendants(true);
    request.set_group_by(group_by);
    pb::SummarizeCasesResponse response;
    grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  static pb::SyncToStatisticsResponse Sync(int year) {
    auto stub =
        pb::CaseFiguresService::NewStub(As(testing::Token({"service"}, "", "fazhi-scheduler")));
    pb::SyncToStatisticsRequest request;
    request.set_year(year);
    request.set_department_id(kCity);
    pb::SyncToStatisticsResponse response;
    grpc::Status s =
        Call(*stub, &pb::CaseFiguresService::Stub::SyncToStatistics, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  // The figure of code for unit in year, as statistics holds it.
  static spb::DataPoint Point(const std::string& code, const std::string& unit, int year) {
    spb::GetDataPointRequest request;
    request.set_indicator_code(code);
    request.set_department_id(unit);
    *request.mutable_period() = testing::Year(year);
    spb::DataPoint point;
    grpc::Status s = Call(*servers_->statistics().Stub(testing::AdminToken()),
                          &spb::StatisticsService::Stub::GetDataPoint, request, &point);
    EXPECT_TRUE(s.ok()) << code << " of " << unit << " in " << year << ": " << s.error_message();
    return point;
  }

  static inline testing::CasesServers* servers_ = nullptr;
  static inline ServerProcess* cases_ = nullptr;
};

TEST_F(CaseFiguresIntegrationTest, RecordsTheYear) {
  // A year of its own: the year the suite reads was recorded before any test ran.
  ASSERT_NO_FATAL_FAILURE(RecordYear(2024));
  pb::SummarizeCasesResponse total = Summarize(pb::SUMMARY_GROUP_BY_UNSPECIFIED, 2024);
  ASSERT_EQ(total.summaries_size(), 1);
  EXPECT_EQ(total.summaries(0).cases_filed(), 4);
  EXPECT_EQ(total.summaries(0).reconsiderations_upheld(), 1);
  EXPECT_EQ(total.summaries(0).court_appearances(), 1);
}

TEST_F(CaseFiguresIntegrationTest, CourtAppearancesCountLawsuitsInWhichTheHeadAppeared) {
  // 2019, a year no other test records: one suit against 生态环境局 heard three times with its
  // head in court twice, one heard once without. The head appeared in 1 lawsuit (not 2 hearings).
  auto litigation = pb::LitigationService::NewStub(As(SupervisorToken()));
  struct Heard {
    const char* number;
    std::vector<std::pair<cpb::Date, bool>> hearings;
  };
  for (const Heard& h :
       {Heard{"(2019)豫9001行初50号",
              {{D(2019, 4, 2), false}, {D(2019, 5, 6), true}, {D(2019, 6, 3), true}}},
        Heard{"(2019)豫9001行初51号", {{D(2019, 5, 6), false}}}}) {
    pb::CreateLawsuitRequest create;
    pb::Lawsuit* in = create.mutable_lawsuit();
    in->set_court_case_number(h.number);
    in->set_court("济源市人民法院");
    in->set_plaintiff("济源市某化工有限公司");
    in->set_plaintiff_organisation(true);
    in->set_defendant_department_id(kSthjj);
    *in->mutable_filed_date() = D(2019, 3, 1);
    pb::Lawsuit suit;
    grpc::Status s = Call(*litigation, &pb::LitigationService::Stub::CreateLawsuit, create, &suit);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const auto& [day, head] : h.hearings) {
      pb::RecordHearingRequest hearing;
      hearing.set_id(suit.id());
      hearing.set_etag(suit.etag());
      *hearing.mutable_hearing()->mutable_date() = day;
      hearing.mutable_hearing()->set_head_appeared(head);
      if (head) hearing.mutable_hearing()->set_head_title("局长");
      s = Call(*litigation, &pb::LitigationService::Stub::RecordHearing, hearing, &suit);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }
  pb::SummarizeCasesResponse total = Summarize(pb::SUMMARY_GROUP_BY_UNSPECIFIED, 2019);
  ASSERT_EQ(total.summaries_size(), 1);
  EXPECT_EQ(total.summaries(0).lawsuits_department_defendant(), 2);
  EXPECT_EQ(total.summaries(0).court_appearances(), 1);
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
  // A year of its own, synced by no other test.
  ASSERT_NO_FATAL_FAILURE(RecordYear(2022));
  pb::SyncToStatisticsResponse first = Sync(2022);
  EXPECT_EQ(first.points(), 3 * 23);
  EXPECT_EQ(first.created(), 3 * 23);
  EXPECT_FALSE(first.replayed());

  pb::SyncToStatisticsResponse second = Sync(2022);
  EXPECT_EQ(second.points(), first.points());
  // The same figures give the same request id: statistics replays the first sync's summary.
  EXPECT_TRUE(second.replayed());
  EXPECT_EQ(second.created(), first.created());
  EXPECT_EQ(second.updated(), 0);

  spb::DataPoint fines = Point("enforcement.fines_imposed_fen", kSthjj, 2022);
  EXPECT_EQ(fines.value(), 600000);
  EXPECT_EQ(fines.source(), "cases");
  EXPECT_EQ(fines.revision(), 1);
  EXPECT_EQ(Point("enforcement.penalty_decisions", kScjgj, 2022).value(), 1);
  EXPECT_EQ(Point("reconsideration.upheld", kCity, 2022).value(), 1);
  EXPECT_EQ(Point("litigation.head_appearances", kSthjj, 2022).value(), 1);
  EXPECT_EQ(Point("litigation.department_defendant", kSthjj, 2022).source(), "cases");
}

TEST_F(CaseFiguresIntegrationTest, ASyncAfterANewDecisionWritesOnlyWhatChanged) {
  // A year of its own, synced once before the new decision.
  ASSERT_NO_FATAL_FAILURE(RecordYear(2023));
  pb::SyncToStatisticsResponse first = Sync(2023);
  ASSERT_EQ(first.created(), 3 * 23);
  ASSERT_NO_FATAL_FAILURE(
      FileAndDecide(kSthjj, "济环罚〔2023〕4号", {"sthjj-wang", "sthjj-li"}, D(2023, 11, 3), 1000));
  pb::SyncToStatisticsResponse again = Sync(2023);
  EXPECT_FALSE(again.replayed());
  EXPECT_EQ(again.points(), 3 * 23);
  EXPECT_EQ(again.created(), 0);
  // enforcement.cases_filed, penalty_decisions and fines_imposed_fen of the bureau.
  EXPECT_EQ(again.updated(), 3);
  EXPECT_EQ(again.unchanged(), 3 * 23 - 3);
  spb::DataPoint fines = Point("enforcement.fines_imposed_fen", kSthjj, 2023);
  EXPECT_EQ(fines.value(), 601000);
  EXPECT_EQ(fines.revision(), 2);

  auto stub =
      pb::CaseFiguresService::NewStub(As(testing::Token({"service"}, "", "fazhi-scheduler")));
  pb::SyncToStatisticsRequest request;
  request.set_year(2023);
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

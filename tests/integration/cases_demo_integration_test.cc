// The case records scripts/run loads (services/cases/demo), through the real department,
// statistics and cases binaries: loaded twice, the second run writing nothing, and summarised by
// SummarizeCases into the seed report's figures, checked against the report's own figures as the
// statistics demo holds them ("200余" above 200, "近200" just below, exact figures equal).

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/cases/demo/jiyuan_2021.h"
#include "services/department/demo/officers.h"
#include "services/statistics/demo/jiyuan_2021.h"
#include "tests/support/auth.h"
#include "tests/support/cases_servers.h"
#include "tests/support/grpc_call.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::cases {
namespace {

namespace pb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace spb = ::fazhi::statistics::v1;

using ::fazhi::testing::Call;

class CasesDemoIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "cases-demo", {}, FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    auto officers = dpb::OfficerService::NewStub(
        testing::AuthorizedChannel(servers_->department().grpc_address(), testing::AdminToken()));
    absl::StatusOr<int> loaded = department::demo::LoadDemoOfficers(*officers);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    // The report's own figures, to compare the records' figures with.
    auto statistics = servers_->statistics().Stub(testing::AdminToken());
    absl::StatusOr<statistics::demo::LoadSummary> figures =
        statistics::demo::LoadJiyuanFigures(*statistics);
    ASSERT_TRUE(figures.ok()) << figures.status();
    // The records every test reads, loaded once here; LoadsEveryRecordAndASecondRunWritesNothing
    // checks what this load wrote and loads them a second time.
    absl::StatusOr<demo::LoadSummary> first = Load();
    ASSERT_TRUE(first.ok()) << first.status();
    first_load_ = new demo::LoadSummary(*first);
  }

  static void TearDownTestSuite() {
    if (servers_) {
      EXPECT_EQ(servers_->cases().Stop(), 0) << "graceful shutdown should exit 0";
    }
    delete servers_;
    delete first_load_;
  }

  static absl::StatusOr<demo::LoadSummary> Load() {
    auto channel =
        testing::AuthorizedChannel(servers_->cases().grpc_address(), testing::AdminToken());
    auto cases = pb::EnforcementCaseService::NewStub(channel);
    auto supervision = pb::SupervisionService::NewStub(channel);
    auto reconsideration = pb::ReconsiderationService::NewStub(channel);
    auto litigation = pb::LitigationService::NewStub(channel);
    return demo::LoadJiyuanCases({*cases, *supervision, *reconsideration, *litigation},
                                 FAZHI_SOURCE_DIR "/services/cases/demo/data");
  }

  static pb::CaseSummary Summarize(const std::string& unit, bool subtree) {
    auto stub = pb::CaseFiguresService::NewStub(
        testing::AuthorizedChannel(servers_->cases().grpc_address(), testing::AdminToken()));
    pb::SummarizeCasesRequest request;
    request.set_year(2021);
    request.set_department_id(unit);
    request.set_include_descendants(subtree);
    pb::SummarizeCasesResponse response;
    grpc::Status s = Call(*stub, &pb::CaseFiguresService::Stub::SummarizeCases, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(response.summaries_size(), 1);
    return response.summaries_size() == 1 ? response.summaries(0) : pb::CaseSummary();
  }

  // The report's figure as the statistics demo holds it for unit.
  static int64_t Reported(const std::string& code, const std::string& unit) {
    absl::StatusOr<spb::DataPoint> point = servers_->statistics().GetPoint(code, unit);
    EXPECT_TRUE(point.ok()) << point.status();
    return point.ok() ? point->value() : -1;
  }

  static inline testing::CasesServers* servers_ = nullptr;
  // What SetUpTestSuite's load wrote.
  static inline demo::LoadSummary* first_load_ = nullptr;
};

TEST_F(CasesDemoIntegrationTest, LoadsEveryRecordAndASecondRunWritesNothing) {
  ASSERT_NE(first_load_, nullptr) << "the suite's load failed";
  const demo::LoadSummary* first = first_load_;
  // 206 + 30 environmental cases, 123 - 45 majors elsewhere, 3 in each of 14 small units.
  EXPECT_EQ(first->cases, 206 + 30 + 78 + 42);
  EXPECT_EQ(first->major_filings, demo::kMajorFilingsReceived);
  EXPECT_EQ(first->case_file_reviews, demo::kCaseFilesReviewed);
  EXPECT_EQ(first->complaints, demo::kComplaints);
  EXPECT_EQ(first->reconsiderations, demo::kReconsiderationsReceived);
  EXPECT_EQ(first->lawsuits,
            demo::kLawsuitsGovernmentDefendant + demo::kLawsuitsDepartmentDefendant);
  EXPECT_GT(first->writes, 2000);

  absl::StatusOr<demo::LoadSummary> second = Load();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->cases, first->cases);
  EXPECT_EQ(second->writes, 0) << "a second run replays every create and applies no step again";
}

TEST_F(CasesDemoIntegrationTest, EnvironmentBureauFiguresAreTheReports) {
  pb::CaseSummary s = Summarize("jiyuan-sthjj", false);
  EXPECT_EQ(s.cases_filed(), demo::kSthjjCasesFiled);
  EXPECT_EQ(s.penalty_decisions(), demo::kSthjjPenaltyDecisions);
  EXPECT_EQ(s.fines_imposed_fen(), demo::kSthjjFinesImposedFen);
  EXPECT_EQ(s.fines_collected_fen(), demo::kSthjjFinesCollectedFen);
  EXPECT_EQ(s.seizures(), demo::kSthjjSeizures);
  EXPECT_EQ(s.transfers_police_detention(), demo::kSthjjTransfersDetention);
  EXPECT_EQ(s.transfers_police_criminal(), demo::kSthjjTransfersCriminal);

  // 立案查处环境违法行为200余起: more than the round figure, less than the next ten.
  int64_t filed = Reported("environment.cases_filed", "jiyuan-sthjj");
  EXPECT_GT(s.cases_filed(), filed);
  EXPECT_LT(s.cases_filed(), filed + 10);
  // 下达处罚决定近200起: just under.
  int64_t decisions = Reported("environment.penalty_decisions", "jiyuan-sthjj");
  EXPECT_LT(s.penalty_decisions(), decisions);
  EXPECT_GE(s.penalty_decisions(), decisions - 5);
  // 罚款金额1500余万元, 已收缴罚款500余万元: between the figure and the next million.
  for (auto [records, code] :
       {std::pair{s.fines_imposed_fen(), "environment.fines_imposed_fen"},
        std::pair{s.fines_collected_fen(), "environment.fines_collected_fen"}}) {
    int64_t reported = Reported(code, "jiyuan-sthjj");
    EXPECT_GE(records, reported) << code;
    EXPECT_LT(records, reported + 100'000'000) << code;
  }
  EXPECT_EQ(s.seizures(), Reported("environment.seizures", "jiyuan-sthjj"));
  EXPECT_EQ(s.transfers_police_detention(),
            Reported("environment.transfers_detention", "jiyuan-sthjj"));
  EXPECT_EQ(s.transfers_police_criminal(),
            Reported("environment.transfers_criminal", "jiyuan-sthjj"));
}

TEST_F(CasesDemoIntegrationTest, SupervisionReviewAndLitigationFiguresAreTheReports) {
  pb::CaseSummary s = Summarize("jiyuan", true);
  // The 司法局's supervision, over the records of every unit it supervises.
  EXPECT_EQ(s.major_filings_received(),
            Reported("supervision.major_penalty_filings_received", "jiyuan-sfj"));
  EXPECT_EQ(s.major_filings_reviewed(),
            Reported("supervision.major_penalty_filings_reviewed", "jiyuan-sfj"));
  EXPECT_EQ(s.complaints_handled(), Reported("supervision.complaints_handled", "jiyuan-sfj"));
  EXPECT_EQ(s.supervision_letters(), Reported("supervision.letters_issued", "jiyuan-sfj"));
  // 50余本.
  int64_t files = Reported("supervision.case_files_reviewed", "jiyuan-sfj");
  EXPECT_GT(s.case_files_reviewed(), files);
  EXPECT_LT(s.case_files_reviewed(), files + 10);

  // Reconsideration: the report's outcomes exactly; its 145 concluded are the records' 140 of
  // those outcomes and 5 terminations it does not list.
  EXPECT_EQ(s.reconsiderations_received(), Reported("reconsideration.received", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_concluded(), Reported("reconsideration.concluded", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_upheld(), Reported("reconsideration.upheld", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_corrected(), Reported("reconsideration.corrected", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_mediated(), Reported("reconsideration.mediated", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_not_accepted(), Reported("reconsideration.not_accepted", "jiyuan"));
  EXPECT_EQ(s.reconsiderations_terminated(), demo::kReconsiderationsTerminated);
  EXPECT_EQ(s.reconsiderations_rejected(), 0);

  EXPECT_EQ(s.lawsuits_government_defendant(),
            Reported("litigation.government_defendant", "jiyuan"));
  EXPECT_EQ(s.lawsuits_department_defendant(),
            Reported("litigation.department_defendant", "jiyuan"));
  EXPECT_EQ(s.court_appearances(), Reported("litigation.head_appearances", "jiyuan"));
}

TEST_F(CasesDemoIntegrationTest, EveryDemoDeadlineWasKept) {
  auto stub = pb::EnforcementCaseService::NewStub(
      testing::AuthorizedChannel(servers_->cases().grpc_address(), testing::AdminToken()));
  pb::ListOverdueRequest request;
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  pb::ListOverdueResponse response;
  grpc::Status s = Call(*stub, &pb::EnforcementCaseService::Stub::ListOverdue, request, &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.cases_size(), 0)
      << "every demo case was decided within 90 days and every decision published";

  // The public feed of a town: its three decisions, the person's name masked, each with the
  // loader's generic public summary (naming 当事人, never the person).
  pb::ListPublicDecisionsRequest feed;
  feed.set_department_id("jiyuan-kejing");
  pb::ListPublicDecisionsResponse decisions;
  auto anonymous = pb::EnforcementCaseService::NewStub(
      grpc::CreateChannel(servers_->cases().grpc_address(), grpc::InsecureChannelCredentials()));
  s = Call(*anonymous, &pb::EnforcementCaseService::Stub::ListPublicDecisions, feed, &decisions);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(decisions.decisions_size(), 3);
  for (const pb::PublicDecision& d : decisions.decisions()) {
    EXPECT_NE(d.party_name().find('*'), std::string::npos) << d.party_name();
    EXPECT_NE(d.party_id().find("********"), std::string::npos) << d.party_id();
    EXPECT_EQ(d.public_summary().rfind("当事人存在违法行为，依据《", 0), 0u) << d.public_summary();
    EXPECT_NE(d.public_summary().find("行政处罚。"), std::string::npos) << d.public_summary();
    EXPECT_EQ(d.public_summary().find("海军"), std::string::npos) << "张海军, 王海军, 李海军";
  }
}

}  // namespace
}  // namespace fazhi::cases

// The statistics service over gRPC, with the real department service beside it: the seed
// report's 2021 figures submitted by batch and replayed without doubling, every kind of bad row
// refused while the good ones land, revisions, a clerk kept to its own unit, towns rolled up to
// the city in SQL, a ratio computed from its counts, and a locked year.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::statistics {
namespace {

namespace pb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::common::v1;

cpb::Period Year(int year) {
  cpb::Period p;
  p.set_type(cpb::PERIOD_TYPE_YEAR);
  p.set_year(year);
  return p;
}

pb::DataPoint Point(const std::string& code, const std::string& unit, int64_t value,
                    cpb::Period period = Year(2021)) {
  pb::DataPoint p;
  p.set_indicator_code(code);
  p.set_department_id(unit);
  *p.mutable_period() = period;
  p.set_value(value);
  return p;
}

// The report's 2021 figures for the city as a whole.
std::vector<pb::DataPoint> SeedFigures() {
  return {
      Point("reconsideration.received", "jiyuan", 159),
      Point("reconsideration.concluded", "jiyuan", 145),
      Point("reconsideration.upheld", "jiyuan", 55),
      Point("reconsideration.corrected", "jiyuan", 32),
      Point("reconsideration.mediated", "jiyuan", 44),
      Point("reconsideration.not_accepted", "jiyuan", 9),
      Point("litigation.government_defendant", "jiyuan", 11),
      Point("litigation.department_defendant", "jiyuan", 122),
      Point("litigation.head_appearances", "jiyuan", 55),
      Point("mediation.disputes", "jiyuan", 10067),
      Point("mediation.successful", "jiyuan", 9966),
      Point("mediation.success_rate_bp", "jiyuan", 9900),
      Point("mediation.court_referred", "jiyuan", 6157),
      Point("mediation.court_referred_successful", "jiyuan", 2057),
      Point("mediation.court_referred_rate_bp", "jiyuan", 3370),
      Point("audit.projects", "jiyuan-sjj", 42),
      Point("audit.projects_national", "jiyuan-sjj", 7),
      Point("audit.projects_provincial", "jiyuan-sjj", 13),
      Point("audit.projects_municipal", "jiyuan-sjj", 22),
      Point("legality_review.total", "jiyuan-sfj", 406),
      Point("legality_review.executive_meeting_topics", "jiyuan-sfj", 177),
      Point("legality_review.director_meeting_topics", "jiyuan-sfj", 35),
      Point("legality_review.documents", "jiyuan-sfj", 85),
      Point("legality_review.other_matters", "jiyuan-sfj", 67),
      Point("supervision.major_penalty_filings_received", "jiyuan-sfj", 123),
      Point("supervision.major_penalty_filings_reviewed", "jiyuan-sfj", 112),
      Point("environment.fines_imposed_fen", "jiyuan-sthjj", 1500000000),
      Point("environment.fines_collected_fen", "jiyuan-sthjj", 500000000),
  };
}

class StatisticsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string dir =
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-stats-it-", getpid()))
            .string();
    std::filesystem::create_directories(dir);
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> d1 = testing::TestDatabase::Create();
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> d2 = testing::TestDatabase::Create();
    ASSERT_TRUE(d1.ok() && d2.ok());
    department_db_ = d1->release();
    statistics_db_ = d2->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> department =
        testing::ServerProcess::Start(FAZHI_DEPARTMENT_BINARY,
                                      {absl::StrCat("--database_url=", department_db_->url())},
                                      absl::StrCat(dir, "/department.log"));
    ASSERT_TRUE(department.ok()) << department.status();
    department_ = department->release();
    auto units = department::v1::DepartmentService::NewStub(
        testing::AuthorizedChannel(department_->grpc_address(), testing::AdminToken()));
    ASSERT_TRUE(department::demo::LoadJiyuanUnits(*units).ok());
    // The statistics service reads the registry as a service account.
    std::string token_file = absl::StrCat(dir, "/statistics.token");
    std::ofstream(token_file) << testing::Token({"service"}, "", "statistics");
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> statistics =
        testing::ServerProcess::Start(
            FAZHI_STATISTICS_BINARY,
            {absl::StrCat("--database_url=", statistics_db_->url()),
             absl::StrCat("--department_address=", department_->grpc_address()),
             absl::StrCat("--department_token_file=", token_file)},
            absl::StrCat(dir, "/statistics.log"));
    ASSERT_TRUE(statistics.ok()) << statistics.status();
    statistics_ = statistics->release();
    admin_ = Stub(testing::AdminToken()).release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete statistics_;
    delete department_;
    delete statistics_db_;
    delete department_db_;
  }

  static std::unique_ptr<pb::StatisticsService::Stub> Stub(const std::string& token) {
    return pb::StatisticsService::NewStub(
        testing::AuthorizedChannel(statistics_->grpc_address(), token));
  }

  static grpc::Status Submit(pb::StatisticsService::Stub& stub, std::vector<pb::DataPoint> points,
                             pb::ImportSummary* out, const std::string& request_id = "",
                             bool all_or_nothing = false, bool dry_run = false) {
    pb::SubmitDataPointsRequest r;
    r.mutable_options()->set_request_id(request_id);
    r.mutable_options()->set_all_or_nothing(all_or_nothing);
    r.mutable_options()->set_dry_run(dry_run);
    for (auto& p : points) *r.add_points() = std::move(p);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return stub.SubmitDataPoints(&context, r, out);
  }

  static int64_t Value(const std::string& code, const std::string& unit,
                       cpb::Period period = Year(2021)) {
    pb::GetDataPointRequest r;
    r.set_indicator_code(code);
    r.set_department_id(unit);
    *r.mutable_period() = period;
    pb::DataPoint out;
    grpc::ClientContext context;
    grpc::Status s = admin_->GetDataPoint(&context, r, &out);
    return s.ok() ? out.value() : -1;
  }

  static pb::AggregateResponse Aggregate(const std::string& code, const std::string& unit,
                                         bool subtree,
                                         pb::GroupBy group = pb::GROUP_BY_UNSPECIFIED) {
    pb::AggregateRequest r;
    r.add_indicator_codes(code);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    *r.mutable_start() = Year(2021);
    r.set_group_by(group);
    pb::AggregateResponse out;
    grpc::ClientContext context;
    grpc::Status s = admin_->Aggregate(&context, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static testing::TestDatabase* department_db_;
  static testing::TestDatabase* statistics_db_;
  static testing::ServerProcess* department_;
  static testing::ServerProcess* statistics_;
  static pb::StatisticsService::Stub* admin_;
};

testing::TestDatabase* StatisticsIntegrationTest::department_db_ = nullptr;
testing::TestDatabase* StatisticsIntegrationTest::statistics_db_ = nullptr;
testing::ServerProcess* StatisticsIntegrationTest::department_ = nullptr;
testing::ServerProcess* StatisticsIntegrationTest::statistics_ = nullptr;
pb::StatisticsService::Stub* StatisticsIntegrationTest::admin_ = nullptr;

TEST_F(StatisticsIntegrationTest, A_TheCatalogueShipsWithTheSeedsIndicators) {
  pb::GetIndicatorRequest r;
  r.set_code("reconsideration.received");
  pb::Indicator out;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->GetIndicator(&context, r, &out).ok());
  EXPECT_EQ(out.name(), "行政复议案件受理数");
  EXPECT_EQ(out.unit(), "件");
  EXPECT_EQ(out.report_section(), "一（七）");
}

TEST_F(StatisticsIntegrationTest, B_SeedFiguresLandOnceEvenWhenReplayed) {
  pb::ImportSummary summary;
  grpc::Status s = Submit(*admin_, SeedFigures(), &summary, "seed-2021-batch");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(summary.rejected(), 0) << summary.DebugString();
  EXPECT_FALSE(summary.replayed());
  // The same submission again (a client retry): nothing is written twice.
  pb::ImportSummary again;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &again, "seed-2021-batch").ok());
  EXPECT_TRUE(again.replayed());
  EXPECT_EQ(again.created(), summary.created());
  pb::ListRevisionsRequest r;
  r.set_indicator_code("reconsideration.received");
  r.set_department_id("jiyuan");
  *r.mutable_period() = Year(2021);
  pb::ListRevisionsResponse revisions;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->ListRevisions(&context, r, &revisions).ok());
  EXPECT_EQ(revisions.revisions_size(), 1);
  EXPECT_EQ(Value("reconsideration.received", "jiyuan"), 159);
  EXPECT_EQ(Value("environment.fines_imposed_fen", "jiyuan-sthjj"), 1500000000);
  // Without a request id, the same figures again are unchanged, not new.
  pb::ImportSummary unchanged;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &unchanged).ok());
  EXPECT_EQ(unchanged.unchanged(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(unchanged.created() + unchanged.updated(), 0);
}

TEST_F(StatisticsIntegrationTest, C_BadRowsAreRejectedWithReasonsAndGoodOnesLand) {
  cpb::Period q3;
  q3.set_type(cpb::PERIOD_TYPE_QUARTER);
  q3.set_year(2021);
  q3.set_index(3);
  std::vector<pb::DataPoint> rows = {
      Point("environment.cases_filed", "jiyuan-kejing", 12),           // 0 good
      Point("no.such_indicator", "jiyuan-kejing", 1),                  // 1 unknown indicator
      Point("environment.cases_filed", "nowhere", 1),                  // 2 unknown unit
      Point("environment.cases_filed", "jiyuan-dayu", -3),             // 3 negative
      Point("environment.cases_filed", "jiyuan-dayu", 8, Year(2099)),  // 4 future
      Point("mediation.success_rate_bp", "jiyuan", 9900, q3),          // 5 period type not accepted
      Point("environment.cases_filed", "jiyuan-dayu", 8),              // 6 good
  };
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_, rows, &summary).ok());
  EXPECT_EQ(summary.created(), 2);
  EXPECT_EQ(summary.rejected(), 5);
  ASSERT_EQ(summary.rejected_rows_size(), 5);
  std::vector<std::pair<int64_t, std::string>> expected = {{1, "points[1].indicator_code"},
                                                           {2, "points[2].department_id"},
                                                           {3, "points[3].value"},
                                                           {4, "points[4].period"},
                                                           {5, "points[5].period"}};
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(summary.rejected_rows(i).index(), expected[i].first);
    EXPECT_EQ(summary.rejected_rows(i).field(), expected[i].second)
        << summary.rejected_rows(i).reason();
    EXPECT_FALSE(summary.rejected_rows(i).reason().empty());
  }
  EXPECT_EQ(Value("environment.cases_filed", "jiyuan-kejing"), 12);
  // All or nothing: one bad row and nothing is written.
  pb::ImportSummary none;
  grpc::Status s = Submit(*admin_,
                          {Point("environment.seizures", "jiyuan-sthjj", 12),
                           Point("environment.seizures", "nowhere", 1)},
                          &none, "", /*all_or_nothing=*/true);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("points[1].department_id"), std::string::npos);
  EXPECT_EQ(Value("environment.seizures", "jiyuan-sthjj"), -1);
  // A dry run counts and writes nothing.
  pb::ImportSummary dry;
  ASSERT_TRUE(Submit(*admin_, {Point("environment.seizures", "jiyuan-sthjj", 12)}, &dry, "", false,
                     /*dry_run=*/true)
                  .ok());
  EXPECT_EQ(dry.created(), 1);
  EXPECT_TRUE(dry.dry_run());
  EXPECT_EQ(Value("environment.seizures", "jiyuan-sthjj"), -1);
}

TEST_F(StatisticsIntegrationTest, D_ACorrectionKeepsThePreviousValueAsARevision) {
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 13)}, &summary,
                     "kejing-correction-1")
                  .ok());
  EXPECT_EQ(summary.updated(), 1);
  pb::ListRevisionsRequest r;
  r.set_indicator_code("environment.cases_filed");
  r.set_department_id("jiyuan-kejing");
  *r.mutable_period() = Year(2021);
  pb::ListRevisionsResponse revisions;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->ListRevisions(&context, r, &revisions).ok());
  ASSERT_EQ(revisions.revisions_size(), 2);
  EXPECT_FALSE(revisions.revisions(0).had_previous());
  EXPECT_TRUE(revisions.revisions(1).had_previous());
  EXPECT_EQ(revisions.revisions(1).previous_value(), 12);
  EXPECT_EQ(revisions.revisions(1).value(), 13);
  EXPECT_EQ(revisions.revisions(1).actor(), "test.admin");
  EXPECT_EQ(revisions.revisions(1).request_id().empty(), false);
}

TEST_F(StatisticsIntegrationTest, E_AClerkReportsOnlyForItsOwnUnit) {
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*clerk,
                     {Point("environment.seizures", "jiyuan-kejing", 2),
                      Point("environment.seizures", "jiyuan-dayu", 5)},
                     &summary)
                  .ok());
  EXPECT_EQ(summary.created(), 1);
  ASSERT_EQ(summary.rejected_rows_size(), 1);
  EXPECT_EQ(summary.rejected_rows(0).field(), "points[1].department_id");
  EXPECT_EQ(Value("environment.seizures", "jiyuan-dayu"), -1);
}

TEST_F(StatisticsIntegrationTest, F_TownsRollUpToTheCityInSql) {
  // 生态环境局 200 (its own), 克井镇 13 and 大峪镇 8 (towns).
  pb::ImportSummary summary;
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-sthjj", 200)}, &summary).ok());
  pb::AggregateResponse city = Aggregate("environment.cases_filed", "jiyuan", true);
  ASSERT_EQ(city.values_size(), 1);
  EXPECT_EQ(city.values(0).value(), 221);
  EXPECT_EQ(city.values(0).point_count(), 3);
  pb::AggregateResponse only_city = Aggregate("environment.cases_filed", "jiyuan", false);
  ASSERT_EQ(only_city.values_size(), 1);
  EXPECT_FALSE(only_city.values(0).has_value());
  pb::AggregateResponse by_unit =
      Aggregate("environment.cases_filed", "jiyuan", true, pb::GROUP_BY_DEPARTMENT);
  ASSERT_EQ(by_unit.values_size(), 3);
  EXPECT_EQ(by_unit.values(0).department_id(), "jiyuan-dayu");
  EXPECT_EQ(by_unit.values(0).value(), 8);
}

TEST_F(StatisticsIntegrationTest, G_ARatioIsComputedFromItsCounts) {
  pb::CreateIndicatorRequest r;
  pb::Indicator* i = r.mutable_indicator();
  i->set_code("mediation.success_rate");
  i->set_name("调解成功率");
  i->set_unit("%");
  i->set_value_type(pb::VALUE_TYPE_RATIO);
  i->set_aggregation(pb::AGGREGATION_SUM);
  i->add_period_types(cpb::PERIOD_TYPE_YEAR);
  i->set_numerator_code("mediation.successful");
  i->set_denominator_code("mediation.disputes");
  pb::Indicator out;
  grpc::ClientContext context;
  grpc::Status s = admin_->CreateIndicator(&context, r, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::AggregateResponse rate = Aggregate("mediation.success_rate", "jiyuan", true);
  ASSERT_EQ(rate.values_size(), 1);
  EXPECT_EQ(rate.values(0).value(), 9966);
  EXPECT_EQ(rate.values(0).denominator(), 10067);
  EXPECT_EQ(rate.values(0).rate_basis_points(), 9900);  // 98.997% rounds to 99.00%
  // A ratio is never reported directly.
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_, {Point("mediation.success_rate", "jiyuan", 9900)}, &summary).ok());
  EXPECT_EQ(summary.rejected(), 1);
}

TEST_F(StatisticsIntegrationTest, H_ALockedYearRefusesWritesUntilUnlockedWithAReason) {
  auto supervisor = Stub(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.zhao"));
  pb::LockPeriodRequest lock;
  *lock.mutable_period() = Year(2021);
  lock.set_department_id("jiyuan");
  lock.set_reason("2021年度法治政府建设情况报告已公开");
  pb::PeriodLock locked;
  grpc::ClientContext c1;
  ASSERT_TRUE(supervisor->LockPeriod(&c1, lock, &locked).ok());
  // A clerk cannot lock or unlock.
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  grpc::ClientContext c0;
  pb::PeriodLock ignored;
  EXPECT_EQ(clerk->LockPeriod(&c0, lock, &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // A town below the locked city: refused, naming the lock; all-or-nothing says
  // FAILED_PRECONDITION.
  pb::ImportSummary summary;
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14)}, &summary).ok());
  ASSERT_EQ(summary.rejected_rows_size(), 1);
  EXPECT_NE(summary.rejected_rows(0).reason().find(locked.id()), std::string::npos);
  grpc::Status s = Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14)},
                          &summary, "", /*all_or_nothing=*/true);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find(locked.id()), std::string::npos);
  // 2020 is not locked.
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 9, Year(2020))}, &summary)
          .ok());
  EXPECT_EQ(summary.created(), 1);
  // Unlocking needs a reason, and then the correction goes in.
  pb::UnlockPeriodRequest unlock;
  unlock.set_lock_id(locked.id());
  grpc::ClientContext c2;
  EXPECT_EQ(supervisor->UnlockPeriod(&c2, unlock, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  unlock.set_reason("克井镇更正立案数，经司法局同意");
  grpc::ClientContext c3;
  pb::PeriodLock unlocked;
  ASSERT_TRUE(supervisor->UnlockPeriod(&c3, unlock, &unlocked).ok());
  EXPECT_TRUE(unlocked.unlocked());
  EXPECT_EQ(unlocked.unlocked_by(), "sfj.zhao");
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14)}, &summary).ok());
  EXPECT_EQ(summary.updated(), 1);
  // The unlock is audited.
  cpb::ListAuditEntriesRequest audit;
  audit.set_target_type("period_lock");
  audit.set_target_id(locked.id());
  cpb::ListAuditEntriesResponse entries;
  auto audit_stub = cpb::AuditService::NewStub(testing::AuthorizedChannel(
      statistics_->grpc_address(), testing::Token({"supervisor"}, "jiyuan-sfj")));
  grpc::ClientContext c4;
  ASSERT_TRUE(audit_stub->ListAuditEntries(&c4, audit, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  EXPECT_EQ(entries.entries(1).action(), "unlock");
  EXPECT_NE(entries.entries(1).changes().find("克井镇更正立案数"), std::string::npos);
}

}  // namespace
}  // namespace fazhi::statistics

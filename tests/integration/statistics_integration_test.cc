// The statistics service over gRPC, with the real department service beside it: the seed
// report's 2021 figures submitted by batch and replayed without doubling, every kind of bad row
// refused while the good ones land, revisions, a clerk kept to its own unit, towns rolled up to
// the city in SQL, a ratio computed from its counts, and a locked year; and, on a server of its
// own, a stream longer than --max_stream_messages refused whole.
//
// The tests share one server but not their figures: each writes its own years (the unit registry
// is shared and only read), so any of them passes alone or in any order. The years taken:
//   2021 seed batch (SeedFigures...)         2014 bad rows (BadRows...)
//   2013 a correction (ACorrection...)       2012 a clerk's unit (AClerk...)
//   2011 towns roll up (TownsRollUp...)      2010 a ratio (ARatio...)
//   2009 locked, 2008 not (ALockedYear...)   2020 and 2019 streams (AStreamLandsOnce...)
//   2018 a stream's bad rows (AStreamRejects...)
//   2017 and 2016 CSV (ACsvFromASpreadsheet...)   2015 export (APeriodExports...)
//   2007 and 2006 the metrics' own imports (MetricsCount...)
//   2003 and 2002 streamed CSV (ACsvStreamedInOddChunks..., AStreamedCsvWarns...)
//   2001 a CSV file streamed by fazhi-cli (TheCliStreams...)
//   1999 a 96 MiB streamed CSV (AStreamedCsvFarPast...)
//   2005 locks listed page by page, 2004 listed empty (PeriodLocksArePaged...)
//   1998 many small submissions at once (ManySmallSubmissionsAtOnce...)

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <tuple>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "services/statistics/domain/indicator.h"
#include "tests/support/auth.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::statistics {
namespace {

namespace pb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::common::v1;
using testing::Point;
using testing::SeedFigures;
using testing::Year;

class StatisticsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "stats-it");
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = Stub(testing::AdminToken()).release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete servers_;
  }

  static std::unique_ptr<pb::StatisticsService::Stub> Stub(const std::string& token) {
    return servers_->Stub(token);
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
                                         bool subtree, int year,
                                         pb::GroupBy group = pb::GROUP_BY_UNSPECIFIED) {
    pb::AggregateRequest r;
    r.add_indicator_codes(code);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    *r.mutable_start() = Year(year);
    r.set_group_by(group);
    pb::AggregateResponse out;
    grpc::ClientContext context;
    grpc::Status s = admin_->Aggregate(&context, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
};

testing::StatisticsServers* StatisticsIntegrationTest::servers_ = nullptr;
pb::StatisticsService::Stub* StatisticsIntegrationTest::admin_ = nullptr;

TEST_F(StatisticsIntegrationTest, TheCatalogueShipsWithTheSeedsIndicators) {
  pb::GetIndicatorRequest r;
  r.set_code("reconsideration.received");
  pb::Indicator out;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->GetIndicator(&context, r, &out).ok());
  EXPECT_EQ(out.name(), "行政复议案件受理数");
  EXPECT_EQ(out.unit(), "件");
  EXPECT_EQ(out.report_section(), "一（七）");
}

TEST_F(StatisticsIntegrationTest, SeedFiguresLandOnceEvenWhenReplayed) {
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
  EXPECT_EQ(Value("environment.fines_imposed_fen", "jiyuan"), 1500000000);
  // Without a request id, the same figures again are unchanged, not new.
  pb::ImportSummary unchanged;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &unchanged).ok());
  EXPECT_EQ(unchanged.unchanged(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(unchanged.created() + unchanged.updated(), 0);
}

TEST_F(StatisticsIntegrationTest, BadRowsAreRejectedWithReasonsAndGoodOnesLand) {
  const int year = 2014;  // this test's own
  cpb::Period q3;
  q3.set_type(cpb::PERIOD_TYPE_QUARTER);
  q3.set_year(year);
  q3.set_index(3);
  std::vector<pb::DataPoint> rows = {
      Point("environment.cases_filed", "jiyuan-kejing", 12, Year(year)),  // 0 good
      Point("no.such_indicator", "jiyuan-kejing", 1, Year(year)),         // 1 unknown indicator
      Point("environment.cases_filed", "nowhere", 1, Year(year)),         // 2 unknown unit
      Point("environment.cases_filed", "jiyuan-dayu", -3, Year(year)),    // 3 negative
      Point("environment.cases_filed", "jiyuan-dayu", 8, Year(2099)),     // 4 future
      Point("mediation.success_rate_bp", "jiyuan", 9900, q3),          // 5 period type not accepted
      Point("environment.cases_filed", "jiyuan-dayu", 8, Year(year)),  // 6 good
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
  EXPECT_EQ(Value("environment.cases_filed", "jiyuan-kejing", Year(year)), 12);
  // All or nothing: one bad row and nothing is written.
  pb::ImportSummary none;
  grpc::Status s = Submit(*admin_,
                          {Point("environment.seizures", "jiyuan-sthjj", 12, Year(year)),
                           Point("environment.seizures", "nowhere", 1, Year(year))},
                          &none, "", /*all_or_nothing=*/true);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("points[1].department_id"), std::string::npos);
  EXPECT_EQ(Value("environment.seizures", "jiyuan-sthjj", Year(year)), -1);
  // A dry run counts and writes nothing.
  pb::ImportSummary dry;
  ASSERT_TRUE(Submit(*admin_, {Point("environment.seizures", "jiyuan-sthjj", 12, Year(year))}, &dry,
                     "", false,
                     /*dry_run=*/true)
                  .ok());
  EXPECT_EQ(dry.created(), 1);
  EXPECT_TRUE(dry.dry_run());
  EXPECT_EQ(Value("environment.seizures", "jiyuan-sthjj", Year(year)), -1);
}

TEST_F(StatisticsIntegrationTest, ACorrectionKeepsThePreviousValueAsARevision) {
  const int year = 2013;  // this test's own
  pb::ImportSummary summary;
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 12, Year(year))}, &summary)
          .ok());
  ASSERT_EQ(summary.created(), 1) << summary.DebugString();
  ASSERT_TRUE(Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 13, Year(year))},
                     &summary, "kejing-correction-1")
                  .ok());
  EXPECT_EQ(summary.updated(), 1);
  pb::ListRevisionsRequest r;
  r.set_indicator_code("environment.cases_filed");
  r.set_department_id("jiyuan-kejing");
  *r.mutable_period() = Year(year);
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

TEST_F(StatisticsIntegrationTest, AClerkReportsOnlyForItsOwnUnit) {
  const int year = 2012;  // this test's own
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*clerk,
                     {Point("environment.seizures", "jiyuan-kejing", 2, Year(year)),
                      Point("environment.seizures", "jiyuan-dayu", 5, Year(year))},
                     &summary)
                  .ok());
  EXPECT_EQ(summary.created(), 1);
  ASSERT_EQ(summary.rejected_rows_size(), 1);
  EXPECT_EQ(summary.rejected_rows(0).field(), "points[1].department_id");
  EXPECT_EQ(Value("environment.seizures", "jiyuan-dayu", Year(year)), -1);
}

TEST_F(StatisticsIntegrationTest, TownsRollUpToTheCityInSql) {
  const int year = 2011;  // this test's own
  // 生态环境局 200 (its own), 克井镇 13 and 大峪镇 8 (towns).
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_,
                     {Point("environment.cases_filed", "jiyuan-sthjj", 200, Year(year)),
                      Point("environment.cases_filed", "jiyuan-kejing", 13, Year(year)),
                      Point("environment.cases_filed", "jiyuan-dayu", 8, Year(year))},
                     &summary)
                  .ok());
  ASSERT_EQ(summary.created(), 3) << summary.DebugString();
  pb::AggregateResponse city = Aggregate("environment.cases_filed", "jiyuan", true, year);
  ASSERT_EQ(city.values_size(), 1);
  EXPECT_EQ(city.values(0).value(), 221);
  EXPECT_EQ(city.values(0).point_count(), 3);
  pb::AggregateResponse only_city = Aggregate("environment.cases_filed", "jiyuan", false, year);
  ASSERT_EQ(only_city.values_size(), 1);
  EXPECT_FALSE(only_city.values(0).has_value());
  pb::AggregateResponse by_unit =
      Aggregate("environment.cases_filed", "jiyuan", true, year, pb::GROUP_BY_DEPARTMENT);
  ASSERT_EQ(by_unit.values_size(), 3);
  EXPECT_EQ(by_unit.values(0).department_id(), "jiyuan-dayu");
  EXPECT_EQ(by_unit.values(0).value(), 8);
}

TEST_F(StatisticsIntegrationTest, ARatioIsComputedFromItsCounts) {
  const int year = 2010;  // this test's own
  pb::CreateIndicatorRequest r;
  *r.mutable_indicator() = testing::MediationSuccessRate();
  pb::Indicator out;
  grpc::ClientContext context;
  grpc::Status s = admin_->CreateIndicator(&context, r, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // The seed's city counts: 9966 of 10067 disputes mediated successfully.
  std::vector<pb::DataPoint> counts;
  for (pb::DataPoint p : SeedFigures()) {
    if (p.indicator_code() != "mediation.disputes" &&
        p.indicator_code() != "mediation.successful") {
      continue;
    }
    *p.mutable_period() = Year(year);
    counts.push_back(std::move(p));
  }
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_, counts, &summary).ok());
  ASSERT_EQ(summary.created(), 2) << summary.DebugString();
  pb::AggregateResponse rate = Aggregate("mediation.success_rate", "jiyuan", true, year);
  ASSERT_EQ(rate.values_size(), 1);
  EXPECT_EQ(rate.values(0).value(), 9966);
  EXPECT_EQ(rate.values(0).denominator(), 10067);
  EXPECT_EQ(rate.values(0).rate_basis_points(), 9900);  // 98.997% rounds to 99.00%
  // A ratio is never reported directly.
  ASSERT_TRUE(
      Submit(*admin_, {Point("mediation.success_rate", "jiyuan", 9900, Year(year))}, &summary)
          .ok());
  EXPECT_EQ(summary.rejected(), 1);
}

TEST_F(StatisticsIntegrationTest, ALockedYearRefusesWritesUntilUnlockedWithAReason) {
  const int year = 2009, unlocked_year = 2008;  // this test's own
  // 克井镇's figure, before the year is locked.
  pb::ImportSummary summary;
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 13, Year(year))}, &summary)
          .ok());
  ASSERT_EQ(summary.created(), 1) << summary.DebugString();
  auto supervisor = Stub(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.zhao"));
  pb::LockPeriodRequest lock;
  *lock.mutable_period() = Year(year);
  lock.set_department_id("jiyuan");
  lock.set_reason(absl::StrCat(year, "年度法治政府建设情况报告已公开"));
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
  ASSERT_TRUE(
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14, Year(year))}, &summary)
          .ok());
  ASSERT_EQ(summary.rejected_rows_size(), 1);
  EXPECT_NE(summary.rejected_rows(0).reason().find(locked.id()), std::string::npos);
  grpc::Status s =
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14, Year(year))}, &summary,
             "", /*all_or_nothing=*/true);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find(locked.id()), std::string::npos);
  EXPECT_EQ(Value("environment.cases_filed", "jiyuan-kejing", Year(year)), 13);
  // The year before is not locked.
  ASSERT_TRUE(Submit(*admin_,
                     {Point("environment.cases_filed", "jiyuan-kejing", 9, Year(unlocked_year))},
                     &summary)
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
      Submit(*admin_, {Point("environment.cases_filed", "jiyuan-kejing", 14, Year(year))}, &summary)
          .ok());
  EXPECT_EQ(summary.updated(), 1);
  // The unlock is audited.
  cpb::ListAuditEntriesRequest audit;
  audit.set_target_type("period_lock");
  audit.set_target_id(locked.id());
  cpb::ListAuditEntriesResponse entries;
  auto audit_stub = cpb::AuditService::NewStub(testing::AuthorizedChannel(
      servers_->statistics().grpc_address(), testing::Token({"supervisor"}, "jiyuan-sfj")));
  grpc::ClientContext c4;
  ASSERT_TRUE(audit_stub->ListAuditEntries(&c4, audit, &entries).ok());
  ASSERT_EQ(entries.entries_size(), 2);
  EXPECT_EQ(entries.entries(1).action(), "unlock");
  EXPECT_NE(entries.entries(1).changes().find("克井镇更正立案数"), std::string::npos);
}

const std::vector<std::string>& MonthlyCodes() {
  static const auto* codes = new std::vector<std::string>(statistics::ShippedIndicatorCodes(
      statistics::ValueType::kCount, time_util::PeriodType::kMonth));
  return *codes;
}

// Every unit's monthly figures for a year: 12 months of every count the catalogue takes monthly,
// for every unit of the city: 17,484 points, several batches of a stream.
std::vector<pb::DataPoint> MonthlyFigures(int year) {
  const std::vector<std::string>& codes = MonthlyCodes();
  std::vector<pb::DataPoint> points;
  int n = 0;
  for (const department::v1::CreateDepartmentRequest& unit : department::demo::JiyuanUnits()) {
    // The city government and the units under it (not the people's congress and the other
    // bodies the report is addressed to).
    if (unit.department_id() != "jiyuan" && unit.department().parent_id() != "jiyuan") continue;
    for (int month = 1; month <= 12; ++month) {
      cpb::Period period;
      period.set_type(cpb::PERIOD_TYPE_MONTH);
      period.set_year(year);
      period.set_index(month);
      for (const std::string& code : codes) {
        points.push_back(Point(code, unit.department_id(), ++n % 97, period));
      }
    }
  }
  return points;
}

grpc::Status Stream(pb::StatisticsService::Stub& stub, const std::vector<pb::DataPoint>& points,
                    const pb::ImportOptions& options, pb::ImportSummary* out,
                    size_t per_message = 700) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  std::unique_ptr<grpc::ClientWriter<pb::IngestDataPointsRequest>> writer =
      stub.IngestDataPoints(&context, out);
  pb::IngestDataPointsRequest message;
  *message.mutable_options() = options;
  for (size_t i = 0; i < points.size(); ++i) {
    *message.add_points() = points[i];
    if (message.points_size() == static_cast<int>(per_message) || i + 1 == points.size()) {
      if (!writer->Write(message)) break;
      message.Clear();
    }
  }
  writer->WritesDone();
  return writer->Finish();
}

TEST_F(StatisticsIntegrationTest, PeriodLocksArePagedAndATokenWorksOnlyForItsFilter) {
  const int year = 2005;  // this test's own
  auto supervisor = Stub(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.zhao"));
  auto lock = [&](const std::string& unit) {
    pb::LockPeriodRequest r;
    *r.mutable_period() = Year(year);
    r.set_department_id(unit);
    r.set_reason("分页测试");
    pb::PeriodLock out;
    grpc::ClientContext c;
    grpc::Status s = supervisor->LockPeriod(&c, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.id();
  };
  // Four ended locks on 克井镇 and one active on the city: five with include_unlocked, one without.
  std::set<std::string> every;
  for (int i = 0; i < 4; ++i) {
    std::string id = lock("jiyuan-kejing");
    every.insert(id);
    pb::UnlockPeriodRequest u;
    u.set_lock_id(id);
    u.set_reason("更正");
    pb::PeriodLock ignored;
    grpc::ClientContext c;
    ASSERT_TRUE(supervisor->UnlockPeriod(&c, u, &ignored).ok());
  }
  const std::string active = lock("jiyuan");
  every.insert(active);
  ASSERT_EQ(every.size(), 5u);

  auto list = [&](bool include_unlocked, int page_size, const std::string& token,
                  pb::ListPeriodLocksResponse* out) {
    pb::ListPeriodLocksRequest r;
    *r.mutable_period() = Year(year);
    r.set_include_unlocked(include_unlocked);
    r.mutable_page()->set_page_size(page_size);
    r.mutable_page()->set_page_token(token);
    grpc::ClientContext c;
    return admin_->ListPeriodLocks(&c, r, out);
  };
  // Pages of two cover every lock once: 2, 2, 1.
  std::vector<std::string> seen;
  std::vector<int> sizes;
  std::string token;
  std::string first_token;
  do {
    pb::ListPeriodLocksResponse page;
    grpc::Status s = list(true, 2, token, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    sizes.push_back(page.locks_size());
    for (const pb::PeriodLock& l : page.locks()) seen.push_back(l.id());
    token = page.page().next_page_token();
    if (first_token.empty()) first_token = token;
  } while (!token.empty() && sizes.size() < 10);
  EXPECT_EQ(sizes, (std::vector<int>{2, 2, 1}));
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), every);
  EXPECT_EQ(seen.size(), every.size());
  EXPECT_EQ(seen.back(), active);  // the latest lock comes last

  // Active only: the one lock, and no next page.
  pb::ListPeriodLocksResponse only;
  ASSERT_TRUE(list(false, 2, "", &only).ok());
  ASSERT_EQ(only.locks_size(), 1);
  EXPECT_EQ(only.locks(0).id(), active);
  EXPECT_TRUE(only.page().next_page_token().empty());

  // A request without a page (a release 1 client) gets the first page of the default size.
  {
    pb::ListPeriodLocksRequest r;
    *r.mutable_period() = Year(year);
    r.set_include_unlocked(true);
    pb::ListPeriodLocksResponse all;
    grpc::ClientContext c;
    ASSERT_TRUE(admin_->ListPeriodLocks(&c, r, &all).ok());
    EXPECT_EQ(all.locks_size(), 5);
    EXPECT_TRUE(all.page().next_page_token().empty());
  }

  // The token of one filter is refused with another, naming page_token.
  ASSERT_FALSE(first_token.empty());
  pb::ListPeriodLocksResponse ignored;
  grpc::Status s = list(false, 2, first_token, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("page_token"), std::string::npos) << s.error_message();
  {
    pb::ListPeriodLocksRequest r;
    *r.mutable_period() = Year(year - 1);
    r.set_include_unlocked(true);
    r.mutable_page()->set_page_token(first_token);
    grpc::ClientContext c;
    s = admin_->ListPeriodLocks(&c, r, &ignored);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("page_token"), std::string::npos) << s.error_message();
  }
  // More than a page may hold.
  s = list(true, 1001, "", &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("page_size"), std::string::npos) << s.error_message();
}

TEST_F(StatisticsIntegrationTest, AStreamLandsOnceAndItsReplayWritesNothing) {
  // The seed's figures for 2020, streamed with a request id, then the same stream replayed.
  std::vector<pb::DataPoint> seed;
  for (pb::DataPoint p : SeedFigures()) {
    *p.mutable_period() = Year(2020);
    seed.push_back(std::move(p));
  }
  pb::ImportOptions options;
  options.set_request_id("seed-2020-stream");
  pb::ImportSummary summary;
  grpc::Status s = Stream(*admin_, seed, options, &summary, 5);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(seed.size()));
  EXPECT_EQ(summary.rejected(), 0);
  // The rules warn of the report's slips in a stream as in a batch.
  std::set<std::string> warned;
  for (const pb::RuleViolation& v : summary.warnings()) warned.insert(v.rule_id());
  EXPECT_EQ(warned,
            (std::set<std::string>{"legality-review-breakdown", "mediation-court-referred-rate",
                                   "reconsideration-concluded-breakdown"}));
  EXPECT_EQ(Value("reconsideration.received", "jiyuan", Year(2020)), 159);
  pb::ImportSummary replay;
  ASSERT_TRUE(Stream(*admin_, seed, options, &replay, 5).ok());
  EXPECT_TRUE(replay.replayed());
  EXPECT_EQ(replay.created(), summary.created());
  pb::ListRevisionsRequest revisions;
  revisions.set_indicator_code("mediation.disputes");
  revisions.set_department_id("jiyuan");
  *revisions.mutable_period() = Year(2020);
  pb::ListRevisionsResponse history;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin_->ListRevisions(&c1, revisions, &history).ok());
  EXPECT_EQ(history.revisions_size(), 1);

  // A year of monthly figures from every unit: more than one batch of the stream.
  std::vector<pb::DataPoint> monthly = MonthlyFigures(2019);
  ASSERT_GT(monthly.size(), 5000u);
  pb::ImportOptions bulk;
  bulk.set_request_id("monthly-2019");
  pb::ImportSummary first;
  s = Stream(*admin_, monthly, bulk, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.created(), static_cast<int64_t>(monthly.size()));
  // Replayed under its request id: nothing written; sent again without one: all unchanged.
  pb::ImportSummary again;
  ASSERT_TRUE(Stream(*admin_, monthly, bulk, &again).ok());
  EXPECT_TRUE(again.replayed());
  pb::ImportSummary resent;
  ASSERT_TRUE(Stream(*admin_, monthly, pb::ImportOptions(), &resent).ok());
  EXPECT_FALSE(resent.replayed());
  EXPECT_EQ(resent.created(), 0);
  EXPECT_EQ(resent.unchanged(), static_cast<int64_t>(monthly.size()));
  // The roll-up counts each figure once.
  pb::AggregateRequest total;
  total.add_indicator_codes("mediation.disputes");
  total.set_department_id("jiyuan");
  total.set_include_descendants(true);
  *total.mutable_start() = monthly.front().period();
  total.mutable_start()->set_index(1);
  *total.mutable_end() = monthly.front().period();
  total.mutable_end()->set_index(12);
  pb::AggregateResponse sum;
  grpc::ClientContext c2;
  ASSERT_TRUE(admin_->Aggregate(&c2, total, &sum).ok());
  int64_t expected = 0;
  for (const pb::DataPoint& p : monthly) {
    if (p.indicator_code() == "mediation.disputes") expected += p.value();
  }
  ASSERT_EQ(sum.values_size(), 1);
  EXPECT_EQ(sum.values(0).value(), expected);
  EXPECT_EQ(sum.values(0).point_count(),
            static_cast<int64_t>(monthly.size() / MonthlyCodes().size()));
}

TEST_F(StatisticsIntegrationTest, AStreamRejectsBadRowsByTheirPlaceOrWritesNothing) {
  std::vector<pb::DataPoint> points = MonthlyFigures(2018);
  points.resize(7000);
  points[6500].set_department_id("no-such-unit");
  points[6600] = points[10];  // a key repeated in a later batch of the stream
  pb::ImportOptions all_or_nothing;
  all_or_nothing.set_all_or_nothing(true);
  pb::ImportSummary summary;
  grpc::Status s = Stream(*admin_, points, all_or_nothing, &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("points[6500].department_id"), std::string::npos)
      << s.error_message();
  // The first batch, good as it was, was held back with the rest.
  EXPECT_EQ(Value(points[0].indicator_code(), points[0].department_id(), points[0].period()), -1);

  s = Stream(*admin_, points, pb::ImportOptions(), &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), 6998);
  EXPECT_EQ(summary.rejected(), 2);
  ASSERT_EQ(summary.rejected_rows_size(), 2);
  EXPECT_EQ(summary.rejected_rows(0).index(), 6500);
  EXPECT_EQ(summary.rejected_rows(1).index(), 6600);
  EXPECT_NE(summary.rejected_rows(1).reason().find("twice"), std::string::npos);
  EXPECT_EQ(Value(points[0].indicator_code(), points[0].department_id(), points[0].period()),
            points[0].value());

  // Options belong to the first message only.
  grpc::ClientContext context;
  pb::ImportSummary ignored;
  auto writer = admin_->IngestDataPoints(&context, &ignored);
  pb::IngestDataPointsRequest message;
  *message.add_points() = points[1];
  writer->Write(message);
  message.mutable_options()->set_dry_run(true);
  writer->Write(message);
  writer->WritesDone();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

pb::ImportSummary ImportCsv(pb::StatisticsService::Stub& stub, const std::string& csv,
                            grpc::Status* status, const std::string& request_id = "") {
  pb::ImportCsvRequest r;
  r.mutable_options()->set_request_id(request_id);
  r.set_csv(csv);
  pb::ImportSummary out;
  grpc::ClientContext context;
  *status = stub.ImportCsv(&context, r, &out);
  return out;
}

// The seed's city figures for year as CSV, in whole units.
std::string SeedCsv(int year) {
  std::string csv = "indicator_code,department_id,period,value\n";
  for (const pb::DataPoint& p : SeedFigures()) {
    absl::StrAppend(&csv, p.indicator_code(), ",", p.department_id(), ",", year, ",", p.value(),
                    "\n");
  }
  return csv;
}

TEST_F(StatisticsIntegrationTest, ACsvFromASpreadsheetImportsWithItsBadRowsNamed) {
  // As a unit's clerk saves it from Excel: a byte-order mark, CRLF, amounts in 元.
  std::string csv =
      "\xEF\xBB\xBF"
      "indicator_code,department_id,period,value_yuan\r\n"
      "environment.fines_imposed_fen,jiyuan-sthjj,2017,15000000\r\n"
      "environment.fines_collected_fen,jiyuan-sthjj,2017,5000000.5\r\n"
      "environment.fines_collected_fen,jiyuan-kejing,2017,12.345\r\n"
      "environment.fines_imposed_fen,jiyuan-kejing,2017Q5,100\r\n"
      "environment.fines_imposed_fen,jiyuan-kejing,2017\r\n"
      "environment.fines_imposed_fen,jiyuan-dayu,2017,-5\r\n"
      "\"environment.fines_imposed_fen\",\"jiyuan-wangwu\",2017,\"3,000.00\"\r\n";
  grpc::Status s;
  pb::ImportSummary summary = ImportCsv(*admin_, csv, &s, "csv-2017");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), 2) << summary.DebugString();
  EXPECT_EQ(summary.rejected(), 5);
  ASSERT_EQ(summary.rejected_rows_size(), 5);
  EXPECT_EQ(summary.rejected_rows(0).index(), 2);
  EXPECT_EQ(summary.rejected_rows(0).field(), "csv[2].value_yuan");
  EXPECT_EQ(summary.rejected_rows(1).field(), "csv[3].period");
  EXPECT_EQ(summary.rejected_rows(2).field(), "csv[4]");
  EXPECT_EQ(summary.rejected_rows(3).field(), "csv[5].value");  // a negative amount
  EXPECT_EQ(summary.rejected_rows(4).field(), "csv[6].value_yuan");
  EXPECT_EQ(Value("environment.fines_imposed_fen", "jiyuan-sthjj", Year(2017)), 1500000000);
  EXPECT_EQ(Value("environment.fines_collected_fen", "jiyuan-sthjj", Year(2017)), 500000050);
  pb::ImportSummary replay = ImportCsv(*admin_, csv, &s, "csv-2017");
  EXPECT_TRUE(replay.replayed());

  // The seed's city figures for 2016 by CSV, in whole units.
  summary = ImportCsv(*admin_, SeedCsv(2016), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(Value("mediation.disputes", "jiyuan", Year(2016)), 10067);

  // A file that cannot be read at all says why, and writes nothing.
  ImportCsv(*admin_, "indicator,unit,period,value\nx,y,2016,1\n", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("unknown column 'indicator'"), std::string::npos);
  ImportCsv(*admin_, "indicator_code,department_id,period,value\n\"open,jiyuan,2016,1\n", &s);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// Streams csv by ImportCsvStream cut into chunks of the given sizes, in turn (the options in
// the first message).
grpc::Status StreamCsv(pb::StatisticsService::Stub& stub, const std::string& csv,
                       const pb::ImportOptions& options, const std::vector<size_t>& sizes,
                       pb::ImportSummary* out) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  std::unique_ptr<grpc::ClientWriter<pb::ImportCsvChunk>> writer =
      stub.ImportCsvStream(&context, out);
  pb::ImportCsvChunk chunk;
  *chunk.mutable_options() = options;
  size_t at = 0;
  for (size_t i = 0; at < csv.size(); ++i) {
    size_t n = std::min(sizes[i % sizes.size()], csv.size() - at);
    chunk.set_csv(csv.substr(at, n));
    at += n;
    if (!writer->Write(chunk)) break;
    chunk.Clear();
  }
  writer->WritesDone();
  return writer->Finish();
}

// Odd sizes, so chunks end inside records, quoted cells, CRLFs and Chinese characters.
const std::vector<size_t> kOddChunks = {1, 7, 4093, 2, 65521, 3, 997};

TEST_F(StatisticsIntegrationTest, ACsvStreamedInOddChunksIsImportedRowByRowAcrossBatches) {
  // A year of every unit's monthly figures for 2003 as a spreadsheet saves it (byte-order mark,
  // CRLF, unit ids quoted), with three bad rows among them: two the reader refuses and one the
  // checks refuse, in different batches of the stream.
  std::vector<pb::DataPoint> monthly = MonthlyFigures(2003);
  ASSERT_GT(monthly.size(), 10000u);
  std::string csv = "\xEF\xBB\xBFindicator_code,department_id,period,value\r\n";
  int64_t row = 0;
  auto add = [&](const std::string& line) {
    absl::StrAppend(&csv, line, "\r\n");
    ++row;
  };
  for (size_t i = 0; i < monthly.size(); ++i) {
    if (row == 3) add("mediation.disputes,jiyuan,2003-13,5");
    if (row == 5200) add("mediation.disputes,jiyuan,2003-05");
    if (row == 6100) add("mediation.disputes,\"济源,no such unit\",2003-05,5");
    const pb::DataPoint& p = monthly[i];
    add(absl::StrCat(p.indicator_code(), ",\"", p.department_id(), "\",",
                     absl::StrFormat("%d-%02d", p.period().year(), p.period().index()), ",",
                     p.value()));
  }
  pb::ImportOptions options;
  options.set_request_id("csv-stream-2003");
  pb::ImportSummary summary;
  grpc::Status s = StreamCsv(*admin_, csv, options, kOddChunks, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(monthly.size()));
  EXPECT_EQ(summary.updated() + summary.unchanged(), 0);
  EXPECT_EQ(summary.rejected(), 3);
  ASSERT_EQ(summary.rejected_rows_size(), 3) << summary.DebugString();
  EXPECT_EQ(summary.rejected_rows(0).index(), 3);
  EXPECT_EQ(summary.rejected_rows(0).field(), "csv[3].period");
  EXPECT_EQ(summary.rejected_rows(1).index(), 5200);
  EXPECT_EQ(summary.rejected_rows(1).field(), "csv[5200]");
  EXPECT_EQ(summary.rejected_rows(1).reason(), "has 3 cells; the header has 4");
  EXPECT_EQ(summary.rejected_rows(2).index(), 6100);
  EXPECT_EQ(summary.rejected_rows(2).field(), "csv[6100].department_id");
  for (size_t i : {size_t{0}, monthly.size() / 2, monthly.size() - 1}) {
    EXPECT_EQ(Value(monthly[i].indicator_code(), monthly[i].department_id(), monthly[i].period()),
              monthly[i].value())
        << i;
  }
  // The figures' source is the CSV's.
  pb::GetDataPointRequest get;
  get.set_indicator_code(monthly[0].indicator_code());
  get.set_department_id(monthly[0].department_id());
  *get.mutable_period() = monthly[0].period();
  pb::DataPoint stored;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin_->GetDataPoint(&c1, get, &stored).ok());
  EXPECT_EQ(stored.source(), "csv");

  // Sent again under its request id: the first summary, nothing written; in other chunks and
  // without one: every figure unchanged.
  pb::ImportSummary replay;
  ASSERT_TRUE(StreamCsv(*admin_, csv, options, {65536}, &replay).ok());
  EXPECT_TRUE(replay.replayed());
  EXPECT_EQ(replay.created(), summary.created());
  pb::ImportSummary resent;
  ASSERT_TRUE(StreamCsv(*admin_, csv, pb::ImportOptions(), {1 << 20}, &resent).ok());
  EXPECT_FALSE(resent.replayed());
  EXPECT_EQ(resent.unchanged(), static_cast<int64_t>(monthly.size()));
  EXPECT_EQ(resent.rejected(), 3);
}

TEST_F(StatisticsIntegrationTest, AStreamedCsvWarnsLikeTheBodyAndRefusesBadInputWritingNothing) {
  const std::string seed = SeedCsv(2002);
  const cpb::Period year = Year(2002);
  auto refused = [&](const std::string& csv, const pb::ImportOptions& options,
                     const std::string& expected) {
    pb::ImportSummary summary;
    grpc::Status s = StreamCsv(*admin_, csv, options, kOddChunks, &summary);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << expected;
    EXPECT_NE(s.error_message().find(expected), std::string::npos) << s.error_message();
    EXPECT_EQ(Value("mediation.disputes", "jiyuan", year), -1) << expected;
  };
  // A header the reader does not know, a file ending inside a quote, a bad row in an
  // all-or-nothing import: the same refusals as one ImportCsv body, and nothing written.
  refused("indicator,unit,period,value\nmediation.disputes,jiyuan,2002,1\n", pb::ImportOptions(),
          "csv: unknown column 'indicator'");
  const int64_t lines = std::count(seed.begin(), seed.end(), '\n');
  refused(seed + "\"open,jiyuan,2002,1\n", pb::ImportOptions(),
          absl::StrCat("csv: the quote opened on line ", lines + 1, " is never closed"));
  pb::ImportOptions all_or_nothing;
  all_or_nothing.set_all_or_nothing(true);
  refused(seed + "mediation.disputes,jiyuan,2002Q5,1\n", all_or_nothing,
          absl::StrCat("csv[", lines - 1, "].period"));
  pb::ImportOptions bad_source;
  bad_source.set_source("Not A Source");
  refused(seed, bad_source, "options.source");
  {
    // Options belong to the first message only; a chunk is at most 1 MiB.
    grpc::ClientContext context;
    pb::ImportSummary ignored;
    auto writer = admin_->ImportCsvStream(&context, &ignored);
    pb::ImportCsvChunk chunk;
    chunk.set_csv(seed.substr(0, 10));
    writer->Write(chunk);
    chunk.mutable_options()->set_dry_run(true);
    chunk.set_csv(seed.substr(10));
    writer->Write(chunk);
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_NE(s.error_message().find("options"), std::string::npos) << s.error_message();
  }
  {
    grpc::ClientContext context;
    pb::ImportSummary ignored;
    auto writer = admin_->ImportCsvStream(&context, &ignored);
    pb::ImportCsvChunk chunk;
    chunk.set_csv(seed + std::string((1 << 20) - seed.size() + 1, '\n'));
    writer->Write(chunk);
    writer->WritesDone();
    grpc::Status s = writer->Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(s.error_message(),
              "csv: a chunk of 1048577 bytes; at most 1048576 bytes per message");
  }
  EXPECT_EQ(Value("mediation.disputes", "jiyuan", year), -1);

  // The seed's figures, streamed: written, with the same rule warnings as one body would give.
  pb::ImportSummary summary;
  grpc::Status s = StreamCsv(*admin_, seed, pb::ImportOptions(), kOddChunks, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(summary.rejected(), 0);
  std::set<std::string> warned;
  for (const pb::RuleViolation& v : summary.warnings()) warned.insert(v.rule_id());
  EXPECT_EQ(warned,
            (std::set<std::string>{"legality-review-breakdown", "mediation-court-referred-rate",
                                   "reconsideration-concluded-breakdown"}));
  EXPECT_EQ(Value("mediation.disputes", "jiyuan", year), 10067);
}

TEST_F(StatisticsIntegrationTest, TheCliStreamsACsvFileAndPrintsTheSummary) {
  // What a clerk runs: fazhi-cli import-csv with the file the spreadsheet saved (2001's seed
  // figures, padded past one 64 KiB message with the blank lines spreadsheets leave).
  std::string csv = SeedCsv(2001);
  csv.append(100000, '\n');
  csv += "mediation.disputes,jiyuan,2001Q5,1\n";
  // Its own name: the SQLite and MariaDB runs of this suite may run at once.
  const std::string file = absl::StrCat(::testing::TempDir(), "/fazhi-cli-2001-", getpid(), ".csv");
  {
    std::ofstream out(file, std::ios::binary);
    out << csv;
  }
  auto run = [&](const std::string& args, int* exit_code) {
    std::string command =
        absl::StrCat(FAZHI_CLI_BINARY, " -H 'authorization: Bearer ", testing::AdminToken(), "' ",
                     servers_->statistics().grpc_address(), " import-csv ", args, " 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) output.append(buf, n);
    int status = pclose(pipe);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return output;
  };
  int code = -1;
  std::string got = run(absl::StrCat(file, " '{\"requestId\":\"cli-2001\"}'"), &code);
  EXPECT_EQ(code, 0) << got;
  EXPECT_NE(got.find(absl::StrCat("\"created\": \"", SeedFigures().size(), "\"")),
            std::string::npos)
      << got;
  EXPECT_NE(got.find("\"field\": \"csv[" + std::to_string(SeedFigures().size()) + "].period\""),
            std::string::npos)
      << got;
  EXPECT_EQ(Value("mediation.disputes", "jiyuan", Year(2001)), 10067);
  got = run(absl::StrCat(file, " '{\"requestId\":\"cli-2001\"}'"), &code);
  EXPECT_EQ(code, 0) << got;
  EXPECT_NE(got.find("\"replayed\": true"), std::string::npos) << got;

  // A file the server refuses, a file that is not there, options that do not parse.
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << "indicator,unit,period,value\n";
  }
  got = run(file, &code);
  EXPECT_EQ(code, 1) << got;
  EXPECT_NE(got.find("INVALID_ARGUMENT"), std::string::npos) << got;
  EXPECT_NE(got.find("unknown column 'indicator'"), std::string::npos) << got;
  got = run(file + ".missing", &code);
  EXPECT_EQ(code, 2) << got;
  EXPECT_NE(got.find("cannot read"), std::string::npos) << got;
  got = run(file + " '{\"requestIdd\":\"x\"}'", &code);
  EXPECT_EQ(code, 2) << got;
  EXPECT_NE(got.find("ImportOptions"), std::string::npos) << got;
  std::remove(file.c_str());
}

constexpr int64_t kMiB = 1 << 20;

TEST_F(StatisticsIntegrationTest, AStreamedCsvFarPastTheBodyLimitIsReadWithBoundedMemory) {
  // 96 MiB streamed by ImportCsvStream, 12 times the --max_csv_bytes of one body, as fast as the
  // client can write 64 KiB messages (as fazhi-cli sends them): a header, then in every chunk
  // 1,250 rows refused for their period (13 bytes each) among blank lines, then
  // three good figures for 1999 at the very end. The server reads a chunk only when the last
  // one's rows are checked, and keeps one chunk and one batch: its peak grows by what gRPC
  // buffers for the connection and a few MiB, far less than what was sent, and the rows at the
  // end still land. (Not in the inputs suite: its 24 MiB --max_transport_memory_bytes makes gRPC
  // cancel a stream this fast now and then.)
  constexpr int kChunks = 96 * 16;
  constexpr int kBadRowsPerChunk = 1250;
  servers_->statistics().ResetPeakMemory();
  int64_t before = servers_->statistics().PeakMemoryBytes();
  ASSERT_GT(before, 0);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
  pb::ImportSummary summary;
  std::unique_ptr<grpc::ClientWriter<pb::ImportCsvChunk>> writer =
      admin_->ImportCsvStream(&context, &summary);
  pb::ImportCsvChunk chunk;
  chunk.set_csv("indicator_code,department_id,period,value\n");
  ASSERT_TRUE(writer->Write(chunk));
  std::string rows;
  for (int i = 0; i < kBadRowsPerChunk; ++i) rows += "a,b,1999Q5,1\n";
  rows.resize(64 << 10, '\n');
  chunk.set_csv(rows);
  bool open = true;
  for (int i = 0; i < kChunks && open; ++i) open = writer->Write(chunk);
  chunk.set_csv(
      "reconsideration.received,jiyuan,1999,159\r\n"
      "reconsideration.concluded,jiyuan,1999,145\r\n"
      "mediation.disputes,jiyuan-kejing,1999,812");  // no line end: the last record still counts
  if (open) writer->Write(chunk);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  ASSERT_TRUE(s.ok()) << s.error_code() << " " << s.error_message();
  int64_t growth = servers_->statistics().PeakMemoryBytes() - before;
  EXPECT_EQ(summary.created(), 3) << summary.created();
  EXPECT_EQ(summary.rejected(), int64_t{kChunks} * kBadRowsPerChunk);
  // Every rejection counted, the first 10,000 listed.
  ASSERT_EQ(summary.rejected_rows_size(), 10000);
  EXPECT_EQ(summary.rejected_rows(9999).index(), 9999);
  EXPECT_EQ(summary.rejected_rows(9999).field(), "csv[9999].period");
#ifndef __SANITIZE_ADDRESS__
  EXPECT_LT(growth, 48 * kMiB) << "the server's peak grew by " << growth << " bytes";
#else
  // Under ASan freed memory waits in its quarantine (256 MiB by default) before reuse, so the
  // peak measures the quarantine, not the server (195 MiB here); the normal build checks it.
  static_cast<void>(growth);
#endif
  EXPECT_EQ(Value("reconsideration.received", "jiyuan", Year(1999)), 159);
  EXPECT_EQ(Value("mediation.disputes", "jiyuan-kejing", Year(1999)), 812);
}

TEST_F(StatisticsIntegrationTest, APeriodExportsAsAStreamAndAsCsvThatImportsBackUnchanged) {
  const int year = 2015;  // this test's own
  // The seed's city figures for the year, imported by CSV.
  grpc::Status s;
  pb::ImportSummary imported = ImportCsv(*admin_, SeedCsv(year), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(imported.created(), static_cast<int64_t>(SeedFigures().size()))
      << imported.DebugString();

  pb::ExportDataPointsRequest r;
  *r.mutable_period() = Year(year);
  r.set_department_id("jiyuan");
  r.set_include_descendants(true);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto reader = admin_->ExportDataPoints(&context, r);
  std::vector<pb::DataPoint> exported;
  pb::DataPoint point;
  while (reader->Read(&point)) exported.push_back(point);
  ASSERT_TRUE(reader->Finish().ok());
  ASSERT_EQ(exported.size(), SeedFigures().size());
  for (size_t i = 1; i < exported.size(); ++i) {
    EXPECT_LT(std::tie(exported[i - 1].indicator_code(), exported[i - 1].department_id()),
              std::tie(exported[i].indicator_code(), exported[i].department_id()));
  }
  EXPECT_EQ(exported[0].source(), "csv");
  EXPECT_EQ(exported[0].revision(), 1);

  // Only the city's own figures, only two indicators.
  pb::ExportCsvRequest csv_request;
  *csv_request.mutable_period() = Year(year);
  csv_request.set_department_id("jiyuan");
  csv_request.add_indicator_codes("audit.projects_national");
  csv_request.add_indicator_codes("audit.projects_municipal");
  pb::ExportCsvResponse csv;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin_->ExportCsv(&c1, csv_request, &csv).ok());
  EXPECT_EQ(csv.csv(), absl::StrCat("indicator_code,department_id,period,value\r\n",
                                    "audit.projects_municipal,jiyuan,", year, ",22\r\n",
                                    "audit.projects_national,jiyuan,", year, ",7\r\n"));

  // The whole city's export imports back as unchanged.
  csv_request.clear_indicator_codes();
  csv_request.set_department_id("jiyuan");
  csv_request.set_include_descendants(true);
  grpc::ClientContext c2;
  ASSERT_TRUE(admin_->ExportCsv(&c2, csv_request, &csv).ok());
  pb::ImportSummary summary = ImportCsv(*admin_, csv.csv(), &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.unchanged(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(summary.created() + summary.updated() + summary.rejected(), 0);

  // An unknown unit is NOT_FOUND; a bad period INVALID_ARGUMENT naming it.
  csv_request.set_department_id("nowhere");
  grpc::ClientContext c3;
  EXPECT_EQ(admin_->ExportCsv(&c3, csv_request, &csv).error_code(), grpc::StatusCode::NOT_FOUND);
  csv_request.set_department_id("jiyuan");
  csv_request.mutable_period()->set_type(cpb::PERIOD_TYPE_QUARTER);
  csv_request.mutable_period()->set_index(7);
  grpc::ClientContext c4;
  grpc::Status bad = admin_->ExportCsv(&c4, csv_request, &csv);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("period"), std::string::npos);
}

// Small submissions made at the same time are checked and written together
// (ImportPoints::ImportTogether, served in groups on the executor): each still gets its own
// answer, a retry with the same request id is a replay, and nothing is lost or doubled, whether
// the figures are new or many callers correct the same one at once.
TEST_F(StatisticsIntegrationTest, ManySmallSubmissionsAtOnceLandExactlyOnceEachWithItsOwnAnswer) {
  const int year = 1998;  // this test's own
  std::vector<std::string> codes;
  for (const Indicator& i : ShippedIndicators()) {
    if (i.period_types.count(time_util::PeriodType::kYear)) codes.push_back(i.code);
  }
  std::vector<std::string> units;
  for (const auto& u : department::demo::JiyuanUnits()) units.push_back(u.department_id());
  ASSERT_GE(codes.size() * units.size(), 320u);
  constexpr int kThreads = 8;
  constexpr int kCallsEach = 40;
  // Call j of thread t: its own figure, value t * 1000 + j.
  auto figure = [&](int t, int j) {
    int n = t * kCallsEach + j;
    return Point(codes[n % codes.size()], units[n / codes.size()], t * 1000 + j, Year(year));
  };
  // Every call at once from kThreads clients, each on its own connection; answers by (t, j).
  auto submit_all = [&](std::vector<std::vector<pb::ImportSummary>>* answers,
                        std::vector<std::string>* failures) {
    answers->assign(kThreads, std::vector<pb::ImportSummary>(kCallsEach));
    std::mutex mu;
    std::vector<std::thread> clients;
    for (int t = 0; t < kThreads; ++t) {
      clients.emplace_back([&, t] {
        std::unique_ptr<pb::StatisticsService::Stub> stub = Stub(testing::AdminToken());
        for (int j = 0; j < kCallsEach; ++j) {
          grpc::Status s = Submit(*stub, {figure(t, j)}, &(*answers)[t][j],
                                  absl::StrCat("together-", t, "-", j));
          if (!s.ok()) {
            std::lock_guard<std::mutex> lock(mu);
            failures->push_back(absl::StrCat(t, "/", j, ": ", s.error_message()));
          }
        }
      });
    }
    for (std::thread& c : clients) c.join();
  };

  std::vector<std::vector<pb::ImportSummary>> first;
  std::vector<std::string> failures;
  submit_all(&first, &failures);
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kCallsEach; ++j) {
      EXPECT_EQ(first[t][j].created(), 1) << t << "/" << j << " " << first[t][j].DebugString();
      EXPECT_FALSE(first[t][j].replayed());
    }
  }
  // The same requests again, all at once: replays, nothing written.
  std::vector<std::vector<pb::ImportSummary>> again;
  submit_all(&again, &failures);
  EXPECT_TRUE(failures.empty()) << absl::StrJoin(failures, "\n");
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kCallsEach; ++j) {
      EXPECT_TRUE(again[t][j].replayed()) << t << "/" << j;
      EXPECT_EQ(again[t][j].created(), 1) << t << "/" << j;
    }
  }
  // Each figure stored once, with its own value and one revision.
  for (int t = 0; t < kThreads; ++t) {
    for (int j = 0; j < kCallsEach; ++j) {
      pb::DataPoint p = figure(t, j);
      EXPECT_EQ(Value(p.indicator_code(), p.department_id(), Year(year)), t * 1000 + j);
    }
  }
  pb::DataPoint sample = figure(kThreads - 1, kCallsEach - 1);
  pb::ListRevisionsRequest r;
  r.set_indicator_code(sample.indicator_code());
  r.set_department_id(sample.department_id());
  *r.mutable_period() = Year(year);
  pb::ListRevisionsResponse revisions;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->ListRevisions(&context, r, &revisions).ok());
  }
  EXPECT_EQ(revisions.revisions_size(), 1);

  // Sixteen callers correct one figure at once, each to its own value: every call succeeds,
  // exactly one revision per change, and the figure ends at one of the values sent.
  pb::DataPoint contested = figure(0, 0);
  std::vector<pb::ImportSummary> corrections(16);
  std::vector<grpc::Status> statuses(16);
  {
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c) {
      clients.emplace_back([&, c] {
        std::unique_ptr<pb::StatisticsService::Stub> stub = Stub(testing::AdminToken());
        pb::DataPoint p = contested;
        p.set_value(50000 + c);
        statuses[c] = Submit(*stub, {p}, &corrections[c]);
      });
    }
    for (std::thread& c : clients) c.join();
  }
  int64_t updated = 0;
  for (int c = 0; c < 16; ++c) {
    // A correction that lost a race with another is refused (ABORTED) for the client to retry,
    // never applied over a value it did not see.
    if (statuses[c].error_code() == grpc::StatusCode::ABORTED) continue;
    ASSERT_TRUE(statuses[c].ok()) << statuses[c].error_message();
    updated += corrections[c].updated();
    EXPECT_EQ(corrections[c].created(), 0);
  }
  EXPECT_GE(updated, 1);
  r.set_indicator_code(contested.indicator_code());
  r.set_department_id(contested.department_id());
  {
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->ListRevisions(&context, r, &revisions).ok());
  }
  EXPECT_EQ(revisions.revisions_size(), 1 + updated);
  int64_t final_value = Value(contested.indicator_code(), contested.department_id(), Year(year));
  EXPECT_GE(final_value, 50000);
  EXPECT_LT(final_value, 50016);
}

TEST_F(StatisticsIntegrationTest, MetricsCountWhatImportsDidByPathAndOutcome) {
  const int stream_year = 2007, csv_year = 2006;  // this test's own
  // The counters before and after this test's own imports: other tests' imports are not counted
  // here, whatever ran first.
  auto read = [](std::vector<testing::Sample>* out) {
    absl::StatusOr<std::string> text =
        testing::HttpGet(servers_->statistics().metrics_port(), "/metrics");
    ASSERT_TRUE(text.ok()) << text.status();
    absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
    ASSERT_TRUE(samples.ok()) << samples.status();
    *out = *std::move(samples);
  };
  // A counter's value, or -1 when the server has not exported it.
  auto value = [](const std::vector<testing::Sample>& samples, const std::string& name,
                  const std::string& path, const std::string& outcome) {
    for (const testing::Sample& s : samples) {
      if (s.name == name && s.Label("path") == path &&
          (outcome.empty() || s.Label("outcome") == outcome)) {
        return s.value;
      }
    }
    return -1.0;
  };
  std::vector<testing::Sample> before;
  ASSERT_NO_FATAL_FAILURE(read(&before));

  // Streamed: the seed's figures with a request id (a few to a message), the same stream
  // replayed (not counted), then sent again without one (all unchanged); and a stream with two
  // bad rows.
  const auto n = static_cast<int64_t>(SeedFigures().size());
  std::vector<pb::DataPoint> seed;
  for (pb::DataPoint p : SeedFigures()) {
    *p.mutable_period() = Year(stream_year);
    seed.push_back(std::move(p));
  }
  pb::ImportOptions options;
  options.set_request_id("metrics-seed-stream");
  pb::ImportSummary streamed, replayed, resent, bad;
  ASSERT_TRUE(Stream(*admin_, seed, options, &streamed, 5).ok());
  ASSERT_EQ(streamed.created(), n) << streamed.DebugString();
  ASSERT_EQ(streamed.warnings_size(), 3);  // the seed's slips
  ASSERT_TRUE(Stream(*admin_, seed, options, &replayed, 5).ok());
  ASSERT_TRUE(replayed.replayed());
  ASSERT_TRUE(Stream(*admin_, seed, pb::ImportOptions(), &resent, 5).ok());
  ASSERT_EQ(resent.unchanged(), n) << resent.DebugString();
  ASSERT_TRUE(Stream(*admin_,
                     {Point("environment.cases_filed", "jiyuan-kejing", 5, Year(stream_year)),
                      Point("environment.cases_filed", "nowhere", 1, Year(stream_year)),
                      Point("environment.cases_filed", "jiyuan-dayu", -2, Year(stream_year))},
                     pb::ImportOptions(), &bad)
                  .ok());
  ASSERT_EQ(bad.created(), 1) << bad.DebugString();
  ASSERT_EQ(bad.rejected(), 2);

  // By CSV: the seed's figures and a negative amount, with a request id, replayed (not
  // counted), then sent again without one.
  std::string csv =
      absl::StrCat(SeedCsv(csv_year), "environment.cases_filed,jiyuan-dayu,", csv_year, ",-5\n");
  grpc::Status s;
  pb::ImportSummary csv_first = ImportCsv(*admin_, csv, &s, "metrics-csv");
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(csv_first.created(), n) << csv_first.DebugString();
  ASSERT_EQ(csv_first.rejected(), 1);
  ASSERT_TRUE(ImportCsv(*admin_, csv, &s, "metrics-csv").replayed());
  pb::ImportSummary csv_again = ImportCsv(*admin_, csv, &s);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(csv_again.unchanged(), n) << csv_again.DebugString();
  ASSERT_EQ(csv_again.rejected(), 1);

  std::vector<testing::Sample> after;
  ASSERT_NO_FATAL_FAILURE(read(&after));
  // How much a counter grew; one not exported before had not counted anything yet.
  auto grew = [&](const std::string& name, const std::string& path, const std::string& outcome) {
    return value(after, name, path, outcome) - std::max(0.0, value(before, name, path, outcome));
  };
  const std::string rows = "fazhi_statistics_import_rows_total";
  const std::string warnings = "fazhi_statistics_import_warnings_total";
  EXPECT_EQ(grew(rows, "stream", "created"), static_cast<double>(n + 1));
  EXPECT_EQ(grew(rows, "stream", "unchanged"), static_cast<double>(n));
  EXPECT_EQ(grew(rows, "stream", "rejected"), 2.0);
  EXPECT_EQ(
      grew(warnings, "stream", ""),
      static_cast<double>(streamed.warnings_size() + resent.warnings_size() + bad.warnings_size()));
  EXPECT_EQ(grew(rows, "csv", "created"), static_cast<double>(n));
  EXPECT_EQ(grew(rows, "csv", "unchanged"), static_cast<double>(n));
  EXPECT_EQ(grew(rows, "csv", "rejected"), 2.0);
  EXPECT_EQ(grew(warnings, "csv", ""),
            static_cast<double>(csv_first.warnings_size() + csv_again.warnings_size()));
}

// A statistics service of its own, started with --max_stream_messages=3: the suite's server keeps
// the default, which its long streams need.
class StatisticsStreamLimitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "stats-limit", true, {"--max_stream_messages=3"});
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
  }
  static void TearDownTestSuite() {
    delete servers_;
    servers_ = nullptr;
  }

  static testing::StatisticsServers* servers_;
};

testing::StatisticsServers* StatisticsStreamLimitTest::servers_ = nullptr;

TEST_F(StatisticsStreamLimitTest, AFourthMessageIsRefusedAndNothingOfTheStreamIsWritten) {
  // Four of the seed's 2021 city figures, one a message.
  std::vector<pb::DataPoint> points = SeedFigures();
  points.resize(4);
  auto admin = servers_->Stub(testing::AdminToken());
  pb::ImportSummary summary;
  grpc::Status s = Stream(*admin, points, pb::ImportOptions(), &summary, 1);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_EQ(s.error_message(),
            "a stream may send at most 3 messages (--max_stream_messages); split it into several "
            "streams");
  // The three accepted messages were held for the stream's end, which never came.
  for (const pb::DataPoint& p : points) {
    absl::StatusOr<pb::DataPoint> stored = servers_->GetPoint(p.indicator_code(), "jiyuan");
    EXPECT_EQ(stored.status().code(), absl::StatusCode::kNotFound) << p.indicator_code();
  }

  // Three messages are within the limit, and land.
  points.resize(3);
  s = Stream(*admin, points, pb::ImportOptions(), &summary, 1);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), 3);
  absl::StatusOr<pb::DataPoint> first = servers_->GetPoint(points[0].indicator_code(), "jiyuan");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->value(), points[0].value());
}

}  // namespace
}  // namespace fazhi::statistics

// A service the caller depends on is down (its port closed) or hung (it accepts connections and
// never answers): the department service while cases files and decides a case, statistics while
// cases syncs the year's figures. The caller answers UNAVAILABLE or DEADLINE_EXCEEDED within its
// deadline, never hangs, and writes nothing half-done. And many writers on one case: one wins each
// round, the rest are ABORTED, no update is lost.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/barrier.h"
#include "absl/time/clock.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_servers.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/dates.h"

namespace fazhi {
namespace {

namespace cpb = ::fazhi::cases::v1;
using testing::D;

bool FailedInTime(const grpc::Status& s) {
  return s.error_code() == grpc::StatusCode::UNAVAILABLE ||
         s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
}

TEST(DownstreamTest, DepartmentDownOrHungWhileFilingOrDecidingFailsInTimeAndWritesNothing) {
  absl::StatusOr<std::unique_ptr<testing::FaultCaseServers>> servers =
      testing::FaultCaseServers::Start("downstream-department", /*with_statistics=*/false);
  ASSERT_TRUE(servers.ok()) << servers.status();
  testing::FaultCaseServers& s = **servers;
  testing::TestDatabase& db = s.cases_database();
  auto clerk = s.Clerk();
  auto file = [&](const cpb::FileCaseRequest& request, absl::Duration deadline,
                  cpb::EnforcementCase* out) {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    return clerk->FileCase(&context, request, out);
  };
  auto count_cases = [&] {
    return testing::CountRows(db, "SELECT COUNT(*) FROM enforcement_cases");
  };

  // A case taken to its notice while the department answers.
  cpb::EnforcementCase open;
  cpb::FileCaseRequest first = testing::NewCase(testing::kFaultUnit, "济环罚立〔2021〕901号",
                                                D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
  first.set_request_id("fault-downstream-901");
  ASSERT_TRUE(file(first, absl::Seconds(20), &open).ok());
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &open, testing::StartInvestigation()).ok());
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &open, testing::Notify(D(2021, 6, 20))).ok());
  const int64_t events = testing::CountRows(db, "SELECT COUNT(*) FROM case_events");
  const cpb::AdvanceCaseRequest decide =
      testing::Decide(D(2021, 7, 1), 100000, {"sthjj-wang", "sthjj-li"});

  cpb::FileCaseRequest second = testing::NewCase(testing::kFaultUnit, "济环罚立〔2021〕902号",
                                                 D(2021, 6, 2), {"sthjj-wang", "sthjj-li"});
  second.set_request_id("fault-downstream-902");

  // Down: refused at once.
  s.to_department().Cut();
  cpb::EnforcementCase out;
  absl::Time asked = absl::Now();
  grpc::Status down = file(second, absl::Seconds(10), &out);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(10));
  cpb::EnforcementCase decided = open;
  grpc::Status decide_down = testing::AdvanceCase(*clerk, &decided, decide);
  EXPECT_EQ(decide_down.error_code(), grpc::StatusCode::UNAVAILABLE) << decide_down.error_message();

  // Hung: the call ends by the caller's deadline (3 s), or by the service's own bound on the
  // department call when the caller gave more.
  ASSERT_TRUE(s.to_department().Restore().ok());
  s.to_department().Stall(true);
  asked = absl::Now();
  grpc::Status hung = file(second, absl::Seconds(3), &out);
  EXPECT_TRUE(FailedInTime(hung)) << hung.error_code() << " " << hung.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(4));
  asked = absl::Now();
  grpc::Status hung_long = file(second, absl::Seconds(60), &out);
  EXPECT_TRUE(FailedInTime(hung_long))
      << hung_long.error_code() << " " << hung_long.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(30)) << "the service must bound its own wait";
  asked = absl::Now();
  {
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(3)));
    cpb::AdvanceCaseRequest request = decide;
    request.set_id(open.id());
    request.set_etag(open.etag());
    cpb::EnforcementCase ignored;
    grpc::Status decide_hung = clerk->AdvanceCase(&context, request, &ignored);
    EXPECT_TRUE(FailedInTime(decide_hung)) << decide_hung.error_message();
    EXPECT_LT(absl::Now() - asked, absl::Seconds(4));
  }

  // Nothing was written, and nothing is written late once the department answers again.
  s.to_department().Stall(false);
  absl::SleepFor(absl::Seconds(2));
  EXPECT_EQ(count_cases(), 1);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM case_events"), events);
  EXPECT_EQ(testing::CountRows(db, "SELECT stage FROM enforcement_cases WHERE id = ?", {open.id()}),
            cpb::CASE_STAGE_NOTIFIED);

  // The client's retries, with the same request id and etag, each land once.
  grpc::Status retried;
  absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    retried = file(second, absl::Seconds(10), &out);
    if (!retried.ok()) absl::SleepFor(absl::Milliseconds(500));
  } while (FailedInTime(retried) && absl::Now() < give_up);
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  cpb::EnforcementCase again;
  ASSERT_TRUE(file(second, absl::Seconds(10), &again).ok());
  EXPECT_EQ(again.id(), out.id());
  EXPECT_EQ(count_cases(), 2);
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &open, decide).ok());
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM case_events"), events + 2)
      << "the second filing's event and the decision's";
  EXPECT_EQ(s.cases().Stop(), 0);
}

TEST(DownstreamTest, StatisticsDownOrHungWhileSyncingFailsInTimeAndWritesNothingHalfDone) {
  absl::StatusOr<std::unique_ptr<testing::FaultCaseServers>> servers =
      testing::FaultCaseServers::Start("downstream-statistics", /*with_statistics=*/true);
  ASSERT_TRUE(servers.ok()) << servers.status();
  testing::FaultCaseServers& s = **servers;
  testing::TestDatabase& figures = s.statistics().database();
  auto scheduler = cpb::CaseFiguresService::NewStub(testing::AuthorizedChannel(
      s.cases().grpc_address(), testing::Token({"service"}, "", "fazhi-scheduler")));
  // One decided case, so the year has figures other than zero.
  {
    auto clerk = s.Clerk();
    cpb::EnforcementCase c;
    grpc::ClientContext context;
    cpb::FileCaseRequest request = testing::NewCase(testing::kFaultUnit, "济环罚立〔2021〕950号",
                                                    D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
    ASSERT_TRUE(clerk->FileCase(&context, request, &c).ok());
    ASSERT_TRUE(testing::AdvanceCase(*clerk, &c, testing::StartInvestigation()).ok());
    ASSERT_TRUE(testing::AdvanceCase(*clerk, &c, testing::Notify(D(2021, 6, 20))).ok());
    ASSERT_TRUE(testing::AdvanceCase(
                    *clerk, &c, testing::Decide(D(2021, 7, 1), 100000, {"sthjj-wang", "sthjj-li"}))
                    .ok());
  }
  auto sync = [&](absl::Duration deadline, cpb::SyncToStatisticsResponse* out) {
    cpb::SyncToStatisticsRequest request;
    request.set_year(2021);
    request.set_department_id("jiyuan");
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    return scheduler->SyncToStatistics(&context, request, out);
  };
  auto points = [&] { return testing::CountRows(figures, "SELECT COUNT(*) FROM data_points"); };

  s.to_statistics().Cut();
  cpb::SyncToStatisticsResponse response;
  absl::Time asked = absl::Now();
  grpc::Status down = sync(absl::Seconds(10), &response);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(10));
  EXPECT_EQ(points(), 0);

  ASSERT_TRUE(s.to_statistics().Restore().ok());
  s.to_statistics().Stall(true);
  asked = absl::Now();
  grpc::Status hung = sync(absl::Seconds(3), &response);
  EXPECT_TRUE(FailedInTime(hung)) << hung.error_code() << " " << hung.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(4));
  EXPECT_EQ(points(), 0);
  s.to_statistics().Stall(false);
  absl::SleepFor(absl::Seconds(2));
  // The held request may still reach statistics after the stall (with its cancellation behind
  // it): then it is written whole, as one import, or not at all.
  int64_t late = points();

  cpb::SyncToStatisticsResponse synced;
  grpc::Status retried;
  absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    retried = sync(absl::Seconds(10), &synced);
    if (!retried.ok()) absl::SleepFor(absl::Milliseconds(500));
  } while (FailedInTime(retried) && absl::Now() < give_up);
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  ASSERT_GT(synced.points(), 0);
  EXPECT_TRUE(late == 0 || late == synced.points()) << late << " of " << synced.points();
  EXPECT_EQ(points(), synced.points());
  EXPECT_EQ(testing::CountRows(figures, "SELECT COUNT(*) FROM data_point_revisions"),
            synced.points());
  EXPECT_EQ(testing::CountRows(figures, "SELECT COUNT(*) FROM imports"), 1);
  EXPECT_EQ(testing::CountRows(figures,
                               "SELECT value FROM data_points WHERE indicator_code = ? AND "
                               "department_id = ? AND period_key = ?",
                               {std::string("enforcement.fines_imposed_fen"),
                                std::string(testing::kFaultUnit), std::string("2021")}),
            100000);
  EXPECT_EQ(s.cases().Stop(), 0);
}

TEST(ConcurrentWritersTest, OneWinsEachRoundTheRestAreAbortedAndNoUpdateIsLost) {
  absl::StatusOr<std::unique_ptr<testing::FaultCaseServers>> servers =
      testing::FaultCaseServers::Start("writers", /*with_statistics=*/false);
  ASSERT_TRUE(servers.ok()) << servers.status();
  testing::FaultCaseServers& s = **servers;
  testing::TestDatabase& db = s.cases_database();
  auto clerk = s.Clerk();
  cpb::EnforcementCase c;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(clerk
                    ->FileCase(&context,
                               testing::NewCase(testing::kFaultUnit, "济环罚立〔2021〕960号",
                                                D(2021, 6, 1), {"sthjj-wang", "sthjj-li"}),
                               &c)
                    .ok());
  }
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &c, testing::StartInvestigation()).ok());
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &c, testing::Notify(D(2021, 6, 20))).ok());
  ASSERT_TRUE(testing::AdvanceCase(
                  *clerk, &c, testing::Decide(D(2021, 7, 1), 1000000, {"sthjj-wang", "sthjj-li"}))
                  .ok());
  cpb::AdvanceCaseRequest serve;
  *serve.mutable_serve()->mutable_date() = D(2021, 7, 5);
  ASSERT_TRUE(testing::AdvanceCase(*clerk, &c, serve).ok());
  const int64_t events =
      testing::CountRows(db, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", {c.id()});

  // Each round every writer reads the case's etag, then all record a payment of 100 fen with
  // it at once: one lands, the others were of a version that is gone.
  const int kWriters = 8;
  const int kRounds = 12;
  std::vector<std::unique_ptr<cpb::EnforcementCaseService::Stub>> stubs;
  for (int w = 0; w < kWriters; ++w) stubs.push_back(s.Clerk());
  for (int round = 0; round < kRounds; ++round) {
    cpb::EnforcementCase now;
    {
      grpc::ClientContext context;
      cpb::GetCaseRequest get;
      get.set_id(c.id());
      ASSERT_TRUE(clerk->GetCase(&context, get, &now).ok());
    }
    absl::Barrier* start = new absl::Barrier(kWriters);
    std::vector<grpc::StatusCode> codes(kWriters);
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&, w] {
        cpb::AdvanceCaseRequest pay;
        pay.set_id(now.id());
        pay.set_etag(now.etag());
        pay.mutable_record_execution()->set_collected_fen(100);
        *pay.mutable_record_execution()->mutable_date() = D(2021, 8, 1 + round);
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(20)));
        cpb::EnforcementCase out;
        if (start->Block()) delete start;
        codes[w] = stubs[w]->AdvanceCase(&context, pay, &out).error_code();
      });
    }
    for (std::thread& t : writers) t.join();
    int ok = 0;
    int aborted = 0;
    for (grpc::StatusCode code : codes) {
      ok += code == grpc::StatusCode::OK;
      aborted += code == grpc::StatusCode::ABORTED;
    }
    EXPECT_EQ(ok, 1) << "round " << round;
    EXPECT_EQ(aborted, kWriters - 1) << "round " << round;
  }
  EXPECT_EQ(
      testing::CountRows(db, "SELECT collected_fen FROM enforcement_cases WHERE id = ?", {c.id()}),
      100 * kRounds);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", {c.id()}),
            events + kRounds);
  EXPECT_EQ(s.cases().Stop(), 0);
}

}  // namespace
}  // namespace fazhi

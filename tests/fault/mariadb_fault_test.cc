// MariaDB SIGKILLed and restarted under a streaming ingestion and under case updates: callers see
// UNAVAILABLE (never a wrong success), health goes NOT_SERVING and back to SERVING, the services'
// pools reconnect by themselves (no service is restarted), and after the client retries with the
// same request ids every point and every case event is stored exactly once, counted in the
// database. Each test has a MariaDB of its own (tests/fault/private_mariadb.h).

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_servers.h"
#include "tests/fault/private_mariadb.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_health.h"
#include "tests/support/statistics_servers.h"

namespace fazhi {
namespace {

namespace cpb = ::fazhi::cases::v1;
namespace spb = ::fazhi::statistics::v1;
using testing::D;

bool Retryable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED;
}

TEST(MariaDbKilledTest, AStreamCutByTheKillIsRetriedIntoExactlyOneOfEveryPoint) {
  absl::StatusOr<std::unique_ptr<testing::PrivateMariaDb>> mariadb =
      testing::PrivateMariaDb::Start("ingest");
  ASSERT_TRUE(mariadb.ok()) << mariadb.status();
  (*mariadb)->UseForTestDatabases();
  std::string log_dir = ::testing::TempDir();
  absl::StatusOr<testing::DepartmentServer> department = testing::StartDepartment(
      FAZHI_DEPARTMENT_BINARY,
      absl::StrCat(log_dir, "/fault-ingest-department-", getpid(), ".log"));
  ASSERT_TRUE(department.ok()) << department.status();
  absl::StatusOr<std::unique_ptr<testing::FaultStatistics>> statistics =
      testing::FaultStatistics::Start(department->process->grpc_address(), log_dir);
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  testing::FaultStatistics& service = **statistics;
  testing::TestDatabase& db = service.database();
  auto admin = service.Stub(testing::AdminToken());

  std::vector<spb::DataPoint> points = testing::MonthlyFigures(2019);
  const int64_t n = static_cast<int64_t>(points.size());
  ASSERT_GT(n, 40000);  // nine batches
  spb::ImportOptions options;
  options.set_request_id("fault-mariadb-ingest");

  // The stream sends two batches' worth and waits there while MariaDB is killed, then sends the
  // rest into a dead database.
  spb::ImportSummary cut;
  grpc::Status first = testing::StreamPoints(*admin, points, options, &cut, [&](size_t sent) {
    if (sent != 10000) return;
    absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (testing::CountRows(db, "SELECT COUNT(*) FROM data_points") < 10000 &&
           absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    (*mariadb)->Kill();
  });
  EXPECT_EQ(first.error_code(), grpc::StatusCode::UNAVAILABLE)
      << "a stream the database died under must fail retryably: " << first.error_message();
  EXPECT_TRUE(testing::HealthBecomes(service.process().grpc_address(), testing::kNotServing,
                                     absl::Seconds(15)))
      << service.process().Log();
  {
    spb::ImportSummary ignored;
    grpc::Status during = testing::StreamPoints(*admin, {points[0]}, options, &ignored);
    EXPECT_EQ(during.error_code(), grpc::StatusCode::UNAVAILABLE) << during.error_message();
  }

  ASSERT_TRUE((*mariadb)->Restart().ok());
  EXPECT_TRUE(testing::HealthBecomes(service.process().grpc_address(), testing::kServing,
                                     absl::Seconds(30)))
      << service.process().Log();
  // Once health says SERVING, calls succeed: no pooled session from before the kill is handed to
  // a caller (the pool holds 8; this reads more than that, one after the other).
  for (int i = 0; i < 20; ++i) {
    grpc::ClientContext context;
    spb::GetDataPointRequest get;
    get.set_indicator_code(points[i].indicator_code());
    get.set_department_id(points[i].department_id());
    *get.mutable_period() = points[i].period();
    spb::DataPoint got;
    grpc::Status read = admin->GetDataPoint(&context, get, &got);
    EXPECT_TRUE(read.ok()) << "read " << i << " after SERVING: " << read.error_message();
  }
  // The test's own pool (the same db::Database) reconnects too: its first count is right.
  EXPECT_GE(testing::CountRows(db, "SELECT COUNT(*) FROM data_points"), 10000);
  // The same request id again, as a client that saw UNAVAILABLE does; the service was not
  // restarted, so its pool has reconnected by itself.
  // Health is SERVING again, so the first retry works: no session of the service's pools (its
  // bulk-load sessions included) from before the kill is used for it.
  spb::ImportSummary retried;
  grpc::Status again;
  int attempts = 0;
  while (attempts < 10) {
    ++attempts;
    retried.Clear();
    again = testing::StreamPoints(*admin, points, options, &retried);
    if (!Retryable(again.error_code())) break;
    ADD_FAILURE() << "retry " << attempts << " after SERVING failed: " << again.error_message();
    absl::SleepFor(absl::Seconds(1));
  }
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_FALSE(retried.replayed());
  EXPECT_EQ(retried.rejected(), 0);
  EXPECT_EQ(retried.updated(), 0);
  EXPECT_EQ(retried.created() + retried.unchanged(), n);
  EXPECT_GE(retried.unchanged(), 10000) << "the batches written before the kill stay written";

  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_points"), n);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_point_revisions"), n)
      << "a point written twice has two revisions";
  EXPECT_EQ(testing::CountRows(db, "SELECT SUM(value) FROM data_points"),
            testing::SumOfValues(points));
  // The receipt (its key is the caller's and the request id) is written once, at the end.
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM imports"), 1);

  // A third send is a replay and writes nothing.
  spb::ImportSummary replay;
  ASSERT_TRUE(testing::StreamPoints(*admin, points, options, &replay).ok());
  EXPECT_TRUE(replay.replayed());
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_point_revisions"), n);

  std::string log = service.process().Log();
  EXPECT_NE(log.find("database unreachable; health is NOT_SERVING"), std::string::npos) << log;
  EXPECT_NE(log.find("database reachable again; serving"), std::string::npos) << log;
  EXPECT_EQ(service.process().Stop(), 0);
  EXPECT_EQ(department->process->Stop(), 0);
}

// One case's steps after filing, each recorded as one event.
std::vector<cpb::AdvanceCaseRequest> Steps() {
  return {testing::StartInvestigation(), testing::Notify(D(2021, 6, 20)),
          testing::Decide(D(2021, 7, 1), 100000, {"sthjj-wang", "sthjj-li"})};
}

TEST(MariaDbKilledTest, CaseUpdatesRetriedAcrossTheKillLandExactlyOnce) {
  absl::StatusOr<std::unique_ptr<testing::PrivateMariaDb>> mariadb =
      testing::PrivateMariaDb::Start("cases");
  ASSERT_TRUE(mariadb.ok()) << mariadb.status();
  (*mariadb)->UseForTestDatabases();
  absl::StatusOr<std::unique_ptr<testing::FaultCaseServers>> servers =
      testing::FaultCaseServers::Start("mariadb-cases", /*with_statistics=*/false);
  ASSERT_TRUE(servers.ok()) << servers.status();
  testing::FaultCaseServers& s = **servers;
  auto clerk = s.Clerk();
  const int kCases = 8;

  // The clerk's work: file each case (with a request id) and take it to a decision, retrying
  // what fails retryably as a client should: the same request id, the same etag.
  std::atomic<int> done{0};
  std::atomic<int> retryable_failures{0};
  std::atomic<int> wrong{0};
  std::vector<std::string> ids(kCases);
  std::vector<std::string> problems;
  std::mutex problems_mu;
  auto problem = [&](const std::string& p) {
    std::lock_guard<std::mutex> lock(problems_mu);
    problems.push_back(p);
    ++wrong;
  };
  std::thread clerk_thread([&] {
    for (int i = 0; i < kCases; ++i) {
      cpb::FileCaseRequest file =
          testing::NewCase(testing::kFaultUnit, absl::StrCat("济环罚立〔2021〕", 700 + i, "号"),
                           D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
      file.set_request_id(absl::StrCat("fault-case-", i));
      cpb::EnforcementCase c;
      absl::Time give_up = absl::Now() + absl::Seconds(90);
      grpc::Status st;
      while (true) {
        grpc::ClientContext context;
        context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
        st = clerk->FileCase(&context, file, &c);
        if (!Retryable(st.error_code()) || absl::Now() > give_up) break;
        ++retryable_failures;
        absl::SleepFor(absl::Milliseconds(200));
      }
      if (!st.ok()) return problem(absl::StrCat("file ", i, ": ", st.error_message()));
      ids[i] = c.id();
      ++done;
      for (const cpb::AdvanceCaseRequest& step : Steps()) {
        cpb::EnforcementCase before = c;
        while (true) {
          st = testing::AdvanceCase(*clerk, &c, step);
          if (!Retryable(st.error_code()) || absl::Now() > give_up) break;
          ++retryable_failures;
          absl::SleepFor(absl::Milliseconds(200));
        }
        if (st.error_code() == grpc::StatusCode::ABORTED) {
          // The etag is stale: an attempt that answered UNAVAILABLE did commit. The case must
          // show exactly that step, once; the client reads it and goes on.
          grpc::ClientContext context;
          cpb::GetCaseRequest get;
          get.set_id(c.id());
          st = clerk->GetCase(&context, get, &c);
          if (!st.ok()) return problem(absl::StrCat("get ", i, ": ", st.error_message()));
          if (c.events_size() != before.events_size() + 1) {
            return problem(absl::StrCat("case ", i, " has ", c.events_size(), " events after ",
                                        before.events_size(), " and one step"));
          }
          st = grpc::Status::OK;
        }
        if (!st.ok()) return problem(absl::StrCat("advance ", i, ": ", st.error_message()));
        ++done;
      }
    }
  });

  // Kill the database part-way through the clerk's work.
  absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (done < 10 && wrong == 0 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
  (*mariadb)->Kill();
  EXPECT_TRUE(
      testing::HealthBecomes(s.cases().grpc_address(), testing::kNotServing, absl::Seconds(15)))
      << s.cases().Log();
  absl::SleepFor(absl::Seconds(2));  // the clerk keeps trying against the dead database
  ASSERT_TRUE((*mariadb)->Restart().ok());
  EXPECT_TRUE(
      testing::HealthBecomes(s.cases().grpc_address(), testing::kServing, absl::Seconds(30)))
      << s.cases().Log();
  clerk_thread.join();
  for (const std::string& p : problems) ADD_FAILURE() << p;
  ASSERT_EQ(wrong, 0);
  EXPECT_GT(retryable_failures, 0) << "the kill should have been seen by the clerk";
  EXPECT_EQ(done, kCases * 4);

  testing::TestDatabase& db = s.cases_database();
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM enforcement_cases"), kCases);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(DISTINCT case_number) FROM enforcement_cases"),
            kCases);
  for (int i = 0; i < kCases; ++i) {
    // The filing and three steps, each once.
    EXPECT_EQ(
        testing::CountRows(db, "SELECT COUNT(*) FROM case_events WHERE case_id = ?", {ids[i]}), 4)
        << "case " << i;
    EXPECT_EQ(testing::CountRows(
                  db, "SELECT COUNT(DISTINCT action) FROM case_events WHERE case_id = ?", {ids[i]}),
              4)
        << "case " << i;
  }
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM enforcement_cases WHERE stage = ?",
                               {int64_t{cpb::CASE_STAGE_DECIDED}}),
            kCases);
  EXPECT_EQ(s.cases().Stop(), 0);
}

}  // namespace
}  // namespace fazhi

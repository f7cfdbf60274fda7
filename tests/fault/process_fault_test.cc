// Faults of the service process itself: SIGKILL in the middle of a stream, SIGTERM under load,
// and more calls than its executor takes. On the MariaDB that scripts/test starts (nothing here
// kills it).

#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_servers.h"
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

struct Statistics {
  testing::DepartmentServer department;
  std::unique_ptr<testing::FaultStatistics> service;
};

Statistics StartStatistics(const std::string& name, std::vector<std::string> flags = {}) {
  Statistics s;
  std::string log_dir = ::testing::TempDir();
  absl::StatusOr<testing::DepartmentServer> department = testing::StartDepartment(
      FAZHI_DEPARTMENT_BINARY,
      absl::StrCat(log_dir, "/fault-", name, "-department-", getpid(), ".log"));
  EXPECT_TRUE(department.ok()) << department.status();
  if (!department.ok()) return s;
  s.department = *std::move(department);
  absl::StatusOr<std::unique_ptr<testing::FaultStatistics>> service =
      testing::FaultStatistics::Start(s.department.process->grpc_address(), log_dir,
                                      std::move(flags));
  EXPECT_TRUE(service.ok()) << service.status();
  if (service.ok()) s.service = *std::move(service);
  return s;
}

TEST(ServiceKilledTest, MidStreamNoPartialBatchIsVisibleAndTheRetryAddsNoDuplicate) {
  Statistics s = StartStatistics("killed");
  ASSERT_NE(s.service, nullptr);
  testing::TestDatabase& db = s.service->database();
  auto admin = s.service->Stub(testing::AdminToken());
  const std::vector<spb::DataPoint> points = testing::MonthlyFigures(2018);
  const int64_t n = static_cast<int64_t>(points.size());
  spb::ImportOptions options;
  options.set_request_id("fault-killed-stream");

  // Two batches are written; then the message completing the third is sent and the service is
  // killed at once, while (or just before) it writes that batch.
  spb::ImportSummary cut;
  grpc::Status first = testing::StreamPoints(*admin, points, options, &cut, [&](size_t sent) {
    if (sent == 10000) {
      absl::Time give_up = absl::Now() + absl::Seconds(30);
      while (testing::CountRows(db, "SELECT COUNT(*) FROM data_points") < 10000 &&
             absl::Now() < give_up) {
        absl::SleepFor(absl::Milliseconds(10));
      }
    }
    if (sent == 15000) s.service->process().Kill();
  });
  EXPECT_EQ(first.error_code(), grpc::StatusCode::UNAVAILABLE) << first.error_message();
  int64_t stored = testing::CountRows(db, "SELECT COUNT(*) FROM data_points");
  EXPECT_TRUE(stored == 10000 || stored == 15000)
      << stored << " points stored: a batch is written whole or not at all";
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_point_revisions"), stored);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM imports"), 0)
      << "the receipt is written only when the stream has ended";

  ASSERT_TRUE(s.service->Restart().ok());
  admin = s.service->Stub(testing::AdminToken());
  spb::ImportSummary retried;
  grpc::Status again = testing::StreamPoints(*admin, points, options, &retried);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_FALSE(retried.replayed());
  EXPECT_EQ(retried.unchanged(), stored);
  EXPECT_EQ(retried.created(), n - stored);
  EXPECT_EQ(retried.updated(), 0);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_points"), n);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_point_revisions"), n);
  EXPECT_EQ(testing::CountRows(db, "SELECT SUM(value) FROM data_points"),
            testing::SumOfValues(points));
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM imports"), 1);
  EXPECT_EQ(s.service->process().Stop(), 0);
}

TEST(SigtermTest, InFlightStreamsFinishNewCallsAreRefusedAndTheExitCodeIsZero) {
  Statistics s = StartStatistics("sigterm", {"--drain_seconds=15"});
  ASSERT_NE(s.service, nullptr);
  testing::TestDatabase& db = s.service->database();
  const std::vector<spb::DataPoint> all = testing::MonthlyFigures(2017);
  const int kStreams = 4;
  const size_t per = all.size() / kStreams;

  // Four clients each stream their share; each has sent half when SIGTERM comes, and sends the
  // rest after it.
  std::atomic<int> halfway{0};
  absl::Notification terminated;
  std::vector<grpc::Status> results(kStreams);
  std::vector<spb::ImportSummary> summaries(kStreams);
  std::vector<std::thread> clients;
  int64_t expected_sum = 0;
  std::vector<std::vector<spb::DataPoint>> shares(kStreams);
  for (int i = 0; i < kStreams; ++i) {
    shares[i].assign(all.begin() + i * per, all.begin() + (i + 1) * per);
    expected_sum += testing::SumOfValues(shares[i]);
  }
  for (int i = 0; i < kStreams; ++i) {
    clients.emplace_back([&, i] {
      auto stub = s.service->Stub(testing::AdminToken());
      spb::ImportOptions options;
      options.set_request_id(absl::StrCat("fault-sigterm-", i));
      results[i] =
          testing::StreamPoints(*stub, shares[i], options, &summaries[i], [&](size_t sent) {
            if (sent >= per / 2 && sent - 1000 < per / 2) {
              ++halfway;
              terminated.WaitForNotificationWithTimeout(absl::Seconds(30));
            }
          });
    });
  }
  absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (halfway < kStreams && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(10));
  ASSERT_EQ(halfway, kStreams);
  const std::string address = s.service->process().grpc_address();
  // A client connected before the signal.
  auto warm = s.service->Stub(testing::AdminToken());
  {
    grpc::ClientContext context;
    spb::GetIndicatorRequest get;
    get.set_code(all[0].indicator_code());
    spb::Indicator indicator;
    ASSERT_TRUE(warm->GetIndicator(&context, get, &indicator).ok());
  }
  kill(s.service->process().pid(), SIGTERM);
  absl::Time signalled = absl::Now();
  // A new call, on a new connection, is refused cleanly and at once: no hang, no half-done work.
  absl::SleepFor(absl::Milliseconds(300));
  {
    auto fresh =
        spb::StatisticsService::NewStub(testing::AuthorizedChannel(address, testing::AdminToken()));
    spb::ImportOptions options;
    options.set_request_id("fault-sigterm-late");
    spb::ImportSummary late;
    absl::Time asked = absl::Now();
    grpc::Status refused =
        testing::StreamPoints(*fresh, {all[0]}, options, &late, nullptr, absl::Seconds(10));
    // gRPC reports a client stream the draining server refuses at the transport as CANCELLED
    // (a unary call, below, as UNAVAILABLE); either way it ends at once and writes nothing.
    EXPECT_TRUE(refused.error_code() == grpc::StatusCode::UNAVAILABLE ||
                refused.error_code() == grpc::StatusCode::CANCELLED)
        << refused.error_code() << " " << refused.error_message();
    EXPECT_LT(absl::Now() - asked, absl::Seconds(2));
    // A unary call too, on a new connection and on one opened before the signal.
    spb::GetDataPointRequest get;
    get.set_indicator_code(all[0].indicator_code());
    get.set_department_id(all[0].department_id());
    *get.mutable_period() = all[0].period();
    for (auto* stub : {fresh.get(), warm.get()}) {
      grpc::ClientContext context;
      context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(10)));
      spb::DataPoint point;
      asked = absl::Now();
      grpc::Status read = stub->GetDataPoint(&context, get, &point);
      EXPECT_EQ(read.error_code(), grpc::StatusCode::UNAVAILABLE) << read.error_message();
      EXPECT_LT(absl::Now() - asked, absl::Seconds(2));
    }
  }
  terminated.Notify();
  for (std::thread& t : clients) t.join();
  for (int i = 0; i < kStreams; ++i) {
    EXPECT_TRUE(results[i].ok()) << "stream " << i << ": " << results[i].error_message();
    EXPECT_EQ(summaries[i].created(), static_cast<int64_t>(per)) << "stream " << i;
  }
  EXPECT_EQ(s.service->process().WaitForExit(absl::Seconds(20)), 0) << s.service->process().Log();
  EXPECT_LT(absl::Now() - signalled, absl::Seconds(15 + 2)) << "past the drain deadline";
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM data_points"),
            static_cast<int64_t>(per * kStreams));
  EXPECT_EQ(testing::CountRows(db, "SELECT SUM(value) FROM data_points"), expected_sum);
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM imports"), kStreams)
      << "the late call wrote no receipt";
}

TEST(OverloadTest, BeyondTheExecutorCallsAreRefusedQuicklyMemoryStaysBoundedAndItRecovers) {
  // Two workers and four places in the queue; the department service hangs, so every filing
  // holds a worker until its deadline.
  absl::StatusOr<std::unique_ptr<testing::FaultCaseServers>> servers =
      testing::FaultCaseServers::Start("overload", /*with_statistics=*/false,
                                       {"--executor_threads=2", "--executor_queue=4",
                                        "--executor_saturated_unhealthy_seconds=1"});
  ASSERT_TRUE(servers.ok()) << servers.status();
  testing::FaultCaseServers& s = **servers;
  testing::TestDatabase& db = s.cases_database();
  auto clerk = s.Clerk();
  s.to_department().Stall(true);

  auto file = [&](int i, absl::Duration deadline, cpb::EnforcementCase* out) {
    cpb::FileCaseRequest request =
        testing::NewCase(testing::kFaultUnit, absl::StrCat("济环罚立〔2021〕", 800 + i, "号"),
                         D(2021, 6, 1), {"sthjj-wang", "sthjj-li"});
    request.set_request_id(absl::StrCat("fault-overload-", i));
    // A large request, so that holding refused ones would show in memory.
    request.mutable_enforcement_case()->set_facts(std::string(9000, 'x'));
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    return clerk->FileCase(&context, request, out);
  };
  // Holders keep the two workers and the four places in the queue taken: each filing waits on
  // the hung department for as long as the cases service gives it (its outbound timeout), and a
  // holder files again as soon as one ends.
  std::atomic<bool> stop{false};
  std::atomic<int> filed_ok{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> holders;
  for (int h = 0; h < 8; ++h) {
    holders.emplace_back([&, h] {
      for (int k = 0; !stop; ++k) {
        cpb::EnforcementCase out;
        grpc::StatusCode c = file(10000 + h * 1000 + k, absl::Seconds(30), &out).error_code();
        if (c == grpc::StatusCode::OK) {
          ++filed_ok;
        } else if (c == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          absl::SleepFor(absl::Milliseconds(5));
        } else if (c != grpc::StatusCode::UNAVAILABLE && c != grpc::StatusCode::DEADLINE_EXCEEDED) {
          ++unexpected;
        }
      }
    });
  }
  EXPECT_TRUE(
      testing::HealthBecomes(s.cases().grpc_address(), testing::kNotServing, absl::Seconds(10)))
      << "health still SERVING with the executor full for over a second";
  s.cases().ResetPeakMemory();
  int64_t before = s.cases().PeakMemoryBytes();
  // 600 more, 20 at a time: refused at once (a call may rarely take a place a holder's call
  // just left, and then waits like the holders).
  std::atomic<int> exhausted{0};
  std::atomic<int> admitted{0};
  std::atomic<int64_t> slowest_refusal_us{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 20; ++t) {
    flood.emplace_back([&, t] {
      for (int k = 0; k < 30; ++k) {
        cpb::EnforcementCase out;
        absl::Time asked = absl::Now();
        grpc::Status st = file(100 + t * 30 + k, absl::Seconds(30), &out);
        int64_t us = absl::ToInt64Microseconds(absl::Now() - asked);
        if (st.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED) {
          ++exhausted;
          int64_t prev = slowest_refusal_us;
          while (us > prev && !slowest_refusal_us.compare_exchange_weak(prev, us)) {
          }
        } else if (st.error_code() == grpc::StatusCode::OK) {
          ++filed_ok;
        } else {
          ++admitted;
        }
      }
    });
  }
  for (std::thread& t : flood) t.join();
  EXPECT_GE(exhausted, 570) << admitted << " of 600 were admitted";
  EXPECT_LT(slowest_refusal_us, 1000000) << "a full executor must refuse at once";
  int64_t after = s.cases().PeakMemoryBytes();
  EXPECT_GT(before, 0);
  EXPECT_LT(after - before, 64 << 20)
      << "600 refused calls of 9 KB each grew the peak by " << (after - before) << " bytes";

  // The department answers again: the holders stop, health comes back, and a filing works.
  stop = true;
  s.to_department().Stall(false);
  for (std::thread& t : holders) t.join();
  EXPECT_EQ(unexpected, 0);
  EXPECT_TRUE(
      testing::HealthBecomes(s.cases().grpc_address(), testing::kServing, absl::Seconds(15)))
      << s.cases().Log();
  // The channel to the department may still be backing off from the connections the hang timed
  // out: a client retries UNAVAILABLE for a while, as it should.
  cpb::EnforcementCase filed;
  grpc::Status ok;
  absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    ok = file(1000, absl::Seconds(10), &filed);
    if (ok.error_code() == grpc::StatusCode::UNAVAILABLE) absl::SleepFor(absl::Milliseconds(500));
  } while (ok.error_code() == grpc::StatusCode::UNAVAILABLE && absl::Now() < give_up);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  int held_ok = filed_ok;
  // Exactly the filings that answered OK exist (plus none of the refused ones).
  EXPECT_EQ(testing::CountRows(db, "SELECT COUNT(*) FROM enforcement_cases"), held_ok + 1);
  EXPECT_EQ(s.cases().Stop(), 0);
}

}  // namespace
}  // namespace fazhi

// The cases service's gauge of cases past their statutory deadlines (issue 16), read from its
// /metrics as Prometheus scrapes it, against real cases of 生态环境局 on the backend under test:
//   - 济环罚〔2025〕M01号, filed 2025-03-03 and never decided: its 90 days (行政处罚法 Art. 60)
//     ended in June 2025, so it counts under deadline="decision";
//   - 济环罚〔2025〕M02号, filed the same day and decided on 2025-03-24 but never published: its
//     7 working days (国办发〔2018〕118号) ended in April 2025, so it counts under "disclosure"
//     (and no longer under "decision");
//   - a case filed ten days ago: its decision is not due yet, so it counts nowhere.
// Publishing M02 takes the disclosure count back to 0 at the next refresh. The cases service
// runs with --overdue_metrics_refresh_seconds=1.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/time/date.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/server_process.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::cases::v1;
using ::fazhi::testing::D;

constexpr char kSthjj[] = "jiyuan-sthjj";
const std::vector<std::string> kOfficers = {"sthjj-wang", "sthjj-li"};

class CaseOverdueMetricsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "overdue-metrics",
        testing::CaseOfficers(kOfficers), "", "", {"--overdue_metrics_refresh_seconds=1"});
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
  }
  static void TearDownTestSuite() {
    if (servers_ != nullptr) EXPECT_EQ(servers_->cases().Stop(), 0) << "SIGTERM should exit 0";
    delete servers_;
    servers_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(servers_, nullptr) << "the servers did not start"; }

  static std::unique_ptr<pb::EnforcementCaseService::Stub> Clerk() {
    return pb::EnforcementCaseService::NewStub(testing::AuthorizedChannel(
        servers_->cases().grpc_address(), testing::Token({"clerk"}, kSthjj, "clerk-sthjj")));
  }

  static pb::EnforcementCase File(const std::string& number, const common::v1::Date& filed) {
    pb::FileCaseRequest request = testing::NewCase(kSthjj, number, filed, kOfficers);
    pb::EnforcementCase c;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::Status s = Clerk()->FileCase(&context, request, &c);
    EXPECT_TRUE(s.ok()) << number << ": " << s.error_message();
    return c;
  }

  // fazhi_cases_overdue{unit, deadline} as /metrics shows it now; nullopt when absent.
  static std::optional<double> Gauge(const std::string& unit, const std::string& deadline) {
    absl::StatusOr<std::string> text =
        testing::HttpGet(servers_->cases().metrics_port(), "/metrics");
    EXPECT_TRUE(text.ok()) << text.status();
    if (!text.ok()) return std::nullopt;
    absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
    EXPECT_TRUE(samples.ok()) << samples.status();
    if (!samples.ok()) return std::nullopt;
    for (const testing::Sample& s : *samples) {
      if (s.name == "fazhi_cases_overdue" && s.Label("unit") == unit &&
          s.Label("deadline") == deadline) {
        return s.value;
      }
    }
    return std::nullopt;
  }

  // Waits up to 10 s (ten refreshes) for the gauge to read want; returns what it read last.
  static std::optional<double> AwaitGauge(const std::string& unit, const std::string& deadline,
                                          double want) {
    std::optional<double> seen;
    for (int i = 0; i < 100; ++i) {
      seen = Gauge(unit, deadline);
      if (seen == want) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return seen;
  }

  static testing::CasesServers* servers_;
};

testing::CasesServers* CaseOverdueMetricsTest::servers_ = nullptr;

TEST_F(CaseOverdueMetricsTest, CountsUndecidedAndUnpublishedCasesPastTheirDeadlinesByUnit) {
  pb::EnforcementCase undecided = File("济环罚〔2025〕M01号", D(2025, 3, 3));
  pb::EnforcementCase unpublished = File("济环罚〔2025〕M02号", D(2025, 3, 3));
  absl::CivilDay recent = time_util::TodayInChina() - 10;
  File("济环罚〔2026〕M03号", D(static_cast<int>(recent.year()), recent.month(), recent.day()));
  for (const pb::AdvanceCaseRequest& step :
       {testing::StartInvestigation(), testing::Notify(D(2025, 3, 10)),
        testing::Decide(D(2025, 3, 24), 50000, kOfficers)}) {
    grpc::Status s = testing::AdvanceCase(*Clerk(), &unpublished, step);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_EQ(unpublished.stage(), pb::CASE_STAGE_DECIDED);

  EXPECT_EQ(AwaitGauge(kSthjj, "decision", 1), 1) << "M01 is undecided past its 90 days";
  EXPECT_EQ(AwaitGauge(kSthjj, "disclosure", 1), 1) << "M02 is unpublished past 7 working days";

  // Published (late), M02 is no longer overdue: the gauge goes back to 0, not away.
  pb::PublishDecisionRequest publish;
  publish.set_id(unpublished.id());
  publish.set_etag(unpublished.etag());
  publish.set_public_summary(
      "当事人在禁燃区露天焚烧垃圾，依据《中华人民共和国大气污染防治法》第一百一十九条第二款，"
      "作出罚款的行政处罚");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  pb::EnforcementCase published;
  grpc::Status s = Clerk()->PublishDecision(&context, publish, &published);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(AwaitGauge(kSthjj, "disclosure", 0), 0);
  EXPECT_EQ(Gauge(kSthjj, "decision"), 1) << "M01 is still undecided";
  // Units without a case have no series at all.
  EXPECT_EQ(Gauge("jiyuan-scjgj", "decision"), std::nullopt);
}

}  // namespace
}  // namespace fazhi

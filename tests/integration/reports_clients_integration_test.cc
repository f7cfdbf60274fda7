// The reports service's outbound clients (services/reports/clients) against the real department,
// statistics and cases binaries holding scripts/run's demo data: units, the seed report's figures
// (slips included) and the demo case records, read through the ports the report use cases see.

#include <arpa/inet.h>
#include <grpcpp/grpcpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/cases/demo/jiyuan_2021.h"
#include "services/department/demo/officers.h"
#include "services/reports/clients/department_registry.h"
#include "services/reports/clients/figure_client.h"
#include "services/statistics/demo/jiyuan_2021.h"
#include "tests/support/auth.h"
#include "tests/support/cases_servers.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::reports {
namespace {

namespace cpb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace spb = ::fazhi::statistics::v1;

// A loopback port that accepts connections (the kernel completes the handshake) and never
// answers: a hung server.
class SilentListener {
 public:
  SilentListener() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof(addr);
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || listen(fd_, 16) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(addr.sin_port);
  }
  ~SilentListener() { close(fd_); }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }

 private:
  int fd_ = -1;
  int port_ = 0;
};

class ReportsClientsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers =
        testing::CasesServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "reports-clients",
                                     {}, FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    auto officers = dpb::OfficerService::NewStub(
        testing::AuthorizedChannel(servers_->department().grpc_address(), testing::AdminToken()));
    absl::StatusOr<int> loaded = department::demo::LoadDemoOfficers(*officers);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    auto statistics = servers_->statistics().Stub(testing::AdminToken());
    absl::StatusOr<statistics::demo::LoadSummary> figures =
        statistics::demo::LoadJiyuanFigures(*statistics);
    ASSERT_TRUE(figures.ok()) << figures.status();
    auto channel =
        testing::AuthorizedChannel(servers_->cases().grpc_address(), testing::AdminToken());
    auto cases = cpb::EnforcementCaseService::NewStub(channel);
    auto supervision = cpb::SupervisionService::NewStub(channel);
    auto reconsideration = cpb::ReconsiderationService::NewStub(channel);
    auto litigation = cpb::LitigationService::NewStub(channel);
    absl::StatusOr<cases::demo::LoadSummary> records =
        cases::demo::LoadJiyuanCases({*cases, *supervision, *reconsideration, *litigation},
                                     FAZHI_SOURCE_DIR "/services/cases/demo/data");
    ASSERT_TRUE(records.ok()) << records.status();

    // The reports service calls as a service account, its token in a file.
    std::string dir =
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-reports-clients-", getpid()))
            .string();
    std::filesystem::create_directories(dir);
    token_file_ = new std::string(absl::StrCat(dir, "/reports.token"));
    std::ofstream(*token_file_) << testing::Token({"service"}, "", "fazhi-reports");

    directory::DepartmentDirectoryOptions department;
    department.address = servers_->department().grpc_address();
    department.token_file = *token_file_;
    registry_ = new DepartmentRegistry(department);
    figures_ =
        new FigureClient(StatisticsOptions(servers_->statistics().statistics().grpc_address()),
                         CasesOptions(servers_->cases().grpc_address()));
  }

  static void TearDownTestSuite() {
    delete figures_;
    delete registry_;
    delete token_file_;
    delete servers_;
  }

  static StatisticsClientOptions StatisticsOptions(const std::string& address) {
    StatisticsClientOptions o;
    o.address = address;
    o.token_file = *token_file_;
    return o;
  }
  static CasesClientOptions CasesOptions(const std::string& address) {
    CasesClientOptions o;
    o.address = address;
    o.token_file = *token_file_;
    return o;
  }

  static inline testing::CasesServers* servers_ = nullptr;
  static inline std::string* token_file_ = nullptr;
  static inline DepartmentRegistry* registry_ = nullptr;
  static inline FigureClient* figures_ = nullptr;
};

TEST_F(ReportsClientsIntegrationTest, UnitsComeFromTheRegistry) {
  absl::StatusOr<Unit> sthjj = registry_->GetUnit("jiyuan-sthjj");
  ASSERT_TRUE(sthjj.ok()) << sthjj.status();
  EXPECT_EQ(sthjj->name, "济源市生态环境局");
  EXPECT_EQ(sthjj->short_name, "生态环境局");
  EXPECT_EQ(sthjj->kind, 2);   // government department
  EXPECT_EQ(sthjj->level, 2);  // city
  EXPECT_EQ(sthjj->parent_id, "jiyuan");
  EXPECT_TRUE(sthjj->law_enforcement_body);
  EXPECT_TRUE(sthjj->active);

  absl::StatusOr<Unit> nowhere = registry_->GetUnit("nowhere");
  EXPECT_EQ(nowhere.status().code(), absl::StatusCode::kNotFound) << nowhere.status();

  absl::StatusOr<std::vector<Unit>> subtree = registry_->ListSubtree("jiyuan");
  ASSERT_TRUE(subtree.ok()) << subtree.status();
  ASSERT_FALSE(subtree->empty());
  EXPECT_EQ(subtree->front().id, "jiyuan");
  std::set<std::string> ids;
  for (const Unit& u : *subtree) ids.insert(u.id);
  EXPECT_EQ(ids.size(), subtree->size()) << "each unit once";
  EXPECT_TRUE(ids.count("jiyuan-sthjj"));
  EXPECT_TRUE(ids.count("jiyuan-sfj"));
  EXPECT_FALSE(ids.count("jiyuan-swei")) << "the Party committee is outside the government's tree";
  EXPECT_EQ(registry_->ListSubtree("nowhere").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReportsClientsIntegrationTest, IndicatorValuesAreTheSubtreesYearFigures) {
  absl::StatusOr<std::map<std::string, FigureAnswer>> values =
      figures_->IndicatorValues(2021, {{"reconsideration.received", "jiyuan"},
                                       {"legality_review.total", "jiyuan"},
                                       {"environment.cases_filed", "jiyuan-sthjj"},
                                       {"reconsideration.received", "jiyuan-sthjj"},
                                       {"reconsideration.received", "jiyuan"}});
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(values->size(), 4u);
  const FigureAnswer& received = (*values)["reconsideration.received@jiyuan"];
  EXPECT_TRUE(received.has_value);
  EXPECT_EQ(received.value, 159);
  // Reported by 司法局 (jiyuan-sfj), found through the city's subtree.
  const FigureAnswer& reviews = (*values)["legality_review.total@jiyuan"];
  EXPECT_TRUE(reviews.has_value);
  EXPECT_EQ(reviews.value, 406);
  EXPECT_EQ((*values)["environment.cases_filed@jiyuan-sthjj"].value, 200);  // 200余起
  // The city's figure, not the bureau's: nothing under 生态环境局 reported it.
  EXPECT_FALSE((*values)["reconsideration.received@jiyuan-sthjj"].has_value);

  absl::StatusOr<std::map<std::string, FigureAnswer>> unknown = figures_->IndicatorValues(
      2021, {{"reconsideration.received", "jiyuan"}, {"no.such_indicator", "jiyuan"}});
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound) << unknown.status();
  EXPECT_NE(unknown.status().message().find("no.such_indicator"), absl::string_view::npos)
      << unknown.status();
  absl::StatusOr<std::map<std::string, FigureAnswer>> no_unit =
      figures_->IndicatorValues(2021, {{"reconsideration.received", "nowhere"}});
  EXPECT_EQ(no_unit.status().code(), absl::StatusCode::kNotFound) << no_unit.status();
}

TEST_F(ReportsClientsIntegrationTest, IndicatorExistsAsksTheCatalogue) {
  absl::StatusOr<bool> known = figures_->IndicatorExists("reconsideration.received");
  ASSERT_TRUE(known.ok()) << known.status();
  EXPECT_TRUE(*known);
  absl::StatusOr<bool> unknown = figures_->IndicatorExists("no.such_indicator");
  ASSERT_TRUE(unknown.ok()) << unknown.status();
  EXPECT_FALSE(*unknown);
  absl::StatusOr<bool> malformed = figures_->IndicatorExists("Not A Code");
  ASSERT_TRUE(malformed.ok()) << malformed.status();
  EXPECT_FALSE(*malformed);
}

TEST_F(ReportsClientsIntegrationTest, CaseFiguresAreTheEnvironmentBureausRecords) {
  absl::StatusOr<std::map<std::string, int64_t>> figures =
      figures_->CaseFigures(2021, "jiyuan-sthjj");
  ASSERT_TRUE(figures.ok()) << figures.status();
  // Every count of CaseSummary, by its field name (all but the group label).
  EXPECT_EQ(figures->size(),
            static_cast<size_t>(cpb::CaseSummary::descriptor()->field_count() - 1));
  EXPECT_FALSE(figures->count("group"));
  // Counted by hand from services/cases/demo/data: 194 penalty and 12 coercive-measure cases filed
  // in 2021 (200余起); decisions dated 2021: 182 penalty + 10 lighter + 6 reduced (近200起) and the
  // 12 seizures; fines of those 198, ¥15,221,800 (1500余万元), of which ¥5,060,800 collected.
  EXPECT_EQ(figures->at("cases_filed"), 206);
  EXPECT_EQ(figures->at("decisions"), 210);
  EXPECT_EQ(figures->at("penalty_decisions"), 198);
  EXPECT_EQ(figures->at("fines_imposed_fen"), 1'522'180'000);
  EXPECT_EQ(figures->at("fines_collected_fen"), 506'080'000);
  EXPECT_EQ(figures->at("seizures"), 12);
  EXPECT_EQ(figures->at("transfers_police_detention"), 17);
  EXPECT_EQ(figures->at("transfers_police_criminal"), 5);
  // 9 suits against the bureau filed in 2021, its head in court at 4 hearings.
  EXPECT_EQ(figures->at("lawsuits_department_defendant"), 9);
  EXPECT_EQ(figures->at("court_appearances"), 4);
  // The city government is the one reconsideration body.
  EXPECT_EQ(figures->at("reconsiderations_received"), 0);

  EXPECT_EQ(figures_->CaseFigures(2021, "nowhere").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReportsClientsIntegrationTest, ValidationFindsTheSeedsThreeSlips) {
  absl::StatusOr<std::vector<RuleViolation>> violations = figures_->RunValidation(2021, "jiyuan");
  ASSERT_TRUE(violations.ok()) << violations.status();
  ASSERT_EQ(violations->size(), 3u);
  std::set<std::string> rules;
  for (const RuleViolation& v : *violations) {
    rules.insert(v.rule_id);
    EXPECT_FALSE(v.rule_name.empty());
    EXPECT_FALSE(v.message.empty());
  }
  // 177 + 35 + 85 + 67 = 364 vs 406; 2057 / 6157 vs 33.7%; 55 + 32 + 44 + 9 = 140 vs 145.
  EXPECT_EQ(rules,
            (std::set<std::string>{"legality-review-breakdown", "mediation-court-referred-rate",
                                   "reconsideration-concluded-breakdown"}));
  auto review = std::find_if(violations->begin(), violations->end(), [](const RuleViolation& v) {
    return v.rule_id == "legality-review-breakdown";
  });
  EXPECT_EQ(review->department_id, "jiyuan-sfj");
  EXPECT_EQ(figures_->RunValidation(2021, "nowhere").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReportsClientsIntegrationTest, CompletenessIsTheSubtreesCount) {
  absl::StatusOr<CompletenessAnswer> c =
      figures_->Completeness(2021, "jiyuan", absl::CivilDay(2022, 3, 1));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->received + c->missing, c->expected);
  EXPECT_EQ(c->on_time + c->late, c->received);
  EXPECT_EQ(c->units_missing.empty(), c->missing == 0);
  EXPECT_EQ(figures_->Completeness(2021, "nowhere", absl::CivilDay(2022, 3, 1)).status().code(),
            absl::StatusCode::kNotFound);
}

// Locks a year of its own (2022), so that no other test's reads or writes of the seed's 2021
// figures depend on whether this one has run.
TEST_F(ReportsClientsIntegrationTest, LockingTheYearTwiceIsFineAndRefusesLaterFigures) {
  auto admin = servers_->statistics().Stub(testing::AdminToken());
  // The city's figure for the year, before the report is approved.
  {
    spb::SubmitDataPointsRequest request;
    *request.add_points() =
        testing::Point("reconsideration.received", "jiyuan", 171, testing::Year(2022));
    request.mutable_options()->set_all_or_nothing(true);
    spb::ImportSummary summary;
    grpc::ClientContext context;
    grpc::Status s = admin->SubmitDataPoints(&context, request, &summary);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  absl::Status first = figures_->LockYear(2022, "jiyuan", "2022年度法治政府建设情况报告已审定");
  ASSERT_TRUE(first.ok()) << first;
  absl::Status again = figures_->LockYear(2022, "jiyuan", "2022年度法治政府建设情况报告已审定");
  EXPECT_TRUE(again.ok()) << again;
  // One lock, not two: a repeated approval adds nothing to unlock later.
  {
    spb::ListPeriodLocksRequest request;
    *request.mutable_period() = testing::Year(2022);
    spb::ListPeriodLocksResponse response;
    grpc::ClientContext context;
    ASSERT_TRUE(admin->ListPeriodLocks(&context, request, &response).ok());
    ASSERT_EQ(response.locks_size(), 1);
    EXPECT_EQ(response.locks(0).department_id(), "jiyuan");
  }
  // A late figure for the city is refused now.
  spb::SubmitDataPointsRequest request;
  *request.add_points() =
      testing::Point("reconsideration.received", "jiyuan", 172, testing::Year(2022));
  request.mutable_options()->set_all_or_nothing(true);
  spb::ImportSummary summary;
  grpc::ClientContext context;
  grpc::Status refused = admin->SubmitDataPoints(&context, request, &summary);
  EXPECT_FALSE(refused.ok());
  EXPECT_NE(refused.error_message().find("locked"), std::string::npos) << refused.error_message();

  absl::StatusOr<std::map<std::string, FigureAnswer>> values =
      figures_->IndicatorValues(2022, {{"reconsideration.received", "jiyuan"}});
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ((*values)["reconsideration.received@jiyuan"].value, 171);
}

TEST_F(ReportsClientsIntegrationTest, AHungServerIsUnavailableAtTheDeadline) {
  SilentListener hung;
  StatisticsClientOptions statistics = StatisticsOptions(hung.address());
  statistics.call_timeout = absl::Seconds(1);
  CasesClientOptions cases = CasesOptions(hung.address());
  cases.call_timeout = absl::Seconds(1);
  FigureClient client(statistics, cases);
  absl::Time start = absl::Now();
  absl::StatusOr<std::vector<RuleViolation>> violations = client.RunValidation(2021, "jiyuan");
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(violations.status().code(), absl::StatusCode::kUnavailable) << violations.status();
  EXPECT_NE(violations.status().message().find(hung.address()), absl::string_view::npos)
      << violations.status();
  EXPECT_GE(took, absl::Milliseconds(900));
  EXPECT_LT(took, absl::Seconds(3));
}

// Stops a cases server of its own (beside a department service of its own), not the suite's.
TEST_F(ReportsClientsIntegrationTest, AStoppedServerIsUnavailableWithinTheDeadline) {
  absl::StatusOr<std::unique_ptr<testing::CasesServers>> own = testing::CasesServers::Start(
      FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "reports-clients-stopped", {});
  ASSERT_TRUE(own.ok()) << own.status();
  testing::ServerProcess& stopped = (*own)->cases();
  CasesClientOptions cases = CasesOptions(stopped.grpc_address());
  cases.call_timeout = absl::Seconds(2);
  FigureClient client(StatisticsOptions(servers_->statistics().statistics().grpc_address()), cases);
  ASSERT_TRUE(client.CaseFigures(2021, "jiyuan-sthjj").ok()) << "the channel is connected first";
  EXPECT_EQ(stopped.Stop(), 0);
  absl::Time start = absl::Now();
  absl::StatusOr<std::map<std::string, int64_t>> figures = client.CaseFigures(2021, "jiyuan-sthjj");
  absl::Duration took = absl::Now() - start;
  EXPECT_EQ(figures.status().code(), absl::StatusCode::kUnavailable) << figures.status();
  EXPECT_NE(figures.status().message().find("cases service at"), absl::string_view::npos)
      << figures.status();
  EXPECT_LT(took, absl::Seconds(3));
}

}  // namespace
}  // namespace fazhi::reports

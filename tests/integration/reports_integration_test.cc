// Acceptance test of fazhi-reports: the seed report
// (济源市人民政府关于2021年度法治政府建设情况的报告, /work/shared/seeds/000_5af3f402be7dec5e.txt)
// written from its template over the demo figures and case records of the four real services,
// checked, approved, sent, published, read by the public and corrected, plus the refusals that keep
// a report honest.
//
// Every expected value is written by hand from the seed, the department demo's unit tree or the
// regulation's dates; nothing here asks the code under test what the answer should be.
//
// The suite shares one set of servers. The seed report exists once (one report per unit and
// year), so the tests that need it published go through PublishedSeed(), which takes it there
// from whatever state it is in, and the tests that change other reports make their own (a
// department report of 司法局 or 生态环境局). Run in any order, each test sets up what it needs.

#include <grpcpp/grpcpp.h>
#include <openssl/sha.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "fazhi/reports/v1/reports.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/cases/demo/jiyuan_2021.h"
#include "services/department/demo/jiyuan.h"
#include "services/department/demo/officers.h"
#include "services/reports/demo/jiyuan_2021.h"
#include "services/statistics/demo/jiyuan_2021.h"
#include "tests/integration/seed_report_figures.h"
#include "tests/support/auth.h"
#include "tests/support/browser.h"
#include "tests/support/cases_servers.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/test_database.h"

namespace fazhi::reports {
namespace {

namespace rpb = ::fazhi::reports::v1;
namespace spb = ::fazhi::statistics::v1;

constexpr char kTitle[] = "济源市人民政府关于2021年度法治政府建设情况的报告";
// The seed addresses "省人民政府、市委、市人大常委会:" only. Art. 24 of 法治政府建设与责任落实督察
// 工作规定 has a city government report to the Party committee AND the government one level up,
// so 省委 (中共河南省委员会) leads the line here: the seed omitted it, the service does not.
constexpr char kAddressee[] = "省委、省人民政府、市委、市人大常委会:";

// Where the seed report was sent and published (its date line and the portal's 发布日期).
constexpr int kSentDay = 28;       // 2022-03-28
constexpr int kPublishedDay = 30;  // 2022-03-30

// The 12 units of services/department/demo/jiyuan.cc under 济源市人民政府 that owe a report: the
// government itself and its departments that are law-enforcement bodies. Not owed: 社会治理中心
// (no enforcement), the vertical agencies 税务局, 济水税务分局 and 河务局, and the 11 towns and 5
// subdistricts (the regulation names city and county governments and their departments).
const std::set<std::string>& OwedUnits() {
  static const auto* const kUnits = new std::set<std::string>{
      "jiyuan",       "jiyuan-sfj", "jiyuan-sthjj", "jiyuan-zrzyj", "jiyuan-scjgj", "jiyuan-cgj",
      "jiyuan-mzzjj", "jiyuan-yjj", "jiyuan-gaj",   "jiyuan-rsj",   "jiyuan-zjj",   "jiyuan-sjj"};
  return *kUnits;
}

// The seed's headings in order, as printed there (numbers included), with how the HTML
// rendering marks each: level 1 as <h2>, level 2 as <h3>, a run-in heading in bold at the start
// of its paragraph.
struct Heading {
  const char* section_key;
  const char* line;
  bool run_in;
  int level;
};
constexpr Heading kHeadings[] = {
    {"work", "一、2021年法治政府建设工作情况", false, 1},
    {"work.leadership", "(一)加强组织领导,严格落实法治政府建设责任", false, 2},
    {"work.functions", "(二)优化服务效能,依法全面履行政府职能", false, 2},
    {"work.mechanisms", "(三)推进机制建设,不断提高依法行政能力水平", false, 2},
    {"work.enforcement", "(四)强化规范执法,持续提升执法效能", false, 2},
    {"work.supervision", "(五)自觉接受监督,扎实推进行政权力公开透明运行", false, 2},
    {"work.emergencies", "(六)健全应对体系,依法预防处置突发事件", false, 2},
    {"work.disputes", "(七)积极化解矛盾纠纷,有效维护社会安全稳定", false, 2},
    {"problems", "二、存在的问题和不足", false, 1},
    {"plans", "三、2022年工作安排", false, 1},
    {"suggestions", "四、工作建议", false, 1},
    {"suggestions.safeguards", "(一)加强保障机制建设。", true, 2},
    {"suggestions.workforce", "(二)加强法治工作队伍建设。", true, 2},
    {"suggestions.rewards", "(三)加大表彰奖励力度。", true, 2},
};

// The seed's three slips, as (rule id, unit): 55 + 32 + 44 + 9 = 140 of 145 concluded;
// 2057 of 6157 stated as 33.7%; 177 + 35 + 85 + 67 = 364 legality reviews stated as 406.
using RuleAndUnit = std::pair<std::string, std::string>;
const std::set<RuleAndUnit>& SeedSlips() {
  static const auto* const kSlips = new std::set<RuleAndUnit>{
      {"reconsideration-concluded-breakdown", "jiyuan"},
      {"mediation-court-referred-rate", "jiyuan"},
      {"legality-review-breakdown", "jiyuan-sfj"},
  };
  return *kSlips;
}

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

std::string DayString(const common::v1::Date& d) {
  return absl::StrCat(d.year(), "-", d.month(), "-", d.day());
}

// Lower-case hex SHA-256, computed here with OpenSSL rather than by the service's own helper.
std::string Sha256(const std::string& bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      std::string(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

// A unary call with a deadline, so a hung server fails the test instead of hanging it.
template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return (stub.*rpc)(&context, request, response);
}

std::string Describe(const grpc::Status& s) {
  return absl::StrCat("code ", s.error_code(), ": ", s.error_message());
}

class ReportsIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // Department (units, relations, officers), statistics (the seed's 2021 figures) and cases (a
    // year of case records) as scripts/run loads them, each through its own API.
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers =
        testing::CasesServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY,
                                     "reports-acceptance", {}, FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    auto department_channel =
        testing::AuthorizedChannel(servers_->department().grpc_address(), testing::AdminToken());
    auto units = department::v1::DepartmentService::NewStub(department_channel);
    // The recipients of a report come from the registry's relations (市委, 省人民政府, …).
    absl::StatusOr<int> relations = department::demo::LoadJiyuanRelations(*units);
    ASSERT_TRUE(relations.ok()) << relations.status();
    auto officers = department::v1::OfficerService::NewStub(department_channel);
    absl::StatusOr<int> loaded = department::demo::LoadDemoOfficers(*officers);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    auto statistics = servers_->statistics().Stub(testing::AdminToken());
    absl::StatusOr<statistics::demo::LoadSummary> figures =
        statistics::demo::LoadJiyuanFigures(*statistics);
    ASSERT_TRUE(figures.ok()) << figures.status();
    auto cases_channel =
        testing::AuthorizedChannel(servers_->cases().grpc_address(), testing::AdminToken());
    auto cases = cases::v1::EnforcementCaseService::NewStub(cases_channel);
    auto supervision = cases::v1::SupervisionService::NewStub(cases_channel);
    auto reconsideration = cases::v1::ReconsiderationService::NewStub(cases_channel);
    auto litigation = cases::v1::LitigationService::NewStub(cases_channel);
    absl::StatusOr<cases::demo::LoadSummary> records =
        cases::demo::LoadJiyuanCases({*cases, *supervision, *reconsideration, *litigation},
                                     FAZHI_SOURCE_DIR "/services/cases/demo/data");
    ASSERT_TRUE(records.ok()) << records.status();

    // fazhi-reports as scripts/run starts it: a service account's token for the three services
    // it reads (and for locking the year at publication), the shipped templates, the city's
    // compliance gauges; its own database of the backend under test. The log path carries the
    // process id: ServerProcess reads the log to find the address.
    std::string dir = (std::filesystem::temp_directory_path() /
                       absl::StrCat("fazhi-reports-acceptance-", getpid()))
                          .string();
    std::filesystem::create_directories(dir);
    std::string token_file = absl::StrCat(dir, "/reports.token");
    std::ofstream(token_file) << testing::Token({"service"}, "", "fazhi-reports");
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    reports_db_ = db->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> reports = testing::ServerProcess::Start(
        FAZHI_REPORTS_BINARY,
        {absl::StrCat("--database_url=", reports_db_->url()),
         absl::StrCat("--department_address=", servers_->department().grpc_address()),
         absl::StrCat("--department_token_file=", token_file),
         absl::StrCat("--statistics_address=", servers_->statistics().statistics().grpc_address()),
         absl::StrCat("--statistics_token_file=", token_file),
         absl::StrCat("--cases_address=", servers_->cases().grpc_address()),
         absl::StrCat("--cases_token_file=", token_file),
         absl::StrCat("--templates_dir=", FAZHI_SOURCE_DIR, "/services/reports/templates"),
         "--page_token_secret=integration", "--compliance_units=jiyuan",
         // So the gauges test need not wait a minute for the first refresh after a failed one.
         "--compliance_refresh_seconds=1"},
        absl::StrCat(dir, "/reports.log"));
    ASSERT_TRUE(reports.ok()) << reports.status();
    reports_ = reports->release();
    first_publication_ = new std::optional<rpb::PublishedReport>();
  }

  static void TearDownTestSuite() {
    delete first_publication_;
    first_publication_ = nullptr;
    delete reports_;
    reports_ = nullptr;
    delete reports_db_;
    reports_db_ = nullptr;
    delete servers_;
    servers_ = nullptr;
  }

  void SetUp() override { ASSERT_NE(reports_, nullptr) << "the servers did not start"; }

  static std::unique_ptr<rpb::ReportService::Stub> Reports(const std::string& token) {
    return rpb::ReportService::NewStub(testing::AuthorizedChannel(reports_->grpc_address(), token));
  }
  // The public's client: no token at all.
  static std::unique_ptr<rpb::ReportService::Stub> Anonymous() {
    return rpb::ReportService::NewStub(
        grpc::CreateChannel(reports_->grpc_address(), grpc::InsecureChannelCredentials()));
  }
  static std::string Clerk(const std::string& unit) { return testing::Token({"clerk"}, unit); }
  static std::string Supervisor() { return testing::Token({"supervisor"}, "", "sfj-reviewer"); }
  static std::string Publisher() { return testing::Token({"publisher"}, "", "portal-editor"); }

  static rpb::Report GetReport(const std::string& id) {
    rpb::GetReportRequest request;
    request.set_id(id);
    rpb::Report report;
    grpc::Status s =
        Call(*Reports(Supervisor()), &rpb::ReportService::Stub::GetReport, request, &report);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return report;
  }

  static grpc::Status Check(const std::string& id, rpb::ConsistencyCheck* check) {
    rpb::CheckReportRequest request;
    request.set_report_id(id);
    return Call(*Reports(Supervisor()), &rpb::ReportService::Stub::CheckReport, request, check);
  }

  static grpc::Status Acknowledge(const std::string& token, const rpb::Report& report,
                                  const RuleAndUnit& slip, rpb::Report* out) {
    rpb::AcknowledgeViolationRequest request;
    request.set_report_id(report.id());
    request.set_rule_id(slip.first);
    request.set_department_id(slip.second);
    request.set_reason("报告按各单位报送口径原样刊载；数据差异已转请报送单位核实。");
    request.set_etag(report.etag());
    return Call(*Reports(token), &rpb::ReportService::Stub::AcknowledgeViolation, request, out);
  }

  static grpc::Status Approve(const rpb::Report& report, rpb::Report* out) {
    rpb::ApproveReportRequest request;
    request.set_report_id(report.id());
    request.set_etag(report.etag());
    return Call(*Reports(Supervisor()), &rpb::ReportService::Stub::ApproveReport, request, out);
  }

  static grpc::Status SubmitForReview(const rpb::Report& report, rpb::Report* out) {
    rpb::SubmitForReviewRequest request;
    request.set_report_id(report.id());
    request.set_etag(report.etag());
    return Call(*Reports(Clerk(report.department_id())), &rpb::ReportService::Stub::SubmitForReview,
                request, out);
  }

  static grpc::Status Publish(const rpb::Report& report, const common::v1::Date& day,
                              rpb::PublishedReport* out) {
    rpb::PublishReportRequest request;
    request.set_report_id(report.id());
    request.set_etag(report.etag());
    rpb::Channel* portal = request.add_channels();
    portal->set_kind(rpb::CHANNEL_KIND_PORTAL);
    portal->set_name("济源市人民政府门户网站 法治政府建设专栏");
    *portal->mutable_published_on() = day;
    portal->set_url(absl::StrCat("http://www.jiyuan.gov.cn/fzzfjs/", DayString(day), ".html"));
    return Call(*Reports(Publisher()), &rpb::ReportService::Stub::PublishReport, request, out);
  }

  // The seed report written by 济源市人民政府's clerk from henan-city-2021 with the seed's prose
  // (its request id makes this a read once it exists).
  static rpb::Report SeedReport() {
    auto stub = Reports(Clerk("jiyuan"));
    absl::StatusOr<rpb::Report> report = demo::WriteReport(
        *stub, FAZHI_SOURCE_DIR "/services/reports/demo/jiyuan_2021_sections.tsv");
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : rpb::Report();
  }

  // The seed report taken to publication, from whatever state it is in, as it really went: the
  // slips acknowledged, sent to every recipient on 2022-03-28 and put on the portal on
  // 2022-03-30 (a correction in progress is published on the same portal on 2022-04-15). The
  // answer of the first PublishReport is kept for the correction test.
  static rpb::Report PublishedSeed() {
    rpb::Report report = SeedReport();
    grpc::Status s;
    if (report.state() == rpb::REPORT_STATE_DRAFT) {
      s = SubmitForReview(report, &report);
      EXPECT_TRUE(s.ok()) << "SubmitForReview: " << Describe(s);
    }
    if (report.state() == rpb::REPORT_STATE_IN_REVIEW) {
      rpb::ConsistencyCheck check;
      s = Check(report.id(), &check);
      EXPECT_TRUE(s.ok()) << "CheckReport: " << Describe(s);
      for (const rpb::Violation& v : check.violations()) {
        if (v.acknowledged()) continue;
        s = Acknowledge(Supervisor(), report, {v.rule_id(), v.department_id()}, &report);
        EXPECT_TRUE(s.ok()) << "AcknowledgeViolation: " << Describe(s);
      }
      s = Approve(report, &report);
      EXPECT_TRUE(s.ok()) << "ApproveReport: " << Describe(s);
    }
    if (report.state() == rpb::REPORT_STATE_APPROVED && report.published_version() == 0) {
      rpb::SubmitReportRequest submit;
      submit.set_report_id(report.id());
      submit.set_etag(report.etag());
      int number = 11;
      for (const rpb::Recipient& r : report.recipients()) {
        rpb::Delivery* d = submit.add_deliveries();
        d->set_recipient_department_id(r.department_id());
        *d->mutable_submitted_on() = Day(2022, 3, kSentDay);
        d->set_document_number(absl::StrCat("济政〔2022〕", number++, "号"));
      }
      s = Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::SubmitReport, submit, &report);
      EXPECT_TRUE(s.ok()) << "SubmitReport: " << Describe(s);
    }
    if (report.state() == rpb::REPORT_STATE_SUBMITTED ||
        report.state() == rpb::REPORT_STATE_APPROVED) {
      bool first = report.published_version() == 0;
      rpb::PublishedReport published;
      s = Publish(report, first ? Day(2022, 3, kPublishedDay) : Day(2022, 4, 15), &published);
      EXPECT_TRUE(s.ok()) << "PublishReport: " << Describe(s);
      if (s.ok() && first) *first_publication_ = published;
      report = GetReport(report.id());
    }
    EXPECT_EQ(report.state(), rpb::REPORT_STATE_PUBLISHED);
    return report;
  }

  // A 2021 report of a department of the city from the regulation's five-part template, made by
  // its own clerk; the request id makes a second call a read.
  static rpb::Report DepartmentReport(const std::string& unit) {
    rpb::CreateReportRequest request;
    request.set_department_id(unit);
    request.set_year(2021);
    request.set_template_id("regulation-five-parts");
    request.set_request_id(absl::StrCat("acceptance-", unit, "-2021"));
    rpb::Report report;
    grpc::Status s =
        Call(*Reports(Clerk(unit)), &rpb::ReportService::Stub::CreateReport, request, &report);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return report;
  }

  static rpb::RenderedReport Preview(const std::string& id, rpb::RenderFormat format) {
    rpb::PreviewReportRequest request;
    request.set_report_id(id);
    request.set_format(format);
    rpb::RenderedReport rendered;
    grpc::Status s = Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::PreviewReport,
                          request, &rendered);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return rendered;
  }

  static inline testing::CasesServers* servers_ = nullptr;
  static inline testing::TestDatabase* reports_db_ = nullptr;
  static inline testing::ServerProcess* reports_ = nullptr;
  // What the seed report's first PublishReport answered (HTML, with every format's digest).
  static inline std::optional<rpb::PublishedReport>* first_publication_ = nullptr;
};

// Section text located in a rendering by its heading markers: from one section's marker to the
// next section's. Empty when a marker is missing or out of order (the test says which).
std::map<std::string, std::string> SplitSections(const std::string& content,
                                                 const std::vector<std::string>& markers) {
  std::map<std::string, std::string> out;
  std::vector<size_t> positions;
  size_t from = 0;
  for (const std::string& marker : markers) {
    size_t at = content.find(marker, from);
    positions.push_back(at);
    if (at == std::string::npos) return out;
    // Markers may share the blank line between two headings.
    from = at + 1;
  }
  for (size_t i = 0; i < markers.size(); ++i) {
    size_t end = i + 1 < markers.size() ? positions[i + 1] : content.size();
    out[kHeadings[i].section_key] = content.substr(positions[i], end - positions[i]);
  }
  return out;
}

TEST_F(ReportsIntegrationTest, ApprovalWaitsUntilEachOfTheSeedsThreeSlipsIsAcknowledged) {
  rpb::Report report = SeedReport();
  ASSERT_FALSE(report.id().empty());
  grpc::Status s;
  // Normally a fresh draft; if another test published it first, a correction reopens it (and
  // clears the acknowledgements, so the gate is the same).
  if (report.state() != rpb::REPORT_STATE_DRAFT && report.state() != rpb::REPORT_STATE_IN_REVIEW) {
    report = PublishedSeed();
    rpb::StartCorrectionRequest correction;
    correction.set_report_id(report.id());
    correction.set_reason("复核数据校验提示");
    correction.set_etag(report.etag());
    s = Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::StartCorrection, correction,
             &report);
    ASSERT_TRUE(s.ok()) << Describe(s);
  }
  if (report.state() == rpb::REPORT_STATE_DRAFT) {
    s = SubmitForReview(report, &report);
    ASSERT_TRUE(s.ok()) << Describe(s);
  }
  ASSERT_EQ(report.state(), rpb::REPORT_STATE_IN_REVIEW);
  ASSERT_EQ(report.acknowledgements_size(), 0);

  rpb::ConsistencyCheck check;
  s = Check(report.id(), &check);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(check.placeholder_problems_size(), 0) << check.DebugString();
  std::set<RuleAndUnit> found;
  for (const rpb::Violation& v : check.violations()) {
    found.insert({v.rule_id(), v.department_id()});
    EXPECT_FALSE(v.acknowledged()) << v.rule_id();
    EXPECT_FALSE(v.message().empty()) << v.rule_id();
  }
  EXPECT_EQ(check.violations_size(), 3) << check.DebugString();
  EXPECT_EQ(found, SeedSlips());
  EXPECT_EQ(check.open_items(), 3);
  EXPECT_FALSE(check.ready());

  // Acknowledging is the supervisor's (司法局's) call, not a unit clerk's.
  rpb::Report unchanged;
  s = Acknowledge(Clerk("jiyuan-sthjj"), report, {"reconsideration-concluded-breakdown", "jiyuan"},
                  &unchanged);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << Describe(s);

  rpb::Report approved;
  s = Approve(report, &approved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(s);
  for (const RuleAndUnit& slip : SeedSlips()) {
    EXPECT_TRUE(absl::StrContains(s.error_message(), slip.first)) << Describe(s);
  }

  s = Acknowledge(Supervisor(), report, {"reconsideration-concluded-breakdown", "jiyuan"}, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  s = Approve(report, &approved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(s);
  EXPECT_FALSE(absl::StrContains(s.error_message(), "reconsideration-concluded-breakdown"))
      << "an acknowledged slip is no longer open: " << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "mediation-court-referred-rate")) << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "legality-review-breakdown")) << Describe(s);
  EXPECT_EQ(GetReport(report.id()).state(), rpb::REPORT_STATE_IN_REVIEW);

  s = Acknowledge(Supervisor(), report, {"mediation-court-referred-rate", "jiyuan"}, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  s = Acknowledge(Supervisor(), report, {"legality-review-breakdown", "jiyuan-sfj"}, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  s = Check(report.id(), &check);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_TRUE(check.ready()) << check.DebugString();
  EXPECT_EQ(check.open_items(), 0);
  s = Approve(report, &approved);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(approved.state(), rpb::REPORT_STATE_APPROVED);
  EXPECT_EQ(approved.acknowledgements_size(), 3);
}

TEST_F(ReportsIntegrationTest, RenderedReportPrintsEverySeedFigureInItsOwnSection) {
  ASSERT_EQ(testing::kSeedReportFigureCount, 123u);
  rpb::Report report = SeedReport();
  ASSERT_FALSE(report.id().empty());
  EXPECT_EQ(report.title(), kTitle);

  rpb::RenderedReport text = Preview(report.id(), rpb::RENDER_FORMAT_TEXT);
  rpb::RenderedReport html = Preview(report.id(), rpb::RENDER_FORMAT_HTML);
  EXPECT_EQ(text.format(), rpb::RENDER_FORMAT_TEXT);
  EXPECT_EQ(html.format(), rpb::RENDER_FORMAT_HTML);
  EXPECT_FALSE(absl::StrContains(text.content(), "{{")) << "every placeholder is filled";

  // Title, then the addressee line, as blocks of the plain text.
  std::vector<std::string> blocks = absl::StrSplit(text.content(), "\n\n");
  ASSERT_GE(blocks.size(), 3u);
  EXPECT_EQ(blocks[0], kTitle);
  EXPECT_EQ(blocks[1], kAddressee);
  EXPECT_TRUE(absl::StrContains(html.content(), absl::StrCat("<h1>", kTitle, "</h1>")));
  EXPECT_TRUE(absl::StrContains(html.content(),
                                absl::StrCat("<p class=\"addressee\">", kAddressee, "</p>")));

  // Numbering 一、 (一) … (七) 二、 三、 四、 (一) (二) (三), generated: a heading stands as its
  // own block, a run-in heading starts its paragraph; all in the seed's order.
  std::vector<std::string> text_markers;
  std::vector<std::string> html_markers;
  for (const Heading& h : kHeadings) {
    text_markers.push_back(h.run_in ? absl::StrCat("\n\n", h.line)
                                    : absl::StrCat("\n\n", h.line, "\n\n"));
    html_markers.push_back(
        h.run_in ? absl::StrCat("<p><strong>", h.line, "</strong>")
                 : absl::StrCat("<h", h.level + 1, ">", h.line, "</h", h.level + 1, ">"));
  }
  std::map<std::string, std::string> text_sections = SplitSections(text.content(), text_markers);
  std::map<std::string, std::string> html_sections = SplitSections(html.content(), html_markers);
  ASSERT_EQ(text_sections.size(), std::size(kHeadings))
      << "a heading is missing or out of order in:\n"
      << text.content();
  ASSERT_EQ(html_sections.size(), std::size(kHeadings))
      << "a heading is missing or out of order in:\n"
      << html.content();

  int missing = 0;
  for (const testing::SeedFigure& f : testing::kSeedReportFigures) {
    ASSERT_TRUE(text_sections.count(f.section_key)) << f.section_key;
    bool in_text = absl::StrContains(text_sections[f.section_key], f.phrase);
    bool in_html = absl::StrContains(html_sections[f.section_key], f.phrase);
    EXPECT_TRUE(in_text) << "section " << f.section_key << " of the text lacks 「" << f.phrase
                         << "」";
    EXPECT_TRUE(in_html) << "section " << f.section_key << " of the HTML lacks 「" << f.phrase
                         << "」";
    if (!in_text || !in_html) ++missing;
  }
  EXPECT_EQ(missing, 0) << "of " << testing::kSeedReportFigureCount << " phrases; the text:\n"
                        << text.content();
}

TEST_F(ReportsIntegrationTest, ComplianceFlagsTheSubmissionLateAndThePublicationOnTime) {
  rpb::Report seed = PublishedSeed();
  ASSERT_EQ(seed.state(), rpb::REPORT_STATE_PUBLISHED);

  rpb::GetComplianceRequest request;
  request.set_year(2021);
  request.set_department_id("jiyuan");
  *request.mutable_as_of() = Day(2022, 4, 2);
  rpb::GetComplianceResponse response;
  grpc::Status s =
      Call(*Reports(Supervisor()), &rpb::ReportService::Stub::GetCompliance, request, &response);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(DayString(response.submission_due()), "2022-3-1");
  EXPECT_EQ(DayString(response.publication_due()), "2022-4-1");
  EXPECT_EQ(DayString(response.as_of()), "2022-4-2");

  std::set<std::string> units;
  for (const rpb::UnitCompliance& u : response.units()) {
    units.insert(u.department_id());
    if (u.department_id() == "jiyuan") {
      EXPECT_EQ(u.report_id(), seed.id());
      // Sent on 28 March: 27 days after 1 March. Public on 30 March: 2 days before 1 April.
      EXPECT_EQ(u.submission().status(), rpb::DEADLINE_STATUS_LATE);
      EXPECT_EQ(u.submission().days_late(), 27);
      EXPECT_EQ(DayString(u.submission().date()), "2022-3-28");
      EXPECT_EQ(u.publication().status(), rpb::DEADLINE_STATUS_ON_TIME);
      EXPECT_EQ(u.publication().days_late(), -2);
      EXPECT_EQ(DayString(u.publication().date()), "2022-3-30");
      EXPECT_TRUE(u.missing().empty()) << u.DebugString();
      continue;
    }
    // Nobody else has sent or published a 2021 report: both deadlines have passed by 2 April
    // (32 days after 1 March, 1 day after 1 April).
    EXPECT_EQ(u.submission().status(), rpb::DEADLINE_STATUS_MISSING_OVERDUE) << u.department_id();
    EXPECT_EQ(u.submission().days_late(), 32) << u.department_id();
    EXPECT_EQ(u.publication().status(), rpb::DEADLINE_STATUS_MISSING_OVERDUE) << u.department_id();
    EXPECT_EQ(u.publication().days_late(), 1) << u.department_id();
    ASSERT_FALSE(u.missing().empty()) << u.department_id();
    EXPECT_TRUE(absl::StartsWith(u.missing(0), "submission")) << u.DebugString();
    EXPECT_EQ(u.missing(u.missing_size() - 1), "publication") << u.DebugString();
  }
  EXPECT_EQ(units, OwedUnits());
  EXPECT_EQ(response.owed(), 12);
  EXPECT_EQ(response.submitted(), 1);
  EXPECT_EQ(response.submitted_late(), 1);
  EXPECT_EQ(response.published(), 1);
  EXPECT_EQ(response.published_late(), 0);
  EXPECT_EQ(response.missing_submission(), 11);
  EXPECT_EQ(response.missing_publication(), 11);

  // As of 29 March the portal had not published it yet (and it was not yet due): a past day's
  // answer does not change with what happened after it.
  *request.mutable_as_of() = Day(2022, 3, 29);
  s = Call(*Reports(Supervisor()), &rpb::ReportService::Stub::GetCompliance, request, &response);
  ASSERT_TRUE(s.ok()) << Describe(s);
  auto jiyuan =
      std::find_if(response.units().begin(), response.units().end(),
                   [](const rpb::UnitCompliance& u) { return u.department_id() == "jiyuan"; });
  ASSERT_NE(jiyuan, response.units().end());
  EXPECT_EQ(jiyuan->submission().status(), rpb::DEADLINE_STATUS_LATE);
  EXPECT_EQ(jiyuan->submission().days_late(), 27);
  EXPECT_EQ(jiyuan->publication().status(), rpb::DEADLINE_STATUS_MISSING_NOT_YET_DUE);
  EXPECT_EQ(jiyuan->publication().days_late(), -3);
  EXPECT_EQ(response.published(), 0);
}

// The gauges cover the year before today's (the reports due this year), so the seed's 2021 is
// out of their reach in 2026 and the service has no flag to move "today"; what they can show
// here is that the city's 12 owed units are counted and, with no report for that year, all
// missing.
TEST_F(ReportsIntegrationTest, ComplianceGaugesCountTheCitysOwedUnits) {
  const std::string year =
      absl::StrCat(absl::ToCivilYear(absl::Now(), absl::FixedTimeZone(8 * 3600)).year() - 1);
  std::map<std::string, double> gauges;
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (absl::Now() < deadline) {
    gauges.clear();
    absl::StatusOr<std::string> body = testing::HttpGet(reports_->metrics_port(), "/metrics");
    ASSERT_TRUE(body.ok()) << body.status();
    absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*body);
    ASSERT_TRUE(samples.ok()) << samples.status();
    for (const testing::Sample& sample : *samples) {
      if (!absl::StartsWith(sample.name, "fazhi_reports_") || sample.Label("unit") != "jiyuan" ||
          sample.Label("year") != year) {
        continue;
      }
      gauges[absl::StrCat(sample.name, "/", sample.Label("deadline"))] = sample.value;
    }
    if (gauges.count("fazhi_reports_owed/")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  ASSERT_TRUE(gauges.count("fazhi_reports_owed/")) << "no gauges for jiyuan, " << year;
  EXPECT_EQ(gauges["fazhi_reports_owed/"], 12);
  EXPECT_EQ(gauges["fazhi_reports_late/submission"], 0);
  EXPECT_EQ(gauges["fazhi_reports_late/publication"], 0);
  EXPECT_EQ(gauges["fazhi_reports_missing/submission"], 12);
  EXPECT_EQ(gauges["fazhi_reports_missing/publication"], 12);
}

TEST_F(ReportsIntegrationTest, PublicationLocksTheYearsFigures) {
  ASSERT_EQ(PublishedSeed().state(), rpb::REPORT_STATE_PUBLISHED);
  auto statistics = servers_->statistics().Stub(testing::AdminToken());
  spb::SubmitDataPointsRequest request;
  *request.add_points() = testing::Point("reconsideration.received", "jiyuan", 160);
  request.mutable_options()->set_all_or_nothing(true);
  spb::ImportSummary summary;
  grpc::Status s =
      Call(*statistics, &spb::StatisticsService::Stub::SubmitDataPoints, request, &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "locked")) << Describe(s);
  absl::StatusOr<spb::DataPoint> point =
      servers_->statistics().GetPoint("reconsideration.received", "jiyuan");
  ASSERT_TRUE(point.ok()) << point.status();
  EXPECT_EQ(point->value(), 159);
}

// The browser check on the real thing: the published page, as the public fetches it,
// opened in headless chromium (tests/support/browser.h), shows the title and the headings.
TEST_F(ReportsIntegrationTest, ThePublishedPageReadsAsTheSeedInABrowser) {
  rpb::Report seed = PublishedSeed();
  auto anonymous = Anonymous();
  rpb::GetPublishedReportRequest get;
  get.set_report_id(seed.id());
  get.set_version(1);
  get.set_format(rpb::RENDER_FORMAT_HTML);
  rpb::PublishedReport published;
  grpc::Status s = Call(*anonymous, &rpb::ReportService::Stub::GetPublishedReport, get, &published);
  ASSERT_TRUE(s.ok()) << Describe(s);
  absl::StatusOr<std::string> dom = testing::RenderedDom(published.content());
  ASSERT_TRUE(dom.ok()) << dom.status();
  EXPECT_EQ(testing::ElementTexts(*dom, "title"), std::vector<std::string>{kTitle});
  EXPECT_EQ(testing::ElementTexts(*dom, "h1"), std::vector<std::string>{kTitle});
  EXPECT_EQ(testing::ElementTexts(*dom, "h2"),
            (std::vector<std::string>{"一、2021年法治政府建设工作情况", "二、存在的问题和不足",
                                      "三、2022年工作安排", "四、工作建议",
                                      // the acknowledged slips, listed, not hidden
                                      "附:经审核确认的数据校验提示"}));
  std::vector<std::string> h3 = testing::ElementTexts(*dom, "h3");
  ASSERT_EQ(h3.size(), 7u) << *dom;
  EXPECT_EQ(h3[0], "(一)加强组织领导,严格落实法治政府建设责任");
  EXPECT_EQ(h3[6], "(七)积极化解矛盾纠纷,有效维护社会安全稳定");
}

TEST_F(ReportsIntegrationTest, ThePublicReadsPublishedReportsWithoutAToken) {
  rpb::Report seed = PublishedSeed();
  auto anonymous = Anonymous();

  rpb::GetPublishedReportRequest get;
  get.set_department_id("jiyuan");
  get.set_year(2021);
  get.set_format(rpb::RENDER_FORMAT_TEXT);
  rpb::PublishedReport published;
  grpc::Status s = Call(*anonymous, &rpb::ReportService::Stub::GetPublishedReport, get, &published);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(published.report_id(), seed.id());
  EXPECT_EQ(published.title(), kTitle);
  EXPECT_TRUE(absl::StartsWith(published.content(), kTitle));
  EXPECT_EQ(published.version(), seed.published_version()) << "the latest by default";
  EXPECT_EQ(published.sha256(), Sha256(published.content()));
  // The first version is the one the portal put up on 30 March (a correction, if another test
  // made one, is a later version with its own date).
  get.set_version(1);
  s = Call(*anonymous, &rpb::ReportService::Stub::GetPublishedReport, get, &published);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(DayString(published.publication_date()), "2022-3-30");

  rpb::ListPublishedReportsRequest list;
  list.set_year(2021);
  rpb::ListPublishedReportsResponse listed;
  s = Call(*anonymous, &rpb::ReportService::Stub::ListPublishedReports, list, &listed);
  ASSERT_TRUE(s.ok()) << Describe(s);
  bool found = false;
  for (const rpb::PublishedReport& p : listed.reports()) {
    if (p.report_id() == seed.id() && p.department_id() == "jiyuan") found = true;
  }
  EXPECT_TRUE(found) << listed.DebugString();

  // The working copy is not public.
  rpb::GetReportRequest draft;
  draft.set_id(seed.id());
  rpb::Report report;
  s = Call(*anonymous, &rpb::ReportService::Stub::GetReport, draft, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(s);
}

TEST_F(ReportsIntegrationTest, ACorrectionIsANewVersionAndVersionOneStaysAsPublished) {
  rpb::Report report = PublishedSeed();
  ASSERT_EQ(report.state(), rpb::REPORT_STATE_PUBLISHED);
  ASSERT_TRUE(first_publication_->has_value()) << "version 1 was published by this suite";
  const rpb::PublishedReport& v1 = **first_publication_;
  ASSERT_EQ(v1.version(), 1);
  ASSERT_FALSE(v1.content().empty());
  const int64_t before = report.published_version();

  const std::string reason = "第二部分补充法治督察发现的问题";
  rpb::StartCorrectionRequest start;
  start.set_report_id(report.id());
  start.set_reason(reason);
  start.set_etag(report.etag());
  grpc::Status s =
      Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::StartCorrection, start, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(report.state(), rpb::REPORT_STATE_DRAFT);
  EXPECT_EQ(report.correction_reason(), reason);
  EXPECT_EQ(report.acknowledgements_size(), 0) << "a correction is reviewed afresh";

  // One new paragraph in 存在的问题和不足, which holds no figure.
  const std::string added = "四是法治督察发现个别单位行政执法案卷归档不及时。";
  std::string problems;
  for (const rpb::Section& section : report.sections()) {
    if (section.key() == "problems") problems = section.text();
  }
  ASSERT_FALSE(problems.empty());
  rpb::UpdateSectionRequest update;
  update.set_report_id(report.id());
  update.set_section_key("problems");
  update.set_text(absl::StrCat(problems, "\n", added));
  update.set_etag(report.etag());
  s = Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::UpdateSection, update, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  s = SubmitForReview(report, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  rpb::ConsistencyCheck check;
  s = Check(report.id(), &check);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(check.open_items(), 3) << "the slips are open again: " << check.DebugString();
  for (const RuleAndUnit& slip : SeedSlips()) {
    s = Acknowledge(Supervisor(), report, slip, &report);
    ASSERT_TRUE(s.ok()) << Describe(s);
  }
  s = Approve(report, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);

  // It reached its recipients before; the correction is not sent again.
  rpb::SubmitReportRequest resubmit;
  resubmit.set_report_id(report.id());
  resubmit.set_etag(report.etag());
  rpb::Delivery* d = resubmit.add_deliveries();
  d->set_recipient_department_id("jiyuan-swei");
  *d->mutable_submitted_on() = Day(2022, 4, 15);
  d->set_document_number("济政〔2022〕20号");
  rpb::Report unchanged;
  s = Call(*Reports(Clerk("jiyuan")), &rpb::ReportService::Stub::SubmitReport, resubmit,
           &unchanged);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(s);

  rpb::PublishedReport v2;
  s = Publish(report, Day(2022, 4, 15), &v2);
  ASSERT_TRUE(s.ok()) << Describe(s);
  EXPECT_EQ(v2.version(), before + 1);
  if (before == 1) {
    EXPECT_EQ(v2.version(), 2);
  }
  EXPECT_EQ(v2.correction_reason(), reason);
  EXPECT_TRUE(absl::StrContains(v2.content(), added));
  EXPECT_TRUE(absl::StrContains(v2.content(), reason)) << "the version note states the reason";
  bool names_section = false;
  for (const rpb::Change& c : v2.changes()) {
    if (c.section_key() == "problems" && c.placeholder().empty() &&
        absl::StrContains(c.after(), added)) {
      names_section = true;
    }
  }
  EXPECT_TRUE(names_section) << "changes: " << v2.DebugString();
  EXPECT_EQ(GetReport(report.id()).published_version(), v2.version());

  // Version 1, read back by the public in each format, is what was published at first.
  std::map<int, std::string> digests;
  for (const rpb::FormatDigest& digest : v1.digests()) digests[digest.format()] = digest.sha256();
  EXPECT_EQ(digests.size(), 3u);
  auto anonymous = Anonymous();
  for (rpb::RenderFormat format :
       {rpb::RENDER_FORMAT_HTML, rpb::RENDER_FORMAT_MARKDOWN, rpb::RENDER_FORMAT_TEXT}) {
    SCOPED_TRACE(rpb::RenderFormat_Name(format));
    rpb::GetPublishedReportRequest get;
    get.set_report_id(report.id());
    get.set_version(1);
    get.set_format(format);
    rpb::PublishedReport read;
    s = Call(*anonymous, &rpb::ReportService::Stub::GetPublishedReport, get, &read);
    ASSERT_TRUE(s.ok()) << Describe(s);
    EXPECT_EQ(read.version(), 1);
    EXPECT_TRUE(read.correction_reason().empty());
    EXPECT_EQ(read.sha256(), digests[format]);
    EXPECT_EQ(Sha256(read.content()), read.sha256());
    EXPECT_FALSE(absl::StrContains(read.content(), added));
    if (format == rpb::RENDER_FORMAT_HTML) {
      EXPECT_TRUE(read.content() == v1.content()) << "version 1's HTML changed";
      EXPECT_EQ(read.sha256(), v1.sha256());
    }
  }
  EXPECT_EQ(Sha256(v1.content()), v1.sha256());
}

TEST_F(ReportsIntegrationTest, BadInputIsRefusedAndChangesNothing) {
  rpb::Report report = DepartmentReport("jiyuan-sthjj");
  ASSERT_FALSE(report.id().empty());
  ASSERT_EQ(report.state(), rpb::REPORT_STATE_DRAFT);
  auto clerk = Reports(Clerk("jiyuan-sthjj"));
  auto update = [&](const std::string& text, const std::string& etag) {
    rpb::UpdateSectionRequest request;
    request.set_report_id(report.id());
    request.set_section_key("measures");
    request.set_text(text);
    request.set_etag(etag);
    rpb::Report out;
    return Call(*clerk, &rpb::ReportService::Stub::UpdateSection, request, &out);
  };
  auto expect_unchanged = [&](const rpb::Report& before) {
    rpb::Report now = GetReport(before.id());
    EXPECT_EQ(now.etag(), before.etag());
    EXPECT_EQ(now.update_time().seconds(), before.update_time().seconds());
    ASSERT_EQ(now.sections_size(), before.sections_size());
    for (int i = 0; i < now.sections_size(); ++i) {
      EXPECT_EQ(now.sections(i).text(), before.sections(i).text()) << now.sections(i).key();
    }
  };

  struct Bad {
    const char* what;
    std::string text;
    std::vector<std::string> named;  // what the message must name
  };
  const std::vector<Bad> bad = {
      {"an unknown format",
       "共收到行政复议申请{{ reconsideration.received | bogus }}件。",
       {"measures", "{{ reconsideration.received | bogus }}", "bogus"}},
      {"an unknown indicator",
       "共办理{{ no.such_indicator }}件。",
       {"measures", "{{ no.such_indicator }}", "no.such_indicator"}},
      {"invalid UTF-8", "济源\xff\xfe市", {"text", "UTF-8"}},
      {"10 MB of text", std::string(10 * 1024 * 1024, 'x'), {"text", "measures"}},
  };
  for (const Bad& b : bad) {
    SCOPED_TRACE(b.what);
    grpc::Status s = update(b.text, report.etag());
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
    for (const std::string& name : b.named) {
      EXPECT_TRUE(absl::StrContains(s.error_message(), name))
          << "does not name " << name << ": " << s.error_message().substr(0, 300);
    }
    expect_unchanged(report);
  }

  // Unreadable, it is still refused to a caller without a token before anything else.
  {
    rpb::UpdateSectionRequest request;
    request.set_report_id(report.id());
    request.set_section_key("measures");
    request.set_text("济源\xff\xfe市");
    request.set_etag(report.etag());
    rpb::Report out;
    grpc::Status s = Call(*Anonymous(), &rpb::ReportService::Stub::UpdateSection, request, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << Describe(s);
  }

  // A stale etag: someone saved in between.
  grpc::Status s = update("生态环境局全面推行行政执法三项制度。", report.etag());
  ASSERT_TRUE(s.ok()) << Describe(s);
  rpb::Report saved = GetReport(report.id());
  ASSERT_NE(saved.etag(), report.etag());
  s = update("过时的修改。", report.etag());
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << Describe(s);
  expect_unchanged(saved);

  // A template whose definitions refer to each other in a circle is not stored.
  rpb::CreateTemplateRequest create;
  rpb::Template* t = create.mutable_template_();
  t->set_id("acceptance-cycle");
  t->set_name("循环定义");
  rpb::TemplateSection* section = t->add_sections();
  section->set_key("measures");
  section->set_level(1);
  section->set_heading("主要举措和成效");
  rpb::Definition* a = t->add_definitions();
  a->set_name("a");
  a->set_expression("$b + 1");
  rpb::Definition* b = t->add_definitions();
  b->set_name("b");
  b->set_expression("$a");
  rpb::Template created;
  s = Call(*Reports(Supervisor()), &rpb::ReportService::Stub::CreateTemplate, create, &created);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "cycle")) << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "$a")) << Describe(s);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "$b")) << Describe(s);
  rpb::GetTemplateRequest get;
  get.set_id("acceptance-cycle");
  rpb::Template none;
  s = Call(*Reports(Supervisor()), &rpb::ReportService::Stub::GetTemplate, get, &none);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << Describe(s);
}

TEST_F(ReportsIntegrationTest, RequiredRecipientsStayAndAddedOnesCanGo) {
  rpb::Report report = DepartmentReport("jiyuan-sfj");
  ASSERT_FALSE(report.id().empty());
  EXPECT_EQ(report.kind(), rpb::REPORT_KIND_DEPARTMENT);
  EXPECT_EQ(report.title(), "济源市司法局关于2021年度法治政府建设情况的报告");
  // A department reports to the matching department one level up and to its own Party committee
  // and government (Art. 24), as the department demo names them.
  struct Want {
    const char* id;
    const char* name;
    const char* short_name;
    rpb::RecipientBasis basis;
  };
  const Want wanted[] = {
      {"henan-sft", "河南省司法厅", "省司法厅", rpb::RECIPIENT_BASIS_SUPERIOR_COUNTERPART},
      {"jiyuan-swei", "中共济源市委员会", "市委", rpb::RECIPIENT_BASIS_OWN_PARTY_COMMITTEE},
      {"jiyuan", "济源市人民政府", "市政府", rpb::RECIPIENT_BASIS_OWN_GOVERNMENT},
  };
  ASSERT_EQ(report.recipients_size(), 3) << report.DebugString();
  std::set<std::string> required;
  for (const Want& w : wanted) {
    auto it = std::find_if(report.recipients().begin(), report.recipients().end(),
                           [&](const rpb::Recipient& r) { return r.department_id() == w.id; });
    ASSERT_NE(it, report.recipients().end()) << w.id;
    EXPECT_EQ(it->name(), w.name);
    EXPECT_EQ(it->short_name(), w.short_name);
    EXPECT_EQ(it->basis(), w.basis);
    EXPECT_TRUE(it->required());
    required.insert(w.id);
  }

  auto clerk = Reports(Clerk("jiyuan-sfj"));
  rpb::RemoveRecipientRequest remove;
  remove.set_report_id(report.id());
  remove.set_department_id("henan-sft");
  remove.set_etag(report.etag());
  rpb::Report out;
  grpc::Status s = Call(*clerk, &rpb::ReportService::Stub::RemoveRecipient, remove, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << Describe(s);
  EXPECT_EQ(GetReport(report.id()).recipients_size(), 3);

  rpb::AddRecipientRequest add;
  add.set_report_id(report.id());
  add.set_department_id("jiyuan-rdcwh");
  add.set_etag(report.etag());
  s = Call(*clerk, &rpb::ReportService::Stub::AddRecipient, add, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  ASSERT_EQ(report.recipients_size(), 4);
  const rpb::Recipient& added = report.recipients(3);
  EXPECT_EQ(added.department_id(), "jiyuan-rdcwh");
  EXPECT_EQ(added.short_name(), "市人大常委会");
  EXPECT_EQ(added.basis(), rpb::RECIPIENT_BASIS_ADDED_BY_CLERK);
  EXPECT_FALSE(added.required());

  remove.set_department_id("jiyuan-rdcwh");
  remove.set_etag(report.etag());
  s = Call(*clerk, &rpb::ReportService::Stub::RemoveRecipient, remove, &report);
  ASSERT_TRUE(s.ok()) << Describe(s);
  std::set<std::string> left;
  for (const rpb::Recipient& r : report.recipients()) left.insert(r.department_id());
  EXPECT_EQ(left, required);
}

}  // namespace
}  // namespace fazhi::reports

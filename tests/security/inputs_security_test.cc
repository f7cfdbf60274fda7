// Bounded inputs (issue 13, "Inputs"), each test the attack it stops, over gRPC against the real
// binaries on the backend under test:
//   - a CSV far past the transport's --max_message_bytes (the "1 GB CSV", sent as 64 MiB) is
//     refused by the server, its peak memory bounded by --max_transport_memory_bytes, not by the
//     body;
//   - a CSV over --max_csv_bytes is refused naming csv and the limit, before it is parsed;
//   - a CSV under the byte limit made of more rows than one call may carry is refused at the
//     first row past the limit, its peak memory bounded by the rows kept, not by the rows sent;
//   - a CSV of exactly --max_csv_bytes is still imported, its figures stored;
//   - an all-or-nothing stream past --max_all_or_nothing_stream_bytes fails RESOURCE_EXHAUSTED
//     naming the limit and writes nothing, while the same points without all_or_nothing land;
//   - ListRevisions, GetCompleteness, RunValidation and ListOverdue answer a page at most, with a
//     token that reaches the rest, and totals over everything on every page.
//
// The statistics suite's server runs with --max_csv_bytes=2 MiB,
// --max_all_or_nothing_stream_bytes=1 KiB and --max_transport_memory_bytes=24 MiB so the limits
// are reached with small requests; the message limit is the default 16 MiB. Each test takes its own
// years (2005 CSV, 2004 and 2003 streams, 2002 revisions, 2001 completeness, 2000 validation), so
// any runs alone or in any order. Peak memory is the server's VmHWM, reset through
// /proc/<pid>/clear_refs before each attack.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_call.h"
#include "tests/support/statistics_servers.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::common::v1;
namespace casespb = ::fazhi::cases::v1;
using ::fazhi::testing::Call;
using ::fazhi::testing::D;
using ::fazhi::testing::Point;
using ::fazhi::testing::SeedFigures;
using ::fazhi::testing::Year;

constexpr int64_t kMaxCsvBytes = 2 << 20;
constexpr int64_t kMaxAllOrNothingBytes = 1024;
constexpr int64_t kMiB = 1 << 20;
constexpr int64_t kMaxTransportMemory = 24 * kMiB;

class InputsSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(
            FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY, "sec-inputs", true,
            {absl::StrCat("--max_csv_bytes=", kMaxCsvBytes),
             absl::StrCat("--max_all_or_nothing_stream_bytes=", kMaxAllOrNothingBytes),
             absl::StrCat("--max_transport_memory_bytes=", kMaxTransportMemory)});
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = servers_->Stub(testing::AdminToken()).release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete servers_;
  }

  static const testing::ServerProcess& Statistics() { return servers_->statistics(); }

  static grpc::Status ImportCsv(std::string csv, pb::ImportSummary* out) {
    pb::ImportCsvRequest request;
    request.set_csv(std::move(csv));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    return admin_->ImportCsv(&context, request, out);
  }

  static grpc::Status Stream(const std::vector<std::vector<pb::DataPoint>>& messages,
                             bool all_or_nothing, pb::ImportSummary* out) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    std::unique_ptr<grpc::ClientWriter<pb::IngestDataPointsRequest>> writer =
        admin_->IngestDataPoints(&context, out);
    for (size_t i = 0; i < messages.size(); ++i) {
      pb::IngestDataPointsRequest message;
      if (i == 0) message.mutable_options()->set_all_or_nothing(all_or_nothing);
      for (const pb::DataPoint& p : messages[i]) *message.add_points() = p;
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    return writer->Finish();
  }

  // How many figures the city and its subtree hold for the year, read back by export.
  static int StoredIn(int year) {
    pb::ExportDataPointsRequest request;
    *request.mutable_period() = Year(year);
    request.set_department_id("jiyuan");
    request.set_include_descendants(true);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    std::unique_ptr<grpc::ClientReader<pb::DataPoint>> reader =
        admin_->ExportDataPoints(&context, request);
    int count = 0;
    pb::DataPoint p;
    while (reader->Read(&p)) ++count;
    grpc::Status s = reader->Finish();
    EXPECT_TRUE(s.ok()) << s.error_message();
    return count;
  }

  static std::vector<pb::DataPoint> SeedIn(int year) {
    std::vector<pb::DataPoint> out = SeedFigures();
    for (pb::DataPoint& p : out) *p.mutable_period() = Year(year);
    return out;
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
};

testing::StatisticsServers* InputsSecurityTest::servers_ = nullptr;
pb::StatisticsService::Stub* InputsSecurityTest::admin_ = nullptr;

TEST_F(InputsSecurityTest, AHugeCsvIsRefusedByTheTransportWithoutTheServerHoldingIt) {
  // The "1 GB CSV", cut to 64 MiB so the test client can build it: four times the transport's
  // 16 MiB --max_message_bytes. gRPC 1.51 reads a message whole before it checks its size (this
  // grew the server's peak by the whole 64 MiB); the suite's --max_transport_memory_bytes of
  // 24 MiB makes gRPC cancel the stream once the connections hold that much.
  std::string csv = "indicator_code,department_id,period,value\n";
  csv.resize(64 * kMiB, '\n');
  Statistics().ResetPeakMemory();
  int64_t before = Statistics().PeakMemoryBytes();
  ASSERT_GT(before, 0);
  pb::ImportSummary summary;
  grpc::Status s = ImportCsv(std::move(csv), &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  int64_t growth = Statistics().PeakMemoryBytes() - before;
  EXPECT_LT(growth, kMaxTransportMemory + 8 * kMiB)
      << "the server's peak grew by " << growth << " bytes";
  // And the server still serves.
  EXPECT_GE(StoredIn(2005), 0);
}

TEST_F(InputsSecurityTest, ACsvOverTheByteLimitIsRefusedBeforeItIsParsed) {
  // Valid rows for 2006, one byte past --max_csv_bytes: nothing of it is read or written.
  std::string csv = "indicator_code,department_id,period,value\n";
  csv += "reconsideration.received,jiyuan,2006,159\n";
  csv.resize(kMaxCsvBytes + 1, '\n');
  pb::ImportSummary summary;
  grpc::Status s = ImportCsv(csv, &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "csv: ")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), absl::StrCat("at most ", kMaxCsvBytes)))
      << s.error_message();
  EXPECT_EQ(StoredIn(2006), 0);
}

TEST_F(InputsSecurityTest, ManyTinyRowsAreRefusedAtTheRowLimitWithBoundedMemory) {
  // Just under the byte limit, 190,000 rows of 11 bytes: past the 100,000 rows one call may
  // carry. Read whole into cells and figures, each row would cost the server a few hundred
  // bytes (~50 MiB here, ~400 MiB for a 16 MiB body); read record by record it stops at row
  // 100,001 having kept no more than the rows one call may carry.
  std::string csv = "indicator_code,department_id,period,value\n";
  while (static_cast<int64_t>(csv.size()) + 11 <= kMaxCsvBytes) csv += "x,jiyuan,2007,1\n";
  Statistics().ResetPeakMemory();
  int64_t before = Statistics().PeakMemoryBytes();
  pb::ImportSummary summary;
  grpc::Status s = ImportCsv(csv, &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "csv: more than 100000 data rows in one call; stream larger imports");
  int64_t growth = Statistics().PeakMemoryBytes() - before;
  EXPECT_LT(growth, 40 * kMiB) << "the server's peak grew by " << growth << " bytes";
  EXPECT_EQ(StoredIn(2007), 0);
}

TEST_F(InputsSecurityTest, ACsvOfExactlyTheLimitIsImported) {
  // Three figures for 2005 and the blank lines a spreadsheet leaves, to the byte limit.
  std::string csv = "indicator_code,department_id,period,value\r\n";
  csv += "reconsideration.received,jiyuan,2005,159\r\n";
  csv += "reconsideration.concluded,jiyuan,2005,145\r\n";
  csv += "mediation.disputes,jiyuan-kejing,2005,812\r\n";
  csv.resize(kMaxCsvBytes, '\n');
  pb::ImportSummary summary;
  grpc::Status s = ImportCsv(csv, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), 3) << summary.DebugString();
  EXPECT_EQ(summary.rejected(), 0) << summary.DebugString();
  EXPECT_EQ(StoredIn(2005), 3);
}

TEST_F(InputsSecurityTest, AnAllOrNothingStreamPastTheByteLimitWritesNothing) {
  // The seed's figures for 2004 (valid, distinct), one message a point: past 1 KiB of messages
  // long before the 1,000,000-point limit.
  std::vector<std::vector<pb::DataPoint>> messages;
  int64_t bytes = 0;
  for (const pb::DataPoint& p : SeedIn(2004)) {
    messages.push_back({p});
    bytes += p.ByteSizeLong();
  }
  ASSERT_GT(bytes, kMaxAllOrNothingBytes) << "the seed must outgrow the limit";
  ASSERT_EQ(StoredIn(2004), 0);
  pb::ImportSummary summary;
  grpc::Status s = Stream(messages, true, &summary);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_TRUE(absl::StartsWith(s.error_message(), "options.all_or_nothing: ")) << s.error_message();
  EXPECT_TRUE(absl::StrContains(s.error_message(), absl::StrCat(kMaxAllOrNothingBytes, " bytes")))
      << s.error_message();
  EXPECT_EQ(StoredIn(2004), 0);

  // The same points for 2003 without all_or_nothing are not held back, so not bounded so: they
  // land in full.
  messages.clear();
  std::vector<pb::DataPoint> seed = SeedIn(2003);
  for (const pb::DataPoint& p : seed) messages.push_back({p});
  ASSERT_EQ(StoredIn(2003), 0);
  s = Stream(messages, false, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(seed.size()));
  EXPECT_EQ(StoredIn(2003), static_cast<int>(seed.size()));
}

TEST_F(InputsSecurityTest, ListRevisionsAnswersAPageAtATime) {
  // 55 writes of one figure: more revisions than the default page of 50.
  for (int value = 1; value <= 55; ++value) {
    pb::SubmitDataPointsRequest r;
    *r.add_points() = Point("reconsideration.received", "jiyuan", value, Year(2002));
    pb::ImportSummary out;
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->SubmitDataPoints(&context, r, &out).ok());
  }
  pb::ListRevisionsRequest request;
  request.set_indicator_code("reconsideration.received");
  request.set_department_id("jiyuan");
  *request.mutable_period() = Year(2002);
  pb::ListRevisionsResponse first;
  grpc::Status s = Call(*admin_, &pb::StatisticsService::Stub::ListRevisions, request, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(first.revisions_size(), 50);
  EXPECT_EQ(first.revisions(0).value(), 1);
  EXPECT_EQ(first.revisions(49).value(), 50);
  ASSERT_FALSE(first.page().next_page_token().empty());

  request.mutable_page()->set_page_token(first.page().next_page_token());
  pb::ListRevisionsResponse rest;
  s = Call(*admin_, &pb::StatisticsService::Stub::ListRevisions, request, &rest);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(rest.revisions_size(), 5);
  EXPECT_EQ(rest.revisions(0).value(), 51);
  EXPECT_EQ(rest.revisions(4).value(), 55);
  EXPECT_TRUE(rest.page().next_page_token().empty());

  // A page larger than 1,000 is refused, and a token is bound to the figure it pages.
  request.mutable_page()->set_page_token("");
  request.mutable_page()->set_page_size(1001);
  s = Call(*admin_, &pb::StatisticsService::Stub::ListRevisions, request, &rest);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  request.mutable_page()->set_page_size(0);
  request.mutable_page()->set_page_token(first.page().next_page_token());
  request.set_department_id("jiyuan-kejing");
  s = Call(*admin_, &pb::StatisticsService::Stub::ListRevisions, request, &rest);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
}

TEST_F(InputsSecurityTest, GetCompletenessPagesItsUnitsAndKeepsItsTotals) {
  // Towns (kind 3) and subdistricts (kind 4) owe 2001's mediation disputes: 16 units.
  for (int kind : {3, 4}) {
    pb::SetReportingObligationRequest r;
    r.mutable_obligation()->set_indicator_code("mediation.disputes");
    r.mutable_obligation()->set_department_kind(kind);
    r.mutable_obligation()->set_period_type(cpb::PERIOD_TYPE_YEAR);
    r.mutable_obligation()->set_due_days(30);
    pb::ReportingObligation out;
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->SetReportingObligation(&context, r, &out).ok());
  }
  pb::GetCompletenessRequest request;
  *request.mutable_period() = Year(2001);
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  request.mutable_page()->set_page_size(5);
  std::set<std::string> seen;
  int pages = 0;
  int64_t missing = 0;
  do {
    pb::GetCompletenessResponse page;
    grpc::Status s = Call(*admin_, &pb::StatisticsService::Stub::GetCompleteness, request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_LE(page.units_size(), 5);
    // Every page carries the totals over all 16 units.
    EXPECT_EQ(page.unit_count(), 16);
    EXPECT_EQ(page.expected(), 16);
    EXPECT_EQ(page.missing(), 16);
    for (const pb::UnitCompleteness& u : page.units()) {
      EXPECT_TRUE(seen.insert(u.department_id()).second) << u.department_id() << " twice";
      missing += u.missing();
    }
    request.mutable_page()->set_page_token(page.page().next_page_token());
    ++pages;
  } while (!request.page().page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 16u);
  EXPECT_EQ(missing, 16);
}

TEST_F(InputsSecurityTest, RunValidationPagesItsViolationsAndCountsThemAll) {
  // The seed's three slips, for 2000.
  pb::SubmitDataPointsRequest submit;
  for (const pb::DataPoint& p : SeedIn(2000)) *submit.add_points() = p;
  pb::ImportSummary summary;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(admin_->SubmitDataPoints(&context, submit, &summary).ok());
  }
  pb::RunValidationRequest request;
  *request.mutable_period() = Year(2000);
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  request.mutable_page()->set_page_size(2);
  pb::RunValidationResponse first;
  grpc::Status s = Call(*admin_, &pb::StatisticsService::Stub::RunValidation, request, &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(first.violations_size(), 2);
  EXPECT_EQ(first.violation_count(), 3);
  ASSERT_FALSE(first.page().next_page_token().empty());
  request.mutable_page()->set_page_token(first.page().next_page_token());
  pb::RunValidationResponse rest;
  s = Call(*admin_, &pb::StatisticsService::Stub::RunValidation, request, &rest);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(rest.violations_size(), 1);
  EXPECT_EQ(rest.violation_count(), 3);
  EXPECT_EQ(rest.rules_evaluated(), first.rules_evaluated());
  EXPECT_TRUE(rest.page().next_page_token().empty());
  std::set<std::string> rules = {first.violations(0).rule_id(), first.violations(1).rule_id(),
                                 rest.violations(0).rule_id()};
  EXPECT_EQ(rules,
            (std::set<std::string>{"legality-review-breakdown", "mediation-court-referred-rate",
                                   "reconsideration-concluded-breakdown"}));
}

// ListOverdue, on a cases service of its own.
class OverdueSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "sec-inputs-overdue",
        testing::CaseOfficers({"sthjj-wang", "sthjj-li"}));
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
  }
  static void TearDownTestSuite() { delete servers_; }

  static std::unique_ptr<casespb::EnforcementCaseService::Stub> As(const std::string& token) {
    return casespb::EnforcementCaseService::NewStub(
        testing::AuthorizedChannel(servers_->cases().grpc_address(), token));
  }

  static testing::CasesServers* servers_;
};

testing::CasesServers* OverdueSecurityTest::servers_ = nullptr;

TEST_F(OverdueSecurityTest, ListOverdueAnswersAPageAtATimeAndCountsEveryCase) {
  // Five cases filed in January 2021 and never decided: all past their 90 days on 2021-06-01.
  auto clerk = As(testing::Token({"clerk"}, "jiyuan-sthjj", "clerk-jiyuan-sthjj"));
  std::vector<std::string> filed;
  for (int day = 4; day <= 8; ++day) {
    casespb::EnforcementCase c;
    grpc::Status s =
        Call(*clerk, &casespb::EnforcementCaseService::Stub::FileCase,
             testing::NewCase("jiyuan-sthjj", absl::StrCat("济环罚立〔2021〕", 100 + day, "号"),
                              D(2021, 1, day), {"sthjj-wang", "sthjj-li"}),
             &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    filed.push_back(c.id());
  }
  auto supervisor = As(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor"));
  casespb::ListOverdueRequest request;
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  *request.mutable_as_of() = D(2021, 6, 1);
  request.mutable_page()->set_page_size(2);
  std::vector<std::string> listed;
  int pages = 0;
  do {
    casespb::ListOverdueResponse page;
    grpc::Status s =
        Call(*supervisor, &casespb::EnforcementCaseService::Stub::ListOverdue, request, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_LE(page.cases_size(), 2);
    // The counts cover every case on every page.
    EXPECT_EQ(page.case_count(), 5);
    ASSERT_EQ(page.departments_size(), 1);
    EXPECT_EQ(page.departments(0).decisions(), 5);
    for (const casespb::OverdueCase& c : page.cases()) listed.push_back(c.case_id());
    request.mutable_page()->set_page_token(page.page().next_page_token());
    ++pages;
  } while (!request.page().page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  // Each case once, none left out.
  std::sort(listed.begin(), listed.end());
  std::sort(filed.begin(), filed.end());
  EXPECT_EQ(listed, filed);
}

}  // namespace
}  // namespace fazhi

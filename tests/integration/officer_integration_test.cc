// Starts the real fazhi-department binary (on the backend FAZHI_TEST_BACKEND names) and drives
// OfficerService over gRPC as the cases service and a clerk's front end would: loads the seed
// units and the demo officers, registers officers in 司法局 and 下冶镇, records their
// certificates' histories, asks ValidateOfficers across states and dates, sends each kind of bad
// input (and checks through the audit log that nothing was written), and checks that an ID
// number never shows in clear in a response or in the server's log.
//
// The tests share one server but not an order: the seed units and the demo officers are loaded
// in SetUpTestSuite; the officers and certificates of 司法局 and 下冶镇 (units without demo
// officers) are built once by whichever test needs them first (RecordCertificates) and changed
// by no test afterwards; a test that changes an officer registers its own.

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/date.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "services/department/demo/officers.h"
#include "tests/support/auth.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

namespace pb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;
using ::fazhi::testing::ServerProcess;

// Synthetic numbers with valid GB 11643-1999 check characters.
constexpr char kWangIdNumber[] = "410881198507151233";
constexpr char kLiIdNumber[] = "410881199003070020";
constexpr char kZhouIdNumber[] = "410881199206110029";
// kWangIdNumber with the check digit mistyped.
constexpr char kInvalidIdNumber[] = "410881198507151234";

using ::fazhi::testing::D;

class OfficerIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
    ASSERT_TRUE(t.ok()) << t.status();
    database_ = t->release();
    std::string log = (std::filesystem::temp_directory_path() /
                       absl::StrCat("fazhi-officer-it-", getpid(), ".log"))
                          .string();
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY,
        {absl::StrCat("--database_url=", database_->url()), "--page_token_secret=integration"},
        log);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    channel_ = new std::shared_ptr<grpc::Channel>(testing::AuthorizedChannel(
        server_->grpc_address(), testing::Token({"admin"}, "", "clerk-integration")));
    departments_ = pb::DepartmentService::NewStub(*channel_).release();
    officers_ = pb::OfficerService::NewStub(*channel_).release();
    audit_ = cpb::AuditService::NewStub(*channel_).release();
    absl::StatusOr<int> units = demo::LoadJiyuanUnits(*departments_);
    ASSERT_TRUE(units.ok()) << units.status();
    absl::StatusOr<int> demo_officers = demo::LoadDemoOfficers(*officers_);
    ASSERT_TRUE(demo_officers.ok()) << demo_officers.status();
    ASSERT_EQ(*demo_officers, demo::kDemoOfficers);
  }
  static void TearDownTestSuite() {
    delete audit_;
    delete officers_;
    delete departments_;
    delete channel_;
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown should exit 0";
    }
    delete server_;
    delete database_;
  }

  template <typename Request, typename Response>
  static grpc::Status Call(grpc::Status (pb::OfficerService::Stub::*rpc)(grpc::ClientContext*,
                                                                         const Request&, Response*),
                           const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return (officers_->*rpc)(&context, request, response);
  }

  static grpc::Status Create(const std::string& id, const std::string& department,
                             const std::string& name, const std::string& id_number,
                             pb::Officer* out, const std::string& request_id = "") {
    pb::CreateOfficerRequest r;
    r.set_officer_id(id);
    r.set_request_id(request_id);
    r.mutable_officer()->set_department_id(department);
    r.mutable_officer()->set_name(name);
    r.mutable_officer()->set_id_number(id_number);
    grpc::Status s = Call(&pb::OfficerService::Stub::CreateOfficer, r, out);
    if (s.ok()) registered_.insert(out->id());
    return s;
  }
  static grpc::Status Issue(const std::string& number, const std::string& officer,
                            const cpb::Date& issue, const cpb::Date& expiry, pb::Certificate* out) {
    pb::IssueCertificateRequest r;
    r.mutable_certificate()->set_number(number);
    r.mutable_certificate()->set_officer_id(officer);
    *r.mutable_certificate()->mutable_issue_date() = issue;
    *r.mutable_certificate()->mutable_expiry_date() = expiry;
    r.set_reason("法律知识考试合格");
    return Call(&pb::OfficerService::Stub::IssueCertificate, r, out);
  }
  static grpc::Status Suspend(const std::string& number, const cpb::Date& day,
                              const std::string& reason, pb::Certificate* out) {
    pb::SuspendCertificateRequest r;
    r.set_number(number);
    *r.mutable_effective_date() = day;
    r.set_reason(reason);
    return Call(&pb::OfficerService::Stub::SuspendCertificate, r, out);
  }
  static grpc::Status Reinstate(const std::string& number, const cpb::Date& day,
                                pb::Certificate* out) {
    pb::ReinstateCertificateRequest r;
    r.set_number(number);
    *r.mutable_effective_date() = day;
    return Call(&pb::OfficerService::Stub::ReinstateCertificate, r, out);
  }
  static grpc::Status Revoke(const std::string& number, const cpb::Date& day,
                             const std::string& reason, pb::Certificate* out) {
    pb::RevokeCertificateRequest r;
    r.set_number(number);
    *r.mutable_effective_date() = day;
    r.set_reason(reason);
    return Call(&pb::OfficerService::Stub::RevokeCertificate, r, out);
  }
  static grpc::Status Renew(const std::string& number, const cpb::Date& day,
                            const cpb::Date& expiry, pb::Certificate* out) {
    pb::RenewCertificateRequest r;
    r.set_number(number);
    *r.mutable_effective_date() = day;
    *r.mutable_new_expiry_date() = expiry;
    return Call(&pb::OfficerService::Stub::RenewCertificate, r, out);
  }
  static pb::ValidateOfficersResponse Validate(const std::string& department,
                                               const std::vector<std::string>& ids,
                                               std::optional<cpb::Date> at) {
    pb::ValidateOfficersRequest r;
    r.set_department_id(department);
    for (const std::string& id : ids) r.add_officer_ids(id);
    if (at) *r.mutable_at() = *at;
    pb::ValidateOfficersResponse out;
    grpc::Status s = Call(&pb::OfficerService::Stub::ValidateOfficers, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  // Every entry in the server's audit log.
  static std::vector<cpb::AuditEntry> AuditLog(const std::string& type = "",
                                               const std::string& id = "") {
    std::vector<cpb::AuditEntry> all;
    cpb::ListAuditEntriesRequest r;
    r.set_target_type(type);
    r.set_target_id(id);
    r.mutable_page()->set_page_size(1000);
    while (true) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      cpb::ListAuditEntriesResponse page;
      grpc::Status s = audit_->ListAuditEntries(&context, r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), page.entries().begin(), page.entries().end());
      if (page.page().next_page_token().empty()) break;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
    return all;
  }
  static std::vector<pb::Officer> ListAll(pb::ListOfficersRequest r, int page_size, int* pages) {
    std::vector<pb::Officer> all;
    *pages = 0;
    r.mutable_page()->set_page_size(page_size);
    while (true) {
      pb::ListOfficersResponse page;
      grpc::Status s = Call(&pb::OfficerService::Stub::ListOfficers, r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      ++*pages;
      all.insert(all.end(), page.officers().begin(), page.officers().end());
      if (page.page().next_page_token().empty()) break;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
    return all;
  }

  // The officers and certificates the story tests read: 王建军, 李秀英, 张伟 and 陈静 in 司法局,
  // 赵磊, 马强 and one with a server-assigned id in 下冶镇 (units without demo officers), and
  // the certificates' histories. Each is built once, by whichever test calls first, with the
  // checks of what every call answered; a build that failed fails every later caller too.
  enum class Built { kNotYet, kBuilding, kDone };
  static void RegisterOfficers() {
    static Built state = Built::kNotYet;
    if (state == Built::kDone) return;
    ASSERT_EQ(state, Built::kNotYet) << "registering the officers failed in an earlier test";
    state = Built::kBuilding;
    pb::Officer wang;
    grpc::Status s = Create("wang", "jiyuan-sfj", "王建军", kWangIdNumber, &wang, "it-wang");
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(wang.id_number(), "410881********1233");
    EXPECT_EQ(wang.department_id(), "jiyuan-sfj");
    EXPECT_EQ(wang.status(), pb::OFFICER_STATUS_ACTIVE);
    EXPECT_EQ(wang.etag(), "\"1\"");
    EXPECT_FALSE(wang.has_current_certificate());
    pb::Officer out;
    ASSERT_TRUE(Create("li", "jiyuan-sfj", "李秀英", kLiIdNumber, &out).ok());
    EXPECT_EQ(out.id_number(), "410881********0020");
    ASSERT_TRUE(Create("zhang", "jiyuan-sfj", "张伟", "", &out).ok());
    EXPECT_EQ(out.id_number(), "");
    // A lower-case check character is accepted and stored upper-case.
    ASSERT_TRUE(Create("chen", "jiyuan-sfj", "陈静", "11010519491231002x", &out).ok());
    EXPECT_EQ(out.id_number(), "110105********002X");
    ASSERT_TRUE(Create("zhao", "jiyuan-xiaye", "赵磊", "", &out).ok());
    ASSERT_TRUE(Create("ma", "jiyuan-xiaye", "马强", "", &out).ok());
    // Without an id, the server assigns one.
    ASSERT_TRUE(Create("", "jiyuan-xiaye", "朱红", "", &out).ok());
    EXPECT_EQ(out.id().rfind("officer-", 0), 0u) << out.id();
    state = Built::kDone;
  }
  static void RecordCertificates() {
    ASSERT_NO_FATAL_FAILURE(RegisterOfficers());
    static Built state = Built::kNotYet;
    if (state == Built::kDone) return;
    ASSERT_EQ(state, Built::kNotYet) << "recording the certificates failed in an earlier test";
    state = Built::kBuilding;
    pb::Certificate c;
    grpc::Status s = Issue("豫济执法字第0012号", "wang", D(2021, 1, 4), D(2023, 12, 31), &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(c.department_id(), "jiyuan-sfj");
    ASSERT_EQ(c.events_size(), 1);
    EXPECT_EQ(c.events(0).type(), pb::CERTIFICATE_EVENT_TYPE_ISSUE);
    // Today that certificate has lapsed, without anyone writing anything.
    EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_EXPIRED);

    ASSERT_TRUE(Issue("豫济执法字第0013号", "li", D(2021, 1, 4), D(2099, 12, 31), &c).ok());
    ASSERT_TRUE(Suspend("豫济执法字第0013号", D(2021, 6, 1), "涉嫌违规执法，停职检查", &c).ok());
    EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_SUSPENDED);
    s = Reinstate("豫济执法字第0013号", D(2021, 8, 16), &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_VALID);
    EXPECT_EQ(c.events_size(), 3);

    ASSERT_TRUE(Issue("豫济执法字第0014号", "zhang", D(2021, 1, 4), D(2099, 12, 31), &c).ok());
    s = Revoke("豫济执法字第0014号", D(2021, 9, 1), "违法实施行政处罚，吊销行政执法证", &c);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_REVOKED);

    ASSERT_TRUE(Issue("豫济执法字第1901号", "zhao", D(2021, 8, 10), D(2099, 8, 9), &c).ok());
    // Issued today for a certificate that takes effect next year.
    absl::CivilDay next_year(time_util::TodayInChina().year() + 1, 1, 1);
    ASSERT_TRUE(
        Issue("豫济执法字第1902号", "ma", D(next_year.year(), 1, 1), D(2099, 12, 31), &c).ok());
    EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_NOT_YET_VALID);
    state = Built::kDone;
  }

  static testing::TestDatabase* database_;
  static ServerProcess* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
  static pb::DepartmentService::Stub* departments_;
  static pb::OfficerService::Stub* officers_;
  static cpb::AuditService::Stub* audit_;
  // The ids of the officers the tests registered through Create() (the demo's aside).
  static std::set<std::string> registered_;
};

testing::TestDatabase* OfficerIntegrationTest::database_ = nullptr;
ServerProcess* OfficerIntegrationTest::server_ = nullptr;
std::shared_ptr<grpc::Channel>* OfficerIntegrationTest::channel_ = nullptr;
pb::DepartmentService::Stub* OfficerIntegrationTest::departments_ = nullptr;
pb::OfficerService::Stub* OfficerIntegrationTest::officers_ = nullptr;
cpb::AuditService::Stub* OfficerIntegrationTest::audit_ = nullptr;
std::set<std::string> OfficerIntegrationTest::registered_;

TEST_F(OfficerIntegrationTest, RegistersOfficersUnderSeedUnitsWithTheIdNumberMasked) {
  EXPECT_EQ(testing::CheckHealth(*channel_, "fazhi.department.v1.OfficerService").value_or(-1),
            testing::kServing);
  ASSERT_NO_FATAL_FAILURE(RegisterOfficers());
  // A retry with the same request id returns the first officer and writes nothing.
  size_t entries = AuditLog().size();
  pb::Officer again;
  ASSERT_TRUE(Create("wang-retry", "jiyuan-sfj", "王建军", kWangIdNumber, &again, "it-wang").ok());
  EXPECT_EQ(again.id(), "wang");
  EXPECT_EQ(AuditLog().size(), entries);

  pb::Officer out;
  pb::GetOfficerRequest get;
  get.set_id("wang");
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetOfficer, get, &out).ok());
  EXPECT_EQ(out.name(), "王建军");
  EXPECT_EQ(out.id_number(), "410881********1233");
}

TEST_F(OfficerIntegrationTest, RecordsCertificateHistories) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  pb::Certificate c;
  pb::GetCertificateRequest get;
  get.set_number("豫济执法字第0013号");
  *get.mutable_as_of() = D(2021, 7, 1);
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetCertificate, get, &c).ok());
  EXPECT_EQ(c.status(), pb::CERTIFICATE_STATUS_SUSPENDED);
  EXPECT_EQ(c.status_date().month(), 7);
  ASSERT_EQ(c.events_size(), 3);
  EXPECT_EQ(c.events(1).reason(), "涉嫌违规执法，停职检查");
  EXPECT_EQ(c.events(2).effective_date().day(), 16);

  pb::Officer li;
  pb::GetOfficerRequest get_officer;
  get_officer.set_id("li");
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetOfficer, get_officer, &li).ok());
  EXPECT_EQ(li.current_certificate().number(), "豫济执法字第0013号");
  EXPECT_EQ(li.current_certificate().status(), pb::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(li.current_certificate().events_size(), 0);
}

TEST_F(OfficerIntegrationTest, ValidatesOfficersAcrossStatesAndDates) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  struct Expect {
    pb::OfficerVerdict verdict;
    std::string words;
  };
  auto check = [](const pb::ValidateOfficersResponse& r, const std::vector<Expect>& expected,
                  int valid_count, const std::string& what) {
    ASSERT_EQ(r.validations_size(), static_cast<int>(expected.size())) << what;
    int valid = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      const pb::OfficerValidation& v = r.validations(static_cast<int>(i));
      EXPECT_EQ(v.verdict(), expected[i].verdict)
          << what << " " << v.officer_id() << ": " << v.reason();
      EXPECT_EQ(v.valid(), expected[i].verdict == pb::OFFICER_VERDICT_VALID) << v.officer_id();
      EXPECT_NE(v.reason().find(expected[i].words), std::string::npos)
          << what << " " << v.officer_id() << ": " << v.reason();
      valid += v.valid();
    }
    EXPECT_EQ(r.valid_count(), valid_count) << what;
    EXPECT_EQ(valid, valid_count) << what;
  };

  // 2021-07-01, while 李秀英 was suspended: in the order asked.
  pb::ValidateOfficersResponse r =
      Validate("jiyuan-sfj", {"wang", "li", "zhang", "chen", "zhao", "ghost"}, D(2021, 7, 1));
  EXPECT_EQ(r.at().year(), 2021);
  check(r,
        {{pb::OFFICER_VERDICT_VALID, "valid until 2023-12-31"},
         {pb::OFFICER_VERDICT_SUSPENDED, "涉嫌违规执法，停职检查"},
         {pb::OFFICER_VERDICT_VALID, "豫济执法字第0014号"},
         {pb::OFFICER_VERDICT_NO_CERTIFICATE, "陈静"},
         {pb::OFFICER_VERDICT_OTHER_DEPARTMENT, "济源市下冶镇人民政府"},
         {pb::OFFICER_VERDICT_UNKNOWN_OFFICER, "ghost"}},
        2, "2021-07-01");
  EXPECT_EQ(r.validations(0).certificate_number(), "豫济执法字第0012号");
  EXPECT_EQ(r.validations(0).officer_name(), "王建军");
  EXPECT_EQ(r.validations(0).expiry_date().year(), 2023);

  // After the reinstatement 李秀英 may act again; 张伟's certificate is revoked from 09-01.
  check(Validate("jiyuan-sfj", {"li", "zhang"}, D(2021, 9, 1)),
        {{pb::OFFICER_VERDICT_VALID, "李秀英"}, {pb::OFFICER_VERDICT_REVOKED, "吊销"}}, 1,
        "2021-09-01");
  check(Validate("jiyuan-sfj", {"li", "zhang"}, D(2021, 8, 31)),
        {{pb::OFFICER_VERDICT_VALID, "李秀英"}, {pb::OFFICER_VERDICT_VALID, "张伟"}}, 2,
        "2021-08-31");
  // Past expiry, and before the issue date.
  check(Validate("jiyuan-sfj", {"wang"}, D(2024, 1, 1)),
        {{pb::OFFICER_VERDICT_EXPIRED, "2023-12-31"}}, 0, "2024-01-01");
  check(Validate("jiyuan-sfj", {"wang"}, D(2021, 1, 3)),
        {{pb::OFFICER_VERDICT_NOT_YET_VALID, "2021-01-04"}}, 0, "2021-01-03");
  // The town's view: its own officer is valid, the bureau's is not the town's.
  check(Validate("jiyuan-xiaye", {"zhao", "wang", "ma"}, D(2021, 9, 1)),
        {{pb::OFFICER_VERDICT_VALID, "赵磊"},
         {pb::OFFICER_VERDICT_OTHER_DEPARTMENT, "济源市司法局"},
         {pb::OFFICER_VERDICT_NOT_YET_VALID, "豫济执法字第1902号"}},
        1, "kejing");
  // Without a date: today in China.
  pb::ValidateOfficersResponse today = Validate("jiyuan-sfj", {"li", "wang"}, std::nullopt);
  absl::CivilDay day = time_util::TodayInChina();
  EXPECT_EQ(today.at().year(), day.year());
  check(today, {{pb::OFFICER_VERDICT_VALID, "李秀英"}, {pb::OFFICER_VERDICT_EXPIRED, "2023-12-31"}},
        1, "today");
}

TEST_F(OfficerIntegrationTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  size_t entries_before = AuditLog().size();
  int pages = 0;
  size_t officers_before = ListAll({}, 1000, &pages).size();
  struct Case {
    std::string what;
    std::function<grpc::Status()> call;
    grpc::StatusCode code;
    std::string words;
  };
  pb::Officer officer;
  pb::Certificate cert;
  pb::ValidateOfficersResponse validated;
  std::vector<Case> cases = {
      {"unknown department", [&] { return Create("sun", "jiyuan-nowhere", "孙丽", "", &officer); },
       grpc::StatusCode::INVALID_ARGUMENT, "officer.department_id"},
      {"invalid ID number",
       [&] { return Create("sun", "jiyuan-sfj", "孙丽", kInvalidIdNumber, &officer); },
       grpc::StatusCode::INVALID_ARGUMENT, "officer.id_number"},
      {"ID number of another officer",
       [&] { return Create("sun", "jiyuan-sfj", "孙丽", kWangIdNumber, &officer); },
       grpc::StatusCode::ALREADY_EXISTS, "officer.id_number"},
      {"masked ID number",
       [&] { return Create("sun", "jiyuan-sfj", "孙丽", "410881********1233", &officer); },
       grpc::StatusCode::INVALID_ARGUMENT, "officer.id_number"},
      {"empty name", [&] { return Create("sun", "jiyuan-sfj", "", "", &officer); },
       grpc::StatusCode::INVALID_ARGUMENT, "officer.name"},
      {"taken officer id", [&] { return Create("wang", "jiyuan-sfj", "王", "", &officer); },
       grpc::StatusCode::ALREADY_EXISTS, "officer_id"},
      {"duplicate certificate number",
       [&] { return Issue("豫济执法字第0012号", "chen", D(2022, 1, 1), D(2026, 12, 31), &cert); },
       grpc::StatusCode::ALREADY_EXISTS, "certificate.number"},
      {"expiry before issue",
       [&] { return Issue("豫济执法字第0015号", "chen", D(2022, 1, 1), D(2021, 12, 31), &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "certificate.expiry_date"},
      {"not a calendar date",
       [&] { return Issue("豫济执法字第0015号", "chen", D(2022, 2, 30), D(2026, 12, 31), &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "certificate.issue_date"},
      {"unknown officer",
       [&] { return Issue("豫济执法字第0015号", "ghost", D(2022, 1, 1), D(2026, 12, 31), &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "certificate.officer_id"},
      {"second certificate while the first is in force",
       [&] { return Issue("豫济执法字第0015号", "li", D(2022, 1, 1), D(2026, 12, 31), &cert); },
       grpc::StatusCode::FAILED_PRECONDITION, "豫济执法字第0013号"},
      {"revoking twice",
       [&] { return Revoke("豫济执法字第0014号", D(2021, 10, 1), "再次吊销", &cert); },
       grpc::StatusCode::FAILED_PRECONDITION, "already revoked"},
      {"suspending a revoked certificate",
       [&] { return Suspend("豫济执法字第0014号", D(2021, 10, 1), "停职", &cert); },
       grpc::StatusCode::FAILED_PRECONDITION, "already revoked"},
      {"reinstating a certificate that is not suspended",
       [&] { return Reinstate("豫济执法字第0013号", D(2021, 10, 1), &cert); },
       grpc::StatusCode::FAILED_PRECONDITION, "not suspended"},
      {"event before the previous one",
       [&] { return Suspend("豫济执法字第0013号", D(2021, 8, 1), "停职", &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "effective_date"},
      {"event before the issue",
       [&] { return Revoke("豫济执法字第1901号", D(2021, 8, 9), "吊销", &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "effective_date"},
      {"renewal that does not extend",
       [&] { return Renew("豫济执法字第0013号", D(2022, 1, 1), D(2099, 12, 31), &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "new_expiry_date"},
      {"revocation without a reason",
       [&] { return Revoke("豫济执法字第0013号", D(2022, 1, 1), "", &cert); },
       grpc::StatusCode::INVALID_ARGUMENT, "reason"},
      {"unknown certificate",
       [&] { return Revoke("豫济执法字第9999号", D(2022, 1, 1), "吊销", &cert); },
       grpc::StatusCode::NOT_FOUND, "number"},
      {"validating for an unknown department",
       [&] {
         pb::ValidateOfficersRequest r;
         r.set_department_id("jiyuan-nowhere");
         r.add_officer_ids("wang");
         return Call(&pb::OfficerService::Stub::ValidateOfficers, r, &validated);
       },
       grpc::StatusCode::NOT_FOUND, "department_id"},
      {"one officer counted twice",
       [&] {
         pb::ValidateOfficersRequest r;
         r.set_department_id("jiyuan-sfj");
         r.add_officer_ids("li");
         r.add_officer_ids("li");
         return Call(&pb::OfficerService::Stub::ValidateOfficers, r, &validated);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "officer_ids[1]"},
      {"no officers",
       [&] {
         pb::ValidateOfficersRequest r;
         r.set_department_id("jiyuan-sfj");
         return Call(&pb::OfficerService::Stub::ValidateOfficers, r, &validated);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "officer_ids"},
      {"unknown status",
       [&] {
         pb::UpdateOfficerRequest r;
         r.mutable_officer()->set_id("chen");
         r.mutable_officer()->set_etag("\"1\"");
         r.mutable_officer()->set_status(static_cast<pb::OfficerStatus>(9));
         r.mutable_update_mask()->add_paths("status");
         return Call(&pb::OfficerService::Stub::UpdateOfficer, r, &officer);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "officer.status"},
  };
  for (const Case& c : cases) {
    grpc::Status s = c.call();
    EXPECT_EQ(s.error_code(), c.code) << c.what << ": " << s.error_message();
    EXPECT_NE(s.error_message().find(c.words), std::string::npos)
        << c.what << ": " << s.error_message();
    EXPECT_EQ(s.error_message().find(kInvalidIdNumber), std::string::npos) << c.what;
    EXPECT_EQ(s.error_message().find(kWangIdNumber), std::string::npos) << c.what;
  }
  EXPECT_EQ(AuditLog().size(), entries_before) << "a refused call wrote to the audit log";
  EXPECT_EQ(ListAll({}, 1000, &pages).size(), officers_before) << "a refused call wrote";
  pb::GetCertificateRequest get;
  get.set_number("豫济执法字第0013号");
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetCertificate, get, &cert).ok());
  EXPECT_EQ(cert.events_size(), 3);
}

TEST_F(OfficerIntegrationTest, UpdateNeedsTheEtagAndMovesOnlyOfficersWithoutCertificates) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  // An officer of this test's own, without a certificate, moved from 审计局 to 玉泉街道 (units
  // no other test lists).
  pb::Officer zhou;
  grpc::Status s = Create("zhou", "jiyuan-sjj", "周敏", kZhouIdNumber, &zhou);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::GetOfficerRequest get;
  get.set_id("zhou");
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetOfficer, get, &zhou).ok());
  pb::UpdateOfficerRequest move;
  *move.mutable_officer() = zhou;  // carries the masked ID number, which the mask leaves alone
  move.mutable_officer()->set_department_id("jiyuan-yuquan");
  move.mutable_update_mask()->add_paths("department_id");
  pb::Officer out;
  s = Call(&pb::OfficerService::Stub::UpdateOfficer, move, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(out.department_id(), "jiyuan-yuquan");
  EXPECT_EQ(out.etag(), "\"2\"");
  EXPECT_EQ(out.id_number(), "410881********0029");
  // The same request again carries a stale etag.
  s = Call(&pb::OfficerService::Stub::UpdateOfficer, move, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED) << s.error_message();
  EXPECT_NE(s.error_message().find("officer.etag"), std::string::npos);

  // 李秀英 holds a certificate in force for the bureau: she cannot simply be moved.
  get.set_id("li");
  pb::Officer li;
  ASSERT_TRUE(Call(&pb::OfficerService::Stub::GetOfficer, get, &li).ok());
  move.mutable_officer()->set_id("li");
  move.mutable_officer()->set_etag(li.etag());
  s = Call(&pb::OfficerService::Stub::UpdateOfficer, move, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_NE(s.error_message().find("豫济执法字第0013号"), std::string::npos);

  std::vector<cpb::AuditEntry> zhou_log = AuditLog("officer", "zhou");
  ASSERT_EQ(zhou_log.size(), 2u);
  EXPECT_EQ(zhou_log[1].action(), "update");
  EXPECT_EQ(zhou_log[1].changes(),
            "{\"department_id\":{\"from\":\"jiyuan-sjj\",\"to\":\"jiyuan-yuquan\"}}");
  EXPECT_EQ(zhou_log[1].actor(), "clerk-integration");
  EXPECT_EQ(zhou_log[1].rpc(), "/fazhi.department.v1.OfficerService/UpdateOfficer");
}

TEST_F(OfficerIntegrationTest, AuditLogRecordsEveryCertificateChange) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  std::vector<cpb::AuditEntry> log = AuditLog("certificate", "豫济执法字第0013号");
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].action(), "issue");
  EXPECT_EQ(log[0].rpc(), "/fazhi.department.v1.OfficerService/IssueCertificate");
  EXPECT_EQ(log[1].action(), "suspend");
  EXPECT_NE(log[1].changes().find("\"suspended_from\":{\"from\":\"\",\"to\":\"2021-06-01\"}"),
            std::string::npos)
      << log[1].changes();
  EXPECT_EQ(log[2].action(), "reinstate");
  EXPECT_EQ(log[2].rpc(), "/fazhi.department.v1.OfficerService/ReinstateCertificate");
  for (const cpb::AuditEntry& e : log) {
    EXPECT_EQ(e.actor(), "clerk-integration");
    EXPECT_FALSE(e.request_id().empty());
  }
  std::vector<cpb::AuditEntry> revoked = AuditLog("certificate", "豫济执法字第0014号");
  ASSERT_EQ(revoked.size(), 2u);
  EXPECT_EQ(revoked[1].action(), "revoke");
}

TEST_F(OfficerIntegrationTest, ListsOfficersAndEventsPageByPage) {
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  pb::ListOfficersRequest sfj;
  sfj.set_department_id("jiyuan-sfj");
  int pages = 0;
  std::vector<pb::Officer> officers = ListAll(sfj, 1, &pages);
  std::vector<std::string> ids;
  for (const pb::Officer& o : officers) ids.push_back(o.id());
  ASSERT_EQ(ids, (std::vector<std::string>{"chen", "li", "wang", "zhang"}));
  EXPECT_EQ(pages, 4);
  EXPECT_FALSE(officers[0].has_current_certificate());
  EXPECT_EQ(officers[3].current_certificate().status(), pb::CERTIFICATE_STATUS_REVOKED);

  // The quarter's changes, page by page.
  auto q3 = [&](const std::string& department, int page_size) {
    pb::ListCertificateEventsRequest r;
    r.set_department_id(department);
    *r.mutable_start_date() = D(2021, 7, 1);
    *r.mutable_end_date() = D(2021, 9, 30);
    r.mutable_page()->set_page_size(page_size);
    std::vector<std::string> events;
    for (int page_count = 1;; ++page_count) {
      if (page_count > 1000) {
        ADD_FAILURE() << "more than 1000 pages: the next page token does not advance";
        break;
      }
      pb::ListCertificateEventsResponse page;
      grpc::Status s = Call(&pb::OfficerService::Stub::ListCertificateEvents, r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      EXPECT_LE(page.events_size(), page_size);
      for (const pb::CertificateEvent& e : page.events()) {
        events.push_back(absl::StrFormat("%04d-%02d-%02d %s %s", e.effective_date().year(),
                                         e.effective_date().month(), e.effective_date().day(),
                                         e.certificate_number(),
                                         pb::CertificateEventType_Name(e.type())));
      }
      if (page.page().next_page_token().empty()) break;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
    return events;
  };
  // 2021 Q3 saw one reinstatement and one revocation in 司法局, and one issue in 下冶镇.
  const std::vector<std::string> story = {
      "2021-08-10 豫济执法字第1901号 CERTIFICATE_EVENT_TYPE_ISSUE",
      "2021-08-16 豫济执法字第0013号 CERTIFICATE_EVENT_TYPE_REINSTATE",
      "2021-09-01 豫济执法字第0014号 CERTIFICATE_EVENT_TYPE_REVOKE",
  };
  EXPECT_EQ(q3("jiyuan-sfj", 1), (std::vector<std::string>{story[1], story[2]}));
  EXPECT_EQ(q3("jiyuan-xiaye", 1), (std::vector<std::string>{story[0]}));
  // Across every unit (the demo officers' events too): each event once, in date order, and the
  // story's three among them in that order.
  std::vector<std::string> all = q3("", 2);
  EXPECT_TRUE(
      std::is_sorted(all.begin(), all.end(), [](const std::string& a, const std::string& b) {
        return a.substr(0, 10) < b.substr(0, 10);
      }));
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  std::vector<std::string> story_seen;
  for (const std::string& e : all) {
    if (std::find(story.begin(), story.end(), e) != story.end()) story_seen.push_back(e);
  }
  EXPECT_EQ(story_seen, story);
  pb::ListCertificateEventsRequest backwards;
  *backwards.mutable_start_date() = D(2021, 9, 30);
  *backwards.mutable_end_date() = D(2021, 7, 1);
  pb::ListCertificateEventsResponse page;
  grpc::Status s = Call(&pb::OfficerService::Stub::ListCertificateEvents, backwards, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("end_date"), std::string::npos);
}

TEST_F(OfficerIntegrationTest, DemoOfficersLoadOnceAndTwiceChangesNothing) {
  // SetUpTestSuite loaded them once; loading again names every officer and writes nothing.
  size_t entries = AuditLog().size();
  int pages = 0;
  size_t officers = ListAll({}, 1000, &pages).size();
  absl::StatusOr<int> loaded = demo::LoadDemoOfficers(*officers_);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(*loaded, demo::kDemoOfficers);
  EXPECT_EQ(AuditLog().size(), entries);
  EXPECT_EQ(ListAll({}, 1000, &pages).size(), officers);
  // The demo's histories: 张伟 suspended in the summer of 2021, 黄敏 revoked that October, and
  // 吴婷's old-format certificate lapsed at the end of 2021.
  pb::ValidateOfficersResponse r =
      Validate("jiyuan-sthjj", {"sthjj-zhangwei", "sthjj-lixiuying"}, D(2021, 7, 1));
  ASSERT_EQ(r.validations_size(), 2);
  EXPECT_EQ(r.validations(0).verdict(), pb::OFFICER_VERDICT_SUSPENDED);
  EXPECT_EQ(r.validations(1).verdict(), pb::OFFICER_VERDICT_VALID);
  r = Validate("jiyuan-cgj", {"cgj-huangmin", "cgj-zhaolei"}, D(2023, 1, 1));
  EXPECT_EQ(r.validations(0).verdict(), pb::OFFICER_VERDICT_REVOKED);
  EXPECT_EQ(r.valid_count(), 1);
  r = Validate("jiyuan-zrzyj", {"zrzyj-wuting"}, D(2022, 1, 1));
  EXPECT_EQ(r.validations(0).verdict(), pb::OFFICER_VERDICT_EXPIRED);
}

TEST_F(OfficerIntegrationTest, AUnitWithServingOfficersCannotBeDissolved) {
  grpc::ClientContext get_context;
  pb::GetDepartmentRequest get;
  get.set_id("jiyuan-sthjj");
  pb::Department unit;
  ASSERT_TRUE(departments_->GetDepartment(&get_context, get, &unit).ok());
  grpc::ClientContext context;
  pb::DissolveDepartmentRequest dissolve;
  dissolve.set_id("jiyuan-sthjj");
  dissolve.set_etag(unit.etag());
  pb::Department out;
  grpc::Status s = departments_->DissolveDepartment(&context, dissolve, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_NE(s.error_message().find("serving officers"), std::string::npos) << s.error_message();
}

TEST_F(OfficerIntegrationTest, IdNumbersNeverAppearInClear) {
  // Numbers this test knows were sent: the story officers' (valid), and an invalid one.
  ASSERT_NO_FATAL_FAILURE(RecordCertificates());
  pb::Officer refused;
  EXPECT_EQ(Create("sun", "jiyuan-sfj", "孙丽", kInvalidIdNumber, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  int pages = 0;
  std::vector<pb::Officer> all = ListAll({}, 7, &pages);
  // Every officer: the demo's and each one the tests registered so far.
  EXPECT_EQ(all.size(), registered_.size() + demo::kDemoOfficers);
  std::set<std::string> listed;
  for (const pb::Officer& o : all) listed.insert(o.id());
  for (const std::string& id : registered_) EXPECT_TRUE(listed.count(id)) << id;
  for (const pb::Officer& o : all) {
    EXPECT_TRUE(o.id_number().empty() || o.id_number().find("********") == 6)
        << o.id() << ": " << o.id_number();
  }
  std::string log = server_->Log();
  EXPECT_NE(log.find("OfficerService"), std::string::npos) << "the server logged no calls";
  // The numbers sent, valid and invalid, and their birth dates, are nowhere in the log.
  for (const char* secret :
       {kWangIdNumber, kLiIdNumber, kInvalidIdNumber, kZhouIdNumber, "19850715", "19900307",
        "19920611", "11010519491231002", "410881197806123414"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " appears in the server log";
  }
  for (const cpb::AuditEntry& e : AuditLog()) {
    EXPECT_EQ(e.changes().find("19850715"), std::string::npos) << e.changes();
  }
}

}  // namespace
}  // namespace fazhi::department

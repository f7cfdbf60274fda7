// Authorisation over gRPC against the real fazhi-department binary: every RPC of every service it
// serves is in the policy table, and every RPC answers every role as the table says; bad tokens
// are UNAUTHENTICATED; a clerk of 生态环境局 cannot write for 市场监督管理局; and every denial is
// in the audit log with principal, RPC, target and request id, having written nothing.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/auth/policy.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/cases/v1/review.grpc.pb.h"
#include "fazhi/cases/v1/supervision.grpc.pb.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "fazhi/reports/v1/reports.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/power_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

// The services fazhi-department serves (gRPC's own health and reflection are checked by name).
const std::vector<std::string>& ServedServices() {
  static const auto* services = new std::vector<std::string>{
      "fazhi.department.v1.DepartmentService", "fazhi.department.v1.PowerListService",
      "fazhi.department.v1.OfficerService", "fazhi.common.v1.AuditService"};
  return *services;
}

// Sets the string at a dotted field path, creating the messages on the way.
void SetField(Message* message, absl::string_view path, const std::string& value) {
  std::vector<std::string> parts = absl::StrSplit(path, '.');
  for (size_t i = 0; i < parts.size(); ++i) {
    const FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(parts[i]);
    ASSERT_NE(field, nullptr) << path;
    if (i + 1 == parts.size()) {
      message->GetReflection()->SetString(message, field, value);
    } else {
      message = message->GetReflection()->MutableMessage(message, field);
    }
  }
}

struct Caller {
  std::string name;
  std::string token;  // empty: anonymous
  std::optional<auth::Principal> principal;
};

class SecurityIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
    ASSERT_TRUE(t.ok()) << t.status();
    database_ = t->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY, {absl::StrCat("--database_url=", database_->url())},
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-sec-it-", getpid(), ".log"))
            .string());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    auto admin = testing::AuthorizedChannel(server_->grpc_address(), testing::AdminToken());
    auto units = pb::DepartmentService::NewStub(admin);
    ASSERT_TRUE(department::demo::LoadJiyuanUnits(*units).ok());
    // One power item and one officer of each of two units, for record-based rules.
    auto powers = pb::PowerListService::NewStub(admin);
    auto officers = pb::OfficerService::NewStub(admin);
    for (const std::string unit : {"jiyuan-sthjj", "jiyuan-scjgj"}) {
      pb::CreatePowerItemRequest item =
          testing::NewPowerItem(unit, absl::StrCat(unit, "-item"), "SEC-1");
      grpc::ClientContext c1;
      pb::PowerItem created;
      ASSERT_TRUE(powers->CreatePowerItem(&c1, item, &created).ok());
      pb::CreateOfficerRequest officer;
      officer.set_officer_id(absl::StrCat(unit, "-officer"));
      officer.mutable_officer()->set_department_id(unit);
      officer.mutable_officer()->set_name("王芳");
      grpc::ClientContext c2;
      pb::Officer out;
      grpc::Status s = officers->CreateOfficer(&c2, officer, &out);
      ASSERT_TRUE(s.ok()) << s.error_message();
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }

  static std::vector<Caller> Callers() {
    auto principal = [](std::vector<auth::Role> roles, std::string department,
                        std::string subject = "x") {
      auth::Principal p;
      p.subject = std::move(subject);
      p.roles.insert(roles.begin(), roles.end());
      p.department_id = std::move(department);
      p.service_account = p.HasRole(auth::Role::kService);
      return std::optional<auth::Principal>(p);
    };
    return {
        {"anonymous", "", std::nullopt},
        {"admin", testing::Token({"admin"}), principal({auth::Role::kAdmin}, "")},
        {"supervisor", testing::Token({"supervisor"}, "jiyuan-sfj"),
         principal({auth::Role::kSupervisor}, "jiyuan-sfj")},
        {"clerk of 生态环境局", testing::Token({"clerk"}, "jiyuan-sthjj", "zhang.san"),
         principal({auth::Role::kClerk}, "jiyuan-sthjj")},
        {"publisher", testing::Token({"publisher"}, "jiyuan-sfj"),
         principal({auth::Role::kPublisher}, "jiyuan-sfj")},
        {"service", testing::Token({"service"}, "", "fazhi-cases"),
         principal({auth::Role::kService}, "", "fazhi-cases")},
    };
  }

  // Calls method with request as caller; returns the status code.
  static grpc::Status Call(const std::string& method, const Message& request,
                           const std::string& token, const std::string& request_id = "") {
    auto channel = token.empty() ? grpc::CreateChannel(server_->grpc_address(),
                                                       grpc::InsecureChannelCredentials())
                                 : testing::AuthorizedChannel(server_->grpc_address(), token);
    grpc::GenericStub stub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
    std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer in(&slice, 1), out;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    grpc::Status status;
    stub.UnaryCall(&context, method, grpc::StubOptions(), &in, &out, [&](grpc::Status s) {
      std::lock_guard<std::mutex> lock(mu);
      status = std::move(s);
      done = true;
      cv.notify_one();
    });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    return status;
  }

  static testing::TestDatabase* database_;
  static testing::ServerProcess* server_;
};

testing::TestDatabase* SecurityIntegrationTest::database_ = nullptr;
testing::ServerProcess* SecurityIntegrationTest::server_ = nullptr;

TEST_F(SecurityIntegrationTest, EveryServedRpcHasAPolicyAndEveryPolicyAnRpc) {
  std::set<std::string> served{"/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch",
                               "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"};
  // Every fazhi service's API, not only this binary's: the table is shared.
  std::vector<std::string> services = ServedServices();
  services.push_back("fazhi.statistics.v1.StatisticsService");
  statistics::v1::Indicator::descriptor();  // links the statistics protos into this binary
  for (const char* cases_service :
       {"EnforcementCaseService", "SupervisionService", "ReconsiderationService",
        "LitigationService", "CaseFiguresService"}) {
    services.push_back(absl::StrCat("fazhi.cases.v1.", cases_service));
  }
  // and the cases protos, one message of each file
  cases::v1::EnforcementCase::descriptor();
  cases::v1::MajorCaseFiling::descriptor();
  cases::v1::Reconsideration::descriptor();
  cases::v1::SummarizeCasesRequest::descriptor();
  services.push_back("fazhi.reports.v1.ReportService");
  reports::v1::Report::descriptor();
  for (const std::string& name : services) {
    const auto* service = DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      std::string method = absl::StrCat("/", name, "/", service->method(i)->name());
      served.insert(method);
      EXPECT_NE(auth::FindPolicy(method), nullptr) << method << " is missing from the policy";
    }
  }
  // And the table names no RPC that does not exist (a renamed RPC would leave a stale rule).
  for (const std::string& method : auth::PolicyMethods()) {
    EXPECT_TRUE(served.count(method)) << method << " is in the policy but not served";
  }
}

TEST_F(SecurityIntegrationTest, EveryRpcAnswersEveryRoleAsThePolicySays) {
  int checked = 0;
  for (const std::string& name : ServedServices()) {
    const auto* service = DescriptorPool::generated_pool()->FindServiceByName(name);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* method = service->method(i);
      if (method->client_streaming() || method->server_streaming()) continue;
      std::string full = absl::StrCat("/", name, "/", method->name());
      const auth::RpcPolicy* policy = auth::FindPolicy(full);
      ASSERT_NE(policy, nullptr) << full;
      // For own-department rules, a request aimed at the clerk's own unit and one at another.
      std::vector<std::pair<std::string, std::string>> targets{{"", ""}};
      if (policy->access == auth::Access::kOwnDepartment) {
        targets = {{"jiyuan-sthjj", "jiyuan-sthjj"}, {"jiyuan-scjgj", "jiyuan-scjgj"}};
      }
      for (const auto& [target, unit] : targets) {
        std::unique_ptr<Message> request(
            MessageFactory::generated_factory()->GetPrototype(method->input_type())->New());
        if (!policy->target.department_field.empty()) {
          SetField(request.get(), policy->target.department_field, unit);
        } else if (!policy->target.record_field.empty()) {
          std::string suffix = policy->target.record_kind == "officer" ? "-officer" : "-item";
          SetField(request.get(), policy->target.record_field, absl::StrCat(unit, suffix));
        }
        for (const Caller& caller : Callers()) {
          absl::Status expected = auth::Authorize(full, *policy, caller.principal, target);
          grpc::Status got = Call(full, *request, caller.token);
          std::string where =
              absl::StrCat(full, " as ", caller.name, " for '", target, "': ", got.error_message());
          if (expected.ok()) {
            EXPECT_NE(got.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
            EXPECT_NE(got.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
          } else {
            EXPECT_EQ(static_cast<int>(got.error_code()), static_cast<int>(expected.code()))
                << where;
          }
          ++checked;
        }
      }
    }
  }
  EXPECT_GT(checked, 6 * 35);
}

TEST_F(SecurityIntegrationTest, BadTokensAreUnauthenticated) {
  pb::ListDepartmentsRequest request;
  std::string other_key = (std::filesystem::temp_directory_path() /
                           absl::StrCat("fazhi-sec-other-", getpid(), "/other.key"))
                              .string();
  for (const auto& [what, token] : std::vector<std::pair<std::string, std::string>>{
           {"expired", testing::Token({"admin"}, "", "", "--expired")},
           {"not yet valid", testing::Token({"admin"}, "", "", "--not-before-future")},
           {"wrong audience", testing::Token({"admin"}, "", "", "--audience wrong")},
           {"forged", testing::Token({"admin"}, "", "", absl::StrCat("--key ", other_key))},
           {"garbage", "not.a.token"}}) {
    grpc::Status s = Call("/fazhi.department.v1.DepartmentService/ListDepartments", request, token);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << what << ": " << s.error_message();
    EXPECT_EQ(s.error_message().find(token), std::string::npos) << "the token was echoed";
  }
  EXPECT_EQ(server_->Log().find(testing::AdminToken()), std::string::npos)
      << "a token reached the log";
}

// The audit entry of the call with request_id among those request lists, on any page (other
// tests' denials may come first: the log lists oldest first). Denials the interceptor refuses
// are written in the background (so a flood of them cannot slow other callers): wait for it,
// for at most five seconds.
std::optional<common::v1::AuditEntry> AwaitAuditEntry(
    common::v1::AuditService::Stub& supervisor, const common::v1::ListAuditEntriesRequest& request,
    const std::string& request_id) {
  absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (true) {
    common::v1::ListAuditEntriesRequest page = request;
    page.mutable_page()->set_page_size(1000);
    grpc::Status s;
    for (int pages = 0; pages < 100; ++pages) {
      grpc::ClientContext context;
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
      common::v1::ListAuditEntriesResponse entries;
      s = supervisor.ListAuditEntries(&context, page, &entries);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) return std::nullopt;
      for (const auto& e : entries.entries()) {
        if (e.request_id() == request_id) return e;
      }
      if (entries.page().next_page_token().empty()) break;
      page.mutable_page()->set_page_token(entries.page().next_page_token());
    }
    if (absl::Now() > give_up) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

TEST_F(SecurityIntegrationTest, AClerkCannotWriteForAnotherUnitAndTheDenialIsAudited) {
  pb::CreatePowerItemRequest item;
  item.set_item_id("sneaky-item");
  item.mutable_item()->set_department_id("jiyuan-scjgj");
  item.mutable_item()->set_code("SEC-2");
  item.mutable_item()->set_name("对无照经营的行政处罚");
  item.mutable_item()->set_category(pb::POWER_CATEGORY_PENALTY);
  item.mutable_item()->add_legal_basis()->set_law("《无证无照经营查处办法》");
  item.mutable_adjustment()->set_reason("新增");
  item.mutable_adjustment()->set_document("济管〔2021〕7号");
  item.mutable_adjustment()->mutable_date()->set_year(2021);
  item.mutable_adjustment()->mutable_date()->set_month(3);
  item.mutable_adjustment()->mutable_date()->set_day(1);
  std::string clerk = testing::Token({"clerk"}, "jiyuan-sthjj", "zhang.san");
  grpc::Status s = Call("/fazhi.department.v1.PowerListService/CreatePowerItem", item, clerk,
                        "sec-it-cross-unit-1");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_NE(s.error_message().find("jiyuan-scjgj"), std::string::npos) << s.error_message();
  // The same request for the clerk's own unit goes through.
  item.set_item_id("own-item");
  item.mutable_item()->set_department_id("jiyuan-sthjj");
  EXPECT_TRUE(Call("/fazhi.department.v1.PowerListService/CreatePowerItem", item, clerk).ok());

  // Nothing was written for the denied call...
  pb::GetPowerItemRequest get;
  get.set_id("sneaky-item");
  EXPECT_EQ(Call("/fazhi.department.v1.PowerListService/GetPowerItem", get, clerk).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // ...but its denial is in the audit log, which a clerk may not read and a supervisor may.
  common::v1::ListAuditEntriesRequest audit;
  audit.set_target_type("department");
  audit.set_target_id("jiyuan-scjgj");
  EXPECT_EQ(Call("/fazhi.common.v1.AuditService/ListAuditEntries", audit, clerk).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto supervisor = common::v1::AuditService::NewStub(testing::AuthorizedChannel(
      server_->grpc_address(), testing::Token({"supervisor"}, "jiyuan-sfj")));
  std::optional<common::v1::AuditEntry> found_denial =
      AwaitAuditEntry(*supervisor, audit, "sec-it-cross-unit-1");
  ASSERT_TRUE(found_denial.has_value());
  const common::v1::AuditEntry* denial = &*found_denial;
  EXPECT_EQ(denial->action(), "denied");
  EXPECT_EQ(denial->actor(), "zhang.san");
  EXPECT_EQ(denial->rpc(), "/fazhi.department.v1.PowerListService/CreatePowerItem");
  EXPECT_NE(denial->changes().find("PERMISSION_DENIED"), std::string::npos) << denial->changes();
  EXPECT_NE(denial->changes().find("\"principal_department\":\"jiyuan-sthjj\""), std::string::npos);

  // An anonymous call is audited too, under the RPC.
  common::v1::ListAuditEntriesRequest rpcs;
  rpcs.set_target_type("rpc");
  rpcs.set_target_id("CreateDepartment");
  EXPECT_EQ(Call("/fazhi.department.v1.DepartmentService/CreateDepartment",
                 pb::CreateDepartmentRequest(), "", "sec-it-anonymous-1")
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  std::optional<common::v1::AuditEntry> anonymous =
      AwaitAuditEntry(*supervisor, rpcs, "sec-it-anonymous-1");
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->actor(), "anonymous");
}

}  // namespace
}  // namespace fazhi

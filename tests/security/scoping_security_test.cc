// Scoping attacks against the real fazhi-department binary, each written as the attack it stops
// (issue 13, "Identity and scoping"):
//   - a clerk of 生态环境局 hands one of its officers to 市场监督管理局;
//   - a clerk of another unit learns whose an ID number is by trying to register it;
//   - a stolen service-account token reads what its service never needs;
//   - a publisher's account reads the officer registry;
//   - a power item is moved to another unit through UpdatePowerItem.

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/officer.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_call.h"
#include "tests/support/power_fixture.h"
#include "tests/support/statistics_servers.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;
using ::fazhi::testing::Call;

constexpr char kSthjj[] = "jiyuan-sthjj";  // 生态环境局
constexpr char kScjgj[] = "jiyuan-scjgj";  // 市场监督管理局
// Synthetic numbers with valid GB 11643-1999 check characters.
constexpr char kHeldIdNumber[] = "410881198507151233";

class ScopingSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<testing::DepartmentServer> server = testing::StartDepartment(
        FAZHI_DEPARTMENT_BINARY, (std::filesystem::temp_directory_path() /
                                  absl::StrCat("fazhi-scoping-security-", getpid(), ".log"))
                                     .string());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = new testing::DepartmentServer(*std::move(server));
  }
  static void TearDownTestSuite() {
    if (server_ != nullptr) EXPECT_EQ(server_->process->Stop(), 0);
    delete server_;
  }

  static std::shared_ptr<grpc::Channel> As(const std::string& token) {
    return testing::AuthorizedChannel(server_->process->grpc_address(), token);
  }
  static std::string ClerkOf(const std::string& unit) {
    return testing::Token({"clerk"}, unit, absl::StrCat("clerk-", unit));
  }
  static std::string SupervisorToken() {
    return testing::Token({"supervisor"}, "jiyuan-sfj", "sfj-supervisor");
  }

  // A new officer of unit, registered by its own clerk; ids are unique per test.
  static pb::Officer Register(const std::string& unit, const std::string& id,
                              const std::string& id_number = "") {
    auto officers = pb::OfficerService::NewStub(As(ClerkOf(unit)));
    pb::CreateOfficerRequest request;
    request.set_officer_id(id);
    request.mutable_officer()->set_department_id(unit);
    request.mutable_officer()->set_name("王建军");
    request.mutable_officer()->set_id_number(id_number);
    pb::Officer out;
    grpc::Status s = Call(*officers, &pb::OfficerService::Stub::CreateOfficer, request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static pb::Officer Read(const std::string& id) {
    auto officers = pb::OfficerService::NewStub(As(testing::AdminToken()));
    pb::GetOfficerRequest request;
    request.set_id(id);
    pb::Officer out;
    grpc::Status s = Call(*officers, &pb::OfficerService::Stub::GetOfficer, request, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // The audit entries about target (type, id), oldest first.
  static std::vector<cpb::AuditEntry> AuditOf(const std::string& type, const std::string& id) {
    auto audit = cpb::AuditService::NewStub(As(SupervisorToken()));
    cpb::ListAuditEntriesRequest request;
    request.set_target_type(type);
    request.set_target_id(id);
    request.mutable_page()->set_page_size(100);
    cpb::ListAuditEntriesResponse response;
    grpc::Status s = Call(*audit, &cpb::AuditService::Stub::ListAuditEntries, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  static inline testing::DepartmentServer* server_ = nullptr;
};

// UpdateOfficer is judged by the officer's unit now; the unit it moves to must be the caller's too.
TEST_F(ScopingSecurityTest, AClerkCannotHandAnOfficerToAnotherUnit) {
  pb::Officer officer = Register(kSthjj, "scoping-moved-officer");
  pb::UpdateOfficerRequest move;
  *move.mutable_officer() = officer;
  move.mutable_officer()->set_department_id(kScjgj);
  move.mutable_update_mask()->add_paths("department_id");
  auto officers = pb::OfficerService::NewStub(As(ClerkOf(kSthjj)));
  pb::Officer out;
  grpc::Status s = Call(*officers, &pb::OfficerService::Stub::UpdateOfficer, move, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_NE(s.error_message().find(kScjgj), std::string::npos) << s.error_message();
  // Nothing moved, and the refusal is in the audit log under the unit it aimed at.
  pb::Officer after = Read(officer.id());
  EXPECT_EQ(after.department_id(), kSthjj);
  EXPECT_EQ(after.etag(), officer.etag());
  // Written once the refused call's transaction is over, so it may trail the reply a little.
  bool audited = false;
  for (int attempt = 0; attempt < 50 && !audited; ++attempt) {
    if (attempt > 0) absl::SleepFor(absl::Milliseconds(100));
    for (const cpb::AuditEntry& e : AuditOf("department", kScjgj)) {
      if (e.action() == "denied" && e.actor() == absl::StrCat("clerk-", kSthjj) &&
          e.rpc() == "/fazhi.department.v1.OfficerService/UpdateOfficer") {
        audited = true;
      }
    }
  }
  EXPECT_TRUE(audited) << "the refused move is not in the audit log";
  // The receiving unit's clerk may not take the officer either: the call is judged by where the
  // officer is now.
  officers = pb::OfficerService::NewStub(As(ClerkOf(kScjgj)));
  s = Call(*officers, &pb::OfficerService::Stub::UpdateOfficer, move, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  // An admin may.
  officers = pb::OfficerService::NewStub(As(testing::AdminToken()));
  s = Call(*officers, &pb::OfficerService::Stub::UpdateOfficer, move, &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(Read(officer.id()).department_id(), kScjgj);
}

// Registering a number already held answers ALREADY_EXISTS; only those who may see the holder's
// personal data (the holder's unit, supervisors, admins) learn who holds it.
TEST_F(ScopingSecurityTest, RegisteringAHeldIdNumberDoesNotNameItsHolder) {
  pb::Officer holder = Register(kSthjj, "scoping-id-holder", kHeldIdNumber);
  pb::CreateOfficerRequest probe;
  probe.mutable_officer()->set_department_id(kScjgj);
  probe.mutable_officer()->set_name("李秀英");
  probe.mutable_officer()->set_id_number(kHeldIdNumber);
  auto stranger = pb::OfficerService::NewStub(As(ClerkOf(kScjgj)));
  pb::Officer out;
  grpc::Status s = Call(*stranger, &pb::OfficerService::Stub::CreateOfficer, probe, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_EQ(s.error_message().find(holder.id()), std::string::npos) << s.error_message();
  EXPECT_EQ(s.error_message().find(kHeldIdNumber), std::string::npos) << s.error_message();
  // The holder's own unit is told, to fix its register.
  probe.mutable_officer()->set_department_id(kSthjj);
  auto own = pb::OfficerService::NewStub(As(ClerkOf(kSthjj)));
  s = Call(*own, &pb::OfficerService::Stub::CreateOfficer, probe, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_NE(s.error_message().find(holder.id()), std::string::npos) << s.error_message();
}

// A service account makes only its service's calls: fazhi-statistics resolves units and nothing
// more, so its token cannot read the officer registry or write a unit.
TEST_F(ScopingSecurityTest, AStolenServiceTokenReachesOnlyItsServicesCalls) {
  std::string statistics = testing::Token({"service"}, "", "fazhi-statistics");
  auto units = pb::DepartmentService::NewStub(As(statistics));
  pb::GetDepartmentRequest get;
  get.set_id(kSthjj);
  pb::Department unit;
  grpc::Status s = Call(*units, &pb::DepartmentService::Stub::GetDepartment, get, &unit);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(unit.id(), kSthjj);

  auto officers = pb::OfficerService::NewStub(As(statistics));
  pb::ListOfficersRequest list;
  list.set_department_id(kSthjj);
  pb::ListOfficersResponse listed;
  s = Call(*officers, &pb::OfficerService::Stub::ListOfficers, list, &listed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_EQ(listed.officers_size(), 0);
  // A token that also claims admin is held to the same grants.
  std::string admin_claiming = testing::Token({"service", "admin"}, "", "fazhi-statistics");
  auto registry = pb::DepartmentService::NewStub(As(admin_claiming));
  pb::DissolveDepartmentRequest dissolve;
  dissolve.set_id(kSthjj);
  s = Call(*registry, &pb::DepartmentService::Stub::DissolveDepartment, dissolve, &unit);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  // fazhi-cases may check officers, which statistics may not.
  auto cases = pb::OfficerService::NewStub(As(testing::Token({"service"}, "", "fazhi-cases")));
  pb::ValidateOfficersRequest validate;
  validate.set_department_id(kSthjj);
  validate.add_officer_ids("nobody");
  pb::ValidateOfficersResponse verdicts;
  s = Call(*cases, &pb::OfficerService::Stub::ValidateOfficers, validate, &verdicts);
  EXPECT_TRUE(s.ok()) << s.error_message();
  s = Call(*officers, &pb::OfficerService::Stub::ValidateOfficers, validate, &verdicts);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
}

// A publication system's account publishes reports; it does not browse the officer registry.
TEST_F(ScopingSecurityTest, APublishersAccountDoesNotReadTheRegistry) {
  Register(kSthjj, "scoping-published-officer");
  auto officers =
      pb::OfficerService::NewStub(As(testing::Token({"publisher"}, "jiyuan-zfb", "portal")));
  pb::GetOfficerRequest get;
  get.set_id("scoping-published-officer");
  pb::Officer out;
  grpc::Status s = Call(*officers, &pb::OfficerService::Stub::GetOfficer, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  EXPECT_TRUE(out.id().empty());
}

// A power item carries its unit too, and no update moves it: department_id is not an updatable
// path, for any caller.
TEST_F(ScopingSecurityTest, APowerItemCannotBeMovedToAnotherUnit) {
  auto powers = pb::PowerListService::NewStub(As(ClerkOf(kSthjj)));
  pb::CreatePowerItemRequest create =
      testing::NewPowerItem(kSthjj, "scoping-power-item", "SCOPING-1");
  pb::PowerItem created;
  grpc::Status s = Call(*powers, &pb::PowerListService::Stub::CreatePowerItem, create, &created);
  ASSERT_TRUE(s.ok()) << s.error_message();
  for (const std::string& token : {ClerkOf(kSthjj), testing::AdminToken()}) {
    auto caller = pb::PowerListService::NewStub(As(token));
    pb::UpdatePowerItemRequest move;
    *move.mutable_item() = created;
    move.mutable_item()->set_department_id(kScjgj);
    move.mutable_update_mask()->add_paths("department_id");
    *move.mutable_adjustment() = create.adjustment();
    pb::PowerItem out;
    s = Call(*caller, &pb::PowerListService::Stub::UpdatePowerItem, move, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
    EXPECT_NE(s.error_message().find("update_mask"), std::string::npos) << s.error_message();
  }
  auto reader = pb::PowerListService::NewStub(As(testing::AdminToken()));
  pb::GetPowerItemRequest get;
  get.set_id(created.id());
  pb::PowerItem after;
  ASSERT_TRUE(Call(*reader, &pb::PowerListService::Stub::GetPowerItem, get, &after).ok());
  EXPECT_EQ(after.department_id(), kSthjj);
}

}  // namespace
}  // namespace fazhi

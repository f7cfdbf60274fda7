// Request ids are bound to their caller, attacked from outside over gRPC against the real
// binaries: a second caller who sends the request id of someone else's create gets a new record
// of its own (never the first caller's record, which it may not even be allowed to read), nor is
// its submission blocked; the first caller retrying still gets its original.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_call.h"
#include "tests/support/power_fixture.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
namespace spb = ::fazhi::statistics::v1;
using testing::Call;

class RequestIdSecurityTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db = testing::TestDatabase::Create();
    ASSERT_TRUE(db.ok()) << db.status();
    database_ = db->release();
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY, {absl::StrCat("--database_url=", database_->url())},
        (std::filesystem::temp_directory_path() /
         absl::StrCat("fazhi-sec-request-id-", getpid(), ".log"))
            .string());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    auto units = pb::DepartmentService::NewStub(
        testing::AuthorizedChannel(server_->grpc_address(), testing::AdminToken()));
    ASSERT_TRUE(department::demo::LoadJiyuanUnits(*units).ok());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete database_;
  }

  static std::unique_ptr<pb::PowerListService::Stub> Powers(const std::string& token) {
    return pb::PowerListService::NewStub(
        testing::AuthorizedChannel(server_->grpc_address(), token));
  }

  static pb::CreatePowerItemRequest Item(const std::string& unit, const std::string& item_id,
                                         const std::string& request_id) {
    pb::CreatePowerItemRequest item =
        testing::NewPowerItem(unit, item_id, absl::StrCat("RID-", item_id));
    item.set_request_id(request_id);
    return item;
  }

  static testing::TestDatabase* database_;
  static testing::ServerProcess* server_;
};

testing::TestDatabase* RequestIdSecurityTest::database_ = nullptr;
testing::ServerProcess* RequestIdSecurityTest::server_ = nullptr;

// The attack: a clerk of 市场监管局 learns (or guesses) the request id a clerk of 生态环境局 used
// and sends it with a create of its own, hoping to be answered with the other unit's record.
TEST_F(RequestIdSecurityTest, AnotherUnitsClerkReusingARequestIdGetsItsOwnNewRecord) {
  auto sthjj = Powers(testing::Token({"clerk"}, "jiyuan-sthjj", "rid.sthjj"));
  auto scjgj = Powers(testing::Token({"clerk"}, "jiyuan-scjgj", "rid.scjgj"));
  pb::PowerItem first;
  ASSERT_TRUE(Call(*sthjj, &pb::PowerListService::Stub::CreatePowerItem,
                   Item("jiyuan-sthjj", "rid-sthjj-item", "shared-power-1"), &first)
                  .ok());
  ASSERT_EQ(first.id(), "rid-sthjj-item");

  pb::PowerItem second;
  grpc::Status s = Call(*scjgj, &pb::PowerListService::Stub::CreatePowerItem,
                        Item("jiyuan-scjgj", "rid-scjgj-item", "shared-power-1"), &second);
  ASSERT_TRUE(s.ok()) << "the second caller's create was blocked: " << s.error_message();
  EXPECT_EQ(second.id(), "rid-scjgj-item");
  EXPECT_EQ(second.department_id(), "jiyuan-scjgj");
  EXPECT_EQ(second.code(), "RID-rid-scjgj-item");

  // The first clerk retrying gets its original, unchanged.
  pb::PowerItem retried;
  ASSERT_TRUE(Call(*sthjj, &pb::PowerListService::Stub::CreatePowerItem,
                   Item("jiyuan-sthjj", "rid-sthjj-item", "shared-power-1"), &retried)
                  .ok());
  EXPECT_EQ(retried.id(), "rid-sthjj-item");
  EXPECT_EQ(retried.etag(), first.etag());
  EXPECT_EQ(retried.create_time().seconds(), first.create_time().seconds());
  EXPECT_EQ(retried.create_time().nanos(), first.create_time().nanos());
  // And so does the second.
  pb::PowerItem second_retried;
  ASSERT_TRUE(Call(*scjgj, &pb::PowerListService::Stub::CreatePowerItem,
                   Item("jiyuan-scjgj", "rid-scjgj-item", "shared-power-1"), &second_retried)
                  .ok());
  EXPECT_EQ(second_retried.id(), "rid-scjgj-item");
  EXPECT_EQ(second_retried.etag(), second.etag());
}

// The attack: one admin pre-empts another's request id so that the other's create returns a
// unit it did not ask for (and creates nothing).
TEST_F(RequestIdSecurityTest, ASecondAdminReusingARequestIdCreatesItsOwnUnit) {
  auto a = pb::DepartmentService::NewStub(testing::AuthorizedChannel(
      server_->grpc_address(), testing::Token({"admin"}, "", "rid.admin.a")));
  auto b = pb::DepartmentService::NewStub(testing::AuthorizedChannel(
      server_->grpc_address(), testing::Token({"admin"}, "", "rid.admin.b")));
  auto unit = [](const std::string& id, const std::string& name) {
    pb::CreateDepartmentRequest r;
    r.set_department_id(id);
    r.set_request_id("shared-unit-1");
    r.mutable_department()->set_name(name);
    r.mutable_department()->set_short_name(name);
    r.mutable_department()->set_kind(pb::DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT);
    r.mutable_department()->set_level(pb::ADMINISTRATIVE_LEVEL_CITY);
    r.mutable_department()->set_parent_id("jiyuan");
    return r;
  };
  pb::Department first;
  grpc::Status s = Call(*a, &pb::DepartmentService::Stub::CreateDepartment,
                        unit("rid-unit-a", "济源市甲局"), &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::Department second;
  s = Call(*b, &pb::DepartmentService::Stub::CreateDepartment, unit("rid-unit-b", "济源市乙局"),
           &second);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(second.id(), "rid-unit-b");
  EXPECT_EQ(second.name(), "济源市乙局");
  pb::Department retried;
  ASSERT_TRUE(Call(*a, &pb::DepartmentService::Stub::CreateDepartment,
                   unit("rid-unit-a", "济源市甲局"), &retried)
                  .ok());
  EXPECT_EQ(retried.id(), "rid-unit-a");
  EXPECT_EQ(retried.etag(), first.etag());
}

// The attack on an import: a clerk submits under another unit's request id, hoping the other
// unit's submission is then answered as a replay and its figures never written.
TEST(RequestIdImportSecurityTest, AnImportUnderAnotherCallersRequestIdIsNotAReplay) {
  absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
      testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                        "sec-request-id");
  ASSERT_TRUE(servers.ok()) << servers.status();
  auto submit = [&](const std::string& token, const std::string& unit, int64_t value,
                    spb::ImportSummary* out) {
    auto stub = (*servers)->Stub(token);
    spb::SubmitDataPointsRequest r;
    r.mutable_options()->set_request_id("shared-import-1");
    *r.add_points() = testing::Point("environment.seizures", unit, value);
    return Call(*stub, &spb::StatisticsService::Stub::SubmitDataPoints, r, out);
  };
  std::string attacker = testing::Token({"clerk"}, "jiyuan-scjgj", "rid.attacker");
  std::string victim = testing::Token({"clerk"}, "jiyuan-sthjj", "rid.victim");
  // The attacker goes first, with a submission of its own unit.
  spb::ImportSummary first;
  ASSERT_TRUE(submit(attacker, "jiyuan-scjgj", 7, &first).ok());
  EXPECT_EQ(first.created(), 1);
  EXPECT_FALSE(first.replayed());

  spb::ImportSummary victims;
  grpc::Status s = submit(victim, "jiyuan-sthjj", 12, &victims);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(victims.replayed()) << "the victim was answered with the attacker's submission";
  EXPECT_EQ(victims.created(), 1);
  absl::StatusOr<spb::DataPoint> stored =
      (*servers)->GetPoint("environment.seizures", "jiyuan-sthjj");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->value(), 12);

  // The victim retrying is a replay of its own submission, which writes nothing.
  spb::ImportSummary retried;
  ASSERT_TRUE(submit(victim, "jiyuan-sthjj", 12, &retried).ok());
  EXPECT_TRUE(retried.replayed());
  EXPECT_EQ(retried.created(), 1);
}

}  // namespace
}  // namespace fazhi

// Two fazhi-department replicas on one database, as a Deployment with two pods runs them: a unit
// written through one is seen through the other within the other's --unit_cache_ms (the time it
// may keep a unit it answered with), and at once by a replica that keeps none. Runs on the
// backend FAZHI_TEST_BACKEND names (SQLite in WAL mode lets two processes share the file).

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

namespace pb = ::fazhi::department::v1;
using ::fazhi::testing::ServerProcess;

constexpr int kKeepMs = 1500;

struct Replica {
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<pb::DepartmentService::Stub> stub;
};

class DepartmentReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> database =
        testing::TestDatabase::Create();
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    ASSERT_NO_FATAL_FAILURE(StartReplica("writer", 0, &writer_));
    ASSERT_NO_FATAL_FAILURE(StartReplica("keeping", kKeepMs, &keeping_));
    ASSERT_NO_FATAL_FAILURE(StartReplica("fresh", 0, &fresh_));
  }
  void TearDown() override {
    for (Replica* r : {&writer_, &keeping_, &fresh_}) {
      if (r->server) EXPECT_EQ(r->server->Stop(), 0);
    }
  }

  void StartReplica(const std::string& name, int keep_ms, Replica* replica) {
    std::string log = (std::filesystem::temp_directory_path() /
                       absl::StrCat("fazhi-department-replica-", name, "-", getpid(), ".log"))
                          .string();
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY,
        {absl::StrCat("--database_url=", database_->url()), "--page_token_secret=replicas",
         absl::StrCat("--unit_cache_ms=", keep_ms)},
        log);
    ASSERT_TRUE(server.ok()) << server.status();
    replica->server = *std::move(server);
    replica->stub = pb::DepartmentService::NewStub(
        testing::AuthorizedChannel(replica->server->grpc_address(), testing::AdminToken()));
  }

  static grpc::Status Get(Replica& replica, const std::string& id, pb::Department* out) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    pb::GetDepartmentRequest request;
    request.set_id(id);
    return replica.stub->GetDepartment(&context, request, out);
  }

  std::unique_ptr<testing::TestDatabase> database_;
  Replica writer_, keeping_, fresh_;
};

TEST_F(DepartmentReplicasTest, AWriteOnOneReplicaShowsOnTheOthersWithinTheirKeepTime) {
  pb::CreateDepartmentRequest create;
  create.set_department_id("henan");
  create.mutable_department()->set_name("河南省人民政府");
  create.mutable_department()->set_kind(pb::DEPARTMENT_KIND_GOVERNMENT);
  create.mutable_department()->set_level(pb::ADMINISTRATIVE_LEVEL_PROVINCE);
  create.mutable_department()->mutable_valid_from()->set_year(2021);
  create.mutable_department()->mutable_valid_from()->set_month(1);
  create.mutable_department()->mutable_valid_from()->set_day(1);
  pb::Department created;
  {
    grpc::ClientContext context;
    grpc::Status s = writer_.stub->CreateDepartment(&context, create, &created);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  // Both other replicas answer once, so the keeping one now holds the first version.
  pb::Department seen;
  ASSERT_TRUE(Get(keeping_, "henan", &seen).ok());
  ASSERT_EQ(seen.etag(), created.etag());
  ASSERT_TRUE(Get(fresh_, "henan", &seen).ok());

  pb::UpdateDepartmentRequest update;
  *update.mutable_department() = created;
  update.mutable_department()->set_short_name("省政府");
  update.mutable_update_mask()->add_paths("short_name");
  pb::Department updated;
  absl::Time written;
  {
    grpc::ClientContext context;
    grpc::Status s = writer_.stub->UpdateDepartment(&context, update, &updated);
    ASSERT_TRUE(s.ok()) << s.error_message();
    written = absl::Now();
  }
  ASSERT_NE(updated.etag(), created.etag());

  // A replica that keeps nothing reads the write at once.
  ASSERT_TRUE(Get(fresh_, "henan", &seen).ok());
  EXPECT_EQ(seen.etag(), updated.etag());
  EXPECT_EQ(seen.short_name(), "省政府");

  // The keeping replica may answer with the first version until its keep time has passed since
  // it read it, never later; an update sent with that old etag is refused, not lost.
  ASSERT_TRUE(Get(keeping_, "henan", &seen).ok());
  if (seen.etag() == created.etag()) {
    EXPECT_LT(absl::Now() - written, absl::Milliseconds(kKeepMs));
    pb::UpdateDepartmentRequest stale = update;
    *stale.mutable_department() = seen;
    stale.mutable_department()->set_short_name("旧版本");
    grpc::ClientContext context;
    pb::Department out;
    EXPECT_EQ(writer_.stub->UpdateDepartment(&context, stale, &out).error_code(),
              grpc::StatusCode::ABORTED);
  }
  std::this_thread::sleep_until(std::chrono::system_clock::now() +
                                std::chrono::milliseconds(kKeepMs + 100));
  ASSERT_TRUE(Get(keeping_, "henan", &seen).ok());
  EXPECT_EQ(seen.etag(), updated.etag());
  EXPECT_EQ(seen.short_name(), "省政府");
}

}  // namespace
}  // namespace fazhi::department

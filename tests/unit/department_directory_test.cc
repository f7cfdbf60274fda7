// The unit registry copy the statistics, cases and reports services keep
// (directory::DepartmentDirectory), against an in-process department service on loopback that
// counts its ListDepartments calls: when the copy ages under load, one call fetches the new one
// while the others go on with the old, rather than every call in flight asking at once.

#include "common/directory/department_directory.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;

// A registry of two units that takes a while to list them, as a real one over a network does.
class SlowRegistry : public pb::DepartmentService::Service {
 public:
  grpc::Status ListDepartments(grpc::ServerContext*, const pb::ListDepartmentsRequest*,
                               pb::ListDepartmentsResponse* response) override {
    lists_.fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (const char* id : {"jiyuan", "jiyuan-sthjj"}) {
      pb::Department* d = response->add_departments();
      d->set_id(id);
      d->set_name(id);
      d->set_status(pb::DEPARTMENT_STATUS_ACTIVE);
      if (std::string(id) != "jiyuan") d->set_parent_id("jiyuan");
    }
    return grpc::Status::OK;
  }
  int lists() const { return lists_.load(); }

 private:
  std::atomic<int> lists_{0};
};

TEST(DepartmentDirectoryTest, OneCallRefreshesAnAgedCopyWhileTheOthersUseIt) {
  SlowRegistry registry;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&registry);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);

  directory::DepartmentDirectoryOptions options;
  options.address = "127.0.0.1:" + std::to_string(port);
  options.refresh_interval = absl::Milliseconds(300);
  directory::DepartmentDirectory units(options);
  ASSERT_TRUE(units.Find("jiyuan-sthjj").ok());
  EXPECT_EQ(registry.lists(), 1);

  absl::SleepFor(absl::Milliseconds(400));  // the copy is now older than the interval
  std::vector<std::thread> callers;
  std::atomic<int> found{0};
  for (int i = 0; i < 16; ++i) {
    callers.emplace_back([&] {
      absl::StatusOr<std::optional<directory::Unit>> unit = units.Find("jiyuan-sthjj");
      if (unit.ok() && unit->has_value() && (*unit)->parent_id == "jiyuan") found.fetch_add(1);
    });
  }
  for (std::thread& t : callers) t.join();
  EXPECT_EQ(found.load(), 16);
  EXPECT_EQ(registry.lists(), 2) << "every caller fetched the registry itself";

  // A unit the copy lacks is still looked for at once, not answered from the old copy.
  absl::StatusOr<std::optional<directory::Unit>> missing = units.Find("jiyuan-nobody");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());
  server->Shutdown();
}

}  // namespace
}  // namespace fazhi

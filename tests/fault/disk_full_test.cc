// The disk under a SQLite database fills up: the statistics service's database lives in a tmpfs
// of 64 MiB mounted by the test (it runs as root, as scripts/test does in CI), which the test
// fills with a file of its own. An ingestion then fails with a clear error, no batch is half
// written, the service stays up, and once space is freed the database opens again, intact, and
// the retried ingestion stores every point once.

#include <grpcpp/grpcpp.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/database.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/fault/fault_servers.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_health.h"
#include "tests/support/statistics_servers.h"

namespace fazhi {
namespace {

namespace spb = ::fazhi::statistics::v1;

// A tmpfs of its own, unmounted (and its directory removed) however the test ends.
class SmallTmpfs {
 public:
  explicit SmallTmpfs(const std::string& name)
      : dir_(
            (std::filesystem::temp_directory_path() / absl::StrCat(name, "-", getpid())).string()) {
    std::filesystem::create_directories(dir_);
    if (mount("tmpfs", dir_.c_str(), "tmpfs", 0, "size=64m") != 0) {
      error_ = absl::StrCat("mount -t tmpfs on ", dir_, ": ", std::strerror(errno),
                            " (the disk-full test needs root and CAP_SYS_ADMIN, as scripts/test "
                            "has in CI)");
    }
  }
  ~SmallTmpfs() {
    if (error_.empty()) umount2(dir_.c_str(), MNT_DETACH);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  const std::string& dir() const { return dir_; }
  const std::string& error() const { return error_; }

  // Writes a file until the file system is full, then gives back keep bytes.
  void FillLeaving(const std::string& path, int64_t keep) {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    std::string block(64 * 1024, 'f');
    int64_t written = 0;
    while (std::fwrite(block.data(), 1, block.size(), f) == block.size()) {
      written += static_cast<int64_t>(block.size());
      if (std::fflush(f) != 0) break;
    }
    std::fclose(f);
    std::filesystem::resize_file(path, std::max<int64_t>(0, written - keep));
  }

 private:
  std::string dir_;
  std::string error_;
};

TEST(DiskFullTest, AnIngestionIntoAFullDiskFailsClearlyAndTheDatabaseOpensAfterwards) {
  setenv("FAZHI_TEST_BACKEND", "sqlite", 1);
  SmallTmpfs disk("fazhi-fault-disk");
  ASSERT_EQ(disk.error(), "");
  std::string log_dir = ::testing::TempDir();
  absl::StatusOr<testing::DepartmentServer> department = testing::StartDepartment(
      FAZHI_DEPARTMENT_BINARY, absl::StrCat(log_dir, "/fault-disk-department-", getpid(), ".log"));
  ASSERT_TRUE(department.ok()) << department.status();
  const std::string url = absl::StrCat("sqlite://", disk.dir(), "/statistics.db");
  absl::StatusOr<std::unique_ptr<testing::FaultStatistics>> statistics =
      testing::FaultStatistics::Start(department->process->grpc_address(), log_dir, {}, url);
  ASSERT_TRUE(statistics.ok()) << statistics.status();
  testing::FaultStatistics& service = **statistics;
  absl::StatusOr<std::unique_ptr<db::Database>> db = db::Database::Open(url);
  ASSERT_TRUE(db.ok()) << db.status();

  const std::vector<spb::DataPoint> points = testing::MonthlyFigures(2016);
  const int64_t n = static_cast<int64_t>(points.size());
  const std::string filler = disk.dir() + "/filler";
  disk.FillLeaving(filler, 512 * 1024);

  auto admin = service.Stub(testing::AdminToken());
  spb::ImportOptions options;
  options.set_request_id("fault-disk-full");
  spb::ImportSummary full;
  grpc::Status refused = testing::StreamPoints(*admin, points, options, &full);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
      << refused.error_code() << " " << refused.error_message();
  EXPECT_TRUE(absl::StrContains(refused.error_message(), "disk is full") &&
              absl::StrContains(refused.error_message(), "free disk space"))
      << refused.error_message();
  int64_t stored = testing::CountRows(**db, "SELECT COUNT(*) FROM data_points");
  EXPECT_EQ(stored % 5000, 0) << stored << " points stored: a batch is written whole or not at all";
  EXPECT_LT(stored, n);
  EXPECT_EQ(testing::CountRows(**db, "SELECT COUNT(*) FROM data_point_revisions"), stored);
  EXPECT_EQ(testing::CountRows(**db, "SELECT COUNT(*) FROM imports"), 0);
  // The service is still up and answers reads.
  {
    grpc::ClientContext context;
    spb::GetIndicatorRequest get;
    get.set_code(points[0].indicator_code());
    spb::Indicator indicator;
    grpc::Status read = admin->GetIndicator(&context, get, &indicator);
    EXPECT_TRUE(read.ok()) << read.error_message();
  }

  // Space again; the service is restarted on the same file, which opens and checks intact.
  std::filesystem::remove(filler);
  db->reset();
  EXPECT_EQ(service.process().Stop(), 0) << service.process().Log();
  ASSERT_TRUE(service.Restart().ok());
  db = db::Database::Open(url);
  ASSERT_TRUE(db.ok()) << db.status();
  absl::StatusOr<db::Result> check = (*db)->Execute("PRAGMA integrity_check");
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->rows.size(), 1u);
  EXPECT_EQ(check->rows[0].Text(0), "ok");
  EXPECT_EQ(testing::CountRows(**db, "SELECT COUNT(*) FROM data_points"), stored);

  admin = service.Stub(testing::AdminToken());
  spb::ImportSummary retried;
  grpc::Status again = testing::StreamPoints(*admin, points, options, &retried);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(retried.unchanged(), stored);
  EXPECT_EQ(retried.created(), n - stored);
  EXPECT_EQ(testing::CountRows(**db, "SELECT COUNT(*) FROM data_points"), n);
  EXPECT_EQ(testing::CountRows(**db, "SELECT COUNT(*) FROM data_point_revisions"), n);
  EXPECT_EQ(testing::CountRows(**db, "SELECT SUM(value) FROM data_points"),
            testing::SumOfValues(points));
  db->reset();
  EXPECT_EQ(service.process().Stop(), 0);
}

}  // namespace
}  // namespace fazhi

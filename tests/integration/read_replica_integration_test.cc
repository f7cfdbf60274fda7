// --database_read_url: the statistics service started with a read replica beside its primary
// MariaDB database. The "replica" is a second database on the same server that the test brings
// up to date itself (every table copied from the primary, as replication would), so the test
// decides exactly how far it lags: a person's Aggregate and GetTimeSeries read the replica (and
// see the figures only once they are copied), another service's read the primary at once, and
// GetDataPoint always does; the replica's statements are counted under role="replica".
// Start-up refuses a read URL without a MySQL primary, or equal to it.

#include <grpcpp/grpcpp.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/statistics/store/statistics_store.h"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::statistics {
namespace {

namespace pb = ::fazhi::statistics::v1;
using testing::Point;
using testing::Year;

constexpr char kKejing[] = "jiyuan-kejing";
constexpr char kWulongkou[] = "jiyuan-wulongkou";

// The schema a mysql:// URL names.
std::string SchemaOf(const std::string& url) {
  std::string tail = url.substr(url.rfind('/') + 1);
  return std::string(tail.substr(0, tail.find('?')));
}

// Runs the statistics binary with args until it exits (it must refuse to start); its exit code
// and output.
std::pair<int, std::string> RunToExit(const std::vector<std::string>& args) {
  std::string out = ::testing::TempDir() + "/read_replica_refusal.log";
  std::string command = FAZHI_STATISTICS_BINARY;
  for (const std::string& a : args) absl::StrAppend(&command, " '", a, "'");
  absl::StrAppend(&command, " >", out, " 2>&1");
  int status = std::system(command.c_str());
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

class ReadReplicaIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> replica =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(replica.ok()) << replica.status();
    ASSERT_EQ((*replica)->backend(), "mysql") << "read replicas are a MariaDB/MySQL feature";
    replica_ = replica->release();
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "read-replica", true,
                                          {"--database_read_url=" + replica_->url()});
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    // The replica starts as a copy of the primary (the catalogue the service installed).
    ASSERT_TRUE(Replicate().ok());
  }
  static void TearDownTestSuite() {
    delete servers_;
    delete replica_;
  }

  // Brings the replica up to date: every table of the primary copied into it, in one session
  // with foreign key checks off, as row-based replication applies it.
  static absl::Status Replicate() {
    const std::string primary = SchemaOf(servers_->statistics_database().url());
    const std::string replica = SchemaOf(replica_->url());
    return replica_->db().WithConnection([&](db::Connection& conn) -> absl::Status {
      absl::StatusOr<db::Result> tables = conn.Execute(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND "
          "table_type = 'BASE TABLE'",
          {primary});
      if (!tables.ok()) return tables.status();
      if (tables->rows.empty()) return absl::NotFoundError("the primary has no tables");
      if (auto s = conn.Execute("SET FOREIGN_KEY_CHECKS = 0"); !s.ok()) return s.status();
      for (const db::Row& row : tables->rows) {
        const std::string table = row.Text(0);
        if (auto s = conn.Execute(absl::StrCat("DELETE FROM `", replica, "`.`", table, "`"));
            !s.ok()) {
          return s.status();
        }
        if (auto s = conn.Execute(absl::StrCat("INSERT INTO `", replica, "`.`", table,
                                               "` SELECT * FROM `", primary, "`.`", table, "`"));
            !s.ok()) {
          return s.status();
        }
      }
      return conn.Execute("SET FOREIGN_KEY_CHECKS = 1").status();
    });
  }

  static int64_t Sum(pb::StatisticsService::Stub& stub, const std::string& code, int year) {
    pb::AggregateRequest r;
    r.add_indicator_codes(code);
    r.set_department_id("jiyuan");
    r.set_include_descendants(true);
    *r.mutable_start() = Year(year);
    pb::AggregateResponse out;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::Status s = stub.Aggregate(&context, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.values_size(), 1);
    return out.values_size() == 1 ? out.values(0).value() : -1;
  }

  static void Submit(std::vector<pb::DataPoint> points) {
    pb::SubmitDataPointsRequest r;
    for (auto& p : points) *r.add_points() = std::move(p);
    pb::ImportSummary out;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto admin = servers_->Stub(testing::AdminToken());
    grpc::Status s = admin->SubmitDataPoints(&context, r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(out.rejected(), 0) << out.DebugString();
  }

  static testing::TestDatabase* replica_;
  static testing::StatisticsServers* servers_;
};

testing::TestDatabase* ReadReplicaIntegrationTest::replica_ = nullptr;
testing::StatisticsServers* ReadReplicaIntegrationTest::servers_ = nullptr;

TEST_F(ReadReplicaIntegrationTest, APersonReadsTheReplicaAndAServiceThePrimary) {
  // 2019: a year no other test writes. 克井镇 812 and 五龙口镇 596 disputes mediated.
  Submit({Point("mediation.disputes", kKejing, 812, Year(2019)),
          Point("mediation.disputes", kWulongkou, 596, Year(2019))});
  auto clerk = servers_->Stub(testing::Token({"supervisor"}, "jiyuan"));
  auto reports = servers_->Stub(testing::Token({"service"}, "", "fazhi-reports"));

  // The replica has not had them yet: the person's sum is empty, the service's is current.
  EXPECT_EQ(Sum(*clerk, "mediation.disputes", 2019), 0);
  EXPECT_EQ(Sum(*reports, "mediation.disputes", 2019), 812 + 596);
  // A single figure is read from the primary whoever asks.
  pb::GetDataPointRequest get;
  get.set_indicator_code("mediation.disputes");
  get.set_department_id(kKejing);
  *get.mutable_period() = Year(2019);
  pb::DataPoint point;
  {
    grpc::ClientContext context;
    grpc::Status s = clerk->GetDataPoint(&context, get, &point);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(point.value(), 812);

  ASSERT_TRUE(Replicate().ok());
  EXPECT_EQ(Sum(*clerk, "mediation.disputes", 2019), 812 + 596);

  // The series reads the replica too: a revision the replica has not had leaves it at 812.
  Submit({Point("mediation.disputes", kKejing, 820, Year(2019))});
  pb::GetTimeSeriesRequest series;
  series.set_indicator_code("mediation.disputes");
  series.set_department_id(kKejing);
  *series.mutable_start() = Year(2019);
  *series.mutable_end() = Year(2019);
  pb::GetTimeSeriesResponse before;
  {
    grpc::ClientContext context;
    grpc::Status s = clerk->GetTimeSeries(&context, series, &before);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_EQ(before.points_size(), 1);
  EXPECT_EQ(before.points(0).value(), 812);
  ASSERT_TRUE(Replicate().ok());
  pb::GetTimeSeriesResponse after;
  {
    grpc::ClientContext context;
    grpc::Status s = clerk->GetTimeSeries(&context, series, &after);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  ASSERT_EQ(after.points_size(), 1);
  EXPECT_EQ(after.points(0).value(), 820);
}

TEST_F(ReadReplicaIntegrationTest, TheReplicasStatementsAreCountedUnderItsRole) {
  auto clerk = servers_->Stub(testing::Token({"supervisor"}, "jiyuan"));
  Sum(*clerk, "mediation.successful", 2018);
  absl::StatusOr<std::string> text =
      testing::HttpGet(servers_->statistics().metrics_port(), "/metrics");
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
  ASSERT_TRUE(samples.ok()) << samples.status();
  double replica_selects = 0;
  double replica_max = 0;
  for (const testing::Sample& s : *samples) {
    if (s.Label("role") != "replica") continue;
    if (s.name == "fazhi_db_query_duration_seconds_count" && s.Label("operation") == "SELECT") {
      replica_selects += s.value;
    }
    if (s.name == "fazhi_db_pool_connections" && s.Label("state") == "max") replica_max = s.value;
  }
  EXPECT_GE(replica_selects, 1);
  EXPECT_EQ(replica_max, 8);  // --db_pool_size's default, per pool
}

TEST(ReadReplicaFlagsTest, StartUpRefusesAReadUrlWithoutAMysqlPrimaryOrEqualToIt) {
  auto [code, output] =
      RunToExit({"--database_url=sqlite://" + ::testing::TempDir() + "/r.db",
                 "--database_read_url=mysql://fazhi:fazhi@127.0.0.1:1/stats", "--migrate_only"});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("--database_read_url (FAZHI_DATABASE_READ_URL)"), std::string::npos)
      << output;
  EXPECT_NE(output.find("SQLite has no replicas"), std::string::npos) << output;

  const std::string url = "mysql://fazhi:fazhi@127.0.0.1:1/stats";
  std::tie(code, output) =
      RunToExit({"--database_url=" + url, "--database_read_url=" + url, "--migrate_only"});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("is --database_url itself"), std::string::npos) << output;

  std::tie(code, output) =
      RunToExit({"--database_url=" + url, "--database_read_url=mysql://nobody", "--migrate_only"});
  EXPECT_NE(code, 0);
  EXPECT_NE(output.find("--database_read_url (FAZHI_DATABASE_READ_URL): "), std::string::npos)
      << output;
}

}  // namespace
}  // namespace fazhi::statistics

// The audit log cannot be evaded, attacked from outside over gRPC against the real binaries:
// a caller who sends a target or a request id longer than the audit columns still leaves its
// entry (cut to fit, marked); a flood of denied calls neither slows an authorised caller nor
// goes unrecorded (each denial is written, or dropped and counted); the denials of the flood's
// last moments are written while the server drains on SIGTERM; and a denial a use case decides
// itself (a figure reported for another unit) is audited like the policy table's.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/audit/audit.h"
#include "common/audit/audit_queue.h"
#include "fazhi/common/v1/common.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "services/department/demo/jiyuan.h"
#include "tests/support/auth.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
namespace cpb = ::fazhi::common::v1;

std::string LogPath(absl::string_view name) {
  return (std::filesystem::temp_directory_path() /
          absl::StrCat("fazhi-sec-audit-", name, "-", getpid(), ".log"))
      .string();
}

// A department server on a fresh database with the seed report's units.
struct Department {
  std::unique_ptr<testing::TestDatabase> database;
  std::unique_ptr<testing::ServerProcess> process;
};

Department StartDepartment(absl::string_view name, std::vector<std::string> flags = {}) {
  Department d;
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db = testing::TestDatabase::Create();
  EXPECT_TRUE(db.ok()) << db.status();
  if (!db.ok()) return d;
  d.database = *std::move(db);
  flags.push_back(absl::StrCat("--database_url=", d.database->url()));
  absl::StatusOr<std::unique_ptr<testing::ServerProcess>> process =
      testing::ServerProcess::Start(FAZHI_DEPARTMENT_BINARY, flags, LogPath(name));
  EXPECT_TRUE(process.ok()) << process.status();
  if (!process.ok()) return d;
  d.process = *std::move(process);
  auto units = pb::DepartmentService::NewStub(
      testing::AuthorizedChannel(d.process->grpc_address(), testing::AdminToken()));
  EXPECT_TRUE(department::demo::LoadJiyuanUnits(*units).ok());
  return d;
}

// Every audit entry under target_type/target_id, as a supervisor reads them.
std::vector<cpb::AuditEntry> AuditEntries(const std::string& address,
                                          const std::string& target_type,
                                          const std::string& target_id) {
  auto stub = cpb::AuditService::NewStub(
      testing::AuthorizedChannel(address, testing::Token({"supervisor"}, "jiyuan-sfj")));
  cpb::ListAuditEntriesRequest request;
  request.set_target_type(target_type);
  request.set_target_id(target_id);
  request.mutable_page()->set_page_size(1000);
  std::vector<cpb::AuditEntry> out;
  for (int pages = 0; pages < 1000; ++pages) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    cpb::ListAuditEntriesResponse response;
    grpc::Status s = stub->ListAuditEntries(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) break;
    out.insert(out.end(), response.entries().begin(), response.entries().end());
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  return out;
}

// The entry with request_id under the target, waiting for the background writer (5 s at most).
std::optional<cpb::AuditEntry> AwaitEntry(const std::string& address, const std::string& type,
                                          const std::string& id, const std::string& request_id) {
  absl::Time give_up = absl::Now() + absl::Seconds(5);
  while (true) {
    for (const cpb::AuditEntry& e : AuditEntries(address, type, id)) {
      if (e.request_id() == request_id) return e;
    }
    if (absl::Now() > give_up) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(50));
  }
}

// A unary call with the given x-request-id; the id the server answered with goes to answered_id.
template <typename Stub, typename Request, typename Response>
grpc::Status CallWithId(Stub& stub,
                        grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                        const Request& request, Response* response, const std::string& request_id,
                        std::string* answered_id = nullptr) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (!request_id.empty()) context.AddMetadata("x-request-id", request_id);
  grpc::Status s = (stub.*rpc)(&context, request, response);
  if (answered_id != nullptr) {
    auto it = context.GetServerInitialMetadata().find("x-request-id");
    if (it != context.GetServerInitialMetadata().end()) {
      *answered_id = std::string(it->second.data(), it->second.size());
    }
  }
  return s;
}

pb::CreatePowerItemRequest PowerItemFor(const std::string& unit, const std::string& item_id) {
  pb::CreatePowerItemRequest item;
  item.set_item_id(item_id);
  item.mutable_item()->set_department_id(unit);
  item.mutable_item()->set_code("AUD-1");
  item.mutable_item()->set_name("对违法行为的行政处罚");
  item.mutable_item()->set_category(pb::POWER_CATEGORY_PENALTY);
  item.mutable_item()->add_legal_basis()->set_law("《中华人民共和国行政处罚法》");
  item.mutable_adjustment()->set_reason("新增");
  item.mutable_adjustment()->set_document("济管〔2021〕7号");
  item.mutable_adjustment()->mutable_date()->set_year(2021);
  item.mutable_adjustment()->mutable_date()->set_month(3);
  item.mutable_adjustment()->mutable_date()->set_day(1);
  return item;
}

size_t Chars(const std::string& utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) n += (c & 0xc0) != 0x80;
  return n;
}

// The attack: a clerk aims a write at a "unit" whose id is 5,000 characters (Chinese ones too),
// so that the denial's audit row would not fit its column and strict MySQL would refuse it.
TEST(AuditSecurityTest, AnOverLongTargetIsCutToItsColumnAndMarkedNotLost) {
  Department d = StartDepartment("long-target");
  ASSERT_NE(d.process, nullptr);
  std::string unit = "jiyuan-";
  for (int i = 0; i < 1000; ++i) unit += "生态环境局x";
  auto clerk = pb::PowerListService::NewStub(testing::AuthorizedChannel(
      d.process->grpc_address(), testing::Token({"clerk"}, "jiyuan-sthjj", "long.target")));
  pb::PowerItem out;
  grpc::Status s = CallWithId(*clerk, &pb::PowerListService::Stub::CreatePowerItem,
                              PowerItemFor(unit, "long-target-item"), &out, "aud-long-target-1");
  ASSERT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
  // The answer quotes the target only as far as a header may carry it.
  EXPECT_LE(Chars(s.error_message()), 1000u);
  EXPECT_NE(s.error_message().find("…[truncated from "), std::string::npos) << s.error_message();

  // The entry is filed under the target as it fits the column: its first characters and the
  // marker naming the length sent (7 + 6,000 characters).
  std::string fitted = audit::FitColumn(unit, audit::kMaxTargetIdChars);
  EXPECT_EQ(Chars(fitted), 63u);
  EXPECT_TRUE(absl::EndsWith(fitted, "…[truncated from 6007]")) << fitted;
  std::optional<cpb::AuditEntry> entry =
      AwaitEntry(d.process->grpc_address(), "department", fitted, "aud-long-target-1");
  ASSERT_TRUE(entry.has_value()) << "the denial of an over-long target was not audited";
  EXPECT_EQ(entry->action(), "denied");
  EXPECT_EQ(entry->actor(), "long.target");
  EXPECT_EQ(entry->target_id(), fitted);
  EXPECT_TRUE(absl::StartsWith(entry->target_id(), "jiyuan-生态环境局x")) << entry->target_id();
  EXPECT_NE(entry->changes().find("PERMISSION_DENIED"), std::string::npos);
  // The reason quotes the target, cut too.
  EXPECT_LT(entry->changes().size(), 4000u);
}

// An x-request-id longer than the column (or than a log line should carry) is not echoed: the
// call gets a fresh id, which its response and its audit entry both carry.
TEST(AuditSecurityTest, AnOverLongRequestIdHeaderStillLeavesTheEntry) {
  Department d = StartDepartment("long-request-id");
  ASSERT_NE(d.process, nullptr);
  auto anonymous = pb::DepartmentService::NewStub(
      grpc::CreateChannel(d.process->grpc_address(), grpc::InsecureChannelCredentials()));
  std::string answered;
  pb::Department out;
  grpc::Status s =
      CallWithId(*anonymous, &pb::DepartmentService::Stub::CreateDepartment,
                 pb::CreateDepartmentRequest(), &out, std::string(5000, 'r'), &answered);
  ASSERT_NE(s.error_code(), grpc::StatusCode::OK);
  ASSERT_EQ(answered.size(), 32u) << answered;
  std::optional<cpb::AuditEntry> entry =
      AwaitEntry(d.process->grpc_address(), "rpc", "CreateDepartment", answered);
  ASSERT_TRUE(entry.has_value()) << "the denial was not audited";
  EXPECT_EQ(entry->actor(), "anonymous");
}

// Every column of an entry written with values far beyond its size, on this backend: the row is
// stored, each value cut to its column with the marker naming the length sent.
TEST(AuditSecurityTest, EveryColumnTakesAnOverLongValue) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
      testing::TestDatabase::CreateMigrated({});
  ASSERT_TRUE(db.ok()) << db.status();
  audit::AuditContext context{std::string(300, 'a'), std::string(500, '/'), std::string(400, 'q')};
  std::string target(2000, 't');
  std::string changes = absl::StrCat("{\"x\":\"", std::string(70000, 'c'), "\"}");
  absl::Time now = absl::Now();
  ASSERT_TRUE((*db)
                  ->db()
                  .WithConnection([&](db::Connection& conn) {
                    return audit::Write(conn, context, std::string(100, 'k'), target,
                                        std::string(90, 'v'), changes, now);
                  })
                  .ok());
  absl::StatusOr<std::vector<audit::AuditEntry>> entries =
      audit::List((*db)->db(), audit::Filter{}, std::nullopt, 10);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->size(), 1u);
  const audit::AuditEntry& e = entries->front();
  EXPECT_EQ(e.actor, std::string(128 - 21, 'a') + "…[truncated from 300]");
  EXPECT_EQ(e.rpc, std::string(200 - 21, '/') + "…[truncated from 500]");
  EXPECT_EQ(e.request_id, std::string(128 - 21, 'q') + "…[truncated from 400]");
  EXPECT_EQ(e.target_id, std::string(63 - 22, 't') + "…[truncated from 2000]");
  EXPECT_EQ(e.target_type, std::string(40 - 21, 'k') + "…[truncated from 100]");
  EXPECT_EQ(e.action, std::string(40 - 20, 'v') + "…[truncated from 90]");
  EXPECT_NE(e.changes.find("\"truncated_bytes\":\"70008\""), std::string::npos)
      << e.changes.substr(0, 200);
  EXPECT_LE(e.changes.size(), 65535u);
}

double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
}

// Latencies (ms) of n GetDepartment calls an authorised reader makes; every one must succeed.
std::vector<double> ReaderLatencies(pb::DepartmentService::Stub& reader, int n) {
  std::vector<double> out;
  pb::GetDepartmentRequest get;
  get.set_id("jiyuan-sthjj");
  for (int i = 0; i < n; ++i) {
    pb::Department d;
    absl::Time start = absl::Now();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    grpc::Status s = reader.GetDepartment(&context, get, &d);
    out.push_back(absl::ToDoubleMilliseconds(absl::Now() - start));
    EXPECT_TRUE(s.ok()) << "an authorised read failed during the flood: " << s.error_message();
  }
  return out;
}

double MetricValue(const testing::ServerProcess& server, const std::string& name) {
  absl::StatusOr<std::string> text = testing::HttpGet(server.metrics_port(), "/metrics");
  if (!text.ok()) return -1;
  absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
  if (!samples.ok()) return -1;
  for (const testing::Sample& s : *samples) {
    if (s.name == name) return s.value;
  }
  return -1;
}

// The attack: anonymous callers on several connections send denied calls as fast as they can,
// hoping to take the executor and the database from everyone else (each denial used to be a
// database write on the call executor) or to write faster than the audit can follow.
TEST(AuditSecurityTest, AFloodOfDeniedCallsDoesNotSlowAnAuthorisedCallerAndIsAccountedFor) {
  Department d = StartDepartment("flood", {"--executor_threads=4", "--executor_queue=16"});
  ASSERT_NE(d.process, nullptr);
  const std::string address = d.process->grpc_address();
  auto reader = pb::DepartmentService::NewStub(
      testing::AuthorizedChannel(address, testing::Token({"clerk"}, "jiyuan-sthjj", "reader")));
  ReaderLatencies(*reader, 20);  // warm up
  std::vector<double> baseline = ReaderLatencies(*reader, 200);

  std::atomic<bool> stop{false};
  std::atomic<int64_t> sent{0};
  std::atomic<int64_t> not_denied{0};
  std::mutex other_mu;
  std::vector<std::string> others;  // the first answers that were not denials
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&, t] {
      // Each thread its own connection, as separate attackers would have.
      grpc::ChannelArguments args;
      args.SetInt("flood-thread", t);
      auto stub = pb::DepartmentService::NewStub(
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
      pb::CreateDepartmentRequest request;
      request.set_department_id("flood-unit");
      while (!stop.load()) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        pb::Department out;
        grpc::Status s = stub->CreateDepartment(&context, request, &out);
        if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
            s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
          sent.fetch_add(1);
        } else {
          if (not_denied.fetch_add(1) < 5) {
            std::lock_guard<std::mutex> lock(other_mu);
            others.push_back(absl::StrCat(s.error_code(), ": ", s.error_message()));
          }
        }
      }
    });
  }
  // Let the flood build up, then measure the authorised caller under it.
  absl::SleepFor(absl::Milliseconds(300));
  std::vector<double> under_flood = ReaderLatencies(*reader, 200);
  stop.store(true);
  for (std::thread& t : flood) t.join();
  EXPECT_EQ(not_denied.load(), 0) << "first answers: " << absl::StrJoin(others, "; ");
  std::cout << "authorised reads: p50 " << Percentile(baseline, 0.5) << " ms, p99 "
            << Percentile(baseline, 0.99) << " ms alone; p50 " << Percentile(under_flood, 0.5)
            << " ms, p99 " << Percentile(under_flood, 0.99) << " ms under " << sent.load()
            << " denials\n";
  ASSERT_GT(sent.load(), 200) << "the flood was too small to prove anything";

  // Generous ratios: the flood shares the machine's cores with the reader whatever the server
  // does; what must not happen is the reader queueing behind the denials' database writes.
  // A baseline below a millisecond (two for the tail) is counted as that, so the ratio measures
  // queueing, not scheduler noise. (Before the queue, each denial's write took a slot of the
  // executor the reader's calls need, and a full executor refuses them RESOURCE_EXHAUSTED.)
  double p50 = std::max(Percentile(baseline, 0.5), 1.0);
  double p99 = std::max(Percentile(baseline, 0.99), 2.0);
  EXPECT_LT(Percentile(under_flood, 0.5), 10 * p50)
      << "baseline p50 " << Percentile(baseline, 0.5) << " ms, under flood "
      << Percentile(under_flood, 0.5) << " ms (" << sent.load() << " denials)";
  EXPECT_LT(Percentile(under_flood, 0.99), 25 * p99)
      << "baseline p99 " << Percentile(baseline, 0.99) << " ms, under flood "
      << Percentile(under_flood, 0.99) << " ms";

  // Every denial is in the audit log or counted as dropped: written + dropped = sent.
  double written = 0;
  double dropped = 0;
  absl::Time give_up = absl::Now() + absl::Seconds(30);
  do {
    written = MetricValue(*d.process, "fazhi_audit_denials_written_total");
    dropped = MetricValue(*d.process, "fazhi_audit_denials_dropped_total");
    if (written + dropped >= static_cast<double>(sent.load())) break;
    absl::SleepFor(absl::Milliseconds(100));
  } while (absl::Now() < give_up);
  EXPECT_EQ(static_cast<int64_t>(written + dropped), sent.load())
      << "written " << written << ", dropped " << dropped;
  std::vector<cpb::AuditEntry> entries = AuditEntries(address, "rpc", "CreateDepartment");
  int64_t flood_entries = std::count_if(entries.begin(), entries.end(), [](const auto& e) {
    return e.actor() == "anonymous" && e.action() == "denied";
  });
  EXPECT_EQ(flood_entries, static_cast<int64_t>(written));
}

// The attack: deny-flood a server that is being replaced, so that the last denials vanish with
// it. SIGTERM drains the queue: every denial answered before the signal is in the database.
TEST(AuditSecurityTest, DenialsQueuedAtShutdownAreWrittenWhileTheServerDrains) {
  Department d = StartDepartment("drain");
  ASSERT_NE(d.process, nullptr);
  const std::string address = d.process->grpc_address();
  std::atomic<int64_t> sent{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 3; ++t) {
    flood.emplace_back([&, t] {
      grpc::ChannelArguments args;
      args.SetInt("drain-thread", t);
      auto stub = pb::DepartmentService::NewStub(
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
      for (int i = 0; i < 300; ++i) {
        grpc::ClientContext context;
        context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
        pb::Department out;
        grpc::Status s = stub->CreateDepartment(&context, pb::CreateDepartmentRequest(), &out);
        if (s.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
            s.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
          sent.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& t : flood) t.join();
  ASSERT_EQ(sent.load(), 900);
  // Straight after the last answer: the writer may still hold some of them.
  EXPECT_EQ(d.process->Stop(), 0);
  absl::StatusOr<db::Result> rows = d.database->db().Execute(
      "SELECT COUNT(*) FROM audit_log WHERE action = 'denied' AND target_type = 'rpc' AND "
      "target_id = 'CreateDepartment' AND actor = 'anonymous'");
  ASSERT_TRUE(rows.ok()) << rows.status();
  EXPECT_EQ(rows->rows.at(0).Int(0), 900);
}

// The queue itself: entries offered faster than they can be written beyond its capacity are
// dropped and counted, never blocking the caller, and every entry is either written or counted.
TEST(AuditSecurityTest, AFullQueueDropsAndCountsInsteadOfBlocking) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> db =
      testing::TestDatabase::CreateMigrated({});
  ASSERT_TRUE(db.ok()) << db.status();
  auto registry = std::make_shared<prometheus::Registry>();
  audit::AuditQueueOptions options;
  options.capacity = 5;
  options.batch_size = 2;
  options.metrics = registry;
  options.service = "test";
  audit::AuditQueue queue(&(*db)->db(), options);
  int accepted = 0;
  absl::Time start = absl::Now();
  for (int i = 0; i < 2000; ++i) {
    audit::QueuedEntry e{{"anonymous", "/x.Y/Z", absl::StrCat("flood-", i)},
                         "rpc",
                         "Z",
                         "denied",
                         "{}",
                         absl::Now()};
    accepted += queue.Enqueue(std::move(e)) != 0;
  }
  // Offering 2,000 entries took no database time.
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  queue.Drain(absl::Now() + absl::Seconds(30));
  EXPECT_GT(queue.dropped(), 0u);
  EXPECT_EQ(queue.written() + queue.dropped(), 2000u);
  EXPECT_EQ(queue.written(), static_cast<uint64_t>(accepted));
  absl::StatusOr<db::Result> rows = (*db)->db().Execute("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows.at(0).Int(0), static_cast<int64_t>(queue.written()));
  double counted = 0;
  for (const auto& family : registry->Collect()) {
    if (family.name == "fazhi_audit_denials_dropped_total") {
      counted = family.metric.at(0).counter.value;
    }
  }
  EXPECT_EQ(counted, static_cast<double>(queue.dropped()));
}

// The attack: a clerk of 生态环境局 reports a figure for 市场监管局 inside an otherwise good
// submission. The use case refuses the row (not the policy table, which lets the call in), and
// the refusal is in the statistics service's audit log like the table's.
TEST(AuditSecurityTest, ARowRefusedForAnotherUnitIsAuditedAsADenial) {
  absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
      testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                        "sec-audit-rows");
  ASSERT_TRUE(servers.ok()) << servers.status();
  auto clerk = (*servers)->Stub(testing::Token({"clerk"}, "jiyuan-sthjj", "sthjj.rows"));
  statistics::v1::SubmitDataPointsRequest r;
  *r.add_points() = testing::Point("environment.seizures", "jiyuan-sthjj", 12);
  *r.add_points() = testing::Point("environment.seizures", "jiyuan-scjgj", 99);
  statistics::v1::ImportSummary summary;
  grpc::Status s = CallWithId(*clerk, &statistics::v1::StatisticsService::Stub::SubmitDataPoints, r,
                              &summary, "aud-row-refusal-1");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), 1);
  ASSERT_EQ(summary.rejected(), 1);

  std::optional<cpb::AuditEntry> entry = AwaitEntry(
      (*servers)->statistics().grpc_address(), "department", "jiyuan-scjgj", "aud-row-refusal-1");
  ASSERT_TRUE(entry.has_value()) << "the refused row was not audited";
  EXPECT_EQ(entry->action(), "denied");
  EXPECT_EQ(entry->actor(), "sthjj.rows");
  EXPECT_EQ(entry->rpc(), "/fazhi.statistics.v1.StatisticsService/SubmitDataPoints");
  EXPECT_NE(entry->changes().find("PERMISSION_DENIED"), std::string::npos) << entry->changes();
  EXPECT_NE(entry->changes().find("1 row refused"), std::string::npos) << entry->changes();
  EXPECT_NE(entry->changes().find("\"principal_department\":\"jiyuan-sthjj\""), std::string::npos)
      << entry->changes();
  // The unit the clerk may write has no denial.
  for (const cpb::AuditEntry& e :
       AuditEntries((*servers)->statistics().grpc_address(), "department", "jiyuan-sthjj")) {
    EXPECT_NE(e.action(), "denied") << e.changes();
  }
}

}  // namespace
}  // namespace fazhi

// The shape every server shares (common/grpc/call.h), seen from outside against the real
// department, statistics and cases binaries on the backend FAZHI_TEST_BACKEND names:
// - 200 idle anonymous streams per service do not stop an authenticated caller: no stream holds a
//   thread while it waits for its peer;
// - a refused call costs nothing beyond its verdict: an anonymous (or wrong-unit) FileCase makes
//   no outbound ValidateOfficers call, and a stream is refused at its headers;
// - a cancelled export stops: the server writes a fraction of it and counts the call Canceled;
// - a full executor refuses at once with RESOURCE_EXHAUSTED, health says NOT_SERVING while it
//   stays full, and both recover when the work drains;
// - every server allocates through jemalloc with common/alloc/jemalloc_conf.cc's settings
//   (cmake/FazhiAllocator.cmake), except under the sanitizers, which bring their own allocator.
// Each test stands alone: none needs another to have run first.

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/db/database.h"
#include "fazhi/cases/v1/enforcement.grpc.pb.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/cases_fixture.h"
#include "tests/support/cases_servers.h"
#include "tests/support/dates.h"
#include "tests/support/grpc_call.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"
#include "tests/support/statistics_servers.h"
#include "tests/support/test_database.h"

namespace fazhi {
namespace {

namespace cpb = ::fazhi::cases::v1;
namespace dpb = ::fazhi::department::v1;
namespace spb = ::fazhi::statistics::v1;
namespace rpb = ::grpc::reflection::v1alpha;
using ::fazhi::testing::Call;
using ::fazhi::testing::D;
using ::fazhi::testing::RunToExit;
using ::fazhi::testing::ServerProcess;

constexpr char kSthjj[] = "jiyuan-sthjj";
constexpr char kScjgj[] = "jiyuan-scjgj";

// The sum of the samples of metric on the server whose labels include every one of want.
double MetricSum(const ServerProcess& server, const std::string& metric,
                 const std::map<std::string, std::string>& want) {
  absl::StatusOr<std::string> text = testing::HttpGet(server.metrics_port(), "/metrics");
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return -1;
  absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
  EXPECT_TRUE(samples.ok()) << samples.status();
  if (!samples.ok()) return -1;
  double sum = 0;
  for (const testing::Sample& sample : *samples) {
    if (sample.name != metric) continue;
    bool match = true;
    for (const auto& [key, value] : want) match = match && sample.Label(key) == value;
    if (match) sum += sample.value;
  }
  return sum;
}

// A channel on a connection of its own: gRPC otherwise shares one connection among channels to
// the same address, and one connection carries at most --max_concurrent_streams calls.
std::shared_ptr<grpc::Channel> OwnConnection(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

class TransportIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::CasesServers>> servers = testing::CasesServers::Start(
        FAZHI_DEPARTMENT_BINARY, FAZHI_CASES_BINARY, "transport",
        testing::CaseOfficers({"sthjj-wang", "sthjj-li"}), FAZHI_STATISTICS_BINARY);
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
  }
  static void TearDownTestSuite() {
    if (servers_) EXPECT_EQ(servers_->cases().Stop(), 0) << "graceful shutdown should exit 0";
    delete servers_;
    servers_ = nullptr;
  }

  static const ServerProcess& department() { return servers_->department(); }
  static const ServerProcess& statistics() { return servers_->statistics().statistics(); }
  static const ServerProcess& cases() { return servers_->cases(); }

  static testing::CasesServers* servers_;
};

testing::CasesServers* TransportIntegrationTest::servers_ = nullptr;

// Idle anonymous reflection streams, as a scanner or a forgotten grpcurl leaves them, spread
// over four connections.
class IdleStreams {
 public:
  IdleStreams(const std::string& address, int count) {
    for (int c = 0; c < 4; ++c) channels_.push_back(OwnConnection(address));
    for (int i = 0; i < count; ++i) {
      auto context = std::make_unique<grpc::ClientContext>();
      context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
      auto stub = rpb::ServerReflection::NewStub(channels_[i % channels_.size()]);
      streams_.push_back(stub->ServerReflectionInfo(context.get()));
      contexts_.push_back(std::move(context));
    }
  }
  ~IdleStreams() {
    for (auto& context : contexts_) context->TryCancel();
    for (auto& stream : streams_) (void)stream->Finish();
  }

  // Every stream still answers: the server kept them all open.
  int Answering() {
    int answering = 0;
    for (auto& stream : streams_) {
      rpb::ServerReflectionRequest request;
      request.set_list_services("");
      rpb::ServerReflectionResponse response;
      if (stream->Write(request) && stream->Read(&response) &&
          response.has_list_services_response()) {
        ++answering;
      }
    }
    return answering;
  }

 private:
  std::vector<std::shared_ptr<grpc::Channel>> channels_;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts_;
  std::vector<std::unique_ptr<
      grpc::ClientReaderWriter<rpb::ServerReflectionRequest, rpb::ServerReflectionResponse>>>
      streams_;
};

// A health check and an authenticated unary call, each within two seconds.
void ExpectAnswersWithinTwoSeconds(
    const ServerProcess& server, const std::string& service,
    const std::function<grpc::Status(std::shared_ptr<grpc::Channel>)>& call) {
  std::shared_ptr<grpc::Channel> channel =
      testing::AuthorizedChannel(server.grpc_address(), testing::AdminToken());
  absl::StatusOr<int> health = testing::CheckHealth(channel, service);
  ASSERT_TRUE(health.ok()) << service << ": " << health.status();
  EXPECT_EQ(*health, testing::kServing) << service;
  grpc::Status answered = call(channel);
  EXPECT_TRUE(answered.ok()) << service << ": " << answered.error_message();
}

TEST_F(TransportIntegrationTest, IdleAnonymousStreamsLeaveRoomForEveryoneElse) {
  constexpr int kIdle = 200;
  IdleStreams on_department(department().grpc_address(), kIdle);
  IdleStreams on_statistics(statistics().grpc_address(), kIdle);
  IdleStreams on_cases(cases().grpc_address(), kIdle);

  ExpectAnswersWithinTwoSeconds(department(), "fazhi.department.v1.DepartmentService",
                                [](std::shared_ptr<grpc::Channel> channel) {
                                  auto stub = dpb::DepartmentService::NewStub(channel);
                                  dpb::GetDepartmentRequest request;
                                  request.set_id(kSthjj);
                                  dpb::Department unit;
                                  grpc::Status s =
                                      Call(*stub, &dpb::DepartmentService::Stub::GetDepartment,
                                           request, &unit, 2);
                                  if (s.ok()) EXPECT_EQ(unit.name(), "济源市生态环境局");
                                  return s;
                                });
  ExpectAnswersWithinTwoSeconds(statistics(), "fazhi.statistics.v1.StatisticsService",
                                [](std::shared_ptr<grpc::Channel> channel) {
                                  auto stub = spb::StatisticsService::NewStub(channel);
                                  spb::GetIndicatorRequest request;
                                  request.set_code("enforcement.cases_filed");
                                  spb::Indicator indicator;
                                  grpc::Status s =
                                      Call(*stub, &spb::StatisticsService::Stub::GetIndicator,
                                           request, &indicator, 2);
                                  if (s.ok())
                                    EXPECT_EQ(indicator.code(), "enforcement.cases_filed");
                                  return s;
                                });
  ExpectAnswersWithinTwoSeconds(
      cases(), "fazhi.cases.v1.EnforcementCaseService", [](std::shared_ptr<grpc::Channel> channel) {
        auto stub = cpb::EnforcementCaseService::NewStub(channel);
        cpb::ListOverdueRequest request;
        request.set_department_id(kSthjj);
        cpb::ListOverdueResponse overdue;
        return Call(*stub, &cpb::EnforcementCaseService::Stub::ListOverdue, request, &overdue, 2);
      });

  // The idle streams were served all along, not dropped to make room.
  EXPECT_EQ(on_department.Answering(), kIdle);
  EXPECT_EQ(on_statistics.Answering(), kIdle);
  EXPECT_EQ(on_cases.Answering(), kIdle);
}

TEST_F(TransportIntegrationTest, ARefusedFileCaseMakesNoOutboundCall) {
  const std::map<std::string, std::string> validate{{"grpc_method", "ValidateOfficers"}};
  double before = MetricSum(department(), "grpc_server_started_total", validate);
  ASSERT_GE(before, 0);
  cpb::FileCaseRequest file = testing::NewCase(kSthjj, "济环罚〔2021〕T1号", D(2021, 3, 1),
                                               {"sthjj-wang", "sthjj-li"}, /*person=*/false);
  file.set_request_id("transport-refused-file");
  cpb::EnforcementCase filed;

  auto anonymous = cpb::EnforcementCaseService::NewStub(
      grpc::CreateChannel(cases().grpc_address(), grpc::InsecureChannelCredentials()));
  EXPECT_EQ(
      Call(*anonymous, &cpb::EnforcementCaseService::Stub::FileCase, file, &filed).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  auto other_unit = cpb::EnforcementCaseService::NewStub(testing::AuthorizedChannel(
      cases().grpc_address(), testing::Token({"clerk"}, kScjgj, "clerk-scjgj")));
  EXPECT_EQ(
      Call(*other_unit, &cpb::EnforcementCaseService::Stub::FileCase, file, &filed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(MetricSum(department(), "grpc_server_started_total", validate), before)
      << "a refused FileCase asked the department service to check its officers";

  // The same request from the unit's own clerk does check them: the counter would have shown it.
  auto own_unit = cpb::EnforcementCaseService::NewStub(testing::AuthorizedChannel(
      cases().grpc_address(), testing::Token({"clerk"}, kSthjj, "clerk-sthjj")));
  grpc::Status s = Call(*own_unit, &cpb::EnforcementCaseService::Stub::FileCase, file, &filed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filed.department_id(), kSthjj);
  EXPECT_GT(MetricSum(department(), "grpc_server_started_total", validate), before);
}

TEST_F(TransportIntegrationTest, AStreamIsJudgedAtItsHeaders) {
  // An anonymous ingestion stream that never sends a message is refused at once: its verdict does
  // not wait for a first message, and the stream holds nothing while it is open.
  auto anonymous = spb::StatisticsService::NewStub(
      grpc::CreateChannel(statistics().grpc_address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  spb::ImportSummary summary;
  std::unique_ptr<grpc::ClientWriter<spb::IngestDataPointsRequest>> writer =
      anonymous->IngestDataPoints(&context, &summary);
  absl::Time opened = absl::Now();
  grpc::Status s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << s.error_message();
  EXPECT_LT(absl::Now() - opened, absl::Seconds(2));
}

TEST_F(TransportIntegrationTest, AStreamCutShortByAnUnreadableMessageIsRefusedNamingTheField) {
  auto admin = servers_->statistics().Stub(testing::AdminToken());
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  spb::ImportSummary summary;
  std::unique_ptr<grpc::ClientWriter<spb::IngestDataPointsRequest>> writer =
      admin->IngestDataPoints(&context, &summary);
  spb::IngestDataPointsRequest message;
  message.mutable_options()->set_request_id("transport-cut-stream");
  *message.add_points() = testing::Point("enforcement.cases_filed", kSthjj, 5, testing::Year(2018));
  ASSERT_TRUE(writer->Write(message));
  message.Clear();
  // gRPC cannot parse this message and ends the stream as if the client had finished.
  *message.add_points() =
      testing::Point("enforcement.cases_filed", "jiyuan-\xff\xfe", 6, testing::Year(2018));
  writer->Write(message);
  writer->WritesDone();
  grpc::Status s = writer->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("department_id is not valid UTF-8"), std::string::npos)
      << s.error_message();
  // Not taken for a whole stream: nothing of it was written.
  spb::DataPoint stored;
  spb::GetDataPointRequest get;
  get.set_indicator_code("enforcement.cases_filed");
  get.set_department_id(kSthjj);
  *get.mutable_period() = testing::Year(2018);
  EXPECT_EQ(Call(*admin, &spb::StatisticsService::Stub::GetDataPoint, get, &stored).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// The public feed parses its own requests (a raw method, so that its pages are answered from
// their serialized bytes): what it cannot read is refused as gRPC's own parsing refuses it.
TEST_F(TransportIntegrationTest, TheRawPublicFeedRefusesUnreadableRequestsNamingTheField) {
  auto anonymous = cpb::EnforcementCaseService::NewStub(
      grpc::CreateChannel(cases().grpc_address(), grpc::InsecureChannelCredentials()));
  cpb::ListPublicDecisionsRequest request;
  request.set_department_id("jiyuan-\xff\xfe");
  cpb::ListPublicDecisionsResponse response;
  grpc::Status s =
      Call(*anonymous, &cpb::EnforcementCaseService::Stub::ListPublicDecisions, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_EQ(s.error_message(), "department_id is not valid UTF-8 text");

  // Bytes that are no ListPublicDecisionsRequest at all (a field 1 of length 100, cut short).
  grpc::GenericStub generic(
      grpc::CreateChannel(cases().grpc_address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice garbage(std::string("\x0a\x64jiyuan"));
  grpc::ByteBuffer body(&garbage, 1);
  grpc::ByteBuffer answer;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  generic.UnaryCall(&context, "/fazhi.cases.v1.EnforcementCaseService/ListPublicDecisions",
                    grpc::StubOptions(), &body, &answer, [&](grpc::Status result) {
                      std::lock_guard<std::mutex> lock(mu);
                      status = std::move(result);
                      done = true;
                      done_cv.notify_all();
                    });
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(done_cv.wait_for(lock, std::chrono::seconds(10), [&] { return done; }));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_EQ(status.error_message(), "the request message does not parse");

  // A well-formed request is answered, and a bad page size still names its field.
  request.set_department_id("jiyuan");
  request.mutable_page()->set_page_size(5000);
  s = Call(*anonymous, &cpb::EnforcementCaseService::Stub::ListPublicDecisions, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("page.page_size"), std::string::npos) << s.error_message();
  request.mutable_page()->set_page_size(10);
  s = Call(*anonymous, &cpb::EnforcementCaseService::Stub::ListPublicDecisions, request, &response);
  EXPECT_TRUE(s.ok()) << s.error_message();
}

TEST_F(TransportIntegrationTest, ACancelledExportStopsItsWork) {
  auto admin = servers_->statistics().Stub(testing::AdminToken());
  // Two hundred indicators of its own for every unit of the city: six pages and more of export.
  std::vector<std::string> codes;
  for (int i = 0; i < 200; ++i) {
    spb::CreateIndicatorRequest create;
    spb::Indicator* indicator = create.mutable_indicator();
    indicator->set_code(absl::StrCat("transport.export_", i));
    indicator->set_name(absl::StrCat("导出测试指标", i));
    indicator->set_unit("件");
    indicator->set_value_type(spb::VALUE_TYPE_COUNT);
    indicator->set_aggregation(spb::AGGREGATION_SUM);
    indicator->add_period_types(common::v1::PERIOD_TYPE_YEAR);
    spb::Indicator created;
    grpc::Status s = Call(*admin, &spb::StatisticsService::Stub::CreateIndicator, create, &created);
    ASSERT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
    codes.push_back(indicator->code());
  }
  auto units = dpb::DepartmentService::NewStub(
      testing::AuthorizedChannel(department().grpc_address(), testing::AdminToken()));
  dpb::ListDescendantsRequest subtree;
  subtree.set_id("jiyuan");
  subtree.set_include_self(true);
  subtree.mutable_page()->set_page_size(500);
  dpb::ListDescendantsResponse city;
  ASSERT_TRUE(Call(*units, &dpb::DepartmentService::Stub::ListDescendants, subtree, &city).ok());
  std::vector<spb::DataPoint> points;
  for (const dpb::DepartmentNode& node : city.nodes()) {
    for (const std::string& code : codes) {
      points.push_back(testing::Point(code, node.department().id(), 7, testing::Year(2019)));
    }
  }
  spb::SubmitDataPointsRequest submit;
  for (const spb::DataPoint& p : points) *submit.add_points() = p;
  spb::ImportSummary summary;
  grpc::Status s = Call(*admin, &spb::StatisticsService::Stub::SubmitDataPoints, submit, &summary);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(summary.rejected(), 0) << summary.DebugString().substr(0, 500);
  const int64_t stored = static_cast<int64_t>(points.size());

  const std::map<std::string, std::string> export_calls{{"grpc_method", "ExportDataPoints"}};
  const std::map<std::string, std::string> cancelled{{"grpc_method", "ExportDataPoints"},
                                                     {"grpc_code", "Canceled"}};
  double sent_before = MetricSum(statistics(), "grpc_server_msg_sent_total", export_calls);
  double cancelled_before = MetricSum(statistics(), "grpc_server_handled_total", cancelled);
  spb::ExportDataPointsRequest request;
  *request.mutable_period() = testing::Year(2019);
  request.set_department_id("jiyuan");
  request.set_include_descendants(true);
  for (const std::string& code : codes) request.add_indicator_codes(code);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::unique_ptr<grpc::ClientReader<spb::DataPoint>> reader =
      admin->ExportDataPoints(&context, request);
  spb::DataPoint first;
  ASSERT_TRUE(reader->Read(&first));
  EXPECT_EQ(first.value(), 7);
  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);

  // The server ends the call as cancelled, having written a fraction of the export.
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (MetricSum(statistics(), "grpc_server_handled_total", cancelled) < cancelled_before + 1 &&
         absl::Now() < give_up) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(MetricSum(statistics(), "grpc_server_handled_total", cancelled), cancelled_before + 1);
  double sent = MetricSum(statistics(), "grpc_server_msg_sent_total", export_calls) - sent_before;
  EXPECT_GE(sent, 1);
  // At most the page being written when the client left and the one read as it left (the server
  // reads 1000 figures a page); the rest of the export was never read.
  EXPECT_LE(sent, 2 * 1000) << "the export went on after its client left";
  EXPECT_GT(stored, 6 * 1000);

  // A whole export of the same figures, for scale: every stored figure, once.
  grpc::ClientContext whole_context;
  whole_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  std::unique_ptr<grpc::ClientReader<spb::DataPoint>> whole =
      admin->ExportDataPoints(&whole_context, request);
  int64_t read = 0;
  for (spb::DataPoint p; whole->Read(&p);) ++read;
  EXPECT_TRUE(whole->Finish().ok());
  EXPECT_EQ(read, stored);
}

// The serving status of server's health service, or -1 when it does not answer.
int Health(const ServerProcess& server) {
  absl::StatusOr<int> status = testing::CheckHealth(
      grpc::CreateChannel(server.grpc_address(), grpc::InsecureChannelCredentials()));
  return status.ok() ? *status : -1;
}

// Polls server's health until it is want, for at most ten seconds.
bool HealthBecomes(const ServerProcess& server, int want) {
  absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (Health(server) != want) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return true;
}

TEST_F(TransportIntegrationTest, AFullExecutorRefusesAtOnceAndHealthSaysSoUntilItDrains) {
  // One worker and room for one waiting call.
  absl::StatusOr<testing::DepartmentServer> small = testing::StartDepartment(
      FAZHI_DEPARTMENT_BINARY,
      absl::StrCat(::testing::TempDir(), "/fazhi-transport-small-department-", getpid(), ".log"),
      /*load_units=*/true,
      {"--executor_threads=1", "--executor_queue=1", "--executor_saturated_unhealthy_seconds=1",
       "--health_check_interval_ms=100"});
  ASSERT_TRUE(small.ok()) << small.status();
  const ServerProcess& server = *small->process;
  auto admin = dpb::DepartmentService::NewStub(
      testing::AuthorizedChannel(server.grpc_address(), testing::AdminToken()));
  dpb::GetDepartmentRequest get;
  get.set_id(kSthjj);
  dpb::Department unit;
  ASSERT_TRUE(Call(*admin, &dpb::DepartmentService::Stub::GetDepartment, get, &unit).ok());
  ASSERT_EQ(Health(server), testing::kServing);

  // Another session holds the unit's row (SQLite: the database's write lock) until released, so
  // the updates below occupy the one worker and the one place in the queue.
  absl::Notification locked;
  absl::Notification release;
  std::thread holder;
  std::vector<grpc::StatusCode> updates(2);
  std::vector<std::thread> updaters;
  // However the test ends (an ASSERT included), the row is released and every thread joined
  // before the server and its database go: a joinable std::thread would abort the binary.
  struct Joiner {
    absl::Notification& release;
    std::thread& holder;
    std::vector<std::thread>& updaters;
    ~Joiner() {
      if (!release.HasBeenNotified()) release.Notify();
      if (holder.joinable()) holder.join();
      for (std::thread& t : updaters) {
        if (t.joinable()) t.join();
      }
    }
  } joiner{release, holder, updaters};
  holder = std::thread([&] {
    absl::Status held = small->database->db().InTransaction([&](db::Connection& conn) {
      absl::Status s =
          conn.Execute("UPDATE departments SET name = name WHERE id = ?", {std::string(kSthjj)})
              .status();
      locked.Notify();
      release.WaitForNotificationWithTimeout(absl::Seconds(30));
      return s;
    });
    EXPECT_TRUE(held.ok()) << held;
  });
  ASSERT_TRUE(locked.WaitForNotificationWithTimeout(absl::Seconds(30)))
      << "the other session did not take the row within 30 seconds";
  // One at a time, so the first is surely on the worker before the second waits behind it.
  for (const char* gauge : {"fazhi_executor_busy_workers", "fazhi_executor_queued_tasks"}) {
    int i = static_cast<int>(updaters.size());
    updaters.emplace_back([&, i] {
      dpb::UpdateDepartmentRequest update;
      *update.mutable_department() = unit;
      update.mutable_department()->set_short_name(absl::StrCat("生态环境局", i));
      update.mutable_update_mask()->add_paths("short_name");
      dpb::Department updated;
      updates[i] =
          Call(*admin, &dpb::DepartmentService::Stub::UpdateDepartment, update, &updated, 20)
              .error_code();
    });
    absl::Time give_up = absl::Now() + absl::Seconds(10);
    while (MetricSum(server, gauge, {}) < 1 && absl::Now() < give_up) {
      absl::SleepFor(absl::Milliseconds(20));
    }
    ASSERT_EQ(MetricSum(server, gauge, {}), 1) << gauge;
  }

  EXPECT_TRUE(HealthBecomes(server, testing::kNotServing))
      << "health still SERVING with the executor full for over a second";
  absl::Time asked = absl::Now();
  grpc::Status refused = Call(*admin, &dpb::DepartmentService::Stub::GetDepartment, get, &unit);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << refused.error_message();
  EXPECT_LT(absl::Now() - asked, absl::Seconds(1)) << "a full executor must refuse at once";

  release.Notify();
  holder.join();
  for (std::thread& t : updaters) t.join();
  // The two updates were of one version: one lands, the other finds it stale.
  std::sort(updates.begin(), updates.end());
  EXPECT_EQ(updates,
            (std::vector<grpc::StatusCode>{grpc::StatusCode::OK, grpc::StatusCode::ABORTED}));
  EXPECT_TRUE(HealthBecomes(server, testing::kServing));
  EXPECT_TRUE(Call(*admin, &dpb::DepartmentService::Stub::GetDepartment, get, &unit).ok());
  EXPECT_EQ(small->process->Stop(), 0);
}

// The text of /proc/PID/maps: every file the process has mapped.
std::string Mappings(const ServerProcess& server) {
  std::ifstream maps(absl::StrCat("/proc/", server.pid(), "/maps"));
  std::stringstream text;
  text << maps.rdbuf();
  return text.str();
}

TEST_F(TransportIntegrationTest, EveryServerAllocatesThroughJemallocWithItsSettings) {
  for (const ServerProcess* server : {&department(), &statistics(), &cases()}) {
    std::string maps = Mappings(*server);
    ASSERT_NE(maps.find("libc.so"), std::string::npos) << "maps unreadable:\n" << maps;
    EXPECT_EQ(maps.find("libjemalloc") != std::string::npos, FAZHI_SERVERS_USE_JEMALLOC == 1)
        << "server " << server->pid();
  }
  // The reports server is not started here. For each binary, the dynamic linker lists what it
  // would load in the order it searches them (LD_TRACE_LOADED_OBJECTS, what ldd does): jemalloc
  // replaces malloc only when it is found before glibc.
  for (const std::string binary : {FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                   FAZHI_CASES_BINARY, FAZHI_REPORTS_BINARY}) {
    auto [traced, listing] =
        RunToExit(absl::StrCat("env LD_TRACE_LOADED_OBJECTS=1 '", binary, "'"));
    ASSERT_EQ(traced, 0) << binary << ":\n" << listing;
    size_t jemalloc = listing.find("libjemalloc.so");
    size_t libc = listing.find("libc.so.6");
    ASSERT_NE(libc, std::string::npos) << binary << ":\n" << listing;
    if (FAZHI_SERVERS_USE_JEMALLOC != 1) {
      EXPECT_EQ(jemalloc, std::string::npos) << binary << ":\n" << listing;
      continue;
    }
    EXPECT_LT(jemalloc, libc) << binary << " must load jemalloc before glibc:\n" << listing;
    // common/alloc/jemalloc_conf.cc's settings, as jemalloc prints them at exit (--helpfull
    // exits 1 after printing the flags).
    auto [exit_code, stats] =
        RunToExit(absl::StrCat("env MALLOC_CONF=stats_print:true '", binary, "' --helpfull"));
    EXPECT_EQ(exit_code, 1) << binary << ":\n" << stats;
    EXPECT_TRUE(absl::StrContains(stats, "opt.narenas: 2\n")) << binary;
    EXPECT_TRUE(absl::StrContains(stats, "opt.dirty_decay_ms: 1000 ")) << binary;
    EXPECT_TRUE(absl::StrContains(stats, "opt.muzzy_decay_ms: 0 ")) << binary;
  }
}

}  // namespace
}  // namespace fazhi

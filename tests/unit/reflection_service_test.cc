// The reflection service (common/grpc/reflection_service.h) against an in-process server on
// loopback that has only callback services: what each kind of request answers, what one stream
// remembers between requests, and that idle streams hold no thread a later client needs.

#include "common/grpc/reflection_service.h"

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/support/server_interceptor.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "fazhi/department/v1/power.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "gtest/gtest.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
namespace rpb = ::grpc::reflection::v1alpha;
using google::protobuf::FileDescriptorProto;
using Stream =
    grpc::ClientReaderWriter<rpb::ServerReflectionRequest, rpb::ServerReflectionResponse>;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

constexpr char kReflectionMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";
constexpr char kDepartmentFile[] = "fazhi/department/v1/department.proto";
constexpr char kPowerFile[] = "fazhi/department/v1/power.proto";
constexpr char kCommonFile[] = "fazhi/common/v1/common.proto";
constexpr char kFieldMaskFile[] = "google/protobuf/field_mask.proto";
constexpr char kTimestampFile[] = "google/protobuf/timestamp.proto";

// Counts the reflection calls that have reached the server, so a test can wait until the streams
// it opened are open on the server's side too.
class ReflectionCallCounter : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit ReflectionCallCounter(std::atomic<int>* started) : started_(started) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (std::string(info->method()) == kReflectionMethod) started_->fetch_add(1);
    return nullptr;  // Counting is all: the call itself is not intercepted.
  }

 private:
  std::atomic<int>* started_;
};

class ReflectionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    reflection_ = grpc_util::MakeReflectionService({pb::DepartmentService::service_full_name(),
                                                    pb::PowerListService::service_full_name(),
                                                    "grpc.health.v1.Health"});
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    // As production servers cap their threads (common/grpc/server.cc): a service that held a
    // thread per open stream would run out long before the idle-stream test's 200 streams.
    grpc::ResourceQuota quota("reflection-test");
    quota.SetMaxThreads(64);
    builder.SetResourceQuota(quota);
    builder.RegisterService(reflection_.get());
    // Serving these (every method UNIMPLEMENTED) also links their generated code, and with it the
    // descriptors reflection describes.
    builder.RegisterService(&department_);
    builder.RegisterService(&power_);
    std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> counters;
    counters.push_back(std::make_unique<ReflectionCallCounter>(&started_streams_));
    builder.experimental().SetInterceptorCreators(std::move(counters));
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port_, 0);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port_), grpc::InsecureChannelCredentials());
    stub_ = rpb::ServerReflection::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  }

  // A stream with its own context, under a deadline every test stays well within.
  struct OpenStream {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<Stream> stream;
  };
  OpenStream Open(std::chrono::seconds deadline = std::chrono::seconds(30)) {
    OpenStream open;
    open.context = std::make_unique<grpc::ClientContext>();
    open.context->set_deadline(std::chrono::system_clock::now() + deadline);
    open.stream = stub_->ServerReflectionInfo(open.context.get());
    return open;
  }

  // Sends one request and returns its answer; a broken stream fails the test.
  static rpb::ServerReflectionResponse Exchange(Stream& stream,
                                                const rpb::ServerReflectionRequest& request) {
    rpb::ServerReflectionResponse response;
    EXPECT_TRUE(stream.Write(request)) << request.ShortDebugString();
    EXPECT_TRUE(stream.Read(&response)) << request.ShortDebugString();
    return response;
  }

  static void CloseOk(OpenStream& open) {
    EXPECT_TRUE(open.stream->WritesDone());
    grpc::Status status = open.stream->Finish();
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  }

  static rpb::ServerReflectionRequest Symbol(const std::string& symbol) {
    rpb::ServerReflectionRequest request;
    request.set_file_containing_symbol(symbol);
    return request;
  }
  static rpb::ServerReflectionRequest ListServices() {
    rpb::ServerReflectionRequest request;
    request.set_list_services("");
    return request;
  }

  // The files of a file_descriptor_response, parsed, in the order sent.
  static std::vector<FileDescriptorProto> Files(const rpb::ServerReflectionResponse& response) {
    EXPECT_TRUE(response.has_file_descriptor_response()) << response.ShortDebugString();
    std::vector<FileDescriptorProto> files;
    for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
      FileDescriptorProto file;
      EXPECT_TRUE(file.ParseFromString(bytes));
      files.push_back(std::move(file));
    }
    return files;
  }
  static std::vector<std::string> FileNames(const rpb::ServerReflectionResponse& response) {
    std::vector<std::string> names;
    for (const FileDescriptorProto& file : Files(response)) names.push_back(file.name());
    return names;
  }
  static std::vector<std::string> ServiceNames(const rpb::ServerReflectionResponse& response) {
    EXPECT_TRUE(response.has_list_services_response()) << response.ShortDebugString();
    std::vector<std::string> names;
    for (const auto& service : response.list_services_response().service()) {
      names.push_back(service.name());
    }
    return names;
  }

  std::unique_ptr<grpc::Service> reflection_;
  pb::DepartmentService::CallbackService department_;
  pb::PowerListService::CallbackService power_;
  std::atomic<int> started_streams_{0};
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<rpb::ServerReflection::Stub> stub_;
};

TEST_F(ReflectionServiceTest, ListsTheGivenServicesAndItselfEchoingTheRequest) {
  OpenStream open = Open();
  rpb::ServerReflectionRequest request = ListServices();
  request.set_host("reflection.test:8443");
  rpb::ServerReflectionResponse response = Exchange(*open.stream, request);
  EXPECT_THAT(
      ServiceNames(response),
      ElementsAre("fazhi.department.v1.DepartmentService", "fazhi.department.v1.PowerListService",
                  "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"));
  EXPECT_EQ(response.valid_host(), "reflection.test:8443");
  EXPECT_EQ(response.original_request().host(), "reflection.test:8443");
  EXPECT_TRUE(response.original_request().has_list_services());
  CloseOk(open);
}

TEST_F(ReflectionServiceTest, AServiceComesWithItsImportsOnce) {
  OpenStream open = Open();
  rpb::ServerReflectionResponse response =
      Exchange(*open.stream, Symbol("fazhi.department.v1.DepartmentService"));
  EXPECT_EQ(response.original_request().file_containing_symbol(),
            "fazhi.department.v1.DepartmentService");
  // timestamp.proto is imported by department.proto and again by common.proto: sent once.
  std::vector<FileDescriptorProto> files = Files(response);
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].name(), kDepartmentFile);
  EXPECT_THAT(FileNames(response),
              UnorderedElementsAre(kDepartmentFile, kCommonFile, kFieldMaskFile, kTimestampFile));
  EXPECT_EQ(files[0].package(), "fazhi.department.v1");
  EXPECT_THAT(files[0].dependency(), ElementsAre(kCommonFile, kFieldMaskFile, kTimestampFile));
  ASSERT_EQ(files[0].service_size(), 1);
  EXPECT_EQ(files[0].service(0).name(), "DepartmentService");
  EXPECT_EQ(files[0].service(0).method(1).name(), "GetDepartment");
  // Exactly the file this binary was compiled with.
  FileDescriptorProto compiled;
  pb::Department::descriptor()->file()->CopyTo(&compiled);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(files[0], compiled));
  CloseOk(open);
}

TEST_F(ReflectionServiceTest, AStreamSendsEachImportOnlyOnce) {
  OpenStream open = Open();
  EXPECT_EQ(
      FileNames(Exchange(*open.stream, Symbol("fazhi.department.v1.DepartmentService"))).size(),
      4u);
  // The same file again, by a message in it: the file itself, none of its imports.
  EXPECT_THAT(FileNames(Exchange(*open.stream, Symbol("fazhi.department.v1.Department"))),
              ElementsAre(kDepartmentFile));
  // Another file with the same imports, by a method: only that file is new.
  EXPECT_THAT(FileNames(Exchange(*open.stream,
                                 Symbol("fazhi.department.v1.PowerListService.GetPowerItem"))),
              ElementsAre(kPowerFile));
  // An import sent earlier, asked for itself, is sent again.
  rpb::ServerReflectionRequest by_name;
  by_name.set_file_by_filename(kTimestampFile);
  EXPECT_THAT(FileNames(Exchange(*open.stream, by_name)), ElementsAre(kTimestampFile));
  CloseOk(open);

  // What was sent is remembered per stream: a new stream gets every import again.
  OpenStream fresh = Open();
  EXPECT_THAT(FileNames(Exchange(*fresh.stream, Symbol("fazhi.department.v1.Department"))),
              UnorderedElementsAre(kDepartmentFile, kCommonFile, kFieldMaskFile, kTimestampFile));
  CloseOk(fresh);
}

TEST_F(ReflectionServiceTest, FindsTheFileOfEveryKindOfSymbol) {
  OpenStream open = Open();
  for (const char* symbol : {"fazhi.department.v1.DepartmentService.GetDepartment",  // method
                             "fazhi.department.v1.Department.name",                  // field
                             "fazhi.department.v1.DepartmentKind",                   // enum
                             "fazhi.department.v1.DEPARTMENT_KIND_TOWN"}) {          // enum value
    rpb::ServerReflectionResponse response = Exchange(*open.stream, Symbol(symbol));
    std::vector<std::string> names = FileNames(response);
    ASSERT_FALSE(names.empty()) << symbol;
    EXPECT_EQ(names[0], kDepartmentFile) << symbol;
  }
  // The reflection protocol describes itself.
  EXPECT_THAT(FileNames(Exchange(*open.stream, Symbol("grpc.reflection.v1alpha.ServerReflection"))),
              ElementsAre("grpc/reflection/v1alpha/reflection.proto"));
  CloseOk(open);
}

TEST_F(ReflectionServiceTest, UnknownNamesAreNotFoundAndTheStreamGoesOn) {
  OpenStream open = Open();
  rpb::ServerReflectionRequest file;
  file.set_file_by_filename("fazhi/nothing/v1/nothing.proto");
  rpb::ServerReflectionRequest type;
  type.set_all_extension_numbers_of_type("fazhi.nothing.v1.Nothing");
  rpb::ServerReflectionRequest extension;
  extension.mutable_file_containing_extension()->set_containing_type(
      "fazhi.department.v1.Department");
  extension.mutable_file_containing_extension()->set_extension_number(1000);
  const std::vector<std::pair<rpb::ServerReflectionRequest, std::string>> cases = {
      {file, "fazhi/nothing/v1/nothing.proto"},
      {Symbol("fazhi.department.v1.DepartmentService.Nothing"),
       "fazhi.department.v1.DepartmentService.Nothing"},
      {type, "fazhi.nothing.v1.Nothing"},
      {extension, "1000"},
  };
  for (const auto& [request, named] : cases) {
    rpb::ServerReflectionResponse response = Exchange(*open.stream, request);
    ASSERT_TRUE(response.has_error_response()) << response.ShortDebugString();
    EXPECT_EQ(response.error_response().error_code(), 5) << response.ShortDebugString();
    EXPECT_NE(response.error_response().error_message().find(named), std::string::npos)
        << response.error_response().error_message();
    EXPECT_EQ(response.original_request().SerializeAsString(), request.SerializeAsString());
    EXPECT_FALSE(response.has_file_descriptor_response());
  }
  // Errors end no stream: the same stream still answers.
  EXPECT_EQ(ServiceNames(Exchange(*open.stream, ListServices())).size(), 4u);
  CloseOk(open);
}

TEST_F(ReflectionServiceTest, AnEmptyRequestIsInvalid) {
  OpenStream open = Open();
  rpb::ServerReflectionRequest empty;
  empty.set_host("reflection.test");
  rpb::ServerReflectionResponse response = Exchange(*open.stream, empty);
  ASSERT_TRUE(response.has_error_response()) << response.ShortDebugString();
  EXPECT_EQ(response.error_response().error_code(), 3);
  EXPECT_EQ(response.valid_host(), "reflection.test");
  CloseOk(open);
}

TEST_F(ReflectionServiceTest, ExtensionNumbersOfAKnownTypeAreListed) {
  OpenStream open = Open();
  rpb::ServerReflectionRequest request;
  request.set_all_extension_numbers_of_type("fazhi.department.v1.Department");
  rpb::ServerReflectionResponse response = Exchange(*open.stream, request);
  ASSERT_TRUE(response.has_all_extension_numbers_response()) << response.ShortDebugString();
  EXPECT_EQ(response.all_extension_numbers_response().base_type_name(),
            "fazhi.department.v1.Department");
  // fazhi's messages declare no extension ranges.
  EXPECT_EQ(response.all_extension_numbers_response().extension_number_size(), 0);
  CloseOk(open);
}

// The reason for the callback API: streams that are open and silent hold no server thread, so
// however many there are (here far more than the 64 the server may run), the next client's
// stream is answered at once.
TEST_F(ReflectionServiceTest, IdleStreamsDoNotKeepOthersWaiting) {
  constexpr int kIdleStreams = 200;
  std::vector<OpenStream> idle;
  for (int i = 0; i < kIdleStreams; ++i) idle.push_back(Open(std::chrono::seconds(60)));
  // Wait until the server has taken every one of them.
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (started_streams_.load() < kIdleStreams && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(started_streams_.load(), kIdleStreams);

  OpenStream next = Open(std::chrono::seconds(5));
  rpb::ServerReflectionRequest request = ListServices();
  rpb::ServerReflectionResponse response;
  ASSERT_TRUE(next.stream->Write(request)) << next.stream->Finish().error_message();
  ASSERT_TRUE(next.stream->Read(&response)) << next.stream->Finish().error_message();
  EXPECT_THAT(
      ServiceNames(response),
      ElementsAre("fazhi.department.v1.DepartmentService", "fazhi.department.v1.PowerListService",
                  "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"));
  CloseOk(next);
  EXPECT_EQ(started_streams_.load(), kIdleStreams + 1);

  // Each idle stream still ends cleanly when its client half-closes.
  for (OpenStream& open : idle) CloseOk(open);
}

}  // namespace
}  // namespace fazhi

// fazhi-load's pure parts (tools/load/load.h): percentiles, the latency summary, method names and
// JSON requests turned into messages, and the gRPC frame h2load sends.

#include "tools/load/load.h"

#include <numeric>

#include "absl/strings/str_cat.h"
#include "fazhi/department/v1/department.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fazhi::load {
namespace {

using ::testing::HasSubstr;

TEST(PercentileTest, NearestRankOfAHundredValues) {
  std::vector<int64_t> values(100);
  std::iota(values.begin(), values.end(), 1);
  EXPECT_EQ(Percentile(values, 0.5), 50);
  EXPECT_EQ(Percentile(values, 0.9), 90);
  EXPECT_EQ(Percentile(values, 0.99), 99);
  EXPECT_EQ(Percentile(values, 0.999), 100);
  EXPECT_EQ(Percentile(values, 1.0), 100);
  EXPECT_EQ(Percentile(values, 0.001), 1);
}

TEST(PercentileTest, OneValueIsEveryPercentileAndNoneIsZero) {
  EXPECT_EQ(Percentile({7}, 0.5), 7);
  EXPECT_EQ(Percentile({7}, 0.999), 7);
  EXPECT_EQ(Percentile({}, 0.5), 0);
}

TEST(PercentileTest, TheTailOfAThousandValues) {
  // 999 fast calls and one slow one: p99.9 is the 999th value, only the max sees the slow one.
  std::vector<int64_t> values(999, 1);
  values.push_back(1000);
  EXPECT_EQ(Percentile(values, 0.99), 1);
  EXPECT_EQ(Percentile(values, 0.999), 1);
  EXPECT_EQ(Percentile(values, 1.0), 1000);
}

TEST(SummarizeTest, MillisecondsFromUnsortedNanoseconds) {
  std::vector<int64_t> ns;
  for (int i = 1000; i >= 1; --i) ns.push_back(i * 1'000'000LL);  // 1..1000 ms, reversed
  LatencySummary s = Summarize(ns);
  EXPECT_EQ(s.count, 1000);
  EXPECT_DOUBLE_EQ(s.p50_ms, 500);
  EXPECT_DOUBLE_EQ(s.p90_ms, 900);
  EXPECT_DOUBLE_EQ(s.p99_ms, 990);
  EXPECT_DOUBLE_EQ(s.p999_ms, 999);
  EXPECT_DOUBLE_EQ(s.max_ms, 1000);
  EXPECT_DOUBLE_EQ(s.mean_ms, 500.5);
}

TEST(SummarizeTest, NoCallsIsAllZero) {
  LatencySummary s = Summarize({});
  EXPECT_EQ(s.count, 0);
  EXPECT_EQ(s.max_ms, 0);
  EXPECT_EQ(s.p99_ms, 0);
}

TEST(FindMethodTest, FindsAMethodOfEveryService) {
  for (const char* method :
       {"/fazhi.department.v1.DepartmentService/GetDepartment",
        "/fazhi.statistics.v1.StatisticsService/SubmitDataPoints",
        "/fazhi.cases.v1.EnforcementCaseService/ListPublicDecisions",
        "/fazhi.reports.v1.ReportService/GetPublishedReport", "/grpc.health.v1.Health/Check"}) {
    absl::StatusOr<const google::protobuf::MethodDescriptor*> found = FindMethod(method);
    ASSERT_TRUE(found.ok()) << method << ": " << found.status();
    EXPECT_EQ(absl::StrCat("/", (*found)->service()->full_name(), "/", (*found)->name()), method);
  }
}

TEST(FindMethodTest, AMalformedMethodIsNamedWithTheFormExpected) {
  for (const char* method : {"GetDepartment", "fazhi.department.v1.DepartmentService/GetDepartment",
                             "/fazhi.department.v1.DepartmentService/", "//GetDepartment", ""}) {
    absl::StatusOr<const google::protobuf::MethodDescriptor*> found = FindMethod(method);
    ASSERT_FALSE(found.ok()) << method;
    EXPECT_EQ(found.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(found.status().message(), HasSubstr(absl::StrCat("\"", method, "\"")));
    EXPECT_THAT(found.status().message(), HasSubstr("/package.Service/Method"));
  }
}

TEST(FindMethodTest, AnUnknownServiceOrMethodIsNamed) {
  absl::StatusOr<const google::protobuf::MethodDescriptor*> no_service =
      FindMethod("/fazhi.department.v1.NoSuchService/GetDepartment");
  ASSERT_FALSE(no_service.ok());
  EXPECT_THAT(no_service.status().message(),
              HasSubstr("no service fazhi.department.v1.NoSuchService"));
  absl::StatusOr<const google::protobuf::MethodDescriptor*> no_method =
      FindMethod("/fazhi.department.v1.DepartmentService/GetDepartmnet");
  ASSERT_FALSE(no_method.ok());
  EXPECT_THAT(no_method.status().message(),
              HasSubstr("fazhi.department.v1.DepartmentService has no method GetDepartmnet"));
}

TEST(FindMethodTest, AStreamingMethodIsRefused) {
  absl::StatusOr<const google::protobuf::MethodDescriptor*> found =
      FindMethod("/fazhi.statistics.v1.StatisticsService/IngestDataPoints");
  ASSERT_FALSE(found.ok());
  EXPECT_THAT(found.status().message(), HasSubstr("unary methods only"));
}

const google::protobuf::MethodDescriptor& GetDepartment() {
  return **FindMethod("/fazhi.department.v1.DepartmentService/GetDepartment");
}

TEST(JsonToRequestTest, SerializesTheRequestMessage) {
  absl::StatusOr<std::string> bytes = JsonToRequest(
      GetDepartment(), R"({"id": "jiyuan-sthjj", "asOf": {"year": 2021, "month": 3, "day": 1}})");
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  department::v1::GetDepartmentRequest request;
  ASSERT_TRUE(request.ParseFromString(*bytes));
  EXPECT_EQ(request.id(), "jiyuan-sthjj");
  EXPECT_EQ(request.as_of().year(), 2021);
  EXPECT_EQ(request.as_of().month(), 3);
  EXPECT_EQ(request.as_of().day(), 1);
}

TEST(JsonToRequestTest, BadJsonNamesTheMessageType) {
  for (const char* json : {R"({"id": )", R"({"idd": "x"})", R"({"id": 5)", "[1]"}) {
    absl::StatusOr<std::string> bytes = JsonToRequest(GetDepartment(), json);
    ASSERT_FALSE(bytes.ok()) << json;
    EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(bytes.status().message(),
                HasSubstr("not a fazhi.department.v1.GetDepartmentRequest in JSON"));
  }
}

TEST(BuildRequestsTest, OneRequestFromTheFlag) {
  absl::StatusOr<RequestSet> set =
      BuildRequests("/fazhi.department.v1.DepartmentService/GetDepartment", R"({"id":"jiyuan"})",
                    std::nullopt, "");
  ASSERT_TRUE(set.ok()) << set.status();
  EXPECT_EQ(set->method, "/fazhi.department.v1.DepartmentService/GetDepartment");
  ASSERT_EQ(set->serialized.size(), 1u);
  department::v1::GetDepartmentRequest request;
  ASSERT_TRUE(request.ParseFromString(set->serialized[0]));
  EXPECT_EQ(request.id(), "jiyuan");
}

TEST(BuildRequestsTest, OneRequestPerLineSkippingBlanksAndComments) {
  absl::StatusOr<RequestSet> set =
      BuildRequests("/fazhi.department.v1.DepartmentService/GetDepartment", std::nullopt,
                    "# units\n{\"id\":\"a\"}\n\n  {\"id\":\"b\"}  \n", "ids.jsonl");
  ASSERT_TRUE(set.ok()) << set.status();
  ASSERT_EQ(set->serialized.size(), 2u);
  department::v1::GetDepartmentRequest a, b;
  ASSERT_TRUE(a.ParseFromString(set->serialized[0]));
  ASSERT_TRUE(b.ParseFromString(set->serialized[1]));
  EXPECT_EQ(a.id(), "a");
  EXPECT_EQ(b.id(), "b");
}

TEST(BuildRequestsTest, ABadLineIsNamedByFileAndNumber) {
  absl::StatusOr<RequestSet> set =
      BuildRequests("/fazhi.department.v1.DepartmentService/GetDepartment", std::nullopt,
                    "{\"id\":\"a\"}\n\n{\"id\":\n", "ids.jsonl");
  ASSERT_FALSE(set.ok());
  EXPECT_THAT(set.status().message(), HasSubstr("ids.jsonl line 3: not a "
                                                "fazhi.department.v1.GetDepartmentRequest"));
}

TEST(BuildRequestsTest, ExactlyOneSourceAndAtLeastOneRequest) {
  const char* method = "/fazhi.department.v1.DepartmentService/GetDepartment";
  absl::StatusOr<RequestSet> both = BuildRequests(method, "{}", "{}", "f");
  ASSERT_FALSE(both.ok());
  EXPECT_THAT(both.status().message(), HasSubstr("exactly one of --request and --requests_file"));
  EXPECT_FALSE(BuildRequests(method, std::nullopt, std::nullopt, "f").ok());
  absl::StatusOr<RequestSet> empty =
      BuildRequests(method, std::nullopt, "\n# nothing\n", "f.jsonl");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("f.jsonl holds no request"));
  absl::StatusOr<RequestSet> bad_method = BuildRequests("/x/y", "{}", std::nullopt, "");
  ASSERT_FALSE(bad_method.ok());
  EXPECT_THAT(bad_method.status().message(), HasSubstr("--method \"/x/y\""));
  absl::StatusOr<RequestSet> bad_json = BuildRequests(method, "{", std::nullopt, "");
  ASSERT_FALSE(bad_json.ok());
  EXPECT_THAT(bad_json.status().message(), HasSubstr("--request: not a"));
}

TEST(GrpcFrameTest, UncompressedFlagAndBigEndianLength) {
  std::string body(300, 'x');
  std::string frame = GrpcFrame(body);
  ASSERT_EQ(frame.size(), 305u);
  EXPECT_EQ(frame.substr(0, 5), std::string("\0\0\0\x01\x2c", 5));
  EXPECT_EQ(frame.substr(5), body);
  EXPECT_EQ(GrpcFrame(""), std::string(5, '\0'));
}

TEST(StatusCodeNameTest, NamesAsGrpcDoes) {
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::NOT_FOUND), "NOT_FOUND");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(StatusCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "RESOURCE_EXHAUSTED");
}

TEST(FormatJsonTest, CountsEveryStatusByName) {
  LoadOptions options;
  options.connections = 2;
  options.concurrency = 3;
  RequestSet requests{"/a.B/C", {"x"}};
  LoadResult result;
  result.calls = 10;
  result.ok = 7;
  result.failures[grpc::StatusCode::NOT_FOUND] = 2;
  result.failures[grpc::StatusCode::UNAUTHENTICATED] = 1;
  result.calls_per_second = 123.5;
  std::string json = FormatJson(options, requests, result);
  EXPECT_THAT(json, HasSubstr("\"calls\":10,\"ok\":7,\"failed\":3,"
                              "\"errors\":{\"NOT_FOUND\":2,\"UNAUTHENTICATED\":1}"));
  EXPECT_THAT(json, HasSubstr("\"connections\":2,\"concurrency\":3"));
  EXPECT_THAT(json, HasSubstr("\"calls_per_second\":123.500"));
  EXPECT_EQ(result.failed(), 3);
}

}  // namespace
}  // namespace fazhi::load

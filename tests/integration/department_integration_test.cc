// Starts the real fazhi-department binary on a free port (on the backend FAZHI_TEST_BACKEND
// names) and drives it over gRPC as an integrating system would: builds the seed report's unit
// tree, lists and pages through it, updates with a stale etag, sends each kind of bad input,
// sets and reads reporting relations (also through the directory client other services use),
// and checks that /metrics counts exactly the calls made.
//
// The tests share one server but not an order: the seed tree is loaded once, in
// SetUpTestSuite, and no test changes a seed unit's record. Only the relations test sets
// relations of seed units; a test that writes units creates its own, with ids that start "it-",
// under the province government (whose children no test counts). The metrics test compares the
// counters with the calls made so far, whichever tests made them, and before and after its own.

#include <grpcpp/grpcpp.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/directory/department_directory.h"
#include "common/metrics/metrics.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/department/demo/jiyuan.h"
#include "services/department/store/department_store.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

namespace pb = ::fazhi::department::v1;
using ::fazhi::testing::ServerProcess;

class DepartmentIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
    ASSERT_TRUE(t.ok()) << t.status();
    database_ = t->release();
    std::string log = (std::filesystem::temp_directory_path() /
                       absl::StrCat("fazhi-department-it-", getpid(), ".log"))
                          .string();
    absl::StatusOr<std::unique_ptr<ServerProcess>> server = ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY,
        {absl::StrCat("--database_url=", database_->url()), "--page_token_secret=integration"},
        log);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
    channel_ = new std::shared_ptr<grpc::Channel>(
        testing::AuthorizedChannel(server_->grpc_address(), testing::AdminToken()));
    stub_ = pb::DepartmentService::NewStub(*channel_).release();
    ASSERT_NO_FATAL_FAILURE(LoadSeed());
  }
  static void TearDownTestSuite() {
    delete stub_;
    delete channel_;
    if (server_) {
      EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown should exit 0";
    }
    delete server_;
    delete database_;
  }

  // Every call goes through here so the test knows what /metrics must say.
  template <typename Request, typename Response>
  static grpc::Status Call(const std::string& method,
                           grpc::Status (pb::DepartmentService::Stub::*rpc)(grpc::ClientContext*,
                                                                            const Request&,
                                                                            Response*),
                           const Request& request, Response* response) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    grpc::Status status = (stub_->*rpc)(&context, request, response);
    ++calls_[{method, std::string(metrics::GrpcCodeName(status.error_code()))}];
    auto id = context.GetServerInitialMetadata().find("x-request-id");
    EXPECT_NE(id, context.GetServerInitialMetadata().end()) << method << " returned no request id";
    return status;
  }
  static grpc::Status Create(const pb::CreateDepartmentRequest& r, pb::Department* out) {
    return Call("CreateDepartment", &pb::DepartmentService::Stub::CreateDepartment, r, out);
  }
  static grpc::Status Get(const std::string& id, pb::Department* out) {
    pb::GetDepartmentRequest r;
    r.set_id(id);
    return Call("GetDepartment", &pb::DepartmentService::Stub::GetDepartment, r, out);
  }
  static grpc::Status Update(const pb::UpdateDepartmentRequest& r, pb::Department* out) {
    return Call("UpdateDepartment", &pb::DepartmentService::Stub::UpdateDepartment, r, out);
  }
  static grpc::Status List(const pb::ListDepartmentsRequest& r, pb::ListDepartmentsResponse* out) {
    return Call("ListDepartments", &pb::DepartmentService::Stub::ListDepartments, r, out);
  }
  static grpc::Status Descendants(const pb::ListDescendantsRequest& r,
                                  pb::ListDescendantsResponse* out) {
    return Call("ListDescendants", &pb::DepartmentService::Stub::ListDescendants, r, out);
  }
  static grpc::Status SetRelation(const pb::SetDepartmentRelationRequest& r,
                                  pb::DepartmentRelation* out) {
    return Call("SetDepartmentRelation", &pb::DepartmentService::Stub::SetDepartmentRelation, r,
                out);
  }
  static grpc::Status ListRelations(const pb::ListDepartmentRelationsRequest& r,
                                    pb::ListDepartmentRelationsResponse* out) {
    return Call("ListDepartmentRelations", &pb::DepartmentService::Stub::ListDepartmentRelations, r,
                out);
  }
  // Creates every seed unit; each create carries its request id, so loading again is a retry.
  static void LoadSeed() {
    for (const pb::CreateDepartmentRequest& r : demo::JiyuanUnits()) {
      pb::Department d;
      grpc::Status s = Create(r, &d);
      ASSERT_TRUE(s.ok()) << r.department_id() << ": " << s.error_message();
    }
  }
  // Every unit in the registry, paging with the given size.
  static std::vector<pb::Department> ListAll(pb::ListDepartmentsRequest r, int page_size,
                                             int* pages) {
    std::vector<pb::Department> all;
    *pages = 0;
    r.mutable_page()->set_page_size(page_size);
    while (true) {
      pb::ListDepartmentsResponse page;
      grpc::Status s = List(r, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      if (++*pages > 1000) {
        ADD_FAILURE() << "more than 1000 pages: the next page token does not advance";
        break;
      }
      EXPECT_LE(page.departments_size(), page_size);
      all.insert(all.end(), page.departments().begin(), page.departments().end());
      if (page.page().next_page_token().empty()) break;
      r.mutable_page()->set_page_token(page.page().next_page_token());
    }
    return all;
  }

  static testing::TestDatabase* database_;
  static ServerProcess* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
  static pb::DepartmentService::Stub* stub_;
  static std::map<std::pair<std::string, std::string>, int> calls_;
};

testing::TestDatabase* DepartmentIntegrationTest::database_ = nullptr;
ServerProcess* DepartmentIntegrationTest::server_ = nullptr;
std::shared_ptr<grpc::Channel>* DepartmentIntegrationTest::channel_ = nullptr;
pb::DepartmentService::Stub* DepartmentIntegrationTest::stub_ = nullptr;
std::map<std::pair<std::string, std::string>, int> DepartmentIntegrationTest::calls_;

// Units a test creates for itself have ids starting with this; the rest of the registry is the
// seed that SetUpTestSuite loads.
constexpr char kTestUnitPrefix[] = "it-";

// A unit of a test's own under the province government, valid from the seed's first day.
pb::CreateDepartmentRequest OwnUnit(
    const std::string& id, const std::string& name,
    pb::DepartmentKind kind = pb::DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT,
    const std::string& parent = "henan") {
  EXPECT_EQ(id.rfind(kTestUnitPrefix, 0), 0u) << id;
  pb::CreateDepartmentRequest r;
  r.set_department_id(id);
  r.mutable_department()->set_name(name);
  r.mutable_department()->set_kind(kind);
  r.mutable_department()->set_level(pb::ADMINISTRATIVE_LEVEL_CITY);
  r.mutable_department()->set_parent_id(parent);
  r.mutable_department()->mutable_valid_from()->set_year(2021);
  r.mutable_department()->mutable_valid_from()->set_month(1);
  r.mutable_department()->mutable_valid_from()->set_day(1);
  return r;
}

TEST_F(DepartmentIntegrationTest, BuildsTheSeedTreeAndLoadingTwiceChangesNothing) {
  int pages = 0;
  std::vector<pb::Department> first = ListAll({}, 1000, &pages);
  // The registry holds exactly the seed, besides the units other tests made for themselves.
  std::set<std::string> seed_ids, listed_seed_ids;
  for (const pb::CreateDepartmentRequest& r : demo::JiyuanUnits()) {
    seed_ids.insert(r.department_id());
  }
  size_t listed_seed_units = 0;
  for (const pb::Department& d : first) {
    if (d.id().rfind(kTestUnitPrefix, 0) == 0) continue;
    ++listed_seed_units;
    listed_seed_ids.insert(d.id());
  }
  EXPECT_EQ(listed_seed_units, demo::JiyuanUnits().size());
  EXPECT_EQ(listed_seed_ids, seed_ids);
  LoadSeed();  // the second load: every create repeats its request id
  std::vector<pb::Department> second = ListAll({}, 1000, &pages);
  ASSERT_EQ(second.size(), first.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(second[i].etag(), first[i].etag());

  pb::Department gov;
  ASSERT_TRUE(Get("jiyuan", &gov).ok());
  EXPECT_EQ(gov.name(), "济源市人民政府");
  EXPECT_EQ(gov.region_code(), "419001");
  EXPECT_EQ(gov.kind(), pb::DEPARTMENT_KIND_GOVERNMENT);
  EXPECT_EQ(gov.status(), pb::DEPARTMENT_STATUS_ACTIVE);
  EXPECT_EQ(gov.etag(), "\"1\"");
  EXPECT_GT(gov.create_time().seconds(), 1600000000);
}

TEST_F(DepartmentIntegrationTest, CountsTownsAndSubdistricts) {
  int pages = 0;
  pb::ListDepartmentsRequest towns;
  towns.set_kind(pb::DEPARTMENT_KIND_TOWN);
  towns.set_parent_id("jiyuan");
  EXPECT_EQ(ListAll(towns, 4, &pages).size(), 11u);
  EXPECT_EQ(pages, 3);
  pb::ListDepartmentsRequest subdistricts;
  subdistricts.set_kind(pb::DEPARTMENT_KIND_SUBDISTRICT);
  std::vector<pb::Department> subs = ListAll(subdistricts, 50, &pages);
  ASSERT_EQ(subs.size(), 5u);
  std::set<std::string> names;
  for (const auto& d : subs) names.insert(d.short_name());
  EXPECT_EQ(names,
            (std::set<std::string>{"北海街道", "天坛街道", "沁园街道", "济水街道", "玉泉街道"}));
  pb::ListDepartmentsRequest roots;
  roots.set_roots_only(true);
  // 省政府, 省委, 省人大常委会, 市委, 市人大常委会, 市政府
  EXPECT_EQ(ListAll(roots, 50, &pages).size(), 6u);
}

TEST_F(DepartmentIntegrationTest, PagesThroughChildrenWithoutGapsOrRepeats) {
  pb::ListDepartmentsRequest children;
  children.set_parent_id("jiyuan");
  int pages = 0;
  std::vector<pb::Department> all = ListAll(children, 7, &pages);
  // 14 departments and agencies, 11 towns, 5 subdistricts.
  EXPECT_EQ(all.size(), 30u);
  EXPECT_EQ(pages, 5);
  std::set<std::string> ids;
  for (size_t i = 0; i < all.size(); ++i) {
    ids.insert(all[i].id());
    if (i > 0) {
      EXPECT_LT(all[i - 1].id(), all[i].id());
    }
    EXPECT_EQ(all[i].parent_id(), "jiyuan");
  }
  EXPECT_EQ(ids.size(), 30u);
}

TEST_F(DepartmentIntegrationTest, ListsTheWholeSubtreeBreadthFirst) {
  pb::ListDescendantsRequest r;
  r.set_id("jiyuan");
  r.set_include_self(true);
  r.mutable_page()->set_page_size(6);
  std::vector<pb::DepartmentNode> nodes;
  for (int pages = 1;; ++pages) {
    ASSERT_LE(pages, 1000) << "the next page token does not advance";
    pb::ListDescendantsResponse page;
    grpc::Status s = Descendants(r, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    nodes.insert(nodes.end(), page.nodes().begin(), page.nodes().end());
    if (page.page().next_page_token().empty()) break;
    r.mutable_page()->set_page_token(page.page().next_page_token());
  }
  ASSERT_EQ(nodes.size(), 32u);  // the city, 30 children, the tax sub-bureau
  EXPECT_EQ(nodes.front().department().id(), "jiyuan");
  EXPECT_EQ(nodes.front().depth(), 0);
  EXPECT_EQ(nodes.back().department().id(), "jiyuan-swj-jishui");
  EXPECT_EQ(nodes.back().depth(), 2);
  for (size_t i = 1; i < nodes.size(); ++i) EXPECT_LE(nodes[i - 1].depth(), nodes[i].depth());
}

TEST_F(DepartmentIntegrationTest, BatchGetKeepsOrderAndNamesTheMissingId) {
  pb::BatchGetDepartmentsRequest r;
  r.add_ids("jiyuan-yuquan");
  r.add_ids("jiyuan-sfj");
  pb::BatchGetDepartmentsResponse out;
  ASSERT_TRUE(
      Call("BatchGetDepartments", &pb::DepartmentService::Stub::BatchGetDepartments, r, &out).ok());
  ASSERT_EQ(out.departments_size(), 2);
  EXPECT_EQ(out.departments(0).name(), "济源市玉泉街道办事处");
  EXPECT_EQ(out.departments(1).name(), "济源市司法局");
  r.add_ids("jiyuan-nowhere");
  grpc::Status s =
      Call("BatchGetDepartments", &pb::DepartmentService::Stub::BatchGetDepartments, r, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("ids[2]"), std::string::npos) << s.error_message();
}

TEST_F(DepartmentIntegrationTest, UpdateNeedsTheCurrentEtag) {
  pb::Department current;
  ASSERT_TRUE(Create(OwnUnit("it-update-etag", "河南省更新测试厅"), &current).ok());
  EXPECT_EQ(current.etag(), "\"1\"");
  pb::UpdateDepartmentRequest r;
  *r.mutable_department() = current;
  r.mutable_department()->set_credit_code("91350100M000100Y43");
  r.mutable_update_mask()->add_paths("credit_code");
  pb::Department updated;
  ASSERT_TRUE(Update(r, &updated).ok());
  EXPECT_EQ(updated.credit_code(), "91350100M000100Y43");
  EXPECT_EQ(updated.etag(), "\"2\"");
  EXPECT_EQ(updated.name(), current.name());

  // A second clerk still holding the first version is refused, and nothing changes.
  r.mutable_department()->set_credit_code("");
  grpc::Status stale = Update(r, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED) << stale.error_message();
  EXPECT_NE(stale.error_message().find("department.etag"), std::string::npos);
  pb::Department after;
  ASSERT_TRUE(Get("it-update-etag", &after).ok());
  EXPECT_EQ(after.credit_code(), "91350100M000100Y43");
  EXPECT_EQ(after.etag(), "\"2\"");
}

// GetDepartment keeps the units it answered with (--unit_cache_ms, on by default): a write in
// the same process must show on the very next read, with the etag the writer was given.
TEST_F(DepartmentIntegrationTest, AKeptUnitShowsEveryWriteAtOnce) {
  pb::Department created;
  ASSERT_TRUE(Create(OwnUnit("it-kept-unit", "河南省缓存测试厅"), &created).ok());
  pb::Department first, again;
  ASSERT_TRUE(Get("it-kept-unit", &first).ok());
  ASSERT_TRUE(Get("it-kept-unit", &again).ok());
  EXPECT_EQ(again.etag(), "\"1\"");
  EXPECT_EQ(again.name(), "河南省缓存测试厅");

  pb::UpdateDepartmentRequest r;
  *r.mutable_department() = again;
  r.mutable_department()->set_name("河南省缓存测试厅（更名）");
  r.mutable_update_mask()->add_paths("name");
  pb::Department updated;
  ASSERT_TRUE(Update(r, &updated).ok());
  pb::Department after;
  ASSERT_TRUE(Get("it-kept-unit", &after).ok());
  EXPECT_EQ(after.name(), "河南省缓存测试厅（更名）");
  EXPECT_EQ(after.etag(), "\"2\"");
  EXPECT_EQ(after.etag(), updated.etag());

  // The etag read back is the one an update must carry: it is accepted.
  *r.mutable_department() = after;
  r.mutable_department()->set_short_name("缓存厅");
  r.mutable_update_mask()->Clear();
  r.mutable_update_mask()->add_paths("short_name");
  ASSERT_TRUE(Update(r, &updated).ok());
  EXPECT_EQ(updated.etag(), "\"3\"");

  pb::DissolveDepartmentRequest dissolve;
  dissolve.set_id("it-kept-unit");
  dissolve.set_etag(updated.etag());
  pb::Department dissolved;
  ASSERT_TRUE(Call("DissolveDepartment", &pb::DepartmentService::Stub::DissolveDepartment, dissolve,
                   &dissolved)
                  .ok());
  ASSERT_TRUE(Get("it-kept-unit", &after).ok());
  EXPECT_EQ(after.status(), pb::DEPARTMENT_STATUS_DISSOLVED);
  EXPECT_EQ(after.etag(), dissolved.etag());

  // A unit that is not there is not kept as missing: created later, it is found at once.
  EXPECT_EQ(Get("it-kept-later", &after).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Create(OwnUnit("it-kept-later", "河南省后建测试厅"), &created).ok());
  ASSERT_TRUE(Get("it-kept-later", &after).ok());
  EXPECT_EQ(after.name(), "河南省后建测试厅");
}

// GetDepartment parses its own request (a raw method): a request that does not parse is refused
// as every other method refuses it, naming the field.
TEST_F(DepartmentIntegrationTest, GetDepartmentRefusesARequestThatDoesNotParse) {
  pb::GetDepartmentRequest r;
  r.set_id(std::string("jiyuan\xff", 7));
  pb::Department out;
  grpc::Status s = Call("GetDepartment", &pb::DepartmentService::Stub::GetDepartment, r, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("id"), std::string::npos) << s.error_message();
  r.set_id("");
  s = Call("GetDepartment", &pb::DepartmentService::Stub::GetDepartment, r, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("id"), std::string::npos) << s.error_message();
}

TEST_F(DepartmentIntegrationTest, BadInputIsRefusedNamingTheFieldAndWritesNothing) {
  // A unit of this test's own holds the credit code a new unit may not take again.
  constexpr char kTakenCreditCode[] = "91410000M000200G14";
  pb::CreateDepartmentRequest holder = OwnUnit("it-credit-code-holder", "河南省信用代码测试厅");
  holder.mutable_department()->set_credit_code(kTakenCreditCode);
  pb::Department held;
  grpc::Status created = Create(holder, &held);
  ASSERT_TRUE(created.ok()) << created.error_message();
  int pages = 0;
  std::vector<pb::Department> before = ListAll({}, 1000, &pages);
  auto valid = [] {
    pb::CreateDepartmentRequest r;
    r.set_department_id("jiyuan-test");
    r.mutable_department()->set_name("济源市测试局");
    r.mutable_department()->set_kind(pb::DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT);
    r.mutable_department()->set_level(pb::ADMINISTRATIVE_LEVEL_CITY);
    r.mutable_department()->set_parent_id("jiyuan");
    return r;
  };
  struct Case {
    std::string what;
    std::function<void(pb::CreateDepartmentRequest&)> mutate;
    grpc::StatusCode code;
    std::string field;
  };
  std::vector<Case> cases = {
      {"empty name", [](auto& r) { r.mutable_department()->set_name(""); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.name"},
      {"over-long name",
       [](auto& r) { r.mutable_department()->set_name(std::string(101 * 3, 'x')); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.name"},
      {"101 Chinese characters",
       [](auto& r) {
         std::string name;
         for (int i = 0; i < 101; ++i) name += "局";
         r.mutable_department()->set_name(name);
       },
       grpc::StatusCode::INVALID_ARGUMENT, "department.name"},
      {"invalid UTF-8", [](auto& r) { r.mutable_department()->set_name("济源\xff\xfe"); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.name"},
      {"unknown kind",
       [](auto& r) { r.mutable_department()->set_kind(static_cast<pb::DepartmentKind>(42)); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.kind"},
      {"unknown level",
       [](auto& r) { r.mutable_department()->set_level(static_cast<pb::AdministrativeLevel>(9)); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.level"},
      {"wrong check character",
       [](auto& r) { r.mutable_department()->set_credit_code("91350100M000100Y44"); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.credit_code"},
      {"bad region code", [](auto& r) { r.mutable_department()->set_region_code("419000"); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.region_code"},
      {"unknown parent", [](auto& r) { r.mutable_department()->set_parent_id("nowhere"); },
       grpc::StatusCode::INVALID_ARGUMENT, "department.parent_id"},
      {"bad id", [](auto& r) { r.set_department_id("济源"); }, grpc::StatusCode::INVALID_ARGUMENT,
       "department_id"},
      {"taken id", [](auto& r) { r.set_department_id("jiyuan-sfj"); },
       grpc::StatusCode::ALREADY_EXISTS, "department_id"},
      {"duplicate credit code",
       [&](auto& r) { r.mutable_department()->set_credit_code(kTakenCreditCode); },
       grpc::StatusCode::ALREADY_EXISTS, "department.credit_code"},
  };
  for (const Case& c : cases) {
    pb::CreateDepartmentRequest r = valid();
    c.mutate(r);
    pb::Department out;
    grpc::Status s = Create(r, &out);
    EXPECT_EQ(s.error_code(), c.code) << c.what << ": " << s.error_message();
    EXPECT_NE(s.error_message().find(c.field), std::string::npos)
        << c.what << ": " << s.error_message();
  }

  // A parent that would make a cycle: the city under one of its own towns.
  pb::Department city;
  ASSERT_TRUE(Get("jiyuan", &city).ok());
  pb::UpdateDepartmentRequest cycle;
  *cycle.mutable_department() = city;
  cycle.mutable_department()->set_parent_id("jiyuan-kejing");
  cycle.mutable_update_mask()->add_paths("parent_id");
  pb::Department out;
  grpc::Status s = Update(cycle, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("department.parent_id"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("cycle"), std::string::npos) << s.error_message();

  // Paging input.
  for (int size : {-1, 1001}) {
    pb::ListDepartmentsRequest r;
    r.mutable_page()->set_page_size(size);
    pb::ListDepartmentsResponse page;
    s = List(r, &page);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << size;
    EXPECT_NE(s.error_message().find("page.page_size"), std::string::npos) << s.error_message();
  }
  pb::ListDepartmentsRequest forged;
  forged.mutable_page()->set_page_token("AAAAAAAAAAAAAAAAAAAAAAAAamlueXVhbi1zZmo");
  pb::ListDepartmentsResponse page;
  s = List(forged, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("page.page_token"), std::string::npos) << s.error_message();
  // A genuine token replayed with another filter is refused too.
  pb::ListDepartmentsRequest first;
  first.mutable_page()->set_page_size(2);
  ASSERT_TRUE(List(first, &page).ok());
  pb::ListDepartmentsRequest retargeted;
  retargeted.set_kind(pb::DEPARTMENT_KIND_TOWN);
  retargeted.mutable_page()->set_page_token(page.page().next_page_token());
  s = List(retargeted, &page);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  // Unknown ids.
  s = Get("nowhere", &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(s.error_message().find("nowhere"), std::string::npos);

  std::vector<pb::Department> after = ListAll({}, 1000, &pages);
  ASSERT_EQ(after.size(), before.size()) << "a refused call wrote a unit";
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].etag(), before[i].etag()) << after[i].id() << " changed";
  }
}

TEST_F(DepartmentIntegrationTest, DissolveKeepsTheRecordAndNamesTheSuccessor) {
  pb::Department center;
  ASSERT_TRUE(Create(OwnUnit("it-dissolved-center", "河南省社会治理中心"), &center).ok());
  pb::DissolveDepartmentRequest r;
  r.set_id("it-dissolved-center");
  r.set_etag(center.etag());
  r.set_successor_id("henan-sft");
  pb::Department dissolved;
  grpc::Status s =
      Call("DissolveDepartment", &pb::DepartmentService::Stub::DissolveDepartment, r, &dissolved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(dissolved.status(), pb::DEPARTMENT_STATUS_DISSOLVED);
  EXPECT_EQ(dissolved.successor_id(), "henan-sft");
  EXPECT_TRUE(dissolved.has_dissolve_time());
  EXPECT_TRUE(dissolved.has_valid_to());
  pb::Department kept;
  ASSERT_TRUE(Get("it-dissolved-center", &kept).ok());
  EXPECT_EQ(kept.status(), pb::DEPARTMENT_STATUS_DISSOLVED);

  // History: the legal affairs office, merged into 司法厅 in the reform, is registered with the
  // days it existed and can be asked about "as of" a date.
  pb::CreateDepartmentRequest office = OwnUnit("it-fzb", "河南省人民政府法制办公室");
  office.mutable_department()->mutable_valid_from()->set_year(2005);
  office.mutable_department()->mutable_valid_from()->set_month(3);
  office.mutable_department()->mutable_valid_from()->set_day(1);
  pb::Department created;
  ASSERT_TRUE(Create(office, &created).ok());
  pb::DissolveDepartmentRequest merge;
  merge.set_id("it-fzb");
  merge.set_etag(created.etag());
  merge.set_successor_id("henan-sft");
  merge.mutable_effective_date()->set_year(2019);
  merge.mutable_effective_date()->set_month(2);
  merge.mutable_effective_date()->set_day(28);
  ASSERT_TRUE(Call("DissolveDepartment", &pb::DepartmentService::Stub::DissolveDepartment, merge,
                   &dissolved)
                  .ok());
  auto existed_on = [&](int y, int m, int d) {
    pb::GetDepartmentRequest get;
    get.set_id("it-fzb");
    get.mutable_as_of()->set_year(y);
    get.mutable_as_of()->set_month(m);
    get.mutable_as_of()->set_day(d);
    pb::Department on;
    return Call("GetDepartment", &pb::DepartmentService::Stub::GetDepartment, get, &on)
        .error_code();
  };
  EXPECT_EQ(existed_on(2005, 2, 28), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(existed_on(2005, 3, 1), grpc::StatusCode::OK);
  EXPECT_EQ(existed_on(2019, 2, 27), grpc::StatusCode::OK);
  EXPECT_EQ(existed_on(2019, 2, 28), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(existed_on(2019, 2, 30), grpc::StatusCode::INVALID_ARGUMENT);
  // The city still has active units under it.
  pb::Department city;
  ASSERT_TRUE(Get("jiyuan", &city).ok());
  r.set_id("jiyuan");
  r.set_etag(city.etag());
  r.clear_successor_id();
  s = Call("DissolveDepartment", &pb::DepartmentService::Stub::DissolveDepartment, r, &dissolved);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
}

TEST_F(DepartmentIntegrationTest, HealthIsServing) {
  absl::StatusOr<int> server = testing::CheckHealth(*channel_);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(*server, testing::kServing);
  absl::StatusOr<int> service =
      testing::CheckHealth(*channel_, "fazhi.department.v1.DepartmentService");
  ASSERT_TRUE(service.ok()) << service.status();
  EXPECT_EQ(*service, testing::kServing);
  EXPECT_EQ(testing::CheckHealth(*channel_, "fazhi.nothing.v1.Nothing").status().code(),
            absl::StatusCode::kNotFound);
}

// What the README shows: any gRPC client that speaks server reflection can call the API with
// JSON and no generated code. fazhi-cli is such a client (Debian 12 packages no grpcurl).
TEST_F(DepartmentIntegrationTest, ReflectionClientCallsTheApiWithJson) {
  auto run = [](const std::string& args, int* exit_code) {
    std::string command = absl::StrCat(FAZHI_CLI_BINARY, " -H 'authorization: Bearer ",
                                       testing::AdminToken(), "' ", args, " 2>&1");
    FILE* pipe = popen(command.c_str(), "r");
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
    int status = pclose(pipe);
    *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
  };
  int code = 0;
  std::string services = run(absl::StrCat(server_->grpc_address(), " list"), &code);
  EXPECT_EQ(code, 0) << services;
  EXPECT_NE(services.find("fazhi.department.v1.DepartmentService"), std::string::npos) << services;
  EXPECT_NE(services.find("grpc.health.v1.Health"), std::string::npos) << services;

  std::string got = run(absl::StrCat(server_->grpc_address(),
                                     " call fazhi.department.v1.DepartmentService/GetDepartment "
                                     "'{\"id\":\"jiyuan-sfj\"}'"),
                        &code);
  ++calls_[{"GetDepartment", "OK"}];
  EXPECT_EQ(code, 0) << got;
  EXPECT_NE(got.find("\"name\": \"济源市司法局\""), std::string::npos) << got;
  EXPECT_NE(got.find("DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT"), std::string::npos) << got;

  std::string refused = run(absl::StrCat(server_->grpc_address(),
                                         " call fazhi.department.v1.DepartmentService/"
                                         "CreateDepartment '{\"department\":{\"name\":\"\"}}'"),
                            &code);
  ++calls_[{"CreateDepartment", "InvalidArgument"}];
  EXPECT_EQ(code, 1) << refused;
  EXPECT_NE(refused.find("INVALID_ARGUMENT"), std::string::npos) << refused;
  EXPECT_NE(refused.find("department.name"), std::string::npos) << refused;
}

TEST_F(DepartmentIntegrationTest, EchoesTheCallersRequestIdAndLogsIt) {
  grpc::ClientContext context;
  context.AddMetadata("x-request-id", "it-k-20210301-0001");
  pb::GetDepartmentRequest request;
  request.set_id("jiyuan-gaj");
  pb::Department response;
  ASSERT_TRUE(stub_->GetDepartment(&context, request, &response).ok());
  ++calls_[{"GetDepartment", "OK"}];
  auto id = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(id, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(id->second.data(), id->second.size()), "it-k-20210301-0001");
  std::string log = server_->Log();
  EXPECT_NE(log.find("\"request_id\":\"it-k-20210301-0001\",\"message\":\"rpc\""),
            std::string::npos);
}

// Exit status and output of the department binary run with args (not as a server).
std::pair<int, std::string> RunBinary(const std::string& args) {
  std::string command = absl::StrCat(FAZHI_DEPARTMENT_BINARY, " ", args, " 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_F(DepartmentIntegrationTest, MigrateOnlyPreparesTheSchemaAndExits) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> fresh = testing::TestDatabase::Create();
  ASSERT_TRUE(fresh.ok()) << fresh.status();
  auto [code, out] = RunBinary(absl::StrCat("--migrate_only --database_url=", (*fresh)->url()));
  EXPECT_EQ(code, 0) << out;
  // Every migration the binary embeds: the service's own and the audit log's.
  EXPECT_NE(out.find(absl::StrCat("\"migrations_applied\":\"",
                                  audit::WithAuditLog(Migrations()).size(), "\"")),
            std::string::npos)
      << out;
  absl::StatusOr<db::Result> audit = (*fresh)->db().Execute("SELECT COUNT(*) FROM audit_log");
  ASSERT_TRUE(audit.ok()) << audit.status();
  absl::StatusOr<db::Result> tables = (*fresh)->db().Execute("SELECT COUNT(*) FROM departments");
  ASSERT_TRUE(tables.ok()) << tables.status();
  EXPECT_EQ(tables->rows[0].Int(0), 0);
  // Again: nothing left to apply.
  std::tie(code, out) = RunBinary(absl::StrCat("--migrate_only --database_url=", (*fresh)->url()));
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("\"migrations_applied\":\"0\""), std::string::npos) << out;
}

TEST_F(DepartmentIntegrationTest, BadConfigurationStopsStartUpNamingTheSetting) {
  auto [code, out] = RunBinary("--migrate_only --database_url=postgres://x/y --db_pool_size=0");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--database_url (FAZHI_DATABASE_URL)"), std::string::npos) << out;
  EXPECT_NE(out.find("--db_pool_size (FAZHI_DB_POOL_SIZE)"), std::string::npos) << out;
  std::tie(code, out) = RunBinary("--migrate_only --listen=nowhere");
  EXPECT_EQ(code, 2) << out;
  EXPECT_NE(out.find("--listen (FAZHI_LISTEN)"), std::string::npos) << out;
  std::string command =
      absl::StrCat("FAZHI_METRICS_PORT=lots ", FAZHI_DEPARTMENT_BINARY, " --migrate_only 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  char buf[1024] = {0};
  size_t n = fread(buf, 1, sizeof(buf) - 1, pipe);
  EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 2);
  EXPECT_NE(std::string(buf, n).find("FAZHI_METRICS_PORT"), std::string::npos) << buf;
}

fazhi::common::v1::Date Day(int y, int m, int d) {
  fazhi::common::v1::Date day;
  day.set_year(y);
  day.set_month(m);
  day.set_day(d);
  return day;
}

pb::SetDepartmentRelationRequest Relation(const std::string& unit, pb::RelationKind kind,
                                          const std::string& related, fazhi::common::v1::Date day) {
  pb::SetDepartmentRelationRequest r;
  r.set_department_id(unit);
  r.set_kind(kind);
  r.set_related_id(related);
  *r.mutable_effective_date() = day;
  r.set_reason("依据《法治政府建设与责任落实督察工作规定》第二十四条");
  return r;
}

// "unit KIND related from..to" lines, to compare a response with what is written by hand.
std::vector<std::string> Lines(const pb::ListDepartmentRelationsResponse& response) {
  std::vector<std::string> out;
  for (const pb::DepartmentRelation& r : response.relations()) {
    std::string to = r.has_valid_to() ? absl::StrCat(r.valid_to().year(), "-", r.valid_to().month(),
                                                     "-", r.valid_to().day())
                                      : "";
    out.push_back(absl::StrCat(r.department_id(), " ", pb::RelationKind_Name(r.kind()), " ",
                               r.related_id(), " ", r.related_name(), " ", r.valid_from().year(),
                               "-", r.valid_from().month(), "-", r.valid_from().day(), "..", to));
  }
  return out;
}

TEST_F(DepartmentIntegrationTest, ReportingRelationsWithTheirHistory) {
  // The city government's three recipients besides its own Party committee's superiors.
  for (const auto& [kind, related] : std::vector<std::pair<pb::RelationKind, std::string>>{
           {pb::RELATION_KIND_PARTY_COMMITTEE, "jiyuan-swei"},
           {pb::RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "jiyuan-rdcwh"},
           {pb::RELATION_KIND_SUPERIOR, "henan"}}) {
    pb::DepartmentRelation set;
    grpc::Status s = SetRelation(Relation("jiyuan", kind, related, Day(2021, 1, 1)), &set);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(set.related_id(), related);
    EXPECT_FALSE(set.has_valid_to());
    EXPECT_FALSE(set.set_by().empty());
    EXPECT_GT(set.set_time().seconds(), 1600000000);
  }
  // 生态环境局 reported to 省司法厅 at first (a clerk's slip), to 省生态环境厅 from 2022.
  pb::DepartmentRelation first, second, again;
  ASSERT_TRUE(SetRelation(Relation("jiyuan-sthjj", pb::RELATION_KIND_SUPERIOR, "henan-sft",
                                   Day(2021, 1, 1)),
                          &first)
                  .ok());
  ASSERT_TRUE(SetRelation(Relation("jiyuan-sthjj", pb::RELATION_KIND_SUPERIOR, "henan-sthjt",
                                   Day(2022, 1, 1)),
                          &second)
                  .ok());
  EXPECT_EQ(second.related_name(), "河南省生态环境厅");
  // A retry changes nothing and answers with the relation in force.
  ASSERT_TRUE(SetRelation(Relation("jiyuan-sthjj", pb::RELATION_KIND_SUPERIOR, "henan-sthjt",
                                   Day(2022, 1, 1)),
                          &again)
                  .ok());
  EXPECT_EQ(again.set_time().seconds(), second.set_time().seconds());
  EXPECT_EQ(again.set_time().nanos(), second.set_time().nanos());

  auto list = [&](const std::string& unit, std::optional<fazhi::common::v1::Date> as_of,
                  pb::RelationKind kind = pb::RELATION_KIND_UNSPECIFIED) {
    pb::ListDepartmentRelationsRequest r;
    r.set_department_id(unit);
    r.set_kind(kind);
    if (as_of) *r.mutable_as_of() = *as_of;
    pb::ListDepartmentRelationsResponse out;
    grpc::Status s = ListRelations(r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return Lines(out);
  };
  EXPECT_EQ(list("jiyuan", Day(2021, 6, 1)),
            (std::vector<std::string>{
                "jiyuan RELATION_KIND_PARTY_COMMITTEE jiyuan-swei 中共济源市委员会 2021-1-1..",
                "jiyuan RELATION_KIND_CONGRESS_STANDING_COMMITTEE jiyuan-rdcwh "
                "济源市人民代表大会常务委员会 2021-1-1..",
                "jiyuan RELATION_KIND_SUPERIOR henan 河南省人民政府 2021-1-1.."}));
  EXPECT_TRUE(list("jiyuan", Day(2020, 12, 31)).empty());
  EXPECT_EQ(list("jiyuan-sthjj", Day(2021, 12, 31)),
            (std::vector<std::string>{
                "jiyuan-sthjj RELATION_KIND_SUPERIOR henan-sft 河南省司法厅 2021-1-1..2022-1-1"}));
  EXPECT_EQ(list("jiyuan-sthjj", Day(2022, 1, 1)),
            (std::vector<std::string>{
                "jiyuan-sthjj RELATION_KIND_SUPERIOR henan-sthjt 河南省生态环境厅 2022-1-1.."}));
  EXPECT_EQ(list("jiyuan-sthjj", std::nullopt),
            (std::vector<std::string>{
                "jiyuan-sthjj RELATION_KIND_SUPERIOR henan-sft 河南省司法厅 2021-1-1..2022-1-1",
                "jiyuan-sthjj RELATION_KIND_SUPERIOR henan-sthjt 河南省生态环境厅 2022-1-1.."}));
  EXPECT_EQ(
      list("jiyuan", std::nullopt, pb::RELATION_KIND_SUPERIOR),
      (std::vector<std::string>{"jiyuan RELATION_KIND_SUPERIOR henan 河南省人民政府 2021-1-1.."}));

  // Bad input is refused naming the field, and writes nothing.
  struct Case {
    std::string what;
    pb::SetDepartmentRelationRequest request;
    grpc::StatusCode code;
    std::string field;
  };
  pb::SetDepartmentRelationRequest unknown_kind =
      Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "henan", Day(2023, 1, 1));
  unknown_kind.set_kind(static_cast<pb::RelationKind>(7));
  pb::SetDepartmentRelationRequest no_reason =
      Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "henan-swei", Day(2023, 1, 1));
  no_reason.clear_reason();
  pb::SetDepartmentRelationRequest no_day =
      Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "henan-swei", Day(2023, 1, 1));
  no_day.clear_effective_date();
  std::vector<Case> cases = {
      {"unknown kind", unknown_kind, grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {"no kind", Relation("jiyuan", pb::RELATION_KIND_UNSPECIFIED, "henan", Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {"a department has no 人大常委会",
       Relation("jiyuan-sfj", pb::RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "jiyuan-rdcwh",
                Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "kind"},
      {"a government's superior is a government",
       Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "henan-sft", Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "related_id"},
      {"a Party committee must be a 党委",
       Relation("jiyuan", pb::RELATION_KIND_PARTY_COMMITTEE, "henan", Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "related_id"},
      {"itself", Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "jiyuan", Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "related_id"},
      {"unknown related unit",
       Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "nowhere", Day(2023, 1, 1)),
       grpc::StatusCode::INVALID_ARGUMENT, "related_id"},
      {"rewriting history",
       Relation("jiyuan-sthjj", pb::RELATION_KIND_SUPERIOR, "henan-sft", Day(2021, 12, 31)),
       grpc::StatusCode::INVALID_ARGUMENT, "effective_date"},
      {"off the calendar",
       Relation("jiyuan", pb::RELATION_KIND_SUPERIOR, "henan", Day(2023, 2, 30)),
       grpc::StatusCode::INVALID_ARGUMENT, "effective_date"},
      {"no effective date", no_day, grpc::StatusCode::INVALID_ARGUMENT, "effective_date"},
      {"no reason", no_reason, grpc::StatusCode::INVALID_ARGUMENT, "reason"},
      {"before the unit existed (the demo units exist from 2021-01-01)",
       Relation("jiyuan-sfj", pb::RELATION_KIND_SUPERIOR, "henan-sft", Day(2020, 6, 1)),
       grpc::StatusCode::FAILED_PRECONDITION, "department_id"},
      {"unknown unit", Relation("nowhere", pb::RELATION_KIND_SUPERIOR, "henan", Day(2023, 1, 1)),
       grpc::StatusCode::NOT_FOUND, "department_id"},
  };
  for (const Case& c : cases) {
    pb::DepartmentRelation out;
    grpc::Status s = SetRelation(c.request, &out);
    EXPECT_EQ(s.error_code(), c.code) << c.what << ": " << s.error_message();
    EXPECT_EQ(s.error_message().substr(0, c.field.size()), c.field)
        << c.what << ": " << s.error_message();
  }
  pb::ListDepartmentRelationsRequest bad_list;
  bad_list.set_department_id("jiyuan");
  bad_list.set_kind(static_cast<pb::RelationKind>(9));
  pb::ListDepartmentRelationsResponse ignored;
  grpc::Status s = ListRelations(bad_list, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().substr(0, 4), "kind") << s.error_message();
  EXPECT_EQ(list("jiyuan", std::nullopt).size(), 3u);
  EXPECT_EQ(list("jiyuan-sthjj", std::nullopt).size(), 2u);

  // A reader (a unit's clerk) may read the relations but not set them.
  auto clerk = pb::DepartmentService::NewStub(testing::AuthorizedChannel(
      server_->grpc_address(), testing::Token({"clerk"}, "jiyuan-sthjj", "zhang.san")));
  {
    grpc::ClientContext context;
    pb::DepartmentRelation out;
    s = clerk->SetDepartmentRelation(
        &context,
        Relation("jiyuan-sthjj", pb::RELATION_KIND_SUPERIOR, "henan-sft", Day(2023, 1, 1)), &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << s.error_message();
    ++calls_[{"SetDepartmentRelation", "PermissionDenied"}];
  }
  {
    grpc::ClientContext context;
    pb::ListDepartmentRelationsRequest r;
    r.set_department_id("jiyuan-sthjj");
    pb::ListDepartmentRelationsResponse out;
    s = clerk->ListDepartmentRelations(&context, r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(out.relations_size(), 2);
    ++calls_[{"ListDepartmentRelations", "OK"}];
  }
  EXPECT_EQ(list("jiyuan-sthjj", std::nullopt).size(), 2u);
}

TEST_F(DepartmentIntegrationTest, TheDirectoryClientReadsRelationsAsOfADay) {
  // Units of this test's own with the relations the city and its 生态环境局 have in the
  // relations test: a government reporting to 市委, 市人大常委会 and the province, and a
  // department that reported to 省司法厅 in 2021 and to 省生态环境厅 from 2022.
  pb::Department unit;
  ASSERT_TRUE(
      Create(OwnUnit("it-directory-city", "济源市测试人民政府", pb::DEPARTMENT_KIND_GOVERNMENT),
             &unit)
          .ok());
  ASSERT_TRUE(Create(OwnUnit("it-directory-bureau", "济源市测试生态环境局",
                             pb::DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT, "it-directory-city"),
                     &unit)
                  .ok());
  for (const pb::SetDepartmentRelationRequest& r :
       {Relation("it-directory-city", pb::RELATION_KIND_PARTY_COMMITTEE, "jiyuan-swei",
                 Day(2021, 1, 1)),
        Relation("it-directory-city", pb::RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "jiyuan-rdcwh",
                 Day(2021, 1, 1)),
        Relation("it-directory-city", pb::RELATION_KIND_SUPERIOR, "henan", Day(2021, 1, 1)),
        Relation("it-directory-bureau", pb::RELATION_KIND_SUPERIOR, "henan-sft", Day(2021, 1, 1)),
        Relation("it-directory-bureau", pb::RELATION_KIND_SUPERIOR, "henan-sthjt",
                 Day(2022, 1, 1))}) {
    pb::DepartmentRelation set;
    grpc::Status s = SetRelation(r, &set);
    ASSERT_TRUE(s.ok()) << r.department_id() << " " << r.related_id() << ": " << s.error_message();
  }

  std::string token_file = (std::filesystem::temp_directory_path() /
                            absl::StrCat("fazhi-department-it-", getpid(), ".token"))
                               .string();
  std::ofstream(token_file) << testing::Token({"service"}, "", "fazhi-reports");
  directory::DepartmentDirectoryOptions options;
  options.address = server_->grpc_address();
  options.token_file = token_file;
  directory::DepartmentDirectory directory(options);

  absl::StatusOr<std::vector<directory::UnitRelation>> city =
      directory.RelationsOn("it-directory-city", absl::CivilDay(2021, 12, 31));
  ASSERT_TRUE(city.ok()) << city.status();
  ASSERT_EQ(city->size(), 3u);
  EXPECT_EQ((*city)[0].kind, pb::RELATION_KIND_PARTY_COMMITTEE);
  EXPECT_EQ((*city)[0].related_id, "jiyuan-swei");
  EXPECT_EQ((*city)[0].related_name, "中共济源市委员会");
  EXPECT_EQ((*city)[1].kind, pb::RELATION_KIND_CONGRESS_STANDING_COMMITTEE);
  EXPECT_EQ((*city)[1].related_id, "jiyuan-rdcwh");
  EXPECT_EQ((*city)[2].kind, pb::RELATION_KIND_SUPERIOR);
  EXPECT_EQ((*city)[2].related_id, "henan");
  EXPECT_EQ((*city)[2].valid_from, absl::CivilDay(2021, 1, 1));
  EXPECT_FALSE((*city)[2].valid_to.has_value());
  // Asked again within the refresh interval: answered from the copy, without a call.
  ASSERT_TRUE(directory.RelationsOn("it-directory-city", absl::CivilDay(2021, 12, 31)).ok());
  ++calls_[{"ListDepartmentRelations", "OK"}];

  absl::StatusOr<std::vector<directory::UnitRelation>> before =
      directory.RelationsOn("it-directory-bureau", absl::CivilDay(2021, 12, 31));
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].related_id, "henan-sft");
  EXPECT_EQ((*before)[0].valid_to, absl::CivilDay(2022, 1, 1));
  absl::StatusOr<std::vector<directory::UnitRelation>> after =
      directory.RelationsOn("it-directory-bureau", absl::CivilDay(2022, 1, 1));
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ(after->size(), 1u);
  EXPECT_EQ((*after)[0].related_id, "henan-sthjt");
  calls_[{"ListDepartmentRelations", "OK"}] += 2;

  absl::StatusOr<std::vector<directory::UnitRelation>> unknown =
      directory.RelationsOn("nowhere", absl::CivilDay(2022, 1, 1));
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound) << unknown.status();
  ++calls_[{"ListDepartmentRelations", "NotFound"}];
  std::filesystem::remove(token_file);
}

// The department service's counters on /metrics, and the INSERTs the database histogram saw.
struct Counters {
  std::map<std::pair<std::string, std::string>, int> handled;  // (method, code)
  std::map<std::string, int> started, observed;                // by method
  int inserts = 0;
};

void ScrapeCounters(int metrics_port, Counters* out) {
  absl::StatusOr<std::string> text = testing::HttpGet(metrics_port, "/metrics");
  ASSERT_TRUE(text.ok()) << text.status();
  absl::StatusOr<std::vector<testing::Sample>> samples = testing::ParsePrometheusText(*text);
  ASSERT_TRUE(samples.ok()) << samples.status() << "\n" << *text;
  for (const testing::Sample& s : *samples) {
    if (s.name == "fazhi_db_query_duration_seconds_count" && s.Label("operation") == "INSERT") {
      out->inserts = static_cast<int>(s.value);
    }
    if (s.Label("grpc_service") != "fazhi.department.v1.DepartmentService") continue;
    EXPECT_EQ(s.Label("grpc_type"), "unary") << s.name;
    if (s.name == "grpc_server_handled_total") {
      out->handled[{s.Label("grpc_method"), s.Label("grpc_code")}] = static_cast<int>(s.value);
    } else if (s.name == "grpc_server_started_total") {
      out->started[s.Label("grpc_method")] = static_cast<int>(s.value);
    } else if (s.name == "grpc_server_handling_seconds_count") {
      out->observed[s.Label("grpc_method")] = static_cast<int>(s.value);
    }
  }
}

// after - before, without the keys that did not move.
template <typename Key>
std::map<Key, int> Moved(const std::map<Key, int>& before, const std::map<Key, int>& after) {
  std::map<Key, int> moved;
  for (const auto& [key, n] : after) {
    auto was = before.find(key);
    int delta = n - (was == before.end() ? 0 : was->second);
    if (delta != 0) moved[key] = delta;
  }
  for (const auto& [key, n] : before) {
    if (!after.count(key)) moved[key] = -n;
  }
  return moved;
}

TEST_F(DepartmentIntegrationTest, MetricsCountEveryCallByMethodAndCode) {
  Counters before;
  ASSERT_NO_FATAL_FAILURE(ScrapeCounters(server_->metrics_port(), &before));
  // Every call since start-up, whichever tests ran before this one, went through Call() or was
  // added to calls_ by hand: the counters match them exactly.
  EXPECT_EQ(before.handled, calls_);
  std::map<std::string, int> by_method;
  for (const auto& [key, n] : calls_) by_method[key.first] += n;
  EXPECT_EQ(before.started, by_method);
  EXPECT_EQ(before.observed, by_method);
  // The seed load in SetUpTestSuite inserted every unit (and its audit entry).
  EXPECT_GE(before.inserts, 35) << "fazhi_db_query_duration_seconds should count the inserts";

  // This test's own calls, of several methods and codes, move the counters by exactly as much.
  std::map<std::pair<std::string, std::string>, int> calls_before = calls_;
  pb::Department unit;
  ASSERT_TRUE(Create(OwnUnit("it-metrics", "河南省指标测试厅"), &unit).ok());
  EXPECT_EQ(Create(OwnUnit("it-metrics", "河南省指标测试厅"), &unit).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  for (const std::string& bad_id :
       {std::string("-metrics"), std::string("济源"), std::string("IT-METRICS"),
        std::string("it metrics"), std::string("it_metrics"), std::string(64, 'i')}) {
    pb::CreateDepartmentRequest r = OwnUnit("it-metrics-bad", "河南省指标测试厅二");
    r.set_department_id(bad_id);
    EXPECT_EQ(Create(r, &unit).error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad_id;
  }
  EXPECT_TRUE(Get("it-metrics", &unit).ok());
  EXPECT_EQ(Get("it-metrics-nowhere", &unit).error_code(), grpc::StatusCode::NOT_FOUND);
  pb::ListDepartmentsRequest list;
  list.set_parent_id("henan");
  pb::ListDepartmentsResponse page;
  EXPECT_TRUE(List(list, &page).ok());
  std::map<std::pair<std::string, std::string>, int> made = Moved(calls_before, calls_);
  EXPECT_EQ(made, (std::map<std::pair<std::string, std::string>, int>{
                      {{"CreateDepartment", "OK"}, 1},
                      {{"CreateDepartment", "AlreadyExists"}, 1},
                      {{"CreateDepartment", "InvalidArgument"}, 6},
                      {{"GetDepartment", "OK"}, 1},
                      {{"GetDepartment", "NotFound"}, 1},
                      {{"ListDepartments", "OK"}, 1}}));

  Counters after;
  ASSERT_NO_FATAL_FAILURE(ScrapeCounters(server_->metrics_port(), &after));
  EXPECT_EQ(Moved(before.handled, after.handled), made);
  std::map<std::string, int> made_by_method;
  for (const auto& [key, n] : made) made_by_method[key.first] += n;
  EXPECT_EQ(Moved(before.started, after.started), made_by_method);
  EXPECT_EQ(Moved(before.observed, after.observed), made_by_method);
  EXPECT_GT(after.inserts, before.inserts) << "the one unit created is an INSERT";
}

}  // namespace
}  // namespace fazhi::department

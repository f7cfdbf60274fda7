// The department store on SQLite and MariaDB: the same calls, the same answers.

#include "services/department/store/department_store.h"

#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/department/app/units.h"
#include "tests/support/department_app_support.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

class DepartmentStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<DepartmentStore>(&test_db_->db());
    // 济源市人民政府 > {司法局, 生态环境局, 克井镇 > 某村}, and 中共济源市委 as a second root.
    Add("jiyuan", "济源市人民政府", Kind::kGovernment, "");
    Add("jiyuan-sfj", "济源市司法局", Kind::kGovernmentDepartment, "jiyuan");
    Add("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, "jiyuan");
    Add("jiyuan-kejing", "克井镇人民政府", Kind::kTown, "jiyuan");
    Add("kejing-v1", "克井村民委员会", Kind::kVillageCommittee, "jiyuan-kejing");
    Add("jiyuan-swei", "中共济源市委", Kind::kPartyCommittee, "");
  }

  absl::StatusOr<CreateResult> Create(Department d, const std::string& request_id = "") {
    absl::StatusOr<CreateResult> result;
    absl::Status s = store_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
      result = CreateDepartment(repo, d, request_id, testing::CallerAt(now_));
      return result.status();
    });
    if (!s.ok()) return s;
    return result;
  }
  void Add(const std::string& id, const std::string& name, Kind kind, const std::string& parent) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.level = Level::kCity;
    d.parent_id = parent;
    absl::StatusOr<CreateResult> r = Create(d);
    ASSERT_TRUE(r.ok()) << id << ": " << r.status();
  }
  std::vector<std::string> Ids(const std::vector<Department>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds) out.push_back(d.id);
    return out;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<DepartmentStore> store_;
  audit::AuditContext audit_context_{"clerk-zhang", "/test.Store/Change", "req-store-1"};
  absl::Time now_ = absl::FromUnixMicros(1614556800123456);  // 2021-03-01, with microseconds
};

TEST_F(DepartmentStoreTest, GetReturnsEveryFieldAsStored) {
  Department d;
  d.id = "jiyuan-scjgj";
  d.name = "济源市市场监督管理局";
  d.short_name = "市场监管局";
  d.kind = Kind::kGovernmentDepartment;
  d.level = Level::kCity;
  d.parent_id = "jiyuan";
  d.credit_code = "91350100M000100Y43";
  d.region_code = "419001";
  d.law_enforcement_body = true;
  d.has_legal_affairs_office = true;
  ASSERT_TRUE(Create(d).ok());
  absl::StatusOr<std::optional<Department>> got = store_->Get("jiyuan-scjgj");
  ASSERT_TRUE(got.ok() && got->has_value());
  const Department& g = **got;
  EXPECT_EQ(g.name, "济源市市场监督管理局");
  EXPECT_EQ(g.short_name, "市场监管局");
  EXPECT_EQ(g.kind, Kind::kGovernmentDepartment);
  EXPECT_EQ(g.level, Level::kCity);
  EXPECT_EQ(g.parent_id, "jiyuan");
  EXPECT_EQ(g.credit_code, "91350100M000100Y43");
  EXPECT_EQ(g.region_code, "419001");
  EXPECT_TRUE(g.law_enforcement_body);
  EXPECT_TRUE(g.has_legal_affairs_office);
  EXPECT_EQ(g.status, Status::kActive);
  EXPECT_EQ(g.create_time, now_);
  EXPECT_FALSE(g.dissolve_time.has_value());
  EXPECT_EQ(g.version, 1);
  EXPECT_FALSE(store_->Get("nobody")->has_value());
}

TEST_F(DepartmentStoreTest, CreditCodeIsUniqueAcrossUnits) {
  Department a;
  a.id = "a";
  a.name = "甲";
  a.kind = Kind::kGovernmentDepartment;
  a.level = Level::kCity;
  a.credit_code = "91350100M000100Y43";
  ASSERT_TRUE(Create(a).ok());
  Department b = a;
  b.id = "b";
  b.name = "乙";
  EXPECT_EQ(Create(b).status().code(), absl::StatusCode::kAlreadyExists);
  // Units without a code do not collide with each other.
  a.credit_code = b.credit_code = "";
  a.id = "c";
  a.name = "丙";
  b.id = "d";
  b.name = "丁";
  EXPECT_TRUE(Create(a).ok());
  EXPECT_TRUE(Create(b).ok());
}

TEST_F(DepartmentStoreTest, RequestIdMakesCreateIdempotentAcrossTransactions) {
  Department d;
  d.id = "jiyuan-gaj";
  d.name = "济源市公安局";
  d.kind = Kind::kGovernmentDepartment;
  d.level = Level::kCity;
  d.parent_id = "jiyuan";
  ASSERT_TRUE(Create(d, "seed-jiyuan-gaj")->created);
  d.id = "another-id";  // a retry whose server-chosen id differs
  absl::StatusOr<CreateResult> again = Create(d, "seed-jiyuan-gaj");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->department.id, "jiyuan-gaj");
  EXPECT_FALSE(store_->Get("another-id")->has_value());
}

TEST_F(DepartmentStoreTest, ListFiltersAndPagesById) {
  ListFilter children;
  children.parent_id = "jiyuan";
  EXPECT_EQ(Ids(*store_->List(children, "", 10)),
            (std::vector<std::string>{"jiyuan-kejing", "jiyuan-sfj", "jiyuan-sthjj"}));
  EXPECT_EQ(Ids(*store_->List(children, "jiyuan-kejing", 1)),
            (std::vector<std::string>{"jiyuan-sfj"}));
  ListFilter roots;
  roots.roots_only = true;
  EXPECT_EQ(Ids(*store_->List(roots, "", 10)), (std::vector<std::string>{"jiyuan", "jiyuan-swei"}));
  ListFilter towns;
  towns.kind = Kind::kTown;
  EXPECT_EQ(Ids(*store_->List(towns, "", 10)), (std::vector<std::string>{"jiyuan-kejing"}));
  ListFilter dissolved;
  dissolved.status = Status::kDissolved;
  EXPECT_TRUE(store_->List(dissolved, "", 10)->empty());
}

TEST_F(DepartmentStoreTest, DescendantsComeBreadthFirstAndPageByDepthThenId) {
  absl::StatusOr<std::vector<DescendantNode>> all =
      store_->ListDescendants("jiyuan", true, false, std::nullopt, std::nullopt, 100);
  ASSERT_TRUE(all.ok()) << all.status();
  std::vector<std::pair<int, std::string>> got;
  for (const auto& n : *all) got.emplace_back(n.depth, n.department.id);
  EXPECT_EQ(got, (std::vector<std::pair<int, std::string>>{{0, "jiyuan"},
                                                           {1, "jiyuan-kejing"},
                                                           {1, "jiyuan-sfj"},
                                                           {1, "jiyuan-sthjj"},
                                                           {2, "kejing-v1"}}));
  absl::StatusOr<std::vector<DescendantNode>> page = store_->ListDescendants(
      "jiyuan", false, false, std::nullopt, DescendantsCursor{1, "jiyuan-sfj"}, 100);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].department.id, "jiyuan-sthjj");
  EXPECT_EQ((*page)[1].department.id, "kejing-v1");
}

TEST_F(DepartmentStoreTest, DissolvedUnitsAreHiddenUnlessAskedButTheirSubtreeIsWalked) {
  absl::StatusOr<Department> dissolved;
  ASSERT_TRUE(store_
                  ->InTransaction(
                      audit_context_,
                      [&](DepartmentRepository& repo) {
                        // The village first: a unit with active sub-units cannot be
                        // dissolved.
                        auto v = DissolveDepartment(repo, "kejing-v1", "\"1\"", "", std::nullopt,
                                                    testing::CallerAt(now_));
                        if (!v.ok()) return v.status();
                        dissolved = DissolveDepartment(repo, "jiyuan-sfj", "\"1\"", "jiyuan-sthjj",
                                                       std::nullopt, testing::CallerAt(now_));
                        return dissolved.status();
                      })
                  .ok());
  auto active = store_->ListDescendants("jiyuan", false, false, std::nullopt, std::nullopt, 100);
  EXPECT_EQ(active->size(), 2u);  // 克井镇 and 生态环境局
  auto everything = store_->ListDescendants("jiyuan", false, true, std::nullopt, std::nullopt, 100);
  EXPECT_EQ(everything->size(), 4u);
  auto got = store_->Get("jiyuan-sfj");
  EXPECT_EQ((*got)->status, Status::kDissolved);
  EXPECT_EQ((*got)->successor_id, "jiyuan-sthjj");
  EXPECT_EQ((*got)->dissolve_time, now_);
}

TEST_F(DepartmentStoreTest, RecursiveAncestorsStopCycles) {
  absl::Status s = store_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
    Department town = **repo.Find("jiyuan-kejing");
    town.parent_id = "kejing-v1";
    return UpdateDepartment(repo, town, {"parent_id"}, "\"1\"", testing::CallerAt(now_)).status();
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ((*store_->Get("jiyuan-kejing"))->parent_id, "jiyuan");
}

TEST_F(DepartmentStoreTest, UpdateRefusesAVersionThatMovedOn) {
  absl::Status s = store_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
    Department d = **repo.Find("jiyuan-sfj");
    d.short_name = "司法局";
    d.version = 2;
    return repo.Update(d, /*expected_version=*/7);
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_EQ((*store_->Get("jiyuan-sfj"))->short_name, "");
}

TEST_F(DepartmentStoreTest, GetManyFindsAcrossChunks) {
  std::vector<std::string> ids{"jiyuan", "nobody", "kejing-v1"};
  for (int i = 0; i < 150; ++i) ids.push_back("missing-" + std::to_string(i));
  auto found = store_->GetMany(ids);
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->size(), 2u);
}

TEST_F(DepartmentStoreTest, EveryChangeIsAuditedInItsOwnTransaction) {
  auto entries = [&] {
    audit::Filter filter;
    filter.target_type = "department";
    filter.target_id = "jiyuan-sfj";
    return *audit::List(test_db_->db(), filter, std::nullopt, 100);
  };
  ASSERT_EQ(entries().size(), 1u);
  EXPECT_EQ(entries()[0].action, "create");
  EXPECT_EQ(entries()[0].actor, "clerk-zhang");
  EXPECT_EQ(entries()[0].rpc, "/test.Store/Change");
  EXPECT_EQ(entries()[0].request_id, "req-store-1");
  EXPECT_NE(entries()[0].changes.find("\"name\":\"济源市司法局\""), std::string::npos)
      << entries()[0].changes;

  ASSERT_TRUE(store_
                  ->InTransaction(audit_context_,
                                  [&](DepartmentRepository& repo) {
                                    Department d = **repo.Find("jiyuan-sfj");
                                    d.short_name = "司法局";
                                    return UpdateDepartment(repo, d, {"short_name"}, "\"1\"",
                                                            testing::CallerAt(now_))
                                        .status();
                                  })
                  .ok());
  ASSERT_EQ(entries().size(), 2u);
  EXPECT_EQ(entries()[1].action, "update");
  EXPECT_EQ(entries()[1].changes, "{\"short_name\":{\"from\":\"\",\"to\":\"司法局\"}}");

  // A change that fails after writing leaves neither the change nor its entry.
  absl::Status failed = store_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
    Department d = **repo.Find("jiyuan-sfj");
    d.short_name = "市司法局";
    absl::StatusOr<Department> updated =
        UpdateDepartment(repo, d, {"short_name"}, "\"2\"", testing::CallerAt(now_));
    if (!updated.ok()) return updated.status();
    return absl::InternalError("a later step failed");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(entries().size(), 2u);
  EXPECT_EQ((*store_->Get("jiyuan-sfj"))->short_name, "司法局");
}

TEST_F(DepartmentStoreTest, AsOfShowsTheUnitsThatExistedThatDay) {
  Department old_office;
  old_office.id = "jiyuan-fzb";
  old_office.name = "济源市人民政府法制办公室";
  old_office.kind = Kind::kGovernmentDepartment;
  old_office.level = Level::kCity;
  old_office.parent_id = "jiyuan";
  old_office.valid_from = absl::CivilDay(2005, 3, 1);
  ASSERT_TRUE(Create(old_office).ok());
  // Merged into 司法局 in the 2019 institutional reform.
  ASSERT_TRUE(store_
                  ->InTransaction(audit_context_,
                                  [&](DepartmentRepository& repo) {
                                    return DissolveDepartment(
                                               repo, "jiyuan-fzb", "\"1\"", "jiyuan-sfj",
                                               absl::CivilDay(2019, 2, 28), testing::CallerAt(now_))
                                        .status();
                                  })
                  .ok());
  auto ids_on = [&](absl::CivilDay day) {
    ListFilter filter;
    filter.parent_id = "jiyuan";
    filter.as_of = day;
    return Ids(*store_->List(filter, "", 100));
  };
  // The other units were registered "today" (2021-03-01 in this test's clock).
  EXPECT_EQ(ids_on(absl::CivilDay(2018, 6, 1)), (std::vector<std::string>{"jiyuan-fzb"}));
  EXPECT_EQ(ids_on(absl::CivilDay(2019, 2, 27)), (std::vector<std::string>{"jiyuan-fzb"}));
  EXPECT_TRUE(ids_on(absl::CivilDay(2019, 2, 28)).empty());
  EXPECT_EQ(ids_on(absl::CivilDay(2021, 3, 1)).size(), 3u);
  auto tree_2018 = store_->ListDescendants("jiyuan", false, false, absl::CivilDay(2018, 6, 1),
                                           std::nullopt, 100);
  ASSERT_TRUE(tree_2018.ok()) << tree_2018.status();
  ASSERT_EQ(tree_2018->size(), 1u);
  EXPECT_EQ((*tree_2018)[0].department.id, "jiyuan-fzb");
  Department stored = **store_->Get("jiyuan-fzb");
  EXPECT_EQ(stored.valid_from, absl::CivilDay(2005, 3, 1));
  EXPECT_EQ(stored.valid_to, absl::CivilDay(2019, 2, 28));
  EXPECT_EQ(stored.successor_id, "jiyuan-sfj");
}

}  // namespace
}  // namespace fazhi::department

// The registry's use cases against an in-memory repository: no database, only the rules.

#include <map>

#include "common/api/etag.h"
#include "gtest/gtest.h"
#include "services/department/app/units.h"
#include "tests/support/department_app_support.h"

namespace fazhi::department {
namespace {

class MemoryRepository : public DepartmentRepository {
 public:
  absl::StatusOr<std::optional<Department>> Find(absl::string_view id) override {
    auto it = rows_.find(std::string(id));
    if (it == rows_.end()) return std::optional<Department>();
    return std::optional<Department>(it->second);
  }
  absl::StatusOr<std::vector<std::string>> AncestorIds(absl::string_view id) override {
    std::vector<std::string> out;
    for (std::string p = rows_.at(std::string(id)).parent_id; !p.empty();
         p = rows_.at(p).parent_id) {
      out.push_back(p);
    }
    return out;
  }
  absl::StatusOr<int64_t> CountActiveChildren(absl::string_view id) override {
    int64_t n = 0;
    for (const auto& [k, d] : rows_) n += d.parent_id == id && d.status == Status::kActive;
    return n;
  }
  absl::StatusOr<int64_t> CountActiveOfficers(absl::string_view id) override {
    return officers[std::string(id)];
  }
  absl::StatusOr<std::optional<std::string>> ActiveSiblingNamed(
      absl::string_view parent_id, absl::string_view name, absl::string_view exclude) override {
    for (const auto& [k, d] : rows_) {
      if (d.parent_id == parent_id && d.name == name && d.status == Status::kActive &&
          k != exclude) {
        return std::optional<std::string>(k);
      }
    }
    return std::optional<std::string>();
  }
  absl::StatusOr<std::optional<std::string>> IdHoldingCreditCode(absl::string_view code) override {
    for (const auto& [k, d] : rows_) {
      if (d.credit_code == code) return std::optional<std::string>(k);
    }
    return std::optional<std::string>();
  }
  absl::StatusOr<std::optional<Department>> FindByRequestId(absl::string_view rid) override {
    auto it = request_ids_.find(std::string(rid));
    if (it == request_ids_.end()) return std::optional<Department>();
    return Find(it->second);
  }
  absl::Status Insert(const Department& d, absl::string_view rid) override {
    rows_[d.id] = d;
    if (!rid.empty()) request_ids_[std::string(rid)] = d.id;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status Update(const Department& d, int64_t expected_version) override {
    if (rows_.at(d.id).version != expected_version) return absl::AbortedError("raced");
    rows_[d.id] = d;
    ++writes;
    return absl::OkStatus();
  }
  int writes = 0;
  std::map<std::string, int64_t> officers;

 private:
  std::map<std::string, Department> rows_;
  std::map<std::string, std::string> request_ids_;
};

Department Unit(std::string id, std::string name, Kind kind, std::string parent = "") {
  Department d;
  d.id = std::move(id);
  d.name = std::move(name);
  d.kind = kind;
  d.level = kind == Kind::kGovernment                             ? Level::kCity
            : (kind == Kind::kTown || kind == Kind::kSubdistrict) ? Level::kTownship
                                                                  : Level::kCity;
  d.parent_id = std::move(parent);
  return d;
}

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Department gov = Unit("jiyuan", "济源市人民政府", Kind::kGovernment);
    gov.region_code = "419001";
    ASSERT_TRUE(CreateDepartment(repo_, gov, "", testing::CallerAt(now_)).ok());
    ASSERT_TRUE(CreateDepartment(
                    repo_,
                    Unit("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, "jiyuan"),
                    "", testing::CallerAt(now_))
                    .ok());
    ASSERT_TRUE(CreateDepartment(repo_,
                                 Unit("jiyuan-kejing", "克井镇人民政府", Kind::kTown, "jiyuan"), "",
                                 testing::CallerAt(now_))
                    .ok());
    repo_.writes = 0;
  }
  Department Get(const std::string& id) { return **repo_.Find(id); }

  MemoryRepository repo_;
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2021, 3, 1, 9, 0, 0), absl::UTCTimeZone());
};

TEST_F(RegistryTest, CreateStampsVersionAndTimes) {
  Department d = Get("jiyuan-sthjj");
  EXPECT_EQ(d.version, 1);
  EXPECT_EQ(d.status, Status::kActive);
  EXPECT_EQ(d.create_time, now_);
}

TEST_F(RegistryTest, RetriedCreateWithSameRequestIdWritesOnce) {
  Department sfj = Unit("jiyuan-sfj", "济源市司法局", Kind::kGovernmentDepartment, "jiyuan");
  auto first = CreateDepartment(repo_, sfj, "req-1", testing::CallerAt(now_));
  auto again = CreateDepartment(repo_, sfj, "req-1", testing::CallerAt(now_ + absl::Seconds(5)));
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_TRUE(first->created);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->department.create_time, now_);
  EXPECT_EQ(repo_.writes, 1);
}

TEST_F(RegistryTest, RejectsDuplicatesAndUnknownParents) {
  auto dup = CreateDepartment(
      repo_, Unit("other", "济源市生态环境局", Kind::kGovernmentDepartment, "jiyuan"), "",
      testing::CallerAt(now_));
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  auto same_id = CreateDepartment(repo_, Unit("jiyuan", "另一个", Kind::kGovernment), "",
                                  testing::CallerAt(now_));
  EXPECT_EQ(same_id.status().code(), absl::StatusCode::kAlreadyExists);
  auto orphan =
      CreateDepartment(repo_, Unit("x", "某局", Kind::kGovernmentDepartment, "no-such-unit"), "",
                       testing::CallerAt(now_));
  EXPECT_EQ(orphan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(orphan.status().message().find("department.parent_id"), absl::string_view::npos);
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(RegistryTest, RejectsInvalidFieldsNamingThem) {
  struct Case {
    std::function<void(Department&)> mutate;
    std::string field;
  } cases[] = {
      {[](Department& d) { d.name = ""; }, "department.name"},
      {[](Department& d) { d.name = std::string(101, 'x'); }, "department.name"},
      {[](Department& d) { d.short_name = std::string(31, 'x'); }, "department.short_name"},
      {[](Department& d) { d.kind = Kind::kUnspecified; }, "department.kind"},
      {[](Department& d) { d.level = Level::kUnspecified; }, "department.level"},
      {[](Department& d) { d.credit_code = "91440300708461136X"; }, "department.credit_code"},
      {[](Department& d) { d.region_code = "419000"; }, "department.region_code"},
      {[](Department& d) { d.id = "Bad Id"; }, "department_id"},
  };
  for (const Case& c : cases) {
    Department d = Unit("jiyuan-new", "新单位", Kind::kGovernmentDepartment, "jiyuan");
    c.mutate(d);
    auto result = CreateDepartment(repo_, d, "", testing::CallerAt(now_));
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << c.field;
    EXPECT_NE(result.status().message().find(c.field), absl::string_view::npos) << result.status();
  }
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(RegistryTest, UpdateAppliesOnlyTheMaskAndBumpsTheEtag) {
  Department changes = Get("jiyuan-sthjj");
  changes.short_name = "生态环境局";
  changes.name = "ignored because not in the mask";
  auto updated =
      UpdateDepartment(repo_, changes, {"short_name"}, api::FormatEtag(1), testing::CallerAt(now_));
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->short_name, "生态环境局");
  EXPECT_EQ(updated->name, "济源市生态环境局");
  EXPECT_EQ(updated->version, 2);
}

TEST_F(RegistryTest, StaleEtagIsAbortedAndWritesNothing) {
  Department changes = Get("jiyuan-sthjj");
  changes.short_name = "环境局";
  ASSERT_TRUE(
      UpdateDepartment(repo_, changes, {"short_name"}, "\"1\"", testing::CallerAt(now_)).ok());
  repo_.writes = 0;
  auto stale = UpdateDepartment(repo_, changes, {"short_name"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(RegistryTest, ParentThatWouldMakeACycleIsRejected) {
  Department village =
      Unit("kejing-village", "某村民委员会", Kind::kVillageCommittee, "jiyuan-kejing");
  village.level = Level::kVillage;
  ASSERT_TRUE(CreateDepartment(repo_, village, "", testing::CallerAt(now_)).ok());
  Department town = Get("jiyuan-kejing");
  town.parent_id = "kejing-village";
  auto cycle = UpdateDepartment(repo_, town, {"parent_id"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(cycle.status().message().find("cycle"), absl::string_view::npos);
  town.parent_id = "jiyuan-kejing";
  auto self = UpdateDepartment(repo_, town, {"parent_id"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(self.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, UnknownMaskPathIsRejected) {
  auto r =
      UpdateDepartment(repo_, Get("jiyuan-sthjj"), {"status"}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("update_mask"), absl::string_view::npos);
  auto empty = UpdateDepartment(repo_, Get("jiyuan-sthjj"), {}, "\"1\"", testing::CallerAt(now_));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, DissolveNeedsNoActiveChildrenAndAnActiveSuccessor) {
  auto busy =
      DissolveDepartment(repo_, "jiyuan", "\"1\"", "", std::nullopt, testing::CallerAt(now_));
  EXPECT_EQ(busy.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(busy.status().message().find("2 active sub-units"), absl::string_view::npos);

  auto self = DissolveDepartment(repo_, "jiyuan-sthjj", "\"1\"", "jiyuan-sthjj", std::nullopt,
                                 testing::CallerAt(now_));
  EXPECT_EQ(self.status().code(), absl::StatusCode::kInvalidArgument);
  auto dissolved = DissolveDepartment(repo_, "jiyuan-sthjj", "\"1\"", "jiyuan-kejing", std::nullopt,
                                      testing::CallerAt(now_));
  ASSERT_TRUE(dissolved.ok()) << dissolved.status();
  EXPECT_EQ(dissolved->status, Status::kDissolved);
  EXPECT_EQ(dissolved->successor_id, "jiyuan-kejing");
  EXPECT_EQ(dissolved->dissolve_time, now_);

  auto twice =
      DissolveDepartment(repo_, "jiyuan-sthjj", "\"2\"", "", std::nullopt, testing::CallerAt(now_));
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  // A dissolved unit takes no new sub-units and cannot be edited.
  auto under =
      CreateDepartment(repo_, Unit("x", "某科", Kind::kGovernmentDepartment, "jiyuan-sthjj"), "",
                       testing::CallerAt(now_));
  EXPECT_EQ(under.status().code(), absl::StatusCode::kFailedPrecondition);
  Department edit = Get("jiyuan-sthjj");
  edit.short_name = "x";
  EXPECT_EQ(UpdateDepartment(repo_, edit, {"short_name"}, "\"2\"", testing::CallerAt(now_))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(RegistryTest, ValidityDefaultsToTheDayOfRegistrationAndEndsOnDissolution) {
  Department gov = Get("jiyuan");
  EXPECT_EQ(gov.valid_from, absl::CivilDay(2021, 3, 1));  // 09:00 UTC is 17:00 in China
  EXPECT_TRUE(ExistedOn(gov, absl::CivilDay(2021, 3, 1)));
  EXPECT_FALSE(ExistedOn(gov, absl::CivilDay(2021, 2, 28)));
  auto early = DissolveDepartment(repo_, "jiyuan-sthjj", "\"1\"", "", absl::CivilDay(2020, 1, 1),
                                  testing::CallerAt(now_));
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(early.status().message().find("effective_date"), absl::string_view::npos);
  auto d = DissolveDepartment(repo_, "jiyuan-sthjj", "\"1\"", "", absl::CivilDay(2021, 6, 30),
                              testing::CallerAt(now_));
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_TRUE(ExistedOn(*d, absl::CivilDay(2021, 6, 29)));
  EXPECT_FALSE(ExistedOn(*d, absl::CivilDay(2021, 6, 30)));
}

}  // namespace
}  // namespace fazhi::department

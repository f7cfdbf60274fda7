// The power-list and delegation use cases against an in-memory repository.

#include <map>

#include "gtest/gtest.h"
#include "services/department/app/powers.h"
#include "tests/support/department_app_support.h"

namespace fazhi::department {
namespace {

class MemoryPowerRepository : public PowerRepository {
 public:
  absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) override {
    auto it = departments.find(std::string(id));
    if (it == departments.end()) return std::optional<Department>();
    return std::optional<Department>(it->second);
  }
  absl::StatusOr<std::optional<PowerItem>> FindItem(absl::string_view id) override {
    auto it = items.find(std::string(id));
    if (it == items.end()) return std::optional<PowerItem>();
    return std::optional<PowerItem>(it->second);
  }
  absl::StatusOr<std::optional<PowerItem>> FindItemByRequestId(absl::string_view rid) override {
    auto it = item_requests.find(std::string(rid));
    if (it == item_requests.end()) return std::optional<PowerItem>();
    return FindItem(it->second);
  }
  absl::StatusOr<std::optional<std::string>> ActiveItemWithCode(
      absl::string_view department_id, absl::string_view code, absl::string_view exclude) override {
    for (const auto& [id, item] : items) {
      if (item.department_id == department_id && item.code == code && id != exclude &&
          item.status == PowerItemStatus::kActive) {
        return std::optional<std::string>(id);
      }
    }
    return std::optional<std::string>();
  }
  absl::Status InsertItem(const PowerItem& item, absl::string_view rid) override {
    items[item.id] = item;
    if (!rid.empty()) item_requests[std::string(rid)] = item.id;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status UpdateItem(const PowerItem& item, int64_t expected_version) override {
    if (items.at(item.id).version != expected_version) return absl::AbortedError("raced");
    items[item.id] = item;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status InsertAdjustment(const PowerAdjustment& a) override {
    adjustments.push_back(a);
    ++writes;
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<Delegation>> FindDelegation(absl::string_view id) override {
    auto it = delegations.find(std::string(id));
    if (it == delegations.end()) return std::optional<Delegation>();
    return std::optional<Delegation>(it->second);
  }
  absl::StatusOr<std::optional<Delegation>> FindDelegationByRequestId(absl::string_view) override {
    return std::optional<Delegation>();
  }
  absl::Status InsertDelegation(const Delegation& d, absl::string_view) override {
    delegations[d.id] = d;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status UpdateDelegation(const Delegation& d, int64_t) override {
    delegations[d.id] = d;
    ++writes;
    return absl::OkStatus();
  }

  std::map<std::string, Department> departments;
  std::map<std::string, PowerItem> items;
  std::map<std::string, std::string> item_requests;
  std::vector<PowerAdjustment> adjustments;
  std::map<std::string, Delegation> delegations;
  int writes = 0;
};

class PowerRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Unit("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment);
    Unit("jiyuan-kejing", "济源市克井镇人民政府", Kind::kTown);
    Unit("jiyuan-qinyuan", "济源市沁园街道办事处", Kind::kSubdistrict);
    Unit("henan", "河南省人民政府", Kind::kGovernment);
    ASSERT_TRUE(Add("power-air-99", "330217001", PowerCategory::kPenalty).ok());
    repo_.writes = 0;
  }
  void Unit(const std::string& id, const std::string& name, Kind kind) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.status = Status::kActive;
    repo_.departments[id] = d;
  }
  absl::StatusOr<CreatedItem> Add(const std::string& id, const std::string& code,
                                  PowerCategory category) {
    PowerItem item;
    item.id = id;
    item.department_id = "jiyuan-sthjj";
    item.code = code;
    item.name = "对超过大气污染物排放标准排放大气污染物的行政处罚";
    item.category = category;
    item.legal_basis = {{"《中华人民共和国大气污染防治法》", "第九十九条"}};
    return AddPowerItem(repo_, item, order_, "", actor_);
  }

  MemoryPowerRepository repo_;
  AdjustmentOrder order_{"依据法律修订调整", "济管〔2021〕7号", absl::CivilDay(2021, 3, 1)};
  app::Caller actor_ = testing::CallerAt(absl::FromUnixSeconds(1614556800), "clerk-li");
};

TEST_F(PowerRulesTest, AddRecordsAnAdjustmentAndDefaultsTheEffectiveDate) {
  const PowerItem& item = repo_.items.at("power-air-99");
  EXPECT_EQ(item.effective_date, absl::CivilDay(2021, 3, 1));
  EXPECT_EQ(item.version, 1);
  ASSERT_EQ(repo_.adjustments.size(), 1u);
  const PowerAdjustment& a = repo_.adjustments[0];
  EXPECT_EQ(a.kind, AdjustmentKind::kAdd);
  EXPECT_EQ(a.document, "济管〔2021〕7号");
  EXPECT_EQ(a.actor, "clerk-li");
  EXPECT_EQ(a.item_code, "330217001");
  EXPECT_TRUE(ItemInForceOn(item, absl::CivilDay(2021, 3, 1)));
  EXPECT_FALSE(ItemInForceOn(item, absl::CivilDay(2021, 2, 28)));
}

TEST_F(PowerRulesTest, RefusesItemsWithoutLegalBasisOrOrderAndWritesNothing) {
  PowerItem item = repo_.items.at("power-air-99");
  item.id = "power-new";
  item.code = "330217002";
  item.legal_basis.clear();
  auto no_basis = AddPowerItem(repo_, item, order_, "", actor_);
  EXPECT_EQ(no_basis.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(no_basis.status().message().find("item.legal_basis"), absl::string_view::npos);
  item.legal_basis = {{"《中华人民共和国大气污染防治法》", "第九十九条"}};
  for (auto mutate : std::vector<std::function<void(AdjustmentOrder&)>>{
           [](AdjustmentOrder& o) { o.reason = ""; }, [](AdjustmentOrder& o) { o.document = ""; },
           [](AdjustmentOrder& o) { o.date.reset(); }}) {
    AdjustmentOrder order = order_;
    mutate(order);
    auto r = AddPowerItem(repo_, item, order, "", actor_);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("adjustment."), absl::string_view::npos) << r.status();
  }
  item.department_id = "nowhere";
  EXPECT_EQ(AddPowerItem(repo_, item, order_, "", actor_).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(PowerRulesTest, CodesAreUniqueAmongCurrentItemsOnly) {
  auto dup = Add("power-other", "330217001", PowerCategory::kPenalty);
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists);
  ASSERT_TRUE(RemovePowerItem(repo_, "power-air-99", "\"1\"", order_, actor_).ok());
  EXPECT_TRUE(Add("power-other", "330217001", PowerCategory::kPenalty).ok());
}

TEST_F(PowerRulesTest, ModifyRecordsWhatChanged) {
  PowerItem changes = repo_.items.at("power-air-99");
  changes.legal_basis.push_back({"《河南省大气污染防治条例》", "第六十条"});
  AdjustmentOrder order{"地方性法规施行", "济管〔2021〕9号", absl::CivilDay(2021, 6, 1)};
  auto modified = ModifyPowerItem(repo_, changes, {"legal_basis"}, "\"1\"", order, actor_);
  ASSERT_TRUE(modified.ok()) << modified.status();
  EXPECT_EQ(modified->version, 2);
  ASSERT_EQ(repo_.adjustments.size(), 2u);
  EXPECT_EQ(repo_.adjustments[1].kind, AdjustmentKind::kModify);
  EXPECT_NE(repo_.adjustments[1].changes.find("\"legal_basis\":{\"from\""), std::string::npos)
      << repo_.adjustments[1].changes;
  EXPECT_NE(repo_.adjustments[1].changes.find("第六十条"), std::string::npos);

  // The same values again change nothing and are refused; so is a stale etag.
  EXPECT_EQ(
      ModifyPowerItem(repo_, changes, {"legal_basis"}, "\"2\"", order, actor_).status().code(),
      absl::StatusCode::kInvalidArgument);
  changes.name = "新名称";
  EXPECT_EQ(ModifyPowerItem(repo_, changes, {"name"}, "\"1\"", order, actor_).status().code(),
            absl::StatusCode::kAborted);
  EXPECT_EQ(
      ModifyPowerItem(repo_, changes, {"department_id"}, "\"2\"", order, actor_).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_F(PowerRulesTest, RemoveChecksDatesAndHappensOnce) {
  AdjustmentOrder early{"清理", "济管〔2021〕7号", absl::CivilDay(2021, 2, 1)};
  auto before_effective = RemovePowerItem(repo_, "power-air-99", "\"1\"", early, actor_);
  EXPECT_EQ(before_effective.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(before_effective.status().message().find("adjustment.date"), absl::string_view::npos);
  AdjustmentOrder order{"法律废止", "济管〔2021〕12号", absl::CivilDay(2021, 9, 1)};
  auto removed = RemovePowerItem(repo_, "power-air-99", "\"1\"", order, actor_);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_TRUE(ItemInForceOn(*removed, absl::CivilDay(2021, 8, 31)));
  EXPECT_FALSE(ItemInForceOn(*removed, absl::CivilDay(2021, 9, 1)));
  EXPECT_EQ(RemovePowerItem(repo_, "power-air-99", "\"2\"", order, actor_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  PowerItem changes = *removed;
  changes.name = "x";
  EXPECT_EQ(ModifyPowerItem(repo_, changes, {"name"}, "\"2\"", order, actor_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

Delegation Grant(std::vector<std::string> grantees) {
  Delegation d;
  d.id = "delegation-towns";
  d.title = "关于赋予镇人民政府部分县级行政处罚权的批复";
  d.document = "济编办〔2021〕1号";
  d.grantor_id = "henan";
  d.power_item_ids = {"power-air-99"};
  d.grantee_ids = std::move(grantees);
  d.effective_date = absl::CivilDay(2021, 7, 1);
  return d;
}

TEST_F(PowerRulesTest, DelegatesOnlyToTownsAndSubdistricts) {
  auto ok = CreateDelegation(repo_, Grant({"jiyuan-kejing", "jiyuan-qinyuan"}), "", actor_);
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_TRUE(DelegationInForceOn(ok->delegation, absl::CivilDay(2021, 7, 1)));
  EXPECT_FALSE(DelegationInForceOn(ok->delegation, absl::CivilDay(2021, 6, 30)));
  repo_.writes = 0;
  Delegation to_department = Grant({"jiyuan-kejing", "jiyuan-sthjj"});
  to_department.id = "delegation-bad";
  auto refused = CreateDelegation(repo_, to_department, "", actor_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(refused.status().message().find("delegation.grantee_ids[1]"), absl::string_view::npos)
      << refused.status();
  EXPECT_NE(refused.status().message().find("not a town or subdistrict"), absl::string_view::npos);
  Delegation twice = Grant({"jiyuan-kejing", "jiyuan-kejing"});
  twice.id = "delegation-twice";
  EXPECT_EQ(CreateDelegation(repo_, twice, "", actor_).status().code(),
            absl::StatusCode::kInvalidArgument);
  Delegation unknown_item = Grant({"jiyuan-kejing"});
  unknown_item.id = "delegation-unknown";
  unknown_item.power_item_ids = {"power-none"};
  auto r = CreateDelegation(repo_, unknown_item, "", actor_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("power_item_ids[0]"), absl::string_view::npos);
  Delegation too_early = Grant({"jiyuan-kejing"});
  too_early.id = "delegation-early";
  too_early.effective_date = absl::CivilDay(2020, 1, 1);  // before the item came into force
  EXPECT_EQ(CreateDelegation(repo_, too_early, "", actor_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(PowerRulesTest, RevocationIsDatedAndHappensOnce) {
  ASSERT_TRUE(CreateDelegation(repo_, Grant({"jiyuan-kejing"}), "", actor_).ok());
  auto early = RevokeDelegation(repo_, "delegation-towns", "\"1\"", absl::CivilDay(2021, 6, 1),
                                "试点结束", actor_);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      RevokeDelegation(repo_, "delegation-towns", "\"1\"", absl::CivilDay(2022, 1, 1), "", actor_)
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);  // a reason is required
  auto revoked = RevokeDelegation(repo_, "delegation-towns", "\"1\"", absl::CivilDay(2022, 1, 1),
                                  "试点结束", actor_);
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_TRUE(DelegationInForceOn(*revoked, absl::CivilDay(2021, 12, 31)));
  EXPECT_FALSE(DelegationInForceOn(*revoked, absl::CivilDay(2022, 1, 1)));
  auto again = RevokeDelegation(repo_, "delegation-towns", "\"2\"", absl::CivilDay(2022, 2, 1),
                                "重复", actor_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace fazhi::department

// The power-list store on SQLite and MariaDB: figures computed in SQL must be the same on both.

#include "services/department/store/power_store.h"

#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/department/app/powers.h"
#include "services/department/app/units.h"
#include "services/department/store/department_store.h"
#include "tests/support/department_app_support.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

class PowerStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    departments_ = std::make_unique<DepartmentStore>(&test_db_->db());
    powers_ = std::make_unique<PowerStore>(&test_db_->db());
    Unit("henan", "河南省人民政府", Kind::kGovernment, "");
    Unit("jiyuan", "济源市人民政府", Kind::kGovernment, "");
    Unit("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, "jiyuan");
    Unit("jiyuan-scjgj", "济源市市场监督管理局", Kind::kGovernmentDepartment, "jiyuan");
    Unit("jiyuan-kejing", "济源市克井镇人民政府", Kind::kTown, "jiyuan");
    Unit("jiyuan-qinyuan", "济源市沁园街道办事处", Kind::kSubdistrict, "jiyuan");
  }

  void Unit(const std::string& id, const std::string& name, Kind kind, const std::string& parent) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.level = Level::kCity;
    d.parent_id = parent;
    d.valid_from = absl::CivilDay(2000, 1, 1);
    ASSERT_TRUE(departments_
                    ->InTransaction(
                        context_,
                        [&](DepartmentRepository& repo) {
                          return CreateDepartment(repo, d, "", testing::CallerAt(now_)).status();
                        })
                    .ok());
  }

  absl::Status Add(const std::string& id, const std::string& unit, PowerCategory category,
                   absl::CivilDay day) {
    PowerItem item;
    item.id = id;
    item.department_id = unit;
    item.code = id;
    item.name = absl::StrCat("事项 ", id);
    item.category = category;
    item.legal_basis = {{"《中华人民共和国行政处罚法》", "第十八条"}};
    AdjustmentOrder order{"新增", "济管〔2021〕7号", day};
    return powers_->InTransaction(context_, [&](PowerRepository& repo) {
      return AddPowerItem(repo, item, order, "", testing::CallerAt(now_, "clerk")).status();
    });
  }

  absl::Status Remove(const std::string& id, int64_t version, absl::CivilDay day) {
    AdjustmentOrder order{"取消", "济管〔2021〕12号", day};
    return powers_->InTransaction(context_, [&](PowerRepository& repo) {
      return RemovePowerItem(repo, id, absl::StrCat("\"", version, "\""), order,
                             testing::CallerAt(now_, "clerk"))
          .status();
    });
  }

  absl::Status Rename(const std::string& id, const std::string& name, absl::CivilDay day) {
    AdjustmentOrder order{"规范名称", "济管〔2021〕9号", day};
    return powers_->InTransaction(context_, [&](PowerRepository& repo) {
      PowerItem changes = **repo.FindItem(id);
      changes.name = name;
      return ModifyPowerItem(repo, changes, {"name"}, "\"1\"", order,
                             testing::CallerAt(now_, "clerk"))
          .status();
    });
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<DepartmentStore> departments_;
  std::unique_ptr<PowerStore> powers_;
  audit::AuditContext context_{"clerk", "/test.Power/Change", "req-power"};
  absl::Time now_ = absl::FromUnixSeconds(1640000000);
};

TEST_F(PowerStoreTest, ItemsRoundTripWithTheirLegalBases) {
  PowerItem item;
  item.id = "power-water-83";
  item.department_id = "jiyuan-sthjj";
  item.code = "330217014";
  item.name = "对未依法取得排污许可证排放水污染物的行政处罚";
  item.category = PowerCategory::kPenalty;
  item.legal_basis = {{"《中华人民共和国水污染防治法》", "第八十三条"},
                      {"《排污许可管理条例》", "第三十三条"}};
  AdjustmentOrder order{"新增", "济管〔2021〕7号", absl::CivilDay(2021, 3, 1)};
  ASSERT_TRUE(powers_
                  ->InTransaction(context_,
                                  [&](PowerRepository& repo) {
                                    return AddPowerItem(repo, item, order, "req-1",
                                                        testing::CallerAt(now_, "clerk"))
                                        .status();
                                  })
                  .ok());
  absl::StatusOr<std::optional<PowerItem>> got = powers_->GetItem("power-water-83");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->name, item.name);
  EXPECT_EQ((*got)->legal_basis, item.legal_basis);
  EXPECT_EQ((*got)->effective_date, absl::CivilDay(2021, 3, 1));
  EXPECT_EQ((*got)->category, PowerCategory::kPenalty);
}

TEST_F(PowerStoreTest, SummaryCountsUnitsItemsAndAdjustmentsOfAPeriod) {
  ASSERT_TRUE(
      Add("old-1", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2020, 5, 1)).ok());
  ASSERT_TRUE(Add("a-1", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2021, 2, 1)).ok());
  ASSERT_TRUE(
      Add("a-2", "jiyuan-sthjj", PowerCategory::kLicensing, absl::CivilDay(2021, 3, 1)).ok());
  ASSERT_TRUE(
      Add("b-1", "jiyuan-scjgj", PowerCategory::kInspection, absl::CivilDay(2021, 4, 1)).ok());
  ASSERT_TRUE(
      Add("k-1", "jiyuan-kejing", PowerCategory::kPenalty, absl::CivilDay(2021, 12, 31)).ok());
  ASSERT_TRUE(Rename("a-1", "更名后的事项", absl::CivilDay(2021, 6, 1)).ok());
  ASSERT_TRUE(Remove("old-1", 1, absl::CivilDay(2021, 9, 1)).ok());
  ASSERT_TRUE(
      Add("late", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2022, 1, 1)).ok());

  AdjustmentFilter year_2021;
  year_2021.first_day = absl::CivilDay(2021, 1, 1);
  year_2021.last_day = absl::CivilDay(2021, 12, 31);
  absl::StatusOr<AdjustmentSummary> all = powers_->SummarizeAdjustments(year_2021);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_EQ(all->department_count, 3);
  EXPECT_EQ(all->item_count, 5);        // a-1, a-2, b-1, k-1, old-1
  EXPECT_EQ(all->adjustment_count, 6);  // 4 adds, 1 modify, 1 remove
  ASSERT_EQ(all->by_department.size(), 3u);
  const DepartmentAdjustmentCount& sthjj = all->by_department[2];  // ids in order
  EXPECT_EQ(sthjj.department_id, "jiyuan-sthjj");
  EXPECT_EQ(sthjj.item_count, 3);
  EXPECT_EQ(sthjj.added, 2);
  EXPECT_EQ(sthjj.modified, 1);
  EXPECT_EQ(sthjj.removed, 1);

  AdjustmentFilter subtree = year_2021;
  subtree.scope = UnitScope{"jiyuan", true};
  // The counts by kind bind their kinds ahead of the scope's parameters, in a subtree (after the
  // CTE's) as for one unit (before the WHERE's).
  absl::StatusOr<AdjustmentSummary> in_subtree = powers_->SummarizeAdjustments(subtree);
  ASSERT_TRUE(in_subtree.ok()) << in_subtree.status();
  EXPECT_EQ(in_subtree->adjustment_count, 6);
  ASSERT_EQ(in_subtree->by_department.size(), 3u);
  EXPECT_EQ(in_subtree->by_department[2].added, 2);
  EXPECT_EQ(in_subtree->by_department[2].modified, 1);
  EXPECT_EQ(in_subtree->by_department[2].removed, 1);
  AdjustmentFilter one_unit = year_2021;
  one_unit.scope = UnitScope{"jiyuan-scjgj", false};
  absl::StatusOr<AdjustmentSummary> unit = powers_->SummarizeAdjustments(one_unit);
  ASSERT_TRUE(unit.ok()) << unit.status();
  EXPECT_EQ(unit->item_count, 1);
  ASSERT_EQ(unit->by_department.size(), 1u);
  EXPECT_EQ(unit->by_department[0].added, 1);
  EXPECT_EQ(unit->by_department[0].removed, 0);
  AdjustmentFilter removals = year_2021;
  removals.kind = AdjustmentKind::kRemove;
  absl::StatusOr<AdjustmentSummary> removed = powers_->SummarizeAdjustments(removals);
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_EQ(removed->adjustment_count, 1);
  ASSERT_EQ(removed->by_department.size(), 1u);
  EXPECT_EQ(removed->by_department[0].removed, 1);
  EXPECT_EQ(removed->by_department[0].added, 0);

  // Paging through the list in (date, id) order sees each adjustment once.
  std::vector<PowerAdjustment> seen;
  std::optional<AdjustmentCursor> after;
  while (true) {
    absl::StatusOr<std::vector<PowerAdjustment>> page =
        powers_->ListAdjustments(year_2021, after, 4);
    ASSERT_TRUE(page.ok()) << page.status();
    seen.insert(seen.end(), page->begin(), page->end());
    if (page->size() < 4) break;
    after = AdjustmentCursor{time_util::ToYmd(page->back().date), page->back().id};
  }
  ASSERT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen.front().power_item_id, "a-1");
  EXPECT_EQ(seen.front().kind, AdjustmentKind::kAdd);
  EXPECT_EQ(seen.back().power_item_id, "k-1");
  EXPECT_EQ(seen[3].kind, AdjustmentKind::kModify);
  EXPECT_EQ(seen[3].item_name, "更名后的事项");
}

TEST_F(PowerStoreTest, CountsItemsInForceByCategoryOnADay) {
  ASSERT_TRUE(Add("a-1", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(Add("a-2", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2021, 6, 1)).ok());
  ASSERT_TRUE(
      Add("a-3", "jiyuan-sthjj", PowerCategory::kLicensing, absl::CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(
      Add("k-1", "jiyuan-kejing", PowerCategory::kInspection, absl::CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(Remove("a-3", 1, absl::CivilDay(2021, 7, 1)).ok());
  auto counts = [&](UnitScope scope, absl::CivilDay day) {
    std::map<PowerCategory, int64_t> out;
    absl::StatusOr<std::vector<CategoryCount>> result = powers_->CountItems(scope, day);
    EXPECT_TRUE(result.ok()) << result.status();
    for (const CategoryCount& c : *result) out[c.category] = c.count;
    return out;
  };
  using M = std::map<PowerCategory, int64_t>;
  EXPECT_EQ(counts({"jiyuan-sthjj", false}, absl::CivilDay(2021, 3, 1)),
            (M{{PowerCategory::kLicensing, 1}, {PowerCategory::kPenalty, 1}}));
  EXPECT_EQ(counts({"jiyuan-sthjj", false}, absl::CivilDay(2021, 7, 1)),
            (M{{PowerCategory::kPenalty, 2}}));
  EXPECT_EQ(counts({"jiyuan", true}, absl::CivilDay(2021, 7, 1)),
            (M{{PowerCategory::kPenalty, 2}, {PowerCategory::kInspection, 1}}));
  EXPECT_TRUE(counts({"jiyuan", false}, absl::CivilDay(2021, 7, 1)).empty());
}

TEST_F(PowerStoreTest, HeldPowersCombineOwnAndDelegatedItemsOnADay) {
  ASSERT_TRUE(Add("a-1", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(Add("a-2", "jiyuan-sthjj", PowerCategory::kPenalty, absl::CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(
      Add("k-1", "jiyuan-kejing", PowerCategory::kInspection, absl::CivilDay(2021, 1, 1)).ok());
  Delegation d;
  d.id = "delegation-2021";
  d.title = "关于赋予镇人民政府部分县级行政处罚权的批复";
  d.document = "济编办〔2021〕1号";
  d.grantor_id = "henan";
  d.power_item_ids = {"a-2", "a-1"};
  d.grantee_ids = {"jiyuan-kejing", "jiyuan-qinyuan"};
  d.effective_date = absl::CivilDay(2021, 7, 1);
  ASSERT_TRUE(
      powers_
          ->InTransaction(
              context_,
              [&](PowerRepository& repo) {
                return CreateDelegation(repo, d, "", testing::CallerAt(now_, "clerk")).status();
              })
          .ok());
  auto held = [&](const std::string& unit, absl::CivilDay day) {
    std::vector<std::pair<std::string, std::string>> out;
    absl::StatusOr<std::vector<HeldPower>> result =
        powers_->ListHeldPowers(unit, day, PowerCategory::kUnspecified, std::nullopt, 100);
    EXPECT_TRUE(result.ok()) << result.status();
    for (const HeldPower& h : *result) {
      out.emplace_back(h.item.id, h.delegation_id);
    }
    return out;
  };
  using V = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(held("jiyuan-kejing", absl::CivilDay(2021, 6, 30)), (V{{"k-1", ""}}));
  EXPECT_EQ(held("jiyuan-kejing", absl::CivilDay(2021, 7, 1)),
            (V{{"a-1", "delegation-2021"}, {"a-2", "delegation-2021"}, {"k-1", ""}}));
  EXPECT_EQ(held("jiyuan-qinyuan", absl::CivilDay(2021, 7, 1)).size(), 2u);
  // The owner keeps its own items.
  EXPECT_EQ(held("jiyuan-sthjj", absl::CivilDay(2021, 7, 1)), (V{{"a-1", ""}, {"a-2", ""}}));
  // A page of one continues after (item, delegation).
  auto first = powers_->ListHeldPowers("jiyuan-kejing", absl::CivilDay(2021, 7, 1),
                                       PowerCategory::kUnspecified, std::nullopt, 1);
  ASSERT_EQ(first->size(), 1u);
  auto second =
      powers_->ListHeldPowers("jiyuan-kejing", absl::CivilDay(2021, 7, 1),
                              PowerCategory::kUnspecified, HeldCursor{"a-1", "delegation-2021"}, 5);
  EXPECT_EQ(second->size(), 2u);
  EXPECT_EQ((*first)[0].delegation_document, "济编办〔2021〕1号");
  EXPECT_EQ((*first)[0].held_since, absl::CivilDay(2021, 7, 1));

  // Revoked from 2022: held up to the day before.
  ASSERT_TRUE(powers_
                  ->InTransaction(context_,
                                  [&](PowerRepository& repo) {
                                    return RevokeDelegation(repo, "delegation-2021", "\"1\"",
                                                            absl::CivilDay(2022, 1, 1), "试点结束",
                                                            testing::CallerAt(now_, "clerk"))
                                        .status();
                                  })
                  .ok());
  EXPECT_EQ(held("jiyuan-kejing", absl::CivilDay(2021, 12, 31)).size(), 3u);
  EXPECT_EQ(held("jiyuan-kejing", absl::CivilDay(2022, 1, 1)), (V{{"k-1", ""}}));
  // And a delegated item its owner removes lapses with it.
  ASSERT_TRUE(Remove("a-1", 1, absl::CivilDay(2021, 10, 1)).ok());
  EXPECT_EQ(held("jiyuan-qinyuan", absl::CivilDay(2021, 10, 1)), (V{{"a-2", "delegation-2021"}}));

  absl::StatusOr<std::optional<Delegation>> stored = powers_->GetDelegation("delegation-2021");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->power_item_ids, (std::vector<std::string>{"a-1", "a-2"}));
  EXPECT_EQ((*stored)->status, DelegationStatus::kRevoked);
  EXPECT_EQ(powers_->ListDelegations("jiyuan-qinyuan", "", "", 10)->size(), 1u);
  EXPECT_EQ(powers_->ListDelegations("jiyuan-sthjj", "", "", 10)->size(), 0u);
  EXPECT_EQ(powers_->ListDelegations("", "a-2", "", 10)->size(), 1u);

  audit::Filter filter;
  filter.target_type = "delegation";
  std::vector<audit::AuditEntry> entries = *audit::List(test_db_->db(), filter, std::nullopt, 10);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].action, "create");
  EXPECT_EQ(entries[1].action, "revoke");
  EXPECT_NE(entries[1].changes.find("\"revoked_date\":{\"from\":\"\",\"to\":\"2022-01-01\"}"),
            std::string::npos)
      << entries[1].changes;
}

}  // namespace
}  // namespace fazhi::department

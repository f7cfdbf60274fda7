// The validation-rule store on SQLite and MariaDB: rules round-trip (Chinese names included),
// etags guard updates, every change is audited, the shipped rules install once, and the figures
// rules read come back from one chunked query.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/statistics/store/rule_store.h"
#include "services/statistics/store/statistics_store.h"
#include "tests/support/test_database.h"

namespace fazhi::statistics {
namespace {

constexpr char kCustomName[] = "重大行政处罚备案审查数不应超过受理数";

class RuleStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<StatisticsStore>(&test_db_->db());
    rules_ = std::make_unique<RuleStore>(&test_db_->db());
    ASSERT_TRUE(store_->EnsureIndicators(ShippedIndicators(), now_).ok());
  }

  ValidationRule Custom(const std::string& id) {
    ValidationRule r;
    r.id = id;
    r.name = kCustomName;
    r.left = "supervision.major_penalty_filings_reviewed";
    r.comparison = Comparison::kLe;
    r.right = "supervision.major_penalty_filings_received";
    r.importance = RuleImportance::kHigh;
    r.missing_value_strategy = MissingValueStrategy::kNeverSkip;
    r.period_type = time_util::PeriodType::kQuarter;
    r.create_time = r.update_time = now_;
    r.version = 1;
    return r;
  }

  std::vector<audit::AuditEntry> AuditOf(const std::string& id) {
    audit::Filter filter;
    filter.target_type = "validation_rule";
    filter.target_id = id;
    absl::StatusOr<std::vector<audit::AuditEntry>> entries =
        audit::List(test_db_->db(), filter, std::nullopt, 100);
    EXPECT_TRUE(entries.ok()) << entries.status();
    return entries.ok() ? *entries : std::vector<audit::AuditEntry>();
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<StatisticsStore> store_;
  std::unique_ptr<RuleStore> rules_;
  audit::AuditContext context_{"sfj.zhao", "/fazhi.statistics.v1.StatisticsService/X", "req-1"};
  absl::Time now_ = absl::FromUnixSeconds(1640000000);
};

TEST_F(RuleStoreTest, ARequestKeyFindsItsRuleAndCannotCreateASecond) {
  const std::string key(64, 'a');  // request keys are 64-hex-digit digests
  EXPECT_FALSE(rules_->FindByRequestKey(key)->has_value());
  ASSERT_TRUE(rules_->Create(context_, Custom("first-by-key"), key).ok());
  // Rules without a key (NULL) never collide with each other.
  ASSERT_TRUE(rules_->Create(context_, Custom("no-key-1"), "").ok());
  ASSERT_TRUE(rules_->Create(context_, Custom("no-key-2"), "").ok());
  absl::StatusOr<std::optional<ValidationRule>> found = rules_->FindByRequestKey(key);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, "first-by-key");
  EXPECT_EQ((*found)->name, kCustomName);
  EXPECT_EQ((*found)->version, 1);
  EXPECT_FALSE(rules_->FindByRequestKey(std::string(64, 'b'))->has_value());
  EXPECT_FALSE(rules_->FindByRequestKey("")->has_value());
  // A concurrent twin that got past the lookup: the unique key refuses the second rule whole.
  absl::Status twin = rules_->Create(context_, Custom("second-by-key"), key);
  EXPECT_EQ(twin.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_FALSE(rules_->Get("second-by-key")->has_value());
  EXPECT_TRUE(AuditOf("second-by-key").empty());
  absl::StatusOr<std::vector<ValidationRule>> all = rules_->List("", 100);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(std::count_if(all->begin(), all->end(),
                          [](const ValidationRule& r) { return r.name == kCustomName; }),
            3);
}

TEST_F(RuleStoreTest, ShippedRulesInstallOnceAndEditsSurviveARestart) {
  absl::StatusOr<int> added = rules_->EnsureRules(ShippedRules(), now_);
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, static_cast<int>(ShippedRules().size()));
  absl::StatusOr<std::optional<ValidationRule>> got = rules_->Get("mediation-court-referred-rate");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->comparison, Comparison::kRatio);
  EXPECT_EQ((*got)->tolerance_basis_points, 5);
  EXPECT_EQ((*got)->version, 1);
  EXPECT_EQ(AuditOf("mediation-court-referred-rate").size(), 1u);

  ValidationRule edited = **got;
  edited.tolerance_basis_points = 50;
  edited.version = 2;
  ASSERT_TRUE(rules_->Update(context_, edited, 1).ok());
  absl::StatusOr<int> again = rules_->EnsureRules(ShippedRules(), now_ + absl::Hours(1));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  EXPECT_EQ((*rules_->Get("mediation-court-referred-rate"))->tolerance_basis_points, 50);
}

TEST_F(RuleStoreTest, CreateRoundTripsAndADuplicateIdIsAlreadyExists) {
  ValidationRule r = Custom("filings-reviewed-within-received");
  ASSERT_TRUE(rules_->Create(context_, r, "").ok());
  absl::StatusOr<std::optional<ValidationRule>> got = rules_->Get(r.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  const ValidationRule& g = **got;
  EXPECT_EQ(g.name, r.name);
  EXPECT_EQ(g.left, r.left);
  EXPECT_EQ(g.comparison, Comparison::kLe);
  EXPECT_EQ(g.right, r.right);
  EXPECT_EQ(g.importance, RuleImportance::kHigh);
  EXPECT_EQ(g.missing_value_strategy, MissingValueStrategy::kNeverSkip);
  EXPECT_EQ(g.period_type, time_util::PeriodType::kQuarter);
  EXPECT_EQ(g.create_time, now_);
  EXPECT_EQ(g.version, 1);
  absl::Status dup = rules_->Create(context_, r, "");
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(dup.message().find("rule_id"), std::string::npos);
  std::vector<audit::AuditEntry> entries = AuditOf(r.id);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].actor, "sfj.zhao");
  EXPECT_EQ(entries[0].action, "create");
  EXPECT_NE(entries[0].changes.find("重大行政处罚备案审查数"), std::string::npos);
  EXPECT_FALSE(rules_->Get("no-such-rule")->has_value());
}

TEST_F(RuleStoreTest, ListPagesByIdAndFiltersByPeriodType) {
  ASSERT_TRUE(rules_->EnsureRules(ShippedRules(), now_).ok());
  ASSERT_TRUE(rules_->Create(context_, Custom("zz-quarterly"), "").ok());
  std::vector<std::string> ids;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<ValidationRule>> page = rules_->List(after, 4);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const ValidationRule& r : *page) ids.push_back(r.id);
    if (page->size() < 4) break;
    after = page->back().id;
  }
  ASSERT_EQ(ids.size(), ShippedRules().size() + 1);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  absl::StatusOr<std::vector<ValidationRule>> quarterly =
      rules_->ListForPeriodType(time_util::PeriodType::kQuarter);
  ASSERT_TRUE(quarterly.ok());
  ASSERT_EQ(quarterly->size(), 1u);
  EXPECT_EQ((*quarterly)[0].id, "zz-quarterly");
  EXPECT_EQ(rules_->ListForPeriodType(time_util::PeriodType::kYear)->size(), ShippedRules().size());
}

TEST_F(RuleStoreTest, UpdateNeedsTheCurrentVersionAndIsAudited) {
  ValidationRule r = Custom("filings");
  ASSERT_TRUE(rules_->Create(context_, r, "").ok());
  ValidationRule changed = r;
  changed.comparison = Comparison::kEq;
  changed.update_time = now_ + absl::Minutes(5);
  changed.version = 2;
  ASSERT_TRUE(rules_->Update(context_, changed, 1).ok());
  ValidationRule stale = r;
  stale.name = "过时的修改";
  stale.version = 2;
  absl::Status s = rules_->Update(context_, stale, 1);
  EXPECT_EQ(s.code(), absl::StatusCode::kAborted);
  EXPECT_NE(s.message().find("rule.etag"), std::string::npos);
  absl::StatusOr<std::optional<ValidationRule>> got = rules_->Get("filings");
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->comparison, Comparison::kEq);
  EXPECT_EQ((*got)->name, r.name);
  EXPECT_EQ((*got)->version, 2);
  std::vector<audit::AuditEntry> entries = AuditOf("filings");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "update");
  EXPECT_NE(entries[1].changes.find("comparison"), std::string::npos);
  EXPECT_EQ(rules_->Update(context_, Custom("missing"), 1).code(), absl::StatusCode::kNotFound);
}

TEST_F(RuleStoreTest, ReadValuesFetchesThePeriodsFiguresOverManyUnits) {
  // More units than one IN list holds, so the chunks must be combined.
  std::vector<PointWrite> writes;
  std::vector<std::string> units;
  for (int i = 0; i < 1200; ++i) {
    std::string unit = absl::StrCat("village-", i);
    units.push_back(unit);
    writes.push_back(
        {{"mediation.disputes", unit, "2021"}, time_util::PeriodType::kYear, i, std::nullopt});
    if (i % 2 == 0) {
      writes.push_back({{"mediation.successful", unit, "2021"},
                        time_util::PeriodType::kYear,
                        i / 2,
                        std::nullopt});
    }
  }
  writes.push_back({{"mediation.disputes", "village-1", "2020"},
                    time_util::PeriodType::kYear,
                    77,
                    std::nullopt});
  writes.push_back(
      {{"audit.projects", "village-1", "2021"}, time_util::PeriodType::kYear, 5, std::nullopt});
  ASSERT_TRUE(store_->WritePoints(writes, "manual", context_, "", "", now_, nullptr).ok());

  absl::StatusOr<std::map<std::string, Values>> values =
      rules_->ReadValues({"mediation.disputes", "mediation.successful"}, units, "2021");
  ASSERT_TRUE(values.ok()) << values.status();
  EXPECT_EQ(values->size(), 1200u);
  EXPECT_EQ((*values)["village-1"], (Values{{"mediation.disputes", 1}}));
  EXPECT_EQ((*values)["village-1100"],
            (Values{{"mediation.disputes", 1100}, {"mediation.successful", 550}}));
  absl::StatusOr<std::map<std::string, Values>> none =
      rules_->ReadValues({"mediation.disputes"}, {"nowhere"}, "2021");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  EXPECT_TRUE(rules_->ReadValues({}, units, "2021")->empty());
}

}  // namespace
}  // namespace fazhi::statistics

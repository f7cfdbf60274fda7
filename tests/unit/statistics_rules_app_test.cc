// The validation-rule use cases (services/statistics/app/validation_rules.h) over in-memory fakes
// of the rule store, the catalogue and the unit registry: no gRPC, no database. The figures are
// the seed report's 2021 city figures, slips included.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "common/api/etag.h"
#include "common/time/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/validation_rules.h"
#include "tests/support/seed_figures.h"
#include "tests/support/statistics_app_support.h"

namespace fazhi::statistics {
namespace {

using directory::Unit;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using time_util::Period;
using time_util::PeriodType;

class FakeCatalogue : public IndicatorSource {
 public:
  absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) override {
    std::map<std::string, Indicator> out;
    for (const Indicator& i : ShippedIndicators()) {
      for (const std::string& c : codes) {
        if (i.code == c) out[c] = i;
      }
    }
    return out;
  }
};

// The shipped rules, and figures by period key, unit and code.
class FakeRules : public RuleRepository {
 public:
  FakeRules() {
    // As the store seeds them: version 1.
    for (const ValidationRule& r : ShippedRules()) {
      rules_[r.id] = r;
      rules_[r.id].version = 1;
    }
  }
  absl::Status Create(const audit::AuditContext& context, const ValidationRule& rule,
                      absl::string_view request_key) override {
    if (rules_.count(rule.id)) return absl::AlreadyExistsError("rule_id taken");
    if (!request_key.empty() && by_request_.count(std::string(request_key))) {
      return absl::AlreadyExistsError("request key taken");
    }
    rules_[rule.id] = rule;
    if (!request_key.empty()) by_request_[std::string(request_key)] = rule.id;
    actors.push_back(context.actor);
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<ValidationRule>> FindByRequestKey(
      absl::string_view request_key) override {
    auto it = by_request_.find(std::string(request_key));
    if (it == by_request_.end()) return std::nullopt;
    return rules_.at(it->second);
  }
  size_t size() const { return rules_.size(); }
  absl::StatusOr<std::optional<ValidationRule>> Get(absl::string_view id) override {
    auto it = rules_.find(std::string(id));
    if (it == rules_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::vector<ValidationRule>> List(absl::string_view after_id, int limit) override {
    std::vector<ValidationRule> out;
    for (auto it = rules_.upper_bound(std::string(after_id));
         it != rules_.end() && static_cast<int>(out.size()) < limit; ++it) {
      out.push_back(it->second);
    }
    return out;
  }
  absl::Status Update(const audit::AuditContext& context, const ValidationRule& rule,
                      int64_t expected_version) override {
    ValidationRule& stored = rules_.at(rule.id);
    if (stored.version != expected_version) return absl::AbortedError("version moved");
    stored = rule;
    actors.push_back(context.actor);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<ValidationRule>> ListForPeriodType(PeriodType type) override {
    std::vector<ValidationRule> out;
    for (const auto& [id, r] : rules_) {
      if (r.period_type == type) out.push_back(r);
    }
    return out;
  }
  absl::StatusOr<std::map<std::string, Values>> ReadValues(const std::vector<std::string>& codes,
                                                           const std::vector<std::string>& units,
                                                           absl::string_view period_key) override {
    std::map<std::string, Values> out;
    for (const std::string& unit : units) {
      auto figures = values[std::string(period_key)].find(unit);
      if (figures == values[std::string(period_key)].end()) continue;
      for (const std::string& code : codes) {
        auto v = figures->second.find(code);
        if (v != figures->second.end()) out[unit][code] = v->second;
      }
    }
    return out;
  }

  // period key -> unit -> code -> value.
  std::map<std::string, std::map<std::string, Values>> values;
  std::vector<std::string> actors;

 private:
  std::map<std::string, ValidationRule> rules_;
  // Request key to the id of the rule its create made.
  std::map<std::string, std::string> by_request_;
};

// 济源市 with 克井镇 and 五龙口镇 below it.
class FakeUnits : public directory::UnitDirectory {
 public:
  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override {
    if (id != "jiyuan" && id != "jiyuan-kejing" && id != "jiyuan-wulongkou") return std::nullopt;
    return Unit{std::string(id), id == "jiyuan" ? "" : "jiyuan", 0, true, std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    if (id == "jiyuan")
      return std::vector<std::string>{"jiyuan-wulongkou", "jiyuan", "jiyuan-kejing"};
    return std::vector<std::string>{std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    if (id == "jiyuan") return std::vector<std::string>{"jiyuan"};
    return std::vector<std::string>{std::string(id), "jiyuan"};
  }
};

class StatisticsRulesAppTest : public ::testing::Test {
 protected:
  StatisticsRulesAppTest() {
    for (const auto& [code, value] : ::fazhi::testing::SeedFigureValues()) {
      rules_.values["2021"]["jiyuan"][code] = value;
    }
  }
  static app::Caller Admin() {
    return ::fazhi::testing::AdminCaller("admin", "CreateValidationRule", Now());
  }
  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2022, 1, 20, 10, 0, 0), time_util::ChinaTimeZone());
  }
  static ValidationRule MediationWithinDisputes() {
    ValidationRule r;
    r.name = "调解成功数不应超过调解纠纷数（复核）";
    r.left = "mediation.successful";
    r.comparison = Comparison::kLe;
    r.right = "mediation.disputes";
    r.period_type = PeriodType::kYear;
    return r;
  }
  static const Period k2021;

  FakeRules rules_;
  FakeCatalogue catalogue_;
  FakeUnits units_;
  ValidationRules app_{&rules_, &catalogue_, &units_};
};

const Period StatisticsRulesAppTest::k2021{PeriodType::kYear, 2021, 0};

TEST_F(StatisticsRulesAppTest, RunOverTheSeedsFiguresFindsExactlyTheReportsThreeSlips) {
  absl::StatusOr<ValidationRun> run = app_.Run(k2021, "jiyuan", false);
  ASSERT_TRUE(run.ok()) << run.status();
  ASSERT_THAT(run->violations, SizeIs(3));
  std::map<std::string, RuleViolation> by_rule;
  for (const RuleViolation& v : run->violations) {
    EXPECT_EQ(v.department_id, "jiyuan");
    by_rule.emplace(v.rule.id, v);
  }
  const RuleResult& sum = by_rule.at("reconsideration-concluded-breakdown").result;
  EXPECT_EQ(sum.left, "55 + 32 + 44 + 9 = 140");
  EXPECT_EQ(sum.right, "145");
  const RuleResult& rate = by_rule.at("mediation-court-referred-rate").result;
  EXPECT_EQ(rate.left, "33.70%");
  EXPECT_EQ(rate.right, "2057 / 6157 = 33.41%");
  const RuleResult& review = by_rule.at("legality-review-breakdown").result;
  EXPECT_EQ(review.left, "177 + 35 + 85 + 67 = 364");
  EXPECT_EQ(review.right, "406");
  // The seed holds every figure the yearly rules read: none is skipped.
  EXPECT_EQ(run->skipped, 0);
  EXPECT_GE(run->evaluated, 3);
}

TEST_F(StatisticsRulesAppTest, ASubtreeCountsPerUnitAndUnitsWithoutFiguresAreSkipped) {
  absl::StatusOr<ValidationRun> city = app_.Run(k2021, "jiyuan", false);
  ASSERT_TRUE(city.ok()) << city.status();
  absl::StatusOr<ValidationRun> run = app_.Run(k2021, "jiyuan", true);
  ASSERT_TRUE(run.ok()) << run.status();
  // 克井镇 and 五龙口镇 have no 2021 figures here: each of their rules is skipped.
  EXPECT_EQ(run->evaluated, city->evaluated);
  EXPECT_EQ(run->skipped, 2 * city->evaluated);
  ASSERT_THAT(run->violations, SizeIs(3));
}

TEST_F(StatisticsRulesAppTest, RunRefusesAnUnknownUnitAndABadPeriod) {
  EXPECT_EQ(app_.Run(k2021, "jiyuan-nowhere", false).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(app_.Run(Period{PeriodType::kQuarter, 2021, 5}, "jiyuan", false).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(app_.Run(k2021, "", false).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StatisticsRulesAppTest, CreateStoresVersionOneAtTheCallersTime) {
  absl::StatusOr<ValidationRule> created =
      app_.Create(Admin(), "mediation-recheck", MediationWithinDisputes());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->id, "mediation-recheck");
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->create_time, Now());
  EXPECT_EQ(created->update_time, Now());
  EXPECT_EQ(rules_.actors, std::vector<std::string>{"admin"});
  // The same id again is refused by the store.
  EXPECT_EQ(app_.Create(Admin(), "mediation-recheck", MediationWithinDisputes()).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(StatisticsRulesAppTest, ARetryWithTheSameRequestIdReturnsTheFirstRuleAndCreatesNothing) {
  const size_t before = rules_.size();
  absl::StatusOr<ValidationRule> first = app_.Create(Admin(), "", MediationWithinDisputes(), "r-1");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(first->id, ::testing::StartsWith("rule"));
  ASSERT_EQ(rules_.size(), before + 1);
  // No rule_id: without the request id this would mint a second id.
  absl::StatusOr<ValidationRule> retry = app_.Create(Admin(), "", MediationWithinDisputes(), "r-1");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->id, first->id);
  EXPECT_EQ(retry->version, 1);
  EXPECT_EQ(rules_.size(), before + 1);
  EXPECT_EQ(rules_.actors, std::vector<std::string>{"admin"});
  // Naming the id the first call got is the same rule too.
  absl::StatusOr<ValidationRule> named =
      app_.Create(Admin(), first->id, MediationWithinDisputes(), "r-1");
  ASSERT_TRUE(named.ok()) << named.status();
  EXPECT_EQ(named->id, first->id);
  EXPECT_EQ(rules_.size(), before + 1);
  // Another caller's request id is its own.
  absl::StatusOr<ValidationRule> other =
      app_.Create(::fazhi::testing::AdminCaller("other-admin", "CreateValidationRule", Now()), "",
                  MediationWithinDisputes(), "r-1");
  ASSERT_TRUE(other.ok()) << other.status();
  EXPECT_NE(other->id, first->id);
  EXPECT_EQ(rules_.size(), before + 2);
}

TEST_F(StatisticsRulesAppTest, ARequestIdReusedForAnotherRuleIsRefused) {
  ASSERT_TRUE(app_.Create(Admin(), "recheck-a", MediationWithinDisputes(), "r-2").ok());
  const size_t before = rules_.size();
  absl::Status s = app_.Create(Admin(), "recheck-b", MediationWithinDisputes(), "r-2").status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(s.message()), ::testing::StartsWith("request_id:"));
  EXPECT_THAT(s.message(), HasSubstr("recheck-a"));
  EXPECT_EQ(rules_.size(), before);
  EXPECT_EQ(app_.Create(Admin(), "recheck-c", MediationWithinDisputes(), std::string(65, 'x'))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(rules_.size(), before);
}

TEST_F(StatisticsRulesAppTest, CreateRefusesACodeTheCatalogueDoesNotHave) {
  ValidationRule r = MediationWithinDisputes();
  r.right = "mediation.dispute";
  absl::Status s = app_.Create(Admin(), "typo", r).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("rule.right"));
  EXPECT_THAT(rules_.actors, ::testing::IsEmpty());
}

TEST_F(StatisticsRulesAppTest, ListPagesByIdAndSaysWhetherMoreRemain) {
  absl::StatusOr<RulePage> first = app_.List("", 2);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->rules, SizeIs(2));
  EXPECT_TRUE(first->more);
  EXPECT_LT(first->rules[0].id, first->rules[1].id);
  absl::StatusOr<RulePage> rest = app_.List(first->rules[1].id, 1000);
  ASSERT_TRUE(rest.ok()) << rest.status();
  EXPECT_FALSE(rest->more);
  EXPECT_EQ(rest->rules.size() + 2, ShippedRules().size());
}

TEST_F(StatisticsRulesAppTest, UpdateAppliesTheEditChecksTheEtagAndBumpsTheVersion) {
  RuleEdit rename = [](const ValidationRule& stored) -> absl::StatusOr<ValidationRule> {
    ValidationRule r = stored;
    r.name = "行政复议审结数应等于各类结果之和";
    return r;
  };
  absl::StatusOr<std::optional<ValidationRule>> before =
      rules_.Get("reconsideration-concluded-breakdown");
  ASSERT_TRUE(before.ok() && before->has_value());
  // An etag naming another version is refused and nothing is written.
  EXPECT_EQ(app_.Update(Admin(), "reconsideration-concluded-breakdown", api::FormatEtag(99), rename)
                .status()
                .code(),
            absl::StatusCode::kAborted);
  EXPECT_THAT(rules_.actors, ::testing::IsEmpty());

  absl::StatusOr<ValidationRule> updated = app_.Update(
      Admin(), "reconsideration-concluded-breakdown", api::FormatEtag((*before)->version), rename);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->name, "行政复议审结数应等于各类结果之和");
  EXPECT_EQ(updated->version, (*before)->version + 1);
  EXPECT_EQ(updated->update_time, Now());
  EXPECT_EQ(updated->create_time, (*before)->create_time);
  EXPECT_EQ((*rules_.Get("reconsideration-concluded-breakdown"))->name, updated->name);

  EXPECT_EQ(app_.Update(Admin(), "no-such-rule", api::FormatEtag(1), rename).status(),
            absl::NotFoundError("rule.id: no validation rule 'no-such-rule'"));
}

}  // namespace
}  // namespace fazhi::statistics

// Validation rules over gRPC, with the real department service beside the statistics service:
// the seed report's 2021 figures for 济源市 warn of exactly its slips on submission and
// again when the city's subtree is validated on demand; a new figure that breaks a rule comes
// back as a warning; rules are created, listed and updated with etags; bad expressions are
// refused naming the field; a town with no figures is skipped, not flagged.

#include <grpcpp/grpcpp.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/statistics_servers.h"

namespace fazhi::statistics {
namespace {

namespace pb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::common::v1;
using testing::Point;
using testing::SeedFigures;
using testing::Year;

// The seed's slips, as a clerk reads them: the two the issue names (140 != 145, 33.4% != 33.7%)
// and the one it missed (177 + 35 + 85 + 67 is 364, the report says 406). In rule id order.
void ExpectSeedSlips(const google::protobuf::RepeatedPtrField<pb::RuleViolation>& found) {
  ASSERT_EQ(found.size(), 3);
  for (const pb::RuleViolation& v : found) {
    EXPECT_EQ(v.department_id(), "jiyuan");
    EXPECT_EQ(v.period().type(), cpb::PERIOD_TYPE_YEAR);
    EXPECT_EQ(v.period().year(), 2021);
    EXPECT_FALSE(v.message().empty());
  }
  const pb::RuleViolation& review = found[0];
  EXPECT_EQ(review.rule_id(), "legality-review-breakdown");
  EXPECT_EQ(review.left(), "177 + 35 + 85 + 67 = 364");
  EXPECT_EQ(review.right(), "406");
  const pb::RuleViolation& rate = found[1];
  EXPECT_EQ(rate.rule_id(), "mediation-court-referred-rate");
  EXPECT_EQ(rate.left(), "33.70%");
  EXPECT_EQ(rate.right(), "2057 / 6157 = 33.41%");
  EXPECT_EQ(rate.importance(), pb::RULE_IMPORTANCE_MEDIUM);
  const pb::RuleViolation& sum = found[2];
  EXPECT_EQ(sum.rule_id(), "reconsideration-concluded-breakdown");
  EXPECT_EQ(sum.left(), "55 + 32 + 44 + 9 = 140");
  EXPECT_EQ(sum.right(), "145");
  EXPECT_EQ(sum.importance(), pb::RULE_IMPORTANCE_HIGH);
  EXPECT_NE(sum.message().find("行政复议审结数"), std::string::npos) << sum.message();
}

class StatisticsRulesIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "rules-it");
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = Stub(testing::AdminToken()).release();
    supervisor_ = Stub(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.zhao")).release();
  }
  static void TearDownTestSuite() {
    delete supervisor_;
    delete admin_;
    delete servers_;
  }

  static std::unique_ptr<pb::StatisticsService::Stub> Stub(const std::string& token) {
    return servers_->Stub(token);
  }

  static grpc::Status Submit(pb::StatisticsService::Stub& stub, std::vector<pb::DataPoint> points,
                             pb::ImportSummary* out, bool dry_run = false,
                             const std::string& request_id = "") {
    pb::SubmitDataPointsRequest r;
    r.mutable_options()->set_dry_run(dry_run);
    r.mutable_options()->set_request_id(request_id);
    for (auto& p : points) *r.add_points() = std::move(p);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return stub.SubmitDataPoints(&context, r, out);
  }

  static grpc::Status Run(pb::StatisticsService::Stub& stub, const std::string& unit, bool subtree,
                          pb::RunValidationResponse* out) {
    pb::RunValidationRequest r;
    *r.mutable_period() = Year(2021);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    grpc::ClientContext context;
    return stub.RunValidation(&context, r, out);
  }

  static grpc::Status Create(pb::StatisticsService::Stub& stub, const pb::ValidationRule& rule,
                             const std::string& id, pb::ValidationRule* out) {
    pb::CreateValidationRuleRequest r;
    *r.mutable_rule() = rule;
    r.set_rule_id(id);
    grpc::ClientContext context;
    return stub.CreateValidationRule(&context, r, out);
  }

  static grpc::Status Update(const pb::ValidationRule& rule, const std::vector<std::string>& paths,
                             pb::ValidationRule* out) {
    pb::UpdateValidationRuleRequest r;
    *r.mutable_rule() = rule;
    for (const std::string& p : paths) r.mutable_update_mask()->add_paths(p);
    grpc::ClientContext context;
    return supervisor_->UpdateValidationRule(&context, r, out);
  }

  static pb::ValidationRule FilingsRule() {
    pb::ValidationRule rule;
    rule.set_name("重大行政处罚备案审查数不应超过受理数");
    rule.set_left("supervision.major_penalty_filings_reviewed");
    rule.set_comparison(pb::COMPARISON_LE);
    rule.set_right("supervision.major_penalty_filings_received");
    rule.set_importance(pb::RULE_IMPORTANCE_HIGH);
    rule.set_missing_value_strategy(pb::MISSING_VALUE_STRATEGY_NEVER_SKIP);
    rule.set_period_type(cpb::PERIOD_TYPE_YEAR);
    return rule;
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
  static pb::StatisticsService::Stub* supervisor_;
  static pb::ValidationRule filings_;
};

testing::StatisticsServers* StatisticsRulesIntegrationTest::servers_ = nullptr;
pb::StatisticsService::Stub* StatisticsRulesIntegrationTest::admin_ = nullptr;
pb::StatisticsService::Stub* StatisticsRulesIntegrationTest::supervisor_ = nullptr;
pb::ValidationRule StatisticsRulesIntegrationTest::filings_;

TEST_F(StatisticsRulesIntegrationTest, A_TheShippedRulesAreListedPageByPage) {
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  std::vector<std::string> ids;
  pb::ListValidationRulesRequest r;
  r.mutable_page()->set_page_size(3);
  while (true) {
    pb::ListValidationRulesResponse page;
    grpc::ClientContext context;
    grpc::Status s = clerk->ListValidationRules(&context, r, &page);
    ASSERT_TRUE(s.ok()) << s.error_message();
    for (const pb::ValidationRule& rule : page.rules()) {
      ids.push_back(rule.id());
      EXPECT_EQ(rule.etag(), "\"1\"");
      EXPECT_EQ(rule.period_type(), cpb::PERIOD_TYPE_YEAR);
    }
    if (page.page().next_page_token().empty()) break;
    r.mutable_page()->set_page_token(page.page().next_page_token());
  }
  EXPECT_EQ(ids.size(), 10u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "mediation-court-referred-rate"), ids.end());
}

TEST_F(StatisticsRulesIntegrationTest, B_TheSeedSubmissionWarnsOfItsSlipsAndStillLands) {
  // A dry run warns too, and writes nothing.
  pb::ImportSummary dry;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &dry, /*dry_run=*/true).ok());
  ExpectSeedSlips(dry.warnings());
  pb::RunValidationResponse before;
  ASSERT_TRUE(Run(*admin_, "jiyuan", false, &before).ok());
  EXPECT_EQ(before.violations_size(), 0);
  EXPECT_EQ(before.rules_evaluated(), 0);

  pb::ImportSummary summary;
  grpc::Status s = Submit(*admin_, SeedFigures(), &summary, false, "seed-2021-rules");
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(summary.created(), static_cast<int64_t>(SeedFigures().size()));
  EXPECT_EQ(summary.rejected(), 0);
  ExpectSeedSlips(summary.warnings());
  // A replay answers with the first summary, warnings included.
  pb::ImportSummary replayed;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &replayed, false, "seed-2021-rules").ok());
  EXPECT_TRUE(replayed.replayed());
  ExpectSeedSlips(replayed.warnings());
  // Sent again without a request id, the figures are unchanged and still warned about.
  pb::ImportSummary again;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &again).ok());
  EXPECT_EQ(again.unchanged(), static_cast<int64_t>(SeedFigures().size()));
  ExpectSeedSlips(again.warnings());
}

TEST_F(StatisticsRulesIntegrationTest, C_RunValidationFindsExactlyTheSeedsViolations) {
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::RunValidationResponse city;
  grpc::Status s = Run(*clerk, "jiyuan", true, &city);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectSeedSlips(city.violations());
  // All ten rules have the city's figures. Every other unit of the subtree reported nothing, so
  // each of its ten rules is skipped.
  EXPECT_EQ(city.rules_evaluated(), 10);
  EXPECT_GT(city.rules_skipped(), 10);
  EXPECT_EQ(city.rules_skipped() % 10, 0);

  pb::RunValidationResponse alone;
  ASSERT_TRUE(Run(*admin_, "jiyuan", false, &alone).ok());
  ExpectSeedSlips(alone.violations());
  EXPECT_EQ(alone.rules_evaluated(), 10);
  EXPECT_EQ(alone.rules_skipped(), 0);

  pb::RunValidationResponse nowhere;
  EXPECT_EQ(Run(*admin_, "nowhere", true, &nowhere).error_code(), grpc::StatusCode::NOT_FOUND);
  pb::RunValidationRequest no_period;
  no_period.set_department_id("jiyuan");
  grpc::ClientContext context;
  EXPECT_EQ(admin_->RunValidation(&context, no_period, &nowhere).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StatisticsRulesIntegrationTest, D_AFigureThatBreaksARuleComesBackAsAWarning) {
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ImportSummary first;
  ASSERT_TRUE(Submit(*clerk, {Point("mediation.disputes", "jiyuan-kejing", 10)}, &first).ok());
  EXPECT_EQ(first.warnings_size(), 0);
  pb::ImportSummary broken;
  ASSERT_TRUE(Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 12)}, &broken).ok());
  EXPECT_EQ(broken.created(), 1);
  ASSERT_EQ(broken.warnings_size(), 1);
  EXPECT_EQ(broken.warnings(0).rule_id(), "mediation-successful-within-disputes");
  EXPECT_EQ(broken.warnings(0).department_id(), "jiyuan-kejing");
  EXPECT_EQ(broken.warnings(0).left(), "12");
  EXPECT_EQ(broken.warnings(0).right(), "10");
  // A dry run of the correction shows it would clear the warning.
  pb::ImportSummary fix;
  ASSERT_TRUE(Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 9)}, &fix, true).ok());
  EXPECT_EQ(fix.warnings_size(), 0);
  pb::ImportSummary fixed;
  ASSERT_TRUE(Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 9)}, &fixed).ok());
  EXPECT_EQ(fixed.updated(), 1);
  EXPECT_EQ(fixed.warnings_size(), 0);
  // Figures that take no part in the city's broken rules bring no old warnings with them.
  pb::ImportSummary unrelated;
  ASSERT_TRUE(
      Submit(*admin_, {Point("litigation.head_appearances", "jiyuan", 56)}, &unrelated).ok());
  EXPECT_EQ(unrelated.warnings_size(), 0);
}

TEST_F(StatisticsRulesIntegrationTest, E_RulesAreManagedWithEtagsAndCheckedExpressions) {
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ValidationRule ignored;
  EXPECT_EQ(Create(*clerk, FilingsRule(), "filings-reviewed", &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status s = Create(*supervisor_, FilingsRule(), "filings-reviewed", &filings_);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filings_.id(), "filings-reviewed");
  EXPECT_EQ(filings_.etag(), "\"1\"");
  EXPECT_EQ(filings_.name(), "重大行政处罚备案审查数不应超过受理数");
  EXPECT_EQ(Create(*supervisor_, FilingsRule(), "filings-reviewed", &ignored).error_code(),
            grpc::StatusCode::ALREADY_EXISTS);

  // Bad expressions name the field and the column, and create nothing.
  pb::ValidationRule bad = FilingsRule();
  bad.set_left("supervision.major_penalty_filings_reviewed +");
  s = Create(*supervisor_, bad, "bad-rule", &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("rule.left: ", 0), 0u) << s.error_message();
  EXPECT_NE(s.error_message().find("column 45 (the end)"), std::string::npos) << s.error_message();
  bad = FilingsRule();
  bad.set_right("supervision.major_penalty_filings_received + x.y");
  s = Create(*supervisor_, bad, "bad-rule", &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "rule.right: unknown indicator 'x.y' at column 46");
  bad = FilingsRule();
  bad.set_period_type(cpb::PERIOD_TYPE_UNSPECIFIED);
  EXPECT_EQ(Create(*supervisor_, bad, "bad-rule", &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  // Listed beside the shipped ones.
  pb::ListValidationRulesRequest list;
  list.mutable_page()->set_page_size(100);
  pb::ListValidationRulesResponse all;
  grpc::ClientContext c1;
  ASSERT_TRUE(admin_->ListValidationRules(&c1, list, &all).ok());
  EXPECT_EQ(all.rules_size(), 11);
  bool listed = false;
  for (const pb::ValidationRule& r : all.rules()) listed = listed || r.id() == "filings-reviewed";
  EXPECT_TRUE(listed);

  // An update with the etag read succeeds; the same etag again is stale.
  pb::ValidationRule change;
  change.set_id("filings-reviewed");
  change.set_etag(filings_.etag());
  change.set_importance(pb::RULE_IMPORTANCE_MEDIUM);
  pb::ValidationRule updated;
  s = Update(change, {"importance"}, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.importance(), pb::RULE_IMPORTANCE_MEDIUM);
  EXPECT_EQ(updated.left(), filings_.left());
  EXPECT_EQ(updated.etag(), "\"2\"");
  change.set_importance(pb::RULE_IMPORTANCE_LOW);
  EXPECT_EQ(Update(change, {"importance"}, &ignored).error_code(), grpc::StatusCode::ABORTED);
  // A bad expression in an update names the field and changes nothing.
  change.set_etag(updated.etag());
  change.set_right("2 * ");
  s = Update(change, {"right"}, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("rule.right: ", 0), 0u) << s.error_message();
  EXPECT_EQ(Update(change, {"id"}, &ignored).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  filings_ = updated;
}

TEST_F(StatisticsRulesIntegrationTest, F_ATownWithNoFiguresIsSkippedUnlessTheRuleNeverSkips) {
  // 王屋镇 reported nothing for 2021: the shipped rules skip it; the NEVER_SKIP rule counts
  // its missing figures as 0 and holds (0 <= 0).
  pb::RunValidationResponse town;
  ASSERT_TRUE(Run(*supervisor_, "jiyuan-wangwu", false, &town).ok());
  EXPECT_EQ(town.violations_size(), 0);
  EXPECT_EQ(town.rules_evaluated(), 1);
  EXPECT_EQ(town.rules_skipped(), 10);
  // Missing values are 0 for NEVER_SKIP: a reviewed count with no received count breaks it.
  pb::ImportSummary summary;
  ASSERT_TRUE(Submit(*admin_,
                     {Point("supervision.major_penalty_filings_reviewed", "jiyuan-wangwu", 3)},
                     &summary)
                  .ok());
  ASSERT_EQ(summary.warnings_size(), 1);
  EXPECT_EQ(summary.warnings(0).rule_id(), "filings-reviewed");
  EXPECT_EQ(summary.warnings(0).left(), "3");
  EXPECT_EQ(summary.warnings(0).right(), "0");
  // With SKIP_IF_ALL_MISSING the unreported side makes the rule skip instead.
  pb::ValidationRule change;
  change.set_id("filings-reviewed");
  change.set_etag(filings_.etag());
  change.set_missing_value_strategy(pb::MISSING_VALUE_STRATEGY_SKIP_IF_ALL_MISSING);
  pb::ValidationRule updated;
  grpc::Status s = Update(change, {"missing_value_strategy"}, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::RunValidationResponse after;
  ASSERT_TRUE(Run(*supervisor_, "jiyuan-wangwu", false, &after).ok());
  EXPECT_EQ(after.violations_size(), 0);
  EXPECT_EQ(after.rules_evaluated(), 0);
  EXPECT_EQ(after.rules_skipped(), 11);
}

}  // namespace
}  // namespace fazhi::statistics

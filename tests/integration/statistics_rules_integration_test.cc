// Validation rules over gRPC, with the real department service beside the statistics service:
// the seed report's 2021 figures for 济源市 warn of exactly its slips on submission and
// again when the city's subtree is validated on demand; a new figure that breaks a rule comes
// back as a warning; rules are created, listed and updated with etags; bad expressions are
// refused naming the field; a town with no figures is skipped, not flagged.
//
// Any test passes alone or in any order. The shipped rules' tests share one server, where no
// rule is ever added, and each writes the seed's figures for a year of its own (2021, 2020,
// 2019). Rules apply to every unit and period of a server, so each test that adds one starts a
// server of its own (StatisticsCustomRulesTest).

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
// and the one it missed (177 + 35 + 85 + 67 is 364, the report says 406). In rule id order. The
// seed's figures are the report's for 2021; a test may submit them for another year.
void ExpectSeedSlips(const google::protobuf::RepeatedPtrField<pb::RuleViolation>& found,
                     int year = 2021) {
  ASSERT_EQ(found.size(), 3);
  for (const pb::RuleViolation& v : found) {
    EXPECT_EQ(v.department_id(), "jiyuan");
    EXPECT_EQ(v.period().type(), cpb::PERIOD_TYPE_YEAR);
    EXPECT_EQ(v.period().year(), year);
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

// The seed's city figures for year.
std::vector<pb::DataPoint> SeedFiguresFor(int year) {
  std::vector<pb::DataPoint> points = SeedFigures();
  for (pb::DataPoint& p : points) *p.mutable_period() = Year(year);
  return points;
}

grpc::Status Submit(pb::StatisticsService::Stub& stub, std::vector<pb::DataPoint> points,
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

grpc::Status Validate(pb::StatisticsService::Stub& stub, const std::string& unit, bool subtree,
                      pb::RunValidationResponse* out, int year = 2021) {
  pb::RunValidationRequest r;
  *r.mutable_period() = Year(year);
  r.set_department_id(unit);
  r.set_include_descendants(subtree);
  grpc::ClientContext context;
  return stub.RunValidation(&context, r, out);
}

grpc::Status Create(pb::StatisticsService::Stub& stub, const pb::ValidationRule& rule,
                    const std::string& id, pb::ValidationRule* out) {
  pb::CreateValidationRuleRequest r;
  *r.mutable_rule() = rule;
  r.set_rule_id(id);
  grpc::ClientContext context;
  return stub.CreateValidationRule(&context, r, out);
}

grpc::Status Update(pb::StatisticsService::Stub& stub, const pb::ValidationRule& rule,
                    const std::vector<std::string>& paths, pb::ValidationRule* out) {
  pb::UpdateValidationRuleRequest r;
  *r.mutable_rule() = rule;
  for (const std::string& p : paths) r.mutable_update_mask()->add_paths(p);
  grpc::ClientContext context;
  return stub.UpdateValidationRule(&context, r, out);
}

pb::ValidationRule FilingsRule() {
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

// The shipped rules only, on one server for the suite.
class StatisticsRulesIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "rules-it");
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = Stub(testing::AdminToken()).release();
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete servers_;
  }

  static std::unique_ptr<pb::StatisticsService::Stub> Stub(const std::string& token) {
    return servers_->Stub(token);
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
};

testing::StatisticsServers* StatisticsRulesIntegrationTest::servers_ = nullptr;
pb::StatisticsService::Stub* StatisticsRulesIntegrationTest::admin_ = nullptr;

// A server of its own for each test, which adds a rule to the shipped ones.
class StatisticsCustomRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(
            FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
            absl::StrCat("rules-",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = *std::move(servers);
    admin_ = servers_->Stub(testing::AdminToken());
    supervisor_ = servers_->Stub(testing::Token({"supervisor"}, "jiyuan-sfj", "sfj.zhao"));
  }

  std::unique_ptr<testing::StatisticsServers> servers_;
  std::unique_ptr<pb::StatisticsService::Stub> admin_;
  std::unique_ptr<pb::StatisticsService::Stub> supervisor_;
};

TEST_F(StatisticsRulesIntegrationTest, TheShippedRulesAreListedPageByPage) {
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

TEST_F(StatisticsRulesIntegrationTest, TheSeedSubmissionWarnsOfItsSlipsAndStillLands) {
  // A dry run warns too, and writes nothing.
  pb::ImportSummary dry;
  ASSERT_TRUE(Submit(*admin_, SeedFigures(), &dry, /*dry_run=*/true).ok());
  ExpectSeedSlips(dry.warnings());
  pb::RunValidationResponse before;
  ASSERT_TRUE(Validate(*admin_, "jiyuan", false, &before).ok());
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

TEST_F(StatisticsRulesIntegrationTest, RunValidationFindsExactlyTheSeedsViolations) {
  // The seed's city figures, for a year of this test's own.
  const int year = 2020;
  pb::ImportSummary seeded;
  ASSERT_TRUE(Submit(*admin_, SeedFiguresFor(year), &seeded).ok());
  ASSERT_EQ(seeded.created(), static_cast<int64_t>(SeedFigures().size())) << seeded.DebugString();
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::RunValidationResponse city;
  grpc::Status s = Validate(*clerk, "jiyuan", true, &city, year);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectSeedSlips(city.violations(), year);
  // All ten rules have the city's figures. Every other unit of the subtree reported nothing, so
  // each of its ten rules is skipped.
  EXPECT_EQ(city.rules_evaluated(), 10);
  EXPECT_GT(city.rules_skipped(), 10);
  EXPECT_EQ(city.rules_skipped() % 10, 0);

  pb::RunValidationResponse alone;
  ASSERT_TRUE(Validate(*admin_, "jiyuan", false, &alone, year).ok());
  ExpectSeedSlips(alone.violations(), year);
  EXPECT_EQ(alone.rules_evaluated(), 10);
  EXPECT_EQ(alone.rules_skipped(), 0);

  pb::RunValidationResponse nowhere;
  EXPECT_EQ(Validate(*admin_, "nowhere", true, &nowhere, year).error_code(),
            grpc::StatusCode::NOT_FOUND);
  pb::RunValidationRequest no_period;
  no_period.set_department_id("jiyuan");
  grpc::ClientContext context;
  EXPECT_EQ(admin_->RunValidation(&context, no_period, &nowhere).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(StatisticsRulesIntegrationTest, AFigureThatBreaksARuleComesBackAsAWarning) {
  // The seed's city figures, with their broken rules, for a year of this test's own.
  const int year = 2019;
  pb::ImportSummary seeded;
  ASSERT_TRUE(Submit(*admin_, SeedFiguresFor(year), &seeded).ok());
  ASSERT_EQ(seeded.created(), static_cast<int64_t>(SeedFigures().size())) << seeded.DebugString();
  ASSERT_NO_FATAL_FAILURE(ExpectSeedSlips(seeded.warnings(), year));
  auto clerk = Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ImportSummary first;
  ASSERT_TRUE(
      Submit(*clerk, {Point("mediation.disputes", "jiyuan-kejing", 10, Year(year))}, &first).ok());
  EXPECT_EQ(first.warnings_size(), 0);
  pb::ImportSummary broken;
  ASSERT_TRUE(
      Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 12, Year(year))}, &broken)
          .ok());
  EXPECT_EQ(broken.created(), 1);
  ASSERT_EQ(broken.warnings_size(), 1);
  EXPECT_EQ(broken.warnings(0).rule_id(), "mediation-successful-within-disputes");
  EXPECT_EQ(broken.warnings(0).department_id(), "jiyuan-kejing");
  EXPECT_EQ(broken.warnings(0).left(), "12");
  EXPECT_EQ(broken.warnings(0).right(), "10");
  // A dry run of the correction shows it would clear the warning.
  pb::ImportSummary fix;
  ASSERT_TRUE(
      Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 9, Year(year))}, &fix, true)
          .ok());
  EXPECT_EQ(fix.warnings_size(), 0);
  pb::ImportSummary fixed;
  ASSERT_TRUE(
      Submit(*clerk, {Point("mediation.successful", "jiyuan-kejing", 9, Year(year))}, &fixed).ok());
  EXPECT_EQ(fixed.updated(), 1);
  EXPECT_EQ(fixed.warnings_size(), 0);
  // Figures that take no part in the city's broken rules bring no old warnings with them.
  pb::ImportSummary unrelated;
  ASSERT_TRUE(
      Submit(*admin_, {Point("litigation.head_appearances", "jiyuan", 56, Year(year))}, &unrelated)
          .ok());
  EXPECT_EQ(unrelated.warnings_size(), 0);
}

TEST_F(StatisticsCustomRulesTest, RulesAreManagedWithEtagsAndCheckedExpressions) {
  auto clerk = servers_->Stub(testing::Token({"clerk"}, "jiyuan-kejing", "kejing.li"));
  pb::ValidationRule ignored;
  EXPECT_EQ(Create(*clerk, FilingsRule(), "filings-reviewed", &ignored).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  pb::ValidationRule filings;
  grpc::Status s = Create(*supervisor_, FilingsRule(), "filings-reviewed", &filings);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(filings.id(), "filings-reviewed");
  EXPECT_EQ(filings.etag(), "\"1\"");
  EXPECT_EQ(filings.name(), "重大行政处罚备案审查数不应超过受理数");
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
  change.set_etag(filings.etag());
  change.set_importance(pb::RULE_IMPORTANCE_MEDIUM);
  pb::ValidationRule updated;
  s = Update(*supervisor_, change, {"importance"}, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(updated.importance(), pb::RULE_IMPORTANCE_MEDIUM);
  EXPECT_EQ(updated.left(), filings.left());
  EXPECT_EQ(updated.etag(), "\"2\"");
  change.set_importance(pb::RULE_IMPORTANCE_LOW);
  EXPECT_EQ(Update(*supervisor_, change, {"importance"}, &ignored).error_code(),
            grpc::StatusCode::ABORTED);
  // A bad expression in an update names the field and changes nothing.
  change.set_etag(updated.etag());
  change.set_right("2 * ");
  s = Update(*supervisor_, change, {"right"}, &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("rule.right: ", 0), 0u) << s.error_message();
  EXPECT_EQ(Update(*supervisor_, change, {"id"}, &ignored).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// How many rules the server lists (all of them fit one page).
int RuleCount(pb::StatisticsService::Stub& stub) {
  pb::ListValidationRulesRequest list;
  list.mutable_page()->set_page_size(1000);
  pb::ListValidationRulesResponse all;
  grpc::ClientContext context;
  grpc::Status s = stub.ListValidationRules(&context, list, &all);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(all.page().next_page_token().empty());
  return all.rules_size();
}

grpc::Status CreateOnce(pb::StatisticsService::Stub& stub, const std::string& rule_id,
                        const std::string& request_id, pb::ValidationRule* out) {
  pb::CreateValidationRuleRequest r;
  *r.mutable_rule() = FilingsRule();
  r.set_rule_id(rule_id);
  r.set_request_id(request_id);
  grpc::ClientContext context;
  return stub.CreateValidationRule(&context, r, out);
}

TEST_F(StatisticsCustomRulesTest, ARetryWithTheSameRequestIdGetsTheSameRuleAndCreatesNoOther) {
  const int shipped = RuleCount(*admin_);
  ASSERT_GT(shipped, 0);
  // No rule_id: the server names the rule, so only the request id can tell a retry.
  pb::ValidationRule first;
  grpc::Status s = CreateOnce(*supervisor_, "", "create-filings-1", &first);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(first.id().empty());
  EXPECT_EQ(first.etag(), "\"1\"");
  EXPECT_EQ(RuleCount(*admin_), shipped + 1);
  for (int retry = 0; retry < 2; ++retry) {
    pb::ValidationRule again;
    s = CreateOnce(*supervisor_, "", "create-filings-1", &again);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(again.id(), first.id());
    EXPECT_EQ(again.etag(), first.etag());
    EXPECT_EQ(again.name(), first.name());
  }
  EXPECT_EQ(RuleCount(*admin_), shipped + 1);

  // Reused to create a rule under another id: refused, naming request_id, and nothing created.
  pb::ValidationRule ignored;
  s = CreateOnce(*supervisor_, "filings-other", "create-filings-1", &ignored);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(s.error_message().rfind("request_id: ", 0), 0u) << s.error_message();
  EXPECT_EQ(RuleCount(*admin_), shipped + 1);

  // The key is the caller's: another caller's same request id is a new rule.
  pb::ValidationRule admins;
  s = CreateOnce(*admin_, "", "create-filings-1", &admins);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_NE(admins.id(), first.id());
  EXPECT_EQ(RuleCount(*admin_), shipped + 2);

  // Without a request id a retry creates a second rule, as the proto warns.
  pb::ValidationRule unkeyed;
  ASSERT_TRUE(CreateOnce(*supervisor_, "", "", &unkeyed).ok());
  ASSERT_TRUE(CreateOnce(*supervisor_, "", "", &ignored).ok());
  EXPECT_NE(ignored.id(), unkeyed.id());
  EXPECT_EQ(RuleCount(*admin_), shipped + 4);
}

TEST_F(StatisticsCustomRulesTest, ATownWithNoFiguresIsSkippedUnlessTheRuleNeverSkips) {
  // Reviewed filings may not exceed those received, missing figures counting as 0.
  pb::ValidationRule filings;
  grpc::Status s = Create(*supervisor_, FilingsRule(), "filings-reviewed", &filings);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(filings.missing_value_strategy(), pb::MISSING_VALUE_STRATEGY_NEVER_SKIP);
  // 王屋镇 reported nothing for 2021: the shipped rules skip it; the NEVER_SKIP rule counts
  // its missing figures as 0 and holds (0 <= 0).
  pb::RunValidationResponse town;
  ASSERT_TRUE(Validate(*supervisor_, "jiyuan-wangwu", false, &town).ok());
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
  change.set_etag(filings.etag());
  change.set_missing_value_strategy(pb::MISSING_VALUE_STRATEGY_SKIP_IF_ALL_MISSING);
  pb::ValidationRule updated;
  s = Update(*supervisor_, change, {"missing_value_strategy"}, &updated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  pb::RunValidationResponse after;
  ASSERT_TRUE(Validate(*supervisor_, "jiyuan-wangwu", false, &after).ok());
  EXPECT_EQ(after.violations_size(), 0);
  EXPECT_EQ(after.rules_evaluated(), 0);
  EXPECT_EQ(after.rules_skipped(), 11);
}

}  // namespace
}  // namespace fazhi::statistics

// The catalogue use cases (services/statistics/app/catalogue.h) over an in-memory fake of the
// store: the seed's two mediation counts (人民调解矛盾纠纷数, 调解成功数), a ratio made from
// them, and the obligation of towns to report them yearly. No gRPC, no database.

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
#include "services/statistics/app/catalogue.h"
#include "tests/support/statistics_app_support.h"

namespace fazhi::statistics {
namespace {

using ::fazhi::testing::SuccessRateIndicator;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using time_util::PeriodType;

// fazhi.department.v1.DepartmentKind of a town government.
constexpr int kTown = 4;

Indicator Count(const std::string& code, const std::string& name) {
  Indicator i;
  i.code = code;
  i.name = name;
  i.unit = "件";
  i.value_type = ValueType::kCount;
  i.aggregation = Aggregation::kSum;
  i.period_types = {PeriodType::kYear};
  i.report_section = "一（七）";
  i.version = 1;
  return i;
}

class FakeCatalogueStore : public CatalogueStore {
 public:
  absl::StatusOr<std::optional<Indicator>> GetIndicator(absl::string_view code) override {
    auto it = indicators.find(std::string(code));
    if (it == indicators.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) override {
    std::map<std::string, Indicator> out;
    for (const std::string& c : codes) {
      if (auto it = indicators.find(c); it != indicators.end()) out.insert(*it);
    }
    return out;
  }
  absl::StatusOr<std::vector<Obligation>> ListObligations(
      absl::string_view indicator_code) override {
    std::vector<Obligation> out;
    for (const Obligation& o : obligations) {
      if (indicator_code.empty() || o.indicator_code == indicator_code) out.push_back(o);
    }
    return out;
  }
  absl::Status CreateIndicator(const audit::AuditContext& context,
                               const Indicator& indicator) override {
    if (indicators.count(indicator.code)) return absl::AlreadyExistsError(indicator.code);
    indicators[indicator.code] = indicator;
    writes.push_back(context.rpc + " " + indicator.code + " by " + context.actor);
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<Indicator>> ListIndicators(absl::string_view report_section,
                                                        absl::string_view after_code,
                                                        int limit) override {
    std::vector<Indicator> out;
    for (const auto& [code, i] : indicators) {
      if (code <= after_code || static_cast<int>(out.size()) == limit) continue;
      if (report_section.empty() || i.report_section == report_section) out.push_back(i);
    }
    return out;
  }
  absl::Status UpdateIndicator(const audit::AuditContext& context, const Indicator& indicator,
                               int64_t expected_version) override {
    Indicator& stored = indicators.at(indicator.code);
    // As the store: a write that raced another is refused.
    if (stored.version != expected_version) return absl::AbortedError("raced");
    stored = indicator;
    writes.push_back(context.rpc + " " + indicator.code + " by " + context.actor);
    return absl::OkStatus();
  }
  absl::Status SetObligation(const audit::AuditContext& context,
                             const Obligation& obligation) override {
    obligations.push_back(obligation);
    writes.push_back(context.rpc + " " + obligation.indicator_code + " by " + context.actor);
    return absl::OkStatus();
  }

  std::map<std::string, Indicator> indicators{
      {"mediation.disputes", Count("mediation.disputes", "人民调解矛盾纠纷数")},
      {"mediation.successful", Count("mediation.successful", "调解成功数")}};
  std::vector<Obligation> obligations;
  std::vector<std::string> writes;
};

class StatisticsCatalogueAppTest : public ::testing::Test {
 protected:
  static app::Caller Admin(absl::string_view rpc) {
    return ::fazhi::testing::AdminCaller("wang.wu", rpc, Now());
  }
  static absl::Time Now() {
    return absl::FromCivil(absl::CivilSecond(2022, 3, 1, 9, 0, 0), time_util::ChinaTimeZone());
  }
  absl::Status CreateError(const Indicator& indicator) {
    return catalogue_.Create(Admin("CreateIndicator"), indicator).status();
  }

  FakeCatalogueStore store_;
  api::PageTokenCodec page_tokens_{"catalogue-test-secret"};
  Catalogue catalogue_{&store_, &page_tokens_};
};

TEST_F(StatisticsCatalogueAppTest, CreateStoresVersionOneByTheCallerNow) {
  absl::StatusOr<Indicator> created =
      catalogue_.Create(Admin("CreateIndicator"), SuccessRateIndicator());
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->version, 1);
  EXPECT_EQ(created->create_time, Now());
  EXPECT_EQ(created->update_time, Now());
  EXPECT_EQ(store_.indicators.at("mediation.success_rate").numerator_code, "mediation.successful");
  EXPECT_THAT(store_.writes, ElementsAre("CreateIndicator mediation.success_rate by wang.wu"));
}

TEST_F(StatisticsCatalogueAppTest, CreateRefusesABadIndicatorNamingTheFieldAndWritesNothing) {
  Indicator unnamed = Count("mediation.court_referred", "");
  EXPECT_EQ(CreateError(unnamed), absl::InvalidArgumentError("indicator.name is required"));

  Indicator no_periods = Count("mediation.court_referred", "法院委派调解案件数");
  no_periods.period_types.clear();
  EXPECT_EQ(CreateError(no_periods),
            absl::InvalidArgumentError("indicator.period_types: name at least one period type"));

  Indicator bad_code = Count("Mediation.Referred", "法院委派调解案件数");
  absl::Status s = CreateError(bad_code);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("indicator.code 'Mediation.Referred' is not an indicator"));

  // A count with a numerator: only ratios have one.
  Indicator count_with_parts = Count("mediation.court_referred", "法院委派调解案件数");
  count_with_parts.numerator_code = "mediation.successful";
  EXPECT_EQ(CreateError(count_with_parts),
            absl::InvalidArgumentError(
                "indicator.numerator_code and denominator_code are only for ratio indicators"));

  // A ratio over a count the catalogue does not have, and over another ratio.
  Indicator unknown_part = SuccessRateIndicator();
  unknown_part.denominator_code = "mediation.received";
  EXPECT_EQ(CreateError(unknown_part),
            absl::InvalidArgumentError("indicator: a ratio is computed from two count "
                                       "indicators; 'mediation.received' is not one"));
  store_.indicators["mediation.success_rate"] = SuccessRateIndicator();
  Indicator ratio_of_ratio = SuccessRateIndicator();
  ratio_of_ratio.code = "mediation.success_rate_squared";
  ratio_of_ratio.numerator_code = "mediation.success_rate";
  EXPECT_EQ(CreateError(ratio_of_ratio),
            absl::InvalidArgumentError("indicator: a ratio is computed from two count "
                                       "indicators; 'mediation.success_rate' is not one"));

  EXPECT_THAT(store_.writes, IsEmpty());
  EXPECT_THAT(store_.indicators, SizeIs(3));
}

TEST_F(StatisticsCatalogueAppTest, GetNamesTheCodeItCannotFind) {
  absl::StatusOr<Indicator> found = catalogue_.Get("mediation.disputes");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->name, "人民调解矛盾纠纷数");
  EXPECT_EQ(catalogue_.Get("mediation.received").status(),
            absl::NotFoundError("code: no indicator 'mediation.received'"));
  EXPECT_EQ(catalogue_.Get("no").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StatisticsCatalogueAppTest, ListPagesBySectionWithATokenBoundToIt) {
  store_.indicators["mediation.success_rate"] = SuccessRateIndicator();
  Indicator other = Count("reconsideration.received", "行政复议案件受理数");
  other.report_section = "一（六）";
  store_.indicators[other.code] = other;

  absl::StatusOr<IndicatorPage> first = catalogue_.List("一（七）", 2, "");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_THAT(first->indicators, SizeIs(2));
  EXPECT_EQ(first->indicators[0].code, "mediation.disputes");
  EXPECT_EQ(first->indicators[1].code, "mediation.success_rate");
  ASSERT_FALSE(first->next_page_token.empty());

  absl::StatusOr<IndicatorPage> second = catalogue_.List("一（七）", 2, first->next_page_token);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_THAT(second->indicators, SizeIs(1));
  EXPECT_EQ(second->indicators[0].code, "mediation.successful");
  EXPECT_EQ(second->next_page_token, "");

  // The token pages through 一（七） only.
  absl::Status elsewhere = catalogue_.List("一（六）", 2, first->next_page_token).status();
  EXPECT_EQ(elsewhere.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(elsewhere.message(), HasSubstr("page.page_token"));
  EXPECT_EQ(catalogue_.List("", -1, "").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StatisticsCatalogueAppTest, UpdateChangesTheNamedFieldsUnderTheCurrentEtag) {
  Indicator changes = Count("mediation.disputes", "人民调解受理矛盾纠纷数");
  changes.description = "不写入";
  absl::StatusOr<Indicator> updated = catalogue_.Update(
      Admin("UpdateIndicator"), IndicatorUpdate{changes, {"name"}, api::FormatEtag(1)});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->name, "人民调解受理矛盾纠纷数");
  EXPECT_EQ(updated->description, "");
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(updated->update_time, Now());
  EXPECT_EQ(store_.indicators.at("mediation.disputes").version, 2);
  EXPECT_THAT(store_.writes, ElementsAre("UpdateIndicator mediation.disputes by wang.wu"));
}

TEST_F(StatisticsCatalogueAppTest, UpdateWithAStaleEtagIsAbortedAndWritesNothing) {
  store_.indicators.at("mediation.disputes").version = 2;
  Indicator changes = Count("mediation.disputes", "人民调解受理矛盾纠纷数");
  absl::Status s =
      catalogue_
          .Update(Admin("UpdateIndicator"), IndicatorUpdate{changes, {"name"}, api::FormatEtag(1)})
          .status();
  EXPECT_EQ(s, absl::AbortedError("indicator.etag \"1\" is stale: the record has changed since "
                                  "(now \"2\"); read it again and reapply your change"));
  EXPECT_EQ(store_.indicators.at("mediation.disputes").name, "人民调解矛盾纠纷数");
  EXPECT_THAT(store_.writes, IsEmpty());
}

TEST_F(StatisticsCatalogueAppTest, UpdateRefusesWhatCannotChange) {
  Indicator changes = Count("mediation.disputes", "人民调解矛盾纠纷数");
  changes.value_type = ValueType::kAmountFen;
  auto update = [&](std::vector<std::string> fields, std::string etag) {
    return catalogue_
        .Update(Admin("UpdateIndicator"), IndicatorUpdate{changes, std::move(fields), etag})
        .status();
  };
  EXPECT_EQ(update({}, api::FormatEtag(1)), absl::InvalidArgumentError("update_mask is required"));
  EXPECT_EQ(update({"value_type"}, api::FormatEtag(1)),
            absl::InvalidArgumentError("update_mask: 'value_type' cannot be updated (the code and "
                                       "value type never change)"));
  // The new value is checked before the etag, so a stale request wrong in its fields says so.
  changes.unit = "";
  EXPECT_EQ(update({"unit"}, api::FormatEtag(7)),
            absl::InvalidArgumentError("indicator.unit is required"));
  changes.code = "mediation.received";
  EXPECT_EQ(update({"name"}, api::FormatEtag(1)),
            absl::NotFoundError("indicator.code: no indicator 'mediation.received'"));
  EXPECT_THAT(store_.writes, IsEmpty());
}

TEST_F(StatisticsCatalogueAppTest, ObligationsAreCheckedThenListedByIndicator) {
  auto set = [&](Obligation o) { return catalogue_.SetObligation(Admin("SetObligation"), o); };
  absl::StatusOr<Obligation> towns =
      set(Obligation{"mediation.disputes", kTown, PeriodType::kYear, 90});
  ASSERT_TRUE(towns.ok()) << towns.status();
  ASSERT_TRUE(set(Obligation{"mediation.successful", kTown, PeriodType::kYear, 90}).ok());

  EXPECT_EQ(
      set(Obligation{"mediation.received", kTown, PeriodType::kYear, 90}).status(),
      absl::InvalidArgumentError("obligation.indicator_code: no indicator 'mediation.received'"));
  EXPECT_EQ(set(Obligation{"mediation.disputes", 10, PeriodType::kYear, 90}).status(),
            absl::InvalidArgumentError("obligation.department_kind must be a "
                                       "fazhi.department.v1.DepartmentKind (1 to 9)"));
  EXPECT_EQ(set(Obligation{"mediation.disputes", kTown, PeriodType::kMonth, 10}).status(),
            absl::InvalidArgumentError(
                "obligation.period_type: the indicator is not reported for periods of this type"));
  EXPECT_EQ(set(Obligation{"mediation.disputes", kTown, PeriodType::kYear, 367}).status(),
            absl::InvalidArgumentError("obligation.due_days must be 0 to 366"));
  EXPECT_THAT(store_.writes, SizeIs(2));

  absl::StatusOr<std::vector<Obligation>> disputes =
      catalogue_.ListObligations("mediation.disputes");
  ASSERT_TRUE(disputes.ok()) << disputes.status();
  ASSERT_THAT(*disputes, SizeIs(1));
  EXPECT_EQ((*disputes)[0].department_kind, kTown);
  EXPECT_EQ((*disputes)[0].due_days, 90);
  EXPECT_THAT(*catalogue_.ListObligations(""), SizeIs(2));
}

TEST_F(StatisticsCatalogueAppTest, ObligationsOfACodeThatIsNotOneAreRefusedNamingIt) {
  for (const std::string& code :
       std::vector<std::string>{"'; DROP TABLE x; --", "%", std::string(256 << 10, 'x')}) {
    absl::StatusOr<std::vector<Obligation>> listed = catalogue_.ListObligations(code);
    ASSERT_EQ(listed.status().code(), absl::StatusCode::kInvalidArgument) << listed.status();
    EXPECT_TRUE(absl::StartsWith(listed.status().message(), "indicator_code")) << listed.status();
  }
  // A well-formed code of no indicator is an empty list.
  absl::StatusOr<std::vector<Obligation>> none = catalogue_.ListObligations("mediation.none");
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_THAT(*none, IsEmpty());
}

}  // namespace
}  // namespace fazhi::statistics

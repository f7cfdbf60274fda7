// The reading use cases (services/statistics/app/queries.h) over in-memory fakes of the store and
// the unit registry: no gRPC, no database. Figures: the seed's 克井镇 mediation figures (812
// disputes, 803 settled) and 五龙口镇's (596, 590), with 2020's made up for the comparison.

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/time/civil_time.h"
#include "common/time/date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/statistics/app/queries.h"
#include "tests/support/statistics_app_support.h"

namespace fazhi::statistics {
namespace {

using directory::Unit;
using ::fazhi::testing::SuccessRateIndicator;
using ::testing::ElementsAre;
using ::testing::SizeIs;
using time_util::Period;
using time_util::PeriodType;

constexpr char kKejing[] = "jiyuan-kejing";
constexpr char kWulongkou[] = "jiyuan-wulongkou";
// fazhi.department.v1.DepartmentKind of a town government, as the fake registry gives it.
constexpr int kTown = 4;

class FakeQueryStore : public QueryStore, public IndicatorSource {
 public:
  absl::StatusOr<std::map<std::string, Indicator>> GetIndicators(
      const std::vector<std::string>& codes) override {
    std::map<std::string, Indicator> out;
    for (const std::string& c : codes) {
      absl::StatusOr<std::optional<Indicator>> i = GetIndicator(c);
      if (i.ok() && i->has_value()) out[c] = **i;
    }
    return out;
  }
  absl::StatusOr<std::optional<Indicator>> GetIndicator(absl::string_view code) override {
    for (const Indicator& i : ShippedIndicators()) {
      if (i.code == code) return i;
    }
    if (code == "mediation.success_rate") return SuccessRateIndicator();
    return std::nullopt;
  }
  absl::StatusOr<std::vector<Obligation>> ListObligations(absl::string_view) override {
    return obligations;
  }
  // Sums (or maxima) by period key, as the store groups by period.
  absl::StatusOr<std::vector<AggregateRow>> Aggregate(const std::vector<std::string>& codes,
                                                      const std::vector<std::string>& departments,
                                                      const std::vector<std::string>& period_keys,
                                                      bool use_max, GroupColumn group) override {
    std::map<std::pair<std::string, std::string>, AggregateRow> rows;
    for (const auto& [key, value] : points) {
      const auto& [code, unit, period] = key;
      auto in = [](const std::vector<std::string>& v, const std::string& s) {
        return std::find(v.begin(), v.end(), s) != v.end();
      };
      if (!in(codes, code) || !in(departments, unit) || !in(period_keys, period)) continue;
      std::string g = group == GroupColumn::kPeriod       ? period
                      : group == GroupColumn::kDepartment ? unit
                                                          : "";
      AggregateRow& row = rows[{code, g}];
      row.indicator_code = code;
      row.group = g;
      row.value = use_max ? std::max(row.value, value) : row.value + value;
      ++row.point_count;
    }
    std::vector<AggregateRow> out;
    for (auto& [k, row] : rows) out.push_back(row);
    return out;
  }
  absl::StatusOr<FirstReceipts> FindFirstReceipts(
      absl::string_view period_key, const std::vector<std::string>& codes,
      const std::vector<std::string>& departments) override {
    FirstReceipts out;
    for (const auto& [key, time] : receipts) {
      if (std::find(departments.begin(), departments.end(), key.first) != departments.end() &&
          std::find(codes.begin(), codes.end(), key.second) != codes.end()) {
        out[key] = time;
      }
    }
    return out;
  }

  std::map<std::tuple<std::string, std::string, std::string>, int64_t> points;
  std::vector<Obligation> obligations;
  FirstReceipts receipts;
};

// 济源市 with 克井镇 and 五龙口镇 below it, and 承留镇, dissolved.
class FakeUnits : public directory::UnitDirectory {
 public:
  absl::StatusOr<std::optional<Unit>> Find(absl::string_view id) override {
    if (id == "jiyuan") return Unit{"jiyuan", "", 1, true, "济源市"};
    if (id == kKejing) return Unit{kKejing, "jiyuan", kTown, true, "克井镇"};
    if (id == kWulongkou) return Unit{kWulongkou, "jiyuan", kTown, true, "五龙口镇"};
    if (id == "jiyuan-chengliu") return Unit{"jiyuan-chengliu", "jiyuan", kTown, false, "承留镇"};
    return std::nullopt;
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    if (id == "jiyuan") {
      return std::vector<std::string>{"jiyuan", kKejing, kWulongkou, "jiyuan-chengliu"};
    }
    return std::vector<std::string>{std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }
};

class StatisticsQueriesAppTest : public ::testing::Test {
 protected:
  StatisticsQueriesAppTest() {
    store_.points[{"mediation.disputes", kKejing, "2021"}] = 812;
    store_.points[{"mediation.successful", kKejing, "2021"}] = 803;
    store_.points[{"mediation.disputes", kWulongkou, "2021"}] = 596;
    store_.points[{"mediation.successful", kWulongkou, "2021"}] = 590;
    store_.points[{"mediation.disputes", kKejing, "2020"}] = 700;
    store_.points[{"mediation.disputes", kWulongkou, "2020"}] = 500;
  }
  static app::Caller Reader() {
    return app::Caller{
        audit::AuditContext{"zhao.liu", "GetCompleteness", "req"}, std::nullopt,
        absl::FromCivil(absl::CivilSecond(2022, 6, 30, 9, 0, 0), time_util::ChinaTimeZone())};
  }

  const Period k2021{PeriodType::kYear, 2021, 0};
  const app::Caller caller_ = Reader();
  FakeQueryStore store_;
  FakeUnits units_;
  StatisticsQueries queries_{&store_, &store_, &units_};
};

// A read replica (--database_read_url) that has not yet received 五龙口镇's 2021 figures: a
// person's sums come from it, another service's from the primary.
TEST_F(StatisticsQueriesAppTest, PeopleReadTheReplicaAndServicesThePrimary) {
  FakeQueryStore replica;
  replica.points[{"mediation.disputes", kKejing, "2021"}] = 812;
  queries_.set_replica(&replica);
  AggregateQuery query{{"mediation.disputes"}, k2021, k2021, "jiyuan", true, GroupColumn::kNone};

  app::Caller clerk = caller_;
  clerk.principal = auth::Principal{"zhao.liu", {auth::Role::kClerk}, kKejing, false};
  absl::StatusOr<std::vector<AggregateValue>> person = queries_.Aggregate(clerk, query);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ((*person)[0].value, 812);

  ASSERT_FALSE(caller_.principal.has_value());
  absl::StatusOr<std::vector<AggregateValue>> public_read = queries_.Aggregate(caller_, query);
  ASSERT_TRUE(public_read.ok()) << public_read.status();
  EXPECT_EQ((*public_read)[0].value, 812);

  app::Caller reports = caller_;
  reports.principal = auth::Principal{"fazhi-reports", {auth::Role::kService}, "", true};
  absl::StatusOr<std::vector<AggregateValue>> service = queries_.Aggregate(reports, query);
  ASSERT_TRUE(service.ok()) << service.status();
  EXPECT_EQ((*service)[0].value, 812 + 596);

  absl::StatusOr<std::vector<SeriesPoint>> series =
      queries_.TimeSeries(clerk, SeriesQuery{"mediation.disputes", k2021, k2021, "jiyuan", true});
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_THAT(*series, SizeIs(1));
  EXPECT_EQ((*series)[0].value, 812);
}

TEST_F(StatisticsQueriesAppTest, TimeSeriesSumsTheSubtreeAndComparesWithTheYearBefore) {
  absl::StatusOr<std::vector<SeriesPoint>> series =
      queries_.TimeSeries(caller_, SeriesQuery{"mediation.disputes", k2021, k2021, "jiyuan", true});
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_THAT(*series, SizeIs(1));
  // 812 + 596 = 1408 against 700 + 500 = 1200: up 208, 17.33%.
  EXPECT_EQ((*series)[0].value, 1408);
  ASSERT_TRUE((*series)[0].year_over_year.has_value());
  EXPECT_EQ((*series)[0].year_over_year->change, 208);
  EXPECT_EQ((*series)[0].year_over_year->basis_points, 1733);
}

TEST_F(StatisticsQueriesAppTest, ARatiosSeriesIsTheQuotientOfTheSums) {
  absl::StatusOr<std::vector<SeriesPoint>> series = queries_.TimeSeries(
      caller_, SeriesQuery{"mediation.success_rate", k2021, k2021, "jiyuan", true});
  ASSERT_TRUE(series.ok()) << series.status();
  ASSERT_THAT(*series, SizeIs(1));
  // (803 + 590) / (812 + 596) = 1393 / 1408 = 98.93%; 2020 has no settled figures: no change.
  EXPECT_EQ((*series)[0].value, 9893);
  EXPECT_FALSE((*series)[0].year_over_year.has_value());
  // 克井镇 alone: 803 / 812 = 98.89%.
  series = queries_.TimeSeries(caller_,
                               SeriesQuery{"mediation.success_rate", k2021, k2021, kKejing, false});
  ASSERT_TRUE(series.ok()) << series.status();
  EXPECT_EQ((*series)[0].value, 9889);
}

TEST_F(StatisticsQueriesAppTest, TimeSeriesRefusesAnUnknownIndicatorOrUnit) {
  EXPECT_EQ(
      queries_.TimeSeries(caller_, SeriesQuery{"mediation.nothing", k2021, k2021, "jiyuan", false})
          .status(),
      absl::NotFoundError("indicator_code: no indicator 'mediation.nothing'"));
  EXPECT_EQ(
      queries_
          .TimeSeries(caller_, SeriesQuery{"mediation.disputes", k2021, k2021, "nowhere", false})
          .status()
          .code(),
      absl::StatusCode::kNotFound);
}

TEST_F(StatisticsQueriesAppTest, CompletenessAsksOnlyActiveUnitsThatOweFigures) {
  store_.obligations.push_back(Obligation{"mediation.disputes", kTown, PeriodType::kYear, 31});
  // 克井镇 reported on 2022-01-20, before the due date (2022-01-31); 五龙口镇 never did.
  store_.receipts[{kKejing, "mediation.disputes"}] =
      absl::FromCivil(absl::CivilSecond(2022, 1, 20, 10, 0, 0), time_util::ChinaTimeZone());
  absl::StatusOr<Completeness> c =
      queries_.CompletenessOf(Reader(), CompletenessQuery{k2021, std::nullopt, "jiyuan", true});
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->due_date, absl::CivilDay(2022, 1, 31));
  EXPECT_EQ(c->expected, 2);
  EXPECT_EQ(c->received, 1);
  EXPECT_EQ(c->on_time, 1);
  EXPECT_EQ(c->late, 0);
  EXPECT_EQ(c->missing, 1);
  ASSERT_THAT(c->units, SizeIs(2));
  EXPECT_EQ(c->units[0].department_id, kKejing);
  EXPECT_EQ(c->units[1].department_id, kWulongkou);
  EXPECT_THAT(c->units[1].missing_indicators, ElementsAre("mediation.disputes"));
}

TEST_F(StatisticsQueriesAppTest, AggregateSumsKejingAndWulongkouByUnitAndOverall) {
  AggregateQuery query{{"mediation.disputes", "mediation.success_rate"},
                       k2021,
                       k2021,
                       "jiyuan",
                       true,
                       GroupColumn::kDepartment};
  absl::StatusOr<std::vector<AggregateValue>> by_unit = queries_.Aggregate(caller_, query);
  ASSERT_TRUE(by_unit.ok()) << by_unit.status();
  ASSERT_THAT(*by_unit, SizeIs(4));
  // In the order asked for, then by unit: 克井镇 812, 五龙口镇 596; 803/812 = 98.89%,
  // 590/596 = 98.99%.
  EXPECT_EQ((*by_unit)[0].group, kKejing);
  EXPECT_EQ((*by_unit)[0].value, 812);
  EXPECT_EQ((*by_unit)[1].group, kWulongkou);
  EXPECT_EQ((*by_unit)[1].value, 596);
  EXPECT_EQ((*by_unit)[2].indicator_code, "mediation.success_rate");
  EXPECT_EQ((*by_unit)[2].value, 803);
  EXPECT_EQ((*by_unit)[2].denominator, 812);
  EXPECT_EQ((*by_unit)[2].rate_basis_points, 9889);
  EXPECT_EQ((*by_unit)[3].rate_basis_points, 9899);

  query.group = GroupColumn::kNone;
  absl::StatusOr<std::vector<AggregateValue>> total = queries_.Aggregate(caller_, query);
  ASSERT_TRUE(total.ok()) << total.status();
  ASSERT_THAT(*total, SizeIs(2));
  EXPECT_EQ((*total)[0].value, 1408);
  EXPECT_EQ((*total)[0].point_count, 2);
  // 1393 / 1408 = 98.934%: 9893.
  EXPECT_EQ((*total)[1].rate_basis_points, 9893);
}

TEST_F(StatisticsQueriesAppTest, AggregateRefusesAnUnknownCodeAndAnEndBeforeStart) {
  EXPECT_EQ(queries_
                .Aggregate(caller_, AggregateQuery{{"mediation.disputes", "mediation.nothing"},
                                                   k2021,
                                                   k2021,
                                                   "jiyuan",
                                                   false,
                                                   GroupColumn::kNone})
                .status(),
            absl::InvalidArgumentError("indicator_codes[1]: no indicator 'mediation.nothing'"));
  EXPECT_EQ(
      queries_
          .Aggregate(caller_, AggregateQuery{{"mediation.disputes"},
                                             k2021,
                                             Period{PeriodType::kYear, 2020, 0},
                                             "jiyuan",
                                             false,
                                             GroupColumn::kNone})
          .status(),
      absl::InvalidArgumentError("end: must be a period of the same type as start, not before it"));
  // A malformed unit id is the caller's error naming the field, not a unit that is not found.
  absl::Status malformed = queries_
                               .Aggregate(caller_, AggregateQuery{{"mediation.disputes"},
                                                                  k2021,
                                                                  k2021,
                                                                  std::string(256 << 10, 'x'),
                                                                  false,
                                                                  GroupColumn::kNone})
                               .status();
  EXPECT_EQ(malformed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(malformed.message(), "department_id 'xxx")) << malformed;
  // Ungrouped, no figures still answers one empty value.
  absl::StatusOr<std::vector<AggregateValue>> none =
      queries_.Aggregate(caller_, AggregateQuery{{"mediation.disputes"},
                                                 Period{PeriodType::kYear, 2019, 0},
                                                 Period{PeriodType::kYear, 2019, 0},
                                                 "jiyuan",
                                                 true,
                                                 GroupColumn::kNone});
  ASSERT_TRUE(none.ok()) << none.status();
  ASSERT_THAT(*none, SizeIs(1));
  EXPECT_FALSE((*none)[0].has_value);
}

}  // namespace
}  // namespace fazhi::statistics

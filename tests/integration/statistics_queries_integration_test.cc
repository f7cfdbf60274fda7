// Reading the figures over time and against the reporting obligations, over gRPC with the real
// department service beside the statistics service: a town's mediation counts 2019-2021 with
// their year-over-year change, the same rolled up over the city's subtree, a ratio's series,
// months across a year end, refused ranges; then completeness of the current year with one town
// missing and one short of a figure, and lateness of a past year.
//
// The figures 2019-2021 the series and the lateness read, and the reporting obligations, are put
// in place once for the suite and only read; a test that writes figures writes periods no other
// test reads (the months, the current year), so any test passes alone or in any order.

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
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

constexpr int kTown = 3;         // fazhi.department.v1.DEPARTMENT_KIND_TOWN
constexpr int kSubdistrict = 4;  // DEPARTMENT_KIND_SUBDISTRICT

const std::vector<std::string>& Towns() {
  static const auto* towns = new std::vector<std::string>{
      "jiyuan-kejing",   "jiyuan-wulongkou", "jiyuan-zhicheng", "jiyuan-chengliu",
      "jiyuan-shaoyuan", "jiyuan-potou",     "jiyuan-lilin",    "jiyuan-dayu",
      "jiyuan-sili",     "jiyuan-wangwu",    "jiyuan-xiaye"};
  return *towns;
}

const std::vector<std::string>& Subdistricts() {
  static const auto* subdistricts = new std::vector<std::string>{
      "jiyuan-qinyuan", "jiyuan-jishui", "jiyuan-beihai", "jiyuan-tiantan", "jiyuan-yuquan"};
  return *subdistricts;
}

cpb::Period Period(cpb::PeriodType type, int year, int index) {
  cpb::Period p;
  p.set_type(type);
  p.set_year(year);
  p.set_index(index);
  return p;
}

int CurrentYearInChina() { return time_util::TodayInChina().year(); }

class StatisticsQueriesIntegrationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::StatisticsServers>> servers =
        testing::StatisticsServers::Start(FAZHI_DEPARTMENT_BINARY, FAZHI_STATISTICS_BINARY,
                                          "stats-queries-it");
    ASSERT_TRUE(servers.ok()) << servers.status();
    servers_ = servers->release();
    admin_ = servers_->Stub(testing::AdminToken()).release();
    // 人民调解矛盾纠纷数: 克井镇 200, 250, 225; 大峪镇 -, 0, 50; 坡头镇 100, -, 25; and 克井镇's
    // successful mediations, 200 in 2020 and 210 in 2021. All received today, so 2021's are late.
    ASSERT_NO_FATAL_FAILURE(
        Submit({Point("mediation.disputes", "jiyuan-kejing", 200, Year(2019)),
                Point("mediation.disputes", "jiyuan-kejing", 250, Year(2020)),
                Point("mediation.disputes", "jiyuan-kejing", 225, Year(2021)),
                Point("mediation.disputes", "jiyuan-dayu", 0, Year(2020)),
                Point("mediation.disputes", "jiyuan-dayu", 50, Year(2021)),
                Point("mediation.disputes", "jiyuan-potou", 100, Year(2019)),
                Point("mediation.disputes", "jiyuan-potou", 25, Year(2021)),
                Point("mediation.successful", "jiyuan-kejing", 200, Year(2020)),
                Point("mediation.successful", "jiyuan-kejing", 210, Year(2021))}));
    // Towns report both mediation counts a year, subdistricts the disputes; within 31 days.
    ASSERT_NO_FATAL_FAILURE(SetObligation("mediation.disputes", kTown, 31));
    ASSERT_NO_FATAL_FAILURE(SetObligation("mediation.successful", kTown, 31));
    ASSERT_NO_FATAL_FAILURE(SetObligation("mediation.disputes", kSubdistrict, 31));
  }
  static void TearDownTestSuite() {
    delete admin_;
    delete servers_;
  }

  static void Submit(std::vector<pb::DataPoint> points) {
    pb::SubmitDataPointsRequest r;
    for (auto& p : points) *r.add_points() = std::move(p);
    pb::ImportSummary summary;
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    grpc::Status s = admin_->SubmitDataPoints(&context, r, &summary);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(summary.rejected(), 0) << summary.DebugString();
  }

  static grpc::Status Series(const std::string& code, const std::string& unit, bool subtree,
                             cpb::Period start, cpb::Period end, pb::GetTimeSeriesResponse* out,
                             pb::StatisticsService::Stub* stub = nullptr) {
    pb::GetTimeSeriesRequest r;
    r.set_indicator_code(code);
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    *r.mutable_start() = start;
    *r.mutable_end() = end;
    grpc::ClientContext context;
    return (stub ? stub : admin_)->GetTimeSeries(&context, r, out);
  }

  static grpc::Status Completeness(const std::string& unit, bool subtree, cpb::Period period,
                                   pb::GetCompletenessResponse* out,
                                   const cpb::Date* as_of = nullptr) {
    pb::GetCompletenessRequest r;
    *r.mutable_period() = period;
    r.set_department_id(unit);
    r.set_include_descendants(subtree);
    if (as_of) *r.mutable_as_of() = *as_of;
    grpc::ClientContext context;
    return admin_->GetCompleteness(&context, r, out);
  }

  static void SetObligation(const std::string& code, int kind, int due_days) {
    pb::SetReportingObligationRequest r;
    r.mutable_obligation()->set_indicator_code(code);
    r.mutable_obligation()->set_department_kind(kind);
    r.mutable_obligation()->set_period_type(cpb::PERIOD_TYPE_YEAR);
    r.mutable_obligation()->set_due_days(due_days);
    pb::ReportingObligation out;
    grpc::ClientContext context;
    grpc::Status s = admin_->SetReportingObligation(&context, r, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static testing::StatisticsServers* servers_;
  static pb::StatisticsService::Stub* admin_;
};

testing::StatisticsServers* StatisticsQueriesIntegrationTest::servers_ = nullptr;
pb::StatisticsService::Stub* StatisticsQueriesIntegrationTest::admin_ = nullptr;

// Expects the series' points: {has_value, value, has_yoy, change, basis points}.
struct Expected {
  bool has_value;
  int64_t value;
  bool has_yoy;
  int64_t change;
  int64_t basis_points;
};

void ExpectSeries(const pb::GetTimeSeriesResponse& series, int first_year,
                  const std::vector<Expected>& expected) {
  ASSERT_EQ(series.points_size(), static_cast<int>(expected.size())) << series.DebugString();
  for (size_t i = 0; i < expected.size(); ++i) {
    const pb::TimeSeriesPoint& p = series.points(static_cast<int>(i));
    SCOPED_TRACE(absl::StrCat("point ", i));
    EXPECT_EQ(p.period().year(), first_year + static_cast<int>(i));
    EXPECT_EQ(p.has_value(), expected[i].has_value);
    EXPECT_EQ(p.value(), expected[i].value);
    EXPECT_EQ(p.has_year_over_year(), expected[i].has_yoy);
    EXPECT_EQ(p.year_over_year_change(), expected[i].change);
    EXPECT_EQ(p.year_over_year_basis_points(), expected[i].basis_points);
  }
}

TEST_F(StatisticsQueriesIntegrationTest, ATownsSeriesCarriesItsYearOverYearChange) {
  // The suite's 人民调解矛盾纠纷数: 克井镇 200, 250, 225; 大峪镇 -, 0, 50.
  pb::GetTimeSeriesResponse kejing;
  grpc::Status s =
      Series("mediation.disputes", "jiyuan-kejing", false, Year(2019), Year(2021), &kejing);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ExpectSeries(
      kejing, 2019,
      {{true, 200, false, 0, 0}, {true, 250, true, 50, 2500}, {true, 225, true, -25, -1000}});
  // From 0 there is no rate, and a year without figures has no value.
  pb::GetTimeSeriesResponse dayu;
  ASSERT_TRUE(
      Series("mediation.disputes", "jiyuan-dayu", false, Year(2019), Year(2022), &dayu).ok());
  ExpectSeries(dayu, 2019,
               {{false, 0, false, 0, 0},
                {true, 0, false, 0, 0},
                {true, 50, false, 0, 0},
                {false, 0, false, 0, 0}});
  // Any reader may ask, a clerk of another unit included.
  auto clerk = servers_->Stub(testing::Token({"clerk"}, "jiyuan-sili", "sili.wang"));
  pb::GetTimeSeriesResponse read_by_clerk;
  EXPECT_TRUE(Series("mediation.disputes", "jiyuan-kejing", false, Year(2020), Year(2020),
                     &read_by_clerk, clerk.get())
                  .ok());
}

TEST_F(StatisticsQueriesIntegrationTest, TheCitySeriesRollsUpItsSubtree) {
  // The suite's towns' disputes: 克井镇 200, 250, 225; 大峪镇 -, 0, 50; 坡头镇 100, -, 25.
  pb::GetTimeSeriesResponse city;
  ASSERT_TRUE(Series("mediation.disputes", "jiyuan", true, Year(2019), Year(2021), &city).ok());
  // 300, 250 (-50 of 300: -16.67%), 300 (+50 of 250: +20%).
  ExpectSeries(
      city, 2019,
      {{true, 300, false, 0, 0}, {true, 250, true, -50, -1667}, {true, 300, true, 50, 2000}});
  // A series starting in 2020 still compares its first point with 2019.
  pb::GetTimeSeriesResponse from_2020;
  ASSERT_TRUE(
      Series("mediation.disputes", "jiyuan", true, Year(2020), Year(2020), &from_2020).ok());
  ExpectSeries(from_2020, 2020, {{true, 250, true, -50, -1667}});
  // The city government's own figures: none.
  pb::GetTimeSeriesResponse own;
  ASSERT_TRUE(Series("mediation.disputes", "jiyuan", false, Year(2019), Year(2021), &own).ok());
  ExpectSeries(own, 2019,
               {{false, 0, false, 0, 0}, {false, 0, false, 0, 0}, {false, 0, false, 0, 0}});
}

TEST_F(StatisticsQueriesIntegrationTest, ARatiosSeriesIsItsRateInBasisPoints) {
  pb::CreateIndicatorRequest r;
  *r.mutable_indicator() = testing::MediationSuccessRate();
  pb::Indicator created;
  grpc::ClientContext context;
  ASSERT_TRUE(admin_->CreateIndicator(&context, r, &created).ok());
  // 克井镇's disputes 200, 250, 225 and successes -, 200, 210 (the suite's).
  pb::GetTimeSeriesResponse rate;
  ASSERT_TRUE(
      Series("mediation.success_rate", "jiyuan-kejing", false, Year(2019), Year(2021), &rate).ok());
  // 2019 has disputes but no successes: no rate. 200/250 = 80.00%, 210/225 = 93.33%, which is
  // 1333 basis points more, +16.66% of 80%.
  ExpectSeries(
      rate, 2019,
      {{false, 0, false, 0, 0}, {true, 8000, false, 0, 0}, {true, 9333, true, 1333, 1666}});
}

TEST_F(StatisticsQueriesIntegrationTest, MonthsCrossTheYearEnd) {
  Submit(
      {Point("mediation.disputes", "jiyuan-kejing", 10, Period(cpb::PERIOD_TYPE_MONTH, 2020, 12)),
       Point("mediation.disputes", "jiyuan-kejing", 12, Period(cpb::PERIOD_TYPE_MONTH, 2021, 12)),
       Point("mediation.disputes", "jiyuan-kejing", 3, Period(cpb::PERIOD_TYPE_MONTH, 2022, 1))});
  pb::GetTimeSeriesResponse months;
  ASSERT_TRUE(Series("mediation.disputes", "jiyuan-kejing", false,
                     Period(cpb::PERIOD_TYPE_MONTH, 2021, 11),
                     Period(cpb::PERIOD_TYPE_MONTH, 2022, 1), &months)
                  .ok());
  ASSERT_EQ(months.points_size(), 3);
  EXPECT_EQ(months.points(0).period().index(), 11);
  EXPECT_FALSE(months.points(0).has_value());
  EXPECT_EQ(months.points(1).value(), 12);
  EXPECT_EQ(months.points(1).year_over_year_change(), 2);
  EXPECT_EQ(months.points(1).year_over_year_basis_points(), 2000);
  EXPECT_EQ(months.points(2).period().year(), 2022);
  EXPECT_EQ(months.points(2).period().index(), 1);
  EXPECT_EQ(months.points(2).value(), 3);
  EXPECT_FALSE(months.points(2).has_year_over_year());
}

TEST_F(StatisticsQueriesIntegrationTest, BadSeriesRequestsNameTheField) {
  pb::GetTimeSeriesResponse out;
  struct Case {
    cpb::Period start, end;
    std::string field;
  };
  std::vector<Case> cases = {
      {Year(2021), Period(cpb::PERIOD_TYPE_QUARTER, 2021, 4), "end"},
      {Year(2021), Year(2019), "end"},
      {Period(cpb::PERIOD_TYPE_MONTH, 2001, 1), Period(cpb::PERIOD_TYPE_MONTH, 2021, 1), "end"},
      {Period(cpb::PERIOD_TYPE_QUARTER, 2021, 5), Period(cpb::PERIOD_TYPE_QUARTER, 2021, 4),
       "start.index"},
      {cpb::Period(), Year(2021), "start.type"},
  };
  for (const Case& c : cases) {
    grpc::Status s = Series("mediation.disputes", "jiyuan", true, c.start, c.end, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(s.error_message().rfind(c.field, 0), 0u) << s.error_message();
  }
  // The stated success rate is a yearly figure.
  grpc::Status quarterly =
      Series("mediation.success_rate_bp", "jiyuan", true, Period(cpb::PERIOD_TYPE_QUARTER, 2021, 1),
             Period(cpb::PERIOD_TYPE_QUARTER, 2021, 4), &out);
  EXPECT_EQ(quarterly.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(quarterly.error_message().rfind("start.type", 0), 0u) << quarterly.error_message();
  grpc::Status unknown = Series("no.such_indicator", "jiyuan", true, Year(2021), Year(2021), &out);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(unknown.error_message().find("indicator_code"), std::string::npos);
  grpc::Status nowhere =
      Series("mediation.disputes", "nowhere", true, Year(2021), Year(2021), &out);
  EXPECT_EQ(nowhere.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_NE(nowhere.error_message().find("department_id"), std::string::npos);
}

TEST_F(StatisticsQueriesIntegrationTest, CompletenessShowsTheTownThatDidNotReport) {
  // Under the suite's obligations (towns both mediation counts, subdistricts the disputes). This
  // year (due 31 January next year, so all on time): every town but 下冶镇 reports both,
  // 王屋镇 only the disputes; every subdistrict reports.
  int year = CurrentYearInChina();
  std::vector<pb::DataPoint> points;
  for (const std::string& town : Towns()) {
    if (town == "jiyuan-xiaye") continue;
    points.push_back(Point("mediation.disputes", town, 40, Year(year)));
    if (town != "jiyuan-wangwu")
      points.push_back(Point("mediation.successful", town, 38, Year(year)));
  }
  for (const std::string& s : Subdistricts()) {
    points.push_back(Point("mediation.disputes", s, 70, Year(year)));
  }
  Submit(points);
  pb::GetCompletenessResponse c;
  grpc::Status s = Completeness("jiyuan", true, Year(year), &c);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(c.due_date().year(), year + 1);
  EXPECT_EQ(c.due_date().month(), 1);
  EXPECT_EQ(c.due_date().day(), 31);
  EXPECT_EQ(c.expected(), 27);
  EXPECT_EQ(c.received(), 24);
  EXPECT_EQ(c.on_time(), 24);
  EXPECT_EQ(c.late(), 0);
  EXPECT_EQ(c.missing(), 3);
  // Sixteen units owe figures; the city government and its departments owe none.
  ASSERT_EQ(c.units_size(), 16);
  std::map<std::string, pb::UnitCompleteness> by_unit;
  for (const pb::UnitCompleteness& u : c.units()) by_unit[u.department_id()] = u;
  const pb::UnitCompleteness& xiaye = by_unit["jiyuan-xiaye"];
  EXPECT_EQ(xiaye.expected(), 2);
  EXPECT_EQ(xiaye.received(), 0);
  EXPECT_EQ(xiaye.missing(), 2);
  EXPECT_EQ(std::vector<std::string>(xiaye.missing_indicators().begin(),
                                     xiaye.missing_indicators().end()),
            (std::vector<std::string>{"mediation.disputes", "mediation.successful"}));
  const pb::UnitCompleteness& wangwu = by_unit["jiyuan-wangwu"];
  EXPECT_EQ(wangwu.received(), 1);
  ASSERT_EQ(wangwu.missing_indicators_size(), 1);
  EXPECT_EQ(wangwu.missing_indicators(0), "mediation.successful");
  EXPECT_EQ(by_unit["jiyuan-kejing"].on_time(), 2);
  EXPECT_EQ(by_unit["jiyuan-beihai"].expected(), 1);
  EXPECT_EQ(by_unit["jiyuan-beihai"].missing(), 0);
  // One unit alone.
  pb::GetCompletenessResponse one;
  ASSERT_TRUE(Completeness("jiyuan-xiaye", false, Year(year), &one).ok());
  EXPECT_EQ(one.expected(), 2);
  EXPECT_EQ(one.missing(), 2);
  ASSERT_EQ(one.units_size(), 1);
  // The city government owes nothing itself.
  pb::GetCompletenessResponse city;
  ASSERT_TRUE(Completeness("jiyuan", false, Year(year), &city).ok());
  EXPECT_EQ(city.expected(), 0);
  EXPECT_EQ(city.units_size(), 0);
  EXPECT_FALSE(city.has_due_date());
}

TEST_F(StatisticsQueriesIntegrationTest, FiguresForAPastYearReceivedNowAreLate) {
  // 2021 was due on 2022-01-31; the suite's figures, 克井镇's two counts and 大峪镇's and 坡头镇's
  // disputes, came in today.
  pb::GetCompletenessResponse c;
  ASSERT_TRUE(Completeness("jiyuan", true, Year(2021), &c).ok());
  EXPECT_EQ(c.due_date().year(), 2022);
  EXPECT_EQ(c.expected(), 27);
  EXPECT_EQ(c.received(), 4);
  EXPECT_EQ(c.on_time(), 0);
  EXPECT_EQ(c.late(), 4);
  EXPECT_EQ(c.missing(), 23);
  // As the register stood on the due date, nothing had come in.
  cpb::Date due = c.due_date();
  pb::GetCompletenessResponse then;
  ASSERT_TRUE(Completeness("jiyuan", true, Year(2021), &then, &due).ok());
  EXPECT_EQ(then.received(), 0);
  EXPECT_EQ(then.missing(), 27);
}

TEST_F(StatisticsQueriesIntegrationTest, BadCompletenessRequestsNameTheField) {
  pb::GetCompletenessResponse out;
  grpc::Status s = Completeness("jiyuan", true, Period(cpb::PERIOD_TYPE_QUARTER, 2021, 0), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("period.index", 0), 0u) << s.error_message();
  cpb::Date bad;
  bad.set_year(2021);
  bad.set_month(2);
  bad.set_day(30);
  s = Completeness("jiyuan", true, Year(2021), &out, &bad);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("as_of", 0), 0u) << s.error_message();
  s = Completeness("nowhere", true, Year(2021), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = Completeness("", true, Year(2021), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace fazhi::statistics

// The rules a submitted figure must pass (services/statistics/domain/ingest CheckRow), with the
// 2021 report's figures: each rule refuses its row naming the field and the status the whole
// call answers in all-or-nothing mode.

#include "gtest/gtest.h"
#include "services/statistics/domain/ingest.h"

namespace fazhi::statistics {
namespace {

using time_util::Period;
using time_util::PeriodType;

const Indicator& Shipped(const std::string& code) {
  for (const Indicator& i : ShippedIndicators()) {
    if (i.code == code) return i;
  }
  ADD_FAILURE() << "no shipped indicator " << code;
  static const Indicator none;
  return none;
}

class CheckRowTest : public ::testing::Test {
 protected:
  CheckRowTest() {
    // 行政复议案件受理数 159 for the city government, 2021.
    point_ = {"reconsideration.received", "jiyuan", {PeriodType::kYear, 2021, 0}, 159, 3};
    facts_.indicator = &Shipped("reconsideration.received");
    facts_.unit = Unit{"jiyuan", "", 1, true, ""};
  }

  std::optional<RowRejection> Check(ImportMode mode = ImportMode::kUpsert) {
    return CheckRow(3, point_, facts_, mode, today_);
  }

  PointInput point_;
  RowFacts facts_;
  absl::CivilDay today_{2022, 3, 28};
};

TEST_F(CheckRowTest, AGoodSeedFigurePasses) {
  EXPECT_FALSE(Check().has_value());
  point_ = {"mediation.disputes", "jiyuan", {PeriodType::kYear, 2021, 0}, 10067, 3};
  facts_.indicator = &Shipped("mediation.disputes");
  EXPECT_FALSE(Check().has_value());
  // Zero is a figure, not a missing one.
  point_.value = 0;
  EXPECT_FALSE(Check().has_value());
}

TEST_F(CheckRowTest, AMalformedOrUnknownIndicatorIsRefused) {
  point_.indicator_code = "Reconsideration Received";
  facts_.indicator = nullptr;
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->index, 3);
  EXPECT_EQ(r->field, "points[3].indicator_code");
  EXPECT_EQ(r->code, absl::StatusCode::kInvalidArgument);
  point_.indicator_code = "reconsideration.withdrawn";
  r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].indicator_code");
  EXPECT_NE(r->reason.find("not in the indicator catalogue"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, ARatioIsNeverReported) {
  Indicator rate;
  rate.code = "mediation.success_rate";
  rate.value_type = ValueType::kRatio;
  rate.period_types = {PeriodType::kYear};
  point_.indicator_code = rate.code;
  facts_.indicator = &rate;
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].indicator_code");
  EXPECT_NE(r->reason.find("submit the counts"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, AnUnknownOrDissolvedUnitIsRefused) {
  facts_.unit.reset();
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].department_id");
  EXPECT_EQ(r->code, absl::StatusCode::kInvalidArgument);
  facts_.unit = Unit{"jiyuan", "", 1, false, ""};
  r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].department_id");
  EXPECT_EQ(r->code, absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r->reason.find("dissolved"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, AnotherUnitsFigureIsPermissionDenied) {
  facts_.may_write = false;
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].department_id");
  EXPECT_EQ(r->code, absl::StatusCode::kPermissionDenied);
}

TEST_F(CheckRowTest, APeriodOfATypeTheIndicatorDoesNotTakeIsRefused) {
  // The stated success rate (99.00%) is yearly only.
  point_ = {"mediation.success_rate_bp", "jiyuan", {PeriodType::kQuarter, 2021, 3}, 9900, 3};
  facts_.indicator = &Shipped("mediation.success_rate_bp");
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].period");
  EXPECT_NE(r->reason.find("2021Q3"), std::string::npos) << r->reason;
  point_.period = {PeriodType::kYear, 2021, 0};
  EXPECT_FALSE(Check().has_value());
}

TEST_F(CheckRowTest, AnInvalidPeriodIsRefused) {
  point_.period = {PeriodType::kQuarter, 2021, 5};
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].period");
}

TEST_F(CheckRowTest, APeriodNotYetBegunIsRefusedButTheCurrentOneIsNot) {
  point_.period = {PeriodType::kYear, 2023, 0};
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].period");
  EXPECT_NE(r->reason.find("has not begun"), std::string::npos) << r->reason;
  // The current month has begun: figures for it may come in as it runs.
  point_.period = {PeriodType::kMonth, 2022, 3};
  EXPECT_FALSE(Check().has_value());
  point_.period = {PeriodType::kMonth, 2022, 4};
  EXPECT_TRUE(Check().has_value());
  point_.period = {PeriodType::kYear, 2022, 0};
  EXPECT_FALSE(Check().has_value());
}

TEST_F(CheckRowTest, ANegativeCountIsRefused) {
  point_.value = -159;
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].value");
  EXPECT_NE(r->reason.find("-159"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, ALockedPeriodIsAFailedPreconditionNamingTheLock) {
  facts_.lock_id = "lock-2021-report";
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].period");
  EXPECT_EQ(r->code, absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r->reason.find("lock-2021-report"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, ModesDecideWhetherAStoredFigureMayBeCreatedOrUpdated) {
  facts_.exists = false;
  EXPECT_FALSE(Check(ImportMode::kCreateOnly).has_value());
  EXPECT_FALSE(Check(ImportMode::kUpsert).has_value());
  std::optional<RowRejection> r = Check(ImportMode::kUpdate);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].value");
  EXPECT_NE(r->reason.find("update-only"), std::string::npos) << r->reason;
  facts_.exists = true;
  EXPECT_FALSE(Check(ImportMode::kUpdate).has_value());
  EXPECT_FALSE(Check(ImportMode::kUpsert).has_value());
  r = Check(ImportMode::kCreateOnly);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].value");
  EXPECT_NE(r->reason.find("create-only"), std::string::npos) << r->reason;
}

TEST_F(CheckRowTest, TheFirstBrokenRuleIsReported) {
  // Unknown unit and negative value: the unit is named first.
  facts_.unit.reset();
  point_.value = -1;
  std::optional<RowRejection> r = Check();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->field, "points[3].department_id");
}

}  // namespace
}  // namespace fazhi::statistics

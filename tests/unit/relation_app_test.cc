// The reporting-relation use case against an in-memory repository: no database, only the rules.

#include <map>
#include <tuple>

#include "gtest/gtest.h"
#include "services/department/app/relations.h"
#include "tests/support/department_app_support.h"

namespace fazhi::department {
namespace {

class MemoryRelations : public RelationRepository {
 public:
  absl::StatusOr<std::optional<Department>> FindDepartment(absl::string_view id) override {
    auto it = units.find(std::string(id));
    if (it == units.end()) return std::optional<Department>();
    return std::optional<Department>(it->second);
  }
  absl::StatusOr<std::optional<Relation>> Latest(absl::string_view department_id,
                                                 RelationKind kind) override {
    std::optional<Relation> latest;
    for (const auto& [key, r] : rows) {
      if (r.department_id == department_id && r.kind == kind) latest = r;  // ordered by day
    }
    return latest;
  }
  absl::Status Insert(const Relation& r) override {
    rows[Key(r)] = r;
    ++writes;
    return absl::OkStatus();
  }
  absl::Status Replace(const Relation& before, const Relation& after, absl::string_view action,
                       absl::string_view, absl::Time) override {
    rows.at(Key(before)) = after;
    actions.push_back(std::string(action));
    ++writes;
    return absl::OkStatus();
  }

  static std::tuple<std::string, int, absl::CivilDay> Key(const Relation& r) {
    return {r.department_id, static_cast<int>(r.kind), r.valid_from};
  }

  std::map<std::string, Department> units;
  std::map<std::tuple<std::string, int, absl::CivilDay>, Relation> rows;
  std::vector<std::string> actions;
  int writes = 0;
};

class RelationRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Add("henan", "河南省人民政府", Kind::kGovernment, Level::kProvince);
    Add("henan-swei", "中共河南省委员会", Kind::kPartyCommittee, Level::kProvince);
    Add("henan-sft", "河南省司法厅", Kind::kGovernmentDepartment, Level::kProvince);
    Add("jiyuan", "济源市人民政府", Kind::kGovernment, Level::kCity);
    Add("jiyuan-swei", "中共济源市委员会", Kind::kPartyCommittee, Level::kCity);
    Add("jiyuan-rdcwh", "济源市人民代表大会常务委员会", Kind::kCongressStandingCommittee,
        Level::kCity);
    Add("jiyuan-sfj", "济源市司法局", Kind::kGovernmentDepartment, Level::kCity);
    Add("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, Level::kCity);
    Add("jiyuan-swj", "济源税务局", Kind::kVerticalAgency, Level::kCity);
    Add("jiyuan-kejing", "济源市克井镇人民政府", Kind::kTown, Level::kTownship);
    // Registered from 2022-03-01 only.
    Add("jiyuan-new", "济源市新党委", Kind::kPartyCommittee, Level::kCity);
    repo_.units["jiyuan-new"].valid_from = absl::CivilDay(2022, 3, 1);
    // Dissolved on 2021-06-30 (it existed up to 2021-06-29).
    Add("jiyuan-old", "济源市旧党委", Kind::kPartyCommittee, Level::kCity);
    repo_.units["jiyuan-old"].status = Status::kDissolved;
    repo_.units["jiyuan-old"].valid_to = absl::CivilDay(2021, 6, 30);
  }
  void Add(const std::string& id, const std::string& name, Kind kind, Level level) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.level = level;
    d.valid_from = absl::CivilDay(2000, 1, 1);
    repo_.units[id] = d;
  }
  absl::StatusOr<SetRelationResult> Set(const std::string& unit, RelationKind kind,
                                        const std::string& related, absl::CivilDay day,
                                        const std::string& reason = "督察工作规定第二十四条") {
    SetRelationCommand c;
    c.department_id = unit;
    c.kind = kind;
    c.related_id = related;
    c.effective_date = day;
    c.reason = reason;
    return SetRelation(repo_, c, testing::CallerAt(now_, "admin-wang"));
  }
  // Expects code and a message starting with field, and no write.
  void ExpectRefused(const absl::StatusOr<SetRelationResult>& r, absl::StatusCode code,
                     const std::string& field) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), code) << r.status();
    EXPECT_EQ(r.status().message().substr(0, field.size()), field) << r.status();
    EXPECT_EQ(repo_.writes, 0);
  }

  MemoryRelations repo_;
  absl::Time now_ = absl::FromCivil(absl::CivilSecond(2021, 3, 1, 9, 0, 0), absl::UTCTimeZone());
};

TEST_F(RelationRulesTest, SetsTheThreeRelationsOfAGovernment) {
  auto party =
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-swei", absl::CivilDay(2021, 1, 1));
  ASSERT_TRUE(party.ok()) << party.status();
  EXPECT_TRUE(party->changed);
  EXPECT_EQ(party->relation.related_id, "jiyuan-swei");
  EXPECT_EQ(party->relation.related_name, "中共济源市委员会");
  EXPECT_EQ(party->relation.valid_from, absl::CivilDay(2021, 1, 1));
  EXPECT_FALSE(party->relation.valid_to.has_value());
  EXPECT_EQ(party->relation.set_by, "admin-wang");
  EXPECT_EQ(party->relation.set_time, now_);
  EXPECT_TRUE(Set("jiyuan", RelationKind::kCongressStandingCommittee, "jiyuan-rdcwh",
                  absl::CivilDay(2021, 1, 1))
                  .ok());
  EXPECT_TRUE(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)).ok());
  EXPECT_EQ(repo_.rows.size(), 3u);
}

TEST_F(RelationRulesTest, DepartmentsAndVerticalAgenciesReportToADepartmentOneLevelUp) {
  EXPECT_TRUE(
      Set("jiyuan-sfj", RelationKind::kSuperior, "henan-sft", absl::CivilDay(2021, 1, 1)).ok());
  EXPECT_TRUE(
      Set("jiyuan-swj", RelationKind::kSuperior, "henan-sft", absl::CivilDay(2021, 1, 1)).ok());
  EXPECT_TRUE(
      Set("jiyuan-sfj", RelationKind::kPartyCommittee, "jiyuan-swei", absl::CivilDay(2021, 1, 1))
          .ok());
}

TEST_F(RelationRulesTest, SettingTheSameRelationAgainWritesNothing) {
  ASSERT_TRUE(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)).ok());
  repo_.writes = 0;
  auto again =
      Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1), "another reason");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(again->relation.reason, "督察工作规定第二十四条");
  // A later day with the same unit: still the relation in force, nothing to change.
  auto later = Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2022, 5, 1));
  ASSERT_TRUE(later.ok());
  EXPECT_FALSE(later->changed);
  EXPECT_EQ(later->relation.valid_from, absl::CivilDay(2021, 1, 1));
  EXPECT_EQ(repo_.writes, 0);
}

TEST_F(RelationRulesTest, ANewRelationClosesTheOldOneTheDayBefore) {
  ASSERT_TRUE(
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", absl::CivilDay(2021, 1, 1)).ok());
  Add("henan-sthjt", "河南省生态环境厅", Kind::kGovernmentDepartment, Level::kProvince);
  auto moved =
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", absl::CivilDay(2021, 7, 1));
  ASSERT_TRUE(moved.ok()) << moved.status();
  ASSERT_EQ(repo_.rows.size(), 2u);
  const Relation& old = repo_.rows.begin()->second;
  EXPECT_EQ(old.related_id, "henan-sft");
  EXPECT_EQ(old.valid_to, absl::CivilDay(2021, 7, 1));  // in force up to 2021-06-30
  EXPECT_TRUE(InForceOn(old, absl::CivilDay(2021, 6, 30)));
  EXPECT_FALSE(InForceOn(old, absl::CivilDay(2021, 7, 1)));
  EXPECT_TRUE(InForceOn(moved->relation, absl::CivilDay(2021, 7, 1)));
  EXPECT_EQ(repo_.actions, (std::vector<std::string>{"end_relation"}));
}

TEST_F(RelationRulesTest, SettingOnTheLatestFirstDayCorrectsIt) {
  ASSERT_TRUE(
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", absl::CivilDay(2021, 1, 1)).ok());
  Add("henan-sthjt", "河南省生态环境厅", Kind::kGovernmentDepartment, Level::kProvince);
  auto fixed =
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", absl::CivilDay(2021, 1, 1));
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  ASSERT_EQ(repo_.rows.size(), 1u);
  EXPECT_EQ(repo_.rows.begin()->second.related_id, "henan-sthjt");
  EXPECT_EQ(repo_.actions, (std::vector<std::string>{"correct_relation"}));
}

TEST_F(RelationRulesTest, AnEmptyRelatedIdEndsTheRelation) {
  ASSERT_TRUE(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)).ok());
  auto ended = Set("jiyuan", RelationKind::kSuperior, "", absl::CivilDay(2023, 1, 1));
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->relation.related_id, "henan");
  EXPECT_EQ(ended->relation.valid_to, absl::CivilDay(2023, 1, 1));
  // Nothing is in force any more from then on.
  repo_.writes = 0;
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "", absl::CivilDay(2023, 6, 1)),
                absl::StatusCode::kFailedPrecondition, "no SUPERIOR relation");
  ExpectRefused(Set("jiyuan", RelationKind::kPartyCommittee, "", absl::CivilDay(2023, 6, 1)),
                absl::StatusCode::kFailedPrecondition, "no PARTY_COMMITTEE relation");
  // Ending on the first day would leave a relation of no days.
  ASSERT_TRUE(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-swei", absl::CivilDay(2021, 1, 1)).ok());
  repo_.writes = 0;
  ExpectRefused(Set("jiyuan", RelationKind::kPartyCommittee, "", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "effective_date");
}

TEST_F(RelationRulesTest, HistoryIsNotRewritten) {
  ASSERT_TRUE(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)).ok());
  repo_.writes = 0;
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2020, 12, 31)),
                absl::StatusCode::kInvalidArgument, "effective_date 2020-12-31");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "", absl::CivilDay(2020, 12, 31)),
                absl::StatusCode::kInvalidArgument, "effective_date 2020-12-31");
  // Another kind has its own history.
  EXPECT_TRUE(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-swei", absl::CivilDay(2020, 1, 1)).ok());
}

TEST_F(RelationRulesTest, BadInputNamesTheField) {
  ExpectRefused(Set("", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "department_id");
  ExpectRefused(Set("jiyuan", RelationKind::kUnspecified, "henan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "kind");
  ExpectRefused(Set("jiyuan", static_cast<RelationKind>(4), "henan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "kind");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "Henan!", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "jiyuan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1), ""),
                absl::StatusCode::kInvalidArgument, "reason");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1),
                    std::string(201, 'x')),
                absl::StatusCode::kInvalidArgument, "reason");
  SetRelationCommand no_day;
  no_day.department_id = "jiyuan";
  no_day.kind = RelationKind::kSuperior;
  no_day.related_id = "henan";
  no_day.reason = "x";
  auto r = SetRelation(repo_, no_day, testing::CallerAt(now_, "admin-wang"));
  ExpectRefused(r, absl::StatusCode::kInvalidArgument, "effective_date");
}

TEST_F(RelationRulesTest, UnknownUnits) {
  ExpectRefused(Set("nowhere", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kNotFound, "department_id");
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "nowhere", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
}

TEST_F(RelationRulesTest, TheRelatedUnitMustBeOfTheKindTheRelationNames) {
  // PARTY_COMMITTEE needs a 党委.
  ExpectRefused(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-rdcwh", absl::CivilDay(2021, 1, 1)),
      absl::StatusCode::kInvalidArgument, "related_id");
  // CONGRESS_STANDING_COMMITTEE needs a 人大常委会, and only a government has one.
  ExpectRefused(Set("jiyuan", RelationKind::kCongressStandingCommittee, "jiyuan-swei",
                    absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
  ExpectRefused(Set("jiyuan-sfj", RelationKind::kCongressStandingCommittee, "jiyuan-rdcwh",
                    absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "kind");
  // A government's SUPERIOR is a government; a department's is a department or agency.
  ExpectRefused(Set("jiyuan", RelationKind::kSuperior, "henan-sft", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
  ExpectRefused(Set("jiyuan-sfj", RelationKind::kSuperior, "henan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
  // A town and a Party committee have no SUPERIOR relation; a 党委 reports to no 党委 here.
  ExpectRefused(Set("jiyuan-kejing", RelationKind::kSuperior, "jiyuan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "kind");
  ExpectRefused(
      Set("jiyuan-swei", RelationKind::kPartyCommittee, "henan-swei", absl::CivilDay(2021, 1, 1)),
      absl::StatusCode::kInvalidArgument, "kind");
}

TEST_F(RelationRulesTest, TheSuperiorSitsAtAHigherLevel) {
  // Same level: 司法局 and 生态环境局 are both city departments.
  ExpectRefused(
      Set("jiyuan-sfj", RelationKind::kSuperior, "jiyuan-sthjj", absl::CivilDay(2021, 1, 1)),
      absl::StatusCode::kInvalidArgument, "related_id");
  // Lower level: the province cannot report to the city.
  ExpectRefused(Set("henan", RelationKind::kSuperior, "jiyuan", absl::CivilDay(2021, 1, 1)),
                absl::StatusCode::kInvalidArgument, "related_id");
}

TEST_F(RelationRulesTest, TheRelatedUnitMustBeActiveOnTheDay) {
  // Registered from 2022-03-01.
  ExpectRefused(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-new", absl::CivilDay(2022, 2, 28)),
      absl::StatusCode::kFailedPrecondition, "related_id");
  EXPECT_TRUE(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-new", absl::CivilDay(2022, 3, 1)).ok());
  // Dissolved: no new relation to it, not even on a day it still existed.
  repo_.writes = 0;
  ExpectRefused(
      Set("jiyuan-sfj", RelationKind::kPartyCommittee, "jiyuan-old", absl::CivilDay(2021, 3, 1)),
      absl::StatusCode::kFailedPrecondition, "related_id");
  // The reporting unit too must have existed that day.
  ExpectRefused(
      Set("jiyuan-sfj", RelationKind::kPartyCommittee, "jiyuan-swei", absl::CivilDay(1999, 12, 31)),
      absl::StatusCode::kFailedPrecondition, "department_id");
}

}  // namespace
}  // namespace fazhi::department

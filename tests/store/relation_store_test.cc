// The reporting-relation store on SQLite and MariaDB: the same calls, the same answers.

#include "services/department/store/relation_store.h"

#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/department/app/relations.h"
#include "services/department/app/units.h"
#include "services/department/store/department_store.h"
#include "tests/support/department_app_support.h"
#include "tests/support/test_database.h"

namespace fazhi::department {
namespace {

using absl::CivilDay;

constexpr char kReason[] = "依据《法治政府建设与责任落实督察工作规定》第二十四条";

class RelationStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    departments_ = std::make_unique<DepartmentStore>(&test_db_->db());
    store_ = std::make_unique<RelationStore>(&test_db_->db());
    AddUnit("henan", "河南省人民政府", Kind::kGovernment, Level::kProvince, "");
    AddUnit("henan-sft", "河南省司法厅", Kind::kGovernmentDepartment, Level::kProvince, "henan");
    AddUnit("henan-sthjt", "河南省生态环境厅", Kind::kGovernmentDepartment, Level::kProvince,
            "henan");
    AddUnit("jiyuan", "济源市人民政府", Kind::kGovernment, Level::kCity, "");
    AddUnit("jiyuan-swei", "中共济源市委员会", Kind::kPartyCommittee, Level::kCity, "");
    AddUnit("jiyuan-rdcwh", "济源市人民代表大会常务委员会", Kind::kCongressStandingCommittee,
            Level::kCity, "");
    AddUnit("jiyuan-sthjj", "济源市生态环境局", Kind::kGovernmentDepartment, Level::kCity,
            "jiyuan");
  }

  void AddUnit(const std::string& id, const std::string& name, Kind kind, Level level,
               const std::string& parent) {
    Department d;
    d.id = id;
    d.name = name;
    d.kind = kind;
    d.level = level;
    d.parent_id = parent;
    d.valid_from = CivilDay(2020, 1, 1);
    absl::Status s = departments_->InTransaction(audit_context_, [&](DepartmentRepository& repo) {
      return CreateDepartment(repo, d, "", testing::CallerAt(now_)).status();
    });
    ASSERT_TRUE(s.ok()) << id << ": " << s;
  }

  absl::StatusOr<SetRelationResult> Set(const std::string& unit, RelationKind kind,
                                        const std::string& related, CivilDay day,
                                        const std::string& reason = kReason) {
    SetRelationCommand c{unit, kind, related, day, reason};
    absl::StatusOr<SetRelationResult> result;
    absl::Status s = store_->InTransaction(audit_context_, [&](RelationRepository& repo) {
      result = SetRelation(repo, c, testing::CallerAt(now_, "admin-wang"));
      return result.status();
    });
    if (!s.ok()) return s;
    return result;
  }

  std::vector<Relation> List(const std::string& unit,
                             RelationKind kind = RelationKind::kUnspecified,
                             std::optional<CivilDay> as_of = std::nullopt) {
    absl::StatusOr<std::vector<Relation>> rows = store_->List({unit, kind, as_of});
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? *rows : std::vector<Relation>{};
  }

  std::vector<audit::AuditEntry> AuditOf(const std::string& unit) {
    audit::Filter filter;
    filter.target_type = "department";
    filter.target_id = unit;
    return *audit::List(test_db_->db(), filter, std::nullopt, 100);
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<DepartmentStore> departments_;
  std::unique_ptr<RelationStore> store_;
  audit::AuditContext audit_context_{"admin-wang", "/test.Store/Change", "req-relations-1"};
  absl::Time now_ = absl::FromUnixMicros(1614556800123456);  // 2021-03-01, with microseconds
};

TEST_F(RelationStoreTest, ReadsBackEveryFieldOrderedByKindThenDay) {
  // Set out of kind order: the list orders them.
  ASSERT_TRUE(Set("jiyuan", RelationKind::kSuperior, "henan", CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(
      Set("jiyuan", RelationKind::kCongressStandingCommittee, "jiyuan-rdcwh", CivilDay(2021, 1, 1))
          .ok());
  ASSERT_TRUE(
      Set("jiyuan", RelationKind::kPartyCommittee, "jiyuan-swei", CivilDay(2021, 1, 1)).ok());
  std::vector<Relation> all = List("jiyuan");
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].kind, RelationKind::kPartyCommittee);
  EXPECT_EQ(all[0].related_id, "jiyuan-swei");
  EXPECT_EQ(all[0].related_name, "中共济源市委员会");
  EXPECT_EQ(all[1].kind, RelationKind::kCongressStandingCommittee);
  EXPECT_EQ(all[1].related_name, "济源市人民代表大会常务委员会");
  EXPECT_EQ(all[2].kind, RelationKind::kSuperior);
  EXPECT_EQ(all[2].related_id, "henan");
  EXPECT_EQ(all[2].related_name, "河南省人民政府");
  for (const Relation& r : all) {
    EXPECT_EQ(r.department_id, "jiyuan");
    EXPECT_EQ(r.valid_from, CivilDay(2021, 1, 1));
    EXPECT_FALSE(r.valid_to.has_value());
    EXPECT_EQ(r.reason, kReason);  // Chinese text round-trips unchanged
    EXPECT_EQ(r.set_by, "admin-wang");
    EXPECT_EQ(absl::ToUnixMicros(r.set_time), 1614556800123456);
  }
  std::vector<Relation> superior = List("jiyuan", RelationKind::kSuperior);
  ASSERT_EQ(superior.size(), 1u);
  EXPECT_EQ(superior[0].related_id, "henan");
  EXPECT_TRUE(List("jiyuan-sthjj").empty());
}

TEST_F(RelationStoreTest, AChangeClosesTheOldRelationAndAsOfPicksTheOneInForce) {
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", CivilDay(2021, 7, 1)).ok());
  std::vector<Relation> history = List("jiyuan-sthjj");
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].related_id, "henan-sft");
  EXPECT_EQ(history[0].valid_from, CivilDay(2021, 1, 1));
  EXPECT_EQ(history[0].valid_to, CivilDay(2021, 7, 1));
  EXPECT_EQ(history[1].related_id, "henan-sthjt");
  EXPECT_EQ(history[1].valid_from, CivilDay(2021, 7, 1));
  EXPECT_FALSE(history[1].valid_to.has_value());

  auto on = [&](CivilDay day) {
    std::vector<std::string> ids;
    for (const Relation& r : List("jiyuan-sthjj", RelationKind::kUnspecified, day)) {
      ids.push_back(r.related_id);
    }
    return ids;
  };
  EXPECT_TRUE(on(CivilDay(2020, 12, 31)).empty());
  EXPECT_EQ(on(CivilDay(2021, 1, 1)), (std::vector<std::string>{"henan-sft"}));
  EXPECT_EQ(on(CivilDay(2021, 6, 30)), (std::vector<std::string>{"henan-sft"}));
  EXPECT_EQ(on(CivilDay(2021, 7, 1)), (std::vector<std::string>{"henan-sthjt"}));
  EXPECT_EQ(on(CivilDay(2030, 1, 1)), (std::vector<std::string>{"henan-sthjt"}));

  // Ending it: nothing in force from 2024-01-01.
  auto ended = Set("jiyuan-sthjj", RelationKind::kSuperior, "", CivilDay(2024, 1, 1), "机构改革");
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(on(CivilDay(2023, 12, 31)), (std::vector<std::string>{"henan-sthjt"}));
  EXPECT_TRUE(on(CivilDay(2024, 1, 1)).empty());
  EXPECT_EQ(List("jiyuan-sthjj")[1].valid_to, CivilDay(2024, 1, 1));
}

TEST_F(RelationStoreTest, EveryChangeIsAuditedUnderTheReportingUnit) {
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", CivilDay(2021, 7, 1),
                  "省厅职责调整")
                  .ok());
  // Setting it again changes nothing and writes no entry.
  ASSERT_TRUE(
      Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", CivilDay(2021, 7, 1)).ok());
  std::vector<audit::AuditEntry> entries = AuditOf("jiyuan-sthjj");
  ASSERT_EQ(entries.size(), 4u);  // the unit's creation, then three relation changes
  EXPECT_EQ(entries[0].action, "create");
  EXPECT_EQ(entries[1].action, "set_relation");
  EXPECT_EQ(entries[1].actor, "admin-wang");
  EXPECT_EQ(entries[1].request_id, "req-relations-1");
  EXPECT_EQ(entries[1].changes,
            "{\"relation_kind\":\"SUPERIOR\",\"related_id\":\"henan-sft\","
            "\"valid_from\":\"2021-01-01\",\"valid_to\":\"\",\"reason\":\"" +
                std::string(kReason) + "\"}");
  EXPECT_EQ(entries[2].action, "end_relation");
  EXPECT_EQ(entries[2].changes,
            "{\"relation_kind\":\"SUPERIOR\",\"valid_from\":\"2021-01-01\","
            "\"reason\":\"省厅职责调整\","
            "\"changes\":{\"valid_to\":{\"from\":\"\",\"to\":\"2021-07-01\"}}}");
  EXPECT_EQ(entries[3].action, "set_relation");
  EXPECT_NE(entries[3].changes.find("\"related_id\":\"henan-sthjt\""), std::string::npos);
}

TEST_F(RelationStoreTest, ACorrectionOnTheFirstDayRewritesTheRow) {
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", CivilDay(2021, 1, 1)).ok());
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt", CivilDay(2021, 1, 1),
                  "更正：应为省生态环境厅")
                  .ok());
  std::vector<Relation> history = List("jiyuan-sthjj");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].related_id, "henan-sthjt");
  EXPECT_EQ(history[0].related_name, "河南省生态环境厅");
  EXPECT_EQ(history[0].reason, "更正：应为省生态环境厅");
  std::vector<audit::AuditEntry> entries = AuditOf("jiyuan-sthjj");
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].action, "correct_relation");
  EXPECT_NE(
      entries[2].changes.find("\"related_id\":{\"from\":\"henan-sft\",\"to\":\"henan-sthjt\"}"),
      std::string::npos)
      << entries[2].changes;
}

TEST_F(RelationStoreTest, AFailedCallLeavesNeitherTheRelationNorItsEntry) {
  ASSERT_TRUE(Set("jiyuan-sthjj", RelationKind::kSuperior, "henan-sft", CivilDay(2021, 1, 1)).ok());
  absl::Status failed = store_->InTransaction(audit_context_, [&](RelationRepository& repo) {
    SetRelationCommand c{"jiyuan-sthjj", RelationKind::kSuperior, "henan-sthjt",
                         CivilDay(2021, 7, 1), kReason};
    absl::StatusOr<SetRelationResult> r =
        SetRelation(repo, c, testing::CallerAt(now_, "admin-wang"));
    if (!r.ok()) return r.status();
    return absl::InternalError("a later step failed");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kInternal);
  std::vector<Relation> history = List("jiyuan-sthjj");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].related_id, "henan-sft");
  EXPECT_FALSE(history[0].valid_to.has_value());
  EXPECT_EQ(AuditOf("jiyuan-sthjj").size(), 2u);
  // A rule's refusal writes nothing either.
  auto refused = Set("jiyuan-sthjj", RelationKind::kSuperior, "jiyuan", CivilDay(2021, 7, 1));
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(List("jiyuan-sthjj").size(), 1u);
}

}  // namespace
}  // namespace fazhi::department

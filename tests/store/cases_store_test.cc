// The cases store on SQLite and MariaDB: the same calls, the same answers.

#include "services/cases/store/cases_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/store/figures_store.h"
#include "tests/support/calendar.h"
#include "tests/support/test_database.h"

namespace fazhi::cases {
namespace {

using absl::CivilDay;

constexpr char kPersonId[] = "410881198503031234";

class CasesStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<CasesStore>(&test_db_->db());
  }

  EnforcementCase NewCase(const std::string& id, const std::string& department,
                          const std::string& number, CivilDay filed) {
    EnforcementCase c;
    c.id = id;
    c.department_id = department;
    c.kind = CaseKind::kPenalty;
    c.case_number = number;
    c.party = Party{PartyType::kPerson, "张三", kPersonId, ""};
    c.facts = "在禁燃区露天焚烧垃圾，违反《中华人民共和国大气污染防治法》😀";
    c.legal_basis = {{"中华人民共和国大气污染防治法", "第七十七条"},
                     {"中华人民共和国行政处罚法", "第三十二条"}};
    c.officer_ids = {"officer-wang", "officer-li"};
    c.stage = CaseStage::kFiled;
    c.filed_date = filed;
    SetDecisionDueDate(c, ::fazhi::testing::ShippedCalendar());
    c.create_time = c.update_time = now_;
    c.created_by = c.updated_by = "clerk-sthjj";
    c.version = 1;
    return c;
  }

  CaseEvent Event(CaseStage from, CaseStage to, const std::string& action,
                  std::vector<Evidence> evidence = {}) {
    CaseEvent e;
    e.from_stage = from;
    e.to_stage = to;
    e.action = action;
    e.actor = "clerk-sthjj";
    e.time = now_;
    e.note = "现场检查";
    e.evidence = std::move(evidence);
    return e;
  }

  absl::StatusOr<EnforcementCase> File(const EnforcementCase& c, const std::string& request_id = "",
                                       std::vector<Evidence> evidence = {}) {
    return store_->CreateCase(
        c, Event(CaseStage::kUnspecified, CaseStage::kFiled, "file", std::move(evidence)),
        request_id, audit_);
  }

  // Moves a stored case to decided on the day, fined fen, and returns it as stored.
  EnforcementCase Decide(EnforcementCase c, CivilDay day, int64_t fen) {
    CaseStage from = c.stage;
    c.stage = CaseStage::kDecided;
    Decision d;
    d.document_number = absl::StrCat("济环罚〔", day.year(), "〕", c.id, "号");
    d.date = day;
    d.outcome = DecisionOutcome::kPenalty;
    d.sanctions = {{SanctionType::kWarning, 0, "警告"}, {SanctionType::kFine, fen, "罚款"}};
    d.officer_ids = {"officer-li", "officer-zhao"};
    c.decision = d;
    c.disclosure.due_date = day + 9;
    absl::StatusOr<EnforcementCase> stored =
        store_->UpdateCase(c, Event(from, CaseStage::kDecided, "decide"), audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : c;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<CasesStore> store_;
  audit::AuditContext audit_{"clerk-sthjj", "/fazhi.cases.v1.EnforcementCaseService/FileCase",
                             "req-1"};
  absl::Time now_ = absl::FromUnixSeconds(1622505600);  // 2021-06-01 08:00 in China
};

TEST_F(CasesStoreTest, AFiledCaseReadsBackWithItsRecord) {
  std::vector<Evidence> evidence{
      {EvidenceKind::kVideo, "bodycam/2021/06/01/0001.mp4", std::string(64, 'a'), "执法记录仪",
       absl::FromUnixSeconds(1622500000)},
      {EvidenceKind::kPhoto, "oss://evidence/p1.jpg", std::string(64, 'b'), "", std::nullopt}};
  absl::StatusOr<EnforcementCase> stored = File(
      NewCase("case-1", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1)), "", evidence);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->case_number, "济环罚立〔2021〕1号");
  EXPECT_EQ(stored->party.id_number, kPersonId);
  EXPECT_EQ(stored->facts, "在禁燃区露天焚烧垃圾，违反《中华人民共和国大气污染防治法》😀");
  ASSERT_EQ(stored->legal_basis.size(), 2u);
  EXPECT_EQ(stored->legal_basis[1].article, "第三十二条");
  EXPECT_EQ(stored->officer_ids, (std::vector<std::string>{"officer-wang", "officer-li"}));
  EXPECT_EQ(stored->decision_due_date, CivilDay(2021, 8, 30));
  EXPECT_EQ(stored->version, 1);
  ASSERT_EQ(stored->events.size(), 1u);
  EXPECT_EQ(stored->events[0].sequence, 1);
  EXPECT_EQ(stored->events[0].action, "file");
  ASSERT_EQ(stored->events[0].evidence.size(), 2u);
  EXPECT_EQ(stored->events[0].evidence[0].reference, "bodycam/2021/06/01/0001.mp4");
  EXPECT_EQ(stored->events[0].evidence[0].capture_time, absl::FromUnixSeconds(1622500000));
  EXPECT_FALSE(stored->events[0].evidence[1].capture_time.has_value());
  EXPECT_FALSE(stored->decision.has_value());

  absl::StatusOr<std::optional<std::string>> department = store_->CaseDepartment("case-1");
  ASSERT_TRUE(department.ok());
  EXPECT_EQ(**department, "jiyuan-sthjj");
  absl::StatusOr<std::optional<EnforcementCase>> missing = store_->GetCase("case-x", true);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  // The filing is audited, the ID number masked.
  absl::StatusOr<std::vector<audit::AuditEntry>> entries =
      audit::List(test_db_->db(), {"enforcement_case", "case-1", {}, {}}, std::nullopt, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].action, "file");
  EXPECT_EQ((*entries)[0].changes.find(kPersonId), std::string::npos);
  EXPECT_NE((*entries)[0].changes.find("410881********1234"), std::string::npos);
}

TEST_F(CasesStoreTest, ARetriedFilingReturnsTheFirstCase) {
  ASSERT_TRUE(
      File(NewCase("case-1", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1)), "req-a")
          .ok());
  absl::StatusOr<EnforcementCase> again =
      File(NewCase("case-2", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1)), "req-a");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id, "case-1");
  absl::StatusOr<std::optional<EnforcementCase>> second = store_->GetCase("case-2", false);
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->has_value());
  // Another department cannot reach the case through the same request id.
  absl::StatusOr<EnforcementCase> other = File(
      NewCase("case-3", "jiyuan-scjgj", "济市监罚立〔2021〕1号", CivilDay(2021, 6, 1)), "req-a");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(other.status().message().find("request_id"), std::string::npos);
}

TEST_F(CasesStoreTest, ACaseNumberIsUniqueWithinItsDepartment) {
  ASSERT_TRUE(
      File(NewCase("case-1", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1))).ok());
  absl::StatusOr<EnforcementCase> duplicate =
      File(NewCase("case-2", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 2)));
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(duplicate.status().message().find("enforcement_case.case_number"), std::string::npos)
      << duplicate.status();
  // Nothing of the refused case was written.
  absl::StatusOr<std::optional<EnforcementCase>> none = store_->GetCase("case-2", true);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_TRUE(
      File(NewCase("case-3", "jiyuan-scjgj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1))).ok());
}

TEST_F(CasesStoreTest, UpdatesAreVersionedAndRecordedAsEvents) {
  absl::StatusOr<EnforcementCase> c =
      File(NewCase("case-1", "jiyuan-sthjj", "济环罚立〔2021〕1号", CivilDay(2021, 6, 1)));
  ASSERT_TRUE(c.ok());
  EnforcementCase investigating = *c;
  investigating.stage = CaseStage::kInvestigating;
  absl::StatusOr<EnforcementCase> moved = store_->UpdateCase(
      investigating, Event(CaseStage::kFiled, CaseStage::kInvestigating, "start_investigation"),
      audit_);
  ASSERT_TRUE(moved.ok()) << moved.status();
  EXPECT_EQ(moved->version, 2);
  EXPECT_EQ(moved->stage, CaseStage::kInvestigating);
  ASSERT_EQ(moved->events.size(), 2u);
  EXPECT_EQ(moved->events[1].sequence, 2);
  EXPECT_EQ(moved->events[1].from_stage, CaseStage::kFiled);

  // The same base version again: someone else moved it first.
  absl::StatusOr<EnforcementCase> stale = store_->UpdateCase(
      investigating, Event(CaseStage::kFiled, CaseStage::kInvestigating, "start_investigation"),
      audit_);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  absl::StatusOr<std::optional<EnforcementCase>> unchanged = store_->GetCase("case-1", true);
  ASSERT_TRUE(unchanged.ok());
  EXPECT_EQ((*unchanged)->events.size(), 2u) << "a refused update writes no event";

  EnforcementCase decided = Decide(*moved, CivilDay(2021, 7, 1), 1500000);
  EXPECT_EQ(decided.version, 3);
  ASSERT_TRUE(decided.decision.has_value());
  EXPECT_EQ(decided.decision->sanctions.size(), 2u);
  EXPECT_EQ(decided.decision->sanctions[1].amount_fen, 1500000);
  EXPECT_EQ(decided.decision->officer_ids,
            (std::vector<std::string>{"officer-li", "officer-zhao"}));
  EXPECT_EQ(decided.officer_ids, (std::vector<std::string>{"officer-wang", "officer-li"}));
  EXPECT_EQ(decided.disclosure.due_date, CivilDay(2021, 7, 10));

  EnforcementCase gone = decided;
  gone.id = "case-x";
  EXPECT_EQ(
      store_->UpdateCase(gone, Event(CaseStage::kDecided, CaseStage::kDecided, "publish"), audit_)
          .status()
          .code(),
      absl::StatusCode::kNotFound);

  absl::StatusOr<std::vector<audit::AuditEntry>> entries =
      audit::List(test_db_->db(), {"enforcement_case", "case-1", {}, {}}, std::nullopt, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[2].action, "decide");
}

TEST_F(CasesStoreTest, AHearingReadsBackWithTheCase) {  // 行政处罚法 Arts 63-65
  absl::StatusOr<EnforcementCase> c =
      File(NewCase("case-h", "jiyuan-sthjj", "济环罚立〔2021〕9号", CivilDay(2021, 9, 1)));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_FALSE(c->hearing_requested);
  EXPECT_FALSE(c->hearing_request_date.has_value());
  EXPECT_FALSE(c->hearing.has_value());
  EXPECT_FALSE(c->hearing_rights);

  EnforcementCase notified = *c;
  notified.stage = CaseStage::kNotified;
  notified.notified_date = CivilDay(2021, 9, 24);
  notified.hearing_requested = true;
  notified.hearing_request_date = CivilDay(2021, 9, 27);
  absl::StatusOr<EnforcementCase> stored = store_->UpdateCase(
      notified, Event(CaseStage::kFiled, CaseStage::kNotified, "notify"), audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(stored->hearing_requested);
  EXPECT_EQ(stored->hearing_request_date, CivilDay(2021, 9, 27));
  EXPECT_FALSE(stored->hearing.has_value());

  EnforcementCase held = *stored;
  held.hearing = PenaltyHearing{CivilDay(2021, 9, 27), CivilDay(2021, 10, 11), false,
                                "officer-zhao", "听证笔录/济环〔2021〕听3号"};
  stored = store_->UpdateCase(
      held, Event(CaseStage::kNotified, CaseStage::kNotified, "hold_hearing"), audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->stage, CaseStage::kNotified);

  EnforcementCase decided = *stored;
  decided.hearing_rights = true;
  decided = Decide(decided, CivilDay(2021, 10, 12), 1000000);
  absl::StatusOr<std::optional<EnforcementCase>> read = store_->GetCase("case-h", true);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->has_value());
  const EnforcementCase& r = **read;
  EXPECT_TRUE(r.hearing_requested);
  EXPECT_EQ(r.hearing_request_date, CivilDay(2021, 9, 27));
  EXPECT_TRUE(r.hearing_rights);
  ASSERT_TRUE(r.hearing.has_value());
  EXPECT_EQ(r.hearing->notice_date, CivilDay(2021, 9, 27));
  EXPECT_EQ(r.hearing->hearing_date, CivilDay(2021, 10, 11));
  EXPECT_FALSE(r.hearing->party_appeared);
  EXPECT_EQ(r.hearing->presiding_officer_id, "officer-zhao");
  EXPECT_EQ(r.hearing->transcript_reference, "听证笔录/济环〔2021〕听3号");
  ASSERT_EQ(r.events.size(), 4u);
  EXPECT_EQ(r.events[2].action, "hold_hearing");

  // A hearing with the party present and no transcript reference.
  EnforcementCase other =
      NewCase("case-i", "jiyuan-sthjj", "济环罚立〔2021〕10号", CivilDay(2021, 9, 1));
  ASSERT_TRUE(File(other).ok());
  other.version = 1;
  other.stage = CaseStage::kNotified;
  other.notified_date = CivilDay(2021, 9, 24);
  other.hearing_requested = true;
  other.hearing =
      PenaltyHearing{CivilDay(2021, 9, 24), CivilDay(2021, 10, 9), true, "officer-zhao", ""};
  stored =
      store_->UpdateCase(other, Event(CaseStage::kFiled, CaseStage::kNotified, "notify"), audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_FALSE(stored->hearing_request_date.has_value());
  ASSERT_TRUE(stored->hearing.has_value());
  EXPECT_TRUE(stored->hearing->party_appeared);
  EXPECT_EQ(stored->hearing->transcript_reference, "");
  EXPECT_FALSE(stored->hearing_rights);
}

TEST_F(CasesStoreTest, ListingPagesByFilingDateOverDepartmentsAndFilters) {
  for (int i = 1; i <= 5; ++i) {
    EnforcementCase c = NewCase(absl::StrCat("case-", i), i % 2 ? "jiyuan-sthjj" : "jiyuan-kejing",
                                absl::StrCat("No.", i), CivilDay(2021, 6, 10 - i));
    c.major = i == 3;
    ASSERT_TRUE(File(c).ok());
  }
  ASSERT_TRUE(File(NewCase("case-old", "jiyuan-sthjj", "No.old", CivilDay(2020, 12, 1))).ok());
  ASSERT_TRUE(File(NewCase("case-other", "jiyuan-scjgj", "No.o", CivilDay(2021, 6, 1))).ok());

  CaseFilter filter;
  filter.department_ids = {"jiyuan-sthjj", "jiyuan-kejing"};
  filter.year = 2021;
  std::vector<std::string> seen;
  std::optional<CaseCursor> after;
  for (int page = 0; page < 5; ++page) {
    absl::StatusOr<std::vector<EnforcementCase>> rows = store_->ListCases(filter, after, 2);
    ASSERT_TRUE(rows.ok()) << rows.status();
    for (const EnforcementCase& c : *rows) {
      seen.push_back(c.id);
      EXPECT_EQ(c.officer_ids.size(), 2u);
      EXPECT_TRUE(c.events.empty());
    }
    if (rows->size() < 2) break;
    after = CaseCursor{time_util::ToYmd(rows->back().filed_date), rows->back().id};
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"case-5", "case-4", "case-3", "case-2", "case-1"}));

  filter.major_only = true;
  absl::StatusOr<std::vector<EnforcementCase>> major = store_->ListCases(filter, std::nullopt, 10);
  ASSERT_TRUE(major.ok());
  ASSERT_EQ(major->size(), 1u);
  EXPECT_EQ((*major)[0].id, "case-3");
  filter.major_only = false;
  filter.year = 0;
  filter.department_ids = {"jiyuan-sthjj"};
  filter.stage = CaseStage::kFiled;
  filter.kind = CaseKind::kPenalty;
  absl::StatusOr<std::vector<EnforcementCase>> all = store_->ListCases(filter, std::nullopt, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 4u);  // case-1, 3, 5 and the 2020 one
  filter.stage = CaseStage::kDecided;
  all = store_->ListCases(filter, std::nullopt, 10);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

// A subtree listing with stage and year (the scale benchmark's ListCases, which MariaDB is told to
// serve from ix_enforcement_cases_year_stage_page since migration 0131): filing order across units,
// cases filed the same day in id order, pages that continue after their cursor, other stages, years
// and units left out.
TEST_F(CasesStoreTest, ASubtreeListingByStageAndYearPagesInFilingOrderAcrossUnits) {
  const std::vector<std::string> units = {"jiyuan-sthjj", "jiyuan-kejing", "jiyuan-scjgj"};
  std::vector<std::string> expected;
  for (int i = 0; i < 9; ++i) {
    // Three a day, each day's three in different units; ids sort against filing order.
    std::string id = absl::StrCat("case-", 9 - i);
    EnforcementCase c =
        NewCase(id, units[i % 3], absl::StrCat("No.", i), CivilDay(2022, 3, 1 + i / 3));
    absl::StatusOr<EnforcementCase> filed = File(c);
    ASSERT_TRUE(filed.ok()) << filed.status();
    if (i % 4 != 0) {
      Decide(*filed, CivilDay(2022, 4, 1), 1000);
      expected.push_back(id);
    }
  }
  // Decided too, but filed in another year; and filed in 2022 by a unit outside the subtree.
  absl::StatusOr<EnforcementCase> other_year =
      File(NewCase("case-2021", "jiyuan-sthjj", "No.2021", CivilDay(2021, 12, 30)));
  ASSERT_TRUE(other_year.ok()) << other_year.status();
  Decide(*other_year, CivilDay(2022, 1, 5), 1000);
  absl::StatusOr<EnforcementCase> outside =
      File(NewCase("case-out", "jiyuan-zrzyj", "No.out", CivilDay(2022, 3, 1)));
  ASSERT_TRUE(outside.ok()) << outside.status();
  Decide(*outside, CivilDay(2022, 4, 1), 1000);
  // Within a day, id order (the ids were chosen against filing order).
  std::vector<std::string> by_order;
  for (int day = 0; day < 3; ++day) {
    std::vector<std::string> ids;
    for (int i = day * 3; i < day * 3 + 3; ++i) {
      if (i % 4 != 0) ids.push_back(absl::StrCat("case-", 9 - i));
    }
    std::sort(ids.begin(), ids.end());
    by_order.insert(by_order.end(), ids.begin(), ids.end());
  }
  ASSERT_EQ(by_order.size(), expected.size());

  CaseFilter filter;
  filter.department_ids = units;
  filter.stage = CaseStage::kDecided;
  filter.year = 2022;
  std::vector<std::string> seen;
  std::optional<CaseCursor> after;
  for (int page = 0; page < 10; ++page) {
    absl::StatusOr<std::vector<EnforcementCase>> rows = store_->ListCases(filter, after, 2);
    ASSERT_TRUE(rows.ok()) << rows.status();
    for (const EnforcementCase& c : *rows) {
      seen.push_back(c.id);
      EXPECT_EQ(c.stage, CaseStage::kDecided);
      ASSERT_TRUE(c.decision.has_value());
      EXPECT_EQ(c.decision->sanctions.size(), 2u);
    }
    if (rows->size() < 2) break;
    after = CaseCursor{time_util::ToYmd(rows->back().filed_date), rows->back().id};
  }
  EXPECT_EQ(seen, by_order);
}

// A subtree listing with a stage and no year (served on MariaDB from
// ix_enforcement_cases_stage_page, migration 0131, which ends in department_id so that the units
// are checked on its entries): filing order across years and units, pages that continue after
// their cursor across a year's end, the stage's cases of units outside the subtree and the
// subtree's cases at other stages left out.
TEST_F(CasesStoreTest, ASubtreeListingByStageAcrossYearsSkipsOtherUnitsInFilingOrder) {
  const std::vector<std::string> units = {"jiyuan-sthjj", "jiyuan-kejing"};
  for (int i = 0; i < 8; ++i) {
    // Two a day from 2021-12-30 to 2022-01-02, alternating units, the larger id filed first; and
    // each day a case of a unit outside the subtree, decided too.
    CivilDay day = CivilDay(2021, 12, 30) + i / 2;
    std::string id = absl::StrCat("case-", 8 - i);
    absl::StatusOr<EnforcementCase> filed =
        File(NewCase(id, units[i % 2], absl::StrCat("No.", i), day));
    ASSERT_TRUE(filed.ok()) << filed.status();
    if (i % 2 == 0) {
      absl::StatusOr<EnforcementCase> outside = File(
          NewCase(absl::StrCat("case-out-", i), "jiyuan-zrzyj", absl::StrCat("No.out", i), day));
      ASSERT_TRUE(outside.ok()) << outside.status();
      Decide(*outside, CivilDay(2022, 2, 1), 500);
    }
    if (i != 5) Decide(*filed, CivilDay(2022, 2, 1), 1000);  // case-3 stays filed
  }
  CaseFilter filter;
  filter.department_ids = units;
  filter.stage = CaseStage::kDecided;
  std::vector<std::string> seen;
  std::optional<CaseCursor> after;
  for (int page = 0; page < 10; ++page) {
    absl::StatusOr<std::vector<EnforcementCase>> rows = store_->ListCases(filter, after, 3);
    ASSERT_TRUE(rows.ok()) << rows.status();
    for (const EnforcementCase& c : *rows) {
      seen.push_back(c.id);
      EXPECT_NE(c.department_id, "jiyuan-zrzyj");
      EXPECT_EQ(c.stage, CaseStage::kDecided);
    }
    if (rows->size() < 3) break;
    after = CaseCursor{time_util::ToYmd(rows->back().filed_date), rows->back().id};
  }
  // Days, each in id order: 12-30 {case-7, case-8}, 12-31 {case-5, case-6}, 01-01 {case-4; case-3
  // is not decided}, 01-02 {case-1, case-2}.
  EXPECT_EQ(seen, (std::vector<std::string>{"case-7", "case-8", "case-5", "case-6", "case-4",
                                            "case-1", "case-2"}));
}

// The scale benchmark's generator writes case rows with CaseColumnNames and CaseRowValues
// instead of CreateCase: such a row must read back as the case it was made from.
TEST_F(CasesStoreTest, ARowFromCaseRowValuesReadsBackAsItsCase) {
  EnforcementCase c = NewCase("case-direct", "jiyuan-sthjj", "No.direct", CivilDay(2022, 5, 9));
  c.stage = CaseStage::kDecided;
  Decision d;
  d.document_number = "济环罚〔2022〕7号";
  d.date = CivilDay(2022, 6, 1);
  d.outcome = DecisionOutcome::kPenalty;
  d.summary = "罚款";
  c.decision = d;
  c.disclosure.due_date = CivilDay(2022, 6, 10);
  c.disclosure.published = true;
  c.disclosure.publish_time = absl::FromUnixSeconds(1654500000);
  c.disclosure.public_summary = "某公司违法排污";
  c.collected_fen = 500000;
  std::vector<std::string> names = CaseColumnNames();
  std::vector<db::Value> values = CaseRowValues(c);
  ASSERT_EQ(names.size(), values.size());
  std::string marks;
  for (size_t i = 0; i < names.size(); ++i) absl::StrAppend(&marks, i ? ", ?" : "?");
  ASSERT_TRUE(test_db_->db()
                  .Execute(absl::StrCat("INSERT INTO enforcement_cases (",
                                        absl::StrJoin(names, ", "), ") VALUES (", marks, ")"),
                           values)
                  .ok());
  absl::StatusOr<std::optional<EnforcementCase>> read = store_->GetCase("case-direct", false);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->has_value());
  const EnforcementCase& got = **read;
  EXPECT_EQ(got.department_id, "jiyuan-sthjj");
  EXPECT_EQ(got.case_number, "No.direct");
  EXPECT_EQ(got.party.id_number, kPersonId);
  EXPECT_EQ(got.stage, CaseStage::kDecided);
  EXPECT_EQ(got.filed_date, CivilDay(2022, 5, 9));
  EXPECT_EQ(got.decision_due_date, c.decision_due_date);
  ASSERT_TRUE(got.decision.has_value());
  EXPECT_EQ(got.decision->document_number, "济环罚〔2022〕7号");
  EXPECT_EQ(got.decision->date, CivilDay(2022, 6, 1));
  EXPECT_EQ(got.decision->outcome, DecisionOutcome::kPenalty);
  EXPECT_TRUE(got.disclosure.published);
  EXPECT_EQ(got.disclosure.publish_time, c.disclosure.publish_time);
  EXPECT_EQ(got.disclosure.public_summary, "某公司违法排污");
  EXPECT_EQ(got.collected_fen, 500000);
  EXPECT_EQ(got.version, 1);
}

// Migration 0130 keeps a decision's fines on its case row (fined_fen) and fills the column for
// the decisions made before it: SummarizeCases counts their fines as it did from case_sanctions.
TEST(CasesMigrationTest, FinesOfEarlierDecisionsAreFilledIn) {
  absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
  ASSERT_TRUE(t.ok()) << t.status();
  db::Database& database = (*t)->db();
  std::vector<db::Migration> before;
  for (const db::Migration& m : Migrations()) {
    if (m.version < 130) before.push_back(m);
  }
  ASSERT_TRUE(db::Migrate(database, before).ok());
  // A case decided with a fine and a confiscation, and an undecided one, as 0123 stored them.
  std::vector<std::string> names = CaseColumnNames();
  names.pop_back();  // fined_fen did not exist yet
  auto insert = [&](const std::string& id, std::optional<int64_t> decision_ymd) {
    std::vector<db::Value> values(names.size(), int64_t{0});
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string& n = names[i];
      if (n == "id") values[i] = id;
      if (n == "department_id") values[i] = std::string("jiyuan-sthjj");
      if (n == "kind") values[i] = int64_t{static_cast<int>(CaseKind::kPenalty)};
      if (n == "case_number" || n == "party_name" || n == "facts" || n == "created_by" ||
          n == "updated_by") {
        values[i] = absl::StrCat(n, "-", id);
      }
      if (n == "filed_ymd") values[i] = int64_t{20210301};
      if (n == "filed_year") values[i] = int64_t{2021};
      if (n == "decision_ymd") values[i] = decision_ymd ? db::Value(*decision_ymd) : db::Null();
      if (n == "decision_year") values[i] = decision_ymd ? db::Value(int64_t{2021}) : db::Null();
      if (n.find("_id_number") != std::string::npos || n == "party_credit_code") {
        values[i] = db::Null();
      }
    }
    std::string marks;
    for (size_t i = 0; i < names.size(); ++i) absl::StrAppend(&marks, i ? ", ?" : "?");
    return database
        .Execute(absl::StrCat("INSERT INTO enforcement_cases (", absl::StrJoin(names, ", "),
                              ") VALUES (", marks, ")"),
                 values)
        .status();
  };
  ASSERT_TRUE(insert("case-decided", 20210601).ok());
  ASSERT_TRUE(insert("case-open", std::nullopt).ok());
  for (const auto& [seq, type, fen] : std::vector<std::tuple<int64_t, SanctionType, int64_t>>{
           {1, SanctionType::kFine, 30000},
           {2, SanctionType::kConfiscation, 777},
           {3, SanctionType::kFine, 5000}}) {
    ASSERT_TRUE(
        database
            .Execute("INSERT INTO case_sanctions (case_id, seq, sanction_type, amount_fen) "
                     "VALUES (?, ?, ?, ?)",
                     {std::string("case-decided"), seq, int64_t{static_cast<int>(type)}, fen})
            .ok());
  }
  ASSERT_TRUE(db::Migrate(database, Migrations()).ok());

  absl::StatusOr<db::Result> rows =
      database.Execute("SELECT id, fined_fen FROM enforcement_cases ORDER BY id", {});
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->rows.size(), 2u);
  EXPECT_EQ(rows->rows[0].Text(0), "case-decided");
  EXPECT_EQ(rows->rows[0].Int(1), 35000);  // the fines, not the confiscation
  EXPECT_EQ(rows->rows[1].Int(1), 0);
  FiguresStore figures(&database);
  absl::StatusOr<std::map<std::string, CaseFigures>> summary =
      figures.Summarize({"jiyuan-sthjj"}, 2021, FigureGroup::kTotal);
  ASSERT_TRUE(summary.ok()) << summary.status();
  EXPECT_EQ(summary->at("").fines_imposed_fen, 35000);
  EXPECT_EQ(summary->at("").decisions, 1);
  EXPECT_EQ(summary->at("").cases_filed, 2);
}

TEST_F(CasesStoreTest, TheFeedHoldsPublishedUnrevokedDecisionsNewestFirst) {
  std::vector<EnforcementCase> decided;
  for (int i = 1; i <= 4; ++i) {
    absl::StatusOr<EnforcementCase> c =
        File(NewCase(absl::StrCat("case-", i), i == 4 ? "jiyuan-kejing" : "jiyuan-sthjj",
                     absl::StrCat("No.", i), CivilDay(2021, 6, 1)));
    ASSERT_TRUE(c.ok());
    decided.push_back(Decide(*c, CivilDay(2021, 7, i), 10000 * i));
  }
  for (int i : {0, 1, 3}) {
    EnforcementCase c = decided[i];
    c.disclosure.published = true;
    c.disclosure.publish_time = now_;
    absl::StatusOr<EnforcementCase> published =
        store_->UpdateCase(c, Event(CaseStage::kDecided, CaseStage::kDecided, "publish"), audit_);
    ASSERT_TRUE(published.ok()) << published.status();
    decided[i] = *published;
  }
  // case-2 is revoked after publication and leaves the feed.
  EnforcementCase revoked = decided[1];
  revoked.revoked = true;
  revoked.disclosure.withdrawn = true;
  revoked.disclosure.withdraw_reason = "行政复议撤销";
  ASSERT_TRUE(
      store_->UpdateCase(revoked, Event(CaseStage::kDecided, CaseStage::kDecided, "revoke"), audit_)
          .ok());

  absl::StatusOr<std::vector<EnforcementCase>> feed =
      store_->ListPublished(PublicFilter{}, std::nullopt, 10);
  ASSERT_TRUE(feed.ok()) << feed.status();
  ASSERT_EQ(feed->size(), 2u);
  EXPECT_EQ((*feed)[0].id, "case-4");
  EXPECT_EQ((*feed)[1].id, "case-1");
  EXPECT_EQ((*feed)[1].decision->sanctions.size(), 2u);

  absl::StatusOr<std::vector<EnforcementCase>> page =
      store_->ListPublished(PublicFilter{}, PublicCursor{20210704, "case-4"}, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].id, "case-1");
  absl::StatusOr<std::vector<EnforcementCase>> kejing =
      store_->ListPublished(PublicFilter{{"jiyuan-kejing"}, 2021}, std::nullopt, 10);
  ASSERT_TRUE(kejing.ok());
  ASSERT_EQ(kejing->size(), 1u);
  absl::StatusOr<std::vector<EnforcementCase>> other_year =
      store_->ListPublished(PublicFilter{{}, 2022}, std::nullopt, 10);
  ASSERT_TRUE(other_year.ok());
  EXPECT_TRUE(other_year->empty());

  // Over several units (MariaDB is told the feed-order index): with and without the year, from a
  // cursor, and a unit without decisions changes nothing.
  auto ids = [&](const PublicFilter& filter, const std::optional<PublicCursor>& after) {
    absl::StatusOr<std::vector<EnforcementCase>> listed = store_->ListPublished(filter, after, 10);
    EXPECT_TRUE(listed.ok()) << listed.status();
    std::vector<std::string> out;
    if (listed.ok()) {
      for (const EnforcementCase& c : *listed) out.push_back(c.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  const std::vector<std::string> units = {"jiyuan-sthjj", "jiyuan-kejing", "jiyuan-sfj"};
  EXPECT_EQ(ids(PublicFilter{units, 0}, std::nullopt), (Ids{"case-4", "case-1"}));
  EXPECT_EQ(ids(PublicFilter{units, 2021}, std::nullopt), (Ids{"case-4", "case-1"}));
  EXPECT_EQ(ids(PublicFilter{units, 2021}, PublicCursor{20210704, "case-4"}), Ids{"case-1"});
  EXPECT_EQ(ids(PublicFilter{units, 2022}, std::nullopt), Ids{});
  EXPECT_EQ(ids(PublicFilter{{"jiyuan-sthjj", "jiyuan-sfj"}, 2021}, std::nullopt), Ids{"case-1"});
}

TEST_F(CasesStoreTest, OverdueDecisionsAndDisclosures) {
  // Filed 2021-03-01: the 90th day is Sunday 2021-05-30, so due Monday 05-31 (民法典 Art. 203).
  // Filed 2021-06-01: due 2021-08-30. Withdrawn and
  // transferred cases owe no decision, however old.
  ASSERT_TRUE(File(NewCase("case-late", "jiyuan-sthjj", "No.1", CivilDay(2021, 3, 1))).ok());
  ASSERT_TRUE(File(NewCase("case-fresh", "jiyuan-sthjj", "No.2", CivilDay(2021, 6, 1))).ok());
  absl::StatusOr<EnforcementCase> withdrawn =
      File(NewCase("case-withdrawn", "jiyuan-sthjj", "No.3", CivilDay(2021, 3, 1)));
  ASSERT_TRUE(withdrawn.ok());
  withdrawn->stage = CaseStage::kWithdrawn;
  withdrawn->withdraw_reason = "不构成违法";
  ASSERT_TRUE(store_
                  ->UpdateCase(*withdrawn,
                               Event(CaseStage::kFiled, CaseStage::kWithdrawn, "withdraw"), audit_)
                  .ok());
  absl::StatusOr<EnforcementCase> transferred =
      File(NewCase("case-transferred", "jiyuan-sthjj", "No.5", CivilDay(2021, 3, 1)));
  ASSERT_TRUE(transferred.ok());
  transferred->stage = CaseStage::kTransferred;
  transferred->transfer = Transfer{TransferDestination::kPoliceCriminal, "济源市公安局",
                                   "涉嫌污染环境罪", CivilDay(2021, 4, 1)};
  ASSERT_TRUE(store_
                  ->UpdateCase(*transferred,
                               Event(CaseStage::kFiled, CaseStage::kTransferred, "transfer"),
                               audit_)
                  .ok());
  absl::StatusOr<EnforcementCase> decided =
      File(NewCase("case-unpublished", "jiyuan-kejing", "No.4", CivilDay(2021, 3, 1)));
  ASSERT_TRUE(decided.ok());
  Decide(*decided, CivilDay(2021, 5, 10), 100);  // disclosure due 2021-05-19

  absl::StatusOr<std::vector<OverdueRow>> decisions =
      store_->UndecidedPastDue({"jiyuan-sthjj", "jiyuan-kejing"}, 20210601, std::nullopt, 100);
  ASSERT_TRUE(decisions.ok()) << decisions.status();
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].id, "case-late");
  EXPECT_EQ((*decisions)[0].due_ymd, 20210531);
  decisions = store_->UndecidedPastDue({"jiyuan-sthjj"}, 20210531, std::nullopt, 100);
  ASSERT_TRUE(decisions.ok());
  EXPECT_TRUE(decisions->empty()) << "due on the day is not yet overdue";

  absl::StatusOr<std::vector<OverdueRow>> disclosures =
      store_->UnpublishedPastDue({"jiyuan-sthjj", "jiyuan-kejing"}, 20210601, std::nullopt, 100);
  ASSERT_TRUE(disclosures.ok()) << disclosures.status();
  ASSERT_EQ(disclosures->size(), 1u);
  EXPECT_EQ((*disclosures)[0].id, "case-unpublished");
  EXPECT_EQ((*disclosures)[0].due_ymd, 20210519);
  EXPECT_EQ((*disclosures)[0].department_id, "jiyuan-kejing");
  disclosures = store_->UnpublishedPastDue({"jiyuan-sthjj"}, 20210601, std::nullopt, 100);
  ASSERT_TRUE(disclosures.ok());
  EXPECT_TRUE(disclosures->empty());
}

// A page at a time, by due date and then id, cut by the database: a cursor on a due date that
// several cases share resumes after its id.
TEST_F(CasesStoreTest, OverdueListsComeAPageAtATimeByDueDateAndId) {
  // Filed 2021-03-01: due 2021-05-31; filed 2021-06-01: due 2021-08-30 (as above).
  for (const char* id : {"case-c", "case-a", "case-d"}) {
    ASSERT_TRUE(File(NewCase(id, "jiyuan-sthjj", id, CivilDay(2021, 3, 1))).ok());
  }
  ASSERT_TRUE(File(NewCase("case-b", "jiyuan-kejing", "case-b", CivilDay(2021, 6, 1))).ok());
  for (const char* id : {"case-f", "case-e"}) {
    absl::StatusOr<EnforcementCase> filed =
        File(NewCase(id, "jiyuan-kejing", id, CivilDay(2021, 3, 1)));
    ASSERT_TRUE(filed.ok());
    Decide(*filed, CivilDay(2021, 5, 10), 100);  // disclosure due 2021-05-19
  }
  const std::vector<std::string> units = {"jiyuan-sthjj", "jiyuan-kejing"};
  auto decisions = [&](std::optional<OverdueCursor> after, int limit) {
    absl::StatusOr<std::vector<OverdueRow>> rows =
        store_->UndecidedPastDue(units, 20210901, after, limit);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<std::string> ids;
    if (rows.ok()) {
      for (const OverdueRow& row : *rows) ids.push_back(absl::StrCat(row.due_ymd, " ", row.id));
    }
    return ids;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(decisions(std::nullopt, 2), (Ids{"20210531 case-a", "20210531 case-c"}));
  EXPECT_EQ(decisions(OverdueCursor{20210531, "case-c"}, 2),
            (Ids{"20210531 case-d", "20210830 case-b"}));
  EXPECT_EQ(decisions(OverdueCursor{20210531, "case-d"}, 5), Ids{"20210830 case-b"});
  EXPECT_EQ(decisions(OverdueCursor{20210830, "case-b"}, 5), Ids{});
  EXPECT_EQ(decisions(std::nullopt, 0), Ids{});

  absl::StatusOr<std::vector<OverdueRow>> disclosures =
      store_->UnpublishedPastDue(units, 20210901, std::nullopt, 1);
  ASSERT_TRUE(disclosures.ok()) << disclosures.status();
  ASSERT_EQ(disclosures->size(), 1u);
  EXPECT_EQ((*disclosures)[0].id, "case-e");
  disclosures = store_->UnpublishedPastDue(units, 20210901, OverdueCursor{20210519, "case-e"}, 5);
  ASSERT_TRUE(disclosures.ok()) << disclosures.status();
  ASSERT_EQ(disclosures->size(), 1u);
  EXPECT_EQ((*disclosures)[0].id, "case-f");
  EXPECT_EQ((*disclosures)[0].due_ymd, 20210519);
}

// Filed 2026-11-01, due (provisionally) 2027-01-30 in a year without a calendar: never listed as
// overdue, counted as pending until SetDueDates stores the counted date, which leaves the version
// alone. A decision's pending disclosure date counts the same way, and the extension count is
// kept.
TEST_F(CasesStoreTest, PendingDueDatesAreCountedNotJudgedAndResolvedInPlace) {
  EnforcementCase c = NewCase("case-pending", "jiyuan-sthjj", "No.9", CivilDay(2026, 11, 1));
  ASSERT_TRUE(c.decision_due_pending);
  c.extension_count = 1;
  c.extension_days = 10;
  ASSERT_TRUE(File(c).ok());
  absl::StatusOr<EnforcementCase> decided =
      File(NewCase("case-decided", "jiyuan-kejing", "No.10", CivilDay(2026, 12, 1)));
  ASSERT_TRUE(decided.ok());
  EnforcementCase d = Decide(*decided, CivilDay(2026, 12, 28), 100);
  d.disclosure.due_pending = true;  // 7 working days from 2026-12-28 reach into 2027
  ASSERT_TRUE(store_->SetDueDates(d, "resolve_due_date", audit_).ok());

  const std::vector<std::string> units = {"jiyuan-sthjj", "jiyuan-kejing"};
  absl::StatusOr<std::vector<OverdueRow>> overdue =
      store_->UndecidedPastDue(units, 20270301, std::nullopt, 100);
  ASSERT_TRUE(overdue.ok()) << overdue.status();
  EXPECT_TRUE(overdue->empty());
  overdue = store_->UnpublishedPastDue(units, 20270301, std::nullopt, 100);
  ASSERT_TRUE(overdue.ok()) << overdue.status();
  EXPECT_TRUE(overdue->empty());
  absl::StatusOr<PendingDueDateCount> pending = store_->CountPendingDueDates(units);
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_EQ(pending->decisions, 1);
  EXPECT_EQ(pending->disclosures, 1);
  pending = store_->CountPendingDueDates({"jiyuan-kejing"});
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->decisions, 0);
  EXPECT_EQ(pending->disclosures, 1);

  absl::StatusOr<std::vector<EnforcementCase>> open = store_->CasesWithPendingDueDates("", 10);
  ASSERT_TRUE(open.ok()) << open.status();
  ASSERT_EQ(open->size(), 2u);
  EXPECT_EQ((*open)[0].id, "case-decided");
  EXPECT_EQ((*open)[1].id, "case-pending");
  EXPECT_EQ((*open)[1].extension_count, 1);
  EnforcementCase resolved = (*open)[1];
  resolved.decision_due_date = CivilDay(2027, 2, 1);
  resolved.decision_due_pending = false;
  ASSERT_TRUE(store_->SetDueDates(resolved, "resolve_due_date", audit_).ok());
  absl::StatusOr<std::optional<EnforcementCase>> read = store_->GetCase("case-pending", false);
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_FALSE((*read)->decision_due_pending);
  EXPECT_EQ((*read)->decision_due_date, CivilDay(2027, 2, 1));
  EXPECT_EQ((*read)->version, 1);
  overdue = store_->UndecidedPastDue(units, 20270301, std::nullopt, 100);
  ASSERT_TRUE(overdue.ok());
  ASSERT_EQ(overdue->size(), 1u);
  EXPECT_EQ((*overdue)[0].due_ymd, 20270201);
  open = store_->CasesWithPendingDueDates("case-decided", 10);
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
}

// The start's walk over pending due dates (ResolvePendingDueDates) pages by id across both flags:
// two decision dates and two disclosure dates pending, one case with both, among cases with
// neither, in pages of two. Every pending case comes once, in id order, and no other.
TEST_F(CasesStoreTest, PendingDueDatesAreWalkedInIdOrderAcrossBothFlags) {
  auto file = [&](const std::string& id, CivilDay filed) {
    absl::StatusOr<EnforcementCase> c =
        File(NewCase(id, "jiyuan-sthjj", absl::StrCat("No.", id), filed));
    EXPECT_TRUE(c.ok()) << c.status();
    return c.ok() ? *c : EnforcementCase();
  };
  // Its disclosure date reaching into 2027, which has no calendar (and its decision's too, for
  // both).
  auto decide_pending = [&](EnforcementCase c, bool decision_too) {
    EnforcementCase d = Decide(std::move(c), CivilDay(2026, 12, 28), 100);
    d.disclosure.due_pending = true;
    d.decision_due_pending = decision_too;
    ASSERT_TRUE(store_->SetDueDates(d, "resolve_due_date", audit_).ok());
  };
  file("case-a", CivilDay(2026, 11, 1));  // decision pending
  decide_pending(file("case-b", CivilDay(2026, 12, 1)), false);
  file("case-c", CivilDay(2021, 6, 1));  // neither
  file("case-d", CivilDay(2026, 11, 2));
  decide_pending(file("case-e", CivilDay(2026, 12, 2)), true);
  decide_pending(file("case-f", CivilDay(2021, 6, 2)), false);
  file("case-g", CivilDay(2021, 6, 3));
  file("case-h", CivilDay(2026, 11, 3));

  std::vector<std::vector<std::string>> pages;
  std::string after;
  while (pages.size() < 10) {
    absl::StatusOr<std::vector<EnforcementCase>> page = store_->CasesWithPendingDueDates(after, 2);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    pages.emplace_back();
    for (const EnforcementCase& c : *page) pages.back().push_back(c.id);
    after = page->back().id;
  }
  using Ids = std::vector<std::string>;
  EXPECT_EQ(pages,
            (std::vector<Ids>{{"case-a", "case-b"}, {"case-d", "case-e"}, {"case-f", "case-h"}}));
}

}  // namespace
}  // namespace fazhi::cases

// The case figures store on SQLite and MariaDB: the year's figures aggregated in SQL over records
// written through the cases and review stores' own APIs, by total, department, kind and month, and
// the same totals when the unit list spans several 500-unit chunks.

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/store/cases_store.h"
#include "services/cases/store/figures_store.h"
#include "services/cases/store/review_store.h"
#include "tests/support/test_database.h"

namespace fazhi::cases {
namespace {

using absl::CivilDay;

constexpr char kGov[] = "jiyuan";
constexpr char kEnv[] = "jiyuan-sthjj";
constexpr char kMarket[] = "jiyuan-scjgj";

class CaseFiguresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    cases_ = std::make_unique<CasesStore>(&test_db_->db());
    reviews_ = std::make_unique<ReviewStore>(&test_db_->db());
    figures_ = std::make_unique<FiguresStore>(&test_db_->db());
  }

  CaseEvent Event(CaseStage from, CaseStage to, const std::string& action) {
    CaseEvent e;
    e.from_stage = from;
    e.to_stage = to;
    e.action = action;
    e.actor = "clerk";
    e.time = now_;
    return e;
  }

  EnforcementCase File(const std::string& id, const std::string& department, CaseKind kind,
                       CivilDay filed) {
    EnforcementCase c;
    c.id = id;
    c.department_id = department;
    c.kind = kind;
    c.case_number = absl::StrCat("济环罚立〔", filed.year(), "〕", id, "号");
    c.party = Party{PartyType::kOrganisation, "济源某化工有限公司", "", "91419001MA44XXXX0X"};
    c.facts = "超标排放大气污染物";
    c.legal_basis = {{"中华人民共和国大气污染防治法", "第九十九条"}};
    c.officer_ids = {"officer-wang", "officer-li"};
    c.stage = CaseStage::kFiled;
    c.filed_date = filed;
    c.decision_due_date = DecisionDueDate(filed, 0);
    c.create_time = c.update_time = now_;
    c.created_by = c.updated_by = "clerk";
    c.version = 1;
    absl::StatusOr<EnforcementCase> stored = cases_->CreateCase(
        c, Event(CaseStage::kUnspecified, CaseStage::kFiled, "file"), "", audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : c;
  }

  void Decide(EnforcementCase c, CivilDay day, int64_t fine_fen, int64_t collected_fen) {
    CaseStage from = c.stage;
    c.stage = CaseStage::kDecided;
    Decision d;
    d.document_number = absl::StrCat("济环罚〔", day.year(), "〕", c.id, "号");
    d.date = day;
    d.outcome = DecisionOutcome::kPenalty;
    d.sanctions = {{SanctionType::kWarning, 0, "警告"},
                   {SanctionType::kFine, fine_fen, "罚款"},
                   {SanctionType::kConfiscation, 777, "没收违法所得"}};
    d.officer_ids = {"officer-li", "officer-zhao"};
    c.collected_fen = collected_fen;
    c.decision = d;
    c.disclosure.due_date = day + 9;
    absl::StatusOr<EnforcementCase> stored =
        cases_->UpdateCase(c, Event(from, CaseStage::kDecided, "decide"), audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
  }

  void TransferCase(EnforcementCase c, TransferDestination destination, CivilDay day) {
    CaseStage from = c.stage;
    c.stage = CaseStage::kTransferred;
    c.transfer = Transfer{destination, "济源市公安局", "涉嫌拒不执行", day};
    absl::StatusOr<EnforcementCase> stored =
        cases_->UpdateCase(c, Event(from, CaseStage::kTransferred, "transfer"), audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
  }

  void Seed() {
    EnforcementCase a = File("case-a", kEnv, CaseKind::kPenalty, CivilDay(2021, 3, 1));
    Decide(a, CivilDay(2021, 6, 1), 100000, 60000);
    // Filed in 2021, decided in 2022: a 2021 filing, a 2022 decision.
    EnforcementCase b = File("case-b", kEnv, CaseKind::kPenalty, CivilDay(2021, 12, 20));
    Decide(b, CivilDay(2022, 1, 10), 5000, 0);
    EnforcementCase s = File("case-s", kMarket, CaseKind::kCoerciveMeasure, CivilDay(2021, 7, 5));
    TransferCase(s, TransferDestination::kPoliceDetention, CivilDay(2021, 7, 20));
    File("case-old", kEnv, CaseKind::kPenalty, CivilDay(2020, 11, 2));

    MajorCaseFiling filing;
    filing.id = "filing-a";
    filing.case_id = "case-a";
    filing.department_id = kEnv;
    filing.filed_date = CivilDay(2021, 6, 5);
    filing.status = FilingStatus::kFiled;
    ASSERT_TRUE(reviews_->CreateFiling(filing, "", audit_).ok());

    Reconsideration upheld = Application("recon-1", CivilDay(2021, 4, 1));
    ASSERT_TRUE(ExamineReconsideration(upheld, true, CivilDay(2021, 4, 3), "").ok());
    ASSERT_TRUE(DecideReconsideration(upheld, ReconsiderationOutcome::kUpheld,
                                      CivilDay(2021, 5, 10), "维持原处罚决定")
                    .ok());
    Store(upheld, "decide");
    Reconsideration refused = Application("recon-2", CivilDay(2021, 9, 1));
    ASSERT_TRUE(ExamineReconsideration(refused, false, CivilDay(2021, 9, 3), "超过申请期限").ok());
    Store(refused, "examine");
    Application("recon-3", CivilDay(2021, 10, 8));

    Lawsuit suit;
    suit.id = "suit-1";
    suit.court_case_number = "(2021)豫9001行初7号";
    suit.court = "济源市人民法院";
    suit.plaintiff = "济源某化工有限公司";
    suit.plaintiff_organisation = true;
    suit.defendant_department_id = kMarket;
    suit.filed_date = CivilDay(2021, 8, 1);
    absl::StatusOr<Lawsuit> created = reviews_->CreateLawsuit(suit, "", audit_);
    ASSERT_TRUE(created.ok()) << created.status();
    Lawsuit heard = *created;
    ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 9, 1), true, "局长"}).ok());
    ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 10, 1), false, ""}).ok());
    ASSERT_TRUE(reviews_->UpdateLawsuit(heard, created->stamps.version, "hear", audit_).ok());
  }

  Reconsideration Application(const std::string& id, CivilDay day) {
    Reconsideration r;
    r.id = id;
    r.body_department_id = kGov;
    r.respondent_department_id = kEnv;
    r.applicant = "某公司";
    r.request = "撤销行政处罚决定";
    r.application_date = day;
    EXPECT_TRUE(OpenReconsideration(r, "").ok());
    absl::StatusOr<Reconsideration> created = reviews_->CreateReconsideration(r, "", audit_);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : r;
  }

  void Store(const Reconsideration& r, const std::string& action) {
    absl::StatusOr<Reconsideration> stored =
        reviews_->UpdateReconsideration(r, r.stamps.version, action, audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<CasesStore> cases_;
  std::unique_ptr<ReviewStore> reviews_;
  std::unique_ptr<FiguresStore> figures_;
  audit::AuditContext audit_{"clerk", "/test", "req-1"};
  absl::Time now_ = absl::FromUnixSeconds(1622505600);
  const std::vector<std::string> units_ = {kGov, kEnv, kMarket};
};

TEST_F(CaseFiguresStoreTest, TotalsCountEachRecordInItsYear) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  absl::StatusOr<std::map<std::string, CaseFigures>> got =
      figures_->Summarize(units_, 2021, FigureGroup::kTotal);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_EQ(got->size(), 1u);
  const CaseFigures& f = got->at("");
  EXPECT_EQ(f.cases_filed, 3);
  EXPECT_EQ(f.decisions, 1);
  EXPECT_EQ(f.penalty_decisions, 1);
  EXPECT_EQ(f.fines_imposed_fen, 100000);  // the confiscation is not a fine
  EXPECT_EQ(f.fines_collected_fen, 60000);
  EXPECT_EQ(f.seizures, 1);
  EXPECT_EQ(f.transfers_police_detention, 1);
  EXPECT_EQ(f.transfers_police_criminal, 0);
  EXPECT_EQ(f.major_filings_received, 1);
  EXPECT_EQ(f.major_filings_reviewed, 0);
  EXPECT_EQ(f.reconsiderations_received, 3);
  EXPECT_EQ(f.reconsiderations_concluded, 2);
  EXPECT_EQ(f.reconsiderations_upheld, 1);
  EXPECT_EQ(f.reconsiderations_not_accepted, 1);
  EXPECT_EQ(f.reconsiderations_corrected, 0);
  EXPECT_EQ(f.lawsuits_department_defendant, 1);
  EXPECT_EQ(f.lawsuits_government_defendant, 0);
  EXPECT_EQ(f.court_appearances, 1);

  absl::StatusOr<std::map<std::string, CaseFigures>> next =
      figures_->Summarize(units_, 2022, FigureGroup::kTotal);
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->at("").cases_filed, 0);
  EXPECT_EQ(next->at("").decisions, 1);
  EXPECT_EQ(next->at("").fines_imposed_fen, 5000);

  absl::StatusOr<std::map<std::string, CaseFigures>> none =
      figures_->Summarize(units_, 2019, FigureGroup::kTotal);
  ASSERT_TRUE(none.ok()) << none.status();
  ASSERT_EQ(none->size(), 1u);
  EXPECT_TRUE(AllZero(none->at("")));
}

TEST_F(CaseFiguresStoreTest, GroupsByDepartmentKindAndMonth) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  absl::StatusOr<std::map<std::string, CaseFigures>> by_unit =
      figures_->Summarize(units_, 2021, FigureGroup::kDepartment);
  ASSERT_TRUE(by_unit.ok()) << by_unit.status();
  ASSERT_EQ(by_unit->size(), 3u);
  EXPECT_EQ(by_unit->at(kEnv).cases_filed, 2);
  EXPECT_EQ(by_unit->at(kEnv).fines_imposed_fen, 100000);
  EXPECT_EQ(by_unit->at(kEnv).major_filings_received, 1);
  EXPECT_EQ(by_unit->at(kMarket).seizures, 1);
  EXPECT_EQ(by_unit->at(kMarket).court_appearances, 1);
  EXPECT_EQ(by_unit->at(kGov).reconsiderations_received, 3);
  EXPECT_EQ(by_unit->at(kGov).cases_filed, 0);

  absl::StatusOr<std::map<std::string, CaseFigures>> by_kind =
      figures_->Summarize(units_, 2021, FigureGroup::kKind);
  ASSERT_TRUE(by_kind.ok()) << by_kind.status();
  EXPECT_EQ(by_kind->at("penalty").cases_filed, 2);
  EXPECT_EQ(by_kind->at("coercive_measure").seizures, 1);
  EXPECT_EQ(by_kind->at("other").reconsiderations_received, 3);

  absl::StatusOr<std::map<std::string, CaseFigures>> by_outcome =
      figures_->Summarize(units_, 2021, FigureGroup::kOutcome);
  ASSERT_TRUE(by_outcome.ok()) << by_outcome.status();
  EXPECT_EQ(by_outcome->at("penalty").decisions, 1);
  EXPECT_EQ(by_outcome->at("undecided").cases_filed, 1);

  absl::StatusOr<std::map<std::string, CaseFigures>> by_month =
      figures_->Summarize(units_, 2021, FigureGroup::kMonth);
  ASSERT_TRUE(by_month.ok()) << by_month.status();
  EXPECT_EQ(by_month->at("2021-03").cases_filed, 1);
  EXPECT_EQ(by_month->at("2021-06").decisions, 1);
  EXPECT_EQ(by_month->at("2021-06").major_filings_received, 1);
  EXPECT_EQ(by_month->at("2021-12").cases_filed, 1);
  EXPECT_EQ(by_month->at("2021-09").court_appearances, 1);
  EXPECT_EQ(by_month->count("2021-10"), 1u);  // recon-3's application
  EXPECT_EQ(by_month->at("2021-10").court_appearances, 0);
}

TEST_F(CaseFiguresStoreTest, ChunkedUnitListsMergeToTheSameTotals) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  std::vector<std::string> many;
  for (int i = 0; i < 1200; ++i) many.push_back(absl::StrCat("unit-", i));
  many.insert(many.begin() + 300, kGov);
  many.insert(many.begin() + 700, kEnv);
  many.push_back(kMarket);
  absl::StatusOr<std::map<std::string, CaseFigures>> chunked =
      figures_->Summarize(many, 2021, FigureGroup::kTotal);
  absl::StatusOr<std::map<std::string, CaseFigures>> direct =
      figures_->Summarize(units_, 2021, FigureGroup::kTotal);
  ASSERT_TRUE(chunked.ok()) << chunked.status();
  ASSERT_TRUE(direct.ok()) << direct.status();
  for (int64_t CaseFigures::*field : kAllFigures) {
    EXPECT_EQ(chunked->at("").*field, direct->at("").*field);
  }
  EXPECT_EQ(chunked->at("").cases_filed, 3);
}

}  // namespace
}  // namespace fazhi::cases

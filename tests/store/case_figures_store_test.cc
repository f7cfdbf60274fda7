// The case figures store on SQLite and MariaDB: the year's figures aggregated in SQL over records
// written through the cases and review stores' own APIs, by total, department, kind and month, and
// the same totals when the unit list spans several 500-unit chunks.

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/store/cases_store.h"
#include "services/cases/store/figures_store.h"
#include "services/cases/store/lawsuit_store.h"
#include "services/cases/store/major_case_filing_store.h"
#include "services/cases/store/reconsideration_store.h"
#include "tests/support/calendar.h"
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
    filings_ = std::make_unique<MajorCaseFilingStore>(&test_db_->db());
    reconsiderations_ = std::make_unique<ReconsiderationStore>(&test_db_->db());
    lawsuits_ = std::make_unique<LawsuitStore>(&test_db_->db());
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
    SetDecisionDueDate(c, ::fazhi::testing::ShippedCalendar());
    c.create_time = c.update_time = now_;
    c.created_by = c.updated_by = "clerk";
    c.version = 1;
    absl::StatusOr<EnforcementCase> stored = cases_->CreateCase(
        c, Event(CaseStage::kUnspecified, CaseStage::kFiled, "file"), "", audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
    return stored.ok() ? *stored : c;
  }

  void Decide(EnforcementCase c, CivilDay day, int64_t fine_fen, int64_t collected_fen) {
    DecideAs(std::move(c), day, DecisionOutcome::kPenalty,
             {{SanctionType::kWarning, 0, "警告"},
              {SanctionType::kFine, fine_fen, "罚款"},
              {SanctionType::kConfiscation, 777, "没收违法所得"}},
             collected_fen);
  }

  void DecideAs(EnforcementCase c, CivilDay day, DecisionOutcome outcome,
                std::vector<Sanction> sanctions, int64_t collected_fen = 0) {
    CaseStage from = c.stage;
    c.stage = CaseStage::kDecided;
    Decision d;
    d.document_number = absl::StrCat("济环罚〔", day.year(), "〕", c.id, "号");
    d.date = day;
    d.outcome = outcome;
    d.sanctions = std::move(sanctions);
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
    ASSERT_TRUE(filings_->CreateFiling(filing, "", audit_).ok());

    Reconsideration upheld = Application("recon-1", CivilDay(2021, 4, 1));
    ASSERT_TRUE(ExamineReconsideration(upheld, true, CivilDay(2021, 4, 3), "",
                                       ::fazhi::testing::ShippedCalendar())
                    .ok());
    ASSERT_TRUE(DecideReconsideration(upheld, ReconsiderationOutcome::kUpheld,
                                      CivilDay(2021, 5, 10), "维持原处罚决定")
                    .ok());
    Store(upheld, "decide");
    Reconsideration refused = Application("recon-2", CivilDay(2021, 9, 1));
    ASSERT_TRUE(ExamineReconsideration(refused, false, CivilDay(2021, 9, 3), "超过申请期限",
                                       ::fazhi::testing::ShippedCalendar())
                    .ok());
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
    absl::StatusOr<Lawsuit> created = lawsuits_->CreateLawsuit(suit, "", audit_);
    ASSERT_TRUE(created.ok()) << created.status();
    Lawsuit heard = *created;
    ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 9, 1), true, "局长"}).ok());
    ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 10, 1), false, ""}).ok());
    ASSERT_TRUE(lawsuits_->UpdateLawsuit(heard, created->stamps.version, "hear", audit_).ok());
  }

  // A reconsideration applied for, accepted and decided with outcome in 2021.
  void Decided(const std::string& id, ReconsiderationOutcome outcome) {
    Reconsideration r = Application(id, CivilDay(2021, 4, 1));
    ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 4, 3), "",
                                       ::fazhi::testing::ShippedCalendar())
                    .ok());
    ASSERT_TRUE(DecideReconsideration(r, outcome, CivilDay(2021, 5, 10), "复议决定").ok());
    Store(r, "decide");
  }

  Reconsideration Application(const std::string& id, CivilDay day) {
    Reconsideration r;
    r.id = id;
    r.body_department_id = kGov;
    r.respondent_department_id = kEnv;
    r.applicant = "某公司";
    r.request = "撤销行政处罚决定";
    r.application_date = day;
    EXPECT_TRUE(OpenReconsideration(r, "", ::fazhi::testing::ShippedCalendar()).ok());
    absl::StatusOr<Reconsideration> created =
        reconsiderations_->CreateReconsideration(r, "", audit_);
    EXPECT_TRUE(created.ok()) << created.status();
    return created.ok() ? *created : r;
  }

  void Store(const Reconsideration& r, const std::string& action) {
    absl::StatusOr<Reconsideration> stored =
        reconsiderations_->UpdateReconsideration(r, r.stamps.version, action, audit_);
    EXPECT_TRUE(stored.ok()) << stored.status();
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<CasesStore> cases_;
  std::unique_ptr<MajorCaseFilingStore> filings_;
  std::unique_ptr<ReconsiderationStore> reconsiderations_;
  std::unique_ptr<LawsuitStore> lawsuits_;
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

TEST_F(CaseFiguresStoreTest, CourtAppearancesCountLawsuitsNotHearings) {
  // One suit heard three times, its head in court at the second and third hearing; another
  // heard once without its head. 1 appearance (one suit), in November, the head's first.
  Lawsuit suit;
  suit.id = "suit-heads";
  suit.court_case_number = "(2021)豫9001行初40号";
  suit.court = "济源市人民法院";
  suit.plaintiff = "济源某化工有限公司";
  suit.plaintiff_organisation = true;
  suit.defendant_department_id = kEnv;
  suit.filed_date = CivilDay(2021, 10, 8);
  absl::StatusOr<Lawsuit> created = lawsuits_->CreateLawsuit(suit, "", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  Lawsuit heard = *created;
  ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 10, 20), false, ""}).ok());
  ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 11, 2), true, "局长"}).ok());
  ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 12, 6), true, "副局长"}).ok());
  ASSERT_TRUE(lawsuits_->UpdateLawsuit(heard, created->stamps.version, "hear", audit_).ok());
  suit.id = "suit-no-head";
  suit.court_case_number = "(2021)豫9001行初41号";
  created = lawsuits_->CreateLawsuit(suit, "", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  heard = *created;
  ASSERT_TRUE(AddHearing(heard, Hearing{CivilDay(2021, 11, 2), false, ""}).ok());
  ASSERT_TRUE(lawsuits_->UpdateLawsuit(heard, created->stamps.version, "hear", audit_).ok());

  absl::StatusOr<std::map<std::string, CaseFigures>> total =
      figures_->Summarize(units_, 2021, FigureGroup::kTotal);
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(total->at("").lawsuits_department_defendant, 2);
  EXPECT_EQ(total->at("").court_appearances, 1);
  absl::StatusOr<std::map<std::string, CaseFigures>> by_month =
      figures_->Summarize(units_, 2021, FigureGroup::kMonth);
  ASSERT_TRUE(by_month.ok()) << by_month.status();
  EXPECT_EQ(by_month->at("2021-11").court_appearances, 1);
  EXPECT_EQ(by_month->count("2021-12") ? by_month->at("2021-12").court_appearances : 0, 0);
}

// Every decision outcome, transfer destination and reconsideration outcome once, each counted in
// the figure the law gives it (expected values by hand, not from the domain's lists).
TEST_F(CaseFiguresStoreTest, EachOutcomeAndDestinationCountsInItsOwnFigure) {
  const CivilDay filed(2021, 3, 1);
  const CivilDay decided(2021, 6, 1);
  DecideAs(File("penalty", kEnv, CaseKind::kPenalty, filed), decided, DecisionOutcome::kPenalty,
           {{SanctionType::kFine, 100, "罚款"}});
  DecideAs(File("lighter", kEnv, CaseKind::kPenalty, filed), decided, DecisionOutcome::kLighter,
           {{SanctionType::kFine, 200, "罚款"}});
  DecideAs(File("reduced", kEnv, CaseKind::kPenalty, filed), decided, DecisionOutcome::kReduced,
           {{SanctionType::kFine, 400, "罚款"}, {SanctionType::kConfiscation, 800, "没收"}});
  DecideAs(File("no-penalty", kEnv, CaseKind::kPenalty, filed), decided,
           DecisionOutcome::kNoPenalty, {});
  DecideAs(File("granted", kEnv, CaseKind::kLicensing, filed), decided, DecisionOutcome::kGranted,
           {});
  DecideAs(File("refused", kEnv, CaseKind::kLicensing, filed), decided, DecisionOutcome::kRefused,
           {});
  // A penalty outcome on a coercive measure is a decision, not a penalty decision.
  DecideAs(File("measure", kMarket, CaseKind::kCoerciveMeasure, filed), decided,
           DecisionOutcome::kPenalty, {{SanctionType::kSeizure, 0, "查封"}});
  TransferCase(File("to-detention", kMarket, CaseKind::kPenalty, filed),
               TransferDestination::kPoliceDetention, decided);
  TransferCase(File("to-criminal", kMarket, CaseKind::kPenalty, filed),
               TransferDestination::kPoliceCriminal, decided);
  TransferCase(File("to-criminal-2", kMarket, CaseKind::kPenalty, filed),
               TransferDestination::kPoliceCriminal, decided);
  TransferCase(File("to-judiciary", kMarket, CaseKind::kInspection, filed),
               TransferDestination::kJudiciary, decided);
  TransferCase(File("to-other", kMarket, CaseKind::kInspection, filed),
               TransferDestination::kOtherAgency, decided);

  using O = ReconsiderationOutcome;
  ASSERT_NO_FATAL_FAILURE(Decided("upheld", O::kUpheld));                       // 维持
  ASSERT_NO_FATAL_FAILURE(Decided("revoked", O::kRevoked));                     // 撤销
  ASSERT_NO_FATAL_FAILURE(Decided("altered", O::kAltered));                     // 变更
  ASSERT_NO_FATAL_FAILURE(Decided("illegal", O::kConfirmedIllegal));            // 确认违法
  ASSERT_NO_FATAL_FAILURE(Decided("perform", O::kOrderedToPerform));            // 责令履行
  ASSERT_NO_FATAL_FAILURE(Decided("mediated", O::kMediated));                   // 调解
  ASSERT_NO_FATAL_FAILURE(Decided("settled", O::kSettled));                     // 和解
  ASSERT_NO_FATAL_FAILURE(Decided("rejected", O::kRejected));                   // 驳回
  ASSERT_NO_FATAL_FAILURE(Decided("terminated", O::kTerminated));               // 终止
  Reconsideration refused = Application("not-accepted", CivilDay(2021, 9, 1));  // 不予受理
  ASSERT_TRUE(ExamineReconsideration(refused, false, CivilDay(2021, 9, 3), "超过申请期限",
                                     ::fazhi::testing::ShippedCalendar())
                  .ok());
  Store(refused, "examine");
  Application("pending", CivilDay(2021, 10, 8));

  absl::StatusOr<std::map<std::string, CaseFigures>> total =
      figures_->Summarize(units_, 2021, FigureGroup::kTotal);
  ASSERT_TRUE(total.ok()) << total.status();
  const CaseFigures& f = total->at("");
  EXPECT_EQ(f.cases_filed, 12);
  EXPECT_EQ(f.seizures, 1);
  EXPECT_EQ(f.decisions, 7);
  EXPECT_EQ(f.penalty_decisions, 3);  // penalty, lighter, reduced
  EXPECT_EQ(f.fines_imposed_fen, 700);
  EXPECT_EQ(f.transfers_police_detention, 1);
  EXPECT_EQ(f.transfers_police_criminal, 2);
  EXPECT_EQ(f.transfers_judiciary, 1);
  EXPECT_EQ(f.transfers_other, 1);
  EXPECT_EQ(f.reconsiderations_received, 11);
  EXPECT_EQ(f.reconsiderations_concluded, 10);
  EXPECT_EQ(f.reconsiderations_upheld, 1);
  EXPECT_EQ(f.reconsiderations_corrected, 4);
  EXPECT_EQ(f.reconsiderations_mediated, 2);
  EXPECT_EQ(f.reconsiderations_rejected, 1);
  EXPECT_EQ(f.reconsiderations_terminated, 1);
  EXPECT_EQ(f.reconsiderations_not_accepted, 1);

  absl::StatusOr<std::map<std::string, CaseFigures>> by_outcome =
      figures_->Summarize(units_, 2021, FigureGroup::kOutcome);
  ASSERT_TRUE(by_outcome.ok()) << by_outcome.status();
  EXPECT_EQ(by_outcome->at("penalty").decisions, 2);
  EXPECT_EQ(by_outcome->at("penalty").penalty_decisions, 1);
  EXPECT_EQ(by_outcome->at("lighter").penalty_decisions, 1);
  EXPECT_EQ(by_outcome->at("reduced").fines_imposed_fen, 400);
  EXPECT_EQ(by_outcome->at("no_penalty").decisions, 1);
  EXPECT_EQ(by_outcome->at("no_penalty").penalty_decisions, 0);
  EXPECT_EQ(by_outcome->at("granted").decisions, 1);
  EXPECT_EQ(by_outcome->at("refused").decisions, 1);
  EXPECT_EQ(by_outcome->at("undecided").transfers_police_criminal, 2);
  EXPECT_EQ(by_outcome->at("other").reconsiderations_corrected, 4);
  absl::StatusOr<std::map<std::string, CaseFigures>> by_kind =
      figures_->Summarize(units_, 2021, FigureGroup::kKind);
  ASSERT_TRUE(by_kind.ok()) << by_kind.status();
  EXPECT_EQ(by_kind->at("penalty").penalty_decisions, 3);
  EXPECT_EQ(by_kind->at("licensing").decisions, 2);
  EXPECT_EQ(by_kind->at("inspection").transfers_other, 1);
  EXPECT_EQ(by_kind->at("coercive_measure").decisions, 1);
  EXPECT_EQ(by_kind->at("coercive_measure").penalty_decisions, 0);
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

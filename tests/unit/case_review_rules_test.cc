// The rules of supervision, reconsideration and litigation records with real dates: the 5-day
// examination and the 60-day (simple: 30-day) decision of 行政复议 with its one 30-day
// extension, the report's outcome categories against the seed's figures, name masking, the
// rectification state machine, and the hearing and judgment rules of 行政诉讼.

#include <map>
#include <vector>

#include "gtest/gtest.h"
#include "services/cases/domain/litigation.h"
#include "services/cases/domain/reconsideration.h"
#include "services/cases/domain/supervision.h"
#include "tests/support/calendar.h"

namespace fazhi::cases {
namespace {

using absl::CivilDay;

const time_util::WorkingDayCalendar& Calendar() { return ::fazhi::testing::ShippedCalendar(); }

Reconsideration Applied(CivilDay day, bool simple = false) {
  Reconsideration r;
  r.applicant = "张三";
  r.request = "撤销济环罚〔2021〕12号行政处罚决定";
  r.application_date = day;
  r.simple_procedure = simple;
  EXPECT_TRUE(OpenReconsideration(r, "reconsideration.", Calendar()).ok());
  return r;
}

TEST(ReconsiderationDeadlines, ExaminedWithinFiveWorkingDaysOfTheApplication) {  // Arts 30, 88
  // Was Saturday 03-06 in calendar days. After Monday 2021-03-01: 03-02..03-05, Monday 03-08.
  EXPECT_EQ(ReconsiderationExaminationDueDate(CivilDay(2021, 3, 1), Calendar()).day,
            CivilDay(2021, 3, 8));
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  EXPECT_EQ(r.stage, ReconsiderationStage::kApplied);
  EXPECT_EQ(r.examination_due_date, CivilDay(2021, 3, 8));
  // Over National Day: after Tuesday 2021-09-28: 09-29, 09-30, 10-08, Saturday 10-09 (调休), 10-11.
  EXPECT_EQ(ReconsiderationExaminationDueDate(CivilDay(2021, 9, 28), Calendar()).day,
            CivilDay(2021, 10, 11));
  // Over the Spring Festival of 2022: after Wednesday 01-26: 01-27, 01-28, Saturday 01-29 and
  // Sunday 01-30 (调休), then 02-07.
  EXPECT_EQ(ReconsiderationExaminationDueDate(CivilDay(2022, 1, 26), Calendar()).day,
            CivilDay(2022, 2, 7));
}

// Accepted 2021-03-05: the 60th day is 05-04, inside 劳动节 (05-01..05 off), so the period ends on
// Thursday 05-06 (民法典 Art. 203).
TEST(ReconsiderationDeadlines, DecidedWithinSixtyDaysOfAcceptance) {
  EXPECT_EQ(ReconsiderationDecisionDueDate(CivilDay(2021, 3, 5), false, 0, Calendar()).day,
            CivilDay(2021, 5, 6));
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 3, 5), "", Calendar()).ok());
  EXPECT_EQ(r.stage, ReconsiderationStage::kAccepted);
  EXPECT_EQ(*r.acceptance_date, CivilDay(2021, 3, 5));
  EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 5, 6));
}

TEST(ReconsiderationDeadlines, ExtendedOnceByThirtyDays) {
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 3, 5), "", Calendar()).ok());
  ASSERT_TRUE(ExtendReconsideration(r, 30, "案情重大复杂", Calendar()).ok());
  EXPECT_EQ(r.extension_days, 30);
  EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 6, 3));
  absl::Status again = ExtendReconsideration(r, 30, "再次延期", Calendar());
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition) << again;
  EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 6, 3));
}

// The extension is at most 30 days, not always 30: 20 days after the 60 from 2021-03-05 ends on
// 2021-05-24 (the 60 alone end on 05-04, a holiday, so on 05-06); 31 days, or none, is not an
// extension the law allows, and a refused extension leaves the case as it was.
TEST(ReconsiderationDeadlines, ExtendedByAtMostThirtyDays) {
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 3, 5), "", Calendar()).ok());
  for (int days : {31, 0, -5}) {
    absl::Status refused = ExtendReconsideration(r, days, "案情重大复杂", Calendar());
    EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << days;
    EXPECT_EQ(refused.message().substr(0, 6), "days: ") << refused;
    EXPECT_EQ(r.extension_days, 0);
    EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 5, 6));
  }
  ASSERT_TRUE(ExtendReconsideration(r, 20, "案情重大复杂", Calendar()).ok());
  EXPECT_EQ(r.extension_days, 20);
  EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 5, 24));
  // Still only once.
  EXPECT_EQ(ExtendReconsideration(r, 10, "再次延期", Calendar()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReconsiderationDeadlines, SimpleProcedureThirtyDaysWithoutExtension) {
  // The 30th day from 2021-03-05 is Sunday 04-04, in 清明节 (04-03..05 off): Tuesday 04-06.
  EXPECT_EQ(ReconsiderationDecisionDueDate(CivilDay(2021, 3, 5), true, 0, Calendar()).day,
            CivilDay(2021, 4, 6));
  // The simple procedure came with the 2023 revision, in force from 2024-01-01.
  Reconsideration r = Applied(CivilDay(2024, 3, 1), true);
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2024, 3, 4), "", Calendar()).ok());
  EXPECT_EQ(*r.decision_due_date, CivilDay(2024, 4, 3));
  absl::Status s = ExtendReconsideration(r, 30, "案情复杂", Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_NE(s.message().find("简易程序"), std::string::npos) << s;
}

// Art. 30: an application not refused within its 5 working days is accepted from the last of
// them. Applied Wednesday 2021-09-29: 09-30, 10-08, Saturday 10-09 (调休), 10-11, 10-12.
TEST(ReconsiderationDeadlines, RefusedOnDayFourKeepsItsRefusal) {
  Reconsideration r = Applied(CivilDay(2021, 9, 29));
  EXPECT_EQ(r.examination_due_date, CivilDay(2021, 10, 12));
  ASSERT_TRUE(
      ExamineReconsideration(r, false, CivilDay(2021, 10, 11), "不属于复议范围", Calendar()).ok());
  EXPECT_EQ(r.stage, ReconsiderationStage::kNotAccepted);
  // Judged long after, it stays refused.
  EXPECT_FALSE(ApplyDeemedAcceptance(r, CivilDay(2021, 12, 1), Calendar()));
  EXPECT_EQ(r.stage, ReconsiderationStage::kNotAccepted);
  EXPECT_FALSE(r.deemed_accepted);
}

TEST(ReconsiderationDeadlines, NeverExaminedIsDeemedAcceptedWhenThePeriodEnds) {
  Reconsideration r = Applied(CivilDay(2021, 9, 29));
  // On the 5th working day itself the body may still refuse.
  EXPECT_FALSE(ApplyDeemedAcceptance(r, CivilDay(2021, 10, 12), Calendar()));
  EXPECT_EQ(r.stage, ReconsiderationStage::kApplied);
  ASSERT_TRUE(ApplyDeemedAcceptance(r, CivilDay(2021, 10, 13), Calendar()));
  EXPECT_EQ(r.stage, ReconsiderationStage::kAccepted);
  EXPECT_TRUE(r.deemed_accepted);
  EXPECT_EQ(*r.acceptance_date, CivilDay(2021, 10, 12));
  // 60 days from 10-12 is Saturday 12-11: Monday 12-13.
  EXPECT_EQ(*r.decision_due_date, CivilDay(2021, 12, 13));
  absl::Status late = ExamineReconsideration(r, false, CivilDay(2021, 10, 11), "x", Calendar());
  EXPECT_EQ(late.code(), absl::StatusCode::kFailedPrecondition) << late;
  EXPECT_NE(late.message().find("Art. 30"), std::string::npos) << late;
  // It is decided as any accepted case.
  ASSERT_TRUE(
      DecideReconsideration(r, ReconsiderationOutcome::kUpheld, CivilDay(2021, 12, 13), "").ok());
  EXPECT_FALSE(DecidedLate(r));
}

TEST(ReconsiderationDeadlines, ARefusalAfterThePeriodIsRefusedNamingTheDate) {
  Reconsideration r = Applied(CivilDay(2021, 9, 29));
  absl::Status s = ExamineReconsideration(r, false, CivilDay(2021, 10, 13), "x", Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_EQ(s.message().substr(0, 6), "date: ") << s;
  EXPECT_NE(s.message().find("2021-10-12"), std::string::npos) << s;
  EXPECT_EQ(r.stage, ReconsiderationStage::kApplied);
  // A refusal made on the last day and entered later is recorded with its own date.
  EXPECT_TRUE(ExamineReconsideration(r, false, CivilDay(2021, 10, 12), "x", Calendar()).ok());
}

TEST(ReconsiderationDeadlines, APendingExaminationDateIsNeverDeemedAccepted) {
  // Applied Monday 2026-12-28: the 5 working days reach into 2027, which has no calendar yet.
  Reconsideration r = Applied(CivilDay(2026, 12, 28));
  EXPECT_TRUE(r.examination_due_pending);
  EXPECT_FALSE(ApplyDeemedAcceptance(r, CivilDay(2027, 2, 1), Calendar()));
  EXPECT_EQ(r.stage, ReconsiderationStage::kApplied);
  // Accepted by the body, its decision date is pending too: 2027-01-04 + 60 days.
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2027, 1, 4), "", Calendar()).ok());
  EXPECT_TRUE(r.decision_due_pending);
  EXPECT_EQ(*r.decision_due_date, CivilDay(2027, 3, 5));
}

TEST(ReconsiderationDeadlines, NoSimpleProcedureUnderTheLawBefore2024) {
  Reconsideration r;
  r.applicant = "李四";
  r.request = "确认违法";
  r.application_date = CivilDay(2023, 12, 31);
  r.simple_procedure = true;
  absl::Status s = OpenReconsideration(r, "reconsideration.", Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("reconsideration.simple_procedure"), std::string::npos) << s;
  r.application_date = CivilDay(2024, 1, 1);
  EXPECT_TRUE(OpenReconsideration(r, "reconsideration.", Calendar()).ok());
}

TEST(ReconsiderationSteps, ExaminedOnceAndRefusalNeedsAReason) {
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  absl::Status s = ExamineReconsideration(r, false, CivilDay(2021, 3, 3), "", Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("reason"), std::string::npos) << s;
  s = ExamineReconsideration(r, true, CivilDay(2021, 2, 28), "", Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("date"), std::string::npos) << s;
  ASSERT_TRUE(
      ExamineReconsideration(r, false, CivilDay(2021, 3, 3), "超过申请期限", Calendar()).ok());
  EXPECT_EQ(r.stage, ReconsiderationStage::kNotAccepted);
  EXPECT_FALSE(r.decision_due_date.has_value());
  EXPECT_EQ(GroupOf(r), OutcomeGroup::kNotAccepted);
  EXPECT_EQ(ExamineReconsideration(r, true, CivilDay(2021, 3, 4), "", Calendar()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ExtendReconsideration(r, 30, "x", Calendar()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      DecideReconsideration(r, ReconsiderationOutcome::kUpheld, CivilDay(2021, 4, 1), "").code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(ReconsiderationSteps, DecisionNeedsAnOutcomeAndADateAfterAcceptance) {
  Reconsideration r = Applied(CivilDay(2021, 3, 1));
  EXPECT_EQ(
      DecideReconsideration(r, ReconsiderationOutcome::kUpheld, CivilDay(2021, 3, 9), "").code(),
      absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 3, 5), "", Calendar()).ok());
  absl::Status s =
      DecideReconsideration(r, ReconsiderationOutcome::kUnspecified, CivilDay(2021, 4, 1), "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("outcome"), std::string::npos) << s;
  s = DecideReconsideration(r, static_cast<ReconsiderationOutcome>(42), CivilDay(2021, 4, 1), "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  s = DecideReconsideration(r, ReconsiderationOutcome::kRevoked, CivilDay(2021, 3, 4), "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("date"), std::string::npos) << s;
  EXPECT_EQ(r.stage, ReconsiderationStage::kAccepted);
  // Deciding late is allowed and shows. The 60th day, 05-04, was in 劳动节 (05-01..05 off), so
  // the period ran to 05-06 and 05-07 is late.
  ASSERT_TRUE(
      DecideReconsideration(r, ReconsiderationOutcome::kRevoked, CivilDay(2021, 5, 7), "撤销")
          .ok());
  EXPECT_EQ(r.stage, ReconsiderationStage::kDecided);
  EXPECT_TRUE(DecidedLate(r));
  EXPECT_TRUE(IsCorrected(r.outcome));
  EXPECT_EQ(ExtendReconsideration(r, 30, "x", Calendar()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(
      DecideReconsideration(r, ReconsiderationOutcome::kUpheld, CivilDay(2021, 5, 8), "").code(),
      absl::StatusCode::kFailedPrecondition);
}

TEST(ReconsiderationOutcomes, GroupedAsTheSeedReportCountsThem) {
  // The seed: 145 concluded = 55 upheld + 32 corrected + 44 mediated + 9 not accepted, which
  // adds up to 140; grouped records give the true sum.
  std::vector<std::pair<ReconsiderationOutcome, int>> decided = {
      {ReconsiderationOutcome::kUpheld, 55},
      {ReconsiderationOutcome::kRevoked, 14},
      {ReconsiderationOutcome::kAltered, 3},
      {ReconsiderationOutcome::kConfirmedIllegal, 10},
      {ReconsiderationOutcome::kOrderedToPerform, 5},
      {ReconsiderationOutcome::kMediated, 30},
      {ReconsiderationOutcome::kSettled, 14}};
  std::map<OutcomeGroup, int> counts;
  int concluded = 0;
  for (const auto& [outcome, n] : decided) {
    for (int i = 0; i < n; ++i) {
      Reconsideration r = Applied(CivilDay(2021, 3, 1));
      ASSERT_TRUE(ExamineReconsideration(r, true, CivilDay(2021, 3, 2), "", Calendar()).ok());
      ASSERT_TRUE(DecideReconsideration(r, outcome, CivilDay(2021, 4, 1), "").ok());
      ++counts[GroupOf(r)];
      ++concluded;
    }
  }
  for (int i = 0; i < 9; ++i) {
    Reconsideration r = Applied(CivilDay(2021, 3, 1));
    ASSERT_TRUE(
        ExamineReconsideration(r, false, CivilDay(2021, 3, 2), "不属于受理范围", Calendar()).ok());
    ++counts[GroupOf(r)];
    ++concluded;
  }
  EXPECT_EQ(counts[OutcomeGroup::kUpheld], 55);
  EXPECT_EQ(counts[OutcomeGroup::kCorrected], 32);
  EXPECT_EQ(counts[OutcomeGroup::kMediated], 44);
  EXPECT_EQ(counts[OutcomeGroup::kNotAccepted], 9);
  EXPECT_EQ(concluded, 140);
  EXPECT_NE(concluded, 145);
  // A pending case is in no category.
  EXPECT_EQ(GroupOf(Applied(CivilDay(2021, 3, 1))), OutcomeGroup::kNone);
  EXPECT_EQ(GroupOfOutcome(ReconsiderationOutcome::kRejected), OutcomeGroup::kRejected);
  EXPECT_EQ(GroupOfOutcome(ReconsiderationOutcome::kTerminated), OutcomeGroup::kTerminated);
  EXPECT_FALSE(IsCorrected(ReconsiderationOutcome::kUpheld));
  EXPECT_FALSE(IsCorrected(ReconsiderationOutcome::kMediated));
  EXPECT_TRUE(IsCorrected(ReconsiderationOutcome::kOrderedToPerform));
}

// 行政复议法 outcomes as the annual report groups them: 维持 upheld; 撤销, 变更, 确认违法 and
// 责令履行 corrected (纠错); 调解 and 和解 mediated; 驳回 rejected; 终止 terminated. 不予受理 is
// reached at examination, by the stage, and no decision outcome falls in it.
TEST(ReconsiderationOutcomes, EachOutcomeFallsInTheGroupTheLawGivesIt) {
  using O = ReconsiderationOutcome;
  EXPECT_EQ(OutcomesIn(OutcomeGroup::kUpheld), (std::vector<O>{O::kUpheld}));
  EXPECT_EQ(OutcomesIn(OutcomeGroup::kCorrected),
            (std::vector<O>{O::kRevoked, O::kAltered, O::kConfirmedIllegal, O::kOrderedToPerform}));
  EXPECT_EQ(OutcomesIn(OutcomeGroup::kMediated), (std::vector<O>{O::kMediated, O::kSettled}));
  EXPECT_EQ(OutcomesIn(OutcomeGroup::kRejected), (std::vector<O>{O::kRejected}));
  EXPECT_EQ(OutcomesIn(OutcomeGroup::kTerminated), (std::vector<O>{O::kTerminated}));
  EXPECT_TRUE(OutcomesIn(OutcomeGroup::kNotAccepted).empty());
  EXPECT_TRUE(OutcomesIn(OutcomeGroup::kNone).empty());
  for (O corrected : {O::kRevoked, O::kAltered, O::kConfirmedIllegal, O::kOrderedToPerform}) {
    EXPECT_TRUE(IsCorrected(corrected)) << static_cast<int>(corrected);
  }
  for (O other :
       {O::kUnspecified, O::kUpheld, O::kMediated, O::kSettled, O::kRejected, O::kTerminated}) {
    EXPECT_FALSE(IsCorrected(other)) << static_cast<int>(other);
  }
  EXPECT_EQ(GroupOfOutcome(O::kUnspecified), OutcomeGroup::kNone);
}

TEST(Masking, FirstCharacterThenOneStarPerCharacter) {
  EXPECT_EQ(MaskPersonName("张三"), "张*");
  EXPECT_EQ(MaskPersonName("王建军"), "王**");
  EXPECT_EQ(MaskPersonName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskPersonName("张"), "张");
  EXPECT_EQ(MaskPersonName(""), "");
  EXPECT_EQ(MaskPersonName("Li Lei"), "L*****");
}

Complaint Received() {
  Complaint c;
  c.department_id = "jiyuan-sthjj";
  c.complainant = "刘德华";
  c.content = "执法人员未出示执法证件";
  c.received_date = CivilDay(2021, 6, 1);
  return c;
}

SupervisionLetter Letter() {
  SupervisionLetter l;
  l.document_number = "济司监〔2021〕1号";
  l.issued_date = CivilDay(2021, 6, 10);
  l.requirements = {"规范亮证执法", "组织执法人员培训"};
  l.due_date = CivilDay(2021, 7, 10);
  return l;
}

TEST(Rectification, LetterThenReportThenConfirmation) {
  Complaint c = Received();
  EXPECT_TRUE(CheckNewComplaint(c, "complaint.").ok());
  // Nothing to report before a letter asks for it.
  EXPECT_EQ(MoveRectification(c.rectification, c.rectification_report,
                              RectificationStatus::kReported, "已整改")
                .code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(IssueLetter(c, Letter()).ok());
  EXPECT_EQ(c.rectification, RectificationStatus::kRequired);
  // One letter per complaint.
  SupervisionLetter second = Letter();
  second.document_number = "济司监〔2021〕2号";
  EXPECT_EQ(IssueLetter(c, second).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(c.letter->document_number, "济司监〔2021〕1号");
  // Confirming needs a report first.
  EXPECT_EQ(MoveRectification(c.rectification, c.rectification_report,
                              RectificationStatus::kConfirmed, "")
                .code(),
            absl::StatusCode::kFailedPrecondition);
  absl::Status s = MoveRectification(c.rectification, c.rectification_report,
                                     RectificationStatus::kReported, "");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("report"), std::string::npos) << s;
  ASSERT_TRUE(MoveRectification(c.rectification, c.rectification_report,
                                RectificationStatus::kReported, "已组织全员培训")
                  .ok());
  EXPECT_EQ(c.rectification, RectificationStatus::kReported);
  EXPECT_EQ(c.rectification_report, "已组织全员培训");
  EXPECT_EQ(
      MoveRectification(c.rectification, c.rectification_report, RectificationStatus::kRequired, "")
          .code(),
      absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(MoveRectification(c.rectification, c.rectification_report,
                                RectificationStatus::kConfirmed, "")
                  .ok());
  EXPECT_EQ(c.rectification, RectificationStatus::kConfirmed);
  EXPECT_EQ(MoveRectification(c.rectification, c.rectification_report,
                              RectificationStatus::kReported, "再次报告")
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(Rectification, LetterDatesAreChecked) {
  Complaint c = Received();
  SupervisionLetter l = Letter();
  l.due_date = CivilDay(2021, 6, 9);
  absl::Status s = IssueLetter(c, l);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("letter.due_date"), std::string::npos) << s;
  l = Letter();
  l.issued_date = CivilDay(2021, 5, 31);
  s = IssueLetter(c, l);
  EXPECT_NE(s.message().find("letter.issued_date"), std::string::npos) << s;
  l = Letter();
  l.requirements.clear();
  s = IssueLetter(c, l);
  EXPECT_NE(s.message().find("letter.requirements"), std::string::npos) << s;
  EXPECT_FALSE(c.letter.has_value());
}

TEST(MajorCaseFilings, OnlyDecidedMajorCasesAndReviewSetsRectification) {
  FiledCaseFacts facts;
  facts.department_id = "jiyuan-sthjj";
  facts.major = false;
  facts.stage = 5;  // decided
  facts.decision_date = CivilDay(2021, 5, 1);
  EXPECT_EQ(CheckMajorCaseFilable(facts, CivilDay(2021, 5, 3)).code(),
            absl::StatusCode::kFailedPrecondition);
  facts.major = true;
  facts.stage = 2;  // investigating
  EXPECT_EQ(CheckMajorCaseFilable(facts, CivilDay(2021, 5, 3)).code(),
            absl::StatusCode::kFailedPrecondition);
  facts.stage = 6;  // served
  EXPECT_EQ(CheckMajorCaseFilable(facts, CivilDay(2021, 4, 30)).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(CheckMajorCaseFilable(facts, CivilDay(2021, 5, 3)).ok());

  MajorCaseFiling clean = NewFiling("case-1", facts, CivilDay(2021, 5, 3));
  EXPECT_EQ(clean.status, FilingStatus::kFiled);
  ASSERT_TRUE(ReviewFiling(clean, "sfj.reviewer", CivilDay(2021, 5, 10), {}).ok());
  EXPECT_EQ(clean.status, FilingStatus::kReviewed);
  EXPECT_EQ(clean.rectification, RectificationStatus::kNotRequired);
  EXPECT_EQ(ReviewFiling(clean, "sfj.reviewer", CivilDay(2021, 5, 11), {}).code(),
            absl::StatusCode::kFailedPrecondition);

  MajorCaseFiling faulty = NewFiling("case-2", facts, CivilDay(2021, 5, 3));
  EXPECT_EQ(ReviewFiling(faulty, "r", CivilDay(2021, 5, 2), {}).code(),
            absl::StatusCode::kInvalidArgument);
  absl::Status s = ReviewFiling(faulty, "r", CivilDay(2021, 5, 10), {"ok", ""});
  EXPECT_NE(s.message().find("rectification_suggestions[1]"), std::string::npos) << s;
  ASSERT_TRUE(ReviewFiling(faulty, "r", CivilDay(2021, 5, 10), {"裁量基准适用说明不充分"}).ok());
  EXPECT_EQ(faulty.rectification, RectificationStatus::kRequired);
}

TEST(CaseFileReviews, ScoreFromZeroToHundred) {
  CaseFileReview r;
  r.reviewer = "王评查";
  r.score = 101;
  absl::Status s = CheckCaseFileReview(r, "review.");
  EXPECT_NE(s.message().find("review.score"), std::string::npos) << s;
  r.score = -1;
  EXPECT_FALSE(CheckCaseFileReview(r, "review.").ok());
  r.score = 100;
  EXPECT_TRUE(CheckCaseFileReview(r, "review.").ok());
  r.score = 0;
  r.reviewer = "";
  s = CheckCaseFileReview(r, "review.");
  EXPECT_NE(s.message().find("review.reviewer"), std::string::npos) << s;
}

Lawsuit Suit() {
  Lawsuit s;
  s.court_case_number = "(2021)豫9001行初12号";
  s.court = "济源市人民法院";
  s.plaintiff = "赵六";
  s.defendant_department_id = "jiyuan-sthjj";
  s.filed_date = CivilDay(2021, 4, 1);
  return s;
}

TEST(Litigation, GovernmentDefendantMatchesTheDefendantsKind) {
  Lawsuit s = Suit();
  EXPECT_TRUE(CheckNewLawsuit(s, 2, "lawsuit.").ok());
  s.government_defendant = true;
  absl::Status st = CheckNewLawsuit(s, 2, "lawsuit.");
  EXPECT_NE(st.message().find("lawsuit.government_defendant"), std::string::npos) << st;
  EXPECT_TRUE(CheckNewLawsuit(s, kGovernmentUnitKind, "lawsuit.").ok());
  s.government_defendant = false;
  EXPECT_FALSE(CheckNewLawsuit(s, kGovernmentUnitKind, "lawsuit.").ok());
}

TEST(Litigation, HearingsAndJudgment) {
  Lawsuit s = Suit();
  Hearing h{CivilDay(2021, 5, 20), true, ""};
  absl::Status st = AddHearing(s, h);
  EXPECT_NE(st.message().find("hearing.head_title"), std::string::npos) << st;
  h.head_title = "局长";
  ASSERT_TRUE(AddHearing(s, h).ok());
  EXPECT_EQ(HeadAppearances(s), 1);
  Hearing early{CivilDay(2021, 3, 1), false, ""};
  st = AddHearing(s, early);
  EXPECT_NE(st.message().find("hearing.date"), std::string::npos) << st;
  EXPECT_EQ(RecordJudgment(s, JudgmentOutcome::kUnspecified, CivilDay(2021, 6, 1)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RecordJudgment(s, JudgmentOutcome::kUpheld, CivilDay(2021, 5, 19)).code(),
            absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(RecordJudgment(s, JudgmentOutcome::kUpheld, CivilDay(2021, 6, 1)).ok());
  EXPECT_EQ(RecordJudgment(s, JudgmentOutcome::kLost, CivilDay(2021, 6, 2)).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(AddHearing(s, Hearing{CivilDay(2021, 6, 5), false, ""}).code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace fazhi::cases

// The enforcement case life cycle (行政处罚法 2021): every allowed move and every refusal naming
// the missing step, decisions and parties checked, persons masked for the public feed.

#include "services/cases/domain/case_lifecycle.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/domain/officer_check.h"
#include "tests/support/calendar.h"

namespace fazhi::cases {
namespace {

// gtest alone (no gmock): the message and what it should contain on failure.
::testing::AssertionResult Contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << text << "' does not contain '" << part << "'";
}

constexpr char kPersonId[] = "410881198503031234";
constexpr char kCreditCode[] = "91350100M000100Y43";
const absl::CivilDay kFiled(2021, 6, 1);
const absl::CivilDay kToday(2021, 12, 31);

const time_util::WorkingDayCalendar& Calendar() { return ::fazhi::testing::ShippedCalendar(); }

EnforcementCase NewCase(CaseKind kind = CaseKind::kPenalty, bool major = false) {
  EnforcementCase c;
  c.id = "case-1";
  c.department_id = "jiyuan-sthjj";
  c.kind = kind;
  c.case_number = "济环罚立〔2021〕12号";
  c.party = Party{PartyType::kOrganisation, "济源市某化工有限公司", "", kCreditCode};
  c.facts = "超标排放大气污染物";
  c.legal_basis = {{"中华人民共和国大气污染防治法", "第九十九条"}};
  c.major = major;
  c.officer_ids = {"officer-a", "officer-b"};
  c.filed_date = kFiled;
  SetDecisionDueDate(c, Calendar());
  return c;
}

Step Simple(Action action, absl::CivilDay date = absl::CivilDay(2021, 6, 10)) {
  Step s;
  s.action = action;
  s.date = date;
  return s;
}

Step Review(LegalReviewResult result) {
  Step s;
  s.action = Action::kRecordLegalReview;
  s.review = LegalReview{"法制科 李审", result,
                         result == LegalReviewResult::kReturned ? "证据不足，补充调查" : "",
                         absl::CivilDay(2021, 6, 20)};
  return s;
}

Decision Fine(int64_t fen, absl::CivilDay date = absl::CivilDay(2021, 7, 1)) {
  Decision d;
  d.document_number = "济环罚〔2021〕12号";
  d.date = date;
  d.outcome = DecisionOutcome::kPenalty;
  d.sanctions = {{SanctionType::kFine, fen, "罚款"}};
  d.officer_ids = {"officer-a", "officer-b"};
  return d;
}

Step DecideStep(Decision d) {
  Step s;
  s.action = Action::kDecide;
  s.decision = std::move(d);
  return s;
}

absl::Status Apply(EnforcementCase& c, Step step) {
  return ApplyStep(c, std::move(step), Calendar(), HearingThresholds{}, kToday).status();
}

// Moves a fresh case to the stage by the usual path. Notified on Monday 2021-06-21 (was 06-25, a
// Friday, whose 5 working days to ask for a hearing now run to 07-02, after the decision of
// 07-01): the window is 22..28 June, so 07-01 is after it (行政处罚法 Arts 64 and 85).
EnforcementCase At(CaseStage stage, CaseKind kind = CaseKind::kPenalty, bool major = false) {
  EnforcementCase c = NewCase(kind, major);
  auto must = [&](Step s) { EXPECT_TRUE(Apply(c, std::move(s)).ok()); };
  if (stage == CaseStage::kFiled) return c;
  must(Simple(Action::kStartInvestigation));
  if (stage == CaseStage::kInvestigating) return c;
  if (stage == CaseStage::kLegalReview) {
    must(Simple(Action::kSubmitLegalReview));
    return c;
  }
  if (major) {
    must(Simple(Action::kSubmitLegalReview));
    must(Review(LegalReviewResult::kPassed));
  }
  must(Simple(Action::kNotify, absl::CivilDay(2021, 6, 21)));
  if (stage == CaseStage::kNotified) return c;
  must(DecideStep(Fine(500000)));
  if (stage == CaseStage::kDecided) return c;
  must(Simple(Action::kServe, absl::CivilDay(2021, 7, 2)));
  if (stage == CaseStage::kServed) return c;
  Step pay = Simple(Action::kRecordExecution, absl::CivilDay(2021, 7, 20));
  pay.collected_fen = 500000;
  must(pay);
  if (stage == CaseStage::kExecuted) return c;
  must(Simple(Action::kClose));
  return c;
}

void ExpectRefused(EnforcementCase c, Step step, absl::string_view says) {
  CaseStage before = c.stage;
  absl::Status s = Apply(c, std::move(step));
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(Contains(std::string(s.message()), std::string(says)));
  EXPECT_EQ(c.stage, before) << "a refused move must not change the stage";
}

TEST(CaseLifecycleTest, APenaltyCaseRunsFromFilingToClosing) {
  EnforcementCase c = NewCase();
  struct Move {
    Step step;
    CaseStage to;
  } moves[] = {
      {Simple(Action::kStartInvestigation), CaseStage::kInvestigating},
      {Simple(Action::kNotify, absl::CivilDay(2021, 6, 21)), CaseStage::kNotified},
      {DecideStep(Fine(1500000)), CaseStage::kDecided},
      {Simple(Action::kServe, absl::CivilDay(2021, 7, 2)), CaseStage::kServed},
  };
  for (Move& m : moves) {
    ASSERT_TRUE(Apply(c, m.step).ok());
    EXPECT_EQ(c.stage, m.to);
  }
  EXPECT_EQ(c.disclosure.due_date, absl::CivilDay(2021, 7, 12));  // 7 working days after 07-01
  Step first = Simple(Action::kRecordExecution, absl::CivilDay(2021, 7, 10));
  first.collected_fen = 500000;
  ASSERT_TRUE(Apply(c, first).ok());
  Step second = Simple(Action::kRecordExecution, absl::CivilDay(2021, 8, 10));
  second.collected_fen = 1000000;
  ASSERT_TRUE(Apply(c, second).ok());
  EXPECT_EQ(c.collected_fen, 1500000);
  EXPECT_EQ(c.stage, CaseStage::kExecuted);
  ASSERT_TRUE(Apply(c, Simple(Action::kClose)).ok());
  EXPECT_EQ(c.stage, CaseStage::kClosed);
}

TEST(CaseLifecycleTest, AMajorCaseIsNotDecidedWithoutAPassedLegalReview) {
  EnforcementCase c = At(CaseStage::kNotified, CaseKind::kPenalty, /*major=*/false);
  c.major = true;
  ExpectRefused(c, DecideStep(Fine(5000000)),
                "a major case needs a passed legal review (法制审核, 行政处罚法 Art. 58) before a "
                "decision");
  EXPECT_EQ(CanDecide(c).code(), absl::StatusCode::kFailedPrecondition);

  // Reviewed after notification: returned sends it back to investigation.
  ASSERT_TRUE(Apply(c, Simple(Action::kSubmitLegalReview)).ok());
  EXPECT_EQ(c.stage, CaseStage::kLegalReview);
  ExpectRefused(c, DecideStep(Fine(5000000)), "Art. 58");
  ASSERT_TRUE(Apply(c, Review(LegalReviewResult::kReturned)).ok());
  EXPECT_EQ(c.stage, CaseStage::kInvestigating);
  ExpectRefused(c, DecideStep(Fine(5000000)), "Art. 58");
  // A new submission and a pass: the decision may follow (the party was notified before).
  ASSERT_TRUE(Apply(c, Simple(Action::kSubmitLegalReview)).ok());
  ASSERT_TRUE(Apply(c, Review(LegalReviewResult::kPassed)).ok());
  EXPECT_EQ(c.stage, CaseStage::kLegalReview);
  ASSERT_TRUE(Apply(c, DecideStep(Fine(5000000))).ok());
  EXPECT_EQ(c.stage, CaseStage::kDecided);
}

TEST(CaseLifecycleTest, LegalReviewBeforeNotificationThenNotifyThenDecide) {
  EnforcementCase c = At(CaseStage::kInvestigating, CaseKind::kPenalty, /*major=*/true);
  ASSERT_TRUE(Apply(c, Simple(Action::kSubmitLegalReview)).ok());
  ExpectRefused(c, Simple(Action::kNotify), "has no result yet");
  ExpectRefused(c, DecideStep(Fine(100)), "Art. 58");
  ASSERT_TRUE(Apply(c, Review(LegalReviewResult::kPassed)).ok());
  ExpectRefused(c, Review(LegalReviewResult::kPassed), "already has its result");
  // Passed, but a penalty still needs the party notified first (Art. 44).
  ExpectRefused(c, DecideStep(Fine(100)), "告知");
  ASSERT_TRUE(Apply(c, Simple(Action::kNotify, absl::CivilDay(2021, 6, 21))).ok());
  ASSERT_TRUE(Apply(c, DecideStep(Fine(100))).ok());
}

TEST(CaseLifecycleTest, LegalReviewIsOptionalForOrdinaryCases) {
  EnforcementCase c = At(CaseStage::kNotified);
  ASSERT_TRUE(Apply(c, DecideStep(Fine(100))).ok());
  EnforcementCase reviewed = At(CaseStage::kLegalReview);
  ASSERT_TRUE(Apply(reviewed, Review(LegalReviewResult::kPassed)).ok());
  ASSERT_TRUE(Apply(reviewed, Simple(Action::kNotify, absl::CivilDay(2021, 6, 21))).ok());
  ASSERT_TRUE(Apply(reviewed, DecideStep(Fine(100))).ok());
}

TEST(CaseLifecycleTest, LicensingAndInspectionNeedNoNotification) {
  EnforcementCase c = At(CaseStage::kInvestigating, CaseKind::kLicensing);
  Decision granted;
  granted.document_number = "济许〔2021〕3号";
  granted.date = absl::CivilDay(2021, 6, 11);  // Friday before 端午 (06-12..14 off)
  granted.outcome = DecisionOutcome::kGranted;
  granted.officer_ids = {"officer-a", "officer-b"};
  ASSERT_TRUE(Apply(c, DecideStep(granted)).ok());
  EXPECT_EQ(c.disclosure.due_date, absl::CivilDay(2021, 6, 23));  // 7 working days from 06-15
}

// Notified on Tuesday 2021-04-20 (a case filed 2021-04-01): a decision that gives hearing rights
// waits for the 5 working days to request a hearing, or for a requested hearing (行政处罚法 Arts
// 63-65, 85). The working days after it: 21, 22, 23 April, Sunday 25 April (劳动节调休), 26, 27,
// 28 April; Saturday 24 April is off. The party is an organisation: hearing rights from a fine of
// ¥100,000 under the default thresholds.
EnforcementCase NotifiedOn20April(bool hearing_requested) {
  EnforcementCase c = NewCase();
  c.filed_date = absl::CivilDay(2021, 4, 1);
  SetDecisionDueDate(c, Calendar());
  EXPECT_TRUE(Apply(c, Simple(Action::kStartInvestigation)).ok());
  Step notify = Simple(Action::kNotify, absl::CivilDay(2021, 4, 20));
  notify.hearing_requested = hearing_requested;
  EXPECT_TRUE(Apply(c, notify).ok());
  EXPECT_EQ(c.hearing_requested, hearing_requested);
  return c;
}

constexpr int64_t kLargeFine = 10000000;  // ¥100,000: the default threshold for an organisation

Step RequestHearing(absl::CivilDay date) { return Simple(Action::kRequestHearing, date); }

Step HoldHearing(absl::CivilDay notice, absl::CivilDay held, std::string presiding = "fzk-zhao",
                 bool appeared = true) {
  Step s;
  s.action = Action::kHoldHearing;
  s.hearing = PenaltyHearing{notice, held, appeared, std::move(presiding), "听证笔录/2021/7号"};
  return s;
}

void ExpectInvalidStep(EnforcementCase c, Step step, absl::string_view field,
                       absl::string_view says) {
  absl::Status s = Apply(c, std::move(step));
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(Contains(std::string(s.message()), std::string(field)));
  EXPECT_TRUE(Contains(std::string(s.message()), std::string(says)));
}

TEST(CaseLifecycleTest, APenaltyWithHearingRightsWaitsFiveWorkingDaysForARequest) {  // Art. 64(1)
  EnforcementCase c = NotifiedOn20April(/*hearing_requested=*/false);
  // The window's 5th working day is Monday 04-26, the party's last day to ask, so the decision
  // may carry 04-27 at the earliest.
  Decision early = Fine(kLargeFine, absl::CivilDay(2021, 4, 26));
  ExpectRefused(c, DecideStep(early), "Art. 64(1)");
  ExpectRefused(c, DecideStep(early), "Art. 63");
  ExpectRefused(c, DecideStep(early), "up to and including 2021-04-26");
  ExpectRefused(c, DecideStep(early), "decide on or after 2021-04-27, not on 2021-04-26");
  EXPECT_EQ(CheckHearingPeriod(c, early, Calendar(), HearingThresholds{}).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CanDecide(c).ok()) << "the stage allows a decision; only its date is early";
  ASSERT_TRUE(Apply(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 4, 27)))).ok());
  EXPECT_EQ(c.stage, CaseStage::kDecided);
  EXPECT_TRUE(c.hearing_rights);
}

TEST(CaseLifecycleTest, AWindowEndingBeforeAHolidayMovesTheDecisionPastIt) {  // Arts 64, 85
  // Notified Friday 2021-09-24: the 5 working days are Sunday 09-26 (国庆节调休) to Thursday
  // 09-30; 10-01..07 are National Day, so the decision may carry Friday 10-08 at the earliest.
  EnforcementCase c = At(CaseStage::kInvestigating);
  ASSERT_TRUE(Apply(c, Simple(Action::kNotify, absl::CivilDay(2021, 9, 24))).ok());
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 10, 1))),
                "decide on or after 2021-10-08, not on 2021-10-01");
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 10, 7))),
                "up to and including 2021-09-30");
  ASSERT_TRUE(Apply(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 10, 8)))).ok());
}

TEST(CaseLifecycleTest, AWarningOrASmallFineDoesNotWaitForAHearingWindow) {  // Art. 63
  // Below ¥100,000 an organisation has no hearing right: decided the day it was notified.
  EnforcementCase small = NotifiedOn20April(/*hearing_requested=*/false);
  ASSERT_TRUE(Apply(small, DecideStep(Fine(kLargeFine - 1, absl::CivilDay(2021, 4, 20)))).ok());
  EXPECT_EQ(small.stage, CaseStage::kDecided);
  EXPECT_FALSE(small.hearing_rights);
  // At the threshold itself (以上 includes the figure) it waits.
  ExpectRefused(NotifiedOn20April(false), DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 4, 20))),
                "Art. 64(1)");
  EnforcementCase warned = NotifiedOn20April(/*hearing_requested=*/false);
  Decision warning = Fine(0, absl::CivilDay(2021, 4, 20));
  warning.sanctions = {{SanctionType::kWarning, 0, "警告"}};
  ASSERT_TRUE(Apply(warned, DecideStep(warning)).ok());
  // Still never before the notification itself.
  warning.date = absl::CivilDay(2021, 4, 19);
  EnforcementCase before = NotifiedOn20April(false);
  EXPECT_EQ(Apply(before, DecideStep(warning)).code(), absl::StatusCode::kInvalidArgument);
  // The thresholds are configuration: under ¥1,000 / ¥50,000 a ¥60,000 fine waits.
  HearingThresholds low{100000, 5000000};
  EnforcementCase strict = NotifiedOn20April(false);
  absl::Status s = ApplyStep(strict, DecideStep(Fine(6000000, absl::CivilDay(2021, 4, 20))),
                             Calendar(), low, kToday)
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition) << s;
  EXPECT_TRUE(ApplyStep(strict, DecideStep(Fine(6000000, absl::CivilDay(2021, 4, 27))), Calendar(),
                        low, kToday)
                  .ok());
}

TEST(CaseLifecycleTest, HearingRightsFollowArticle63) {
  HearingThresholds t;  // ¥10,000 for a person, ¥100,000 for an organisation
  auto rights = [&](PartyType party, std::vector<Sanction> sanctions) {
    return HasHearingRights(party, sanctions, t);
  };
  EXPECT_FALSE(rights(PartyType::kPerson, {{SanctionType::kWarning, 0, "警告"}}));
  EXPECT_FALSE(rights(PartyType::kPerson, {{SanctionType::kFine, 999999, ""}}));
  EXPECT_TRUE(rights(PartyType::kPerson, {{SanctionType::kFine, 1000000, ""}}));
  EXPECT_FALSE(rights(PartyType::kOrganisation, {{SanctionType::kFine, 1000000, ""}}));
  // Fines add up; a fine and a confiscation are each measured on their own (Art. 63(1), (2)).
  EXPECT_TRUE(rights(PartyType::kOrganisation,
                     {{SanctionType::kFine, 6000000, ""}, {SanctionType::kFine, 4000000, ""}}));
  EXPECT_FALSE(rights(PartyType::kOrganisation, {{SanctionType::kFine, 6000000, ""},
                                                 {SanctionType::kConfiscation, 6000000, ""}}));
  EXPECT_TRUE(rights(PartyType::kOrganisation, {{SanctionType::kConfiscation, 10000000, ""}}));
  // Licence suspension or downgrading, revocation and closure whatever the amount (Art. 63(3),
  // (4)).
  EXPECT_TRUE(rights(PartyType::kPerson, {{SanctionType::kLicenceSuspension, 0, ""}}));
  EXPECT_TRUE(rights(PartyType::kOrganisation, {{SanctionType::kLicenceRevocation, 0, ""}}));
  EXPECT_TRUE(rights(PartyType::kOrganisation,
                     {{SanctionType::kWarning, 0, ""}, {SanctionType::kClosure, 0, ""}}));
  // Detention (治安管理处罚法's own procedure) and seizure (a coercive measure) are not Art. 63's.
  EXPECT_FALSE(rights(PartyType::kPerson, {{SanctionType::kDetention, 0, ""}}));
  EXPECT_FALSE(rights(PartyType::kOrganisation, {{SanctionType::kSeizure, 0, ""}}));
  EXPECT_TRUE(CheckHearingThresholds(t).ok());
  EXPECT_EQ(CheckHearingThresholds(HearingThresholds{0, 1}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CaseLifecycleTest, ARequestedHearingIsHeldAndRecordedBeforeTheDecision) {  // Arts 64, 65
  EnforcementCase c = NotifiedOn20April(/*hearing_requested=*/true);
  EXPECT_EQ(c.hearing_request_date, absl::CivilDay(2021, 4, 20));
  // No decision that gives hearing rights before the hearing is recorded, however late.
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 5, 20))), "hold_hearing");
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 5, 20))), "Art. 65");
  // Announced 04-20, so held from the 7th working day, Wednesday 04-28.
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 27)),
                    "hold_hearing.hearing.hearing_date", "on or after 2021-04-28");
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 27)),
                    "hold_hearing.hearing.hearing_date", "Art. 64(2)");
  // Announced before the party asked.
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 4, 19), absl::CivilDay(2021, 5, 6)),
                    "hold_hearing.hearing.notice_date", "2021-04-20");
  // Not yet held.
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 12, 1), absl::CivilDay(2022, 1, 4)),
                    "hold_hearing.hearing.hearing_date", "");
  // Presided over by one of the investigators, or by nobody.
  ExpectInvalidStep(
      c, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 28), "officer-a"),
      "hold_hearing.hearing.presiding_officer_id", "Art. 64(4)");
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 28), ""),
                    "hold_hearing.hearing.presiding_officer_id", "");

  absl::StatusOr<std::string> remark =
      ApplyStep(c,
                HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 28), "fzk-zhao",
                            /*appeared=*/false),
                Calendar(), HearingThresholds{}, kToday);
  ASSERT_TRUE(remark.ok()) << remark.status();
  EXPECT_TRUE(Contains(*remark, "did not appear"));
  EXPECT_EQ(c.stage, CaseStage::kNotified) << "a hearing does not move the stage";
  ASSERT_TRUE(c.hearing.has_value());
  EXPECT_EQ(c.hearing->hearing_date, absl::CivilDay(2021, 4, 28));
  EXPECT_FALSE(c.hearing->party_appeared);
  EXPECT_EQ(c.hearing->presiding_officer_id, "fzk-zhao");
  ExpectRefused(c, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 29)),
                "already recorded");
  // The decision follows the hearing (Art. 65): on its day at the earliest.
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 4, 27))),
                "decide on or after that day, not on 2021-04-27");
  ASSERT_TRUE(Apply(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 4, 28)))).ok());
  EXPECT_TRUE(c.hearing_rights);
  // Nothing hearing-related after the decision.
  ExpectRefused(c, RequestHearing(absl::CivilDay(2021, 4, 28)), "already decided");
}

TEST(CaseLifecycleTest, AHearingOverNationalDayWaitsSevenWorkingDays) {  // Arts 64(2), 85
  // Requested with the notification on Friday 2021-09-24 and announced the same day: the 7
  // working days are 09-26 (Sunday, 调休), 09-27..30, 10-08 and Saturday 10-09 (调休).
  EnforcementCase c = At(CaseStage::kInvestigating);
  Step notify = Simple(Action::kNotify, absl::CivilDay(2021, 9, 24));
  notify.hearing_requested = true;
  ASSERT_TRUE(Apply(c, notify).ok());
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 9, 24), absl::CivilDay(2021, 10, 8)),
                    "hold_hearing.hearing.hearing_date",
                    "held on or after 2021-10-09, not on 2021-10-08");
  ASSERT_TRUE(Apply(c, HoldHearing(absl::CivilDay(2021, 9, 24), absl::CivilDay(2021, 10, 9))).ok());
  ASSERT_TRUE(Apply(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 10, 11)))).ok());
}

TEST(CaseLifecycleTest, APartyMayRequestAHearingUpToTheFifthWorkingDay) {  // Art. 64(1)
  // Notified 04-20 without a request; Monday 04-26 is the 5th working day, still in time.
  EnforcementCase c = NotifiedOn20April(/*hearing_requested=*/false);
  ExpectInvalidStep(c, RequestHearing(absl::CivilDay(2021, 4, 27)), "request_hearing.date",
                    "by 2021-04-26, not on 2021-04-27");
  ExpectInvalidStep(c, RequestHearing(absl::CivilDay(2021, 4, 19)), "request_hearing.date",
                    "before the notification");
  ExpectRefused(c, HoldHearing(absl::CivilDay(2021, 4, 26), absl::CivilDay(2021, 5, 10)),
                "has not requested a hearing");
  ASSERT_TRUE(Apply(c, RequestHearing(absl::CivilDay(2021, 4, 26))).ok());
  EXPECT_TRUE(c.hearing_requested);
  EXPECT_EQ(c.hearing_request_date, absl::CivilDay(2021, 4, 26));
  EXPECT_EQ(c.stage, CaseStage::kNotified);
  ExpectRefused(c, RequestHearing(absl::CivilDay(2021, 4, 26)), "already requested a hearing");
  // The window has passed, but the request in it now holds the decision until the hearing.
  ExpectRefused(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 4, 27))), "hold_hearing");
  // Announced no earlier than the request: 7 working days after 04-26 are 04-27..30, then after
  // 05-01..05 off, 05-06, 05-07 and Saturday 05-08 (劳动节调休).
  ExpectInvalidStep(c, HoldHearing(absl::CivilDay(2021, 4, 26), absl::CivilDay(2021, 5, 7)),
                    "hold_hearing.hearing.hearing_date", "on or after 2021-05-08");
  ASSERT_TRUE(Apply(c, HoldHearing(absl::CivilDay(2021, 4, 26), absl::CivilDay(2021, 5, 8))).ok());
  ASSERT_TRUE(Apply(c, DecideStep(Fine(kLargeFine, absl::CivilDay(2021, 5, 10)))).ok());
  // Only after a notification, and only on a penalty case.
  ExpectRefused(At(CaseStage::kInvestigating), RequestHearing(absl::CivilDay(2021, 6, 22)),
                "notify the party");
  ExpectRefused(At(CaseStage::kInvestigating, CaseKind::kLicensing),
                RequestHearing(absl::CivilDay(2021, 6, 22)), "only a penalty case");
}

TEST(CaseLifecycleTest, AHearingRequestedForALighterDecisionIsNotRequired) {  // Arts 63, 65
  // The party asked, but the decision is a fine below the threshold: no hearing right, so the
  // decision need not wait for one ...
  EnforcementCase c = NotifiedOn20April(/*hearing_requested=*/true);
  ASSERT_TRUE(Apply(c, DecideStep(Fine(500000, absl::CivilDay(2021, 4, 21)))).ok());
  EXPECT_FALSE(c.hearing_rights);
  EXPECT_FALSE(c.hearing.has_value());
  // ... but a hearing the agency held anyway is decided on, and so comes first.
  EnforcementCase held = NotifiedOn20April(/*hearing_requested=*/true);
  ASSERT_TRUE(
      Apply(held, HoldHearing(absl::CivilDay(2021, 4, 20), absl::CivilDay(2021, 4, 28))).ok());
  ExpectRefused(held, DecideStep(Fine(500000, absl::CivilDay(2021, 4, 27))), "Art. 65");
  ASSERT_TRUE(Apply(held, DecideStep(Fine(500000, absl::CivilDay(2021, 4, 28)))).ok());
}

TEST(CaseLifecycleTest, OnTheSpotAndNonPenaltyDecisionsHaveNoHearingPeriod) {
  // The on-the-spot procedure (简易程序, Art. 51) has no hearing: decided the day of notification.
  EnforcementCase spot = NotifiedOn20April(/*hearing_requested=*/false);
  Decision fine = Fine(20000, absl::CivilDay(2021, 4, 20));
  fine.on_the_spot = true;
  EXPECT_TRUE(CheckHearingPeriod(spot, fine, Calendar(), HearingThresholds{}).ok());
  ASSERT_TRUE(Apply(spot, DecideStep(fine)).ok());
  EXPECT_EQ(spot.stage, CaseStage::kDecided);
  // Still never before the notification itself.
  EnforcementCase before = NotifiedOn20April(/*hearing_requested=*/false);
  fine.date = absl::CivilDay(2021, 4, 19);
  EXPECT_EQ(Apply(before, DecideStep(fine)).code(), absl::StatusCode::kInvalidArgument);
  // A licensing case has no hearing period under the 行政处罚法.
  EnforcementCase licensing = At(CaseStage::kInvestigating, CaseKind::kLicensing);
  ASSERT_TRUE(Apply(licensing, Simple(Action::kNotify, absl::CivilDay(2021, 6, 25))).ok());
  Decision granted;
  granted.document_number = "济许〔2021〕4号";
  granted.date = absl::CivilDay(2021, 6, 25);
  granted.outcome = DecisionOutcome::kGranted;
  granted.officer_ids = {"officer-a", "officer-b"};
  EXPECT_TRUE(Apply(licensing, DecideStep(granted)).ok());
}

TEST(CaseLifecycleTest, EveryOtherMoveIsRefusedNamingTheMissingStep) {
  ExpectRefused(At(CaseStage::kFiled), Simple(Action::kNotify), "start the investigation");
  ExpectRefused(At(CaseStage::kFiled), DecideStep(Fine(100)), "start the investigation");
  ExpectRefused(At(CaseStage::kFiled), Simple(Action::kSubmitLegalReview),
                "start the investigation");
  ExpectRefused(At(CaseStage::kFiled), Review(LegalReviewResult::kPassed),
                "submit the case for legal review");
  ExpectRefused(At(CaseStage::kFiled), Simple(Action::kServe), "decide (决定) before serving");
  ExpectRefused(At(CaseStage::kFiled), Simple(Action::kRecordExecution), "decide (决定) and serve");
  ExpectRefused(At(CaseStage::kFiled), Simple(Action::kClose), "withdraw or transfer");
  ExpectRefused(At(CaseStage::kInvestigating), Simple(Action::kStartInvestigation), "starts once");
  ExpectRefused(At(CaseStage::kInvestigating), DecideStep(Fine(100)), "告知");
  ExpectRefused(At(CaseStage::kInvestigating), Review(LegalReviewResult::kPassed),
                "submit the case for legal review");
  ExpectRefused(At(CaseStage::kNotified), Simple(Action::kNotify), "already notified");
  ExpectRefused(At(CaseStage::kNotified), Simple(Action::kServe), "decide (决定) before serving");
  ExpectRefused(At(CaseStage::kDecided), DecideStep(Fine(100)), "already decided");
  ExpectRefused(At(CaseStage::kDecided), Simple(Action::kSubmitLegalReview),
                "submitted from investigating or notified");
  ExpectRefused(At(CaseStage::kDecided), Simple(Action::kRecordExecution), "serve the decision");
  ExpectRefused(At(CaseStage::kDecided), Simple(Action::kClose), "record the execution");
  ExpectRefused(At(CaseStage::kServed), Simple(Action::kServe), "served once");
  ExpectRefused(At(CaseStage::kServed), Simple(Action::kClose), "record the execution");
  Step withdraw = Simple(Action::kWithdraw);
  withdraw.reason = "违法事实不能成立";
  ExpectRefused(At(CaseStage::kDecided), withdraw, "revoke the decision instead");
  ExpectRefused(At(CaseStage::kExecuted), withdraw, "revoke the decision instead");
  Step transfer = Simple(Action::kTransfer);
  transfer.transfer = Transfer{TransferDestination::kPoliceDetention, "济源市公安局", "涉嫌拘留",
                               absl::CivilDay(2021, 6, 10)};
  ExpectRefused(At(CaseStage::kServed), transfer, "only an undecided one");
  for (Action a :
       {Action::kStartInvestigation, Action::kNotify, Action::kClose, Action::kSubmitLegalReview}) {
    ExpectRefused(At(CaseStage::kClosed), Simple(a), "nothing more happens");
  }
}

TEST(CaseLifecycleTest, WithdrawalAndTransferFromEveryStageBeforeADecision) {
  for (CaseStage stage : {CaseStage::kFiled, CaseStage::kInvestigating, CaseStage::kLegalReview,
                          CaseStage::kNotified}) {
    EnforcementCase c = At(stage);
    Step withdraw = Simple(Action::kWithdraw);
    withdraw.reason = "违法事实不能成立";
    ASSERT_TRUE(Apply(c, withdraw).ok()) << static_cast<int>(stage);
    EXPECT_EQ(c.stage, CaseStage::kWithdrawn);
    ExpectRefused(c, Simple(Action::kStartInvestigation), "nothing more happens");

    EnforcementCase t = At(stage);
    Step transfer = Simple(Action::kTransfer);
    transfer.transfer = Transfer{TransferDestination::kPoliceCriminal, "济源市公安局",
                                 "涉嫌污染环境罪", absl::CivilDay(2021, 6, 10)};
    ASSERT_TRUE(Apply(t, transfer).ok());
    EXPECT_EQ(t.stage, CaseStage::kTransferred);
    EXPECT_EQ(t.transfer->recipient, "济源市公安局");
  }
  EnforcementCase c = At(CaseStage::kInvestigating);
  Step no_reason = Simple(Action::kWithdraw);
  EXPECT_EQ(Apply(c, no_reason).code(), absl::StatusCode::kInvalidArgument);
  Step no_destination = Simple(Action::kTransfer);
  no_destination.transfer.recipient = "济源市公安局";
  no_destination.transfer.reason = "x";
  absl::Status s = Apply(c, no_destination);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(s.message()), "transfer.transfer.destination"));
}

// 撤销立案 and 移送 end a case with no decision, so it is never overdue for one; a closed case
// (结案) was decided first, and every earlier stage still owes its decision.
TEST(CaseLifecycleTest, WithdrawnAndTransferredCasesEndWithoutADecision) {
  EXPECT_EQ(StagesEndedWithoutDecision(),
            (std::vector<CaseStage>{CaseStage::kWithdrawn, CaseStage::kTransferred}));
  EXPECT_TRUE(EndedWithoutDecision(CaseStage::kWithdrawn));
  EXPECT_TRUE(EndedWithoutDecision(CaseStage::kTransferred));
  for (CaseStage stage : {CaseStage::kUnspecified, CaseStage::kFiled, CaseStage::kInvestigating,
                          CaseStage::kLegalReview, CaseStage::kNotified, CaseStage::kDecided,
                          CaseStage::kServed, CaseStage::kExecuted, CaseStage::kClosed}) {
    EXPECT_FALSE(EndedWithoutDecision(stage)) << static_cast<int>(stage);
  }
}

TEST(CaseLifecycleTest, ExecutionCollectsNoMoreThanTheDecisionImposed) {
  EnforcementCase c = At(CaseStage::kServed);  // fined 500000 fen
  Step pay = Simple(Action::kRecordExecution, absl::CivilDay(2021, 7, 20));
  pay.collected_fen = 500001;
  absl::Status s = Apply(c, pay);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(s.message()), "record_execution.collected_fen"));
  pay.collected_fen = -1;
  EXPECT_EQ(Apply(c, pay).code(), absl::StatusCode::kInvalidArgument);
  pay.collected_fen = 0;
  pay.date = absl::CivilDay(2021, 7, 1);  // before service
  EXPECT_EQ(Apply(c, pay).code(), absl::StatusCode::kInvalidArgument);
}

TEST(CaseLifecycleTest, LateServiceToAnAbsentPartyIsRecordedWithItsDelay) {
  // Decided Thursday 2021-07-01: 7 working days (行政处罚法 Arts 61 and 85) are 2, 5, 6, 7, 8, 9
  // and 12 July, so the limit is Monday 07-12 (was 07-08 in calendar days).
  EnforcementCase c = At(CaseStage::kDecided);
  Step serve = Simple(Action::kServe, absl::CivilDay(2021, 7, 14));
  serve.party_absent = true;
  absl::StatusOr<std::string> remark = ApplyStep(c, serve, Calendar(), HearingThresholds{}, kToday);
  ASSERT_TRUE(remark.ok()) << remark.status();
  EXPECT_TRUE(Contains(*remark, "served 2 days after the limit of 7 working days"));
  EXPECT_TRUE(Contains(*remark, "2021-07-12"));
  EXPECT_TRUE(Contains(*remark, "Art. 61"));
  EnforcementCase on_time = At(CaseStage::kDecided);
  serve.date = absl::CivilDay(2021, 7, 12);
  remark = ApplyStep(on_time, serve, Calendar(), HearingThresholds{}, kToday);
  ASSERT_TRUE(remark.ok());
  EXPECT_EQ(*remark, "");
}

Extension HeadApproved(int days) {
  Extension ext;
  ext.days = days;
  ext.basis = "《生态环境行政处罚办法》第五十七条";
  ext.approved_by = "局长 王某";
  ext.reason = "案情复杂，需补充监测";
  return ext;
}

TEST(CaseLifecycleTest, ExtensionsMoveTheDecisionDeadlineOnlyBeforeADecision) {
  EnforcementCase c = At(CaseStage::kInvestigating);
  ASSERT_TRUE(ExtendDecisionDeadline(c, HeadApproved(30), Calendar()).ok());
  EXPECT_EQ(c.extension_days, 30);
  EXPECT_EQ(c.extension_count, 1);
  EXPECT_EQ(c.decision_due_date, absl::CivilDay(2021, 9, 29));
  EXPECT_EQ(ExtendDecisionDeadline(c, HeadApproved(0), Calendar()).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ExtendDecisionDeadline(c, HeadApproved(61), Calendar()).code(),
            absl::StatusCode::kInvalidArgument);
  Extension nobody = HeadApproved(10);
  nobody.approved_by = "";
  EXPECT_TRUE(Contains(std::string(ExtendDecisionDeadline(c, nobody, Calendar()).message()),
                       "approved_by"));
  EnforcementCase decided = At(CaseStage::kDecided);
  EXPECT_EQ(ExtendDecisionDeadline(decided, HeadApproved(10), Calendar()).code(),
            absl::StatusCode::kFailedPrecondition);
}

// 行政处罚法 Art. 60 grants no extension: the rule that does is named, a second extension takes
// the heads' collective discussion, and there is no third.
TEST(CaseLifecycleTest, AnExtensionNamesItsRuleAndIsNotRepeatableWithoutLimit) {
  EnforcementCase c = At(CaseStage::kInvestigating);
  Extension no_basis = HeadApproved(30);
  no_basis.basis = "";
  absl::Status s = ExtendDecisionDeadline(c, no_basis, Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(s.message()), "basis"));
  EXPECT_TRUE(Contains(std::string(s.message()), "Art. 60 grants none"));
  EXPECT_EQ(c.extension_count, 0);

  ASSERT_TRUE(ExtendDecisionDeadline(c, HeadApproved(30), Calendar()).ok());
  // A second one by one head's approval is refused; by collective discussion it is granted.
  s = ExtendDecisionDeadline(c, HeadApproved(30), Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(std::string(s.message()), "collective_decision"));
  Extension collective = HeadApproved(30);
  collective.collective_decision = true;
  ASSERT_TRUE(ExtendDecisionDeadline(c, collective, Calendar()).ok());
  EXPECT_EQ(c.extension_count, 2);
  // Filed 2021-06-01 + 150 days = Friday 2021-10-29.
  EXPECT_EQ(c.decision_due_date, absl::CivilDay(2021, 10, 29));
  s = ExtendDecisionDeadline(c, collective, Calendar());
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(s.message()), "already extended 2 times"));
  EXPECT_EQ(c.extension_days, 60);
}

constexpr char kSummary[] =
    "当事人在禁燃区露天焚烧垃圾，依据《中华人民共和国大气污染防治法》第一百一十九条第二款，作出罚款"
    "人民币2000元的行政处罚";

TEST(CaseLifecycleTest, PublishingAndRevokingADecision) {
  EnforcementCase undecided = At(CaseStage::kNotified);
  EXPECT_EQ(PublishDecision(undecided, kSummary, "public_summary", absl::Now()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RevokeDecision(undecided, "x", absl::Now()).code(),
            absl::StatusCode::kFailedPrecondition);

  EnforcementCase c = At(CaseStage::kServed);
  ASSERT_TRUE(PublishDecision(c, kSummary, "public_summary", absl::Now()).ok());
  EXPECT_TRUE(c.disclosure.published);
  EXPECT_EQ(PublishDecision(c, kSummary, "public_summary", absl::Now()).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(RevokeDecision(c, "", absl::Now()).code(), absl::StatusCode::kInvalidArgument);
  ASSERT_TRUE(RevokeDecision(c, "行政复议决定撤销", absl::Now()).ok());
  EXPECT_TRUE(c.revoked);
  EXPECT_TRUE(c.disclosure.withdrawn);
  EXPECT_EQ(c.disclosure.withdraw_reason, "行政复议决定撤销");
  EXPECT_EQ(RevokeDecision(c, "again", absl::Now()).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(PublishDecision(c, kSummary, "public_summary", absl::Now()).code(),
            absl::StatusCode::kFailedPrecondition);

  // Revoked before publication: it never reaches the feed.
  EnforcementCase quiet = At(CaseStage::kDecided);
  ASSERT_TRUE(RevokeDecision(quiet, "自行纠正", absl::Now()).ok());
  EXPECT_FALSE(quiet.disclosure.withdrawn);
  EXPECT_EQ(PublishDecision(quiet, kSummary, "public_summary", absl::Now()).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(CaseLifecycleTest, EvidenceOnlyWhileTheCaseIsOpen) {
  EXPECT_TRUE(CanAddEvidence(At(CaseStage::kServed)).ok());
  EXPECT_EQ(CanAddEvidence(At(CaseStage::kClosed)).code(), absl::StatusCode::kFailedPrecondition);
}

// Decisions.

absl::Status Check(const EnforcementCase& c, Decision d) {
  return CheckDecision(c, d, kToday, "decide.decision");
}

void ExpectInvalid(const absl::Status& s, absl::string_view field) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(Contains(std::string(s.message()), std::string(field)));
}

TEST(CaseRulesTest, DecisionsFitTheirOutcome) {
  EnforcementCase c = At(CaseStage::kNotified);
  EXPECT_TRUE(Check(c, Fine(100)).ok());
  Decision no_penalty = Fine(100);
  no_penalty.outcome = DecisionOutcome::kNoPenalty;
  no_penalty.sanctions.clear();
  ExpectInvalid(Check(c, no_penalty), "decide.decision.no_penalty_item");
  no_penalty.no_penalty_item = "不予处罚清单第12项：首次轻微违法";
  EXPECT_TRUE(Check(c, no_penalty).ok());
  no_penalty.sanctions = {{SanctionType::kWarning, 0, ""}};
  ExpectInvalid(Check(c, no_penalty), "decide.decision.sanctions");

  Decision empty = Fine(100);
  empty.sanctions.clear();
  ExpectInvalid(Check(c, empty), "decide.decision.sanctions");
  empty.outcome = DecisionOutcome::kLighter;
  ExpectInvalid(Check(c, empty), "decide.decision.sanctions");
  ExpectInvalid(Check(c, Fine(0)), "decide.decision.sanctions[0].amount_fen");
  Decision warning_with_amount = Fine(100);
  warning_with_amount.sanctions = {{SanctionType::kWarning, 100, ""}};
  ExpectInvalid(Check(c, warning_with_amount), "sanctions[0].amount_fen");
  Decision granted = Fine(100);
  granted.outcome = DecisionOutcome::kGranted;
  ExpectInvalid(Check(c, granted), "decide.decision.outcome");
  Decision unspecified = Fine(100);
  unspecified.outcome = DecisionOutcome::kUnspecified;
  ExpectInvalid(Check(c, unspecified), "decide.decision.outcome");
  EnforcementCase licensing = At(CaseStage::kInvestigating, CaseKind::kLicensing);
  ExpectInvalid(Check(licensing, Fine(100)), "decide.decision.outcome");

  ExpectInvalid(Check(c, Fine(100, absl::CivilDay(2021, 5, 31))), "decide.decision.date");
  ExpectInvalid(Check(c, Fine(100, absl::CivilDay(2022, 1, 1))), "decide.decision.date");
  Decision one_officer = Fine(100);
  one_officer.officer_ids = {"officer-a"};
  ExpectInvalid(Check(c, one_officer), "decide.decision.officer_ids");
  Decision twice = Fine(100);
  twice.officer_ids = {"officer-a", "officer-a"};
  ExpectInvalid(Check(c, twice), "decide.decision.officer_ids[1]");
  Decision no_number = Fine(100);
  no_number.document_number = "";
  ExpectInvalid(Check(c, no_number), "decide.decision.document_number");
  EXPECT_EQ(ImposedFen(Fine(1500000)), 1500000);
}

// 行政处罚法: a penalty, a lighter (从轻) or a reduced (减轻) penalty punishes; 不予处罚 (Art. 33)
// does not, and a licence granted or refused is no penalty at all.
TEST(CaseRulesTest, PenaltyLighterAndReducedArePenaltyOutcomes) {
  EXPECT_EQ(PenaltyOutcomes(),
            (std::vector<DecisionOutcome>{DecisionOutcome::kPenalty, DecisionOutcome::kLighter,
                                          DecisionOutcome::kReduced}));
  EXPECT_TRUE(IsPenaltyOutcome(DecisionOutcome::kPenalty));
  EXPECT_TRUE(IsPenaltyOutcome(DecisionOutcome::kLighter));
  EXPECT_TRUE(IsPenaltyOutcome(DecisionOutcome::kReduced));
  EXPECT_FALSE(IsPenaltyOutcome(DecisionOutcome::kNoPenalty));
  EXPECT_FALSE(IsPenaltyOutcome(DecisionOutcome::kGranted));
  EXPECT_FALSE(IsPenaltyOutcome(DecisionOutcome::kRefused));
  EXPECT_FALSE(IsPenaltyOutcome(DecisionOutcome::kUnspecified));
  // A reduced penalty, like any penalty, names its sanction.
  Decision reduced = Fine(100);
  reduced.outcome = DecisionOutcome::kReduced;
  reduced.sanctions.clear();
  ExpectInvalid(Check(At(CaseStage::kNotified), reduced), "decide.decision.sanctions");
}

TEST(CaseRulesTest, OnTheSpotDecisionsStayWithinArticle51) {
  EnforcementCase organisation = At(CaseStage::kNotified);
  Decision spot = Fine(300000);
  spot.on_the_spot = true;
  EXPECT_TRUE(Check(organisation, spot).ok());
  spot.sanctions[0].amount_fen = 300001;
  ExpectInvalid(Check(organisation, spot), "Art. 51");

  EnforcementCase person = organisation;
  person.party = Party{PartyType::kPerson, "张三", kPersonId, ""};
  spot.sanctions[0].amount_fen = 20000;
  EXPECT_TRUE(Check(person, spot).ok());
  spot.sanctions[0].amount_fen = 20001;
  ExpectInvalid(Check(person, spot), "at most 20000 fen for a person");
  spot.sanctions = {{SanctionType::kConfiscation, 100, ""}};
  ExpectInvalid(Check(person, spot), "may only warn or fine");
}

TEST(CaseRulesTest, PartiesAreCheckedByTheirNationalCodes) {
  Party person{PartyType::kPerson, "张三", "41088119850303123x", ""};
  absl::Status s = CheckParty(person, "enforcement_case.party", kToday);
  ExpectInvalid(s, "enforcement_case.party.id_number");
  EXPECT_EQ(std::string(s.message()).find("41088119850303"), std::string::npos)
      << "an ID number must not be echoed";
  person.id_number = "４１０８８１１９８５０３０３１２３４";  // full-width, as typed
  ASSERT_TRUE(CheckParty(person, "enforcement_case.party", kToday).ok());
  EXPECT_EQ(person.id_number, kPersonId);
  person.id_number = "";
  ExpectInvalid(CheckParty(person, "enforcement_case.party", kToday), "party.id_number");
  person.id_number = "410881********1234";
  ExpectInvalid(CheckParty(person, "enforcement_case.party", kToday), "masked");
  Party both{PartyType::kPerson, "张三", kPersonId, kCreditCode};
  ExpectInvalid(CheckParty(both, "enforcement_case.party", kToday), "party.credit_code");

  Party organisation{PartyType::kOrganisation, "济源市某化工有限公司", "", "91350100m000100y43"};
  ASSERT_TRUE(CheckParty(organisation, "enforcement_case.party", kToday).ok());
  EXPECT_EQ(organisation.credit_code, kCreditCode);
  organisation.credit_code = "91350100M000100Y44";
  ExpectInvalid(CheckParty(organisation, "enforcement_case.party", kToday),
                "enforcement_case.party.credit_code");
  Party nobody{PartyType::kUnspecified, "某", "", ""};
  ExpectInvalid(CheckParty(nobody, "enforcement_case.party", kToday),
                "enforcement_case.party.type");
  Party unnamed{PartyType::kOrganisation, "", "", kCreditCode};
  ExpectInvalid(CheckParty(unnamed, "enforcement_case.party", kToday), "party.name");
}

TEST(CaseRulesTest, ANewCaseNeedsEverythingTheLawRecords) {
  EnforcementCase c = NewCase();
  EXPECT_TRUE(CheckNewCase(c, kToday).ok());
  EnforcementCase one = NewCase();
  one.officer_ids = {"officer-a"};
  absl::Status s = CheckNewCase(one, kToday);
  ExpectInvalid(s, "enforcement_case.officer_ids");
  EXPECT_TRUE(Contains(std::string(s.message()), "Art. 42"));
  EnforcementCase no_kind = NewCase(CaseKind::kUnspecified);
  ExpectInvalid(CheckNewCase(no_kind, kToday), "enforcement_case.kind");
  EnforcementCase future = NewCase();
  future.filed_date = kToday + 1;
  ExpectInvalid(CheckNewCase(future, kToday), "enforcement_case.filed_date");
  EnforcementCase no_facts = NewCase();
  no_facts.facts = "";
  ExpectInvalid(CheckNewCase(no_facts, kToday), "enforcement_case.facts");
  EnforcementCase no_law = NewCase();
  no_law.legal_basis = {{"", "第一条"}};
  ExpectInvalid(CheckNewCase(no_law, kToday), "enforcement_case.legal_basis[0].law");
  EnforcementCase no_number = NewCase();
  no_number.case_number = "";
  ExpectInvalid(CheckNewCase(no_number, kToday), "enforcement_case.case_number");
}

TEST(CaseRulesTest, EvidenceNeedsAReferenceAndItsSha256) {
  std::vector<Evidence> ok{{EvidenceKind::kVideo, "bodycam/2021/06/01/0001.mp4",
                            std::string(64, 'A'), "执法记录仪", std::nullopt}};
  ASSERT_TRUE(CheckEvidence(ok, "evidence").ok());
  EXPECT_EQ(ok[0].sha256, std::string(64, 'a'));
  std::vector<Evidence> short_hash{{EvidenceKind::kPhoto, "p.jpg", "abc", "", std::nullopt}};
  ExpectInvalid(CheckEvidence(short_hash, "evidence"), "evidence[0].sha256");
  std::vector<Evidence> no_kind{
      {EvidenceKind::kUnspecified, "p.jpg", std::string(64, 'a'), "", std::nullopt}};
  ExpectInvalid(CheckEvidence(no_kind, "evidence"), "evidence[0].kind");
  std::vector<Evidence> no_reference{
      {EvidenceKind::kPhoto, "", std::string(64, 'a'), "", std::nullopt}};
  ExpectInvalid(CheckEvidence(no_reference, "evidence"), "evidence[0].reference");
}

TEST(CaseRulesTest, APublicSummaryHoldsNoPersonalData) {
  EnforcementCase person = At(CaseStage::kDecided);
  person.party = Party{PartyType::kPerson, "张三", kPersonId, ""};
  EXPECT_TRUE(CheckPublicSummary(person, kSummary, "public_summary").ok());
  // Its document number and amounts are no personal data.
  EXPECT_TRUE(CheckPublicSummary(person, "济环罚〔2021〕12号：罚款人民币13800000元", "s").ok());
  ExpectInvalid(CheckPublicSummary(person, "", "public_summary"), "public_summary");
  ExpectInvalid(CheckPublicSummary(person, std::string(2001, 'a'), "public_summary"),
                "public_summary");
  // The person's name, an ID number (any, with a final X, or typed full-width), a mobile number.
  ExpectInvalid(CheckPublicSummary(person, "张三在禁燃区露天焚烧垃圾", "public_summary"),
                "public_summary");
  ExpectInvalid(CheckPublicSummary(person, "当事人（身份证号410881198503031234）焚烧垃圾", "p"),
                "p");
  ExpectInvalid(CheckPublicSummary(person, "当事人身份证11010519491231002X", "p"), "p");
  ExpectInvalid(CheckPublicSummary(person, "当事人身份证11010519491231002x。", "p"), "p");
  ExpectInvalid(CheckPublicSummary(person, "身份证４１０８８１１９８５０３０３１２３４", "p"), "p");
  ExpectInvalid(CheckPublicSummary(person, "联系电话13912345678", "p"), "p");
  ExpectInvalid(CheckPublicSummary(person, "联系电话：139１2345678。", "p"), "p");
  // 12345678901 starts 12 and 139123456789 has 12 digits: neither is a mobile number.
  EXPECT_TRUE(CheckPublicSummary(person, "编号12345678901", "p").ok());
  EXPECT_TRUE(CheckPublicSummary(person, "编号139123456789", "p").ok());
  // 17 digits is no ID number.
  EXPECT_TRUE(CheckPublicSummary(person, "编号41088119850303123", "p").ok());
  // An organisation's name is public: its summary may name it.
  EnforcementCase organisation = At(CaseStage::kDecided);
  organisation.party = Party{PartyType::kOrganisation, "济源市某化工有限公司", "", kCreditCode};
  EXPECT_TRUE(
      CheckPublicSummary(organisation, "济源市某化工有限公司未按规定贮存危险废物", "p").ok());

  // Publishing refuses such a summary and keeps the case unpublished.
  absl::Status s = PublishDecision(person, "张三焚烧垃圾", "public_summary", absl::Now());
  ExpectInvalid(s, "public_summary");
  EXPECT_FALSE(person.disclosure.published);
  ASSERT_TRUE(PublishDecision(person, kSummary, "public_summary", absl::Now()).ok());
  EXPECT_EQ(person.disclosure.public_summary, kSummary);
}

TEST(CaseRulesTest, ThePublicSeesPersonsMaskedAndOrganisationsInFull) {
  EXPECT_EQ(MaskPersonName("张三"), "张*");
  EXPECT_EQ(MaskPersonName("欧阳娜娜"), "欧***");
  EXPECT_EQ(MaskPersonName(""), "");
  std::string name, id;
  PublicParty(Party{PartyType::kPerson, "张三", kPersonId, ""}, &name, &id);
  EXPECT_EQ(name, "张*");
  EXPECT_EQ(id, "410881********1234");
  PublicParty(Party{PartyType::kOrganisation, "济源市某化工有限公司", "", kCreditCode}, &name, &id);
  EXPECT_EQ(name, "济源市某化工有限公司");
  EXPECT_EQ(id, kCreditCode);
}

// What another unit's clerk reads of a person's internal facts.
TEST(CaseRulesTest, InternalFactsAreMaskedForReadersWithoutTheRight) {
  Party person{PartyType::kPerson, "张三", kPersonId, ""};
  EXPECT_EQ(MaskPersonalDataIn("张三（身份证号410881199001011234，电话13812345678）于2021年6月"
                               "焚烧垃圾，张三当场承认",
                               person),
            "张*（身份证号410881********1234，电话138****5678）于2021年6月焚烧垃圾，张*当场承认");
  // An X check character, full-width digits; a 12-digit number and a date stay as they are.
  EXPECT_EQ(MaskPersonalDataIn("号码41088119900101123X，"
                               "１３８１２３４５６７８；案值123456789012元",
                               person),
            "号码410881********123X，138****5678；案值123456789012元");
  // An organisation's name is no personal data; numbers are masked all the same.
  Party company{PartyType::kOrganisation, "济源市某化工有限公司", "", kCreditCode};
  EXPECT_EQ(MaskPersonalDataIn("济源市某化工有限公司法定代表人电话13912345678", company),
            "济源市某化工有限公司法定代表人电话139****5678");
  // Found by tests/fuzz/fuzz_validators: masking a name with digits in it ("34" -> "3*") cut a
  // 12-digit run down to a mobile number, which was then shown in clear.
  Party digits{PartyType::kPerson, "34", "", ""};
  EXPECT_EQ(MaskPersonalDataIn("编号138001380034", digits), "编号138****8003*");
}

TEST(OfficerCheckTest, TwoValidOfficersAndNoInvalidOne) {
  absl::CivilDay day(2021, 6, 1);
  EXPECT_TRUE(RequireValidOfficers({{"a", true, ""}, {"b", true, ""}}, "f", day).ok());
  absl::Status one = RequireValidOfficers({{"a", true, ""}}, "enforcement_case.officer_ids", day);
  EXPECT_EQ(one.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(std::string(one.message()), "enforcement_case.officer_ids"));
  absl::Status revoked = RequireValidOfficers(
      {{"a", true, ""}, {"b", true, ""}, {"c", false, "certificate revoked on 2021-05-03"}},
      "enforcement_case.officer_ids", day);
  EXPECT_EQ(revoked.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(
      Contains(std::string(revoked.message()), "officer c: certificate revoked on 2021-05-03"));
}

}  // namespace
}  // namespace fazhi::cases

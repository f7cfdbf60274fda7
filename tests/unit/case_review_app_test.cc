// The supervision, reconsideration and litigation use cases (services/cases/app) over in-memory
// fakes of their stores and the unit registry: what they decide, what they write and what the
// caller sees, with records of the seed report's units.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/api/etag.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/cases/app/case_figures.h"
#include "services/cases/app/litigation.h"
#include "services/cases/app/reconsideration.h"
#include "services/cases/app/supervision.h"
#include "tests/support/calendar.h"

namespace fazhi::cases {
namespace {

const time_util::WorkingDayCalendar& Calendar() { return ::fazhi::testing::ShippedCalendar(); }

using absl::CivilDay;

constexpr char kCity[] = "jiyuan";  // 济源市人民政府, the 复议机关 of its departments
constexpr char kSthjj[] = "jiyuan-sthjj";  // 济源市生态环境局
constexpr char kSfj[] = "jiyuan-sfj";      // 济源市司法局
constexpr char kPenaltyCase[] = "case-sthjj-2021-001";

absl::Time Noon(CivilDay day) {
  return absl::FromCivil(absl::CivilSecond(day) + 12 * 3600, time_util::ChinaTimeZone());
}

app::Caller Of(std::string subject, auth::Role role, std::string department, CivilDay today) {
  auth::Principal p;
  p.subject = std::move(subject);
  p.roles = {role};
  p.department_id = std::move(department);
  app::Caller caller;
  caller.audit.actor = p.subject;
  caller.audit.rpc = "/fazhi.cases.v1.ReconsiderationService/Test";
  caller.principal = p;
  caller.now = Noon(today);
  return caller;
}

class FakeUnits : public directory::UnitDirectory {
 public:
  FakeUnits() {
    units_[kCity] = {kCity, "", 1, true, "济源市人民政府"};
    units_[kSthjj] = {kSthjj, kCity, 2, true, "济源市生态环境局"};
    units_[kSfj] = {kSfj, kCity, 2, true, "济源市司法局"};
  }
  absl::StatusOr<std::optional<directory::Unit>> Find(absl::string_view id) override {
    auto it = units_.find(std::string(id));
    if (it == units_.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    std::vector<std::string> ids = {std::string(id)};
    for (size_t i = 0; i < ids.size(); ++i) {
      for (const auto& [child, unit] : units_) {
        if (unit.parent_id == ids[i]) ids.push_back(child);
      }
    }
    return ids;
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }

 private:
  std::map<std::string, directory::Unit> units_;
};

class FakeCaseFacts : public CaseFacts {
 public:
  absl::StatusOr<std::optional<FiledCaseFacts>> FindCase(absl::string_view case_id) override {
    auto it = cases.find(std::string(case_id));
    if (it == cases.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, FiledCaseFacts> cases;
};

// The reconsideration store in memory, with its contract: request ids, versions checked and
// incremented, every write recorded with its action.
class FakeReconsiderations : public ReconsiderationRepository {
 public:
  absl::StatusOr<Reconsideration> CreateReconsideration(const Reconsideration& r,
                                                        absl::string_view request_id,
                                                        const audit::AuditContext&) override {
    if (!request_id.empty()) {
      auto first = by_request_id.find(std::string(request_id));
      if (first != by_request_id.end()) return records.at(first->second);
    }
    Reconsideration stored = r;
    stored.stamps.version = 1;
    records[r.id] = stored;
    if (!request_id.empty()) by_request_id[std::string(request_id)] = r.id;
    actions.push_back("create");
    return stored;
  }
  absl::StatusOr<std::optional<Reconsideration>> GetReconsideration(absl::string_view id) override {
    auto it = records.find(std::string(id));
    if (it == records.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<Reconsideration> UpdateReconsideration(const Reconsideration& r,
                                                        int64_t expected_version,
                                                        absl::string_view action,
                                                        const audit::AuditContext&) override {
    auto it = records.find(r.id);
    if (it == records.end()) return absl::NotFoundError("gone");
    if (it->second.stamps.version != expected_version) return absl::AbortedError("changed");
    it->second = r;
    it->second.stamps.version = expected_version + 1;
    actions.push_back(std::string(action));
    return it->second;
  }
  absl::StatusOr<std::vector<Reconsideration>> ListReconsiderations(
      const ReviewFilter& filter, ReconsiderationStage stage, CivilDay as_of,
      const std::optional<DateCursor>& after, int limit) override {
    std::vector<Reconsideration> out;
    for (const auto& [id, r] : records) {
      bool in_scope = filter.department_ids.empty();
      for (const std::string& d : filter.department_ids) {
        if (d == r.body_department_id || d == r.respondent_department_id) in_scope = true;
      }
      if (!in_scope) continue;
      // Past its examination period, an application stored APPLIED is accepted (Art. 30).
      ReconsiderationStage effective = r.stage;
      if (r.stage == ReconsiderationStage::kApplied && !r.examination_due_pending &&
          r.examination_due_date < as_of) {
        effective = ReconsiderationStage::kAccepted;
      }
      if (stage != ReconsiderationStage::kUnspecified && effective != stage) continue;
      if (after && id <= after->id) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(r);
    }
    return out;
  }
  absl::StatusOr<std::vector<Reconsideration>> WithPendingDueDates(absl::string_view after_id,
                                                                   int limit) override {
    std::vector<Reconsideration> out;
    for (const auto& [id, r] : records) {
      if (id <= after_id || !(r.examination_due_pending || r.decision_due_pending)) continue;
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(r);
    }
    return out;
  }
  absl::Status SetDueDates(const Reconsideration& r, absl::string_view action,
                           const audit::AuditContext&) override {
    Reconsideration& stored = records.at(r.id);
    stored.examination_due_date = r.examination_due_date;
    stored.examination_due_pending = r.examination_due_pending;
    stored.decision_due_date = r.decision_due_date;
    stored.decision_due_pending = r.decision_due_pending;
    actions.push_back(std::string(action));
    return absl::OkStatus();
  }

  std::map<std::string, Reconsideration> records;
  std::map<std::string, std::string> by_request_id;
  std::vector<std::string> actions;
};

class ReconsiderationAppTest : public ::testing::Test {
 protected:
  ReconsiderationAppTest() {
    FiledCaseFacts decided;
    decided.department_id = kSthjj;
    decided.stage = 5;  // CaseStage::kDecided
    decided.decision_date = CivilDay(2021, 6, 20);
    facts_.cases[kPenaltyCase] = decided;
  }

  // 张三 applies on Monday 2 August 2021 to 济源市人民政府 against 生态环境局's penalty decision.
  CreateReconsiderationCommand Application() {
    CreateReconsiderationCommand command;
    command.request_id = "req-recon-1";
    Reconsideration& r = command.reconsideration;
    r.body_department_id = kCity;
    r.respondent_department_id = kSthjj;
    r.case_id = kPenaltyCase;
    r.applicant = "张三";
    r.request = "撤销济环罚〔2021〕1号行政处罚决定";
    r.application_date = CivilDay(2021, 8, 2);
    return command;
  }

  const app::Caller city_clerk_ =
      Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 8, 2));
  const app::Caller sthjj_clerk_ =
      Of("jiyuan-sthjj.clerk", auth::Role::kClerk, kSthjj, CivilDay(2021, 8, 2));
  FakeReconsiderations store_;
  FakeCaseFacts facts_;
  FakeUnits units_;
};

TEST_F(ReconsiderationAppTest, ApplicationExaminedAcceptedAndDecidedUpheld) {
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  ASSERT_TRUE(created.ok()) << created.status();
  const Reconsideration& applied = created->reconsideration;
  EXPECT_EQ(applied.stage, ReconsiderationStage::kApplied);
  // Arts 30 and 88: examined within 5 working days of Monday 2 August: 3..6 August and Monday
  // 9 August (was Saturday 7 August in calendar days).
  EXPECT_EQ(applied.examination_due_date, CivilDay(2021, 8, 9));
  EXPECT_EQ(applied.id.rfind("reconsideration", 0), 0u) << applied.id;
  // The body that hears the application sees the applicant's name.
  EXPECT_TRUE(created->reveal_personal_data);

  // Accepted on Friday 6 August, within the 5 days: decision due 60 days later, on 5 October,
  // which is National Day (10-01..07 off): so on Friday 8 October (民法典 Art. 203).
  app::Caller on_6th = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 8, 6));
  absl::StatusOr<ReconsiderationView> accepted = ExamineReconsideration(
      store_, Calendar(), {applied.id, api::FormatEtag(1), true, CivilDay(2021, 8, 6), ""}, on_6th);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  EXPECT_EQ(accepted->reconsideration.stage, ReconsiderationStage::kAccepted);
  EXPECT_EQ(accepted->reconsideration.acceptance_date, CivilDay(2021, 8, 6));
  EXPECT_EQ(accepted->reconsideration.decision_due_date, CivilDay(2021, 10, 8));

  app::Caller on_sept_20 = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 9, 20));
  absl::StatusOr<ReconsiderationView> decided = DecideReconsideration(
      store_, Calendar(),
      {applied.id, api::FormatEtag(2), ReconsiderationOutcome::kUpheld, CivilDay(2021, 9, 20),
       "事实清楚，证据确凿，适用依据正确，程序合法，内容适当，予以维持"},
      on_sept_20);
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->reconsideration.stage, ReconsiderationStage::kDecided);
  EXPECT_EQ(decided->reconsideration.outcome, ReconsiderationOutcome::kUpheld);
  EXPECT_EQ(GroupOf(decided->reconsideration), OutcomeGroup::kUpheld);
  EXPECT_FALSE(DecidedLate(decided->reconsideration));
  EXPECT_EQ(decided->reconsideration.stamps.version, 3);
  EXPECT_EQ(store_.actions, (std::vector<std::string>{"create", "accept", "decide"}));
}

TEST_F(ReconsiderationAppTest, TheRespondentSeesTheApplicantMasked) {
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<ReconsiderationView> seen =
      GetReconsideration(store_, Calendar(), created->reconsideration.id, sthjj_clerk_);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_FALSE(seen->reveal_personal_data);
  absl::StatusOr<std::vector<ReconsiderationView>> listed =
      ListReconsiderations(store_, Calendar(), ReviewFilter{{kSthjj}, 0},
                           ReconsiderationStage::kUnspecified, std::nullopt, 10, sthjj_clerk_);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].reveal_personal_data);
}

TEST_F(ReconsiderationAppTest, RepeatedRequestIdReturnsTheFirstApplication) {
  absl::StatusOr<ReconsiderationView> first =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  absl::StatusOr<ReconsiderationView> again =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(again->reconsideration.id, first->reconsideration.id);
  EXPECT_EQ(store_.records.size(), 1u);
}

TEST_F(ReconsiderationAppTest, UnknownCaseOrUnitIsNotFoundAndNothingIsWritten) {
  CreateReconsiderationCommand no_case = Application();
  no_case.reconsideration.case_id = "case-none";
  EXPECT_EQ(
      CreateReconsideration(store_, facts_, units_, Calendar(), no_case, city_clerk_).status(),
      absl::NotFoundError("reconsideration.case_id: no enforcement case 'case-none'"));
  CreateReconsiderationCommand no_unit = Application();
  no_unit.reconsideration.respondent_department_id = "jiyuan-none";
  EXPECT_EQ(
      CreateReconsideration(store_, facts_, units_, Calendar(), no_unit, city_clerk_).status(),
      absl::NotFoundError(
          "reconsideration.respondent_department_id: no department with id 'jiyuan-none'"));
  EXPECT_TRUE(store_.actions.empty());
}

TEST_F(ReconsiderationAppTest, StaleEtagIsAbortedAndNotWritten) {
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<ReconsiderationView> stale = ExamineReconsideration(
      store_, Calendar(),
      {created->reconsideration.id, api::FormatEtag(7), true, CivilDay(2021, 8, 3), ""},
      city_clerk_);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store_.actions, std::vector<std::string>{"create"});
}

TEST_F(ReconsiderationAppTest, SimpleProcedureIsNotExtended) {
  CreateReconsiderationCommand simple = Application();
  simple.reconsideration.application_date = CivilDay(2024, 3, 4);
  simple.reconsideration.simple_procedure = true;
  app::Caller caller = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2024, 3, 5));
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), simple, caller);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<ReconsiderationView> accepted = ExamineReconsideration(
      store_, Calendar(),
      {created->reconsideration.id, api::FormatEtag(1), true, CivilDay(2024, 3, 5), ""}, caller);
  ASSERT_TRUE(accepted.ok()) << accepted.status();
  // 30 days from 5 March is 4 April, in 清明节 (04-04..06 off); Sunday 7 April is worked (调休).
  EXPECT_EQ(accepted->reconsideration.decision_due_date, CivilDay(2024, 4, 7));
  EXPECT_EQ(ExtendReconsideration(store_, Calendar(), created->reconsideration.id,
                                  api::FormatEtag(2), 30, "案情复杂", caller)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

// Art. 30: applied Monday 2 August 2021, examination due Monday 9 August; nobody examined it.
// From 10 August it reads as accepted on 9 August with the 60 days running from then (to Friday
// 8 October: 10-08 is the first working day after National Day), and a decision stores that.
TEST_F(ReconsiderationAppTest, AnApplicationNeverExaminedIsDeemedAccepted) {
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), Application(), city_clerk_);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string id = created->reconsideration.id;
  app::Caller on_9th = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 8, 9));
  absl::StatusOr<ReconsiderationView> still = GetReconsideration(store_, Calendar(), id, on_9th);
  ASSERT_TRUE(still.ok()) << still.status();
  EXPECT_EQ(still->reconsideration.stage, ReconsiderationStage::kApplied);

  app::Caller on_10th = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 8, 10));
  absl::StatusOr<ReconsiderationView> deemed = GetReconsideration(store_, Calendar(), id, on_10th);
  ASSERT_TRUE(deemed.ok()) << deemed.status();
  EXPECT_EQ(deemed->reconsideration.stage, ReconsiderationStage::kAccepted);
  EXPECT_TRUE(deemed->reconsideration.deemed_accepted);
  EXPECT_EQ(deemed->reconsideration.acceptance_date, CivilDay(2021, 8, 9));
  EXPECT_EQ(deemed->reconsideration.decision_due_date, CivilDay(2021, 10, 8));
  auto listed = [&](ReconsiderationStage stage) {
    absl::StatusOr<std::vector<ReconsiderationView>> rows = ListReconsiderations(
        store_, Calendar(), ReviewFilter{{kCity}, 0}, stage, std::nullopt, 10, on_10th);
    EXPECT_TRUE(rows.ok()) << rows.status();
    return rows.ok() ? rows->size() : 99;
  };
  EXPECT_EQ(listed(ReconsiderationStage::kApplied), 0u);
  EXPECT_EQ(listed(ReconsiderationStage::kAccepted), 1u);

  // A refusal dated after the period is refused; the record is unchanged.
  absl::StatusOr<ReconsiderationView> refused = ExamineReconsideration(
      store_, Calendar(), {id, api::FormatEtag(1), false, CivilDay(2021, 8, 10), "不属于复议范围"},
      on_10th);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument) << refused.status();
  EXPECT_EQ(store_.records.at(id).stage, ReconsiderationStage::kApplied);

  app::Caller on_sept_20 = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2021, 9, 20));
  absl::StatusOr<ReconsiderationView> decided = DecideReconsideration(
      store_, Calendar(),
      {id, api::FormatEtag(1), ReconsiderationOutcome::kRevoked, CivilDay(2021, 9, 20), "撤销"},
      on_sept_20);
  ASSERT_TRUE(decided.ok()) << decided.status();
  const Reconsideration& stored = store_.records.at(id);
  EXPECT_EQ(stored.stage, ReconsiderationStage::kDecided);
  EXPECT_TRUE(stored.deemed_accepted);
  EXPECT_EQ(stored.acceptance_date, CivilDay(2021, 8, 9));
  EXPECT_EQ(stored.decision_due_date, CivilDay(2021, 10, 8));
}

// Applied Monday 28 December 2026, when 2027 had no calendar: the examination date is pending,
// and is counted once a calendar with 2027 is loaded.
TEST_F(ReconsiderationAppTest, APendingDueDateIsCountedWhenTheCalendarArrives) {
  CreateReconsiderationCommand late_in_year = Application();
  late_in_year.reconsideration.application_date = CivilDay(2026, 12, 28);
  app::Caller caller = Of("jiyuan.clerk", auth::Role::kClerk, kCity, CivilDay(2026, 12, 28));
  absl::StatusOr<ReconsiderationView> created =
      CreateReconsideration(store_, facts_, units_, Calendar(), late_in_year, caller);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_TRUE(created->reconsideration.examination_due_pending);
  audit::AuditContext system;
  // The shipped calendar still lacks 2027: nothing to resolve.
  absl::StatusOr<int> none = ResolvePendingReconsiderationDueDates(store_, Calendar(), system);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(*none, 0);
  // A 2027 file with 元旦 on 01-01..01-03: 12-29, 12-30, 12-31, 01-04, 01-05.
  time_util::WorkingDayCalendar with_2027 = Calendar();
  ASSERT_TRUE(
      with_2027.AddYear("year 2027\n2027-01-01..2027-01-03 off 元旦\n", "cn-2027.txt").ok());
  absl::StatusOr<int> resolved = ResolvePendingReconsiderationDueDates(store_, with_2027, system);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(*resolved, 1);
  const Reconsideration& stored = store_.records.at(created->reconsideration.id);
  EXPECT_FALSE(stored.examination_due_pending);
  EXPECT_EQ(stored.examination_due_date, CivilDay(2027, 1, 5));
  EXPECT_EQ(store_.actions.back(), "resolve_due_date");
}

// The lawsuit store in memory: request ids, versions checked and incremented, actions recorded.
class FakeLawsuits : public LawsuitRepository {
 public:
  absl::StatusOr<Lawsuit> CreateLawsuit(const Lawsuit& suit, absl::string_view request_id,
                                        const audit::AuditContext&) override {
    if (!request_id.empty()) {
      auto first = by_request_id.find(std::string(request_id));
      if (first != by_request_id.end()) return suits.at(first->second);
    }
    Lawsuit stored = suit;
    stored.stamps.version = 1;
    suits[suit.id] = stored;
    if (!request_id.empty()) by_request_id[std::string(request_id)] = suit.id;
    actions.push_back("create");
    return stored;
  }
  absl::StatusOr<std::optional<Lawsuit>> GetLawsuit(absl::string_view id) override {
    auto it = suits.find(std::string(id));
    if (it == suits.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<Lawsuit> UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
                                        absl::string_view action,
                                        const audit::AuditContext&) override {
    auto it = suits.find(suit.id);
    if (it == suits.end()) return absl::NotFoundError("gone");
    if (it->second.stamps.version != expected_version) return absl::AbortedError("changed");
    it->second = suit;
    it->second.stamps.version = expected_version + 1;
    actions.push_back(std::string(action));
    return it->second;
  }
  absl::StatusOr<std::vector<Lawsuit>> ListLawsuits(const ReviewFilter& filter,
                                                    const std::optional<DateCursor>& after,
                                                    int limit) override {
    std::vector<Lawsuit> out;
    for (const auto& [id, suit] : suits) {
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(suit);
    }
    return out;
  }

  std::map<std::string, Lawsuit> suits;
  std::map<std::string, std::string> by_request_id;
  std::vector<std::string> actions;
};

class LitigationAppTest : public ReconsiderationAppTest {
 protected:
  // 张三 sues 生态环境局 over its penalty decision on 1 November 2021.
  CreateLawsuitCommand Suit() {
    CreateLawsuitCommand command;
    command.request_id = "req-suit-1";
    Lawsuit& suit = command.lawsuit;
    suit.court_case_number = "（2021）豫9001行初12号";
    suit.court = "济源市人民法院";
    suit.plaintiff = "张三";
    suit.defendant_department_id = kSthjj;
    suit.case_id = kPenaltyCase;
    suit.filed_date = CivilDay(2021, 11, 1);
    return command;
  }

  const app::Caller sfj_supervisor_ =
      Of("jiyuan-sfj.supervisor", auth::Role::kSupervisor, kSfj, CivilDay(2022, 1, 20));
  FakeLawsuits suits_;
};

TEST_F(LitigationAppTest, TheHeadAppearsInCourtAndTheDecisionIsUpheld) {
  app::Caller clerk = Of("jiyuan-sthjj.clerk", auth::Role::kClerk, kSthjj, CivilDay(2021, 11, 1));
  absl::StatusOr<LawsuitView> created =
      CreateLawsuit(suits_, facts_, store_, units_, Suit(), clerk);
  ASSERT_TRUE(created.ok()) << created.status();
  const std::string id = created->lawsuit.id;
  // The defendant's clerk does not learn the plaintiff's name.
  EXPECT_FALSE(created->reveal_personal_data);

  Hearing hearing{CivilDay(2021, 12, 10), true, "局长"};
  absl::StatusOr<LawsuitView> heard = RecordHearing(suits_, id, api::FormatEtag(1), hearing, clerk);
  ASSERT_TRUE(heard.ok()) << heard.status();
  ASSERT_EQ(heard->lawsuit.hearings.size(), 1u);
  EXPECT_EQ(HeadAppearances(heard->lawsuit), 1);

  absl::StatusOr<LawsuitView> judged = RecordJudgment(
      suits_, id, api::FormatEtag(2), JudgmentOutcome::kUpheld, CivilDay(2022, 1, 15), clerk);
  ASSERT_TRUE(judged.ok()) << judged.status();
  EXPECT_EQ(judged->lawsuit.outcome, JudgmentOutcome::kUpheld);
  EXPECT_EQ(judged->lawsuit.judgment_date, CivilDay(2022, 1, 15));
  EXPECT_EQ(suits_.actions,
            (std::vector<std::string>{"create", "record_hearing", "record_judgment"}));

  // 司法局's supervisor sees the plaintiff's name.
  absl::StatusOr<LawsuitView> seen = GetLawsuit(suits_, id, sfj_supervisor_);
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_TRUE(seen->reveal_personal_data);
  absl::StatusOr<std::vector<LawsuitView>> listed =
      ListLawsuits(suits_, ReviewFilter{{kSthjj}, 0}, std::nullopt, 10, clerk);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_FALSE((*listed)[0].reveal_personal_data);
}

TEST_F(LitigationAppTest, AHeadWhoAppearedNeedsATitle) {
  absl::StatusOr<LawsuitView> created =
      CreateLawsuit(suits_, facts_, store_, units_, Suit(), sfj_supervisor_);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<LawsuitView> heard =
      RecordHearing(suits_, created->lawsuit.id, api::FormatEtag(1),
                    Hearing{CivilDay(2021, 12, 10), true, ""}, sfj_supervisor_);
  EXPECT_EQ(heard.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(suits_.actions, std::vector<std::string>{"create"});
}

TEST_F(LitigationAppTest, TheDefendantMustBeSaidToBeAGovernmentOrNot) {
  CreateLawsuitCommand against_city = Suit();
  against_city.lawsuit.defendant_department_id = kCity;
  absl::StatusOr<LawsuitView> refused =
      CreateLawsuit(suits_, facts_, store_, units_, against_city, sfj_supervisor_);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  against_city.lawsuit.government_defendant = true;
  EXPECT_TRUE(CreateLawsuit(suits_, facts_, store_, units_, against_city, sfj_supervisor_).ok());
}

TEST_F(LitigationAppTest, UnknownReconsiderationIsNotFound) {
  CreateLawsuitCommand after_review = Suit();
  after_review.lawsuit.reconsideration_id = "reconsideration-none";
  EXPECT_EQ(
      CreateLawsuit(suits_, facts_, store_, units_, after_review, sfj_supervisor_).status(),
      absl::NotFoundError("lawsuit.reconsideration_id: no reconsideration 'reconsideration-none'"));
  EXPECT_TRUE(suits_.actions.empty());
}

// The figures store in memory: the year's figures by department, summed for kTotal.
class FakeFigures : public FiguresSource {
 public:
  absl::StatusOr<std::map<std::string, CaseFigures>> Summarize(
      const std::vector<std::string>& department_ids, int year, FigureGroup group) override {
    asked_for = department_ids;
    std::map<std::string, CaseFigures> out;
    if (group == FigureGroup::kTotal) out[""] = CaseFigures{};
    for (const std::string& d : department_ids) {
      auto it = by_department.find(d);
      if (it == by_department.end() || year != 2021) continue;
      if (group == FigureGroup::kTotal) {
        out[""].cases_filed += it->second.cases_filed;
        out[""].court_appearances += it->second.court_appearances;
      } else {
        out[d] = it->second;
      }
    }
    return out;
  }
  std::map<std::string, CaseFigures> by_department;
  std::vector<std::string> asked_for;
};

class FakeStatistics : public FigureSubmitter {
 public:
  absl::StatusOr<SubmitResult> Submit(int year, const std::string& request_id,
                                      const std::vector<FigurePoint>& points) override {
    submitted = points;
    last_request_id = request_id;
    ++calls;
    return answer;
  }
  SubmitResult answer;
  std::vector<FigurePoint> submitted;
  std::string last_request_id;
  int calls = 0;
};

class CaseFiguresAppTest : public ReconsiderationAppTest {
 protected:
  static app::Caller sfj_supervisor_for_figures() {
    return Of("jiyuan-sfj.supervisor", auth::Role::kSupervisor, kSfj, CivilDay(2022, 1, 20));
  }
  CaseFiguresAppTest() {
    CaseFigures sthjj;
    sthjj.cases_filed = 12;
    sthjj.court_appearances = 1;
    figures_.by_department[kSthjj] = sthjj;
  }
  FakeFigures figures_;
  FakeStatistics statistics_;
};

TEST_F(CaseFiguresAppTest, SummarizesTheUnitAndItsSubtree) {
  absl::StatusOr<std::map<std::string, CaseFigures>> total = SummarizeCases(
      figures_, units_, {kCity, true, 2021, FigureGroup::kTotal}, sfj_supervisor_for_figures());
  ASSERT_TRUE(total.ok()) << total.status();
  EXPECT_EQ(total->at("").cases_filed, 12);
  EXPECT_EQ(total->at("").court_appearances, 1);
  EXPECT_EQ(SummarizeCases(figures_, units_, {"", false, 2021, FigureGroup::kTotal},
                           sfj_supervisor_for_figures())
                .status(),
            absl::InvalidArgumentError("department_id is required"));
  EXPECT_EQ(SummarizeCases(figures_, units_, {kCity, false, 1989, FigureGroup::kTotal},
                           sfj_supervisor_for_figures())
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// A read replica that has not yet had 生态环境局's last case: the supervisor's summary reads it,
// the reports service's (a service account) reads the primary.
TEST_F(CaseFiguresAppTest, APersonsSummaryReadsTheReplicaAndAServicesThePrimary) {
  FakeFigures replica;
  CaseFigures behind;
  behind.cases_filed = 11;
  replica.by_department[kSthjj] = behind;
  const SummarizeCasesQuery query{kCity, true, 2021, FigureGroup::kTotal};

  app::Caller supervisor = sfj_supervisor_for_figures();
  absl::StatusOr<std::map<std::string, CaseFigures>> person =
      SummarizeCases(SummarySource(figures_, &replica, supervisor), units_, query, supervisor);
  ASSERT_TRUE(person.ok()) << person.status();
  EXPECT_EQ(person->at("").cases_filed, 11);

  app::Caller reports = supervisor;
  reports.principal = auth::Principal{"fazhi-reports", {auth::Role::kService}, "", true};
  absl::StatusOr<std::map<std::string, CaseFigures>> service =
      SummarizeCases(SummarySource(figures_, &replica, reports), units_, query, reports);
  ASSERT_TRUE(service.ok()) << service.status();
  EXPECT_EQ(service->at("").cases_filed, 12);

  // Without a replica everyone reads the primary.
  EXPECT_EQ(&SummarySource(figures_, nullptr, supervisor), &figures_);
}

TEST_F(CaseFiguresAppTest, SyncSubmitsOnePointPerIndicatorOfEachUnitWithFigures) {
  statistics_.answer.created = static_cast<int64_t>(FigureIndicators().size());
  absl::StatusOr<SyncResult> synced =
      SyncToStatistics(figures_, units_, statistics_, 2021, kCity, sfj_supervisor_for_figures());
  ASSERT_TRUE(synced.ok()) << synced.status();
  // Only 生态环境局 has figures; the city government and 司法局 none, so no points for them.
  EXPECT_EQ(synced->points, static_cast<int64_t>(FigureIndicators().size()));
  EXPECT_EQ(synced->submitted.created, synced->points);
  ASSERT_FALSE(statistics_.submitted.empty());
  for (const FigurePoint& p : statistics_.submitted) EXPECT_EQ(p.department_id, kSthjj);
  EXPECT_EQ(statistics_.last_request_id.rfind("cases-2021-", 0), 0u);
}

TEST_F(CaseFiguresAppTest, NothingToSyncAsksNothing) {
  absl::StatusOr<SyncResult> synced =
      SyncToStatistics(figures_, units_, statistics_, 2020, kCity, sfj_supervisor_for_figures());
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->points, 0);
  EXPECT_EQ(statistics_.calls, 0);
}

TEST_F(CaseFiguresAppTest, ARejectedFigureFailsTheSync) {
  statistics_.answer.rejected = 1;
  statistics_.answer.first_rejection = "period 2021 is locked";
  absl::StatusOr<SyncResult> synced =
      SyncToStatistics(figures_, units_, statistics_, 2021, kCity, sfj_supervisor_for_figures());
  EXPECT_EQ(synced.status(),
            absl::FailedPreconditionError("the statistics service rejected 1 of the figures, so "
                                          "none was written; the first: period 2021 is locked"));
}

// The complaint store in memory: versions checked and incremented, actions recorded.
class FakeComplaints : public ComplaintRepository {
 public:
  absl::StatusOr<Complaint> CreateComplaint(const Complaint& complaint, absl::string_view,
                                            const audit::AuditContext&) override {
    Complaint stored = complaint;
    stored.stamps.version = 1;
    complaints[complaint.id] = stored;
    actions.push_back("create");
    return stored;
  }
  absl::StatusOr<std::optional<Complaint>> GetComplaint(absl::string_view id) override {
    auto it = complaints.find(std::string(id));
    if (it == complaints.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<Complaint> UpdateComplaint(const Complaint& complaint, int64_t expected_version,
                                            absl::string_view action,
                                            const audit::AuditContext&) override {
    auto it = complaints.find(complaint.id);
    if (it == complaints.end()) return absl::NotFoundError("gone");
    if (it->second.stamps.version != expected_version) return absl::AbortedError("changed");
    it->second = complaint;
    it->second.stamps.version = expected_version + 1;
    actions.push_back(std::string(action));
    return it->second;
  }
  absl::StatusOr<std::vector<Complaint>> ListComplaints(const ReviewFilter&,
                                                        const std::optional<DateCursor>&,
                                                        int limit) override {
    std::vector<Complaint> out;
    for (const auto& [id, c] : complaints) {
      if (static_cast<int>(out.size()) == limit) break;
      out.push_back(c);
    }
    return out;
  }
  std::map<std::string, Complaint> complaints;
  std::vector<std::string> actions;
};

class FakeFilings : public FilingRepository {
 public:
  absl::StatusOr<MajorCaseFiling> CreateFiling(const MajorCaseFiling& filing, absl::string_view,
                                               const audit::AuditContext&) override {
    MajorCaseFiling stored = filing;
    stored.stamps.version = 1;
    filings[filing.id] = stored;
    return stored;
  }
  absl::StatusOr<std::optional<MajorCaseFiling>> GetFiling(absl::string_view id) override {
    auto it = filings.find(std::string(id));
    if (it == filings.end()) return std::nullopt;
    return it->second;
  }
  absl::StatusOr<MajorCaseFiling> UpdateFiling(const MajorCaseFiling& filing,
                                               int64_t expected_version, absl::string_view,
                                               const audit::AuditContext&) override {
    auto it = filings.find(filing.id);
    if (it == filings.end()) return absl::NotFoundError("gone");
    if (it->second.stamps.version != expected_version) return absl::AbortedError("changed");
    it->second = filing;
    it->second.stamps.version = expected_version + 1;
    return it->second;
  }
  absl::StatusOr<std::vector<MajorCaseFiling>> ListFilings(const ReviewFilter&, FilingStatus,
                                                           const std::optional<DateCursor>&,
                                                           int) override {
    return std::vector<MajorCaseFiling>{};
  }
  std::map<std::string, MajorCaseFiling> filings;
};

class SupervisionAppTest : public ReconsiderationAppTest {
 protected:
  // The refusals a named rule made, as the server would audit them: (code, unit).
  AuditRefusalFn Recorder() {
    return [this](absl::Status verdict, absl::string_view unit) {
      if (!verdict.ok())
        refusals_.push_back(absl::StrCat(absl::StatusCodeToString(verdict.code()), "@", unit));
      return verdict;
    };
  }

  // A complaint about 生态环境局 answered by 司法局's letter: rectification REQUIRED.
  std::string AnsweredComplaint() {
    Complaint complaint;
    complaint.department_id = kSthjj;
    complaint.case_id = kPenaltyCase;
    complaint.complainant = "李四";
    complaint.content = "处罚决定送达程序不规范";
    complaint.received_date = CivilDay(2021, 7, 1);
    absl::StatusOr<ComplaintView> created =
        CreateComplaint(complaints_, facts_, units_, complaint, "req-complaint-1", supervisor_);
    EXPECT_TRUE(created.ok()) << created.status();
    SupervisionLetter letter{
        "济司督〔2021〕3号", CivilDay(2021, 7, 10), {"规范送达程序"}, CivilDay(2021, 8, 10)};
    absl::StatusOr<ComplaintView> answered = IssueSupervisionLetter(
        complaints_, created->complaint.id, api::FormatEtag(1), letter, supervisor_);
    EXPECT_TRUE(answered.ok()) << answered.status();
    EXPECT_EQ(answered->complaint.rectification, RectificationStatus::kRequired);
    return created->complaint.id;
  }

  const app::Caller supervisor_ =
      Of("jiyuan-sfj.supervisor", auth::Role::kSupervisor, kSfj, CivilDay(2021, 8, 20));
  const app::Caller clerk_ =
      Of("jiyuan-sthjj.clerk", auth::Role::kClerk, kSthjj, CivilDay(2021, 8, 20));
  FakeComplaints complaints_;
  FakeFilings filings_;
  std::vector<std::string> refusals_;
};

TEST_F(SupervisionAppTest, TheUnitReportsAndTheSupervisorConfirms) {
  std::string id = AnsweredComplaint();
  absl::StatusOr<ComplaintView> reported =
      UpdateRectification(complaints_, id, api::FormatEtag(2), RectificationStatus::kReported,
                          "已重新送达并整改", Recorder(), clerk_);
  ASSERT_TRUE(reported.ok()) << reported.status();
  EXPECT_EQ(reported->complaint.rectification, RectificationStatus::kReported);
  EXPECT_EQ(reported->complaint.rectification_report, "已重新送达并整改");
  // The unit complained about does not learn the complainant's name.
  EXPECT_FALSE(reported->reveal_personal_data);

  absl::StatusOr<ComplaintView> confirmed =
      UpdateRectification(complaints_, id, api::FormatEtag(3), RectificationStatus::kConfirmed, "",
                          Recorder(), supervisor_);
  ASSERT_TRUE(confirmed.ok()) << confirmed.status();
  EXPECT_EQ(confirmed->complaint.rectification, RectificationStatus::kConfirmed);
  EXPECT_TRUE(confirmed->reveal_personal_data);
  EXPECT_TRUE(refusals_.empty());
  EXPECT_EQ(complaints_.actions,
            (std::vector<std::string>{"create", "issue_letter", "report_rectification",
                                      "confirm_rectification"}));
}

TEST_F(SupervisionAppTest, TheOtherWayRoundIsRefusedAndAudited) {
  std::string id = AnsweredComplaint();
  // The supervisor may not report for the unit.
  EXPECT_EQ(UpdateRectification(complaints_, id, api::FormatEtag(2), RectificationStatus::kReported,
                                "已整改", Recorder(), supervisor_)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  // The unit reports, but may not confirm its own rectification.
  ASSERT_TRUE(UpdateRectification(complaints_, id, api::FormatEtag(2),
                                  RectificationStatus::kReported, "已整改", Recorder(), clerk_)
                  .ok());
  EXPECT_EQ(UpdateRectification(complaints_, id, api::FormatEtag(3),
                                RectificationStatus::kConfirmed, "", Recorder(), clerk_)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  // Another unit's clerk may not report either; every refusal is audited under 生态环境局.
  app::Caller other = Of("jiyuan-sfj.clerk", auth::Role::kClerk, kSfj, CivilDay(2021, 8, 20));
  EXPECT_EQ(UpdateRectification(complaints_, id, api::FormatEtag(3), RectificationStatus::kReported,
                                "已整改", Recorder(), other)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(refusals_, (std::vector<std::string>{"PERMISSION_DENIED@jiyuan-sthjj",
                                                 "PERMISSION_DENIED@jiyuan-sthjj",
                                                 "PERMISSION_DENIED@jiyuan-sthjj"}));
  EXPECT_EQ(complaints_.complaints.at(id).rectification, RectificationStatus::kReported);
}

TEST_F(SupervisionAppTest, AComplaintNamingAnotherUnitsCaseIsRefused) {
  Complaint complaint;
  complaint.department_id = kSfj;
  complaint.case_id = kPenaltyCase;
  complaint.complainant = "李四";
  complaint.content = "处罚决定送达程序不规范";
  complaint.received_date = CivilDay(2021, 7, 1);
  EXPECT_EQ(CreateComplaint(complaints_, facts_, units_, complaint, "", supervisor_).status(),
            absl::InvalidArgumentError(absl::StrCat("complaint.case_id: the case belongs to '",
                                                    kSthjj, "', not to '", kSfj, "'")));
  EXPECT_TRUE(complaints_.actions.empty());
}

TEST_F(SupervisionAppTest, AnUndecidedOrOrdinaryCaseIsNotFiledAsMajor) {
  // The seed case is decided but not major: 备案 is for major cases only.
  EXPECT_EQ(FileMajorCase(filings_, facts_, kPenaltyCase, CivilDay(2021, 6, 25), "", supervisor_)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  facts_.cases[kPenaltyCase].major = true;
  absl::StatusOr<MajorCaseFiling> filed =
      FileMajorCase(filings_, facts_, kPenaltyCase, CivilDay(2021, 6, 25), "", clerk_);
  ASSERT_TRUE(filed.ok()) << filed.status();
  absl::StatusOr<MajorCaseFiling> reviewed = ReviewMajorCaseFiling(
      filings_, filed->id, api::FormatEtag(1), CivilDay(2021, 7, 5), {}, supervisor_);
  ASSERT_TRUE(reviewed.ok()) << reviewed.status();
  EXPECT_EQ(reviewed->status, FilingStatus::kReviewed);
}

}  // namespace
}  // namespace fazhi::cases

// The supervision, reconsideration and litigation stores on SQLite and MariaDB: the same calls,
// the same answers. Idempotent creates, one filing per case, stale versions refused, repeated
// texts and hearings kept in order, Chinese text unchanged, and keyset paging over subtrees.

#include <optional>

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/store/case_facts_store.h"
#include "services/cases/store/case_file_review_store.h"
#include "services/cases/store/cases_store.h"
#include "services/cases/store/complaint_store.h"
#include "services/cases/store/lawsuit_store.h"
#include "services/cases/store/major_case_filing_store.h"
#include "services/cases/store/reconsideration_store.h"
#include "tests/support/calendar.h"
#include "tests/support/test_database.h"

namespace fazhi::cases {
namespace {

using absl::CivilDay;

class CaseReviewStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    db::Database* db = &test_db_->db();
    case_facts_ = std::make_unique<CaseFactsStore>(db);
    filings_ = std::make_unique<MajorCaseFilingStore>(db);
    file_reviews_ = std::make_unique<CaseFileReviewStore>(db);
    complaints_ = std::make_unique<ComplaintStore>(db);
    reconsiderations_ = std::make_unique<ReconsiderationStore>(db);
    lawsuits_ = std::make_unique<LawsuitStore>(db);
  }

  // An enforcement case filed through the cases store and, past filing, moved on to stage as the
  // enforcement case service would: decided on decision_day when it is given.
  void AddCase(const std::string& id, const std::string& department, bool major, CaseStage stage,
               std::optional<CivilDay> decision_day) {
    EnforcementCase c;
    c.id = id;
    c.department_id = department;
    c.kind = CaseKind::kPenalty;
    c.case_number = absl::StrCat("济环罚立〔2021〕", id, "号");
    c.party = Party{PartyType::kOrganisation, "某公司", "", "91350100M000100Y43"};
    c.facts = "超标排放";
    c.major = major;
    c.officer_ids = {"officer-wang", "officer-li"};
    c.stage = CaseStage::kFiled;
    c.filed_date = CivilDay(2021, 3, 1);
    SetDecisionDueDate(c, ::fazhi::testing::ShippedCalendar());
    c.created_by = c.updated_by = "t";
    c.version = 1;
    CaseEvent filing;
    filing.from_stage = CaseStage::kUnspecified;
    filing.to_stage = CaseStage::kFiled;
    filing.action = "file";
    filing.actor = "t";
    CasesStore cases(&test_db_->db());
    absl::StatusOr<EnforcementCase> filed = cases.CreateCase(c, filing, "", audit_);
    ASSERT_TRUE(filed.ok()) << filed.status();
    if (stage == CaseStage::kFiled) return;
    EnforcementCase moved = *filed;
    moved.stage = stage;
    if (decision_day.has_value()) {
      Decision d;
      d.document_number = absl::StrCat("济环罚〔2021〕", id, "号");
      d.date = *decision_day;
      d.outcome = DecisionOutcome::kPenalty;
      d.sanctions = {{SanctionType::kWarning, 0, "警告"}};
      d.officer_ids = c.officer_ids;
      moved.decision = d;
      moved.disclosure.due_date = *decision_day + 9;
    }
    CaseEvent step;
    step.from_stage = CaseStage::kFiled;
    step.to_stage = stage;
    step.action = decision_day.has_value() ? "decide" : "start_investigation";
    step.actor = "t";
    absl::StatusOr<EnforcementCase> stored = cases.UpdateCase(moved, step, audit_);
    ASSERT_TRUE(stored.ok()) << stored.status();
  }

  MajorCaseFiling Filing(const std::string& id, const std::string& case_id,
                         const std::string& department, CivilDay day) {
    MajorCaseFiling f;
    f.id = id;
    f.case_id = case_id;
    f.department_id = department;
    f.filed_date = day;
    f.status = FilingStatus::kFiled;
    return f;
  }

  Complaint NewComplaint(const std::string& id, const std::string& department, CivilDay day) {
    Complaint c;
    c.id = id;
    c.department_id = department;
    c.complainant = "刘德华";
    c.content = "执法人员未出示执法证件，态度粗暴";
    c.received_date = day;
    return c;
  }

  Reconsideration NewReconsideration(const std::string& id, const std::string& body,
                                     const std::string& respondent, CivilDay day) {
    Reconsideration r;
    r.id = id;
    r.body_department_id = body;
    r.respondent_department_id = respondent;
    r.applicant = "张三";
    r.request = "撤销行政处罚决定";
    r.application_date = day;
    EXPECT_TRUE(OpenReconsideration(r, "", ::fazhi::testing::ShippedCalendar()).ok());
    return r;
  }

  Lawsuit NewLawsuit(const std::string& id, const std::string& number, const std::string& defendant,
                     CivilDay day) {
    Lawsuit s;
    s.id = id;
    s.court_case_number = number;
    s.court = "济源市人民法院";
    s.plaintiff = "赵六";
    s.defendant_department_id = defendant;
    s.filed_date = day;
    return s;
  }

  audit::AuditContext audit_{"store-test", "/test", "req"};
  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<CaseFactsStore> case_facts_;
  std::unique_ptr<MajorCaseFilingStore> filings_;
  std::unique_ptr<CaseFileReviewStore> file_reviews_;
  std::unique_ptr<ComplaintStore> complaints_;
  std::unique_ptr<ReconsiderationStore> reconsiderations_;
  std::unique_ptr<LawsuitStore> lawsuits_;
};

TEST_F(CaseReviewStoreTest, FindsTheFactsOfAnEnforcementCase) {
  AddCase("case-1", "jiyuan-sthjj", true, CaseStage::kDecided, CivilDay(2021, 4, 20));
  AddCase("case-2", "jiyuan-sthjj", false, CaseStage::kInvestigating, std::nullopt);
  absl::StatusOr<std::optional<FiledCaseFacts>> one = case_facts_->FindCase("case-1");
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->department_id, "jiyuan-sthjj");
  EXPECT_TRUE((*one)->major);
  EXPECT_EQ((*one)->stage, 5);
  EXPECT_EQ(*(*one)->decision_date, CivilDay(2021, 4, 20));
  absl::StatusOr<std::optional<FiledCaseFacts>> two = case_facts_->FindCase("case-2");
  ASSERT_TRUE(two.ok() && two->has_value());
  EXPECT_FALSE((*two)->major);
  EXPECT_FALSE((*two)->decision_date.has_value());
  absl::StatusOr<std::optional<FiledCaseFacts>> none = case_facts_->FindCase("nope");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(CaseReviewStoreTest, FilingsAreIdempotentOncePerCaseAndVersioned) {
  absl::StatusOr<MajorCaseFiling> created = filings_->CreateFiling(
      Filing("filing-a", "case-1", "jiyuan-sthjj", CivilDay(2021, 4, 25)), "req-filing-1", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->stamps.version, 1);
  EXPECT_EQ(created->stamps.created_by, "store-test");
  EXPECT_EQ(created->filed_date, CivilDay(2021, 4, 25));

  // The same request again returns the first filing and writes nothing.
  absl::StatusOr<MajorCaseFiling> replay = filings_->CreateFiling(
      Filing("filing-b", "case-1", "jiyuan-sthjj", CivilDay(2021, 4, 26)), "req-filing-1", audit_);
  ASSERT_TRUE(replay.ok()) << replay.status();
  EXPECT_EQ(replay->id, "filing-a");
  // Another request for the same case is refused.
  absl::StatusOr<MajorCaseFiling> again = filings_->CreateFiling(
      Filing("filing-c", "case-1", "jiyuan-sthjj", CivilDay(2021, 4, 26)), "", audit_);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find("case_id"), std::string::npos) << again.status();

  MajorCaseFiling reviewed = *created;
  ASSERT_TRUE(ReviewFiling(reviewed, "司法局.王", CivilDay(2021, 5, 6),
                           {"处罚裁量说明不充分", "送达回证缺少签名"})
                  .ok());
  absl::StatusOr<MajorCaseFiling> updated = filings_->UpdateFiling(reviewed, 1, "review", audit_);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->stamps.version, 2);
  EXPECT_EQ(updated->status, FilingStatus::kReviewed);
  EXPECT_EQ(updated->reviewer, "司法局.王");
  EXPECT_EQ(updated->rectification, RectificationStatus::kRequired);
  EXPECT_EQ(updated->rectification_suggestions,
            (std::vector<std::string>{"处罚裁量说明不充分", "送达回证缺少签名"}));
  // A write naming the old version loses.
  absl::StatusOr<MajorCaseFiling> stale = filings_->UpdateFiling(reviewed, 1, "review", audit_);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);

  absl::StatusOr<std::optional<MajorCaseFiling>> read = filings_->GetFiling("filing-a");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_EQ((*read)->rectification_suggestions.size(), 2u);
  EXPECT_EQ(*(*read)->review_date, CivilDay(2021, 5, 6));
}

TEST_F(CaseReviewStoreTest, FilingsListByDepartmentsYearStatusAndPage) {
  for (int i = 0; i < 5; ++i) {
    std::string department = i % 2 == 0 ? "jiyuan-sthjj" : "jiyuan-kejing";
    ASSERT_TRUE(filings_
                    ->CreateFiling(Filing(absl::StrCat("filing-", i), absl::StrCat("case-", i),
                                          department, CivilDay(2021, 3, 1 + i)),
                                   "", audit_)
                    .ok());
  }
  ASSERT_TRUE(
      filings_
          ->CreateFiling(Filing("filing-old", "case-old", "jiyuan-sthjj", CivilDay(2020, 12, 30)),
                         "", audit_)
          .ok());
  ReviewFilter filter;
  filter.department_ids = {"jiyuan-sthjj", "jiyuan-kejing"};
  filter.year = 2021;
  absl::StatusOr<std::vector<MajorCaseFiling>> first =
      filings_->ListFilings(filter, FilingStatus::kUnspecified, std::nullopt, 3);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].id, "filing-0");
  EXPECT_EQ((*first)[2].id, "filing-2");
  DateCursor cursor{time_util::ToYmd((*first)[2].filed_date), (*first)[2].id};
  absl::StatusOr<std::vector<MajorCaseFiling>> rest =
      filings_->ListFilings(filter, FilingStatus::kUnspecified, cursor, 3);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[1].id, "filing-4");

  filter.department_ids = {"jiyuan-sthjj"};
  filter.year = 0;
  absl::StatusOr<std::vector<MajorCaseFiling>> own =
      filings_->ListFilings(filter, FilingStatus::kFiled, std::nullopt, 10);
  ASSERT_TRUE(own.ok());
  ASSERT_EQ(own->size(), 4u);
  EXPECT_EQ(own->front().id, "filing-old");
  absl::StatusOr<std::vector<MajorCaseFiling>> reviewed =
      filings_->ListFilings(filter, FilingStatus::kReviewed, std::nullopt, 10);
  ASSERT_TRUE(reviewed.ok());
  EXPECT_TRUE(reviewed->empty());
}

TEST_F(CaseReviewStoreTest, CaseFileReviewsKeepTheirFindings) {
  CaseFileReview r;
  r.id = "casereview-1";
  r.case_id = "case-1";
  r.department_id = "jiyuan-sthjj";
  r.reviewer = "李评查";
  r.review_date = CivilDay(2021, 11, 20);
  r.score = 92;
  r.findings = {"证据目录不完整", "文书用语不规范", "卷宗装订顺序有误"};
  absl::StatusOr<CaseFileReview> created =
      file_reviews_->CreateCaseFileReview(r, "req-review", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->findings, r.findings);
  EXPECT_EQ(created->score, 92);
  r.id = "casereview-2";
  absl::StatusOr<CaseFileReview> replay =
      file_reviews_->CreateCaseFileReview(r, "req-review", audit_);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->id, "casereview-1");
  ReviewFilter filter;
  filter.year = 2021;
  absl::StatusOr<std::vector<CaseFileReview>> listed =
      file_reviews_->ListCaseFileReviews(filter, std::nullopt, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().findings.size(), 3u);
  EXPECT_EQ(listed->front().reviewer, "李评查");
}

TEST_F(CaseReviewStoreTest, ComplaintsCarryTheirLetterAndRectification) {
  absl::StatusOr<Complaint> created = complaints_->CreateComplaint(
      NewComplaint("complaint-1", "jiyuan-sthjj", CivilDay(2021, 6, 1)), "", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->complainant, "刘德华");
  EXPECT_FALSE(created->letter.has_value());
  EXPECT_EQ(created->rectification, RectificationStatus::kUnspecified);

  Complaint answered = *created;
  SupervisionLetter letter;
  letter.document_number = "济司监〔2021〕1号";
  letter.issued_date = CivilDay(2021, 6, 10);
  letter.requirements = {"规范亮证执法", "开展作风整顿"};
  letter.due_date = CivilDay(2021, 7, 10);
  ASSERT_TRUE(IssueLetter(answered, letter).ok());
  absl::StatusOr<Complaint> updated =
      complaints_->UpdateComplaint(answered, 1, "issue_letter", audit_);
  ASSERT_TRUE(updated.ok()) << updated.status();
  ASSERT_TRUE(updated->letter.has_value());
  EXPECT_EQ(updated->letter->document_number, "济司监〔2021〕1号");
  EXPECT_EQ(updated->letter->requirements, letter.requirements);
  EXPECT_EQ(updated->letter->due_date, CivilDay(2021, 7, 10));
  EXPECT_EQ(updated->rectification, RectificationStatus::kRequired);

  Complaint reported = *updated;
  ASSERT_TRUE(MoveRectification(reported.rectification, reported.rectification_report,
                                RectificationStatus::kReported, "已完成整改并组织培训")
                  .ok());
  EXPECT_EQ(complaints_->UpdateComplaint(reported, 1, "report", audit_).status().code(),
            absl::StatusCode::kAborted);
  absl::StatusOr<Complaint> stored = complaints_->UpdateComplaint(reported, 2, "report", audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->rectification, RectificationStatus::kReported);
  EXPECT_EQ(stored->rectification_report, "已完成整改并组织培训");
  EXPECT_EQ(stored->stamps.version, 3);

  ASSERT_TRUE(
      complaints_
          ->CreateComplaint(NewComplaint("complaint-2", "jiyuan-kejing", CivilDay(2022, 1, 5)), "",
                            audit_)
          .ok());
  ReviewFilter filter;
  filter.department_ids = {"jiyuan-sthjj", "jiyuan-kejing"};
  filter.year = 2021;
  absl::StatusOr<std::vector<Complaint>> listed =
      complaints_->ListComplaints(filter, std::nullopt, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().letter->requirements.size(), 2u);
  filter.year = 0;
  listed = complaints_->ListComplaints(filter, std::nullopt, 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 2u);
}

TEST_F(CaseReviewStoreTest, ReconsiderationsListByBodyOrRespondentAndStage) {
  Reconsideration a =
      NewReconsideration("reconsideration-a", "jiyuan", "jiyuan-sthjj", CivilDay(2021, 3, 1));
  absl::StatusOr<Reconsideration> created =
      reconsiderations_->CreateReconsideration(a, "req-a", audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  // 5 working days after Monday 2021-03-01 (行政复议法 Arts 30 and 88); was Saturday 03-06.
  EXPECT_EQ(created->examination_due_date, CivilDay(2021, 3, 8));
  EXPECT_EQ(created->stage, ReconsiderationStage::kApplied);
  absl::StatusOr<Reconsideration> replay = reconsiderations_->CreateReconsideration(
      NewReconsideration("reconsideration-x", "jiyuan", "jiyuan-sthjj", CivilDay(2021, 3, 2)),
      "req-a", audit_);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(replay->id, "reconsideration-a");

  Reconsideration accepted = *created;
  ASSERT_TRUE(ExamineReconsideration(accepted, true, CivilDay(2021, 3, 5), "",
                                     ::fazhi::testing::ShippedCalendar())
                  .ok());
  ASSERT_TRUE(
      ExtendReconsideration(accepted, 30, "案情复杂", ::fazhi::testing::ShippedCalendar()).ok());
  absl::StatusOr<Reconsideration> stored =
      reconsiderations_->UpdateReconsideration(accepted, 1, "accept", audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(*stored->acceptance_date, CivilDay(2021, 3, 5));
  EXPECT_EQ(*stored->decision_due_date, CivilDay(2021, 6, 3));
  EXPECT_EQ(stored->extension_days, 30);
  EXPECT_EQ(stored->extension_reason, "案情复杂");
  Reconsideration decided = *stored;
  ASSERT_TRUE(DecideReconsideration(decided, ReconsiderationOutcome::kConfirmedIllegal,
                                    CivilDay(2021, 5, 30), "确认违法")
                  .ok());
  stored = reconsiderations_->UpdateReconsideration(decided, 2, "decide", audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->outcome, ReconsiderationOutcome::kConfirmedIllegal);
  EXPECT_EQ(stored->decision_summary, "确认违法");

  ASSERT_TRUE(reconsiderations_
                  ->CreateReconsideration(NewReconsideration("reconsideration-b", "jiyuan-sthjj",
                                                             "jiyuan-kejing", CivilDay(2021, 4, 1)),
                                          "", audit_)
                  .ok());
  ReviewFilter filter;
  filter.department_ids = {"jiyuan-kejing"};
  absl::StatusOr<std::vector<Reconsideration>> listed = reconsiderations_->ListReconsiderations(
      filter, ReconsiderationStage::kUnspecified, CivilDay(2022, 1, 1), std::nullopt, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "reconsideration-b");
  // 生态环境局 is the respondent of one and the body of the other.
  filter.department_ids = {"jiyuan-sthjj"};
  listed = reconsiderations_->ListReconsiderations(filter, ReconsiderationStage::kUnspecified,
                                                   CivilDay(2022, 1, 1), std::nullopt, 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 2u);
  listed = reconsiderations_->ListReconsiderations(filter, ReconsiderationStage::kDecided,
                                                   CivilDay(2022, 1, 1), std::nullopt, 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().id, "reconsideration-a");
  filter.year = 2022;
  listed = reconsiderations_->ListReconsiderations(filter, ReconsiderationStage::kUnspecified,
                                                   CivilDay(2022, 1, 1), std::nullopt, 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

// The start's walk over pending due dates pages by id across both flags: two examination dates
// and one decision date pending among records with neither, in pages of two.
TEST_F(CaseReviewStoreTest, PendingDueDatesAreWalkedInIdOrderAcrossBothFlags) {
  auto create = [&](const std::string& id, CivilDay applied) {
    Reconsideration r = NewReconsideration(id, "jiyuan", "jiyuan-sthjj", applied);
    EXPECT_TRUE(reconsiderations_->CreateReconsideration(r, "", audit_).ok());
    return r;
  };
  create("reconsideration-a", CivilDay(2026, 12, 28));  // its 5 working days reach into 2027
  create("reconsideration-b", CivilDay(2021, 3, 1));
  Reconsideration decision_pending = create("reconsideration-c", CivilDay(2021, 3, 2));
  decision_pending.decision_due_date = CivilDay(2027, 3, 1);
  decision_pending.decision_due_pending = true;
  ASSERT_TRUE(reconsiderations_->SetDueDates(decision_pending, "resolve_due_date", audit_).ok());
  create("reconsideration-d", CivilDay(2026, 12, 29));
  create("reconsideration-e", CivilDay(2021, 3, 3));

  std::vector<std::vector<std::string>> pages;
  std::string after;
  while (pages.size() < 10) {
    absl::StatusOr<std::vector<Reconsideration>> page =
        reconsiderations_->WithPendingDueDates(after, 2);
    ASSERT_TRUE(page.ok()) << page.status();
    if (page->empty()) break;
    pages.emplace_back();
    for (const Reconsideration& r : *page) pages.back().push_back(r.id);
    after = page->back().id;
  }
  using Ids = std::vector<std::string>;
  EXPECT_EQ(pages,
            (std::vector<Ids>{{"reconsideration-a", "reconsideration-c"}, {"reconsideration-d"}}));
}

// Art. 30 in the list: an application stored APPLIED whose examination period (to Monday
// 2021-03-08) has passed is listed as ACCEPTED, not APPLIED; a pending examination date is
// neither resolved nor deemed until the calendar has its year, and its resolution is stored
// without a new version.
TEST_F(CaseReviewStoreTest, DeemedAcceptanceListsAsAcceptedAndPendingDatesAreResolved) {
  ASSERT_TRUE(reconsiderations_
                  ->CreateReconsideration(NewReconsideration("reconsideration-c", "jiyuan",
                                                             "jiyuan-sthjj", CivilDay(2021, 3, 1)),
                                          "", audit_)
                  .ok());
  ReviewFilter filter;
  filter.department_ids = {"jiyuan"};
  auto ids = [&](ReconsiderationStage stage, CivilDay as_of) {
    absl::StatusOr<std::vector<Reconsideration>> rows =
        reconsiderations_->ListReconsiderations(filter, stage, as_of, std::nullopt, 10);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::vector<std::string> out;
    if (rows.ok()) {
      for (const Reconsideration& r : *rows) out.push_back(r.id);
    }
    return out;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids(ReconsiderationStage::kApplied, CivilDay(2021, 3, 8)), Ids{"reconsideration-c"});
  EXPECT_EQ(ids(ReconsiderationStage::kAccepted, CivilDay(2021, 3, 8)), Ids{});
  EXPECT_EQ(ids(ReconsiderationStage::kApplied, CivilDay(2021, 3, 9)), Ids{});
  EXPECT_EQ(ids(ReconsiderationStage::kAccepted, CivilDay(2021, 3, 9)), Ids{"reconsideration-c"});

  // Applied 2026-12-28: the 5 working days reach into 2027, which has no file.
  Reconsideration late =
      NewReconsideration("reconsideration-d", "jiyuan", "jiyuan-sthjj", CivilDay(2026, 12, 28));
  ASSERT_TRUE(late.examination_due_pending);
  ASSERT_TRUE(reconsiderations_->CreateReconsideration(late, "", audit_).ok());
  EXPECT_EQ(ids(ReconsiderationStage::kApplied, CivilDay(2027, 2, 1)), Ids{"reconsideration-d"});
  absl::StatusOr<std::vector<Reconsideration>> pending =
      reconsiderations_->WithPendingDueDates("", 10);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_EQ(pending->size(), 1u);
  Reconsideration resolved = pending->front();
  EXPECT_TRUE(resolved.examination_due_pending);
  EXPECT_EQ(resolved.examination_due_date, CivilDay(2027, 1, 2));
  resolved.examination_due_date = CivilDay(2027, 1, 5);
  resolved.examination_due_pending = false;
  ASSERT_TRUE(reconsiderations_->SetDueDates(resolved, "resolve_due_date", audit_).ok());
  absl::StatusOr<std::optional<Reconsideration>> read =
      reconsiderations_->GetReconsideration("reconsideration-d");
  ASSERT_TRUE(read.ok() && read->has_value());
  EXPECT_FALSE((*read)->examination_due_pending);
  EXPECT_EQ((*read)->examination_due_date, CivilDay(2027, 1, 5));
  EXPECT_EQ((*read)->stamps.version, 1);
  pending = reconsiderations_->WithPendingDueDates("", 10);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());

  // A deemed acceptance stored with a step reads back as such.
  Reconsideration deemed = **read;
  ASSERT_TRUE(
      ApplyDeemedAcceptance(deemed, CivilDay(2027, 1, 6), ::fazhi::testing::ShippedCalendar()));
  absl::StatusOr<Reconsideration> stored =
      reconsiderations_->UpdateReconsideration(deemed, 1, "decide", audit_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_TRUE(stored->deemed_accepted);
  EXPECT_EQ(stored->stage, ReconsiderationStage::kAccepted);
  EXPECT_EQ(*stored->acceptance_date, CivilDay(2027, 1, 5));
  // 2027-01-05 + 60 days is 2027-03-06: its year has no calendar, so pending.
  EXPECT_TRUE(stored->decision_due_pending);
  EXPECT_EQ(*stored->decision_due_date, CivilDay(2027, 3, 6));
}

TEST_F(CaseReviewStoreTest, LawsuitsKeepHearingsInOrderAndCourtNumbersUnique) {
  absl::StatusOr<Lawsuit> created = lawsuits_->CreateLawsuit(
      NewLawsuit("lawsuit-1", "(2021)豫9001行初12号", "jiyuan-sthjj", CivilDay(2021, 4, 1)), "",
      audit_);
  ASSERT_TRUE(created.ok()) << created.status();
  absl::StatusOr<Lawsuit> duplicate = lawsuits_->CreateLawsuit(
      NewLawsuit("lawsuit-2", "(2021)豫9001行初12号", "jiyuan-kejing", CivilDay(2021, 4, 2)), "",
      audit_);
  EXPECT_EQ(duplicate.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_NE(duplicate.status().message().find("court_case_number"), std::string::npos);

  Lawsuit suit = *created;
  ASSERT_TRUE(AddHearing(suit, Hearing{CivilDay(2021, 5, 20), true, "副局长"}).ok());
  absl::StatusOr<Lawsuit> heard = lawsuits_->UpdateLawsuit(suit, 1, "record_hearing", audit_);
  ASSERT_TRUE(heard.ok()) << heard.status();
  suit = *heard;
  ASSERT_TRUE(AddHearing(suit, Hearing{CivilDay(2021, 6, 15), false, ""}).ok());
  ASSERT_TRUE(RecordJudgment(suit, JudgmentOutcome::kUpheld, CivilDay(2021, 7, 1)).ok());
  heard = lawsuits_->UpdateLawsuit(suit, 2, "record_judgment", audit_);
  ASSERT_TRUE(heard.ok()) << heard.status();
  ASSERT_EQ(heard->hearings.size(), 2u);
  EXPECT_EQ(heard->hearings[0].head_title, "副局长");
  EXPECT_TRUE(heard->hearings[0].head_appeared);
  EXPECT_FALSE(heard->hearings[1].head_appeared);
  EXPECT_EQ(heard->outcome, JudgmentOutcome::kUpheld);
  EXPECT_EQ(*heard->judgment_date, CivilDay(2021, 7, 1));

  ReviewFilter filter;
  filter.department_ids = {"jiyuan-sthjj"};
  filter.year = 2021;
  absl::StatusOr<std::vector<Lawsuit>> listed = lawsuits_->ListLawsuits(filter, std::nullopt, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().hearings.size(), 2u);
  EXPECT_EQ(listed->front().court_case_number, "(2021)豫9001行初12号");
}

}  // namespace
}  // namespace fazhi::cases

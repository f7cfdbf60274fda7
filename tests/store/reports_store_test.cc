// The report store on SQLite and MariaDB: templates and reports round-trip with their Chinese
// text, etags guard every save, a unit has one report a year, and a published version is frozen:
// saving the report again never changes a version already published.

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "gtest/gtest.h"
#include "services/reports/store/report_store.h"
#include "tests/support/test_database.h"

namespace fazhi::reports {
namespace {

class ReportStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t =
        testing::TestDatabase::CreateMigrated(Migrations());
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    store_ = std::make_unique<ReportStore>(&test_db_->db());
    Template t2;
    t2.id = "henan-city-2021";
    t2.name = "河南省市县政府法治政府建设年度报告（2021）";
    t2.kind = ReportKind::kGovernment;
    t2.sections = {{"opening", 0, "", false, "开头", ""},
                   {"work", 1, "{{year}}年法治政府建设工作情况", false, "", ""},
                   {"work.leadership", 2, "加强组织领导，严格落实法治政府建设责任", false, "", ""},
                   {"advice.funding", 2, "加强保障机制建设。", true, "", ""}};
    t2.definitions = {{"outcomes", "reconsideration.upheld + reconsideration.corrected"}};
    t2.created_by = "sfj.zhao";
    t2.create_time = now_;
    ASSERT_TRUE(store_->CreateTemplate(context_, t2).ok());
  }

  Report Jiyuan() {
    Report r;
    r.id = "rpt-jiyuan-2021";
    r.department_id = "jiyuan";
    r.year = 2021;
    r.kind = ReportKind::kGovernment;
    r.template_id = "henan-city-2021";
    r.title = "济源市人民政府关于2021年度法治政府建设情况的报告";
    r.issuer_name = "济源市人民政府";
    r.state = ReportState::kDraft;
    r.sections = {
        {"opening", 0, "", false, "2021年,在省委、省政府的坚强领导下"},
        {"work", 1, "{{year}}年法治政府建设工作情况", false, ""},
        {"work.leadership", 2, "加强组织领导，严格落实法治政府建设责任", false,
         "市政府常务会议集中学法{{leadership.executive_meeting_law_studies}}次。\n第二段"}};
    r.recipients = {
        {"henan-swei", "中共河南省委员会", "省委", RecipientBasis::kSuperiorPartyCommittee},
        {"henan", "河南省人民政府", "省人民政府", RecipientBasis::kSuperiorGovernment},
        {"jiyuan-swei", "中共济源市委员会", "市委", RecipientBasis::kOwnPartyCommittee}};
    r.created_by = "jiyuan.clerk";
    r.create_time = r.update_time = now_;
    r.version = 1;
    return r;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<ReportStore> store_;
  audit::AuditContext context_{"jiyuan.clerk", "/fazhi.reports.v1.ReportService/X", "req-1"};
  absl::Time now_ = absl::FromUnixSeconds(1646000000);
};

TEST_F(ReportStoreTest, TemplateRoundTripsWithSectionsInOrderAndDefinitions) {
  absl::StatusOr<std::optional<Template>> t = store_->GetTemplate("henan-city-2021");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_TRUE(t->has_value());
  const Template& got = **t;
  EXPECT_EQ(got.name, "河南省市县政府法治政府建设年度报告（2021）");
  ASSERT_EQ(got.kind, ReportKind::kGovernment);
  ASSERT_EQ(got.sections.size(), 4u);
  EXPECT_EQ(got.sections[1].heading, "{{year}}年法治政府建设工作情况");
  EXPECT_EQ(got.sections[3].key, "advice.funding");
  EXPECT_TRUE(got.sections[3].run_in);
  EXPECT_EQ(got.sections[0].guidance, "开头");
  ASSERT_EQ(got.definitions.size(), 1u);
  EXPECT_EQ(got.definitions[0].expression, "reconsideration.upheld + reconsideration.corrected");
  Template again = got;
  EXPECT_EQ(store_->CreateTemplate(context_, again).code(), absl::StatusCode::kAlreadyExists);
  absl::StatusOr<std::vector<Template>> all = store_->ListTemplates("", 10);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(ReportStoreTest, ReportRoundTripsAndAUnitHasOneReportAYear) {
  ASSERT_TRUE(store_->CreateReport(context_, Jiyuan(), "clerk-2022-001").ok());
  absl::StatusOr<std::optional<Report>> got = store_->GetReport("rpt-jiyuan-2021");
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(got->has_value());
  const Report& r = **got;
  EXPECT_EQ(r.title, "济源市人民政府关于2021年度法治政府建设情况的报告");
  ASSERT_EQ(r.sections.size(), 3u);
  EXPECT_EQ(r.sections[2].text,
            "市政府常务会议集中学法{{leadership.executive_meeting_law_studies}}次。\n第二段");
  ASSERT_EQ(r.recipients.size(), 3u);
  EXPECT_EQ(r.recipients[1].short_name, "省人民政府");
  EXPECT_EQ(r.recipients[1].basis, RecipientBasis::kSuperiorGovernment);
  EXPECT_FALSE(r.recipients[1].submitted_on.has_value());
  EXPECT_EQ(r.version, 1);

  absl::StatusOr<std::optional<Report>> by_request = store_->FindByRequestId("clerk-2022-001");
  ASSERT_TRUE(by_request.ok());
  ASSERT_TRUE(by_request->has_value());
  EXPECT_EQ((*by_request)->id, "rpt-jiyuan-2021");

  Report second = Jiyuan();
  second.id = "rpt-jiyuan-2021-b";
  absl::Status dup = store_->CreateReport(context_, second, "clerk-2022-002");
  EXPECT_EQ(dup.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(dup.message(), "jiyuan has a report for 2021")) << dup;
  absl::StatusOr<std::vector<Report>> listed =
      store_->ListReports(ReportFilter{2021, {}, {}}, "", 10);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].sections.empty()) << "lists carry no section text";
  EXPECT_EQ((*listed)[0].recipients.size(), 3u);
}

TEST_F(ReportStoreTest, SaveNeedsTheCurrentVersionAndRewritesTheLists) {
  ASSERT_TRUE(store_->CreateReport(context_, Jiyuan(), "").ok());
  Report r = Jiyuan();
  r.version = 2;
  r.sections[0].text = "改过的开头";
  r.recipients.pop_back();
  r.recipients[0].submitted_on = absl::CivilDay(2022, 3, 28);
  r.recipients[0].document_number = "济政〔2022〕12号";
  r.acknowledgements = {{"reconsideration-outcomes", "jiyuan", "145 ≠ 140",
                         "原始统计口径差异，已核实", "sfj.li", now_}};
  r.state = ReportState::kInReview;
  ASSERT_TRUE(store_->SaveReport(context_, r, 1, "update", "{}").ok());
  // A second save from the same read is stale.
  EXPECT_EQ(store_->SaveReport(context_, r, 1, "update", "{}").code(), absl::StatusCode::kAborted);

  absl::StatusOr<std::optional<Report>> got = store_->GetReport(r.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ((*got)->state, ReportState::kInReview);
  EXPECT_EQ((*got)->sections[0].text, "改过的开头");
  ASSERT_EQ((*got)->recipients.size(), 2u);
  EXPECT_EQ((*got)->recipients[0].submitted_on, absl::CivilDay(2022, 3, 28));
  EXPECT_EQ((*got)->recipients[0].document_number, "济政〔2022〕12号");
  ASSERT_EQ((*got)->acknowledgements.size(), 1u);
  EXPECT_EQ((*got)->acknowledgements[0].reason, "原始统计口径差异，已核实");

  audit::Filter filter;
  filter.target_type = "report";
  filter.target_id = r.id;
  absl::StatusOr<std::vector<audit::AuditEntry>> entries =
      audit::List(test_db_->db(), filter, std::nullopt, 10);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].action, "create");
  EXPECT_EQ((*entries)[1].action, "update");
}

PublishedVersion Version(const Report& r, int64_t version, const std::string& html) {
  PublishedVersion p;
  p.report_id = r.id;
  p.version = version;
  p.department_id = r.department_id;
  p.year = r.year;
  p.title = r.title;
  p.kind = r.kind;
  p.publication_date = absl::CivilDay(2022, 3, 30);
  p.channels = {{ChannelKind::kPortal, "济源市人民政府门户网站", absl::CivilDay(2022, 3, 30),
                 "http://www.jiyuan.gov.cn/2022/0330/report.html"}};
  p.recipients = r.recipients;
  p.html = html;
  p.markdown = "# md";
  p.text = "text";
  p.html_sha256 = std::string(64, 'a');
  p.markdown_sha256 = std::string(64, 'b');
  p.text_sha256 = std::string(64, 'c');
  p.figures = {{"work.disputes",
                "reconsideration.concluded",
                "145",
                145,
                1,
                "count",
                {{"reconsideration.concluded@jiyuan", 145}}},
               {"work.disputes",
                "mediation.court_referred_successful / mediation.court_referred",
                "33.4%",
                2057,
                6157,
                "percent",
                {{"mediation.court_referred_successful@jiyuan", 2057},
                 {"mediation.court_referred@jiyuan", 6157}}}};
  p.sections = {{"work.disputes", "审结{{ reconsideration.concluded }}件", "审结145件"}};
  p.published_by = "zfb.wang";
  p.publish_time = absl::FromUnixSeconds(1648600000);
  return p;
}

TEST_F(ReportStoreTest, PublishedVersionsAreFrozenAndTheLatestIsListed) {
  ASSERT_TRUE(store_->CreateReport(context_, Jiyuan(), "").ok());
  Report r = Jiyuan();
  r.version = 2;
  r.state = ReportState::kPublished;
  r.published_version = 1;
  ASSERT_TRUE(store_->Publish(context_, r, 1, Version(r, 1, "<p>一</p>")).ok());

  Report corrected = r;
  corrected.version = 3;
  corrected.published_version = 2;
  corrected.sections[0].text = "更正后的开头";
  PublishedVersion v2 = Version(corrected, 2, "<p>二</p>");
  v2.correction_reason = "更正复议审结数";
  v2.changes = {{"work.disputes", "reconsideration.concluded", "145", "140"}};
  ASSERT_TRUE(store_->Publish(context_, corrected, 2, v2).ok());
  // Publishing the same version twice is refused: versions are never overwritten.
  Report again = corrected;
  again.version = 4;
  EXPECT_EQ(store_->Publish(context_, again, 3, v2).code(), absl::StatusCode::kAborted);

  absl::StatusOr<std::optional<PublishedVersion>> first = store_->GetPublished(r.id, 1);
  ASSERT_TRUE(first.ok() && first->has_value()) << first.status();
  EXPECT_EQ((*first)->html, "<p>一</p>");
  EXPECT_TRUE((*first)->changes.empty());
  ASSERT_EQ((*first)->figures.size(), 2u);
  EXPECT_EQ((*first)->figures[1].rendered, "33.4%");
  EXPECT_EQ((*first)->figures[1].denominator, 6157);
  ASSERT_EQ((*first)->figures[1].inputs.size(), 2u);
  EXPECT_EQ((*first)->figures[1].inputs[1].first, "mediation.court_referred@jiyuan");
  EXPECT_EQ((*first)->figures[1].inputs[1].second, 6157);
  ASSERT_EQ((*first)->sections.size(), 1u);
  EXPECT_EQ((*first)->sections[0].source, "审结{{ reconsideration.concluded }}件");
  EXPECT_EQ((*first)->sections[0].rendered, "审结145件");
  ASSERT_EQ((*first)->channels.size(), 1u);
  EXPECT_EQ((*first)->channels[0].url, "http://www.jiyuan.gov.cn/2022/0330/report.html");

  absl::StatusOr<std::optional<PublishedVersion>> latest = store_->GetPublished(r.id, 0);
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->correction_reason, "更正复议审结数");
  ASSERT_EQ((*latest)->changes.size(), 1u);
  EXPECT_EQ((*latest)->changes[0].after, "140");

  absl::StatusOr<std::vector<PublishedVersion>> listed = store_->ListPublished(2021, {}, {}, 10);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].version, 2);
  EXPECT_TRUE((*listed)[0].html.empty());
  absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>> firsts =
      store_->FirstPublications({r.id, "rpt-none"});
  ASSERT_TRUE(firsts.ok());
  ASSERT_EQ(firsts->size(), 1u);
  EXPECT_EQ((*firsts)[0].second, absl::CivilDay(2022, 3, 30));
}

}  // namespace
}  // namespace fazhi::reports

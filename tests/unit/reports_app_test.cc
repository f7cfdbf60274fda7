// The report use cases (services/reports/app) over in-memory fakes of the report repository, the
// unit registry and the figure services (tests/support/reports_fakes.h): no gRPC, no SQL. The
// report is 济源市人民政府's on 2021 with figures of the seed report; every expected value is
// written out by hand, never computed by the code under test.

#include "services/reports/app/reports_app.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/app/caller.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/reports/domain/render.h"
#include "tests/support/reports_fakes.h"

namespace fazhi::reports {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kProvince[] = "henan";             // 河南省人民政府
constexpr char kProvinceParty[] = "henan-sw";     // 中共河南省委
constexpr char kProvinceSthjt[] = "henan-sthjt";  // 河南省生态环境厅
constexpr char kCity[] = "jiyuan";                // 济源市人民政府
constexpr char kCityParty[] = "jiyuan-sw";        // 中共济源市委
constexpr char kCityCongress[] = "jiyuan-rd";     // 济源市人大常委会
constexpr char kSthjj[] = "jiyuan-sthjj";         // 济源市生态环境局 (law enforcement)
constexpr char kSfj[] = "jiyuan-sfj";             // 济源市司法局 (law enforcement)
constexpr char kKejing[] = "jiyuan-kejing";       // 克井镇 (a town: owes no report)
constexpr char kJiaozuo[] = "jiaozuo";            // 焦作市人民政府, no SUPERIOR
constexpr char kTemplate[] = "jiyuan-2021";

constexpr int kGovernment = 1;
constexpr int kDepartment = 2;
constexpr int kTown = 3;
constexpr int kPartyCommittee = 7;
constexpr int kCongressCommittee = 8;

absl::Time At(int y, int m, int d) {
  return absl::FromCivil(absl::CivilHour(y, m, d, 10), absl::FixedTimeZone(8 * 3600));
}

Unit MakeUnit(const std::string& id, const std::string& name, const std::string& short_name,
              int kind, int level, const std::string& parent_id, bool law_enforcement = false) {
  Unit u;
  u.id = id;
  u.name = name;
  u.short_name = short_name;
  u.kind = kind;
  u.level = level;
  u.parent_id = parent_id;
  u.law_enforcement_body = law_enforcement;
  return u;
}

// The five sections the tests write in and read back, with seed report wording.
Template JiyuanTemplate() {
  Template t;
  t.id = kTemplate;
  t.name = "济源市法治政府建设年度报告";
  t.sections = {
      {"opening", 0, "", false, "",
       "{{year}}年，{{unit.name}}坚持以习近平法治思想为指导，全面推进法治政府建设。"},
      {"work", 1, "{{year}}年法治政府建设工作情况", false, "", ""},
      {"work.reconsideration", 2, "发挥行政复议主渠道作用。", true, "",
       "全年共收到行政复议申请{{reconsideration.received}}件，审结{{reconsideration.concluded}}"
       "件。"},
      {"work.enforcement", 2, "严格规范公正文明执法。", true, "",
       "市生态环境局作出行政处罚决定{{cases.penalty_decisions@jiyuan-sthjj | approx}}起。"},
      {"work.mediation", 2, "推进矛盾纠纷多元化解。", true, "",
       "诉前调解成功{{mediation.court_referred_successful}}件，"
       "{{ mediation.court_referred_successful / mediation.court_referred | percent }}"
       "的案件纠纷实现有效分流化解。"},
  };
  return t;
}

// A figure on one line, so a mismatch shows every field at once.
std::string Line(const PublishedFigure& f) {
  std::vector<std::string> inputs;
  for (const auto& [ref, value] : f.inputs) inputs.push_back(absl::StrCat(ref, "=", value));
  return absl::StrCat(f.section_key, " | ", f.placeholder, " | ", f.rendered, " | ", f.numerator,
                      "/", f.denominator, " | ", f.format, " | ", absl::StrJoin(inputs, ", "));
}

std::string Line(const Change& c) {
  return absl::StrCat(c.section_key, " | ", c.placeholder, " | ", c.before, " | ", c.after);
}

std::string Line(const Recipient& r) {
  return absl::StrCat(r.department_id, " | ", r.name, " | ", r.short_name, " | ",
                      RecipientBasisName(r.basis));
}

template <typename T>
std::vector<std::string> Lines(const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const T& item : items) out.push_back(Line(item));
  return out;
}

class ReportsAppTest : public ::testing::Test {
 protected:
  ReportsAppTest()
      : store_(&journal_),
        figures_(&journal_),
        app_(ReportsDeps{&store_, &units_, &figures_,
                         [this] { return absl::StrCat("rpt-", ++next_id_); }}) {
    units_.Add(MakeUnit(kProvince, "河南省人民政府", "省人民政府", kGovernment, 1, ""));
    units_.Add(MakeUnit(kProvinceParty, "中国共产党河南省委员会", "省委", kPartyCommittee, 1, ""));
    units_.Add(MakeUnit(kProvinceSthjt, "河南省生态环境厅", "省生态环境厅", kDepartment, 1,
                        kProvince, true));
    units_.Add(MakeUnit(kCity, "济源市人民政府", "济源市", kGovernment, 2, kProvince));
    units_.Add(MakeUnit(kCityParty, "中国共产党济源市委员会", "市委", kPartyCommittee, 2, ""));
    units_.Add(MakeUnit(kCityCongress, "济源市人民代表大会常务委员会", "市人大常委会",
                        kCongressCommittee, 2, ""));
    units_.Add(MakeUnit(kSthjj, "济源市生态环境局", "市生态环境局", kDepartment, 2, kCity, true));
    units_.Add(MakeUnit(kSfj, "济源市司法局", "市司法局", kDepartment, 2, kCity, true));
    units_.Add(MakeUnit(kKejing, "克井镇", "克井镇", kTown, 4, kCity));
    units_.Add(MakeUnit(kJiaozuo, "焦作市人民政府", "焦作市", kGovernment, 2, ""));
    units_.Add(MakeUnit("jiaozuo-sw", "中国共产党焦作市委员会", "市委", kPartyCommittee, 2, ""));
    units_.Add(MakeUnit("jiaozuo-rd", "焦作市人民代表大会常务委员会", "市人大常委会",
                        kCongressCommittee, 2, ""));
    units_.Relate(kCity, {kCityParty, kCityCongress, kProvince});
    units_.Relate(kProvince, {kProvinceParty, "", ""});
    units_.Relate(kSthjj, {"", "", kProvinceSthjt});
    units_.Relate(kJiaozuo, {"jiaozuo-sw", "jiaozuo-rd", ""});

    figures_.catalogue = {"reconsideration.received", "reconsideration.concluded",
                          "mediation.court_referred", "mediation.court_referred_successful"};
    figures_.indicator_values = {
        {"reconsideration.received@jiyuan", 159},
        {"reconsideration.concluded@jiyuan", 145},
        {"mediation.court_referred_successful@jiyuan", 2057},
        {"mediation.court_referred@jiyuan", 6157},
    };
    figures_.case_figures[kSthjj] = {{"penalty_decisions", 198}};

    store_.templates[kTemplate] = JiyuanTemplate();
  }

  app::Caller Clerk() const {
    app::Caller caller;
    caller.audit.actor = "jiyuan-sfj.clerk";
    caller.audit.rpc = "/fazhi.reports.v1.ReportService/Test";
    caller.now = now_;
    return caller;
  }

  absl::StatusOr<Report> Create(const std::string& unit = kCity,
                                const std::string& request_id = "req-1", int year = 2021) {
    return app_.CreateReport(Clerk(), unit, year, kTemplate, request_id);
  }

  // Created, sent to review and approved, with no violations open.
  absl::StatusOr<Report> Approved() {
    absl::StatusOr<Report> r = Create();
    if (!r.ok()) return r;
    r = app_.SubmitForReview(Clerk(), r->id, r->version);
    if (!r.ok()) return r;
    return app_.Approve(Clerk(), r->id, r->version);
  }

  static std::vector<DeliveryInput> AllFour(absl::CivilDay sent) {
    return {{kProvinceParty, sent, "济政〔2022〕8号"},
            {kProvince, sent, "济政〔2022〕8号"},
            {kCityParty, sent, "济政〔2022〕8号"},
            {kCityCongress, sent, "济政〔2022〕8号"}};
  }

  absl::StatusOr<Report> Submitted(absl::CivilDay sent = absl::CivilDay(2022, 2, 28)) {
    absl::StatusOr<Report> r = Approved();
    if (!r.ok()) return r;
    return app_.Submit(Clerk(), r->id, AllFour(sent), r->version);
  }

  static Channel Portal(absl::CivilDay day) {
    return Channel{ChannelKind::kPortal, "济源市人民政府门户网站", day,
                   "https://www.jiyuan.gov.cn/zwgk/fzzfjs/2021.html"};
  }

  fakes::Journal journal_;
  fakes::FakeReportRepository store_;
  fakes::FakeUnitRegistry units_;
  fakes::FakeFigureService figures_;
  int next_id_ = 0;
  // Late enough for every day the tests send or publish on.
  absl::Time now_ = At(2022, 3, 31);
  ReportsApp app_;
};

// ---- ListPublished ----

TEST_F(ReportsAppTest, ListPublishedRefusesAMalformedUnitIdNamingIt) {
  for (const std::string& id :
       std::vector<std::string>{"'; DROP TABLE x; --", "%", std::string(300, 'a')}) {
    absl::StatusOr<std::vector<PublishedVersion>> page = app_.ListPublished(0, id, {}, 10);
    ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << page.status();
    EXPECT_TRUE(absl::StartsWith(page.status().message(), "department_id '")) << page.status();
  }
  // A well-formed id of no unit is still the registry's to answer.
  EXPECT_EQ(app_.ListPublished(0, "no-such-unit", {}, 10).status().code(),
            absl::StatusCode::kNotFound);
}

// ---- ListReports ----

TEST_F(ReportsAppTest, ListReportsRefusesAMalformedUnitIdNamingIt) {
  for (bool descendants : {false, true}) {
    for (const std::string& id :
         std::vector<std::string>{"'; DROP TABLE x; --", "%", std::string(256 << 10, 'x')}) {
      absl::StatusOr<std::vector<Report>> page =
          app_.ListReports(ReportListFilter{0, id, descendants, std::nullopt}, "", 10);
      ASSERT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument) << page.status();
      EXPECT_TRUE(absl::StartsWith(page.status().message(), "department_id '")) << page.status();
    }
  }
  // A well-formed id of a unit with no report is an empty page.
  absl::StatusOr<std::vector<Report>> none =
      app_.ListReports(ReportListFilter{0, "no-such-unit", false, std::nullopt}, "", 10);
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_TRUE(none->empty());
}

// ---- CreateReport ----

TEST_F(ReportsAppTest, CreateReportAddressesTheGovernmentsFourRecipientsInOrder) {
  absl::StatusOr<Report> r = Create();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->id, "rpt-1");
  EXPECT_EQ(r->title, "济源市人民政府关于2021年度法治政府建设情况的报告");
  EXPECT_EQ(r->kind, ReportKind::kGovernment);
  EXPECT_EQ(r->issuer_name, "济源市人民政府");
  EXPECT_EQ(r->department_id, "jiyuan");
  EXPECT_EQ(r->year, 2021);
  EXPECT_EQ(r->state, ReportState::kDraft);
  EXPECT_EQ(r->version, 1);
  EXPECT_EQ(r->created_by, "jiyuan-sfj.clerk");
  EXPECT_THAT(Lines(r->recipients),
              ElementsAre("henan-sw | 中国共产党河南省委员会 | 省委 | party committee one level up",
                          "henan | 河南省人民政府 | 省人民政府 | government one level up",
                          "jiyuan-sw | 中国共产党济源市委员会 | 市委 | own party committee",
                          "jiyuan-rd | 济源市人民代表大会常务委员会 | 市人大常委会 | own people's "
                          "congress standing committee"));
  // The registry as it stood at the end of the year reported on.
  ASSERT_FALSE(units_.relation_asks.empty());
  for (const auto& [unit, day] : units_.relation_asks) {
    EXPECT_EQ(day, absl::CivilDay(2021, 12, 31)) << unit;
  }
  EXPECT_EQ(store_.creates, 1);
  ASSERT_EQ(store_.reports.count("rpt-1"), 1u);
  EXPECT_EQ(store_.reports.at("rpt-1").title, "济源市人民政府关于2021年度法治政府建设情况的报告");
}

TEST_F(ReportsAppTest, CreateReportCopiesTheTemplatesSections) {
  absl::StatusOr<Report> r = Create();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->template_id, "jiyuan-2021");
  const Template t = JiyuanTemplate();
  ASSERT_EQ(r->sections.size(), 5u);
  for (size_t i = 0; i < t.sections.size(); ++i) {
    EXPECT_EQ(r->sections[i].key, t.sections[i].key);
    EXPECT_EQ(r->sections[i].level, t.sections[i].level);
    EXPECT_EQ(r->sections[i].heading, t.sections[i].heading);
    EXPECT_EQ(r->sections[i].run_in, t.sections[i].run_in);
    EXPECT_EQ(r->sections[i].text, t.sections[i].default_text);
  }
  EXPECT_EQ(r->sections[2].text,
            "全年共收到行政复议申请{{reconsideration.received}}件，审结{{reconsideration.concluded}"
            "}件。");
}

TEST_F(ReportsAppTest, DepartmentReportGoesToCounterpartPartyCommitteeAndGovernment) {
  absl::StatusOr<Report> r = Create(kSthjj, "req-sthjj");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->title, "济源市生态环境局关于2021年度法治政府建设情况的报告");
  EXPECT_EQ(r->kind, ReportKind::kDepartment);
  EXPECT_THAT(Lines(r->recipients),
              ElementsAre("henan-sthjt | 河南省生态环境厅 | 省生态环境厅 | matching department "
                          "one level up",
                          "jiyuan-sw | 中国共产党济源市委员会 | 市委 | own party committee",
                          "jiyuan | 济源市人民政府 | 济源市 | own government"));
}

TEST_F(ReportsAppTest, RetryWithTheSameRequestIdReturnsTheFirstReportAndStoresNothing) {
  absl::StatusOr<Report> first = Create();
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<Report> again = Create();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->id, "rpt-1");
  EXPECT_EQ(again->version, 1);
  EXPECT_EQ(store_.creates, 1);
  EXPECT_EQ(store_.reports.size(), 1u);
}

TEST_F(ReportsAppTest, RequestIdReusedForAnotherUnitIsAlreadyExists) {
  ASSERT_TRUE(Create(kCity, "req-1").ok());
  absl::StatusOr<Report> other = Create(kSthjj, "req-1");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists) << other.status();
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("request_id"));
  EXPECT_EQ(store_.creates, 1);
}

TEST_F(ReportsAppTest, GovernmentWithoutASuperiorInTheRegistryIsFailedPrecondition) {
  absl::StatusOr<Report> r = Create(kJiaozuo, "req-jz");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  // The missing relation and how to set it, so an administrator can act on the message.
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("焦作市人民政府 has no superior government in the registry (relation "
                        "SUPERIOR); set it with DepartmentService.SetDepartmentRelation"));
  EXPECT_EQ(store_.creates, 0);
}

TEST_F(ReportsAppTest, YearInTheFutureIsInvalidArgument) {
  now_ = At(2022, 1, 10);
  absl::StatusOr<Report> r = Create(kCity, "req-2023", 2023);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  EXPECT_TRUE(absl::StartsWith(r.status().message(), "year:")) << r.status();
  EXPECT_EQ(store_.creates, 0);
}

TEST_F(ReportsAppTest, UnknownTemplateNamesTemplateId) {
  absl::StatusOr<Report> r = app_.CreateReport(Clerk(), kCity, 2021, "no-such-template", "req-1");
  EXPECT_TRUE(r.status().code() == absl::StatusCode::kNotFound ||
              r.status().code() == absl::StatusCode::kInvalidArgument)
      << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("template_id"));
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("no-such-template"));
  EXPECT_EQ(store_.creates, 0);
}

TEST_F(ReportsAppTest, TownOwesNoReport) {
  absl::StatusOr<Report> r = Create(kKejing, "req-kj");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("克井镇"));
  EXPECT_EQ(store_.creates, 0);
}

// ---- UpdateSection ----

TEST_F(ReportsAppTest, ValidTextIsSavedAndBumpsTheVersion) {
  absl::StatusOr<Report> r = Create();
  ASSERT_TRUE(r.ok()) << r.status();
  const std::string text = "全年审结行政复议案件{{reconsideration.concluded}}件，纠错率明显提升。";
  absl::StatusOr<Report> saved =
      app_.UpdateSection(Clerk(), "rpt-1", "work.reconsideration", text, 1);
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->version, 2);
  EXPECT_EQ(store_.saves, 1);
  EXPECT_THAT(store_.save_actions, ElementsAre("update_section"));
  const Report& stored = store_.reports.at("rpt-1");
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(stored.sections[2].text, text);
  // The other sections keep the template's text.
  EXPECT_EQ(stored.sections[3].text,
            "市生态环境局作出行政处罚决定{{cases.penalty_decisions@jiyuan-sthjj | approx}}起。");
}

TEST_F(ReportsAppTest, TextOfExactly64KiBIsAccepted) {
  ASSERT_TRUE(Create().ok());
  absl::StatusOr<Report> saved =
      app_.UpdateSection(Clerk(), "rpt-1", "work.reconsideration", std::string(65536, 'a'), 1);
  EXPECT_TRUE(saved.ok()) << saved.status();
}

TEST_F(ReportsAppTest, RefusedTextsNameTheSectionAndWriteNothing) {
  ASSERT_TRUE(Create().ok());
  const Report before = store_.reports.at("rpt-1");
  struct Refused {
    std::string what;
    std::string text;
  };
  const std::vector<Refused> cases = {
      {"unknown format", "审结{{reconsideration.concluded | bogus}}件"},
      {"indicator not in the catalogue", "撤回{{reconsideration.withdrawn}}件"},
      {"unparsable placeholder", "审结{{ reconsideration.concluded + }}件"},
      {"invalid UTF-8", "审结\xff\xfe件"},
      {"over 64 KiB", std::string(65537, 'a')},
  };
  for (const Refused& c : cases) {
    SCOPED_TRACE(c.what);
    absl::StatusOr<Report> r =
        app_.UpdateSection(Clerk(), "rpt-1", "work.reconsideration", c.text, 1);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
    EXPECT_THAT(std::string(r.status().message()), HasSubstr("work.reconsideration"));
    EXPECT_EQ(store_.saves, 0);
    EXPECT_EQ(store_.reports.at("rpt-1").version, 1);
    EXPECT_EQ(store_.reports.at("rpt-1").sections[2].text, before.sections[2].text);
  }
}

TEST_F(ReportsAppTest, StaleVersionIsAborted) {
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.UpdateSection(Clerk(), "rpt-1", "opening", "第一稿。", 1).ok());
  absl::StatusOr<Report> stale = app_.UpdateSection(Clerk(), "rpt-1", "opening", "第二稿。", 1);
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted) << stale.status();
  EXPECT_EQ(store_.saves, 1);
  EXPECT_EQ(store_.reports.at("rpt-1").sections[0].text, "第一稿。");
}

TEST_F(ReportsAppTest, ReportInReviewIsNotEdited) {
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.SubmitForReview(Clerk(), "rpt-1", 1).ok());
  absl::StatusOr<Report> r = app_.UpdateSection(Clerk(), "rpt-1", "opening", "改一句。", 2);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("in review"));
  EXPECT_EQ(store_.saves, 1);  // the submission for review only
}

// ---- Resolution and preview ----

TEST_F(ReportsAppTest, PreviewFillsThePlaceholdersFromTheFigures) {
  ASSERT_TRUE(Create().ok());
  absl::StatusOr<Rendering> preview = app_.Preview("rpt-1", RenderFormat::kText);
  ASSERT_TRUE(preview.ok()) << preview.status();
  const std::string& text = preview->content;
  EXPECT_THAT(text, HasSubstr("济源市人民政府关于2021年度法治政府建设情况的报告"));
  EXPECT_THAT(text, HasSubstr("省委、省人民政府、市委、市人大常委会:"));
  EXPECT_THAT(
      text, HasSubstr("2021年，济源市人民政府坚持以习近平法治思想为指导，全面推进法治政府建设。"));
  EXPECT_THAT(text, HasSubstr("一、2021年法治政府建设工作情况"));
  EXPECT_THAT(text,
              HasSubstr("(一)发挥行政复议主渠道作用。全年共收到行政复议申请159件，审结145件。"));
  EXPECT_THAT(text, HasSubstr("(二)严格规范公正文明执法。市生态环境局作出行政处罚决定近200起。"));
  EXPECT_THAT(text, HasSubstr("诉前调解成功2057件，33.4%的案件纠纷实现有效分流化解。"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("{{")));
}

TEST_F(ReportsAppTest, FigureListKeepsExactValuesAndNamedInputs) {
  ASSERT_TRUE(Create().ok());
  absl::StatusOr<Rendering> preview = app_.Preview("rpt-1", RenderFormat::kHtml);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_THAT(
      Lines(preview->figures),
      ElementsAre(
          "work.reconsideration | {{reconsideration.received}} | 159 | 159/1 | count | "
          "reconsideration.received@jiyuan=159",
          "work.reconsideration | {{reconsideration.concluded}} | 145 | 145/1 | count | "
          "reconsideration.concluded@jiyuan=145",
          "work.enforcement | {{cases.penalty_decisions@jiyuan-sthjj | approx}} | 近200 | 198/1 | "
          "approx | cases.penalty_decisions@jiyuan-sthjj=198",
          "work.mediation | {{mediation.court_referred_successful}} | 2057 | 2057/1 | count | "
          "mediation.court_referred_successful@jiyuan=2057",
          "work.mediation | {{ mediation.court_referred_successful / mediation.court_referred | "
          "percent }} | 33.4% | 2057/6157 | percent | "
          "mediation.court_referred_successful@jiyuan=2057, mediation.court_referred@jiyuan=6157"));
}

TEST_F(ReportsAppTest, FiguresAreFetchedInOneBatchPerService) {
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.Preview("rpt-1", RenderFormat::kMarkdown).ok());
  // Four indicators in one call; the case figures of one unit in one call.
  EXPECT_EQ(figures_.indicator_value_calls, 1);
  EXPECT_EQ(figures_.case_figure_calls, 1);
  EXPECT_THAT(figures_.years_asked, ElementsAre(2021, 2021));
}

TEST_F(ReportsAppTest, MissingFigureIsAPlaceholderProblemNotAFailure) {
  ASSERT_TRUE(Create().ok());
  figures_.indicator_values.erase("reconsideration.received@jiyuan");
  absl::StatusOr<ConsistencyCheck> check = app_.Check("rpt-1", absl::CivilDay(2022, 2, 20));
  ASSERT_TRUE(check.ok()) << check.status();
  ASSERT_EQ(check->problems.size(), 1u);
  EXPECT_EQ(check->problems[0].section_key, "work.reconsideration");
  EXPECT_EQ(check->problems[0].placeholder, "{{reconsideration.received}}");
  EXPECT_THAT(check->problems[0].message, HasSubstr("reconsideration.received"));
  EXPECT_FALSE(check->ready());
  // The preview still renders, with the placeholder kept as written and the others filled.
  absl::StatusOr<Rendering> preview = app_.Preview("rpt-1", RenderFormat::kText);
  ASSERT_TRUE(preview.ok()) << preview.status();
  EXPECT_THAT(preview->content,
              HasSubstr("全年共收到行政复议申请{{reconsideration.received}}件，审结145件。"));
}

// ---- Review ----

TEST_F(ReportsAppTest, ApproveWaitsUntilTheViolationIsAcknowledged) {
  figures_.violations = {
      {"R-017", "调解成功数不超过受理数", kCity,
       "mediation.court_referred_successful 2057 > mediation.court_referred 2000"}};
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.SubmitForReview(Clerk(), "rpt-1", 1).ok());
  absl::StatusOr<Report> refused = app_.Approve(Clerk(), "rpt-1", 2);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("R-017"));
  EXPECT_THAT(
      std::string(refused.status().message()),
      HasSubstr("mediation.court_referred_successful 2057 > mediation.court_referred 2000"));
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kInReview);

  absl::StatusOr<Report> acknowledged = app_.AcknowledgeViolation(
      Clerk(), "rpt-1", "R-017", kCity, "法院口径含上年结转案件，已核实", 2);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  ASSERT_EQ(acknowledged->acknowledgements.size(), 1u);
  EXPECT_EQ(acknowledged->acknowledgements[0].message,
            "mediation.court_referred_successful 2057 > mediation.court_referred 2000");
  EXPECT_EQ(acknowledged->acknowledgements[0].reason, "法院口径含上年结转案件，已核实");

  absl::StatusOr<Report> approved = app_.Approve(Clerk(), "rpt-1", 3);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state, ReportState::kApproved);
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kApproved);
}

TEST_F(ReportsAppTest, ApproveRefusesWhileAFigureIsMissing) {
  figures_.indicator_values.erase("reconsideration.received@jiyuan");
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.SubmitForReview(Clerk(), "rpt-1", 1).ok());
  absl::StatusOr<Report> refused = app_.Approve(Clerk(), "rpt-1", 2);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition) << refused.status();
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("work.reconsideration"));
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("reconsideration.received"));
}

TEST_F(ReportsAppTest, AcknowledgingAViolationThatDoesNotExistIsFailedPrecondition) {
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.SubmitForReview(Clerk(), "rpt-1", 1).ok());
  absl::StatusOr<Report> r =
      app_.AcknowledgeViolation(Clerk(), "rpt-1", "R-099", kCity, "无此问题", 2);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition) << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("R-099"));
  EXPECT_EQ(store_.saves, 1);
}

TEST_F(ReportsAppTest, ReturnToDraftNeedsAReason) {
  ASSERT_TRUE(Create().ok());
  ASSERT_TRUE(app_.SubmitForReview(Clerk(), "rpt-1", 1).ok());
  absl::StatusOr<Report> r = app_.ReturnToDraft(Clerk(), "rpt-1", "", 2);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("reason"));
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kInReview);
  r = app_.ReturnToDraft(Clerk(), "rpt-1", "第三部分缺少主要负责人履职情况", 2);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->state, ReportState::kDraft);
  EXPECT_EQ(r->version, 3);
}

// ---- Submission ----

TEST_F(ReportsAppTest, SubmissionMustNameEveryRequiredRecipient) {
  absl::StatusOr<Report> r = Approved();
  ASSERT_TRUE(r.ok()) << r.status();
  const int saves = store_.saves;
  const absl::CivilDay sent(2022, 2, 28);
  absl::StatusOr<Report> submitted = app_.Submit(Clerk(), "rpt-1",
                                                 {{kProvinceParty, sent, "济政〔2022〕8号"},
                                                  {kProvince, sent, "济政〔2022〕8号"},
                                                  {kCityParty, sent, "济政〔2022〕8号"}},
                                                 r->version);
  EXPECT_EQ(submitted.status().code(), absl::StatusCode::kInvalidArgument) << submitted.status();
  EXPECT_THAT(std::string(submitted.status().message()), HasSubstr("济源市人民代表大会常务委员会"));
  EXPECT_EQ(store_.saves, saves);
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kApproved);
}

TEST_F(ReportsAppTest, SubmissionDatesFallAfterTheYearAndNotAfterToday) {
  now_ = At(2022, 3, 1);
  absl::StatusOr<Report> r = Approved();
  ASSERT_TRUE(r.ok()) << r.status();
  const int saves = store_.saves;

  std::vector<DeliveryInput> deliveries = AllFour(absl::CivilDay(2022, 2, 28));
  deliveries[2].submitted_on = absl::CivilDay(2021, 12, 31);
  absl::StatusOr<Report> early = app_.Submit(Clerk(), "rpt-1", deliveries, r->version);
  EXPECT_EQ(early.status().code(), absl::StatusCode::kInvalidArgument) << early.status();
  EXPECT_TRUE(absl::StartsWith(early.status().message(), "deliveries[2].submitted_on"))
      << early.status();

  deliveries = AllFour(absl::CivilDay(2022, 2, 28));
  deliveries[1].submitted_on = absl::CivilDay(2022, 3, 2);
  absl::StatusOr<Report> future = app_.Submit(Clerk(), "rpt-1", deliveries, r->version);
  EXPECT_EQ(future.status().code(), absl::StatusCode::kInvalidArgument) << future.status();
  EXPECT_TRUE(absl::StartsWith(future.status().message(), "deliveries[1].submitted_on"))
      << future.status();

  EXPECT_EQ(store_.saves, saves);
}

TEST_F(ReportsAppTest, IssueDateIsTheLatestDelivery) {
  absl::StatusOr<Report> r = Approved();
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<Report> submitted =
      app_.Submit(Clerk(), "rpt-1",
                  {{kProvinceParty, absl::CivilDay(2022, 2, 25), "济政〔2022〕8号"},
                   {kProvince, absl::CivilDay(2022, 2, 28), "济政〔2022〕8号"},
                   {kCityParty, absl::CivilDay(2022, 2, 26), "济政〔2022〕9号"},
                   {kCityCongress, absl::CivilDay(2022, 2, 27), "济政〔2022〕10号"}},
                  r->version);
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  EXPECT_EQ(submitted->state, ReportState::kSubmitted);
  ASSERT_TRUE(submitted->issue_date.has_value());
  EXPECT_EQ(*submitted->issue_date, absl::CivilDay(2022, 2, 28));
  const Report& stored = store_.reports.at("rpt-1");
  ASSERT_EQ(stored.recipients.size(), 4u);
  EXPECT_EQ(stored.recipients[2].submitted_on, absl::CivilDay(2022, 2, 26));
  EXPECT_EQ(stored.recipients[3].document_number, "济政〔2022〕10号");
}

// ---- Publication ----

TEST_F(ReportsAppTest, RefusedPublicationsLockNothingAndPublishNothing) {
  absl::StatusOr<Report> r = Submitted(absl::CivilDay(2022, 2, 28));
  ASSERT_TRUE(r.ok()) << r.status();

  absl::StatusOr<PublishedVersion> none = app_.Publish(Clerk(), "rpt-1", {}, r->version);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument) << none.status();
  EXPECT_THAT(std::string(none.status().message()), HasSubstr("channels"));

  Channel no_url = Portal(absl::CivilDay(2022, 3, 30));
  no_url.url = "www.jiyuan.gov.cn/zwgk/fzzfjs/2021.html";
  absl::StatusOr<PublishedVersion> bad_url = app_.Publish(
      Clerk(), "rpt-1",
      {Channel{ChannelKind::kNewspaper, "济源日报", absl::CivilDay(2022, 3, 30), ""}, no_url},
      r->version);
  EXPECT_EQ(bad_url.status().code(), absl::StatusCode::kInvalidArgument) << bad_url.status();
  EXPECT_THAT(std::string(bad_url.status().message()), HasSubstr("channels[1].url"));

  absl::StatusOr<PublishedVersion> before_sent =
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 2, 27))}, r->version);
  EXPECT_EQ(before_sent.status().code(), absl::StatusCode::kInvalidArgument)
      << before_sent.status();
  EXPECT_THAT(std::string(before_sent.status().message()), HasSubstr("channels[0].published_on"));

  EXPECT_THAT(figures_.locks, IsEmpty());
  EXPECT_THAT(store_.published, IsEmpty());
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kSubmitted);
}

TEST_F(ReportsAppTest, PublishLocksTheYearOnceBeforeStoringTheVersion) {
  absl::StatusOr<Report> r = Submitted();
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<PublishedVersion> v =
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 3, 30))}, r->version);
  ASSERT_TRUE(v.ok()) << v.status();
  ASSERT_EQ(figures_.locks.size(), 1u);
  EXPECT_EQ(std::get<0>(figures_.locks[0]), 2021);
  EXPECT_EQ(std::get<1>(figures_.locks[0]), "jiyuan");
  EXPECT_EQ(std::get<2>(figures_.locks[0]),
            "《济源市人民政府关于2021年度法治政府建设情况的报告》第1版已公开发布");
  auto lock = std::find(journal_.begin(), journal_.end(), "LockYear 2021 jiyuan");
  auto publish = std::find(journal_.begin(), journal_.end(), "Publish rpt-1 v1");
  ASSERT_NE(lock, journal_.end());
  ASSERT_NE(publish, journal_.end());
  EXPECT_LT(lock - journal_.begin(), publish - journal_.begin());
}

TEST_F(ReportsAppTest, FailedLockPublishesNothing) {
  absl::StatusOr<Report> r = Submitted();
  ASSERT_TRUE(r.ok()) << r.status();
  figures_.lock_status = absl::UnavailableError("statistics service: connection refused");
  absl::StatusOr<PublishedVersion> v =
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 3, 30))}, r->version);
  EXPECT_EQ(v.status().code(), absl::StatusCode::kUnavailable) << v.status();
  EXPECT_THAT(store_.published, IsEmpty());
  EXPECT_EQ(store_.publishes, 0);
  EXPECT_EQ(store_.reports.at("rpt-1").state, ReportState::kSubmitted);
  EXPECT_EQ(store_.reports.at("rpt-1").published_version, 0);
  EXPECT_EQ(app_.GetPublished("rpt-1", "", 0, 0).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(ReportsAppTest, PublishedVersionHashesItsContent) {
  absl::StatusOr<Report> r = Submitted(absl::CivilDay(2022, 2, 28));
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<PublishedVersion> v =
      app_.Publish(Clerk(), "rpt-1",
                   {Channel{ChannelKind::kNewspaper, "济源日报", absl::CivilDay(2022, 3, 31), ""},
                    Portal(absl::CivilDay(2022, 3, 30))},
                   r->version);
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(v->version, 1);
  EXPECT_EQ(v->publication_date, absl::CivilDay(2022, 3, 30));
  EXPECT_EQ(v->title, "济源市人民政府关于2021年度法治政府建设情况的报告");
  EXPECT_EQ(v->published_by, "jiyuan-sfj.clerk");
  EXPECT_THAT(v->text, HasSubstr("审结145件"));
  EXPECT_THAT(v->text, HasSubstr("济源市人民政府\n2022年2月28日"));
  EXPECT_THAT(v->html, HasSubstr("审结145件"));
  EXPECT_THAT(v->markdown, HasSubstr("审结145件"));
  EXPECT_EQ(v->html_sha256, Sha256Hex(v->html));
  EXPECT_EQ(v->markdown_sha256, Sha256Hex(v->markdown));
  EXPECT_EQ(v->text_sha256, Sha256Hex(v->text));
  EXPECT_EQ(v->text_sha256.size(), 64u);
  EXPECT_THAT(v->changes, IsEmpty());
  EXPECT_EQ(v->figures.size(), 5u);

  const Report& stored = store_.reports.at("rpt-1");
  EXPECT_EQ(stored.state, ReportState::kPublished);
  EXPECT_EQ(stored.published_version, 1);
  absl::StatusOr<PublishedVersion> read = app_.GetPublished("", kCity, 2021, 0);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->text_sha256, v->text_sha256);
}

TEST_F(ReportsAppTest, CorrectionPublishesVersion2WithItsChangesAndKeepsVersion1) {
  absl::StatusOr<Report> r = Submitted(absl::CivilDay(2022, 2, 28));
  ASSERT_TRUE(r.ok()) << r.status();
  absl::StatusOr<PublishedVersion> v1 =
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 3, 30))}, r->version);
  ASSERT_TRUE(v1.ok()) << v1.status();
  const PublishedVersion first = *v1;

  // A late return from a unit moves one figure; the clerk also rewrites one section's prose.
  figures_.indicator_values["reconsideration.concluded@jiyuan"] = 146;
  now_ = At(2022, 4, 15);
  const std::string reason = "补报1件行政复议审结案件，并补充执法公示情况";
  absl::StatusOr<Report> c = app_.StartCorrection(Clerk(), "rpt-1", reason, r->version + 1);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->state, ReportState::kDraft);
  c = app_.UpdateSection(Clerk(), "rpt-1", "work.enforcement",
                         "市生态环境局作出行政处罚决定{{cases.penalty_decisions@jiyuan-sthjj | "
                         "approx}}起，全部按期公示。",
                         c->version);
  ASSERT_TRUE(c.ok()) << c.status();
  c = app_.SubmitForReview(Clerk(), "rpt-1", c->version);
  ASSERT_TRUE(c.ok()) << c.status();
  c = app_.Approve(Clerk(), "rpt-1", c->version);
  ASSERT_TRUE(c.ok()) << c.status();
  // A correction was submitted with the first version; it is not submitted again.
  EXPECT_EQ(app_.Submit(Clerk(), "rpt-1", AllFour(absl::CivilDay(2022, 4, 15)), c->version)
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
  absl::StatusOr<PublishedVersion> v2 =
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 4, 15))}, c->version);
  ASSERT_TRUE(v2.ok()) << v2.status();

  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->correction_reason, reason);
  EXPECT_THAT(v2->text, HasSubstr(reason));
  EXPECT_THAT(v2->text, HasSubstr("审结146件"));
  // Exactly two changes: the figure whose value changed, and the prose the clerk rewrote, each
  // with what it printed before. The figure's section is not also listed as changed prose.
  const std::vector<std::string> changes = Lines(v2->changes);
  EXPECT_THAT(changes, ::testing::UnorderedElementsAre(
                           "work.reconsideration | {{reconsideration.concluded}} | 145 | 146",
                           "work.enforcement |  | 市生态环境局作出行政处罚决定近200起。 | "
                           "市生态环境局作出行政处罚决定近200起，全部按期公示。"));
  // The year is locked again for the version that prints the new figure.
  EXPECT_EQ(figures_.locks.size(), 2u);

  // Version 1 reads byte for byte as it was published.
  absl::StatusOr<PublishedVersion> read1 = app_.GetPublished("rpt-1", "", 0, 1);
  ASSERT_TRUE(read1.ok()) << read1.status();
  EXPECT_EQ(read1->text, first.text);
  EXPECT_EQ(read1->html, first.html);
  EXPECT_EQ(read1->text_sha256, first.text_sha256);
  EXPECT_EQ(read1->correction_reason, "");
  EXPECT_THAT(read1->text, HasSubstr("审结145件"));
  EXPECT_THAT(Lines(read1->figures),
              ::testing::Contains("work.reconsideration | {{reconsideration.concluded}} | "
                                  "145 | 145/1 | count | reconsideration.concluded@jiyuan=145"));
  absl::StatusOr<PublishedVersion> latest = app_.GetPublished("rpt-1", "", 0, 0);
  ASSERT_TRUE(latest.ok()) << latest.status();
  EXPECT_EQ(latest->version, 2);
}

// ---- Compliance ----

TEST_F(ReportsAppTest, ComplianceOfTheCitysSubtree) {
  // 济源市人民政府 sent its report on 28 March and published it on 30 March, as the seed report
  // was; its two law-enforcement departments have no report; the town owes none.
  absl::StatusOr<Report> r = Submitted(absl::CivilDay(2022, 3, 28));
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_TRUE(
      app_.Publish(Clerk(), "rpt-1", {Portal(absl::CivilDay(2022, 3, 30))}, r->version).ok());

  absl::StatusOr<ComplianceSummary> s = app_.Compliance(2021, kCity, absl::CivilDay(2022, 4, 2));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->submission_due, absl::CivilDay(2022, 3, 1));
  EXPECT_EQ(s->publication_due, absl::CivilDay(2022, 4, 1));
  EXPECT_EQ(s->totals.owed, 3);
  EXPECT_EQ(s->totals.submitted, 1);
  EXPECT_EQ(s->totals.submitted_late, 1);
  EXPECT_EQ(s->totals.published, 1);
  EXPECT_EQ(s->totals.published_late, 0);
  EXPECT_EQ(s->totals.missing_submission, 2);
  EXPECT_EQ(s->totals.overdue_submission, 2);
  EXPECT_EQ(s->totals.missing_publication, 2);
  EXPECT_EQ(s->totals.overdue_publication, 2);
  ASSERT_EQ(s->units.size(), 3u);

  const UnitCompliance& city = s->units[0];
  EXPECT_EQ(city.department_id, "jiyuan");
  EXPECT_EQ(city.report_id, "rpt-1");
  EXPECT_EQ(city.submission.status, DeadlineStatus::kLate);
  EXPECT_EQ(city.submission.done_on, absl::CivilDay(2022, 3, 28));
  EXPECT_EQ(city.submission.days_late, 27);
  EXPECT_EQ(city.publication.status, DeadlineStatus::kOnTime);
  EXPECT_EQ(city.publication.done_on, absl::CivilDay(2022, 3, 30));
  EXPECT_EQ(city.publication.days_late, -2);
  EXPECT_THAT(city.missing, IsEmpty());

  EXPECT_EQ(s->units[1].department_id, "jiyuan-sthjj");
  const UnitCompliance& sfj = s->units[2];
  EXPECT_EQ(sfj.department_id, "jiyuan-sfj");
  EXPECT_EQ(sfj.name, "济源市司法局");
  EXPECT_EQ(sfj.report_id, "");
  EXPECT_EQ(sfj.submission.status, DeadlineStatus::kMissingOverdue);
  EXPECT_EQ(sfj.submission.days_late, 32);
  EXPECT_EQ(sfj.publication.status, DeadlineStatus::kMissingOverdue);
  EXPECT_EQ(sfj.publication.days_late, 1);
  EXPECT_THAT(sfj.missing, ElementsAre("submission", "publication"));
}

TEST_F(ReportsAppTest, ComplianceReadsEveryPageOfReports) {
  // More reports than one page of the store (500): 600 departments, each with a draft.
  for (int i = 0; i < 600; ++i) {
    std::string id = absl::StrCat("jiyuan-dept-", 1000 + i);
    units_.Add(
        MakeUnit(id, absl::StrCat("济源市第", i + 1, "执法局"), "", kDepartment, 2, kCity, true));
    Report report;
    report.id = absl::StrCat("rpt-d", 1000 + i);
    report.department_id = id;
    report.year = 2021;
    report.kind = ReportKind::kDepartment;
    report.version = 1;
    store_.reports[report.id] = report;
  }
  absl::StatusOr<ComplianceSummary> s = app_.Compliance(2021, kCity, absl::CivilDay(2022, 4, 2));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->totals.owed, 603);
  int with_report = 0;
  for (const UnitCompliance& u : s->units) {
    if (!u.report_id.empty()) ++with_report;
  }
  EXPECT_EQ(with_report, 600);
  EXPECT_EQ(store_.list_report_calls, 2);
}

}  // namespace
}  // namespace fazhi::reports

namespace fazhi::reports {
namespace {

// A template is checked whole before it is stored: a heading whose placeholder does not parse and
// definitions that form a cycle are refused naming the place, and nothing is stored.
TEST_F(ReportsAppTest, BrokenTemplatesAreRefusedNamingThePlace) {
  Template t;
  t.id = "broken";
  t.name = "有问题的模板";
  t.sections = {{"opening", 0, "", false, "", ""},
                {"measures", 1, "{{year}}年度主要举措和{{ nothing", false, "", ""}};
  absl::StatusOr<Template> bad_heading = app_.CreateTemplate(Clerk(), t);
  EXPECT_EQ(bad_heading.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      absl::StartsWith(bad_heading.status().message(), "template.sections[1].heading (measures): "))
      << bad_heading.status();

  t.sections[1].heading = "{{year}}年度主要举措";
  t.definitions = {{"a", "$b + 1"}, {"b", "$a"}};
  absl::StatusOr<Template> cycle = app_.CreateTemplate(Clerk(), t);
  EXPECT_EQ(cycle.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(cycle.status().message(), "template.definitions: "))
      << cycle.status();
  EXPECT_EQ(store_.templates.count("broken"), 0u);
}

}  // namespace
}  // namespace fazhi::reports

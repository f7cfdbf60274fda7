#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/reports/domain/figure.h"
#include "services/reports/domain/placeholder.h"

namespace fazhi::reports {
namespace {

FigureRef Indicator(std::string code, std::string unit = "") {
  return FigureRef{FigureRef::Source::kIndicator, std::move(code), std::move(unit)};
}
FigureRef Cases(std::string field, std::string unit = "") {
  return FigureRef{FigureRef::Source::kCases, std::move(field), std::move(unit)};
}

// The Jiyuan 2021 figures as the statistics and cases services would return them.
std::map<FigureRef, FigureValue> SeedFigures() {
  std::map<FigureRef, FigureValue> f;
  auto set = [&f](FigureRef ref, int64_t value) { f[std::move(ref)] = FigureValue{true, value}; };
  set(Indicator("reconsideration.received"), 159);
  set(Indicator("reconsideration.concluded"), 145);
  set(Indicator("reconsideration.upheld"), 55);
  set(Indicator("reconsideration.corrected"), 32);
  set(Indicator("reconsideration.mediated"), 44);
  set(Indicator("reconsideration.not_accepted"), 9);
  set(Indicator("mediation.court_referred"), 6157);
  set(Indicator("mediation.court_referred_successful"), 2057);
  set(Indicator("mediation.court_referred_rate_bp"), 3370);
  set(Indicator("mediation.disputes"), 10067);
  set(Indicator("mediation.successful"), 9966);
  set(Indicator("mediation.success_rate_bp"), 9900);
  set(Indicator("audit.irregular_funds_fen"), 187300000000);
  set(Indicator("audit.remitted_to_treasury_fen"), 1591470000);
  set(Indicator("audit.returned_to_source_fen"), 1929350000);
  set(Indicator("credit.records_collected"), 228000);
  set(Indicator("government_service.time_limit_cut_bp"), 8500);
  set(Indicator("inspection.results_public_bp"), 10000);
  set(Indicator("power_list.units_adjusted"), 17);
  set(Indicator("power_list.items_adjusted"), 736);
  set(Indicator("epidemic.health_code_scans"), 16807345);
  set(Indicator("legality_review.executive_meeting_topics"), 177);
  set(Indicator("legality_review.director_meeting_topics"), 35);
  set(Indicator("legality_review.documents"), 85);
  set(Indicator("legality_review.other_matters"), 67);
  set(Cases("cases_filed", "jiyuan-sthjj"), 206);
  set(Cases("penalty_decisions", "jiyuan-sthjj"), 198);
  set(Cases("fines_imposed_fen", "jiyuan-sthjj"), 1522180000);
  set(Cases("fines_collected_fen", "jiyuan-sthjj"), 503412300);
  set(Cases("seizures", "jiyuan-sthjj"), 12);
  set(Cases("transfers_police_detention", "jiyuan-sthjj"), 17);
  set(Cases("transfers_police_criminal", "jiyuan-sthjj"), 5);
  set(Cases("reconsiderations_received"), 159);
  // Reported as "no figure" by the statistics service: nothing on file for 司法局 alone.
  f[Indicator("reconsideration.received", "jiyuan-sfj")] = FigureValue{};
  return f;
}

TextVariables Jiyuan2021() { return TextVariables{2021, "济源市人民政府", "济源市"}; }

FigureDefinitions SeedDefinitions() {
  absl::StatusOr<FigureDefinitions> d = FigureDefinitions::Parse({
      {"reconsideration_outcomes",
       "reconsideration.upheld + reconsideration.corrected + reconsideration.mediated + "
       "reconsideration.not_accepted"},
      {"referred_rate", "mediation.court_referred_successful / mediation.court_referred"},
      {"legality_reviews",
       "$meeting_topics + legality_review.documents + legality_review.other_matters"},
      {"meeting_topics",
       "legality_review.executive_meeting_topics + legality_review.director_meeting_topics"},
  });
  EXPECT_TRUE(d.ok()) << d.status();
  return d.ok() ? *std::move(d) : FigureDefinitions();
}

absl::StatusOr<RenderedText> Render(absl::string_view text,
                                    const FigureDefinitions& definitions = SeedDefinitions(),
                                    const std::map<FigureRef, FigureValue>& figures = SeedFigures(),
                                    const TextVariables& variables = Jiyuan2021()) {
  absl::StatusOr<ParsedText> parsed = ParseText(text, definitions);
  if (!parsed.ok()) return parsed.status();
  return EvaluateText(*parsed, figures, variables);
}

std::string Rendered(absl::string_view text) {
  absl::StatusOr<RenderedText> r = Render(text);
  return r.ok() ? r->text : absl::StrCat("ERROR: ", r.status().message());
}

// The message of a text that fails to parse or to evaluate.
std::string ErrorOf(absl::string_view text,
                    const FigureDefinitions& definitions = SeedDefinitions(),
                    const std::map<FigureRef, FigureValue>& figures = SeedFigures()) {
  absl::StatusOr<RenderedText> r = Render(text, definitions, figures);
  if (r.ok()) return "OK: " + r->text;
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  return std::string(r.status().message());
}

// ---- Figure references.

TEST(FigureRefTest, PrintsAndParsesAsPlaceholdersWriteIt) {
  EXPECT_EQ(Indicator("reconsideration.received").ToString(), "reconsideration.received");
  EXPECT_EQ(Cases("penalty_decisions", "jiyuan-sthjj").ToString(),
            "cases.penalty_decisions@jiyuan-sthjj");
  for (const char* text : {"reconsideration.received", "reconsideration.received@jiyuan",
                           "cases.penalty_decisions@jiyuan-sthjj", "cases.court_appearances",
                           "audit.remitted_to_treasury_fen", "mediation.court_referred_rate_bp"}) {
    absl::StatusOr<FigureRef> ref = ParseFigureRef(text);
    ASSERT_TRUE(ref.ok()) << text << ": " << ref.status();
    EXPECT_EQ(ref->ToString(), text);
  }
  EXPECT_EQ(*ParseFigureRef("cases.seizures@jiyuan-sthjj"), Cases("seizures", "jiyuan-sthjj"));
  EXPECT_EQ(ParseFigureRef("cases.penalties").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(ParseFigureRef("received").ok());  // no area
  EXPECT_FALSE(ParseFigureRef("reconsideration..received").ok());
  EXPECT_FALSE(ParseFigureRef("reconsideration.received@").ok());
  EXPECT_FALSE(ParseFigureRef("reconsideration.received@Jiyuan").ok());
  EXPECT_EQ(CaseFigureFields().size(), 26u);
  EXPECT_TRUE(IsCaseFigureField("reconsiderations_terminated"));
}

TEST(FigureRefTest, OrdersSoItCanKeyAMap) {
  std::map<FigureRef, int> m;
  m[Indicator("b.x")] = 1;
  m[Indicator("a.x")] = 2;
  m[Indicator("a.x", "jiyuan")] = 3;
  m[Cases("decisions")] = 4;
  m[Indicator("a.x")] = 5;
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m.begin()->first, Indicator("a.x"));
  EXPECT_EQ(m.begin()->second, 5);
  EXPECT_EQ(m.rbegin()->first, Cases("decisions"));  // indicators first
  EXPECT_NE(Indicator("a.x"), Indicator("a.x", "jiyuan"));
}

// ---- Rendering the seed's own paragraphs.

TEST(PlaceholderTest, RendersTheReconsiderationParagraph) {
  absl::StatusOr<RenderedText> r = Render(
      "共审理行政复议案件{{ reconsideration.received }}件,审结{{ reconsideration.concluded }}件,"
      "其中维持{{reconsideration.upheld}}件、直接纠错{{ reconsideration.corrected }}件、"
      "协调解决{{ reconsideration.mediated }}件、不予受理{{ reconsideration.not_accepted }}件。"
      "\n结果合计{{ $reconsideration_outcomes }}件,差{{ reconsideration.concluded - "
      "$reconsideration_outcomes }}件。");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text,
            "共审理行政复议案件159件,审结145件,其中维持55件、直接纠错32件、协调解决44件、"
            "不予受理9件。\n结果合计140件,差5件。");
  ASSERT_EQ(r->figures.size(), 8u);
  // 145 = 55 + 32 + 44 + 9 + … does not add up; the exact inputs are kept beside the text.
  const ResolvedFigure& sum = r->figures[6];
  EXPECT_EQ(sum.placeholder, "{{ $reconsideration_outcomes }}");
  EXPECT_EQ(sum.rendered, "140");
  EXPECT_EQ(sum.numerator, 140);
  EXPECT_EQ(sum.denominator, 1);
  EXPECT_EQ(sum.format, "count");
  EXPECT_EQ(sum.inputs, (std::vector<std::pair<FigureRef, int64_t>>{
                            {Indicator("reconsideration.upheld"), 55},
                            {Indicator("reconsideration.corrected"), 32},
                            {Indicator("reconsideration.mediated"), 44},
                            {Indicator("reconsideration.not_accepted"), 9}}));
  EXPECT_EQ(r->figures[7].numerator, 5);
  EXPECT_EQ(r->figures[7].inputs.size(), 5u);
}

TEST(PlaceholderTest, RendersTheEnvironmentParagraphFromCaseFiguresWithApproximations) {
  EXPECT_EQ(
      Rendered(
          "全年共立案查处环境违法行为{{ cases.cases_filed@jiyuan-sthjj | approx }}起,"
          "下达处罚决定{{ cases.penalty_decisions@jiyuan-sthjj | approx }}起,"
          "罚款金额{{ cases.fines_imposed_fen@jiyuan-sthjj | approx_wan_yuan }},"
          "已收缴罚款{{ cases.fines_collected_fen@jiyuan-sthjj | approx_wan_yuan }};"
          "实施查封扣押案件{{ cases.seizures@jiyuan-sthjj }}起;"
          "移送公安机关行政拘留案件{{ cases.transfers_police_detention@jiyuan-sthjj }}起;"
          "移送公安机关涉嫌污染环境犯罪案件{{cases.transfers_police_criminal@jiyuan-sthjj}}起。"),
      "全年共立案查处环境违法行为200余起,下达处罚决定近200起,罚款金额1500余万元,"
      "已收缴罚款500余万元;实施查封扣押案件12起;移送公安机关行政拘留案件17起;"
      "移送公安机关涉嫌污染环境犯罪案件5起。");
}

TEST(PlaceholderTest, RatiosAndStoredRatesPrintAsPercent) {
  absl::StatusOr<RenderedText> r = Render(
      "法院委派至各级调委会调解案件{{ mediation.court_referred }}件,调解成功 "
      "{{ mediation.court_referred_successful }}件,"
      "{{ mediation.court_referred_successful / mediation.court_referred }}的案件纠纷"
      "实现有效分流化解(报送的比率为{{ mediation.court_referred_rate_bp }})。");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text,
            "法院委派至各级调委会调解案件6157件,调解成功 2057件,33.4%的案件纠纷实现有效分流化解"
            "(报送的比率为33.7%)。");
  const ResolvedFigure& rate = r->figures[2];
  EXPECT_EQ(rate.numerator, 2057);
  EXPECT_EQ(rate.denominator, 6157);
  EXPECT_EQ(rate.format, "percent");
  EXPECT_EQ(rate.inputs.size(), 2u);
  EXPECT_EQ(r->figures[3].format, "percent");  // _bp: a stored rate
  EXPECT_EQ(r->figures[3].numerator, 3370);

  EXPECT_EQ(Rendered("调解成功率达到{{ mediation.success_rate_bp }};按件数为"
                     "{{ mediation.successful / mediation.disputes }}"),
            "调解成功率达到99.0%;按件数为99.0%");
  EXPECT_EQ(Rendered("压缩了{{ government_service.time_limit_cut_bp | percent0 }},"
                     "抽查结果{{ inspection.results_public_bp | percent0 }}向社会公示"),
            "压缩了85%,抽查结果100%向社会公示");
  // A denominator that is a sum, and a ratio definition standing alone.
  EXPECT_EQ(Rendered("{{ reconsideration.upheld / (reconsideration.upheld + "
                     "reconsideration.corrected + reconsideration.mediated + "
                     "reconsideration.not_accepted) }} {{ reconsideration.upheld / "
                     "$reconsideration_outcomes | percent0 }} {{ $referred_rate }} "
                     "{{ $referred_rate | percent0 }}"),
            "39.3% 39% 33.4% 33%");
}

TEST(PlaceholderTest, RendersMoneyAndTenThousands) {
  EXPECT_EQ(Rendered("查处违规和管理不规范资金{{ audit.irregular_funds_fen | yi_yuan }},"
                     "促进上缴财政资金{{ audit.remitted_to_treasury_fen | wan_yuan }},"
                     "归还原渠道资金{{ audit.returned_to_source_fen|wan_yuan }}。"),
            "查处违规和管理不规范资金18.73亿元,促进上缴财政资金1591.47万元,"
            "归还原渠道资金1929.35万元。");
  EXPECT_EQ(Rendered("归集涉企信息{{ credit.records_collected | wan }}条,累计扫码"
                     "{{ epidemic.health_code_scans | approx_wan }}人次"),
            "归集涉企信息22.8万条,累计扫码1680.7万余人次");
  EXPECT_EQ(Rendered("对{{ power_list.units_adjusted }}个单位的{{ power_list.items_adjusted }}"
                     "项权责事项进行了动态调整"),
            "对17个单位的736项权责事项进行了动态调整");
}

TEST(PlaceholderTest, DefaultFormatsFollowTheFigures) {
  // Stored rates alone or summed default to percent; money in 分 prints raw only when asked.
  EXPECT_EQ(Rendered("{{ mediation.success_rate_bp - mediation.court_referred_rate_bp }}"),
            "65.3%");
  EXPECT_EQ(Rendered("{{ mediation.success_rate_bp | count }}"), "9900");
  EXPECT_EQ(Rendered("{{ audit.remitted_to_treasury_fen | count }}"), "1591470000");
  EXPECT_EQ(Rendered("{{ audit.remitted_to_treasury_fen / audit.irregular_funds_fen }}"), "0.8%");
  EXPECT_EQ(Rendered("{{ cases.fines_collected_fen@jiyuan-sthjj / "
                     "cases.fines_imposed_fen@jiyuan-sthjj | percent0 }}"),
            "33%");
}

TEST(PlaceholderTest, BuiltInVariables) {
  absl::StatusOr<RenderedText> r = Render(
      "{{unit.name}}关于{{year}}年度法治政府建设情况的报告\n{{ year }}年,{{ unit.short_name }}"
      "…\n三、{{next_year}}年工作安排");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text,
            "济源市人民政府关于2021年度法治政府建设情况的报告\n2021年,济源市…\n三、2022年工作安排");
  ASSERT_EQ(r->figures.size(), 5u);
  EXPECT_EQ(r->figures[1].placeholder, "{{year}}");
  EXPECT_EQ(r->figures[1].numerator, 2021);
  EXPECT_EQ(r->figures[1].format, "");
  EXPECT_EQ(r->figures[4].numerator, 2022);
  EXPECT_TRUE(r->figures[4].inputs.empty());
}

TEST(PlaceholderTest, SumsWithParenthesesConstantsAndSubtraction) {
  EXPECT_EQ(Rendered("{{ reconsideration.received - (reconsideration.upheld + "
                     "reconsideration.corrected) }}"),
            "72");
  EXPECT_EQ(Rendered("{{ -reconsideration.upheld + 100 }}"), "45");
  EXPECT_EQ(Rendered("{{ 55 + 32 + 44 + 9 }}"), "140");
  EXPECT_EQ(Rendered("{{ reconsideration.received - (reconsideration.upheld - "
                     "(reconsideration.corrected - 2)) }}"),
            "134");
  // The seed's 共计406件 against its parts, through nested definitions.
  absl::StatusOr<RenderedText> r = Render("共计{{ $legality_reviews }}件");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text, "共计364件");
  EXPECT_EQ(r->figures[0].inputs.size(), 4u);
  // A figure used twice is one input.
  r = Render("{{ reconsideration.upheld + reconsideration.upheld - reconsideration.upheld }}");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text, "55");
  EXPECT_EQ(r->figures[0].inputs.size(), 1u);
  // A literal without placeholders passes through, line breaks and all.
  EXPECT_EQ(Rendered("二、存在的问题和不足\n一是…"), "二、存在的问题和不足\n一是…");
  EXPECT_EQ(Rendered(""), "");
}

TEST(PlaceholderTest, CollectsEveryFigureOnceForOneBatch) {
  absl::StatusOr<ParsedText> parsed = ParseText(
      "{{ reconsideration.received }}{{ $reconsideration_outcomes }}{{ $referred_rate }}"
      "{{ reconsideration.upheld@jiyuan-sfj }}{{ cases.seizures@jiyuan-sthjj }}"
      "{{ reconsideration.received }}{{year}}",
      SeedDefinitions());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->placeholder_count(), 7u);
  EXPECT_EQ(
      CollectFigures(*parsed),
      (std::vector<FigureRef>{
          Indicator("mediation.court_referred"), Indicator("mediation.court_referred_successful"),
          Indicator("reconsideration.corrected"), Indicator("reconsideration.mediated"),
          Indicator("reconsideration.not_accepted"), Indicator("reconsideration.received"),
          Indicator("reconsideration.upheld"), Indicator("reconsideration.upheld", "jiyuan-sfj"),
          Cases("seizures", "jiyuan-sthjj")}));
}

TEST(PlaceholderTest, RecordsWherePlaceholdersAreInCharacters) {
  absl::StatusOr<ParsedText> parsed =
      ParseText("第一段\n共审理{{ reconsideration.received }}件,审结{{year}}", SeedDefinitions());
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->segments.size(), 4u);
  const Placeholder& p = *parsed->segments[1].placeholder;
  EXPECT_EQ(p.line, 2);
  EXPECT_EQ(p.column, 4);
  EXPECT_EQ(p.offset, 19u);  // 3 × 3 bytes + '\n' + 3 × 3 bytes
  EXPECT_EQ(p.Describe(), "placeholder \"{{ reconsideration.received }}\" at line 2, column 4");
  EXPECT_EQ(parsed->segments[3].placeholder->column, 38);
  EXPECT_EQ(parsed->segments[3].placeholder->builtin, BuiltIn::kYear);
}

TEST(DefinitionsTest, ParseLinesAcceptsNameEqualsExpression) {
  absl::StatusOr<FigureDefinitions> d = FigureDefinitions::ParseLines(
      "$total = $outcomes + 5\n\n outcomes = reconsideration.upheld + reconsideration.corrected\n");
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->size(), 2u);
  absl::StatusOr<RenderedText> r = Render("{{ $total }}", *d);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->text, "92");
  EXPECT_EQ(FigureDefinitions::ParseLines("total reconsideration.upheld").status().message(),
            "definitions line 1 \"total reconsideration.upheld\": expected name = expression");
}

// ---- Errors: each names the placeholder (or definition) and where it is.

TEST(PlaceholderErrorTest, UnknownFormat) {
  EXPECT_EQ(ErrorOf("共审理{{ reconsideration.received | wanyuan }}件"),
            "placeholder \"{{ reconsideration.received | wanyuan }}\" at line 1, column 4: "
            "unknown format \"wanyuan\"; the formats are count, wan_yuan, yi_yuan, yuan, percent, "
            "percent0, wan, approx, approx_duo, approx_wan_yuan, approx_wan, yu, duo, wan_yu");
  EXPECT_EQ(ErrorOf("第一段\n第二段\n共审理{{ x.y | bad }}"),
            "placeholder \"{{ x.y | bad }}\" at line 3, column 4: unknown format \"bad\"; the "
            "formats are count, wan_yuan, yi_yuan, yuan, percent, percent0, wan, approx, "
            "approx_duo, approx_wan_yuan, approx_wan, yu, duo, wan_yu");
  EXPECT_EQ(ErrorOf("{{ x.y | }}"),
            "placeholder \"{{ x.y | }}\" at line 1, column 1: '|' must be followed by a format: "
            "count, wan_yuan, yi_yuan, yuan, percent, percent0, wan, approx, approx_duo, "
            "approx_wan_yuan, approx_wan, yu, duo, wan_yu");
  EXPECT_EQ(ErrorOf("{{ x.y | count | wan }}"),
            "placeholder \"{{ x.y | count | wan }}\" at line 1, column 1: only one '|' is "
            "allowed, followed by one format");
}

TEST(PlaceholderErrorTest, UnknownCaseField) {
  std::string message = ErrorOf("罚款{{ cases.penalties@jiyuan-sthjj }}起");
  EXPECT_EQ(message.rfind("placeholder \"{{ cases.penalties@jiyuan-sthjj }}\" at line 1, "
                          "column 3: unknown case figure 'cases.penalties'; the case figures "
                          "are cases.cases_filed, cases.decisions, ",
                          0),
            0u)
      << message;
  EXPECT_NE(message.find("cases.court_appearances"), std::string::npos) << message;
}

TEST(PlaceholderErrorTest, UnparsableExpressions) {
  const std::pair<const char*, const char*> cases[] = {
      {"{{ reconsideration.received + }}",
       "the expression ends where a figure, a number, $name or '(' should follow"},
      {"{{ reconsideration.received reconsideration.upheld }}",
       "unexpected 'r' where '+', '-', '/' or the end of the expression should follow"},
      {"{{ (reconsideration.received + 1 }}", "the expression ends where ')' should follow"},
      {"{{ reconsideration.received + 1) }}", "')' without a matching '('"},
      {"{{ a.b / c.d / e.f }}", "only one division is allowed: write a / (b + c), not a / b / c"},
      {"{{ (a.b / c.d) }}",
       "a ratio cannot be part of a sum: the division must be outermost, a / (b + c)"},
      {"{{ a.b + -3 }}", "unexpected '-' where a figure, a number, $name or '(' should follow"},
      {"{{ 12abc }}", "'12abc' is neither a number nor a figure (codes start with a letter)"},
      {"{{ 99999999999999999999 }}", "the number 99999999999999999999 is too large"},
      {"{{ Reconsideration.received }}",
       "'Reconsideration.received' has upper-case letters; codes and unit ids are lower-case"},
      {"{{ yeer }}",
       "'yeer' is not an indicator code: lower-case words of a-z, 0-9 and _ joined by '.', such "
       "as reconsideration.received"},
      {"{{ year + 1 }}",
       "the built-in variable year stands alone in its placeholder: {{year}}, with no "
       "arithmetic"},
      {"{{ year | count }}", "the built-in variable year takes no format"},
      {"{{ unit.code }}",
       "unknown built-in variable 'unit.code'; the unit's variables are unit.name and "
       "unit.short_name"},
      {"{{ reconsideration.received@ }}",
       "unit id '' after '@' is not a unit id: 1 to 63 of a-z, 0-9 and '-'"},
      {"{{ 复议案件数 }}", "unexpected '复' where a figure, a number, $name or '(' should follow"},
      {"{{ $ }}",
       "'$' must be followed by a definition's name: a lower-case letter, then a-z, 0-9, _"},
      {"{{ }}", "the placeholder is empty: write a figure, such as {{ reconsideration.received }}"},
      {"{{ audit.remitted_to_treasury_fen }}",
       "audit.remitted_to_treasury_fen is money in 分, so the placeholder must name its "
       "format: | wan_yuan, | yi_yuan, | yuan or | approx_wan_yuan"},
  };
  for (const auto& [text, message] : cases) {
    EXPECT_EQ(ErrorOf(text),
              absl::StrCat("placeholder \"", text, "\" at line 1, column 1: ", message));
  }
}

TEST(PlaceholderErrorTest, BracesThatDoNotPair) {
  EXPECT_EQ(ErrorOf("审结{{ reconsideration.concluded 件\n下一段}}"),
            "placeholder \"{{ reconsideration.concluded 件\" at line 1, column 3: not closed with "
            "\"}}\" on its line");
  EXPECT_EQ(ErrorOf("审结{{ a.b {{ c.d }}"),
            "placeholder \"{{ a.b \" at line 1, column 3: not closed with \"}}\" on its line");
  EXPECT_EQ(ErrorOf("第一段\n审结 reconsideration.concluded }}件"),
            "\"}}\" at line 2, column 30 closes no placeholder: \"{{\" is missing");
}

TEST(PlaceholderErrorTest, MissingFigureNamesItTheUnitAndTheYear) {
  EXPECT_EQ(ErrorOf("{{ reconsideration.received@jiyuan-sfj }}"),
            "placeholder \"{{ reconsideration.received@jiyuan-sfj }}\" at line 1, column 1: no "
            "figure for reconsideration.received@jiyuan-sfj in 2021");
  EXPECT_EQ(ErrorOf("共{{ reconsideration.received + reconsideration.terminated }}件"),
            "placeholder \"{{ reconsideration.received + reconsideration.terminated }}\" at line "
            "1, column 2: no figure for reconsideration.terminated (the report's own unit) in "
            "2021");
  EXPECT_EQ(ErrorOf("{{ cases.decisions@jiyuan-sthjj / cases.cases_filed@jiyuan-sthjj }}"),
            "placeholder \"{{ cases.decisions@jiyuan-sthjj / cases.cases_filed@jiyuan-sthjj }}\" "
            "at line 1, column 1: no figure for cases.decisions@jiyuan-sthjj in 2021");
}

TEST(PlaceholderErrorTest, CycleOfDefinitionsNamesEveryDefinitionInIt) {
  absl::StatusOr<FigureDefinitions> two =
      FigureDefinitions::Parse({{"a", "$b + 1"}, {"b", "reconsideration.received + $a"}});
  EXPECT_EQ(two.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(two.status().message(), "definitions refer to each other in a cycle: $a → $b → $a");
  absl::StatusOr<FigureDefinitions> three = FigureDefinitions::Parse(
      {{"total", "$c"}, {"c", "$d - 1"}, {"d", "(x.y + $e)"}, {"e", "$c"}});
  EXPECT_EQ(three.status().message(),
            "definitions refer to each other in a cycle: $c → $d → $e → $c");
  absl::StatusOr<FigureDefinitions> self = FigureDefinitions::Parse({{"a", "a.b + $a"}});
  EXPECT_EQ(self.status().message(), "definitions refer to each other in a cycle: $a → $a");
  EXPECT_EQ(FigureDefinitions::ParseLines("a = $b\nb = $a").status().message(),
            "definitions: definitions refer to each other in a cycle: $a → $b → $a");
}

TEST(PlaceholderErrorTest, UndefinedName) {
  EXPECT_EQ(ErrorOf("合计{{ $outcomes }}件"),
            "placeholder \"{{ $outcomes }}\" at line 1, column 3: $outcomes is not defined");
  EXPECT_EQ(ErrorOf("合计{{ reconsideration.concluded - $outcomes }}件"),
            "placeholder \"{{ reconsideration.concluded - $outcomes }}\" at line 1, column 3: "
            "$outcomes is not defined");
  absl::StatusOr<FigureDefinitions> d =
      FigureDefinitions::Parse({{"total", "reconsideration.upheld + $outcomes"}});
  EXPECT_EQ(d.status().message(),
            "definition $total = \"reconsideration.upheld + $outcomes\": $outcomes is not "
            "defined");
}

TEST(PlaceholderErrorTest, BadDefinitions) {
  EXPECT_EQ(FigureDefinitions::Parse({{"Total", "a.b"}}).status().message(),
            "definition $Total: a name is a lower-case letter, then up to 62 of a-z, 0-9 and _");
  EXPECT_EQ(FigureDefinitions::Parse({{"year", "a.b"}}).status().message(),
            "definition $year: the name of a built-in variable cannot be defined");
  EXPECT_EQ(FigureDefinitions::Parse({{"t", "a.b"}, {"t", "c.d"}}).status().message(),
            "definition $t = \"c.d\": $t is defined twice");
  EXPECT_EQ(FigureDefinitions::Parse({{"t", "a.b +"}}).status().message(),
            "definition $t = \"a.b +\": the expression ends where a figure, a number, $name or "
            "'(' should follow");
  EXPECT_EQ(FigureDefinitions::Parse({{"t", "year"}}).status().message(),
            "definition $t = \"year\": a built-in variable stands only in its own placeholder, "
            "{{year}}");
  // A ratio definition only stands alone.
  EXPECT_EQ(ErrorOf("{{ $referred_rate + 1 }}"),
            "placeholder \"{{ $referred_rate + 1 }}\" at line 1, column 1: $referred_rate is a "
            "ratio, so it can only stand alone: {{ $referred_rate }} or {{ $referred_rate | "
            "percent0 }}");
  EXPECT_EQ(
      FigureDefinitions::Parse({{"r", "a.b / c.d"}, {"s", "$r - 1"}}).status().message(),
      "definition $s = \"$r - 1\": $r is a ratio, so it can only stand alone: {{ $r }} or {{ $r "
      "| percent0 }}");
}

TEST(PlaceholderErrorTest, DivisionByZero) {
  std::map<FigureRef, FigureValue> figures = SeedFigures();
  figures[Indicator("mediation.court_referred")] = FigureValue{true, 0};
  EXPECT_EQ(ErrorOf("{{ mediation.court_referred_successful / mediation.court_referred }}",
                    SeedDefinitions(), figures),
            "placeholder \"{{ mediation.court_referred_successful / mediation.court_referred }}\" "
            "at line 1, column 1: division by zero: the denominator mediation.court_referred is "
            "0 in 2021");
  EXPECT_EQ(ErrorOf("{{ reconsideration.upheld / (reconsideration.upheld - 55) }}"),
            "placeholder \"{{ reconsideration.upheld / (reconsideration.upheld - 55) }}\" at line "
            "1, column 1: division by zero: the denominator reconsideration.upheld - 55 is 0 in "
            "2021");
  EXPECT_EQ(ErrorOf("{{ 1 / 0 }}"),
            "placeholder \"{{ 1 / 0 }}\" at line 1, column 1: division by zero: the denominator 0 "
            "is 0 in 2021");
}

TEST(PlaceholderErrorTest, InvalidUtf8) {
  // "\xE5\xA4" is 多 cut short.
  EXPECT_EQ(ErrorOf("{{ reconsideration.received | \xE5\xA4 }}"),
            "placeholder \"{{ reconsideration.received | \xEF\xBF\xBD\xEF\xBF\xBD }}\" at line 1, "
            "column 1: not valid UTF-8 (the bad bytes are shown as \xEF\xBF\xBD)");
  EXPECT_EQ(ErrorOf("共审理\n行政复议\xC0\xAF案件{{ reconsideration.received }}件"),
            "the text is not valid UTF-8 at line 2, column 5");
  EXPECT_EQ(ErrorOf("{{year}}件\xFF"), "the text is not valid UTF-8 at line 1, column 10");
}

TEST(PlaceholderErrorTest, TooManyOrTooLongPlaceholders) {
  std::string text;
  for (size_t i = 0; i < kMaxPlaceholders; ++i) text += "{{year}}";
  absl::StatusOr<ParsedText> full = ParseText(text);
  ASSERT_TRUE(full.ok()) << full.status();
  EXPECT_EQ(full->placeholder_count(), 2000u);
  text += "件{{ reconsideration.received }}";
  EXPECT_EQ(ErrorOf(text),
            "placeholder \"{{ reconsideration.received }}\" at line 1, column 16002: a text may "
            "hold at most 2000 placeholders");

  std::string sum = "{{ 1";
  while (sum.size() < kMaxPlaceholderBytes - 6) sum += " + 1";
  sum += " }}";
  ASSERT_LE(sum.size(), kMaxPlaceholderBytes);
  EXPECT_EQ(Rendered(sum), absl::StrCat((sum.size() - 7) / 4 + 1));
  std::string too_long = sum.substr(0, sum.size() - 3) + " + 10 }}";
  ASSERT_GT(too_long.size(), kMaxPlaceholderBytes);
  EXPECT_EQ(ErrorOf(too_long),
            absl::StrCat("placeholder \"{{ 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1…\" at line 1, "
                         "column 1: a placeholder may hold at most 512 bytes, this one ",
                         too_long.size()));
}

TEST(PlaceholderErrorTest, EvaluationErrorsNameThePlaceholder) {
  EXPECT_EQ(ErrorOf("{{ reconsideration.upheld - reconsideration.received | approx }}"),
            "placeholder \"{{ reconsideration.upheld - reconsideration.received | approx }}\" at "
            "line 1, column 1: an approximate number cannot be negative (-104)");
  EXPECT_EQ(ErrorOf("{{ 9223372036854775807 + 1 }}"),
            "placeholder \"{{ 9223372036854775807 + 1 }}\" at line 1, column 1: the numbers "
            "overflow 64-bit integers");
  std::map<FigureRef, FigureValue> figures = SeedFigures();
  figures[Indicator("big.value")] = FigureValue{true, INT64_MAX};
  EXPECT_EQ(ErrorOf("{{ big.value + big.value }}", SeedDefinitions(), figures),
            "placeholder \"{{ big.value + big.value }}\" at line 1, column 1: the numbers "
            "overflow 64-bit integers");
  absl::StatusOr<ParsedText> parsed = ParseText("{{unit.short_name}}");
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(EvaluateText(*parsed, {}, TextVariables{2021, "济源市人民政府", ""}).status().message(),
            "placeholder \"{{unit.short_name}}\" at line 1, column 1: the unit's name is not "
            "given");
}

}  // namespace
}  // namespace fazhi::reports

#include <string>

#include "gtest/gtest.h"
#include "services/reports/domain/render.h"

namespace fazhi::reports {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

ResolvedSection Section(std::string number, std::string heading, int level,
                        std::vector<std::string> paragraphs, bool run_in = false) {
  ResolvedSection s;
  s.number = std::move(number);
  s.heading = std::move(heading);
  s.level = level;
  s.paragraphs = std::move(paragraphs);
  s.run_in = run_in;
  return s;
}

// The seed's layout, shortened: the opening paragraph, a numbered part with a (一) heading of its
// own, and a part whose (一) heading runs into its paragraph.
ResolvedReport Seed() {
  ResolvedReport r;
  r.title = "济源市人民政府关于2021年度法治政府建设情况的报告";
  r.addressee_line = "省人民政府、市委、市人大常委会:";
  r.sections = {
      Section("", "", 0, {"2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:"}),
      Section("一、", "2021年法治政府建设工作情况", 1, {}),
      Section("(一)", "加强组织领导,严格落实法治政府建设责任", 2,
              {"市委、市政府主要领导带头履行推进法治建设第一责任人职责。",
               "市政府常务会议集中学法4次。"}),
      Section("四、", "工作建议", 1, {}),
      Section("(一)", "加强保障机制建设。", 2, {"完善工作推进机制。"}, /*run_in=*/true),
  };
  r.issuer_name = "济源市人民政府";
  r.issue_date = absl::CivilDay(2022, 3, 28);
  return r;
}

TEST(ReportRenderTest, TheDateIsWrittenTheChineseWay) {
  EXPECT_EQ(FormatChineseDate(absl::CivilDay(2022, 3, 28)), "2022年3月28日");
  EXPECT_EQ(FormatChineseDate(absl::CivilDay(2021, 12, 1)), "2021年12月1日");
}

TEST(ReportRenderTest, TheHtmlPageReadsLikeTheSeed) {
  std::string html = RenderHtml(Seed());
  EXPECT_EQ(
      html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">", 0),
      0u);
  EXPECT_TRUE(Contains(html, "<title>济源市人民政府关于2021年度法治政府建设情况的报告</title>"));
  EXPECT_TRUE(Contains(html, "<h1>济源市人民政府关于2021年度法治政府建设情况的报告</h1>"));
  EXPECT_TRUE(Contains(html, "<p class=\"addressee\">省人民政府、市委、市人大常委会:</p>"));
  EXPECT_TRUE(Contains(html, "<p>2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:</p>"));
  EXPECT_TRUE(Contains(html, "<h2>一、2021年法治政府建设工作情况</h2>"));
  EXPECT_TRUE(Contains(html,
                       "<h3>(一)加强组织领导,严格落实法治政府建设责任</h3>\n"
                       "<p>市委、市政府主要领导带头履行推进法治建设第一责任人职责。</p>\n"
                       "<p>市政府常务会议集中学法4次。</p>\n"));
  EXPECT_TRUE(Contains(html, "<h2>四、工作建议</h2>"));
  EXPECT_TRUE(Contains(html, "<p><strong>(一)加强保障机制建设。</strong>完善工作推进机制。</p>"));
  EXPECT_TRUE(Contains(html,
                       "<div class=\"signature\">\n<p class=\"issuer\">济源市人民政府</p>\n"
                       "<p class=\"date\">2022年3月28日</p>\n</div>"));
  // Print-friendly: two-character indent, A4, Chinese fonts, black on white.
  EXPECT_TRUE(Contains(html, "text-indent: 2em"));
  EXPECT_TRUE(Contains(html, "@page { size: A4;"));
  EXPECT_TRUE(Contains(html, "\"FangSong\", \"仿宋\""));
  EXPECT_TRUE(Contains(html, "\"Noto Serif CJK SC\", \"Source Han Serif SC\", serif"));
  EXPECT_TRUE(Contains(html, "\"SimHei\", \"黑体\""));
  EXPECT_TRUE(Contains(html, "color: #000; background: #fff;"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "附:"));
  EXPECT_TRUE(Contains(html, "</article>\n</body>\n</html>\n"));
}

TEST(ReportRenderTest, EveryPieceOfTextIsEscapedInHtml) {
  ResolvedReport r = Seed();
  r.title = "A&B <i>\"报告\"</i> 'x'";
  r.addressee_line = "<b>市委</b>:";
  r.sections = {Section("一、", "<em>标题</em>", 1, {"<script>alert(1)</script>"}),
                Section("(一)", "a&b", 2, {"x<y"}, /*run_in=*/true)};
  r.issuer_name = "<u>济源</u>";
  r.acknowledged_violations = {{"<rule>", "'ok'"}};
  r.version_note = VersionNote{2, "\"更正\""};
  std::string html = RenderHtml(r);
  const std::string title = "A&amp;B &lt;i&gt;&quot;报告&quot;&lt;/i&gt; &#39;x&#39;";
  EXPECT_TRUE(Contains(html, "<title>" + title + "</title>"));
  EXPECT_TRUE(Contains(html, "<h1>" + title + "</h1>"));
  EXPECT_TRUE(Contains(html, "<p class=\"addressee\">&lt;b&gt;市委&lt;/b&gt;:</p>"));
  EXPECT_TRUE(Contains(html, "<h2>一、&lt;em&gt;标题&lt;/em&gt;</h2>"));
  EXPECT_TRUE(Contains(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"));
  EXPECT_TRUE(Contains(html, "<p><strong>(一)a&amp;b</strong>x&lt;y</p>"));
  EXPECT_TRUE(Contains(html, "<p class=\"issuer\">&lt;u&gt;济源&lt;/u&gt;</p>"));
  EXPECT_TRUE(Contains(html, "<li>&lt;rule&gt;<br>确认理由:&#39;ok&#39;</li>"));
  EXPECT_TRUE(Contains(html, "<p class=\"version-note\">第2版。更正说明:&quot;更正&quot;</p>"));
  EXPECT_FALSE(Contains(html, "<script"));
  EXPECT_FALSE(Contains(html, "<em>"));
  EXPECT_EQ(EscapeHtml("&<>\"'中"), "&amp;&lt;&gt;&quot;&#39;中");
}

TEST(ReportRenderTest, HeadingLevelsGoDownFromH2AndStopAtH6) {
  ResolvedReport r;
  r.title = "t";
  r.sections = {Section("1.", "三级", 3, {"p"}), Section("(1)", "四级", 4, {}),
                Section("", "", 9, {}), Section("x", "深", 7, {})};
  std::string html = RenderHtml(r);
  EXPECT_TRUE(Contains(html, "<h4>1.三级</h4>\n<p>p</p>\n<h5>(1)四级</h5>\n<h6>x深</h6>\n"));
  // No issuer and no date yet (a draft): no signature block.
  EXPECT_FALSE(Contains(html, "signature\">"));
}

TEST(ReportRenderTest, ALineBreakStartsAParagraphAndBlankOnesAreDropped) {
  ResolvedReport r;
  r.title = "t";
  r.sections = {Section("", "", 0, {"甲\r\n乙", "", "  ", "丙\n\n丁", "\u3000\u3000 戊 "})};
  EXPECT_TRUE(Contains(RenderHtml(r), "<p>甲</p>\n<p>乙</p>\n<p>丙</p>\n<p>丁</p>\n<p>戊</p>\n"));
  EXPECT_EQ(RenderPlainText(r), "t\n\n甲\n\n乙\n\n丙\n\n丁\n\n戊\n");
}

TEST(ReportRenderTest, RenderingIsDeterministicAndHashedWithSha256) {
  EXPECT_EQ(RenderHtml(Seed()), RenderHtml(Seed()));
  EXPECT_EQ(RenderMarkdown(Seed()), RenderMarkdown(Seed()));
  EXPECT_EQ(RenderPlainText(Seed()), RenderPlainText(Seed()));
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex(RenderHtml(Seed())), Sha256Hex(RenderHtml(Seed())));
  ResolvedReport other = Seed();
  other.issue_date = absl::CivilDay(2022, 3, 29);
  EXPECT_NE(Sha256Hex(RenderHtml(other)), Sha256Hex(RenderHtml(Seed())));
}

TEST(ReportRenderTest, ThePlainTextIsLaidOutAsTheSeed) {
  EXPECT_EQ(RenderPlainText(Seed()),
            "济源市人民政府关于2021年度法治政府建设情况的报告\n"
            "\n"
            "省人民政府、市委、市人大常委会:\n"
            "\n"
            "2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:\n"
            "\n"
            "一、2021年法治政府建设工作情况\n"
            "\n"
            "(一)加强组织领导,严格落实法治政府建设责任\n"
            "\n"
            "市委、市政府主要领导带头履行推进法治建设第一责任人职责。\n"
            "\n"
            "市政府常务会议集中学法4次。\n"
            "\n"
            "四、工作建议\n"
            "\n"
            "(一)加强保障机制建设。完善工作推进机制。\n"
            "\n"
            "济源市人民政府\n"
            "2022年3月28日\n");
}

TEST(ReportRenderTest, TheMarkdownHasHeadingsAndBoldRunInHeadings) {
  // The run-in heading's 。 follows the closing ** : CommonMark does not close emphasis between
  // a punctuation mark and a letter.
  EXPECT_EQ(RenderMarkdown(Seed()),
            "# 济源市人民政府关于2021年度法治政府建设情况的报告\n"
            "\n"
            "省人民政府、市委、市人大常委会:\n"
            "\n"
            "2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:\n"
            "\n"
            "## 一、2021年法治政府建设工作情况\n"
            "\n"
            "### (一)加强组织领导,严格落实法治政府建设责任\n"
            "\n"
            "市委、市政府主要领导带头履行推进法治建设第一责任人职责。\n"
            "\n"
            "市政府常务会议集中学法4次。\n"
            "\n"
            "## 四、工作建议\n"
            "\n"
            "**(一)加强保障机制建设**。完善工作推进机制。\n"
            "\n"
            "济源市人民政府\\\n"
            "2022年3月28日\n");
}

TEST(ReportRenderTest, RunInHeadingsStayBoldInMarkdown) {
  ResolvedReport r;
  r.title = "t";
  // Without closing punctuation the heading is bold as it is.
  r.sections = {Section("(一)", "加强保障机制建设", 2, {"完善。"}, true),
                // Followed by punctuation, ** closes after the 。 as well.
                Section("(二)", "加强队伍建设。", 2, {"“人才”是关键。"}, true),
                // Ending in ) before a letter: only inline HTML stays bold.
                Section("(三)", "规划<*>(试行)", 2, {"落实。"}, true),
                // No paragraph at all.
                Section("(四)", "其他。", 2, {}, true)};
  EXPECT_EQ(RenderMarkdown(r),
            "# t\n\n"
            "**(一)加强保障机制建设**完善。\n\n"
            "**(二)加强队伍建设。**“人才”是关键。\n\n"
            "<strong>(三)规划\\<\\*\\>(试行)</strong>落实。\n\n"
            "**(四)其他。**\n");
}

TEST(ReportRenderTest, MarkdownSignificantCharactersAreEscaped) {
  ResolvedReport r;
  r.title = "标题 #1 *重要*";
  r.sections = {
      Section("", "", 0,
              {"1. 不是列表", "2021) 也不是", "# 不是标题", "- 不是列表", "+ 也不是", "> 不是引用",
               "    不是代码", "<script>x</script> & [链接](u) a_b `c`", "=== 不是下划线"})};
  EXPECT_EQ(RenderMarkdown(r),
            "# 标题 \\#1 \\*重要\\*\n\n"
            "1\\. 不是列表\n\n"
            "2021\\) 也不是\n\n"
            "\\# 不是标题\n\n"
            "\\- 不是列表\n\n"
            "\\+ 也不是\n\n"
            "\\> 不是引用\n\n"
            "不是代码\n\n"
            "\\<script\\>x\\</script\\> \\& \\[链接\\](u) a\\_b \\`c\\`\n\n"
            "\\=== 不是下划线\n");
}

TEST(ReportRenderTest, APublishedVersionListsItsAcknowledgementsAndCorrection) {
  ResolvedReport r = Seed();
  r.sections.resize(1);
  r.version_note = VersionNote{2, "更正行政复议审结数"};
  r.acknowledged_violations = {
      {"审结145件不等于55+32+44+9=140件", "原文如此,已向复议机构核实"},
      {"406件不等于177+35+85+67=364件", "含其他来源议题"},
  };
  EXPECT_EQ(RenderPlainText(r),
            "济源市人民政府关于2021年度法治政府建设情况的报告\n"
            "\n"
            "第2版。更正说明:更正行政复议审结数\n"
            "\n"
            "省人民政府、市委、市人大常委会:\n"
            "\n"
            "2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:\n"
            "\n"
            "济源市人民政府\n"
            "2022年3月28日\n"
            "\n"
            "附:经审核确认的数据校验提示\n"
            "1. 审结145件不等于55+32+44+9=140件\n"
            "   确认理由:原文如此,已向复议机构核实\n"
            "2. 406件不等于177+35+85+67=364件\n"
            "   确认理由:含其他来源议题\n");
  EXPECT_EQ(RenderMarkdown(r),
            "# 济源市人民政府关于2021年度法治政府建设情况的报告\n"
            "\n"
            "第2版。更正说明:更正行政复议审结数\n"
            "\n"
            "省人民政府、市委、市人大常委会:\n"
            "\n"
            "2021年,在省委、省政府的坚强领导下,现将有关情况报告如下:\n"
            "\n"
            "济源市人民政府\\\n"
            "2022年3月28日\n"
            "\n"
            "## 附:经审核确认的数据校验提示\n"
            "\n"
            "1. 审结145件不等于55+32+44+9=140件\\\n"
            "   确认理由:原文如此,已向复议机构核实\n"
            "2. 406件不等于177+35+85+67=364件\\\n"
            "   确认理由:含其他来源议题\n");
  std::string html = RenderHtml(r);
  EXPECT_TRUE(Contains(html,
                       "<section class=\"acknowledgements\">\n"
                       "<h2>附:经审核确认的数据校验提示</h2>\n<ol>\n"
                       "<li>审结145件不等于55+32+44+9=140件<br>确认理由:原文如此,"
                       "已向复议机构核实</li>\n"));
  // The note stands right under the title, before the addressee line.
  EXPECT_TRUE(Contains(html,
                       "</h1>\n<p class=\"version-note\">第2版。更正说明:更正行政复议审结数</p>\n"
                       "<p class=\"addressee\">"));
}

}  // namespace
}  // namespace fazhi::reports

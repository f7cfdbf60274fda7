// The rendered report opened in a real browser: Debian's chromium, headless, with the CJK fonts
// scripts/bootstrap installs. Checks the DOM chromium built from RenderHtml's page (not our own
// bytes), that escaped text stays text, and that a Chinese font is there to draw it. Without
// chromium these tests fail, telling to run scripts/bootstrap; they never skip.

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/reports/domain/render.h"
#include "tests/support/browser.h"

namespace fazhi::reports {
namespace {

using ::fazhi::testing::ElementTexts;
using ::fazhi::testing::MatchFont;
using ::fazhi::testing::RenderedDom;
using ::fazhi::testing::Screenshot;

constexpr char kTitle[] = "济源市人民政府关于2021年度法治政府建设情况的报告";
constexpr char kInjected[] = "<script>document.title='被篡改'</script>";

ResolvedSection Section(std::string number, std::string heading, int level,
                        std::vector<std::string> paragraphs) {
  ResolvedSection s;
  s.number = std::move(number);
  s.heading = std::move(heading);
  s.level = level;
  s.paragraphs = std::move(paragraphs);
  return s;
}

// The seed report's opening, with its figures, and a paragraph that tries to inject a script.
ResolvedReport Seed() {
  ResolvedReport r;
  r.title = kTitle;
  r.addressee_line = "省人民政府、市委、市人大常委会:";
  r.sections = {
      Section("", "", 0,
              {"2021年,在省委、省政府的坚强领导下,济源示范区深入学习贯彻习近平法治思想,"
               "现将有关情况报告如下:"}),
      Section("一、", "2021年法治政府建设工作情况", 1, {}),
      Section("(一)", "加强组织领导,严格落实法治政府建设责任", 2,
              {"市委常委会专题听取法治建设工作汇报2次。市政府常务会议集中学法4次,"
               "研究法治政府建设工作4次。",
               absl::StrCat("转载的来文片段:", kInjected, "。")}),
  };
  r.issuer_name = "济源市人民政府";
  r.issue_date = absl::CivilDay(2022, 3, 28);
  return r;
}

class ReportBrowserTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dom_ = new absl::StatusOr<std::string>(RenderedDom(RenderHtml(Seed())));
  }
  static void TearDownTestSuite() {
    delete dom_;
    dom_ = nullptr;
  }
  // The DOM, or a failure naming what went wrong (chromium missing, timed out, ...).
  static const std::string& Dom() {
    static const std::string empty;
    if (!dom_->ok()) {
      ADD_FAILURE() << "chromium could not render the report: " << dom_->status();
      return empty;
    }
    return **dom_;
  }

  static absl::StatusOr<std::string>* dom_;
};

absl::StatusOr<std::string>* ReportBrowserTest::dom_ = nullptr;

TEST_F(ReportBrowserTest, ChromiumShowsTheTitleAndTheHeadings) {
  const std::string& dom = Dom();
  ASSERT_FALSE(dom.empty());
  EXPECT_EQ(ElementTexts(dom, "title"), std::vector<std::string>{kTitle});
  EXPECT_EQ(ElementTexts(dom, "h1"), std::vector<std::string>{kTitle});
  EXPECT_EQ(ElementTexts(dom, "h2"), std::vector<std::string>{"一、2021年法治政府建设工作情况"});
  std::vector<std::string> h3 = ElementTexts(dom, "h3");
  ASSERT_EQ(h3.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(h3[0], "(一)")) << h3[0];
  EXPECT_EQ(h3[0], "(一)加强组织领导,严格落实法治政府建设责任");
}

TEST_F(ReportBrowserTest, ChromiumShowsTheFiguresTheIssuerAndTheDate) {
  const std::string& dom = Dom();
  ASSERT_FALSE(dom.empty());
  std::vector<std::string> p = ElementTexts(dom, "p");
  auto has = [&p](const std::string& text) {
    for (const std::string& s : p) {
      if (s == text) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("省人民政府、市委、市人大常委会:"));
  EXPECT_TRUE(
      has("市委常委会专题听取法治建设工作汇报2次。市政府常务会议集中学法4次,"
          "研究法治政府建设工作4次。"));
  EXPECT_TRUE(has("济源市人民政府"));
  EXPECT_TRUE(has("2022年3月28日")) << dom;
}

TEST_F(ReportBrowserTest, AScriptInAParagraphStaysText) {
  const std::string& dom = Dom();
  ASSERT_FALSE(dom.empty());
  // Had it become an element, chromium would have run it (and changed the title) and kept a
  // <script> element in the DOM.
  EXPECT_FALSE(absl::StrContains(dom, "<script")) << dom;
  EXPECT_FALSE(absl::StrContains(dom, "被篡改</title>"));
  EXPECT_TRUE(absl::StrContains(
      dom, "<p>转载的来文片段:&lt;script&gt;document.title='被篡改'&lt;/script&gt;。</p>"))
      << dom;
}

// chromium finds fonts through fontconfig; the page's CSS falls back to Noto Serif CJK SC (body)
// and Noto Sans CJK SC (headings) where the official FangSong/SimHei fonts are missing, as on
// Debian. Without fonts-noto-cjk fontconfig would hand out a Latin font and the page would show
// boxes.
TEST(ReportBrowserFontTest, TheReportsChineseFontsAreInstalled) {
  for (const char* family : {"Noto Serif CJK SC", "Noto Sans CJK SC"}) {
    absl::StatusOr<std::string> font = MatchFont(family);
    ASSERT_TRUE(font.ok()) << font.status();
    EXPECT_TRUE(absl::StrContains(*font, absl::StrCat("\"", family, "\"")))
        << "fc-match \"" << family << "\" gave " << *font
        << "; run scripts/bootstrap as root to install fonts-noto-cjk";
  }
  // And what a page asking for Chinese text in the generic serif family gets.
  absl::StatusOr<std::string> zh = MatchFont("serif:lang=zh-cn");
  ASSERT_TRUE(zh.ok()) << zh.status();
  EXPECT_TRUE(absl::StrContains(*zh, "CJK")) << "fc-match serif:lang=zh-cn gave " << *zh;
}

TEST(ReportBrowserScreenshotTest, ChromiumWritesAPngOfTheRequestedSize) {
  std::string path = ::testing::TempDir() + "report-browser-test.png";
  absl::Status shot = Screenshot(RenderHtml(Seed()), path, 800, 600);
  ASSERT_TRUE(shot.ok()) << shot;
  std::ifstream in(path, std::ios::binary);
  std::string png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GE(png.size(), 24u);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  // IHDR: big-endian width and height at bytes 16 and 20.
  auto be32 = [&png](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(png[at + 3]));
  };
  EXPECT_EQ(be32(16), 800u);
  EXPECT_EQ(be32(20), 600u);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace fazhi::reports

#include "services/reports/domain/render.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cstdint>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace fazhi::reports {
namespace {

// 公文 layout (GB/T 9704-2012): A4 with its margins, 仿宋 三号 (16pt) body, 小标宋/黑体 title,
// 黑体 first-level and 楷体 second-level headings, paragraphs indented two characters.
constexpr absl::string_view kCss = R"css(@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html, body { color: #000; background: #fff; }
body {
  margin: 0 auto;
  max-width: 156mm;
  padding: 0 1em;
  font-family: "FangSong", "仿宋", "FangSong_GB2312", "仿宋_GB2312", "STFangsong",
    "Noto Serif CJK SC", "Source Han Serif SC", serif;
  font-size: 16pt;
  line-height: 1.8;
}
h1 {
  margin: 0 0 1em;
  font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimHei", "黑体", "Noto Sans CJK SC",
    "Source Han Sans SC", sans-serif;
  font-size: 22pt;
  font-weight: normal;
  line-height: 1.5;
  text-align: center;
}
h2, h3, h4, h5, h6 {
  margin: 0;
  font-size: 16pt;
  font-weight: normal;
  line-height: 1.8;
  text-indent: 2em;
}
h2 { font-family: "SimHei", "黑体", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h3 { font-family: "KaiTi", "楷体", "KaiTi_GB2312", "STKaiti", "Noto Sans CJK SC", sans-serif; }
h4, h5, h6 { font-weight: bold; }
p { margin: 0; text-indent: 2em; text-align: justify; }
p.addressee, p.version-note { text-indent: 0; }
p.version-note { margin-bottom: 1em; text-align: center; }
.signature { margin-top: 2em; }
.signature p { text-indent: 0; text-align: right; }
.acknowledgements { margin-top: 2em; }
.acknowledgements li { text-indent: 0; }
@media print { body { max-width: none; padding: 0; } }
)css";

// The paragraphs as printed: a line break in an entry starts a new one, blank ones are dropped.
std::vector<std::string> Paragraphs(const std::vector<std::string>& entries) {
  std::vector<std::string> out;
  for (const std::string& entry : entries) {
    for (absl::string_view line : absl::StrSplit(entry, '\n')) {
      // The layout indents each paragraph; indentation typed with spaces (often 全角 ones copied
      // from a document) would indent it twice.
      line = absl::StripAsciiWhitespace(line);
      while (absl::ConsumePrefix(&line, "\u3000")) line = absl::StripLeadingAsciiWhitespace(line);
      if (line.empty()) continue;
      out.emplace_back(line);
    }
  }
  return out;
}

std::string HeadingText(const ResolvedSection& s) { return absl::StrCat(s.number, s.heading); }

bool HasHeading(const ResolvedSection& s) {
  return s.level > 0 && !(s.number.empty() && s.heading.empty());
}

std::string VersionNoteText(const VersionNote& note) {
  std::string text = absl::StrCat("第", note.version, "版。");
  if (!note.reason.empty()) absl::StrAppend(&text, "更正说明:", note.reason);
  return text;
}

constexpr absl::string_view kReasonLabel = "确认理由:";

// The first code point of text, or -1 (also for malformed UTF-8).
int32_t FirstCodePoint(absl::string_view text) {
  if (text.empty()) return -1;
  auto b = static_cast<unsigned char>(text[0]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
  if (len == 0 || static_cast<int>(text.size()) < len) return -1;
  if (len == 1) return b;
  int32_t cp = b & (0x7f >> len);
  for (int i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3f);
  return cp;
}

// The byte length of the last code point of text (0 when empty).
size_t LastCodePointLength(absl::string_view text) {
  if (text.empty()) return 0;
  size_t start = text.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xc0) == 0x80) --start;
  return text.size() - start;
}

// Punctuation as CommonMark's emphasis rules see it, for the characters Chinese prose uses.
bool IsPunctuation(int32_t cp) {
  if (cp < 0) return false;
  if (cp < 0x80)
    return (cp >= 0x21 && cp <= 0x2f) || (cp >= 0x3a && cp <= 0x40) || (cp >= 0x5b && cp <= 0x60) ||
           (cp >= 0x7b && cp <= 0x7e);
  return (cp >= 0x2010 && cp <= 0x205e) || (cp >= 0x3001 && cp <= 0x303f) ||
         (cp >= 0xff01 && cp <= 0xff0f) || (cp >= 0xff1a && cp <= 0xff20) ||
         (cp >= 0xff3b && cp <= 0xff40) || (cp >= 0xff5b && cp <= 0xff65);
}

bool IsWhitespace(int32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000 || cp == 0xa0; }

// Backslash-escapes the ASCII characters Markdown gives a meaning inside a line.
std::string EscapeMarkdownInline(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '&':
      case '|':
      case '~':
      case '#':
        out.push_back('\\');
        break;
      default:
        break;
    }
    out.push_back(c);
  }
  return out;
}

// A paragraph line that must not start a block: no list, heading, quote, rule or code block.
std::string EscapeMarkdownParagraph(absl::string_view text) {
  text = absl::StripLeadingAsciiWhitespace(text);  // four spaces would make a code block
  std::string out = EscapeMarkdownInline(text);
  if (!out.empty() && (out[0] == '+' || out[0] == '-' || out[0] == '=')) {
    out.insert(0, "\\");
  } else {
    // "1. " or "1) " starts an ordered list.
    size_t digits = 0;
    while (digits < out.size() && out[digits] >= '0' && out[digits] <= '9') ++digits;
    if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) {
      out.insert(digits, "\\");
    }
  }
  return out;
}

// "**(一)加强保障机制建设**。完善…": CommonMark does not close ** between punctuation and a letter
// (。** followed by 完), so trailing sentence punctuation goes after the closing delimiter; a
// heading still ending in punctuation then falls back to an inline <strong>.
std::string MarkdownRunIn(absl::string_view heading, absl::string_view paragraph) {
  std::string rest(paragraph);
  int32_t next = FirstCodePoint(paragraph);
  bool next_allows_close = paragraph.empty() || IsWhitespace(next) || IsPunctuation(next);
  std::string tail;
  absl::string_view bold = heading;
  if (!next_allows_close) {
    while (!bold.empty()) {
      size_t len = LastCodePointLength(bold);
      absl::string_view last = bold.substr(bold.size() - len);
      if (last != "。" && last != "，" && last != "；" && last != "：" && last != "." &&
          last != "," && last != ";" && last != ":") {
        break;
      }
      tail.insert(0, std::string(last));
      bold.remove_suffix(len);
    }
    if (bold.empty()) return EscapeMarkdownParagraph(absl::StrCat(heading, paragraph));
    size_t len = LastCodePointLength(bold);
    if (IsPunctuation(FirstCodePoint(bold.substr(bold.size() - len)))) {
      // Between the tags is still Markdown, where the inline escapes cover < and & as well.
      return absl::StrCat("<strong>", EscapeMarkdownInline(heading), "</strong>",
                          EscapeMarkdownInline(paragraph));
    }
  }
  return absl::StrCat("**", EscapeMarkdownInline(bold), "**", EscapeMarkdownInline(tail),
                      EscapeMarkdownInline(paragraph));
}

}  // namespace

std::string FormatChineseDate(absl::CivilDay day) {
  return absl::StrCat(day.year(), "年", day.month(), "月", day.day(), "日");
}

std::string EscapeHtml(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string RenderHtml(const ResolvedReport& report) {
  std::string out;
  absl::StrAppend(&out,
                  "<!DOCTYPE html>\n"
                  "<html lang=\"zh-CN\">\n"
                  "<head>\n"
                  "<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<title>",
                  EscapeHtml(report.title), "</title>\n<style>\n", kCss,
                  "</style>\n</head>\n<body>\n<article class=\"report\">\n");
  absl::StrAppend(&out, "<h1>", EscapeHtml(report.title), "</h1>\n");
  if (report.version_note) {
    absl::StrAppend(&out, "<p class=\"version-note\">",
                    EscapeHtml(VersionNoteText(*report.version_note)), "</p>\n");
  }
  if (!report.addressee_line.empty()) {
    absl::StrAppend(&out, "<p class=\"addressee\">", EscapeHtml(report.addressee_line), "</p>\n");
  }
  for (const ResolvedSection& section : report.sections) {
    std::vector<std::string> paragraphs = Paragraphs(section.paragraphs);
    size_t first = 0;
    if (HasHeading(section)) {
      std::string heading = EscapeHtml(HeadingText(section));
      if (section.run_in) {
        absl::StrAppend(&out, "<p><strong>", heading, "</strong>",
                        paragraphs.empty() ? "" : EscapeHtml(paragraphs[0]), "</p>\n");
        first = 1;
      } else {
        int h = std::min(section.level + 1, 6);
        absl::StrAppend(&out, "<h", h, ">", heading, "</h", h, ">\n");
      }
    }
    for (size_t i = first; i < paragraphs.size(); ++i) {
      absl::StrAppend(&out, "<p>", EscapeHtml(paragraphs[i]), "</p>\n");
    }
  }
  if (!report.issuer_name.empty() || report.issue_date) {
    absl::StrAppend(&out, "<div class=\"signature\">\n");
    if (!report.issuer_name.empty()) {
      absl::StrAppend(&out, "<p class=\"issuer\">", EscapeHtml(report.issuer_name), "</p>\n");
    }
    if (report.issue_date) {
      absl::StrAppend(&out, "<p class=\"date\">", FormatChineseDate(*report.issue_date), "</p>\n");
    }
    absl::StrAppend(&out, "</div>\n");
  }
  if (!report.acknowledged_violations.empty()) {
    absl::StrAppend(&out, "<section class=\"acknowledgements\">\n<h2>",
                    EscapeHtml(kAcknowledgementsHeading), "</h2>\n<ol>\n");
    for (const AcknowledgedViolation& v : report.acknowledged_violations) {
      absl::StrAppend(&out, "<li>", EscapeHtml(v.message), "<br>", kReasonLabel,
                      EscapeHtml(v.reason), "</li>\n");
    }
    absl::StrAppend(&out, "</ol>\n</section>\n");
  }
  absl::StrAppend(&out, "</article>\n</body>\n</html>\n");
  return out;
}

std::string RenderMarkdown(const ResolvedReport& report) {
  std::vector<std::string> blocks;
  blocks.push_back(absl::StrCat("# ", EscapeMarkdownInline(report.title)));
  if (report.version_note) {
    blocks.push_back(EscapeMarkdownParagraph(VersionNoteText(*report.version_note)));
  }
  if (!report.addressee_line.empty()) {
    blocks.push_back(EscapeMarkdownParagraph(report.addressee_line));
  }
  for (const ResolvedSection& section : report.sections) {
    std::vector<std::string> paragraphs = Paragraphs(section.paragraphs);
    size_t first = 0;
    if (HasHeading(section)) {
      std::string heading = HeadingText(section);
      if (section.run_in) {
        blocks.push_back(MarkdownRunIn(heading, paragraphs.empty() ? "" : paragraphs[0]));
        first = 1;
      } else {
        int h = std::min(section.level + 1, 6);
        blocks.push_back(absl::StrCat(std::string(h, '#'), " ", EscapeMarkdownInline(heading)));
      }
    }
    for (size_t i = first; i < paragraphs.size(); ++i) {
      blocks.push_back(EscapeMarkdownParagraph(paragraphs[i]));
    }
  }
  // A backslash at the end of a line is CommonMark's hard line break: issuer and date stay two
  // lines of one block.
  std::vector<std::string> signature;
  if (!report.issuer_name.empty()) {
    signature.push_back(EscapeMarkdownParagraph(report.issuer_name));
  }
  if (report.issue_date) signature.push_back(FormatChineseDate(*report.issue_date));
  if (!signature.empty()) blocks.push_back(absl::StrJoin(signature, "\\\n"));
  if (!report.acknowledged_violations.empty()) {
    blocks.push_back(absl::StrCat("## ", EscapeMarkdownInline(kAcknowledgementsHeading)));
    std::vector<std::string> items;
    int n = 0;
    for (const AcknowledgedViolation& v : report.acknowledged_violations) {
      items.push_back(absl::StrCat(++n, ". ", EscapeMarkdownInline(v.message), "\\\n   ",
                                   kReasonLabel, EscapeMarkdownInline(v.reason)));
    }
    blocks.push_back(absl::StrJoin(items, "\n"));
  }
  return absl::StrCat(absl::StrJoin(blocks, "\n\n"), "\n");
}

std::string RenderPlainText(const ResolvedReport& report) {
  std::vector<std::string> blocks;
  blocks.push_back(report.title);
  if (report.version_note) blocks.push_back(VersionNoteText(*report.version_note));
  if (!report.addressee_line.empty()) blocks.push_back(report.addressee_line);
  for (const ResolvedSection& section : report.sections) {
    std::vector<std::string> paragraphs = Paragraphs(section.paragraphs);
    size_t first = 0;
    if (HasHeading(section)) {
      if (section.run_in) {
        blocks.push_back(
            absl::StrCat(HeadingText(section), paragraphs.empty() ? "" : paragraphs[0]));
        first = 1;
      } else {
        blocks.push_back(HeadingText(section));
      }
    }
    for (size_t i = first; i < paragraphs.size(); ++i) blocks.push_back(paragraphs[i]);
  }
  std::vector<std::string> signature;
  if (!report.issuer_name.empty()) signature.push_back(report.issuer_name);
  if (report.issue_date) signature.push_back(FormatChineseDate(*report.issue_date));
  if (!signature.empty()) blocks.push_back(absl::StrJoin(signature, "\n"));
  if (!report.acknowledged_violations.empty()) {
    std::vector<std::string> lines = {std::string(kAcknowledgementsHeading)};
    int n = 0;
    for (const AcknowledgedViolation& v : report.acknowledged_violations) {
      lines.push_back(absl::StrCat(++n, ". ", v.message));
      lines.push_back(absl::StrCat("   ", kReasonLabel, v.reason));
    }
    blocks.push_back(absl::StrJoin(lines, "\n"));
  }
  return absl::StrCat(absl::StrJoin(blocks, "\n\n"), "\n");
}

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

}  // namespace fazhi::reports

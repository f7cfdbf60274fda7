#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_RENDER_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_RENDER_H_

// A fully resolved report rendered as HTML, Markdown and plain text, laid out like the seed
// report (标题, 主送机关, numbered sections, 落款 and date). The output is deterministic: a
// published version stores the SHA-256 of these bytes, so the same input must give the same bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fazhi::reports {

// One section with its number generated and its placeholders filled.
struct ResolvedSection {
  // "一、", "(一)", "1.", "(1)", or empty (level 0).
  std::string number;
  // With its own closing punctuation if it has any ("加强保障机制建设。"); empty for level 0.
  std::string heading;
  // The heading runs into the first paragraph instead of standing on its own line.
  bool run_in = false;
  // 0: no heading (the opening paragraph); 1 to 4 as Section::level.
  int level = 1;
  // Plain text, one paragraph per entry. A line break inside an entry starts a new paragraph;
  // empty paragraphs are left out.
  std::vector<std::string> paragraphs;
};

// A validation violation a supervisor accepted for publication, listed at the end.
struct AcknowledgedViolation {
  std::string message;
  std::string reason;
};

// Printed under the title of a corrected version.
struct VersionNote {
  int64_t version = 0;
  std::string reason;
};

struct ResolvedReport {
  std::string title;
  // "省人民政府、市委、市人大常委会:" (AddresseeLine); left out when empty.
  std::string addressee_line;
  std::vector<ResolvedSection> sections;
  std::string issuer_name;
  // 落款日期; absent on a draft that has none yet.
  std::optional<absl::CivilDay> issue_date;
  std::vector<AcknowledgedViolation> acknowledged_violations;
  std::optional<VersionNote> version_note;
};

// The heading the acknowledged violations are listed under.
inline constexpr absl::string_view kAcknowledgementsHeading = "附:经审核确认的数据校验提示";

// "2022年3月28日".
std::string FormatChineseDate(absl::CivilDay day);

// & < > " ' as character references.
std::string EscapeHtml(absl::string_view text);

// A complete UTF-8 HTML5 page with print CSS (A4) and no scripts.
std::string RenderHtml(const ResolvedReport& report);
// CommonMark: # title, ## 一、… / ### (一)…, run-in headings in bold; text escaped.
std::string RenderMarkdown(const ResolvedReport& report);
// As the seed is laid out: lines separated by blank lines.
std::string RenderPlainText(const ResolvedReport& report);

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_RENDER_H_

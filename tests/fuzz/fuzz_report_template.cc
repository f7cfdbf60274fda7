// The report template language (services/reports/domain/placeholder.h): section text with
// {{ expression | format }} placeholders over a template's $definitions. The input is a section's
// text, or definitions ("name = expression" lines), a line "---", then the text.
//
// Invariants: a parsed text splits into literal runs and placeholders that put together give
// the text back, each placeholder found at its offset and parsing alone to the same expression
// and format; filling the placeholders with figures (anywhere in int64, some missing) either
// renders each one in its place, with the literals untouched, or refuses with INVALID_ARGUMENT;
// every message is valid UTF-8 when the text is, and refusals are INVALID_ARGUMENT.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/validation/text.h"
#include "services/reports/domain/placeholder.h"
#include "services/reports/domain/template.h"
#include "tests/fuzz/fuzz_check.h"

namespace r = fazhi::reports;

namespace {

bool SameSum(const r::LinearSum& a, const r::LinearSum& b) {
  if (a.constant != b.constant || a.terms.size() != b.terms.size()) return false;
  for (size_t i = 0; i < a.terms.size(); ++i) {
    if (a.terms[i].first != b.terms[i].first || a.terms[i].second != b.terms[i].second) {
      return false;
    }
  }
  return true;
}

bool SameExpression(const r::Expression& a, const r::Expression& b) {
  if (!SameSum(a.numerator, b.numerator) || a.is_ratio() != b.is_ratio()) return false;
  return !a.is_ratio() || SameSum(*a.denominator, *b.denominator);
}

void CheckRefusal(const absl::Status& s, bool utf8) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, "refusals are INVALID_ARGUMENT");
  if (utf8) FUZZ_CHECK(fazhi::validation::IsValidUtf8(s.message()), "messages are valid UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view input(reinterpret_cast<const char*>(data), size);
  const bool utf8 = fazhi::validation::IsValidUtf8(input);
  absl::string_view definitions_text;
  absl::string_view text = input;
  if (size_t split = input.find("\n---\n"); split != absl::string_view::npos) {
    definitions_text = input.substr(0, split);
    text = input.substr(split + 5);
  }

  absl::StatusOr<r::FigureDefinitions> definitions =
      r::FigureDefinitions::ParseLines(definitions_text);
  if (!definitions.ok()) {
    CheckRefusal(definitions.status(), utf8);
    definitions = r::FigureDefinitions();
  }

  absl::StatusOr<r::ParsedText> parsed = r::ParseText(text, *definitions);
  if (!parsed.ok()) {
    CheckRefusal(parsed.status(), utf8);
    return 0;
  }
  FUZZ_CHECK(fazhi::validation::IsValidUtf8(text), "a parsed text is valid UTF-8");
  FUZZ_CHECK(parsed->placeholder_count() <= r::kMaxPlaceholders, "at most kMaxPlaceholders");

  std::string joined;
  for (const r::Segment& segment : parsed->segments) {
    if (!segment.placeholder) {
      joined += segment.literal;
      continue;
    }
    const r::Placeholder& p = *segment.placeholder;
    FUZZ_CHECK(segment.literal.empty(), "a segment is a literal or a placeholder");
    FUZZ_CHECK(p.offset == joined.size(), "a placeholder's offset is where it starts");
    FUZZ_CHECK(text.substr(p.offset, p.text.size()) == p.text, "the text holds it there");
    FUZZ_CHECK(p.text.size() <= r::kMaxPlaceholderBytes, "placeholders are bounded");
    FUZZ_CHECK(absl::StartsWith(p.text, "{{") && absl::EndsWith(p.text, "}}"),
               "a placeholder is braced");
    FUZZ_CHECK(p.line >= 1 && p.column >= 1, "lines and columns count from 1");
    joined += p.text;

    absl::StatusOr<r::ParsedText> alone = r::ParseText(p.text, *definitions);
    FUZZ_CHECK(alone.ok() && alone->segments.size() == 1 && alone->segments[0].placeholder,
               "a placeholder parses alone");
    const r::Placeholder& q = *alone->segments[0].placeholder;
    FUZZ_CHECK(q.builtin == p.builtin && q.format == p.format, "to the same format");
    FUZZ_CHECK(SameExpression(q.expression, p.expression), "and the same expression");
  }
  FUZZ_CHECK(joined == text, "literals and placeholders give the text back");

  // Figures for every reference: some missing or without a value, the rest anywhere in int64
  // (small ones often, so the approximate formats get numbers they round).
  std::map<r::FigureRef, r::FigureValue> figures;
  for (const r::FigureRef& ref : r::CollectFigures(*parsed)) {
    uint64_t h = std::hash<std::string>()(absl::StrCat(ref.ToString(), "|", input));
    if ((h & 7) == 0) continue;
    r::FigureValue value;
    value.has_value = (h & 7) != 1;
    uint64_t mixed = h * 0x9E3779B97F4A7C15ULL;
    value.value = (h & 8) ? static_cast<int64_t>(mixed) : static_cast<int64_t>(mixed % 100000);
    figures[ref] = value;
  }
  r::TextVariables variables{2021, "济源市人民政府", "济源市"};
  absl::StatusOr<r::RenderedText> rendered = r::EvaluateText(*parsed, figures, variables);
  if (!rendered.ok()) {
    CheckRefusal(rendered.status(), true);
    return 0;
  }
  FUZZ_CHECK(rendered->figures.size() == parsed->placeholder_count(), "one value a placeholder");
  FUZZ_CHECK(fazhi::validation::IsValidUtf8(rendered->text), "the rendered text is valid UTF-8");
  std::string expected;
  size_t next = 0;
  for (const r::Segment& segment : parsed->segments) {
    if (!segment.placeholder) {
      expected += segment.literal;
      continue;
    }
    const r::ResolvedFigure& f = rendered->figures[next++];
    FUZZ_CHECK(f.placeholder == segment.placeholder->text, "values in text order");
    FUZZ_CHECK(f.denominator != 0, "no value divides by zero");
    expected += f.rendered;
  }
  FUZZ_CHECK(expected == rendered->text, "each value in its place, the literals untouched");

  // The same text as a template section's default text and heading.
  r::Template t;
  t.id = "fuzz";
  t.name = "fuzz";
  t.sections.push_back(r::TemplateSection{"opening", 0, "", false, "", std::string(text)});
  t.sections.push_back(r::TemplateSection{"work", 1, std::string(text), false, "", ""});
  absl::Status shape = r::ValidateTemplateShape(t);
  if (!shape.ok()) CheckRefusal(shape, true);
  return 0;
}

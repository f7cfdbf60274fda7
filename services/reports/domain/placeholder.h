#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_PLACEHOLDER_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_PLACEHOLDER_H_

// The placeholder language of report sections. A section's text is prose, one paragraph a line,
// with live figures written as {{ expression }} or {{ expression | format }}:
//
//   共审理行政复议案件{{ reconsideration.received }}件,审结{{ reconsideration.concluded }}件
//   罚款金额{{ cases.fines_imposed_fen@jiyuan-sthjj | approx_wan_yuan }}
//   调解成功{{ mediation.court_referred_successful }}件,
//       {{ mediation.court_referred_successful / mediation.court_referred
//       }}的案件纠纷实现有效分流化解
//   {{year}}年法治政府建设工作情况 … {{next_year}}年工作安排 … {{unit.name}} {{unit.short_name}}
//
// Expressions:
//   expression := sum [ '/' sum ]              a division makes a ratio (default format percent)
//   sum        := term { ('+' | '-') term }
//   term       := ['-'] ( '(' sum ')' | figure | integer | '$' name )
//   figure     := indicator-code ['@' unit-id] | 'cases.' field ['@' unit-id]
// An indicator code is area.name (reconsideration.received, audit.remitted_to_treasury_fen); a
// case field is one of CaseFigureFields(); a unit id is 1 to 63 of a-z, 0-9 and '-' (so write
// spaces around a minus after a unit id: a@jiyuan - b). Without '@' a figure is the report's own
// unit with its subtree. The built-in variables year, next_year, unit.name and unit.short_name
// stand alone: no arithmetic, no format. Codes starting with "unit." are reserved for them.
//
// A template may name expressions ($name, see FigureDefinitions); definitions may use one another
// but not in a cycle. A definition that is a ratio may only stand alone ({{ $rate | percent0 }}).
//
// Default formats: a ratio prints as percent; a sum whose figures are all stored rates (codes
// ending _bp) as percent; any other sum as count, except that a sum with a money figure (_fen)
// must name its format, because printing 分 as a count is never what a report means.
//
// Errors are INVALID_ARGUMENT and name the placeholder as written and where it is
// ("placeholder "{{ x | bar }}" at line 3, column 12: unknown format "bar" …"); the caller
// prefixes the section key.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/reports/domain/figure.h"
#include "services/reports/domain/figure_format.h"

namespace fazhi::reports {

// A placeholder's text, braces included, may hold at most this many bytes.
inline constexpr size_t kMaxPlaceholderBytes = 512;
// A text may hold at most this many placeholders.
inline constexpr size_t kMaxPlaceholders = 2000;
// A template may name at most this many definitions.
inline constexpr size_t kMaxDefinitions = 2000;

enum class BuiltIn { kNone = 0, kYear = 1, kNextYear = 2, kUnitName = 3, kUnitShortName = 4 };

// A sum once its parentheses and definitions are expanded: each figure once, in order of first
// use, with its coefficient (a - (b - a) is 2a - b), plus the integer constants.
struct LinearSum {
  std::vector<std::pair<FigureRef, int64_t>> terms;
  int64_t constant = 0;
};

struct Expression {
  LinearSum numerator;
  // Set for a ratio.
  std::optional<LinearSum> denominator;

  bool is_ratio() const { return denominator.has_value(); }
  // The figures it needs, each once, numerator's first.
  std::vector<FigureRef> Figures() const;
};

// Named expressions of a template ($name). Parsing expands every definition, so a text that
// uses them parses against the expanded forms.
class FigureDefinitions {
 public:
  FigureDefinitions() = default;

  // (name, expression) pairs, e.g. {"reconsideration_outcomes", "reconsideration.upheld +
  // reconsideration.corrected + reconsideration.mediated + reconsideration.not_accepted"}.
  // A name is a lower-case letter then up to 62 of a-z, 0-9 and _. INVALID_ARGUMENT naming the
  // definition for a bad name, a duplicate, an expression that does not parse or uses an
  // undefined $name, and naming every definition of a cycle ("$a → $b → $a").
  static absl::StatusOr<FigureDefinitions> Parse(
      const std::vector<std::pair<std::string, std::string>>& definitions);
  // The same from lines "name = expression" (a leading '$' on the name is allowed); blank lines
  // are skipped. Errors also give the line number.
  static absl::StatusOr<FigureDefinitions> ParseLines(absl::string_view text);

  // nullptr when undefined.
  const Expression* Find(absl::string_view name) const;
  size_t size() const { return expressions_.size(); }

 private:
  std::map<std::string, Expression, std::less<>> expressions_;
};

struct Placeholder {
  // As written, braces included: "{{ reconsideration.received }}".
  std::string text;
  // Where it starts in the text: byte offset, and line and column (1-based; the column counts
  // characters, so a clerk's editor shows the same).
  size_t offset = 0;
  int line = 1;
  int column = 1;
  BuiltIn builtin = BuiltIn::kNone;
  // Empty for a built-in variable.
  Expression expression;
  // The format written after '|', or the default one.
  FigureFormat format = FigureFormat::kCount;

  // "placeholder "{{ … }}" at line 3, column 12", the start of every message about it.
  std::string Describe() const;
};

// A run of literal text, or one placeholder.
struct Segment {
  std::string literal;
  std::optional<Placeholder> placeholder;
};

struct ParsedText {
  std::vector<Segment> segments;

  size_t placeholder_count() const;
};

// Splits text into literal runs and placeholders and parses each placeholder. INVALID_ARGUMENT
// for invalid UTF-8 (with its line and column, naming the placeholder it is in), a "{{" without
// "}}", a "}}" without "{{", a placeholder over kMaxPlaceholderBytes, more than
// kMaxPlaceholders placeholders, an unparsable expression, an unknown case field, an undefined
// $name and an unknown format.
absl::StatusOr<ParsedText> ParseText(absl::string_view text,
                                     const FigureDefinitions& definitions = FigureDefinitions());

// Every figure the text needs, each once, in FigureRef order: one batch for the statistics and
// cases services.
std::vector<FigureRef> CollectFigures(const ParsedText& text);

// The built-in variables, given by the caller.
struct TextVariables {
  // The report's year: {{year}} is 2021, {{next_year}} 2022; also named in "no figure" errors.
  int year = 0;
  // 济源市人民政府 and 济源市 (as the unit registry names the report's unit).
  std::string unit_name;
  std::string unit_short_name;
};

// One placeholder's value, kept beside the rendered text so a reader (and a consistency check)
// has the exact number and what it was made of.
struct ResolvedFigure {
  std::string placeholder;
  std::string rendered;
  int64_t numerator = 0;
  // 1 unless a ratio.
  int64_t denominator = 1;
  // The format's name ("count", "percent"…); empty for a built-in variable, whose numerator is
  // the year for year and next_year, 0 for the unit names.
  std::string format;
  // Every figure used, once each, with its value.
  std::vector<std::pair<FigureRef, int64_t>> inputs;
};

struct RenderedText {
  std::string text;
  // One per placeholder, in text order.
  std::vector<ResolvedFigure> figures;
};

// Fills every placeholder. INVALID_ARGUMENT naming the placeholder for a figure that is missing
// from figures or has no value ("no figure for reconsideration.received@jiyuan in 2021"), a zero
// denominator, an overflow, a negative approximate value, and a built-in variable not given.
absl::StatusOr<RenderedText> EvaluateText(const ParsedText& text,
                                          const std::map<FigureRef, FigureValue>& figures,
                                          const TextVariables& variables);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_PLACEHOLDER_H_

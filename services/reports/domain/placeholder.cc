#include "services/reports/domain/placeholder.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/validation/text.h"

namespace fazhi::reports {
namespace {

constexpr absl::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD
// Parentheses nest at most this deep: enough for any sum a clerk writes, and it bounds recursion.
constexpr int kMaxNesting = 32;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

// The byte length a UTF-8 lead byte announces; 0 for a byte that cannot start a character.
size_t SequenceLength(char byte) {
  auto c = static_cast<unsigned char>(byte);
  if (c < 0x80) return 1;
  if ((c & 0xe0) == 0xc0) return 2;
  if ((c & 0xf0) == 0xe0) return 3;
  if ((c & 0xf8) == 0xf0) return 4;
  return 0;
}

// Length of the valid character at s[i], or 0.
size_t ValidCharacterAt(absl::string_view s, size_t i) {
  size_t n = SequenceLength(s[i]);
  if (n == 0 || i + n > s.size() || !validation::IsValidUtf8(s.substr(i, n))) return 0;
  return n;
}

size_t FirstInvalidUtf8(absl::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = ValidCharacterAt(s, i);
    if (n == 0) return i;
    i += n;
  }
  return absl::string_view::npos;
}

// s with each invalid byte shown as U+FFFD, so a message about it stays valid UTF-8.
std::string Sanitized(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t n = ValidCharacterAt(s, i);
    if (n == 0) {
      out.append(kReplacementCharacter.data(), kReplacementCharacter.size());
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

// The first max_chars characters of s, with "…" when cut.
std::string Shortened(absl::string_view s, size_t max_chars) {
  size_t i = 0, chars = 0;
  while (i < s.size() && chars < max_chars) {
    size_t n = SequenceLength(s[i]);
    i += std::max<size_t>(n, 1);
    ++chars;
  }
  if (i >= s.size()) return Sanitized(s);
  return absl::StrCat(Sanitized(s.substr(0, i)), "…");
}

// Line and column (in characters) of a byte offset, moving forward only: one pass over the text
// however many placeholders it holds.
class Cursor {
 public:
  explicit Cursor(absl::string_view text) : text_(text) {}
  void AdvanceTo(size_t offset) {
    for (; pos_ < offset && pos_ < text_.size(); ++pos_) {
      char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) {
        ++column_;
      }
    }
  }
  int line() const { return line_; }
  int column() const { return column_; }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
  int line_ = 1;
  int column_ = 1;
};

std::string Where(int line, int column) { return absl::StrCat("line ", line, ", column ", column); }

// ---- Expressions, as written (before definitions are expanded).

struct Term {
  enum class Kind { kFigure, kConstant, kDefinition, kGroup };
  Kind kind = Kind::kConstant;
  bool negative = false;
  FigureRef figure;
  int64_t constant = 0;
  std::string name;
  std::vector<Term> group;
};

struct Ast {
  std::vector<Term> numerator;
  std::optional<std::vector<Term>> denominator;
};

constexpr absl::string_view kBuiltInNames[] = {"year", "next_year", "unit.name", "unit.short_name"};

BuiltIn BuiltInNamed(absl::string_view name) {
  for (size_t i = 0; i < std::size(kBuiltInNames); ++i) {
    if (kBuiltInNames[i] == name) return static_cast<BuiltIn>(i + 1);
  }
  return BuiltIn::kNone;
}

bool IsDefinitionName(absl::string_view name) {
  if (name.empty() || name.size() > 63 || !IsLower(name.front())) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return IsLower(c) || IsDigit(c) || c == '_'; });
}

class ExpressionParser {
 public:
  explicit ExpressionParser(absl::string_view text) : s_(text) {}

  absl::StatusOr<Ast> Parse() {
    Ast ast;
    absl::StatusOr<std::vector<Term>> numerator = ParseSum(0);
    if (!numerator.ok()) return numerator.status();
    ast.numerator = *std::move(numerator);
    SkipSpace();
    if (At('/')) {
      ++pos_;
      absl::StatusOr<std::vector<Term>> denominator = ParseSum(0);
      if (!denominator.ok()) return denominator.status();
      ast.denominator = *std::move(denominator);
      SkipSpace();
      if (At('/')) {
        return absl::InvalidArgumentError(
            "only one division is allowed: write a / (b + c), not a / b / c");
      }
    }
    if (pos_ < s_.size()) {
      if (At(')')) return absl::InvalidArgumentError("')' without a matching '('");
      return Unexpected("'+', '-', '/' or the end of the expression");
    }
    return ast;
  }

 private:
  absl::StatusOr<std::vector<Term>> ParseSum(int depth) {
    std::vector<Term> terms;
    bool minus = false;
    while (true) {
      absl::StatusOr<Term> term = ParseTerm(depth);
      if (!term.ok()) return term.status();
      if (minus) term->negative = !term->negative;
      terms.push_back(*std::move(term));
      SkipSpace();
      if (!At('+') && !At('-')) return terms;
      minus = At('-');
      ++pos_;
      SkipSpace();
      // A unary sign only opens a sum: "a + -3" is more likely a slip than meant.
      if (At('+') || At('-')) return Unexpected("a figure, a number, $name or '('");
    }
  }

  absl::StatusOr<Term> ParseTerm(int depth) {
    SkipSpace();
    if (pos_ >= s_.size()) {
      return absl::InvalidArgumentError(
          "the expression ends where a figure, a number, $name or '(' should follow");
    }
    char c = s_[pos_];
    Term term;
    if (c == '-') {
      ++pos_;
      SkipSpace();
      if (At('-') || At('+')) return Unexpected("a figure, a number, $name or '('");
      absl::StatusOr<Term> negated = ParseTerm(depth);
      if (!negated.ok()) return negated.status();
      negated->negative = !negated->negative;
      return negated;
    }
    if (c == '(') {
      if (depth >= kMaxNesting) {
        return absl::InvalidArgumentError(
            absl::StrCat("parentheses nested deeper than ", kMaxNesting));
      }
      ++pos_;
      absl::StatusOr<std::vector<Term>> group = ParseSum(depth + 1);
      if (!group.ok()) return group.status();
      SkipSpace();
      if (At('/')) {
        return absl::InvalidArgumentError(
            "a ratio cannot be part of a sum: the division must be outermost, a / (b + c)");
      }
      if (!At(')')) return Unexpected("')'");
      ++pos_;
      term.kind = Term::Kind::kGroup;
      term.group = *std::move(group);
      return term;
    }
    if (c == '$') {
      ++pos_;
      absl::string_view name = Word([](char w) { return IsLower(w) || IsDigit(w) || w == '_'; });
      if (!IsDefinitionName(name)) {
        return absl::InvalidArgumentError(
            "'$' must be followed by a definition's name: a lower-case letter, then a-z, 0-9, _");
      }
      term.kind = Term::Kind::kDefinition;
      term.name = std::string(name);
      return term;
    }
    if (IsDigit(c)) {
      absl::string_view digits = Word([](char w) { return IsDigit(w); });
      absl::string_view rest = Word(
          [](char w) { return IsLower(w) || IsUpper(w) || IsDigit(w) || w == '_' || w == '.'; });
      if (!rest.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "'", digits, rest, "' is neither a number nor a figure (codes start with a letter)"));
      }
      if (!absl::SimpleAtoi(digits, &term.constant)) {
        return absl::InvalidArgumentError(absl::StrCat("the number ", digits, " is too large"));
      }
      term.kind = Term::Kind::kConstant;
      return term;
    }
    if (IsLower(c) || IsUpper(c)) {
      size_t start = pos_;
      Word([](char w) { return IsLower(w) || IsUpper(w) || IsDigit(w) || w == '_' || w == '.'; });
      if (At('@')) {
        ++pos_;
        Word([](char w) { return IsLower(w) || IsUpper(w) || IsDigit(w) || w == '-'; });
      }
      absl::string_view word = s_.substr(start, pos_ - start);
      if (std::any_of(word.begin(), word.end(), IsUpper)) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", word, "' has upper-case letters; codes and unit ids are lower-case"));
      }
      if (BuiltInNamed(word) != BuiltIn::kNone) {
        return absl::InvalidArgumentError(absl::StrCat("the built-in variable ", word,
                                                       " stands alone in its placeholder: {{", word,
                                                       "}}, with no arithmetic"));
      }
      if (absl::StartsWith(word, "unit.")) {
        return absl::InvalidArgumentError(
            absl::StrCat("unknown built-in variable '", word,
                         "'; the unit's variables are unit.name and unit.short_name"));
      }
      absl::StatusOr<FigureRef> ref = ParseFigureRef(word);
      if (!ref.ok()) return ref.status();
      term.kind = Term::Kind::kFigure;
      term.figure = *std::move(ref);
      return term;
    }
    return Unexpected("a figure, a number, $name or '('");
  }

  template <typename Pred>
  absl::string_view Word(Pred pred) {
    size_t start = pos_;
    while (pos_ < s_.size() && pred(s_[pos_])) ++pos_;
    return s_.substr(start, pos_ - start);
  }

  absl::Status Unexpected(absl::string_view expected) {
    if (pos_ >= s_.size()) {
      return absl::InvalidArgumentError(
          absl::StrCat("the expression ends where ", expected, " should follow"));
    }
    size_t n = std::max<size_t>(SequenceLength(s_[pos_]), 1);
    return absl::InvalidArgumentError(absl::StrCat("unexpected '", Sanitized(s_.substr(pos_, n)),
                                                   "' where ", expected, " should follow"));
  }

  void SkipSpace() {
    while (pos_ < s_.size() && IsSpace(s_[pos_])) ++pos_;
  }
  bool At(char c) const { return pos_ < s_.size() && s_[pos_] == c; }

  absl::string_view s_;
  size_t pos_ = 0;
};

// ---- Expansion into linear sums.

absl::Status Add(int64_t* total, int64_t a) {
  if (__builtin_add_overflow(*total, a, total)) {
    return absl::InvalidArgumentError("the numbers overflow 64-bit integers");
  }
  return absl::OkStatus();
}

absl::Status AddFigure(LinearSum* sum, const FigureRef& ref, int64_t coefficient) {
  for (auto& [r, c] : sum->terms) {
    if (r == ref) return Add(&c, coefficient);
  }
  sum->terms.emplace_back(ref, coefficient);
  return absl::OkStatus();
}

// Looks a definition up (expanding it first when needed); nullptr with OK status: undefined.
using DefinitionLookup = std::function<absl::StatusOr<const Expression*>(const std::string&)>;

absl::Status AddTerms(const std::vector<Term>& terms, int64_t sign, const DefinitionLookup& lookup,
                      LinearSum* sum) {
  for (const Term& term : terms) {
    int64_t s = term.negative ? -sign : sign;
    switch (term.kind) {
      case Term::Kind::kFigure:
        if (absl::Status st = AddFigure(sum, term.figure, s); !st.ok()) return st;
        break;
      case Term::Kind::kConstant:
        if (absl::Status st = Add(&sum->constant, s * term.constant); !st.ok()) return st;
        break;
      case Term::Kind::kGroup:
        if (absl::Status st = AddTerms(term.group, s, lookup, sum); !st.ok()) return st;
        break;
      case Term::Kind::kDefinition: {
        absl::StatusOr<const Expression*> found = lookup(term.name);
        if (!found.ok()) return found.status();
        if (*found == nullptr) {
          return absl::InvalidArgumentError(absl::StrCat("$", term.name, " is not defined"));
        }
        const Expression& e = **found;
        if (e.is_ratio()) {
          return absl::InvalidArgumentError(
              absl::StrCat("$", term.name, " is a ratio, so it can only stand alone: {{ $",
                           term.name, " }} or {{ $", term.name, " | percent0 }}"));
        }
        for (const auto& [ref, coefficient] : e.numerator.terms) {
          if (absl::Status st = AddFigure(sum, ref, s * coefficient); !st.ok()) return st;
        }
        if (absl::Status st = Add(&sum->constant, s * e.numerator.constant); !st.ok()) return st;
        break;
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Expression> Expand(const Ast& ast, const DefinitionLookup& lookup) {
  // A lone $name keeps its definition whole, so a ratio definition can be printed.
  if (!ast.denominator && ast.numerator.size() == 1 &&
      ast.numerator[0].kind == Term::Kind::kDefinition && !ast.numerator[0].negative) {
    const std::string& name = ast.numerator[0].name;
    absl::StatusOr<const Expression*> found = lookup(name);
    if (!found.ok()) return found.status();
    if (*found == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("$", name, " is not defined"));
    }
    return **found;
  }
  Expression e;
  if (absl::Status s = AddTerms(ast.numerator, 1, lookup, &e.numerator); !s.ok()) return s;
  if (ast.denominator) {
    e.denominator.emplace();
    if (absl::Status s = AddTerms(*ast.denominator, 1, lookup, &*e.denominator); !s.ok()) return s;
  }
  return e;
}

std::string SumToString(const LinearSum& sum) {
  std::string out;
  for (const auto& [ref, coefficient] : sum.terms) {
    if (coefficient == 0) continue;
    if (!out.empty()) absl::StrAppend(&out, coefficient < 0 ? " - " : " + ");
    if (out.empty() && coefficient < 0) out = "-";
    int64_t magnitude = coefficient < 0 ? -coefficient : coefficient;
    if (magnitude != 1) absl::StrAppend(&out, magnitude, " × ");
    absl::StrAppend(&out, ref.ToString());
  }
  if (sum.constant != 0 || out.empty()) {
    if (out.empty()) {
      absl::StrAppend(&out, sum.constant);
    } else {
      absl::StrAppend(&out, sum.constant < 0 ? " - " : " + ",
                      sum.constant < 0 ? -sum.constant : sum.constant);
    }
  }
  return out;
}

// The format a placeholder gets when it names none (see the header).
absl::StatusOr<FigureFormat> DefaultFormat(const Expression& e) {
  if (e.is_ratio()) return FigureFormat::kPercent;
  std::vector<FigureRef> figures = e.Figures();
  for (const FigureRef& ref : figures) {
    if (IsMoneyFen(ref)) {
      return absl::InvalidArgumentError(absl::StrCat(
          ref.ToString(),
          " is money in 分, so the placeholder must name its format: | wan_yuan, | yi_yuan, "
          "| yuan or | approx_wan_yuan"));
    }
  }
  if (!figures.empty() && std::all_of(figures.begin(), figures.end(), IsBasisPoints)) {
    return FigureFormat::kPercent;
  }
  return FigureFormat::kCount;
}

absl::Status PlaceholderError(const Placeholder& p, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(p.Describe(), ": ", message));
}

// Parses the inside of a placeholder into p.
absl::Status ParsePlaceholder(absl::string_view inner, const FigureDefinitions& definitions,
                              Placeholder* p) {
  absl::string_view expression = inner;
  std::optional<absl::string_view> format_name;
  if (size_t bar = inner.find('|'); bar != absl::string_view::npos) {
    expression = inner.substr(0, bar);
    absl::string_view after = inner.substr(bar + 1);
    if (after.find('|') != absl::string_view::npos) {
      return PlaceholderError(*p, "only one '|' is allowed, followed by one format");
    }
    format_name = absl::StripAsciiWhitespace(after);
    if (format_name->empty()) {
      return PlaceholderError(*p, absl::StrCat("'|' must be followed by a format: ",
                                               absl::StrJoin(FigureFormatNames(), ", ")));
    }
  }
  expression = absl::StripAsciiWhitespace(expression);
  if (expression.empty()) {
    return PlaceholderError(
        *p, "the placeholder is empty: write a figure, such as {{ reconsideration.received }}");
  }
  if (BuiltIn builtin = BuiltInNamed(expression); builtin != BuiltIn::kNone) {
    if (format_name) {
      return PlaceholderError(
          *p, absl::StrCat("the built-in variable ", expression, " takes no format"));
    }
    p->builtin = builtin;
    return absl::OkStatus();
  }
  absl::StatusOr<Ast> ast = ExpressionParser(expression).Parse();
  if (!ast.ok()) return PlaceholderError(*p, ast.status().message());
  absl::StatusOr<Expression> expanded =
      Expand(*ast, [&definitions](const std::string& name) -> absl::StatusOr<const Expression*> {
        return definitions.Find(name);
      });
  if (!expanded.ok()) return PlaceholderError(*p, expanded.status().message());
  p->expression = *std::move(expanded);
  absl::StatusOr<FigureFormat> format =
      format_name ? ParseFigureFormat(*format_name) : DefaultFormat(p->expression);
  if (!format.ok()) return PlaceholderError(*p, format.status().message());
  p->format = *format;
  return absl::OkStatus();
}

}  // namespace

std::vector<FigureRef> Expression::Figures() const {
  std::vector<FigureRef> out;
  auto add = [&out](const LinearSum& sum) {
    for (const auto& term : sum.terms) {
      if (std::find(out.begin(), out.end(), term.first) == out.end()) out.push_back(term.first);
    }
  };
  add(numerator);
  if (denominator) add(*denominator);
  return out;
}

// ---- Definitions.

absl::StatusOr<FigureDefinitions> FigureDefinitions::Parse(
    const std::vector<std::pair<std::string, std::string>>& definitions) {
  if (definitions.size() > kMaxDefinitions) {
    return absl::InvalidArgumentError(absl::StrCat("a template may name at most ", kMaxDefinitions,
                                                   " definitions, not ", definitions.size()));
  }
  std::map<std::string, Ast, std::less<>> asts;
  std::map<std::string, std::string, std::less<>> texts;
  for (const auto& [name, text] : definitions) {
    std::string label = absl::StrCat("definition $", Shortened(name, 63));
    if (!IsDefinitionName(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": a name is a lower-case letter, then up to 62 of a-z, 0-9 and _"));
    }
    if (BuiltInNamed(name) != BuiltIn::kNone) {
      // $year would read as {{year}}'s twin and confuse every reader.
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": the name of a built-in variable cannot be defined"));
    }
    label = absl::StrCat(label, " = \"", Shortened(text, 80), "\"");
    if (text.size() > kMaxPlaceholderBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(label, ": longer than ", kMaxPlaceholderBytes, " bytes"));
    }
    if (!validation::IsValidUtf8(text)) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": not valid UTF-8"));
    }
    if (asts.count(name) > 0) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": $", name, " is defined twice"));
    }
    absl::string_view expression = absl::StripAsciiWhitespace(text);
    if (expression.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(label, ": the expression is empty"));
    }
    if (BuiltInNamed(expression) != BuiltIn::kNone) {
      return absl::InvalidArgumentError(absl::StrCat(
          label, ": a built-in variable stands only in its own placeholder, {{", expression, "}}"));
    }
    absl::StatusOr<Ast> ast = ExpressionParser(expression).Parse();
    if (!ast.ok())
      return absl::InvalidArgumentError(absl::StrCat(label, ": ", ast.status().message()));
    asts.emplace(name, *std::move(ast));
    texts.emplace(name, absl::StrCat(label));
  }

  // Expand depth first; a definition met again while it is being expanded closes a cycle.
  FigureDefinitions out;
  std::vector<std::string> path;
  std::function<absl::StatusOr<const Expression*>(const std::string&)> expand =
      [&](const std::string& name) -> absl::StatusOr<const Expression*> {
    if (auto done = out.expressions_.find(name); done != out.expressions_.end()) {
      return &done->second;
    }
    auto ast = asts.find(name);
    if (ast == asts.end()) return nullptr;
    if (auto on_path = std::find(path.begin(), path.end(), name); on_path != path.end()) {
      std::vector<std::string> cycle(on_path, path.end());
      cycle.push_back(name);
      return absl::InvalidArgumentError(absl::StrCat(
          "definitions refer to each other in a cycle: $", absl::StrJoin(cycle, " → $")));
    }
    path.push_back(name);
    absl::StatusOr<Expression> e = Expand(ast->second, expand);
    path.pop_back();
    if (!e.ok()) {
      // A cycle's message is already complete; anything else gets the definition's name.
      if (absl::StartsWith(e.status().message(), "definition")) return e.status();
      return absl::InvalidArgumentError(
          absl::StrCat(texts.find(name)->second, ": ", e.status().message()));
    }
    return &out.expressions_.emplace(name, *std::move(e)).first->second;
  };
  for (const auto& entry : asts) {
    absl::StatusOr<const Expression*> e = expand(entry.first);
    if (!e.ok()) return e.status();
  }
  return out;
}

absl::StatusOr<FigureDefinitions> FigureDefinitions::ParseLines(absl::string_view text) {
  std::vector<std::pair<std::string, std::string>> definitions;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    size_t equals = line.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("definitions line ", line_number, " \"",
                                                     Shortened(line, 80),
                                                     "\": expected name = expression"));
    }
    absl::string_view name = absl::StripAsciiWhitespace(line.substr(0, equals));
    absl::ConsumePrefix(&name, "$");
    definitions.emplace_back(std::string(name),
                             std::string(absl::StripAsciiWhitespace(line.substr(equals + 1))));
  }
  absl::StatusOr<FigureDefinitions> parsed = Parse(definitions);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("definitions: ", parsed.status().message()));
  }
  return parsed;
}

const Expression* FigureDefinitions::Find(absl::string_view name) const {
  auto it = expressions_.find(name);
  return it == expressions_.end() ? nullptr : &it->second;
}

// ---- Texts.

std::string Placeholder::Describe() const {
  return absl::StrCat("placeholder \"", text, "\" at ", Where(line, column));
}

size_t ParsedText::placeholder_count() const {
  return std::count_if(segments.begin(), segments.end(),
                       [](const Segment& s) { return s.placeholder.has_value(); });
}

absl::StatusOr<ParsedText> ParseText(absl::string_view text, const FigureDefinitions& definitions) {
  ParsedText out;
  Cursor cursor(text);
  size_t count = 0;
  size_t pos = 0;
  auto add_literal = [&](size_t end) -> absl::Status {
    absl::string_view literal = text.substr(pos, end - pos);
    if (size_t bad = FirstInvalidUtf8(literal); bad != absl::string_view::npos) {
      cursor.AdvanceTo(pos + bad);
      return absl::InvalidArgumentError(
          absl::StrCat("the text is not valid UTF-8 at ", Where(cursor.line(), cursor.column())));
    }
    if (!literal.empty()) out.segments.push_back(Segment{std::string(literal), std::nullopt});
    return absl::OkStatus();
  };
  while (pos < text.size()) {
    size_t open = text.find("{{", pos);
    size_t stray = text.find("}}", pos);
    if (stray < open) {
      if (absl::Status s = add_literal(stray); !s.ok()) return s;
      cursor.AdvanceTo(stray);
      return absl::InvalidArgumentError(absl::StrCat("\"}}\" at ",
                                                     Where(cursor.line(), cursor.column()),
                                                     " closes no placeholder: \"{{\" is missing"));
    }
    if (absl::Status s = add_literal(open == absl::string_view::npos ? text.size() : open);
        !s.ok()) {
      return s;
    }
    if (open == absl::string_view::npos) break;

    Placeholder p;
    cursor.AdvanceTo(open);
    p.offset = open;
    p.line = cursor.line();
    p.column = cursor.column();
    size_t close = text.find("}}", open + 2);
    size_t end_of_line = text.find('\n', open);
    size_t next_open = text.find("{{", open + 2);
    if (close == absl::string_view::npos || close > end_of_line || next_open < close) {
      size_t stop = std::min({end_of_line, next_open, text.size()});
      p.text = Shortened(text.substr(open, stop - open), 40);
      return PlaceholderError(p, "not closed with \"}}\" on its line");
    }
    absl::string_view raw = text.substr(open, close + 2 - open);
    if (++count > kMaxPlaceholders) {
      p.text = Shortened(raw, 40);
      return PlaceholderError(
          p, absl::StrCat("a text may hold at most ", kMaxPlaceholders, " placeholders"));
    }
    if (raw.size() > kMaxPlaceholderBytes) {
      p.text = Shortened(raw, 40);
      return PlaceholderError(p,
                              absl::StrCat("a placeholder may hold at most ", kMaxPlaceholderBytes,
                                           " bytes, this one ", raw.size()));
    }
    if (FirstInvalidUtf8(raw) != absl::string_view::npos) {
      p.text = Sanitized(raw);
      return PlaceholderError(p, "not valid UTF-8 (the bad bytes are shown as \xEF\xBF\xBD)");
    }
    p.text = std::string(raw);
    if (absl::Status s = ParsePlaceholder(raw.substr(2, raw.size() - 4), definitions, &p);
        !s.ok()) {
      return s;
    }
    out.segments.push_back(Segment{std::string(), std::move(p)});
    pos = close + 2;
  }
  return out;
}

std::vector<FigureRef> CollectFigures(const ParsedText& text) {
  std::vector<FigureRef> out;
  for (const Segment& segment : text.segments) {
    if (!segment.placeholder) continue;
    for (FigureRef& ref : segment.placeholder->expression.Figures()) out.push_back(std::move(ref));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

class Evaluator {
 public:
  Evaluator(const std::map<FigureRef, FigureValue>& figures, int year)
      : figures_(figures), year_(year) {}

  absl::StatusOr<int64_t> Sum(const LinearSum& sum,
                              std::vector<std::pair<FigureRef, int64_t>>* inputs) {
    int64_t total = sum.constant;
    for (const auto& [ref, coefficient] : sum.terms) {
      auto it = figures_.find(ref);
      if (it == figures_.end() || !it->second.has_value) {
        return absl::InvalidArgumentError(absl::StrCat(
            "no figure for ", ref.ToString(),
            ref.department_id.empty() ? " (the report's own unit)" : "", " in ", year_));
      }
      int64_t value = it->second.value;
      if (std::none_of(inputs->begin(), inputs->end(),
                       [&ref = ref](const auto& input) { return input.first == ref; })) {
        inputs->emplace_back(ref, value);
      }
      int64_t product;
      if (__builtin_mul_overflow(value, coefficient, &product)) {
        return absl::InvalidArgumentError("the numbers overflow 64-bit integers");
      }
      if (absl::Status s = Add(&total, product); !s.ok()) return s;
    }
    return total;
  }

 private:
  const std::map<FigureRef, FigureValue>& figures_;
  int year_;
};

}  // namespace

absl::StatusOr<RenderedText> EvaluateText(const ParsedText& text,
                                          const std::map<FigureRef, FigureValue>& figures,
                                          const TextVariables& variables) {
  RenderedText out;
  Evaluator evaluator(figures, variables.year);
  for (const Segment& segment : text.segments) {
    if (!segment.placeholder) {
      out.text.append(segment.literal);
      continue;
    }
    const Placeholder& p = *segment.placeholder;
    ResolvedFigure r;
    r.placeholder = p.text;
    switch (p.builtin) {
      case BuiltIn::kYear:
      case BuiltIn::kNextYear:
        if (variables.year <= 0) return PlaceholderError(p, "the report's year is not given");
        r.numerator = variables.year + (p.builtin == BuiltIn::kNextYear ? 1 : 0);
        r.rendered = absl::StrCat(r.numerator);
        break;
      case BuiltIn::kUnitName:
      case BuiltIn::kUnitShortName: {
        const std::string& name =
            p.builtin == BuiltIn::kUnitName ? variables.unit_name : variables.unit_short_name;
        if (name.empty()) return PlaceholderError(p, "the unit's name is not given");
        r.rendered = name;
        break;
      }
      case BuiltIn::kNone: {
        absl::StatusOr<int64_t> numerator = evaluator.Sum(p.expression.numerator, &r.inputs);
        if (!numerator.ok()) return PlaceholderError(p, numerator.status().message());
        r.numerator = *numerator;
        absl::StatusOr<std::string> rendered;
        if (p.expression.is_ratio()) {
          absl::StatusOr<int64_t> denominator = evaluator.Sum(*p.expression.denominator, &r.inputs);
          if (!denominator.ok()) return PlaceholderError(p, denominator.status().message());
          if (*denominator == 0) {
            return PlaceholderError(p, absl::StrCat("division by zero: the denominator ",
                                                    SumToString(*p.expression.denominator),
                                                    " is 0 in ", variables.year));
          }
          r.denominator = *denominator;
          rendered = FormatRatio(p.format, r.numerator, r.denominator);
        } else {
          rendered = FormatValue(p.format, r.numerator);
        }
        if (!rendered.ok()) return PlaceholderError(p, rendered.status().message());
        r.rendered = *std::move(rendered);
        r.format = std::string(FigureFormatName(p.format));
        break;
      }
    }
    out.text.append(r.rendered);
    out.figures.push_back(std::move(r));
  }
  return out;
}

}  // namespace fazhi::reports

#include "services/statistics/domain/validation_rule.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "absl/numeric/int128.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/validation/text.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::statistics {
namespace {

constexpr size_t kMaxExpressionBytes = 1000;
constexpr size_t kMaxTerms = 100;
// Constants and coefficients stay far below int64 so that sums of products of them with stored
// figures fit comfortably in the 128-bit accumulators.
constexpr int64_t kMaxConstant = 1000000000000000;  // 10^15

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.';
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Positions are reported in characters, as a clerk counts them, 1-based.
int Column(absl::string_view text, size_t pos) {
  return static_cast<int>(validation::CharacterCount(text.substr(0, pos))) + 1;
}

// A quotable rendering of untrusted text for error messages.
std::string Quote(absl::string_view s) {
  return validation::IsValidUtf8(s) ? std::string(validation::Excerpt(s, 100)) : "?";
}

// A hand-rolled scanner: the grammar is three tokens deep, so a parser generator would be more
// code than the parser.
class Scanner {
 public:
  Scanner(absl::string_view text, absl::string_view field) : text_(text), field_(field) {}

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  void Advance() { ++pos_; }

  absl::string_view Word() {
    size_t start = pos_;
    while (pos_ < text_.size() && IsWordChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  absl::Status Error(size_t pos, absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(field_, ": ", what, " at column ",
                                                   Column(text_, pos),
                                                   pos >= text_.size() ? " (the end)" : ""));
  }
  // What is at pos, for "found ..." in messages.
  std::string Found(size_t pos) const {
    if (pos >= text_.size()) return "nothing";
    size_t end = pos + 1;
    while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    return absl::StrCat("'", Quote(text_.substr(pos, end - pos)), "'");
  }

  absl::StatusOr<int64_t> Number(absl::string_view word, size_t pos) const {
    int64_t n = 0;
    if (word.size() > 16 || !absl::SimpleAtoi(word, &n) || n > kMaxConstant) {
      return Error(pos, absl::StrCat("the number ", word.substr(0, 20), " is too large (at most ",
                                     kMaxConstant, ")"));
    }
    return n;
  }

  absl::StatusOr<std::string> Code(absl::string_view word, size_t pos) const {
    if (!CheckIndicatorCode(word, "").ok()) {
      return Error(pos, absl::StrCat("'", Quote(word),
                                     "' is not an indicator code (lower-case words of a-z, 0-9 "
                                     "and _ joined by '.')"));
    }
    return std::string(word);
  }

 private:
  absl::string_view text_;
  absl::string_view field_;
  size_t pos_ = 0;
};

absl::Status CheckLength(absl::string_view text, absl::string_view field) {
  if (!validation::IsValidUtf8(text)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": not valid UTF-8"));
  }
  if (text.size() > kMaxExpressionBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": longer than ", kMaxExpressionBytes, " characters"));
  }
  return absl::OkStatus();
}

absl::string_view ComparisonSymbol(Comparison c) {
  switch (c) {
    case Comparison::kEq:
      return "==";
    case Comparison::kNe:
      return "!=";
    case Comparison::kLt:
      return "<";
    case Comparison::kLe:
      return "<=";
    case Comparison::kGt:
      return ">";
    case Comparison::kGe:
      return ">=";
    case Comparison::kRatio:
      return "~";
    case Comparison::kUnspecified:
      break;
  }
  return "?";
}

std::string Int128Text(absl::int128 v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// Basis points as a percentage with two decimals: 3341 -> "33.41%".
std::string Percent(absl::int128 bp) {
  std::string sign = bp < 0 ? "-" : "";
  absl::int128 a = bp < 0 ? -bp : bp;
  int64_t cents = static_cast<int64_t>(a % 100);
  return absl::StrCat(sign, Int128Text(a / 100), ".", cents < 10 ? "0" : "", cents, "%");
}

struct Side {
  absl::int128 total = 0;
  int codes = 0;
  std::vector<std::string> missing;
  // The present terms as the reader checks them: "55", "2 * 7", "- 9".
  std::vector<std::pair<int64_t, int64_t>> shown;  // (coefficient or 0 for a constant, value)
};

Side EvaluateSide(const Expression& e, const Values& values) {
  Side side;
  for (const Term& t : e.terms) {
    if (t.code.empty()) {
      side.total += t.coefficient;
      side.shown.emplace_back(0, t.coefficient);
      continue;
    }
    ++side.codes;
    auto it = values.find(t.code);
    if (it == values.end()) {
      side.missing.push_back(t.code);
      continue;
    }
    side.total += absl::int128(t.coefficient) * it->second;
    side.shown.emplace_back(t.coefficient, it->second);
  }
  return side;
}

// "55 + 32 + 44 + 9 = 140"; a single plain figure is just "145". Missing figures are left out
// of the sum (they count as 0) and named in the message instead.
std::string SideText(const Side& side) {
  if (side.shown.empty()) return "0";
  std::string text;
  for (size_t i = 0; i < side.shown.size(); ++i) {
    auto [coefficient, value] = side.shown[i];
    bool negative = coefficient == 0 ? value < 0 : coefficient < 0;
    int64_t magnitude = coefficient == 0 ? (value < 0 ? -value : value) : value;
    int64_t factor = coefficient < 0 ? -coefficient : coefficient;
    if (i == 0) {
      if (negative) text += "-";
    } else {
      text += negative ? " - " : " + ";
    }
    if (coefficient != 0 && factor != 1) absl::StrAppend(&text, factor, " * ");
    absl::StrAppend(&text, magnitude);
  }
  bool plain = side.shown.size() == 1 && (side.shown[0].first == 0 || side.shown[0].first == 1);
  if (plain) return text;
  return absl::StrCat(text, " = ", Int128Text(side.total));
}

absl::string_view ChineseRelation(Comparison c) {
  switch (c) {
    case Comparison::kEq:
      return "等于";
    case Comparison::kNe:
      return "不等于";
    case Comparison::kLt:
      return "小于";
    case Comparison::kLe:
      return "不大于";
    case Comparison::kGt:
      return "大于";
    case Comparison::kGe:
      return "不小于";
    default:
      return "";
  }
}

bool Holds(Comparison c, absl::int128 l, absl::int128 r) {
  switch (c) {
    case Comparison::kEq:
      return l == r;
    case Comparison::kNe:
      return l != r;
    case Comparison::kLt:
      return l < r;
    case Comparison::kLe:
      return l <= r;
    case Comparison::kGt:
      return l > r;
    case Comparison::kGe:
      return l >= r;
    default:
      return false;
  }
}

std::string MissingNote(const Side& left, const Side& right) {
  std::vector<std::string> missing = left.missing;
  missing.insert(missing.end(), right.missing.begin(), right.missing.end());
  if (missing.empty()) return "";
  std::string list = absl::StrJoin(missing, ", ");
  return absl::StrCat("（缺报按 0 计：", list, "） (missing, counted as 0: ", list, ")");
}

ValidationRule Rule(std::string id, std::string name, std::string left, Comparison comparison,
                    std::string right, RuleImportance importance,
                    MissingValueStrategy missing = MissingValueStrategy::kSkipIfAnyMissing,
                    int64_t tolerance = 0) {
  ValidationRule r;
  r.id = std::move(id);
  r.name = std::move(name);
  r.left = std::move(left);
  r.comparison = comparison;
  r.right = std::move(right);
  r.importance = importance;
  r.missing_value_strategy = missing;
  r.tolerance_basis_points = tolerance;
  r.period_type = time_util::PeriodType::kYear;
  return r;
}

}  // namespace

absl::StatusOr<Expression> ParseExpression(absl::string_view text, absl::string_view field) {
  if (absl::Status s = CheckLength(text, field); !s.ok()) return s;
  Scanner in(text, field);
  Expression e;
  in.SkipSpace();
  if (in.AtEnd()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     " is required: a sum of indicator codes and whole numbers, e.g. "
                     "\"audit.projects_national + audit.projects_provincial\""));
  }
  bool negative = false;
  if (in.Peek() == '-' || in.Peek() == '+') {
    negative = in.Peek() == '-';
    in.Advance();
    in.SkipSpace();
  }
  while (true) {
    size_t start = in.pos();
    absl::string_view word = in.Word();
    if (word.empty()) {
      return in.Error(start, absl::StrCat("expected an indicator code or a whole number, found ",
                                          in.Found(start)));
    }
    Term term;
    term.column = Column(text, start);
    in.SkipSpace();
    if (in.Peek() == '*') {
      size_t star = in.pos();
      if (!AllDigits(word)) {
        return in.Error(star, "a coefficient comes first, as in 2 * a.b: expected + or -");
      }
      absl::StatusOr<int64_t> n = in.Number(word, start);
      if (!n.ok()) return n.status();
      in.Advance();
      in.SkipSpace();
      size_t code_start = in.pos();
      absl::string_view code = in.Word();
      if (code.empty() || AllDigits(code)) {
        return in.Error(code_start, absl::StrCat("expected an indicator code after '*', found ",
                                                 code.empty() ? in.Found(code_start)
                                                              : absl::StrCat("'", code, "'")));
      }
      absl::StatusOr<std::string> c = in.Code(code, code_start);
      if (!c.ok()) return c.status();
      term.coefficient = *n;
      term.code = *std::move(c);
      term.column = Column(text, code_start);  // errors about the code point at the code
      in.SkipSpace();
    } else if (AllDigits(word)) {
      absl::StatusOr<int64_t> n = in.Number(word, start);
      if (!n.ok()) return n.status();
      term.coefficient = *n;
    } else {
      absl::StatusOr<std::string> c = in.Code(word, start);
      if (!c.ok()) return c.status();
      term.code = *std::move(c);
    }
    if (negative) term.coefficient = -term.coefficient;
    e.terms.push_back(std::move(term));
    if (e.terms.size() > kMaxTerms) {
      return in.Error(start, absl::StrCat("more than ", kMaxTerms, " terms"));
    }
    if (in.AtEnd()) break;
    if (in.Peek() != '+' && in.Peek() != '-') {
      return in.Error(in.pos(), absl::StrCat("expected + or -, found ", in.Found(in.pos())));
    }
    negative = in.Peek() == '-';
    in.Advance();
    in.SkipSpace();
  }
  return e;
}

absl::StatusOr<Expression> ParseRatio(absl::string_view text, absl::string_view field) {
  if (absl::Status s = CheckLength(text, field); !s.ok()) return s;
  Scanner in(text, field);
  Expression e;
  for (int part = 0; part < 2; ++part) {
    in.SkipSpace();
    size_t start = in.pos();
    absl::string_view word = in.Word();
    if (word.empty() || AllDigits(word)) {
      return in.Error(start,
                      absl::StrCat("expected the ", part == 0 ? "numerator" : "denominator",
                                   "'s indicator code (write \"numerator / denominator\"), "
                                   "found ",
                                   word.empty() ? in.Found(start) : absl::StrCat("'", word, "'")));
    }
    absl::StatusOr<std::string> code = in.Code(word, start);
    if (!code.ok()) return code.status();
    e.terms.push_back(Term{1, *std::move(code), Column(text, start)});
    in.SkipSpace();
    if (part == 0) {
      if (in.Peek() != '/') {
        return in.Error(in.pos(), absl::StrCat("expected '/', found ", in.Found(in.pos())));
      }
      in.Advance();
    }
  }
  if (!in.AtEnd()) {
    return in.Error(in.pos(), absl::StrCat("expected the end, found ", in.Found(in.pos())));
  }
  return e;
}

absl::StatusOr<ParsedRule> ParseRule(const ValidationRule& rule) {
  if (absl::Status s = validation::CheckText(rule.name, "rule.name", 1, 100); !s.ok()) return s;
  if (rule.comparison == Comparison::kUnspecified) {
    return absl::InvalidArgumentError(
        "rule.comparison is required: COMPARISON_EQ, _NE, _LT, _LE, _GT, _GE or _RATIO");
  }
  if (rule.importance == RuleImportance::kUnspecified) {
    return absl::InvalidArgumentError("rule.importance is required: LOW, MEDIUM or HIGH");
  }
  ParsedRule parsed;
  if (rule.comparison == Comparison::kRatio) {
    if (rule.tolerance_basis_points < 0 || rule.tolerance_basis_points > 10000) {
      return absl::InvalidArgumentError("rule.tolerance_basis_points must be 0 to 10000");
    }
    absl::StatusOr<Expression> left = ParseExpression(rule.left, "rule.left");
    if (!left.ok()) return left.status();
    if (left->terms.size() != 1 || left->terms[0].code.empty() || left->terms[0].coefficient != 1) {
      return absl::InvalidArgumentError(
          "rule.left: for COMPARISON_RATIO name the one indicator that states the rate (in basis "
          "points, 3370 = 33.7%)");
    }
    absl::StatusOr<Expression> right = ParseRatio(rule.right, "rule.right");
    if (!right.ok()) return right.status();
    parsed.left = *std::move(left);
    parsed.right = *std::move(right);
    return parsed;
  }
  if (rule.tolerance_basis_points != 0) {
    return absl::InvalidArgumentError(
        "rule.tolerance_basis_points applies to COMPARISON_RATIO only; leave it 0");
  }
  absl::StatusOr<Expression> left = ParseExpression(rule.left, "rule.left");
  if (!left.ok()) return left.status();
  absl::StatusOr<Expression> right = ParseExpression(rule.right, "rule.right");
  if (!right.ok()) return right.status();
  parsed.left = *std::move(left);
  parsed.right = *std::move(right);
  return parsed;
}

absl::Status CheckRuleCodes(const ParsedRule& parsed,
                            const std::map<std::string, CodeKind>& catalogue) {
  for (const auto& [field, side] :
       {std::make_pair("rule.left", &parsed.left), std::make_pair("rule.right", &parsed.right)}) {
    for (const Term& t : side->terms) {
      if (t.code.empty()) continue;
      auto it = catalogue.find(t.code);
      if (it == catalogue.end() || it->second == CodeKind::kUnknown) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": unknown indicator '", t.code, "' at column ", t.column));
      }
      if (it->second == CodeKind::kRatio) {
        return absl::InvalidArgumentError(
            absl::StrCat(field, ": '", t.code, "' at column ", t.column,
                         " is a computed ratio, never reported; compare the counts it is made of"));
      }
    }
  }
  return absl::OkStatus();
}

std::vector<std::string> RuleCodes(const ParsedRule& parsed) {
  std::set<std::string> codes;
  for (const Expression* e : {&parsed.left, &parsed.right}) {
    for (const Term& t : e->terms) {
      if (!t.code.empty()) codes.insert(t.code);
    }
  }
  return std::vector<std::string>(codes.begin(), codes.end());
}

RuleResult EvaluateRule(const ValidationRule& rule, const ParsedRule& parsed,
                        const Values& values) {
  RuleResult result;
  Side left = EvaluateSide(parsed.left, values);
  Side right = EvaluateSide(parsed.right, values);
  // The strategy applies to each side on its own, as in DHIS2: a side of constants only is
  // never "all missing".
  auto skipped = [&](const Side& s) {
    switch (rule.missing_value_strategy) {
      case MissingValueStrategy::kNeverSkip:
        return false;
      case MissingValueStrategy::kSkipIfAllMissing:
        return s.codes > 0 && static_cast<int>(s.missing.size()) == s.codes;
      case MissingValueStrategy::kUnspecified:
      case MissingValueStrategy::kSkipIfAnyMissing:
        break;
    }
    return !s.missing.empty();
  };
  if (skipped(left) || skipped(right)) {
    std::vector<std::string> missing = left.missing;
    missing.insert(missing.end(), right.missing.begin(), right.missing.end());
    result.message = absl::StrCat("skipped: no figure for ", absl::StrJoin(missing, ", "));
    return result;
  }

  if (rule.comparison == Comparison::kRatio) {
    // right.shown is (numerator, denominator) when both are present; missing ones count as 0.
    auto value_of = [&](const std::string& code) -> int64_t {
      auto it = values.find(code);
      return it == values.end() ? 0 : it->second;
    };
    absl::int128 stated = left.total;
    int64_t numerator = value_of(parsed.right.terms[0].code);
    int64_t denominator = value_of(parsed.right.terms[1].code);
    if (denominator <= 0) {
      result.message = absl::StrCat("skipped: the denominator ", parsed.right.terms[1].code,
                                    " is 0, so there is no rate to check");
      return result;
    }
    // |stated / 10000 - num / den| <= tolerance / 10000, multiplied out by 10000 * den.
    absl::int128 gap = stated * denominator - absl::int128(10000) * numerator;
    if (gap < 0) gap = -gap;
    absl::int128 allowed = absl::int128(rule.tolerance_basis_points) * denominator;
    // Displayed rate: round half up to whole basis points, as Aggregate reports it.
    absl::int128 computed = (absl::int128(numerator) * 20000 / denominator + 1) / 2;
    result.left = Percent(stated);
    result.right = absl::StrCat(numerator, " / ", denominator, " = ", Percent(computed));
    result.outcome = gap <= allowed ? Outcome::kPassed : Outcome::kViolated;
    if (result.outcome == Outcome::kViolated) {
      result.message =
          absl::StrCat(rule.name, "：所述比率 ", result.left, " 与按 ", result.right,
                       " 计算的结果相差超过 ", rule.tolerance_basis_points, " 个基点 (stated rate ",
                       result.left, " differs from ", result.right, " by more than ",
                       rule.tolerance_basis_points, " basis points)", MissingNote(left, right));
    }
    return result;
  }

  result.left = SideText(left);
  result.right = SideText(right);
  bool holds = Holds(rule.comparison, left.total, right.total);
  result.outcome = holds ? Outcome::kPassed : Outcome::kViolated;
  if (!holds) {
    result.message = absl::StrCat(
        rule.name, "：左边 ", result.left, " 应", ChineseRelation(rule.comparison), "右边 ",
        result.right, " (left ", result.left, " ", ComparisonSymbol(rule.comparison), " right ",
        result.right, " does not hold)", MissingNote(left, right));
  }
  return result;
}

const std::vector<ValidationRule>& ShippedRules() {
  using C = Comparison;
  using I = RuleImportance;
  using M = MissingValueStrategy;
  static const auto* rules = new std::vector<ValidationRule>{
      // Outcomes a report leaves unstated (驳回, 终止) count as 0, so the breakdown is checked
      // as soon as any part of it is reported: that is how 55 + 32 + 44 + 9 != 145 is caught.
      Rule("reconsideration-concluded-breakdown", "行政复议审结数应等于各类审结结果之和",
           "reconsideration.upheld + reconsideration.corrected + reconsideration.mediated + "
           "reconsideration.not_accepted + reconsideration.rejected + "
           "reconsideration.terminated",
           C::kEq, "reconsideration.concluded", I::kHigh, M::kSkipIfAllMissing),
      // Cases carried over from the year before can make this fail legitimately: low.
      Rule("reconsideration-concluded-within-received", "行政复议审结数不应超过受理数",
           "reconsideration.concluded", C::kLe, "reconsideration.received", I::kLow),
      Rule("mediation-successful-within-disputes", "调解成功数不应超过调解纠纷数",
           "mediation.successful", C::kLe, "mediation.disputes", I::kHigh),
      // The report rounds rates to 0.1%, so a stated rate may be up to 5 bp off its counts.
      Rule("mediation-success-rate", "调解成功率应与调解成功数、纠纷数相符",
           "mediation.success_rate_bp", C::kRatio, "mediation.successful / mediation.disputes",
           I::kMedium, M::kSkipIfAnyMissing, 5),
      Rule("mediation-court-referred-rate", "委派调解分流化解率应与委派调解成功数、案件数相符",
           "mediation.court_referred_rate_bp", C::kRatio,
           "mediation.court_referred_successful / mediation.court_referred", I::kMedium,
           M::kSkipIfAnyMissing, 5),
      Rule("mediation-court-referred-successful-within-referred",
           "委派调解成功数不应超过委派调解案件数", "mediation.court_referred_successful", C::kLe,
           "mediation.court_referred", I::kHigh),
      Rule("audit-projects-breakdown", "审计项目数应等于各组织层级项目数之和",
           "audit.projects_national + audit.projects_provincial + audit.projects_municipal", C::kEq,
           "audit.projects", I::kHigh, M::kSkipIfAllMissing),
      Rule("legality-review-breakdown", "合法性审查总数应等于各类审查事项之和",
           "legality_review.executive_meeting_topics + legality_review.director_meeting_topics + "
           "legality_review.documents + legality_review.other_matters",
           C::kEq, "legality_review.total", I::kHigh, M::kSkipIfAllMissing),
      Rule("litigation-head-appearances-within-cases", "负责人出庭应诉数不应超过行政诉讼案件数",
           "litigation.head_appearances", C::kLe,
           "litigation.government_defendant + litigation.department_defendant", I::kMedium),
      Rule("environment-fines-collected-within-imposed", "已收缴环境罚款不应超过罚款金额",
           "environment.fines_collected_fen", C::kLe, "environment.fines_imposed_fen", I::kMedium),
  };
  return *rules;
}

}  // namespace fazhi::statistics

// The validation rule expression language of the statistics service (CreateValidationRule):
// the input is one expression as a clerk types it ("a.b + 2 * c.d - 5", or "a / b" for a ratio).
//
// Invariants: an expression that parses is within the limits the parser states and reads back
// the same after being written out again; a rule comparing a side with itself never fails; a
// refusal is INVALID_ARGUMENT naming the field. Evaluation runs over figures anywhere in int64,
// as stored figures may be.

#include <cstdint>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/validation/text.h"
#include "services/statistics/domain/indicator.h"
#include "services/statistics/domain/validation_rule.h"
#include "tests/fuzz/fuzz_check.h"

namespace st = fazhi::statistics;

namespace {

// The expression written out again: "2 * a.b - 5 + c.d" the way a clerk would, or without
// spaces ("2*a.b-5+c.d"), which is never longer than the text it was parsed from, so it is never
// over the length limit.
std::string Format(const st::Expression& e, bool spaced) {
  const char* plus = spaced ? " + " : "+";
  const char* minus = spaced ? " - " : "-";
  const char* times = spaced ? " * " : "*";
  std::string text;
  for (size_t i = 0; i < e.terms.size(); ++i) {
    const st::Term& t = e.terms[i];
    bool negative = t.coefficient < 0;
    int64_t magnitude = negative ? -t.coefficient : t.coefficient;
    if (i > 0)
      text += negative ? minus : plus;
    else if (negative)
      text += "-";
    if (t.code.empty()) {
      absl::StrAppend(&text, magnitude);
    } else if (magnitude == 1) {
      absl::StrAppend(&text, t.code);
    } else {
      absl::StrAppend(&text, magnitude, times, t.code);
    }
  }
  return text;
}

bool SameTerms(const st::Expression& a, const st::Expression& b) {
  if (a.terms.size() != b.terms.size()) return false;
  for (size_t i = 0; i < a.terms.size(); ++i) {
    if (a.terms[i].code != b.terms[i].code) return false;
    if (a.terms[i].coefficient != b.terms[i].coefficient) return false;
  }
  return true;
}

void CheckRefusal(const absl::Status& s, absl::string_view field) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, "a refusal is INVALID_ARGUMENT");
  FUZZ_CHECK(absl::StartsWith(s.message(), field), "a refusal names the field");
  FUZZ_CHECK(fazhi::validation::IsValidUtf8(s.message()), "messages are valid UTF-8");
}

// Figures anywhere in int64, the same for the same input and code.
st::Values FiguresFor(const st::ParsedRule& parsed, absl::string_view input, bool drop_some) {
  st::Values values;
  for (const std::string& code : st::RuleCodes(parsed)) {
    uint64_t h = std::hash<std::string>()(absl::StrCat(code, "|", input));
    if (drop_some && (h & 3) == 0) continue;
    values[code] = static_cast<int64_t>(h * 0x9E3779B97F4A7C15ULL);
  }
  return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);

  absl::StatusOr<st::Expression> e = st::ParseExpression(text, "rule.left");
  if (!e.ok()) {
    CheckRefusal(e.status(), "rule.left");
  } else {
    FUZZ_CHECK(!e->terms.empty() && e->terms.size() <= 100, "1 to 100 terms");
    FUZZ_CHECK(text.size() <= 1000, "at most 1000 bytes");
    size_t chars = fazhi::validation::CharacterCount(text);
    for (const st::Term& t : e->terms) {
      FUZZ_CHECK(t.coefficient >= -1000000000000000 && t.coefficient <= 1000000000000000,
                 "coefficients within 10^15");
      FUZZ_CHECK(t.code.empty() || st::CheckIndicatorCode(t.code, "code").ok(),
                 "every code is an indicator code");
      FUZZ_CHECK(t.column >= 1 && static_cast<size_t>(t.column) <= chars,
                 "columns point into the text");
    }
    for (bool spaced : {false, true}) {
      std::string again = Format(*e, spaced);
      if (spaced && again.size() > 1000) continue;  // over the limit with the spaces added
      FUZZ_CHECK(again.size() <= text.size() || spaced, "the compact form is no longer");
      absl::StatusOr<st::Expression> reparsed = st::ParseExpression(again, "rule.left");
      FUZZ_CHECK(reparsed.ok(), "a parsed expression written out parses");
      FUZZ_CHECK(SameTerms(*e, *reparsed), "a parsed expression written out reads the same");
    }
  }

  absl::StatusOr<st::Expression> ratio = st::ParseRatio(text, "rule.right");
  if (!ratio.ok()) {
    CheckRefusal(ratio.status(), "rule.right");
  } else {
    FUZZ_CHECK(ratio->terms.size() == 2, "a ratio has a numerator and a denominator");
    for (const st::Term& t : ratio->terms) {
      FUZZ_CHECK(t.coefficient == 1 && st::CheckIndicatorCode(t.code, "code").ok(),
                 "a ratio's terms are plain codes");
    }
    absl::StatusOr<st::Expression> reparsed =
        st::ParseRatio(absl::StrCat(ratio->terms[0].code, " / ", ratio->terms[1].code), "r");
    FUZZ_CHECK(reparsed.ok() && SameTerms(*ratio, *reparsed), "a ratio reads back the same");
  }

  // The text on both sides of a rule: equal to itself whatever the figures, and evaluated
  // without overflow (the sums are 128-bit) for every comparison and missing-value strategy.
  st::ValidationRule rule;
  rule.id = "fuzz";
  rule.name = "fuzz";
  rule.left = text;
  rule.right = text;
  rule.comparison = st::Comparison::kEq;
  rule.missing_value_strategy = st::MissingValueStrategy::kNeverSkip;
  absl::StatusOr<st::ParsedRule> parsed = st::ParseRule(rule);
  FUZZ_CHECK(parsed.ok() == e.ok(), "a rule parses exactly when its sides do");
  if (parsed.ok()) {
    for (bool drop_some : {false, true}) {
      st::Values values = FiguresFor(*parsed, text, drop_some);
      st::RuleResult result = st::EvaluateRule(rule, *parsed, values);
      FUZZ_CHECK(result.outcome == st::Outcome::kPassed, "a side equals itself");
      FUZZ_CHECK(result.left == result.right, "both sides show the same working");
      for (st::Comparison c : {st::Comparison::kNe, st::Comparison::kLt, st::Comparison::kLe,
                               st::Comparison::kGt, st::Comparison::kGe}) {
        st::ValidationRule other = rule;
        other.comparison = c;
        for (st::MissingValueStrategy m :
             {st::MissingValueStrategy::kSkipIfAnyMissing,
              st::MissingValueStrategy::kSkipIfAllMissing, st::MissingValueStrategy::kNeverSkip}) {
          other.missing_value_strategy = m;
          st::RuleResult r = st::EvaluateRule(other, *parsed, values);
          if (r.outcome == st::Outcome::kSkipped) continue;
          bool holds = c == st::Comparison::kLe || c == st::Comparison::kGe;
          FUZZ_CHECK((r.outcome == st::Outcome::kPassed) == holds,
                     "a side compared with itself: only <= and >= hold");
        }
      }
    }
  }

  // As the stated rate of a ratio rule over the text as "numerator / denominator".
  if (ratio.ok()) {
    st::ValidationRule r = rule;
    r.comparison = st::Comparison::kRatio;
    r.left = ratio->terms[0].code;
    r.right = text;
    r.tolerance_basis_points = static_cast<int64_t>(size % 10001);
    absl::StatusOr<st::ParsedRule> p = st::ParseRule(r);
    FUZZ_CHECK(p.ok(), "a ratio that parses makes a ratio rule");
    st::EvaluateRule(r, *p, FiguresFor(*p, text, false));
    st::EvaluateRule(r, *p, FiguresFor(*p, text, true));
  }
  return 0;
}

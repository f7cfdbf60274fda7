#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_VALIDATION_RULE_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_VALIDATION_RULE_H_

// Validation rules (校验规则), after DHIS2's: two expressions over indicator codes compared with
// ==, !=, <, <=, >, >=, or a stated rate checked against the counts it is computed from. A rule
// has an importance and a missing-value strategy; when a side is not skipped, its missing values
// count as 0. All arithmetic is exact integer arithmetic: no floating point anywhere.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/time/period.h"

namespace fazhi::statistics {

// Values match fazhi.statistics.v1.
enum class Comparison {
  kUnspecified = 0,
  kEq = 1,
  kNe = 2,
  kLt = 3,
  kLe = 4,
  kGt = 5,
  kGe = 6,
  kRatio = 7
};
enum class RuleImportance { kUnspecified = 0, kLow = 1, kMedium = 2, kHigh = 3 };
enum class MissingValueStrategy {
  kUnspecified = 0,  // read as kSkipIfAnyMissing
  kSkipIfAnyMissing = 1,
  kSkipIfAllMissing = 2,
  kNeverSkip = 3,
};

struct ValidationRule {
  std::string id;
  std::string name;
  std::string left;
  Comparison comparison = Comparison::kEq;
  std::string right;
  int64_t tolerance_basis_points = 0;
  RuleImportance importance = RuleImportance::kMedium;
  MissingValueStrategy missing_value_strategy = MissingValueStrategy::kSkipIfAnyMissing;
  time_util::PeriodType period_type = time_util::PeriodType::kYear;
  absl::Time create_time = absl::UnixEpoch();
  absl::Time update_time = absl::UnixEpoch();
  int64_t version = 0;
};

// One term of a sum: coefficient * code, or a constant when code is empty.
struct Term {
  int64_t coefficient = 1;
  std::string code;
  // 1-based character position of the code (of the constant, when there is no code) in the
  // expression, for error messages.
  int column = 1;
};

// A side of a rule: a sum of terms.
struct Expression {
  std::vector<Term> terms;
};

// A rule with both sides parsed. For kRatio, left holds the stated rate (one code) and right the
// numerator then the denominator (two codes, coefficient 1).
struct ParsedRule {
  Expression left;
  Expression right;
};

// "a.b + 2 * c.d - 5": terms joined by + and -, each an integer, a code, or INTEGER * code.
// field names the expression in errors ("rule.left: ... at column 7").
absl::StatusOr<Expression> ParseExpression(absl::string_view text, absl::string_view field);
// "numerator_code / denominator_code".
absl::StatusOr<Expression> ParseRatio(absl::string_view text, absl::string_view field);

// Checks every field (naming them under "rule.") and parses both sides. Does not know the
// catalogue: see CheckRuleCodes.
absl::StatusOr<ParsedRule> ParseRule(const ValidationRule& rule);

// What the catalogue says of a code a rule refers to.
enum class CodeKind { kUnknown, kReported, kRatio };

// INVALID_ARGUMENT naming the side and column of the first code that is not in the catalogue or
// is a computed ratio (never reported, so never there to compare).
absl::Status CheckRuleCodes(const ParsedRule& parsed,
                            const std::map<std::string, CodeKind>& catalogue);

// Every indicator code the rule reads, sorted, without duplicates.
std::vector<std::string> RuleCodes(const ParsedRule& parsed);

enum class Outcome { kPassed, kViolated, kSkipped };

struct RuleResult {
  Outcome outcome = Outcome::kSkipped;
  // The two sides as evaluated, e.g. "55 + 32 + 44 + 9 = 140" and "145"; empty when skipped.
  std::string left;
  std::string right;
  // Why it failed (Chinese, then English), or why it was skipped.
  std::string message;
};

// The figures of one unit and period by code; an absent code is a missing figure.
using Values = std::map<std::string, int64_t>;

// Applies the missing-value strategy to each side, then the comparison. A ratio whose
// denominator is 0 (missing counted as 0 included) is skipped: a rate of no cases is undefined,
// so there is nothing to check the stated one against.
RuleResult EvaluateRule(const ValidationRule& rule, const ParsedRule& parsed, const Values& values);

// The rules every installation starts with; they catch the 2021 report's own slips.
const std::vector<ValidationRule>& ShippedRules();

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_VALIDATION_RULE_H_

#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_H_

// A figure a report's text refers to: an indicator of the statistics service or a case figure
// of the cases service, for the report's own unit or a named one. The report's placeholders
// ({{ reconsideration.received }}, {{ cases.penalty_decisions@jiyuan-sthjj }}) name these; the
// caller fetches them in one batch and hands their values back. Pure types: no gRPC, no SQL.

#include <cstdint>
#include <string>
#include <tuple>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace fazhi::reports {

struct FigureRef {
  enum class Source { kIndicator = 1, kCases = 2 };

  Source source = Source::kIndicator;
  // kIndicator: the indicator code (reconsideration.received). kCases: the field of the cases
  // service's CaseSummary (penalty_decisions), without the "cases." prefix.
  std::string code;
  // Empty: the report's own unit and its subtree. Otherwise that unit (and its subtree).
  std::string department_id;

  // As written in a placeholder: "reconsideration.received",
  // "cases.penalty_decisions@jiyuan-sthjj".
  std::string ToString() const;

  friend bool operator<(const FigureRef& a, const FigureRef& b) {
    return std::tie(a.source, a.code, a.department_id) <
           std::tie(b.source, b.code, b.department_id);
  }
  friend bool operator==(const FigureRef& a, const FigureRef& b) {
    return a.source == b.source && a.code == b.code && a.department_id == b.department_id;
  }
  friend bool operator!=(const FigureRef& a, const FigureRef& b) { return !(a == b); }
};

// A fetched figure. has_value=false: nothing was reported for that unit and year (which is not
// zero: a report must not print 0 for a figure nobody reported).
struct FigureValue {
  bool has_value = false;
  int64_t value = 0;
};

// The prefix of a case figure in placeholders.
inline constexpr absl::string_view kCasesPrefix = "cases.";

// The case figures a report may name, in the cases service's CaseSummary order
// (proto/fazhi/cases/v1/figures.proto).
absl::Span<const absl::string_view> CaseFigureFields();
bool IsCaseFigureField(absl::string_view field);

// An indicator code as placeholders name it: lower-case words of a-z, 0-9 and _ joined by '.',
// starting with a letter, at least one '.' (area.name: it keeps a mistyped {{yeer}} from passing
// for an indicator) and at most 100 characters; the statistics service's own rule otherwise.
bool IsIndicatorCode(absl::string_view code);

// The inverse of FigureRef::ToString: "code", "code@unit", "cases.field", "cases.field@unit".
// INVALID_ARGUMENT saying what is wrong: an unknown case field, a malformed code or unit id.
absl::StatusOr<FigureRef> ParseFigureRef(absl::string_view text);

// A money figure in 分 (its code ends in _fen) and a stored rate in basis points (_bp): the
// placeholder language chooses formats from these suffixes.
bool IsMoneyFen(const FigureRef& ref);
bool IsBasisPoints(const FigureRef& ref);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_FIGURE_H_

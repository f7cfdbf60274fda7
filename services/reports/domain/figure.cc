#include "services/reports/domain/figure.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/validation/text.h"

namespace fazhi::reports {
namespace {

constexpr absl::string_view kCaseFigureFields[] = {
    "cases_filed",
    "decisions",
    "penalty_decisions",
    "fines_imposed_fen",
    "fines_collected_fen",
    "seizures",
    "transfers_police_detention",
    "transfers_police_criminal",
    "transfers_judiciary",
    "transfers_other",
    "major_filings_received",
    "major_filings_reviewed",
    "case_files_reviewed",
    "complaints_handled",
    "supervision_letters",
    "reconsiderations_received",
    "reconsiderations_concluded",
    "reconsiderations_upheld",
    "reconsiderations_corrected",
    "reconsiderations_mediated",
    "reconsiderations_not_accepted",
    "reconsiderations_rejected",
    "reconsiderations_terminated",
    "lawsuits_government_defendant",
    "lawsuits_department_defendant",
    "court_appearances",
};

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Only printable ASCII goes into a message verbatim; anything else could be invalid UTF-8.
std::string Quote(absl::string_view text) {
  if (!validation::IsValidUtf8(text)) return "(not valid UTF-8)";
  return absl::StrCat("'", validation::Excerpt(text, 120), "'");
}

}  // namespace

std::string FigureRef::ToString() const {
  std::string out = source == Source::kCases ? absl::StrCat(kCasesPrefix, code) : code;
  if (!department_id.empty()) absl::StrAppend(&out, "@", department_id);
  return out;
}

absl::Span<const absl::string_view> CaseFigureFields() { return kCaseFigureFields; }

bool IsCaseFigureField(absl::string_view field) {
  return std::find(std::begin(kCaseFigureFields), std::end(kCaseFigureFields), field) !=
         std::end(kCaseFigureFields);
}

bool IsIndicatorCode(absl::string_view code) {
  if (code.size() < 3 || code.size() > 100 || !IsLower(code.front()) || code.back() == '.') {
    return false;
  }
  bool dot = false;
  char previous = 0;
  for (char c : code) {
    if (!IsLower(c) && !IsDigit(c) && c != '_' && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    dot = dot || c == '.';
    previous = c;
  }
  return dot;
}

absl::StatusOr<FigureRef> ParseFigureRef(absl::string_view text) {
  FigureRef ref;
  absl::string_view code = text;
  if (size_t at = text.find('@'); at != absl::string_view::npos) {
    code = text.substr(0, at);
    ref.department_id = std::string(text.substr(at + 1));
    if (!validation::CheckId(ref.department_id, "unit").ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("unit id ", Quote(ref.department_id),
                       " after '@' is not a unit id: 1 to 63 of a-z, 0-9 and '-'"));
    }
  }
  if (absl::StartsWith(code, kCasesPrefix)) {
    code.remove_prefix(kCasesPrefix.size());
    if (!IsCaseFigureField(code)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown case figure ", Quote(absl::StrCat(kCasesPrefix, code)),
          "; the case figures are cases.", absl::StrJoin(kCaseFigureFields, ", cases.")));
    }
    ref.source = FigureRef::Source::kCases;
    ref.code = std::string(code);
    return ref;
  }
  if (!IsIndicatorCode(code)) {
    return absl::InvalidArgumentError(absl::StrCat(
        Quote(code),
        " is not an indicator code: lower-case words of a-z, 0-9 and _ joined by '.', such as "
        "reconsideration.received"));
  }
  ref.code = std::string(code);
  return ref;
}

bool IsMoneyFen(const FigureRef& ref) { return absl::EndsWith(ref.code, "_fen"); }
bool IsBasisPoints(const FigureRef& ref) { return absl::EndsWith(ref.code, "_bp"); }

}  // namespace fazhi::reports

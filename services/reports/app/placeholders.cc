#include "services/reports/app/placeholders.h"

#include <set>

#include "absl/strings/str_cat.h"

namespace fazhi::reports {

absl::StatusOr<FigureDefinitions> CompileDefinitions(const Template& t) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const Definition& d : t.definitions) pairs.emplace_back(d.name, d.expression);
  absl::StatusOr<FigureDefinitions> compiled = FigureDefinitions::Parse(pairs);
  if (!compiled.ok()) {
    return absl::Status(compiled.status().code(),
                        absl::StrCat("template.definitions: ", compiled.status().message()));
  }
  return compiled;
}

absl::Status CheckText(const FigureDefinitions& definitions, absl::string_view text,
                       FigureService& figures) {
  absl::StatusOr<ParsedText> parsed = ParseText(text, definitions);
  if (!parsed.ok()) return parsed.status();
  std::set<std::string> checked;
  for (const Segment& segment : parsed->segments) {
    if (!segment.placeholder) continue;
    for (const FigureRef& ref : segment.placeholder->expression.Figures()) {
      if (ref.source != FigureRef::Source::kIndicator || !checked.insert(ref.code).second) {
        continue;
      }
      absl::StatusOr<bool> exists = figures.IndicatorExists(ref.code);
      if (!exists.ok()) return exists.status();
      if (!*exists) {
        return absl::InvalidArgumentError(absl::StrCat(segment.placeholder->Describe(),
                                                       ": the statistics catalogue has no "
                                                       "indicator '",
                                                       ref.code, "'"));
      }
    }
  }
  return absl::OkStatus();
}

FigureRef InUnit(const FigureRef& ref, absl::string_view report_unit) {
  FigureRef out = ref;
  if (out.department_id.empty()) out.department_id = std::string(report_unit);
  return out;
}

}  // namespace fazhi::reports

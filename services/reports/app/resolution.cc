// Filling the placeholders from live figures: every figure a report needs is fetched in one
// batch per service, then each placeholder is evaluated on its own so that one bad placeholder
// names itself without hiding the others. Preview and the consistency check build on it.

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "services/reports/app/placeholders.h"
#include "services/reports/app/reports_app.h"
#include "services/reports/domain/numbering.h"
#include "services/reports/domain/recipients.h"

namespace fazhi::reports {
namespace {

// A section's heading and text, parsed (or the problem that stopped the parse).
struct ParsedSection {
  std::optional<ParsedText> heading;
  std::optional<ParsedText> text;
};

// "reconsideration.received@jiyuan" = 159: what a value was made of, with its unit always named.
std::vector<std::pair<std::string, int64_t>> Inputs(const ResolvedFigure& f,
                                                    absl::string_view unit) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& [ref, value] : f.inputs) out.emplace_back(InUnit(ref, unit).ToString(), value);
  return out;
}

}  // namespace

absl::StatusOr<Resolution> ReportsApp::Resolve(const Report& report) {
  absl::StatusOr<Template> tmpl = GetTemplate(report.template_id);
  if (!tmpl.ok()) return tmpl.status();
  absl::StatusOr<FigureDefinitions> definitions = CompileDefinitions(*tmpl);
  if (!definitions.ok()) return definitions.status();
  absl::StatusOr<Unit> unit = deps_.units->GetUnit(report.department_id);
  if (!unit.ok()) return unit.status();
  TextVariables variables{report.year, report.issuer_name, unit->short_name};

  Resolution out;
  auto problem = [&](const std::string& key, const std::string& placeholder,
                     absl::string_view message) {
    out.problems.push_back(PlaceholderProblem{key, placeholder, std::string(message)});
  };

  // 1. Parse everything and collect the figures.
  std::vector<ParsedSection> parsed(report.sections.size());
  std::set<FigureRef> wanted;
  for (size_t i = 0; i < report.sections.size(); ++i) {
    const Section& s = report.sections[i];
    absl::StatusOr<ParsedText> heading = ParseText(s.heading, *definitions);
    if (heading.ok()) {
      parsed[i].heading = *std::move(heading);
    } else {
      problem(s.key, "", heading.status().message());
    }
    absl::StatusOr<ParsedText> text = ParseText(s.text, *definitions);
    if (text.ok()) {
      for (const FigureRef& ref : CollectFigures(*text)) wanted.insert(ref);
      parsed[i].text = *std::move(text);
    } else {
      problem(s.key, "", text.status().message());
    }
  }

  // 2. Fetch them: indicators in one batch (unknown codes set aside), case figures per unit.
  std::set<std::string> unknown_codes;
  std::vector<std::pair<std::string, std::string>> indicator_asks;
  std::set<std::string> case_units;
  for (const FigureRef& ref : wanted) {
    FigureRef in_unit = InUnit(ref, report.department_id);
    if (ref.source == FigureRef::Source::kCases) {
      case_units.insert(in_unit.department_id);
      continue;
    }
    absl::StatusOr<bool> exists = deps_.figures->IndicatorExists(ref.code);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      unknown_codes.insert(ref.code);
      continue;
    }
    indicator_asks.emplace_back(in_unit.code, in_unit.department_id);
  }
  std::map<std::string, FigureAnswer> indicator_values;
  if (!indicator_asks.empty()) {
    absl::StatusOr<std::map<std::string, FigureAnswer>> values =
        deps_.figures->IndicatorValues(report.year, indicator_asks);
    if (!values.ok()) return values.status();
    indicator_values = *std::move(values);
  }
  std::map<std::string, std::map<std::string, int64_t>> case_values;
  for (const std::string& u : case_units) {
    absl::StatusOr<std::map<std::string, int64_t>> values =
        deps_.figures->CaseFigures(report.year, u);
    if (!values.ok()) return values.status();
    case_values[u] = *std::move(values);
  }
  std::map<FigureRef, FigureValue> figures;
  for (const FigureRef& ref : wanted) {
    FigureRef in_unit = InUnit(ref, report.department_id);
    FigureValue value;
    if (ref.source == FigureRef::Source::kCases) {
      const std::map<std::string, int64_t>& fields = case_values[in_unit.department_id];
      auto it = fields.find(ref.code);
      if (it != fields.end()) value = FigureValue{true, it->second};
    } else {
      auto it = indicator_values.find(absl::StrCat(in_unit.code, "@", in_unit.department_id));
      if (it != indicator_values.end() && it->second.has_value) {
        value = FigureValue{true, it->second.value};
      }
    }
    figures.emplace(ref, value);
  }

  // 3. Evaluate placeholder by placeholder; one that fails is named and kept as written.
  std::vector<int> levels;
  for (const Section& s : report.sections) levels.push_back(s.level);
  absl::StatusOr<std::vector<std::string>> numbers = NumberSections(levels);
  if (!numbers.ok()) return numbers.status();
  auto fill = [&](const Section& s, const ParsedText& text, bool record) {
    std::string rendered;
    for (const Segment& segment : text.segments) {
      if (!segment.placeholder) {
        rendered += segment.literal;
        continue;
      }
      const Placeholder& p = *segment.placeholder;
      bool unknown = false;
      for (const FigureRef& ref : p.expression.Figures()) {
        if (unknown_codes.count(ref.code) && ref.source == FigureRef::Source::kIndicator) {
          problem(s.key, p.text,
                  absl::StrCat(p.Describe(), ": the statistics catalogue has no indicator '",
                               ref.code, "'"));
          unknown = true;
        }
      }
      if (unknown) {  // said once: not also as a missing figure
        rendered += p.text;
        continue;
      }
      ParsedText one;
      one.segments.push_back(segment);
      absl::StatusOr<RenderedText> value = EvaluateText(one, figures, variables);
      if (!value.ok()) {
        problem(s.key, p.text, value.status().message());
        rendered += p.text;
        continue;
      }
      rendered += value->text;
      if (!record) continue;
      for (const ResolvedFigure& f : value->figures) {
        if (f.format.empty()) continue;  // {{year}} and the unit names are not figures
        out.figures.push_back(PublishedFigure{s.key, f.placeholder, f.rendered, f.numerator,
                                              f.denominator, f.format,
                                              Inputs(f, report.department_id)});
      }
    }
    return rendered;
  };
  ResolvedReport& document = out.document;
  document.title = report.title;
  document.addressee_line = AddresseeLine(report.recipients);
  document.issuer_name = report.issuer_name;
  document.issue_date = report.issue_date;
  for (size_t i = 0; i < report.sections.size(); ++i) {
    const Section& s = report.sections[i];
    ResolvedSection section;
    section.number = (*numbers)[i];
    section.level = s.level;
    section.run_in = s.run_in;
    section.heading = parsed[i].heading ? fill(s, *parsed[i].heading, false) : s.heading;
    std::string text = parsed[i].text ? fill(s, *parsed[i].text, true) : s.text;
    for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipWhitespace())) {
      section.paragraphs.emplace_back(line);
    }
    document.sections.push_back(std::move(section));
  }
  return out;
}

absl::StatusOr<Rendering> ReportsApp::Preview(absl::string_view report_id, RenderFormat format) {
  absl::StatusOr<Report> r = Load(report_id);
  if (!r.ok()) return r.status();
  absl::StatusOr<Resolution> resolution = Resolve(*r);
  if (!resolution.ok()) return resolution.status();
  Rendering out;
  switch (format) {
    case RenderFormat::kHtml:
      out.content = RenderHtml(resolution->document);
      break;
    case RenderFormat::kMarkdown:
      out.content = RenderMarkdown(resolution->document);
      break;
    case RenderFormat::kText:
      out.content = RenderPlainText(resolution->document);
      break;
  }
  out.figures = std::move(resolution->figures);
  return out;
}

absl::StatusOr<ConsistencyCheck> ReportsApp::Check(absl::string_view report_id,
                                                   absl::CivilDay today) {
  absl::StatusOr<Report> r = Load(report_id);
  if (!r.ok()) return r.status();
  absl::StatusOr<Resolution> resolution = Resolve(*r);
  if (!resolution.ok()) return resolution.status();
  ConsistencyCheck check;
  check.problems = std::move(resolution->problems);
  absl::StatusOr<std::vector<RuleViolation>> violations =
      deps_.figures->RunValidation(r->year, r->department_id);
  if (!violations.ok()) return violations.status();
  for (const RuleViolation& v : *violations) {
    CheckedViolation checked{v, std::nullopt};
    for (const Acknowledgement& a : r->acknowledgements) {
      if (a.rule_id == v.rule_id && a.department_id == v.department_id) checked.acknowledgement = a;
    }
    check.violations.push_back(std::move(checked));
  }
  absl::StatusOr<CompletenessAnswer> completeness =
      deps_.figures->Completeness(r->year, r->department_id, today);
  if (!completeness.ok()) return completeness.status();
  check.completeness = *std::move(completeness);
  return check;
}

}  // namespace fazhi::reports

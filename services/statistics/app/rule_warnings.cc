#include "services/statistics/app/rule_warnings.h"

#include <map>

#include "common/log/log.h"

namespace fazhi::statistics {

absl::StatusOr<std::vector<LoadedRule>> LoadRules(RuleSource& rules, time_util::PeriodType type) {
  absl::StatusOr<std::vector<ValidationRule>> stored = rules.ListForPeriodType(type);
  if (!stored.ok()) return stored.status();
  std::vector<LoadedRule> out;
  for (ValidationRule& r : *stored) {
    absl::StatusOr<ParsedRule> parsed = ParseRule(r);
    if (!parsed.ok()) {
      log::Warning("stored validation rule does not parse; ignored",
                   {{"rule_id", r.id}, {"error", parsed.status().message()}});
      continue;
    }
    std::vector<std::string> codes = RuleCodes(*parsed);
    out.push_back(LoadedRule{std::move(r), *std::move(parsed), std::move(codes)});
  }
  return out;
}

std::vector<std::string> AllCodes(const std::vector<LoadedRule>& rules) {
  std::set<std::string> codes;
  for (const LoadedRule& r : rules) codes.insert(r.codes.begin(), r.codes.end());
  return std::vector<std::string>(codes.begin(), codes.end());
}

absl::Status AddRuleWarnings(RuleSource& rule_source, const std::set<PointKey>& accepted,
                             const std::vector<PointWrite>& writes,
                             std::vector<RuleWarning>* warnings,
                             absl::Span<const std::vector<PointWrite>* const> earlier) {
  // period key -> unit -> the codes this submission gave for it.
  std::map<std::string, std::map<std::string, std::set<std::string>>> touched;
  for (const auto& [code, unit, period_key] : accepted) touched[period_key][unit].insert(code);
  std::map<time_util::PeriodType, std::vector<LoadedRule>> rules_by_type;
  for (const auto& [period_key, units] : touched) {
    absl::StatusOr<time_util::Period> period = time_util::ParsePeriodKey(period_key, "period");
    if (!period.ok()) continue;  // accepted rows have valid periods; nothing to check otherwise
    auto loaded = rules_by_type.find(period->type);
    if (loaded == rules_by_type.end()) {
      absl::StatusOr<std::vector<LoadedRule>> rules = LoadRules(rule_source, period->type);
      if (!rules.ok()) return rules.status();
      loaded = rules_by_type.emplace(period->type, *std::move(rules)).first;
    }
    const std::vector<LoadedRule>& rules = loaded->second;
    if (rules.empty()) continue;
    std::vector<std::string> unit_ids;
    for (const auto& [unit, codes] : units) unit_ids.push_back(unit);
    absl::StatusOr<std::map<std::string, Values>> values =
        rule_source.ReadValues(AllCodes(rules), unit_ids, period_key);
    if (!values.ok()) return values.status();
    // The figures as this import leaves them (for a dry run: would leave them): what is stored,
    // then the earlier batches whose writes may still be running, then this batch.
    for (const std::vector<PointWrite>* batch : earlier) {
      for (const PointWrite& w : *batch) {
        const auto& [code, unit, key] = w.key;
        if (key == period_key && units.count(unit)) (*values)[unit][code] = w.value;
      }
    }
    for (const PointWrite& w : writes) {
      const auto& [code, unit, key] = w.key;
      if (key == period_key) (*values)[unit][code] = w.value;
    }
    for (const auto& [unit, codes] : units) {
      const Values& figures = (*values)[unit];
      for (const LoadedRule& r : rules) {
        // Only the rules this submission's figures take part in: the warnings are about what
        // was just sent, not every old slip of the unit.
        bool involved = false;
        for (const std::string& code : r.codes) involved = involved || codes.count(code) > 0;
        if (!involved) continue;
        RuleResult result = EvaluateRule(r.rule, r.parsed, figures);
        if (result.outcome == Outcome::kViolated) {
          warnings->push_back(RuleWarning{r.rule.id, r.rule.name, unit, *period, result.left,
                                          result.right, result.message, r.rule.importance});
        }
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace fazhi::statistics

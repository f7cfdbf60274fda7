#include "services/statistics/app/validation_rules.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"
#include "services/statistics/app/rule_warnings.h"

namespace fazhi::statistics {
namespace {

// As the other services' request ids: the caller-scoped key (common/app/request_key.h) is a
// fixed-size digest, so this bounds only what a caller may send.
constexpr size_t kMaxRequestIdChars = 64;

}  // namespace

absl::Status ValidationRules::CheckAgainstCatalogue(const ValidationRule& rule) {
  absl::StatusOr<ParsedRule> parsed = ParseRule(rule);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<std::map<std::string, Indicator>> found =
      catalogue_->GetIndicators(RuleCodes(*parsed));
  if (!found.ok()) return found.status();
  std::map<std::string, CodeKind> catalogue;
  for (const auto& [code, indicator] : *found) {
    catalogue[code] =
        indicator.value_type == ValueType::kRatio ? CodeKind::kRatio : CodeKind::kReported;
  }
  return CheckRuleCodes(*parsed, catalogue);
}

absl::StatusOr<ValidationRule> ValidationRules::Create(const app::Caller& caller,
                                                       absl::string_view rule_id,
                                                       ValidationRule rule,
                                                       absl::string_view request_id) {
  const std::string named = !rule_id.empty() ? std::string(rule_id) : rule.id;
  if (absl::Status s = validation::CheckText(request_id, "request_id", 0, kMaxRequestIdChars);
      !s.ok()) {
    return s;
  }
  const std::string request_key = app::RequestKey(caller, request_id);
  // The rule an earlier call with this request id created. A retry answers with it as it is now;
  // a request id reused to create a rule under another id is refused, like the other services'
  // creates, rather than silently answered with an unrelated rule.
  auto replay = [&named](const ValidationRule& earlier) -> absl::StatusOr<ValidationRule> {
    if (!named.empty() && earlier.id != named) {
      return absl::AlreadyExistsError(
          absl::StrCat("request_id: already used to create validation rule '", earlier.id,
                       "'; use a new request id for another rule"));
    }
    return earlier;
  };
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<ValidationRule>> earlier = rules_->FindByRequestKey(request_key);
    if (!earlier.ok()) return earlier.status();
    if (earlier->has_value()) return replay(**earlier);
  }
  rule.id = !named.empty() ? named : ids::NewResourceId("rule");
  if (absl::Status s = validation::CheckId(rule.id, "rule_id"); !s.ok()) return s;
  if (absl::Status s = CheckAgainstCatalogue(rule); !s.ok()) return s;
  rule.create_time = rule.update_time = caller.now;
  rule.version = 1;
  absl::Status s = rules_->Create(caller.audit, rule, request_key);
  if (s.code() == absl::StatusCode::kAlreadyExists && !request_key.empty()) {
    // A concurrent twin with the same request id may have won the unique key: answer with its rule.
    absl::StatusOr<std::optional<ValidationRule>> twin = rules_->FindByRequestKey(request_key);
    if (!twin.ok()) return twin.status();
    if (twin->has_value()) return replay(**twin);
  }
  if (!s.ok()) return s;
  return rule;
}

absl::StatusOr<RulePage> ValidationRules::List(absl::string_view after_id, int page_size) {
  // One more than a page tells whether another page follows.
  absl::StatusOr<std::vector<ValidationRule>> rows = rules_->List(after_id, page_size + 1);
  if (!rows.ok()) return rows.status();
  RulePage page;
  page.more = static_cast<int>(rows->size()) > page_size;
  if (page.more) rows->resize(page_size);
  page.rules = *std::move(rows);
  return page;
}

absl::StatusOr<ValidationRule> ValidationRules::Update(const app::Caller& caller,
                                                       absl::string_view id, absl::string_view etag,
                                                       const RuleEdit& edit) {
  absl::StatusOr<std::optional<ValidationRule>> found = rules_->Get(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("rule.id: no validation rule '", id, "'"));
  }
  const ValidationRule& stored = **found;
  absl::StatusOr<ValidationRule> updated = edit(stored);
  if (!updated.ok()) return updated.status();
  if (absl::Status s = CheckAgainstCatalogue(*updated); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(etag, stored.version, "rule.etag"); !s.ok()) return s;
  updated->id = stored.id;
  updated->create_time = stored.create_time;
  updated->update_time = caller.now;
  updated->version = stored.version + 1;
  if (absl::Status s = rules_->Update(caller.audit, *updated, stored.version); !s.ok()) return s;
  return updated;
}

absl::StatusOr<ValidationRun> ValidationRules::Run(const time_util::Period& period,
                                                   absl::string_view department_id,
                                                   bool include_descendants) {
  if (absl::Status s = time_util::CheckPeriod(period, "period"); !s.ok()) return s;
  if (absl::Status s = validation::CheckId(department_id, "department_id"); !s.ok()) return s;
  absl::StatusOr<std::vector<std::string>> scope =
      directory::UnitOrSubtree(*units_, department_id, include_descendants, "department_id");
  if (!scope.ok()) return scope.status();
  std::vector<std::string> units = *std::move(scope);
  std::sort(units.begin(), units.end());
  absl::StatusOr<std::vector<LoadedRule>> rules = LoadRules(*rules_, period.type);
  if (!rules.ok()) return rules.status();
  absl::StatusOr<std::map<std::string, Values>> values =
      rules_->ReadValues(AllCodes(*rules), units, time_util::PeriodKey(period));
  if (!values.ok()) return values.status();
  ValidationRun run;
  const Values none;
  for (const std::string& unit : units) {
    auto it = values->find(unit);
    const Values& figures = it == values->end() ? none : it->second;
    for (const LoadedRule& r : *rules) {
      RuleResult result = EvaluateRule(r.rule, r.parsed, figures);
      if (result.outcome == Outcome::kSkipped) {
        ++run.skipped;
        continue;
      }
      ++run.evaluated;
      if (result.outcome == Outcome::kViolated) {
        run.violations.push_back(RuleViolation{r.rule, unit, std::move(result)});
      }
    }
  }
  return run;
}

}  // namespace fazhi::statistics

// The validation-rule handlers of StatisticsServiceImpl.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/etag.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"
#include "services/statistics/api/statistics_service.h"
#include "services/statistics/app/rule_warnings.h"
#include "services/statistics/domain/validation_rule.h"

namespace fazhi::statistics {
namespace {

using grpc_util::ToGrpcStatus;
using time_util::Period;

common::v1::Period PeriodToProto(const Period& p) {
  common::v1::Period out;
  out.set_type(static_cast<common::v1::PeriodType>(p.type));
  out.set_year(p.year);
  out.set_index(p.index);
  return out;
}

v1::ValidationRule RuleToProto(const ValidationRule& r) {
  v1::ValidationRule p;
  p.set_id(r.id);
  p.set_name(r.name);
  p.set_left(r.left);
  p.set_comparison(static_cast<v1::Comparison>(r.comparison));
  p.set_right(r.right);
  p.set_tolerance_basis_points(r.tolerance_basis_points);
  p.set_importance(static_cast<v1::RuleImportance>(r.importance));
  p.set_missing_value_strategy(static_cast<v1::MissingValueStrategy>(r.missing_value_strategy));
  p.set_period_type(static_cast<common::v1::PeriodType>(r.period_type));
  p.set_etag(api::FormatEtag(r.version));
  return p;
}

// Unspecified importance and strategy take their documented defaults (MEDIUM, as DHIS2;
// SKIP_IF_ANY_MISSING, as the contract says); a period type has no sensible default.
absl::StatusOr<ValidationRule> RuleFromProto(const v1::ValidationRule& p) {
  ValidationRule r;
  r.id = p.id();
  r.name = p.name();
  r.left = p.left();
  r.right = p.right();
  r.tolerance_basis_points = p.tolerance_basis_points();
  if (!v1::Comparison_IsValid(p.comparison())) {
    return absl::InvalidArgumentError("rule.comparison: unknown value");
  }
  r.comparison = static_cast<Comparison>(p.comparison());
  if (!v1::RuleImportance_IsValid(p.importance())) {
    return absl::InvalidArgumentError("rule.importance: unknown value");
  }
  r.importance = p.importance() == v1::RULE_IMPORTANCE_UNSPECIFIED
                     ? RuleImportance::kMedium
                     : static_cast<RuleImportance>(p.importance());
  if (!v1::MissingValueStrategy_IsValid(p.missing_value_strategy())) {
    return absl::InvalidArgumentError("rule.missing_value_strategy: unknown value");
  }
  r.missing_value_strategy = p.missing_value_strategy() == v1::MISSING_VALUE_STRATEGY_UNSPECIFIED
                                 ? MissingValueStrategy::kSkipIfAnyMissing
                                 : static_cast<MissingValueStrategy>(p.missing_value_strategy());
  int type = p.period_type();
  if (type < 1 || type > 4) {
    return absl::InvalidArgumentError(
        "rule.period_type is required: the period type whose figures the rule checks");
  }
  r.period_type = static_cast<time_util::PeriodType>(type);
  return r;
}

v1::RuleViolation ViolationToProto(const ValidationRule& rule, const RuleResult& result,
                                   absl::string_view unit, const Period& period) {
  v1::RuleViolation v;
  v.set_rule_id(rule.id);
  v.set_rule_name(rule.name);
  v.set_department_id(std::string(unit));
  *v.mutable_period() = PeriodToProto(period);
  v.set_left(result.left);
  v.set_right(result.right);
  v.set_message(result.message);
  v.set_importance(static_cast<v1::RuleImportance>(rule.importance));
  return v;
}

// INVALID_ARGUMENT naming rule.left / rule.right for a code the catalogue does not have.
absl::StatusOr<ParsedRule> CheckRule(StatisticsStore& store, const ValidationRule& rule) {
  absl::StatusOr<ParsedRule> parsed = ParseRule(rule);
  if (!parsed.ok()) return parsed.status();
  absl::StatusOr<std::map<std::string, Indicator>> found = store.GetIndicators(RuleCodes(*parsed));
  if (!found.ok()) return found.status();
  std::map<std::string, CodeKind> catalogue;
  for (const auto& [code, indicator] : *found) {
    catalogue[code] =
        indicator.value_type == ValueType::kRatio ? CodeKind::kRatio : CodeKind::kReported;
  }
  if (absl::Status s = CheckRuleCodes(*parsed, catalogue); !s.ok()) return s;
  return parsed;
}

}  // namespace

grpc::ServerUnaryReactor* StatisticsServiceImpl::CreateValidationRule(
    grpc::CallbackServerContext* context, const v1::CreateValidationRuleRequest* request,
    v1::ValidationRule* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ValidationRule> rule = RuleFromProto(request->rule());
    if (!rule.ok()) return ToGrpcStatus(rule.status());
    rule->id = !request->rule_id().empty() ? request->rule_id()
               : !rule->id.empty()         ? rule->id
                                           : ids::NewResourceId("rule");
    if (absl::Status s = validation::CheckId(rule->id, "rule_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (absl::StatusOr<ParsedRule> parsed = CheckRule(*store_, *rule); !parsed.ok()) {
      return ToGrpcStatus(parsed.status());
    }
    rule->create_time = rule->update_time = absl::Now();
    rule->version = 1;
    if (absl::Status s = rules_->Create(grpc_util::CurrentAuditContext(*context), *rule); !s.ok()) {
      return ToGrpcStatus(s);
    }
    *response = RuleToProto(*rule);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::ListValidationRules(
    grpc::CallbackServerContext* context, const v1::ListValidationRulesRequest* request,
    v1::ListValidationRulesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    constexpr absl::string_view kQuery = "ListValidationRules";
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), kQuery, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    absl::StatusOr<std::vector<ValidationRule>> rows =
        rules_->List(*cursor ? (**cursor)[0] : "", *page_size + 1);
    if (!rows.ok()) return ToGrpcStatus(rows.status());
    bool more = api::TrimToPage(*rows, *page_size);
    for (const ValidationRule& r : *rows) *response->add_rules() = RuleToProto(r);
    if (more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(kQuery, {rows->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::UpdateValidationRule(
    grpc::CallbackServerContext* context, const v1::UpdateValidationRuleRequest* request,
    v1::ValidationRule* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    const v1::ValidationRule& changes = request->rule();
    if (absl::Status s = validation::CheckId(changes.id(), "rule.id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    if (request->update_mask().paths_size() == 0) {
      return ToGrpcStatus(absl::InvalidArgumentError("update_mask is required"));
    }
    absl::StatusOr<std::optional<ValidationRule>> found = rules_->Get(changes.id());
    if (!found.ok()) return ToGrpcStatus(found.status());
    if (!found->has_value()) {
      return ToGrpcStatus(
          absl::NotFoundError(absl::StrCat("rule.id: no validation rule '", changes.id(), "'")));
    }
    // Unmasked fields of the request may be empty: convert the stored rule with the masked
    // fields copied over, so defaults and enum checks apply to what will be stored.
    v1::ValidationRule merged = RuleToProto(**found);
    for (const std::string& path : request->update_mask().paths()) {
      if (path == "name") {
        merged.set_name(changes.name());
      } else if (path == "left") {
        merged.set_left(changes.left());
      } else if (path == "comparison") {
        merged.set_comparison(changes.comparison());
      } else if (path == "right") {
        merged.set_right(changes.right());
      } else if (path == "tolerance_basis_points") {
        merged.set_tolerance_basis_points(changes.tolerance_basis_points());
      } else if (path == "importance") {
        merged.set_importance(changes.importance());
      } else if (path == "missing_value_strategy") {
        merged.set_missing_value_strategy(changes.missing_value_strategy());
      } else if (path == "period_type") {
        merged.set_period_type(changes.period_type());
      } else {
        return ToGrpcStatus(absl::InvalidArgumentError(
            absl::StrCat("update_mask: '", validation::IsValidUtf8(path) ? path : "?",
                         "' cannot be updated (the id never changes)")));
      }
    }
    absl::StatusOr<ValidationRule> updated = RuleFromProto(merged);
    if (!updated.ok()) return ToGrpcStatus(updated.status());
    if (absl::StatusOr<ParsedRule> parsed = CheckRule(*store_, *updated); !parsed.ok()) {
      return ToGrpcStatus(parsed.status());
    }
    if (absl::Status s = api::CheckEtag(changes.etag(), (*found)->version, "rule.etag"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    updated->create_time = (*found)->create_time;
    updated->update_time = absl::Now();
    updated->version = (*found)->version + 1;
    if (absl::Status s =
            rules_->Update(grpc_util::CurrentAuditContext(*context), *updated, (*found)->version);
        !s.ok()) {
      return ToGrpcStatus(s);
    }
    *response = RuleToProto(*updated);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* StatisticsServiceImpl::RunValidation(
    grpc::CallbackServerContext* context, const v1::RunValidationRequest* request,
    v1::RunValidationResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    const common::v1::Period& p = request->period();
    Period period{static_cast<time_util::PeriodType>(p.type()), p.year(), p.index()};
    if (absl::Status s = time_util::CheckPeriod(period, "period"); !s.ok()) return ToGrpcStatus(s);
    if (absl::Status s = validation::CheckId(request->department_id(), "department_id"); !s.ok()) {
      return ToGrpcStatus(s);
    }
    absl::StatusOr<std::vector<std::string>> scope = directory::UnitOrSubtree(
        *units_, request->department_id(), request->include_descendants(), "department_id");
    if (!scope.ok()) return ToGrpcStatus(scope.status());
    std::vector<std::string> units = *std::move(scope);
    std::sort(units.begin(), units.end());
    absl::StatusOr<std::vector<LoadedRule>> rules = LoadRules(*rules_, period.type);
    if (!rules.ok()) return ToGrpcStatus(rules.status());
    absl::StatusOr<std::map<std::string, Values>> values =
        rules_->ReadValues(AllCodes(*rules), units, time_util::PeriodKey(period));
    if (!values.ok()) return ToGrpcStatus(values.status());
    // Counted per (rule, unit): a rule over a subtree of 30 units is evaluated up to 30 times.
    int64_t evaluated = 0;
    int64_t skipped = 0;
    const Values none;
    for (const std::string& unit : units) {
      auto it = values->find(unit);
      const Values& figures = it == values->end() ? none : it->second;
      for (const LoadedRule& r : *rules) {
        RuleResult result = EvaluateRule(r.rule, r.parsed, figures);
        if (result.outcome == Outcome::kSkipped) {
          ++skipped;
          continue;
        }
        ++evaluated;
        if (result.outcome == Outcome::kViolated) {
          *response->add_violations() = ViolationToProto(r.rule, result, unit, period);
        }
      }
    }
    response->set_rules_evaluated(evaluated);
    response->set_rules_skipped(skipped);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

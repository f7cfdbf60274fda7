// The validation-rule handlers of StatisticsServiceImpl.

#include "services/statistics/app/validation_rules.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/validation/text.h"
#include "services/statistics/api/statistics_service.h"
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

v1::RuleViolation ViolationToProto(const RuleViolation& violation, const Period& period) {
  v1::RuleViolation v;
  v.set_rule_id(violation.rule.id);
  v.set_rule_name(violation.rule.name);
  v.set_department_id(violation.department_id);
  *v.mutable_period() = PeriodToProto(period);
  v.set_left(violation.result.left);
  v.set_right(violation.result.right);
  v.set_message(violation.result.message);
  v.set_importance(static_cast<v1::RuleImportance>(violation.rule.importance));
  return v;
}

}  // namespace

grpc::ServerUnaryReactor* StatisticsServiceImpl::CreateValidationRule(
    grpc::CallbackServerContext* context, const v1::CreateValidationRuleRequest* request,
    v1::ValidationRule* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ValidationRule> rule = RuleFromProto(request->rule());
    if (!rule.ok()) return ToGrpcStatus(rule.status());
    absl::StatusOr<ValidationRule> created = validation_rules_.Create(
        grpc_util::CurrentCaller(), request->rule_id(), *std::move(rule), request->request_id());
    if (!created.ok()) return ToGrpcStatus(created.status());
    *response = RuleToProto(*created);
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
    absl::StatusOr<RulePage> page =
        validation_rules_.List(*cursor ? (**cursor)[0] : "", *page_size);
    if (!page.ok()) return ToGrpcStatus(page.status());
    for (const ValidationRule& r : page->rules) *response->add_rules() = RuleToProto(r);
    if (page->more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(kQuery, {page->rules.back().id}));
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
    // The mask names proto fields: the stored rule is converted, the masked fields copied over
    // and the result converted back, so defaults and enum checks apply to what will be stored.
    RuleEdit edit = [&](const ValidationRule& stored) -> absl::StatusOr<ValidationRule> {
      v1::ValidationRule merged = RuleToProto(stored);
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
          return absl::InvalidArgumentError(
              absl::StrCat("update_mask: '", validation::IsValidUtf8(path) ? path : "?",
                           "' cannot be updated (the id never changes)"));
        }
      }
      return RuleFromProto(merged);
    };
    absl::StatusOr<ValidationRule> updated =
        validation_rules_.Update(grpc_util::CurrentCaller(), changes.id(), changes.etag(), edit);
    if (!updated.ok()) return ToGrpcStatus(updated.status());
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
    absl::StatusOr<ValidationRun> run =
        validation_rules_.Run(period, request->department_id(), request->include_descendants());
    if (!run.ok()) return ToGrpcStatus(run.status());
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    std::string query = absl::StrCat("RunValidation|", time_util::PeriodKey(period), "|",
                                     request->department_id(), "|", request->include_descendants());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    // Keyset over (unit, rule id): a page is the violations after the last of the one before,
    // found again by a run over the figures as they are now.
    std::vector<RuleViolation>& found = run->violations;
    auto key = [](const RuleViolation& v) { return std::tie(v.department_id, v.rule.id); };
    std::stable_sort(
        found.begin(), found.end(),
        [&](const RuleViolation& a, const RuleViolation& b) { return key(a) < key(b); });
    auto first = found.begin();
    if (*cursor) {
      auto after = std::tie((**cursor)[0], (**cursor)[1]);
      first = std::find_if(found.begin(), found.end(),
                           [&](const RuleViolation& v) { return after < key(v); });
    }
    auto last = found.end() - first > *page_size ? first + *page_size : found.end();
    if (last != found.end()) {
      const RuleViolation& end = *std::prev(last);
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(query, {end.department_id, end.rule.id}));
    }
    for (auto it = first; it != last; ++it)
      *response->add_violations() = ViolationToProto(*it, period);
    response->set_rules_evaluated(run->evaluated);
    response->set_rules_skipped(run->skipped);
    response->set_violation_count(static_cast<int64_t>(found.size()));
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::statistics

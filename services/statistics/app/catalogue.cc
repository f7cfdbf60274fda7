#include "services/statistics/app/catalogue.h"

#include <map>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/validation/text.h"

namespace fazhi::statistics {

absl::StatusOr<Indicator> Catalogue::Create(const app::Caller& caller, Indicator indicator) {
  if (absl::Status s = ValidateIndicator(indicator); !s.ok()) return s;
  if (indicator.value_type == ValueType::kRatio) {
    absl::StatusOr<std::map<std::string, Indicator>> parts =
        store_->GetIndicators({indicator.numerator_code, indicator.denominator_code});
    if (!parts.ok()) return parts.status();
    for (const std::string* code : {&indicator.numerator_code, &indicator.denominator_code}) {
      auto it = parts->find(*code);
      if (it == parts->end() || it->second.value_type == ValueType::kRatio) {
        return absl::InvalidArgumentError(absl::StrCat(
            "indicator: a ratio is computed from two count indicators; '", *code, "' is not one"));
      }
    }
  }
  indicator.create_time = indicator.update_time = caller.now;
  indicator.version = 1;
  if (absl::Status s = store_->CreateIndicator(caller.audit, indicator); !s.ok()) return s;
  return indicator;
}

absl::StatusOr<Indicator> Catalogue::Get(absl::string_view code) {
  if (absl::Status s = CheckIndicatorCode(code, "code"); !s.ok()) return s;
  absl::StatusOr<std::optional<Indicator>> found = store_->GetIndicator(code);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("code: no indicator '", code, "'"));
  }
  return **std::move(found);
}

absl::StatusOr<IndicatorPage> Catalogue::List(absl::string_view report_section, int page_size,
                                              absl::string_view page_token) {
  absl::StatusOr<int> size = api::ResolvePageSize(page_size);
  if (!size.ok()) return size.status();
  if (absl::Status s = validation::CheckText(report_section, "report_section", 0, 40); !s.ok()) {
    return s;
  }
  // A token names the section it was made for, so it cannot page through another one.
  std::string query = absl::StrCat("ListIndicators|", report_section);
  absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
      page_tokens_->DecodePage(page_token, query, 1);
  if (!cursor.ok()) return cursor.status();
  absl::StatusOr<std::vector<Indicator>> rows =
      store_->ListIndicators(report_section, *cursor ? (**cursor)[0] : "", *size + 1);
  if (!rows.ok()) return rows.status();
  IndicatorPage page;
  if (api::TrimToPage(*rows, *size)) {
    page.next_page_token = page_tokens_->Encode(query, {rows->back().code});
  }
  page.indicators = *std::move(rows);
  return page;
}

absl::StatusOr<Indicator> Catalogue::Update(const app::Caller& caller,
                                            const IndicatorUpdate& update) {
  const Indicator& changes = update.changes;
  // A code no indicator could have is the caller's mistake, not a missing indicator.
  if (absl::Status s = CheckIndicatorCode(changes.code, "indicator.code"); !s.ok()) return s;
  absl::StatusOr<std::optional<Indicator>> found = store_->GetIndicator(changes.code);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    return absl::NotFoundError(absl::StrCat("indicator.code: no indicator '", changes.code, "'"));
  }
  const Indicator& stored = **found;
  if (update.fields.empty()) return absl::InvalidArgumentError("update_mask is required");
  Indicator updated = stored;
  for (const std::string& field : update.fields) {
    if (field == "name") {
      updated.name = changes.name;
    } else if (field == "unit") {
      updated.unit = changes.unit;
    } else if (field == "aggregation") {
      updated.aggregation = changes.aggregation;
    } else if (field == "period_types") {
      updated.period_types = changes.period_types;
    } else if (field == "report_section") {
      updated.report_section = changes.report_section;
    } else if (field == "demonstration_indicator") {
      updated.demonstration_indicator = changes.demonstration_indicator;
    } else if (field == "description") {
      updated.description = changes.description;
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("update_mask: '", validation::IsValidUtf8(field) ? field : "?",
                       "' cannot be updated (the code and value type never change)"));
    }
  }
  if (absl::Status s = ValidateIndicator(updated); !s.ok()) return s;
  if (absl::Status s = api::CheckEtag(update.etag, stored.version, "indicator.etag"); !s.ok()) {
    return s;
  }
  updated.update_time = caller.now;
  updated.version = stored.version + 1;
  if (absl::Status s = store_->UpdateIndicator(caller.audit, updated, stored.version); !s.ok()) {
    return s;
  }
  return updated;
}

absl::StatusOr<Obligation> Catalogue::SetObligation(const app::Caller& caller,
                                                    const Obligation& obligation) {
  absl::StatusOr<std::optional<Indicator>> indicator =
      store_->GetIndicator(obligation.indicator_code);
  if (!indicator.ok()) return indicator.status();
  if (!indicator->has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("obligation.indicator_code: no indicator '", obligation.indicator_code, "'"));
  }
  if (obligation.department_kind < 1 || obligation.department_kind > 9) {
    return absl::InvalidArgumentError(
        "obligation.department_kind must be a fazhi.department.v1.DepartmentKind (1 to 9)");
  }
  if (!(*indicator)->period_types.count(obligation.period_type)) {
    return absl::InvalidArgumentError(
        "obligation.period_type: the indicator is not reported for periods of this type");
  }
  if (obligation.due_days < 0 || obligation.due_days > 366) {
    return absl::InvalidArgumentError("obligation.due_days must be 0 to 366");
  }
  if (absl::Status s = store_->SetObligation(caller.audit, obligation); !s.ok()) return s;
  return obligation;
}

absl::StatusOr<std::vector<Obligation>> Catalogue::ListObligations(
    absl::string_view indicator_code) {
  // Checked like every other filter, so a code that cannot exist is the caller's error, not an
  // empty list that reads as "no obligations".
  if (!indicator_code.empty()) {
    if (absl::Status s = CheckIndicatorCode(indicator_code, "indicator_code"); !s.ok()) return s;
  }
  return store_->ListObligations(indicator_code);
}

}  // namespace fazhi::statistics

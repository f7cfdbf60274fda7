#include "services/statistics/domain/ingest.h"

#include "absl/strings/str_cat.h"

namespace fazhi::statistics {

std::optional<RowRejection> CheckRow(int64_t index, const PointInput& p, const RowFacts& facts,
                                     ImportMode mode, absl::CivilDay today,
                                     absl::string_view list) {
  std::string at = absl::StrCat(list, "[", index, "]");
  auto reject = [&](absl::string_view field, std::string reason,
                    absl::StatusCode code = absl::StatusCode::kInvalidArgument) {
    return RowRejection{index, absl::StrCat(at, ".", field), std::move(reason), code};
  };
  if (absl::Status s = CheckIndicatorCode(p.indicator_code, "indicator_code"); !s.ok()) {
    return reject("indicator_code", std::string(s.message()));
  }
  if (facts.indicator == nullptr) {
    return reject("indicator_code",
                  absl::StrCat("'", p.indicator_code, "' is not in the indicator catalogue"));
  }
  if (facts.indicator->value_type == ValueType::kRatio) {
    return reject("indicator_code", absl::StrCat("'", p.indicator_code,
                                                 "' is a ratio computed from its counts; submit "
                                                 "the counts instead"));
  }
  if (!facts.unit) {
    return reject("department_id", absl::StrCat("no department with id '", p.department_id, "'"));
  }
  if (!facts.unit->active) {
    return reject("department_id", absl::StrCat("department '", p.department_id, "' is dissolved"),
                  absl::StatusCode::kFailedPrecondition);
  }
  if (!facts.may_write) {
    return reject("department_id",
                  absl::StrCat("you may not report figures for '", p.department_id,
                               "'; only for your own unit"),
                  absl::StatusCode::kPermissionDenied);
  }
  if (absl::Status s = time_util::CheckPeriod(p.period, "period"); !s.ok()) {
    return reject("period", std::string(s.message()));
  }
  if (!facts.indicator->period_types.count(p.period.type)) {
    return reject("period", absl::StrCat("'", p.indicator_code,
                                         "' is not reported for periods "
                                         "of this type (",
                                         time_util::PeriodKey(p.period), ")"));
  }
  if (time_util::Days(p.period).first > today) {
    return reject("period", absl::StrCat(time_util::PeriodKey(p.period),
                                         " has not begun; figures are reported for past periods"));
  }
  if (p.value < 0) {
    return reject("value", absl::StrCat("must not be negative, got ", p.value));
  }
  if (!facts.lock_id.empty()) {
    return reject(
        "period",
        absl::StrCat(time_util::PeriodKey(p.period), " is locked for '", p.department_id,
                     "' by lock '", facts.lock_id, "'; a supervisor must unlock it first"),
        absl::StatusCode::kFailedPrecondition);
  }
  if (mode == ImportMode::kCreateOnly && facts.exists) {
    return reject("value",
                  "a figure is already stored for this indicator, unit and period "
                  "(create-only import)");
  }
  if (mode == ImportMode::kUpdate && !facts.exists) {
    return reject("value",
                  "no figure is stored yet for this indicator, unit and period "
                  "(update-only import)");
  }
  return std::nullopt;
}

}  // namespace fazhi::statistics

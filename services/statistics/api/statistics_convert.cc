#include "services/statistics/api/statistics_convert.h"

#include "absl/strings/escaping.h"

namespace fazhi::statistics {

using time_util::Period;

absl::StatusOr<Period> PeriodFromProto(const common::v1::Period& p, absl::string_view field) {
  Period period{static_cast<time_util::PeriodType>(p.type()), p.year(), p.index()};
  if (absl::Status s = time_util::CheckPeriod(period, field); !s.ok()) return s;
  return period;
}

common::v1::Period PeriodToProto(const Period& p) {
  common::v1::Period out;
  out.set_type(static_cast<common::v1::PeriodType>(p.type));
  out.set_year(p.year);
  out.set_index(p.index);
  return out;
}

PointInput PointFromProto(const v1::DataPoint& p, int64_t row) {
  return PointInput{p.indicator_code(), p.department_id(),
                    Period{static_cast<time_util::PeriodType>(p.period().type()), p.period().year(),
                           p.period().index()},
                    p.value(), row};
}

absl::StatusOr<ImportMode> ModeFromProto(v1::ImportMode mode) {
  switch (mode) {
    case v1::IMPORT_MODE_UNSPECIFIED:
    case v1::IMPORT_MODE_UPSERT:
      return ImportMode::kUpsert;
    case v1::IMPORT_MODE_CREATE_ONLY:
      return ImportMode::kCreateOnly;
    case v1::IMPORT_MODE_UPDATE:
      return ImportMode::kUpdate;
    default:
      return absl::InvalidArgumentError("options.mode: unknown value");
  }
}

common::v1::Period PeriodKeyToProto(absl::string_view key) {
  absl::StatusOr<Period> period = time_util::ParsePeriodKey(key, "period");
  return period.ok() ? PeriodToProto(*period) : common::v1::Period();
}

v1::RuleViolation RuleWarningToProto(const RuleWarning& w) {
  v1::RuleViolation v;
  v.set_rule_id(w.rule_id);
  v.set_rule_name(w.rule_name);
  v.set_department_id(w.department_id);
  *v.mutable_period() = PeriodToProto(w.period);
  v.set_left(w.left);
  v.set_right(w.right);
  v.set_message(w.message);
  v.set_importance(static_cast<v1::RuleImportance>(w.importance));
  return v;
}

v1::ImportSummary ImportSummaryToProto(const ImportResult& result) {
  v1::ImportSummary summary;
  summary.set_created(result.created);
  summary.set_updated(result.updated);
  summary.set_unchanged(result.unchanged);
  summary.set_rejected(result.rejected);
  for (const RowRejection& r : result.rejected_rows) {
    v1::RejectedRow* row = summary.add_rejected_rows();
    row->set_index(r.index);
    row->set_field(r.field);
    row->set_reason(r.reason);
  }
  for (const RuleWarning& w : result.warnings) *summary.add_warnings() = RuleWarningToProto(w);
  summary.set_dry_run(result.dry_run);
  summary.set_replayed(result.replayed);
  return summary;
}

ImportResult ImportSummaryFromProto(const v1::ImportSummary& summary) {
  ImportResult result;
  result.created = summary.created();
  result.updated = summary.updated();
  result.unchanged = summary.unchanged();
  result.rejected = summary.rejected();
  for (const v1::RejectedRow& r : summary.rejected_rows()) {
    result.rejected_rows.push_back(RowRejection{r.index(), r.field(), r.reason()});
  }
  for (const v1::RuleViolation& v : summary.warnings()) {
    result.warnings.push_back(
        RuleWarning{v.rule_id(), v.rule_name(), v.department_id(),
                    Period{static_cast<time_util::PeriodType>(v.period().type()), v.period().year(),
                           v.period().index()},
                    v.left(), v.right(), v.message(), static_cast<RuleImportance>(v.importance())});
  }
  result.dry_run = summary.dry_run();
  result.replayed = summary.replayed();
  return result;
}

std::string ProtoReceiptCodec::Encode(const ImportResult& result) const {
  return absl::Base64Escape(ImportSummaryToProto(result).SerializeAsString());
}

absl::StatusOr<ImportResult> ProtoReceiptCodec::Decode(absl::string_view receipt) const {
  v1::ImportSummary summary;
  std::string bytes;
  if (!absl::Base64Unescape(receipt, &bytes) || !summary.ParseFromString(bytes)) {
    return absl::InternalError("a stored import receipt does not parse");
  }
  return ImportSummaryFromProto(summary);
}

}  // namespace fazhi::statistics

#include "services/statistics/api/statistics_convert.h"

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

}  // namespace fazhi::statistics

#ifndef FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_
#define FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_

// Conversions between the statistics protos and the domain (periods, data points, import modes),
// shared by the handler files.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/period.h"
#include "fazhi/statistics/v1/statistics.pb.h"
#include "services/statistics/domain/ingest.h"

namespace fazhi::statistics {

// INVALID_ARGUMENT naming field unless the period exists.
absl::StatusOr<time_util::Period> PeriodFromProto(const common::v1::Period& p,
                                                  absl::string_view field);
common::v1::Period PeriodToProto(const time_util::Period& p);
// The period a stored key names, as a proto (empty for a key that does not parse).
common::v1::Period PeriodKeyToProto(absl::string_view key);

// row: the point's position in its submission, as rejections report it.
PointInput PointFromProto(const v1::DataPoint& p, int64_t row);
absl::StatusOr<ImportMode> ModeFromProto(v1::ImportMode mode);

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_

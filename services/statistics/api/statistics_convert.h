#ifndef FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_
#define FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_

// Conversions between the statistics protos and the domain (periods, data points, import modes),
// shared by the handler files.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/time/period.h"
#include "fazhi/statistics/v1/statistics.pb.h"
#include "services/statistics/app/import_points.h"
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

v1::RuleViolation RuleWarningToProto(const RuleWarning& w);
v1::ImportSummary ImportSummaryToProto(const ImportResult& result);
ImportResult ImportSummaryFromProto(const v1::ImportSummary& summary);

// An import's receipt as stored: base64 of its v1::ImportSummary, as receipts always were, so
// receipts written before still replay.
class ProtoReceiptCodec : public ReceiptCodec {
 public:
  std::string Encode(const ImportResult& result) const override;
  absl::StatusOr<ImportResult> Decode(absl::string_view receipt) const override;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_API_STATISTICS_CONVERT_H_

#ifndef FAZHI_COMMON_API_PROTO_TIME_H_
#define FAZHI_COMMON_API_PROTO_TIME_H_

// Conversions between fazhi.common.v1 / google.protobuf time types and Abseil's.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "fazhi/common/v1/common.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace fazhi::api {

fazhi::common::v1::Date DateToProto(absl::CivilDay day);
// INVALID_ARGUMENT naming the field for a date that is not on the calendar.
absl::StatusOr<absl::CivilDay> DateFromProto(const fazhi::common::v1::Date& date,
                                             absl::string_view field);
// Empty when the message field is absent.
absl::StatusOr<std::optional<absl::CivilDay>> OptionalDate(bool present,
                                                           const fazhi::common::v1::Date& date,
                                                           absl::string_view field);

google::protobuf::Timestamp TimeToProto(absl::Time t);

}  // namespace fazhi::api

#endif  // FAZHI_COMMON_API_PROTO_TIME_H_

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

// The date fields of requests, by whether the request must carry them and whether they may lie
// ahead. present is the message's has_<field>(); today is time_util::TodayInChina() or the day of
// the request's own clock. Every refusal is INVALID_ARGUMENT naming field: "<field>: required"
// when a required date is absent, time_util::MakeDay's message off the calendar, and
// time_util::CheckNotAfterToday's for a day that must not be ahead.

// A date the request must carry and that may lie ahead (a due date).
absl::StatusOr<absl::CivilDay> RequiredDate(bool present, const fazhi::common::v1::Date& date,
                                            absl::string_view field);
// The day something happened, which the request must carry: not after today.
absl::StatusOr<absl::CivilDay> RequiredPastDate(bool present, const fazhi::common::v1::Date& date,
                                                absl::CivilDay today, absl::string_view field);
// The day something happened, today when absent: not after today.
absl::StatusOr<absl::CivilDay> PastDateOrToday(bool present, const fazhi::common::v1::Date& date,
                                               absl::CivilDay today, absl::string_view field);
// A day today when absent, otherwise any calendar date (an as-of day; or a step's date whose
// domain rule checks it against today together with its other limits).
absl::StatusOr<absl::CivilDay> DateOrToday(bool present, const fazhi::common::v1::Date& date,
                                           absl::CivilDay today, absl::string_view field);

google::protobuf::Timestamp TimeToProto(absl::Time t);

}  // namespace fazhi::api

#endif  // FAZHI_COMMON_API_PROTO_TIME_H_

#include "common/api/proto_time.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "google/protobuf/util/time_util.h"

namespace fazhi::api {

fazhi::common::v1::Date DateToProto(absl::CivilDay day) {
  fazhi::common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::StatusOr<absl::CivilDay> DateFromProto(const fazhi::common::v1::Date& date,
                                             absl::string_view field) {
  return time_util::MakeDay(date.year(), date.month(), date.day(), field);
}

absl::StatusOr<std::optional<absl::CivilDay>> OptionalDate(bool present,
                                                           const fazhi::common::v1::Date& date,
                                                           absl::string_view field) {
  if (!present) return std::optional<absl::CivilDay>();
  absl::StatusOr<absl::CivilDay> day = DateFromProto(date, field);
  if (!day.ok()) return day.status();
  return std::optional<absl::CivilDay>(*day);
}

absl::StatusOr<absl::CivilDay> RequiredDate(bool present, const fazhi::common::v1::Date& date,
                                            absl::string_view field) {
  if (!present) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return DateFromProto(date, field);
}

absl::StatusOr<absl::CivilDay> RequiredPastDate(bool present, const fazhi::common::v1::Date& date,
                                                absl::CivilDay today, absl::string_view field) {
  absl::StatusOr<absl::CivilDay> day = RequiredDate(present, date, field);
  if (!day.ok()) return day.status();
  if (absl::Status s = time_util::CheckNotAfterToday(*day, today, field); !s.ok()) return s;
  return day;
}

absl::StatusOr<absl::CivilDay> PastDateOrToday(bool present, const fazhi::common::v1::Date& date,
                                               absl::CivilDay today, absl::string_view field) {
  if (!present) return today;
  return RequiredPastDate(present, date, today, field);
}

absl::StatusOr<absl::CivilDay> DateOrToday(bool present, const fazhi::common::v1::Date& date,
                                           absl::CivilDay today, absl::string_view field) {
  if (!present) return today;
  return DateFromProto(date, field);
}

google::protobuf::Timestamp TimeToProto(absl::Time t) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(t));
}

}  // namespace fazhi::api

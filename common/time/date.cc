#include "common/time/date.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace fazhi::time_util {

absl::TimeZone ChinaTimeZone() { return absl::FixedTimeZone(8 * 60 * 60); }

absl::CivilDay DayInChina(absl::Time t) { return absl::ToCivilDay(t, ChinaTimeZone()); }

absl::CivilDay TodayInChina() { return DayInChina(absl::Now()); }

int64_t ToYmd(absl::CivilDay day) { return day.year() * 10000 + day.month() * 100 + day.day(); }

absl::CivilDay FromYmd(int64_t ymd) {
  return absl::CivilDay(ymd / 10000, (ymd / 100) % 100, ymd % 100);
}

absl::StatusOr<absl::CivilDay> MakeDay(int year, int month, int day, absl::string_view field) {
  absl::CivilDay civil(year, month, day);
  if (year < 1949 || year > 2200 || civil.year() != year || civil.month() != month ||
      civil.day() != day) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: %04d-%02d-%02d is not a calendar date (years 1949 to 2200)", field, year, month, day));
  }
  return civil;
}

std::string FormatDay(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::Status CheckNotAfterToday(absl::CivilDay day, absl::CivilDay today, absl::string_view field) {
  if (day <= today) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", FormatDay(day), " is after today (", FormatDay(today), ")"));
}

absl::StatusOr<DayRange> PeriodDays(PeriodType type, int year, int index, absl::string_view field) {
  if (year < 1949 || year > 2200) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".year ", year, " is out of range"));
  }
  int months = 0, count = 0;
  switch (type) {
    case PeriodType::kYear:
      months = 12;
      count = 1;
      break;
    case PeriodType::kHalf:
      months = 6;
      count = 2;
      break;
    case PeriodType::kQuarter:
      months = 3;
      count = 4;
      break;
    case PeriodType::kMonth:
      months = 1;
      count = 12;
      break;
  }
  if (type == PeriodType::kYear) {
    if (index != 0) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".index must be 0 for a year"));
    }
    index = 1;
  } else if (index < 1 || index > count) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".index must be 1 to ", count, ", got ", index));
  }
  absl::CivilMonth first(year, 1 + (index - 1) * months);
  absl::CivilMonth after = first + months;
  return DayRange{absl::CivilDay(first), absl::CivilDay(after) - 1};
}

}  // namespace fazhi::time_util

#ifndef FAZHI_COMMON_TIME_DATE_H_
#define FAZHI_COMMON_TIME_DATE_H_

// Dates in law are local calendar dates in China (UTC+8, no daylight saving). They are stored as
// integers yyyymmdd: sortable, readable in SQL, and the same on SQLite and MySQL.

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fazhi::time_util {

// China Standard Time.
absl::TimeZone ChinaTimeZone();
// The date in China at t.
absl::CivilDay DayInChina(absl::Time t);
// The date in China now: what "today" means for every date a request carries or defaults, since
// the law's days are China's whatever the server's or the caller's time zone.
absl::CivilDay TodayInChina();

int64_t ToYmd(absl::CivilDay day);
absl::CivilDay FromYmd(int64_t ymd);

// Checks a calendar date given as parts (2021, 2, 30 is refused), naming the field.
absl::StatusOr<absl::CivilDay> MakeDay(int year, int month, int day, absl::string_view field);

// "2021-07-01".
std::string FormatDay(absl::CivilDay day);

// The rule for the day something happened (filed, decided, served, received ...): it may not lie
// after today, since a mistyped year would otherwise pass as an event to come. INVALID_ARGUMENT
// "<field>: 2021-07-02 is after today (2021-07-01)" otherwise; today is TodayInChina() or the
// day of the request's own clock.
absl::Status CheckNotAfterToday(absl::CivilDay day, absl::CivilDay today, absl::string_view field);

enum class PeriodType { kYear = 1, kHalf = 2, kQuarter = 3, kMonth = 4 };

struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;  // inclusive
};

// The days a reporting period covers: 2021 is 2021-01-01..2021-12-31, its third quarter
// 2021-07-01..2021-09-30. INVALID_ARGUMENT naming the field for an index out of range.
absl::StatusOr<DayRange> PeriodDays(PeriodType type, int year, int index, absl::string_view field);

}  // namespace fazhi::time_util

#endif  // FAZHI_COMMON_TIME_DATE_H_

#ifndef FAZHI_COMMON_TIME_WORKING_DAYS_H_
#define FAZHI_COMMON_TIME_WORKING_DAYS_H_

// The official working-day calendar (工作日): deadlines in working days, such as publishing a
// penalty decision within 7 working days (国办发〔2018〕118号), count neither weekends nor public
// holidays, and do count the weekend days made working days (调休上班). Which days those are is
// decided each year by the State Council, so the calendar is data: one file a year under
// deploy/calendars (cn-2021.txt ...), read at start-up. A day in a year with no file is an error,
// never a guess.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fazhi::time_util {

// A due date, and whether it is still provisional: while the calendar lacks a year the period
// reaches into (the State Council publishes a year's holidays in the December before), the date is
// counted without holidays and marked pending, to be counted again once that year's file is
// loaded. A record with a pending due date is kept, never refused.
struct DueDate {
  absl::CivilDay day;
  bool pending = false;
};

class WorkingDayCalendar {
 public:
  // One year's file: "year 2021", then lines "2021-10-01..2021-10-07 off 国庆节" or
  // "2021-10-09 work 国庆节调休"; '#' starts a comment. source names the file in errors.
  absl::Status AddYear(absl::string_view text, absl::string_view source);
  // Every cn-YYYY.txt in directory.
  static absl::StatusOr<WorkingDayCalendar> LoadDirectory(const std::string& directory);

  // FAILED_PRECONDITION when the day's year has no calendar.
  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;
  // The count-th working day after day (day itself not counted): the last day of a deadline of
  // count working days that starts the day after day.
  absl::StatusOr<absl::CivilDay> AddWorkingDays(absl::CivilDay day, int count) const;
  // The last day of a period of `days` calendar days counted from the day after `day` (the 90
  // days of 行政处罚法 Art. 60, the 60 of 行政复议法 Art. 62): day + days, or, when that day is a
  // rest day or a holiday, the first working day after it (民法典 Art. 203; 民事诉讼法 Art. 85,
  // which 行政复议法 Art. 88 applies). Pending (day + days) while that year has no calendar.
  DueDate CalendarPeriodEnd(absl::CivilDay day, int days) const;
  // The last day of a period of count working days (AddWorkingDays); pending (day + count) while
  // a year on the way has no calendar.
  DueDate WorkingPeriodEnd(absl::CivilDay day, int count) const;
  // How many working days lie after from, up to and including to (0 when to <= from).
  absl::StatusOr<int> WorkingDaysBetween(absl::CivilDay from, absl::CivilDay to) const;
  // The name of the holiday or 调休 rule covering day, or "".
  std::string RuleName(absl::CivilDay day) const;

  const std::set<int>& years() const { return years_; }

 private:
  absl::Status CheckCovered(absl::CivilDay day) const;

  std::set<int> years_;
  // Days that differ from the weekend rule: true for a working weekend day, false for a holiday.
  std::map<absl::CivilDay, std::pair<bool, std::string>> exceptions_;
};

}  // namespace fazhi::time_util

#endif  // FAZHI_COMMON_TIME_WORKING_DAYS_H_

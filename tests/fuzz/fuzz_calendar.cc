// The working-day calendar files (deploy/calendars/cn-YYYY.txt) the cases service reads at
// start-up: the input is one year's file.
//
// Invariants: a refused file is INVALID_ARGUMENT naming the file and leaves the calendar as it
// was; an accepted file holds one "year" line and adds exactly that year, once (the same file
// again is refused); within the year every day is a working day or not as its rule or the
// weekend says, and the deadline arithmetic agrees with itself: n working days after a day end
// on a working day with exactly n working days counted up to it, a calendar period ends on a
// working day, and neither is pending while the year is covered.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "tests/fuzz/fuzz_check.h"

using fazhi::time_util::WorkingDayCalendar;

namespace {

bool IsWeekend(absl::CivilDay day) {
  absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

// Lines whose first word is "year", as the file format reads them.
int YearLines(absl::string_view text) {
  int n = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (!words.empty() && words[0] == "year") ++n;
  }
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  WorkingDayCalendar calendar;
  absl::Status added = calendar.AddYear(text, "cn-fuzz.txt");
  if (!added.ok()) {
    FUZZ_CHECK(added.code() == absl::StatusCode::kInvalidArgument, "refusals are INVALID_ARGUMENT");
    FUZZ_CHECK(absl::StartsWith(added.message(), "calendar cn-fuzz.txt"), "refusals name the file");
    FUZZ_CHECK(calendar.years().empty(), "a refused file adds no year");
    FUZZ_CHECK(calendar.RuleName(absl::CivilDay(2021, 10, 1)).empty(),
               "a refused file adds no rule");
    return 0;
  }
  FUZZ_CHECK(YearLines(text) == 1, "an accepted file names its year once");
  FUZZ_CHECK(calendar.years().size() == 1, "an accepted file adds one year");
  const int year = *calendar.years().begin();
  FUZZ_CHECK(year >= 1949 && year <= 2200, "the year is in range");
  FUZZ_CHECK(!calendar.AddYear(text, "cn-fuzz.txt").ok(), "the same year twice is refused");
  FUZZ_CHECK(calendar.years().size() == 1, "a refused second load adds nothing");

  const absl::CivilDay first(year, 1, 1);
  const absl::CivilDay last(year, 12, 31);
  int working_days = 0;
  for (absl::CivilDay day = first; day <= last; ++day) {
    absl::StatusOr<bool> working = calendar.IsWorkingDay(day);
    FUZZ_CHECK(working.ok(), "every day of a loaded year is known");
    if (calendar.RuleName(day).empty()) {
      FUZZ_CHECK(*working == !IsWeekend(day), "a day without a rule follows the weekend");
    } else if (*working) {
      FUZZ_CHECK(IsWeekend(day), "only a weekend day is made a working day");
    }
    working_days += *working ? 1 : 0;
  }
  FUZZ_CHECK(!calendar.IsWorkingDay(first - 1).ok(), "the year before is not covered");
  absl::StatusOr<int> all = calendar.WorkingDaysBetween(first - 1, last);
  FUZZ_CHECK(all.ok() && *all == working_days, "counting a whole year");
  FUZZ_CHECK(!calendar.WorkingDaysBetween(first - 2, last).ok(), "a day outside the year fails");
  absl::StatusOr<int> rest = calendar.WorkingDaysBetween(first, last);
  FUZZ_CHECK(rest.ok() && *rest == working_days - (*calendar.IsWorkingDay(first) ? 1 : 0),
             "counting a whole year");

  // Deadlines from a spread of days, with counts derived from the input.
  for (absl::CivilDay day = first; day <= last; day += 11) {
    int count = static_cast<int>((day - first) % 23);
    if (size > 0) count = (count + data[(day - first) % size]) % 40;
    absl::StatusOr<absl::CivilDay> due = calendar.AddWorkingDays(day, count);
    fazhi::time_util::DueDate period = calendar.WorkingPeriodEnd(day, count);
    if (!due.ok()) {
      FUZZ_CHECK(due.status().code() == absl::StatusCode::kFailedPrecondition,
                 "running past the calendar is FAILED_PRECONDITION");
      FUZZ_CHECK(period.pending && period.day == day + count, "a pending working period");
    } else {
      FUZZ_CHECK(*due >= day + count, "n working days take at least n days");
      FUZZ_CHECK(count == 0 || *calendar.IsWorkingDay(*due), "a deadline ends on a working day");
      absl::StatusOr<int> between = calendar.WorkingDaysBetween(day, *due);
      FUZZ_CHECK(between.ok() && *between == count, "n working days are n working days");
      FUZZ_CHECK(!period.pending && period.day == *due, "WorkingPeriodEnd agrees");
    }
    fazhi::time_util::DueDate end = calendar.CalendarPeriodEnd(day, count);
    if (!end.pending) {
      FUZZ_CHECK(end.day >= day + count, "a calendar period does not end early");
      FUZZ_CHECK(*calendar.IsWorkingDay(end.day), "a calendar period ends on a working day");
      for (absl::CivilDay d = day + count; d < end.day; ++d) {
        FUZZ_CHECK(!*calendar.IsWorkingDay(d), "and on the first working day from day + n");
      }
    } else {
      FUZZ_CHECK(end.day == day + count, "a pending calendar period is day + n");
    }
  }
  return 0;
}

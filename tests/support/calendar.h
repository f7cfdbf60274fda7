#ifndef FAZHI_TESTS_SUPPORT_CALENDAR_H_
#define FAZHI_TESTS_SUPPORT_CALENDAR_H_

// The working-day calendars the project ships (deploy/calendars), loaded once per test binary.
// Header-only: the including target defines FAZHI_SOURCE_DIR. A calendar that fails to load
// fails the test rather than leaving every deadline to an empty calendar's errors.

#include "absl/strings/str_cat.h"
#include "common/time/working_days.h"
#include "gtest/gtest.h"

namespace fazhi::testing {

inline const time_util::WorkingDayCalendar& ShippedCalendar() {
  static const auto* calendar = [] {
    absl::StatusOr<time_util::WorkingDayCalendar> c = time_util::WorkingDayCalendar::LoadDirectory(
        absl::StrCat(FAZHI_SOURCE_DIR, "/deploy/calendars"));
    EXPECT_TRUE(c.ok()) << c.status();
    return new time_util::WorkingDayCalendar(c.ok() ? *std::move(c)
                                                    : time_util::WorkingDayCalendar());
  }();
  return *calendar;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_CALENDAR_H_

#ifndef FAZHI_TESTS_SUPPORT_DATES_H_
#define FAZHI_TESTS_SUPPORT_DATES_H_

// A calendar day as the APIs take it, written the way tests read: D(2021, 9, 30); and compared
// and shown in expectations.

#include <string>

#include "absl/strings/str_cat.h"
#include "fazhi/common/v1/common.pb.h"

namespace fazhi::testing {

inline common::v1::Date D(int year, int month, int day) {
  common::v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

inline bool SameDay(const common::v1::Date& a, const common::v1::Date& b) {
  return a.year() == b.year() && a.month() == b.month() && a.day() == b.day();
}

// "2021-10-8", for failure messages.
inline std::string Show(const common::v1::Date& d) {
  return absl::StrCat(d.year(), "-", d.month(), "-", d.day());
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_DATES_H_

#ifndef FAZHI_TESTS_SUPPORT_DATES_H_
#define FAZHI_TESTS_SUPPORT_DATES_H_

// A calendar day as the APIs take it, written the way tests read: D(2021, 9, 30).

#include "fazhi/common/v1/common.pb.h"

namespace fazhi::testing {

inline common::v1::Date D(int year, int month, int day) {
  common::v1::Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_DATES_H_

#include "common/time/period.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fazhi::time_util {
namespace {

// SimpleAtoi also takes signs and spaces ("2021-+7"); a key is digits where numbers go, so each
// period has exactly one key.
bool ParseDigits(absl::string_view text, int* out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, out);
}

int PeriodsPerYear(PeriodType type) {
  switch (type) {
    case PeriodType::kYear:
      return 1;
    case PeriodType::kHalf:
      return 2;
    case PeriodType::kQuarter:
      return 4;
    case PeriodType::kMonth:
      return 12;
  }
  return 1;
}

}  // namespace

absl::Status CheckPeriod(const Period& period, absl::string_view field) {
  int type = static_cast<int>(period.type);
  if (type < 1 || type > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".type is required: YEAR, HALF, QUARTER or MONTH"));
  }
  return PeriodDays(period.type, period.year, period.index, field).status();
}

DayRange Days(const Period& period) {
  return *PeriodDays(period.type, period.year, period.index, "period");
}

std::string PeriodKey(const Period& p) {
  switch (p.type) {
    case PeriodType::kYear:
      return absl::StrCat(p.year);
    case PeriodType::kHalf:
      return absl::StrCat(p.year, "H", p.index);
    case PeriodType::kQuarter:
      return absl::StrCat(p.year, "Q", p.index);
    case PeriodType::kMonth:
      return absl::StrFormat("%04d-%02d", p.year, p.index);
  }
  return "";
}

absl::StatusOr<Period> ParsePeriodKey(absl::string_view key, absl::string_view field) {
  Period p;
  auto invalid = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": '", key.substr(0, 20), "' is not a period (2021, 2021H1, 2021Q3 or 2021-07)"));
  };
  if (key.size() < 4 || !ParseDigits(key.substr(0, 4), &p.year)) return invalid();
  absl::string_view rest = key.substr(4);
  if (rest.empty()) {
    p.type = PeriodType::kYear;
  } else if (rest.size() == 2 && (rest[0] == 'H' || rest[0] == 'Q')) {
    p.type = rest[0] == 'H' ? PeriodType::kHalf : PeriodType::kQuarter;
    if (!ParseDigits(rest.substr(1), &p.index)) return invalid();
  } else if (rest.size() == 3 && rest[0] == '-') {
    p.type = PeriodType::kMonth;
    if (!ParseDigits(rest.substr(1), &p.index)) return invalid();
  } else {
    return invalid();
  }
  if (!CheckPeriod(p, field).ok()) return invalid();
  return p;
}

Period YearBefore(const Period& period) {
  Period p = period;
  --p.year;
  return p;
}

Period Next(const Period& period) {
  Period p = period;
  if (p.type == PeriodType::kYear) {
    ++p.year;
  } else if (p.index < PeriodsPerYear(p.type)) {
    ++p.index;
  } else {
    ++p.year;
    p.index = 1;
  }
  return p;
}

bool Before(const Period& a, const Period& b) {
  return a.year != b.year ? a.year < b.year : a.index < b.index;
}

}  // namespace fazhi::time_util

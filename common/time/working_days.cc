#include "common/time/working_days.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time/date.h"

namespace fazhi::time_util {
namespace {

bool IsWeekend(absl::CivilDay day) {
  absl::Weekday w = absl::GetWeekday(day);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) || FormatDay(day) != text) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a date (YYYY-MM-DD)"));
  }
  return day;
}

// Long enough for any deadline in the rules (the longest is tens of working days).
constexpr int kMaxCount = 3660;

}  // namespace

absl::Status WorkingDayCalendar::AddYear(absl::string_view text, absl::string_view source) {
  int year = 0;
  std::map<absl::CivilDay, std::pair<bool, std::string>> rules;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line.substr(0, line.find('#')));
    if (line.empty()) continue;
    auto fail = [&](absl::string_view why) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar ", source, " line ", line_number, ": ", why));
    };
    std::vector<absl::string_view> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words[0] == "year") {
      // A second "year" line would file the rules before it under the wrong year, leaving that
      // year's days named without the year being loaded.
      if (year != 0 || words.size() != 2 || !absl::SimpleAtoi(words[1], &year) || year < 1949 ||
          year > 2200 || years_.count(year)) {
        return fail("expected \"year YYYY\" once, for a year not loaded before");
      }
      continue;
    }
    if (year == 0) return fail("the file must begin with \"year YYYY\"");
    if (words.size() < 3 || (words[1] != "off" && words[1] != "work")) {
      return fail("expected \"DAY[..DAY] off|work NAME\"");
    }
    std::pair<absl::string_view, absl::string_view> range =
        absl::StrSplit(words[0], absl::MaxSplits("..", 1));
    absl::StatusOr<absl::CivilDay> first = ParseDay(range.first);
    if (!first.ok()) return fail(first.status().message());
    absl::StatusOr<absl::CivilDay> last = range.second.empty() ? first : ParseDay(range.second);
    if (!last.ok()) return fail(last.status().message());
    if (*last < *first || *last - *first > 31 || first->year() < year - 1 || last->year() > year) {
      return fail(absl::StrCat("the range ", words[0], " must run forwards, within ", year,
                               " (or from the end of ", year - 1, "), for at most a month"));
    }
    bool working = words[1] == "work";
    std::string name(words[2]);
    for (absl::CivilDay day = *first; day <= *last; ++day) {
      if (working && !IsWeekend(day)) {
        return fail(absl::StrCat(FormatDay(day),
                                 " is a weekday: only a weekend day can be made "
                                 "a working day"));
      }
      if (rules.count(day) || exceptions_.count(day)) {
        return fail(absl::StrCat(FormatDay(day), " is named twice"));
      }
      rules[day] = {working, name};
    }
  }
  if (year == 0) {
    return absl::InvalidArgumentError(absl::StrCat("calendar ", source, ": no \"year\" line"));
  }
  years_.insert(year);
  exceptions_.merge(rules);
  return absl::OkStatus();
}

absl::StatusOr<WorkingDayCalendar> WorkingDayCalendar::LoadDirectory(const std::string& directory) {
  WorkingDayCalendar calendar;
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    std::string name = entry.path().filename().string();
    if (absl::StartsWith(name, "cn-") && absl::EndsWith(name, ".txt")) files.push_back(entry);
  }
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("calendar directory ", directory, ": ", error.message()));
  }
  if (files.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("calendar directory ", directory, " holds no cn-YYYY.txt file"));
  }
  for (const std::filesystem::path& path : files) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return absl::FailedPreconditionError(absl::StrCat("cannot read ", path.string()));
    if (absl::Status s = calendar.AddYear(text.str(), path.filename().string()); !s.ok()) {
      return s;
    }
  }
  return calendar;
}

absl::Status WorkingDayCalendar::CheckCovered(absl::CivilDay day) const {
  if (years_.count(static_cast<int>(day.year()))) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "no working-day calendar for ", day.year(), " (", FormatDay(day),
      "); add deploy/calendars/cn-", day.year(), ".txt from the State Council's holiday notice"));
}

absl::StatusOr<bool> WorkingDayCalendar::IsWorkingDay(absl::CivilDay day) const {
  if (absl::Status s = CheckCovered(day); !s.ok()) return s;
  auto it = exceptions_.find(day);
  if (it != exceptions_.end()) return it->second.first;
  return !IsWeekend(day);
}

absl::StatusOr<absl::CivilDay> WorkingDayCalendar::AddWorkingDays(absl::CivilDay day,
                                                                  int count) const {
  if (count < 0 || count > kMaxCount) {
    return absl::InvalidArgumentError(absl::StrCat("working days: ", count, " is out of range"));
  }
  while (count > 0) {
    ++day;
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    if (*working) --count;
  }
  return day;
}

DueDate WorkingDayCalendar::CalendarPeriodEnd(absl::CivilDay day, int days) const {
  absl::CivilDay last = day + days;
  // A holiday run is at most a few weeks long; the loop ends at the first working day or at a
  // year without a calendar.
  for (absl::CivilDay candidate = last;; ++candidate) {
    absl::StatusOr<bool> working = IsWorkingDay(candidate);
    if (!working.ok()) return DueDate{last, true};
    if (*working) return DueDate{candidate, false};
  }
}

DueDate WorkingDayCalendar::WorkingPeriodEnd(absl::CivilDay day, int count) const {
  absl::StatusOr<absl::CivilDay> due = AddWorkingDays(day, count);
  if (!due.ok()) return DueDate{day + count, true};
  return DueDate{*due, false};
}

absl::StatusOr<int> WorkingDayCalendar::WorkingDaysBetween(absl::CivilDay from,
                                                           absl::CivilDay to) const {
  if (to - from > 366 * 10) {
    return absl::InvalidArgumentError("working days: a span of more than ten years");
  }
  int count = 0;
  for (absl::CivilDay day = from + 1; day <= to; ++day) {
    absl::StatusOr<bool> working = IsWorkingDay(day);
    if (!working.ok()) return working.status();
    count += *working ? 1 : 0;
  }
  return count;
}

std::string WorkingDayCalendar::RuleName(absl::CivilDay day) const {
  auto it = exceptions_.find(day);
  return it == exceptions_.end() ? "" : it->second.second;
}

}  // namespace fazhi::time_util

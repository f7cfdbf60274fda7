// The request validators: common/validation (text, ids, 统一社会信用代码, 行政区划代码,
// 公民身份号码 and its mask), the indicator code of the statistics catalogue, the unit fields of
// the department service and the personal-data rules of the cases service's public feed. The input
// is lines of text; every line goes through every validator, and the first lines make a unit and a
// party.
//
// Invariants: what a validator accepts can be stored as it is (valid UTF-8 without control
// characters or NUL, within its column's length in characters: VARCHAR(n) counts characters on
// MariaDB's utf8mb4 and SQLite) and satisfies the standard it names (checked here independently:
// alphabets, lengths and check characters); a refusal is INVALID_ARGUMENT naming the field and
// never repeats an ID number; masked text never shows an ID number or a mobile number.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "common/validation/codes.h"
#include "common/validation/id_number.h"
#include "common/validation/text.h"
#include "services/cases/domain/case_rules.h"
#include "services/department/domain/department.h"
#include "services/statistics/domain/indicator.h"
#include "tests/fuzz/fuzz_check.h"

namespace v = fazhi::validation;

namespace {

void CheckRefusal(const absl::Status& s, absl::string_view field) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kInvalidArgument, "refusals are INVALID_ARGUMENT");
  FUZZ_CHECK(absl::StartsWith(s.message(), field), "refusals name the field");
  FUZZ_CHECK(v::IsValidUtf8(s.message()), "refusals are valid UTF-8");
}

// Storable text with at most max_chars characters, by a second reading of the rules.
bool Storable(absl::string_view s, size_t max_chars) {
  if (!v::IsValidUtf8(s) || v::CharacterCount(s) > max_chars) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) return false;
    // U+0080..U+009F (C1 controls) are C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return false;
  }
  return true;
}

bool AllOf(absl::string_view s, absl::string_view alphabet) {
  return s.find_first_not_of(alphabet) == absl::string_view::npos;
}

constexpr absl::string_view kDigits = "0123456789";
constexpr absl::string_view kIdChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

void TextValidators(const std::string& s) {
  for (size_t max : {size_t{1}, size_t{30}, size_t{100}, size_t{2000}}) {
    absl::Status text = v::CheckText(s, "unit.name", 0, max);
    if (text.ok()) {
      FUZZ_CHECK(Storable(s, max), "accepted text is storable");
      FUZZ_CHECK(!absl::StartsWith(s, " ") && !absl::EndsWith(s, " ") &&
                     !absl::StartsWith(s, "\u3000") && !absl::EndsWith(s, "\u3000"),
                 "accepted text has no surrounding spaces");
    } else {
      CheckRefusal(text, "unit.name");
    }
  }
  absl::Status required = v::CheckText(s, "unit.name", 1, 100);
  FUZZ_CHECK(!required.ok() || !s.empty(), "a required text is not empty");

  absl::Status id = v::CheckId(s, "unit.id");
  if (id.ok()) {
    FUZZ_CHECK(!s.empty() && s.size() <= 63 && AllOf(s, kIdChars) && s[0] != '-',
               "an accepted id is 1 to 63 of [a-z0-9-] (VARCHAR(63))");
  } else {
    CheckRefusal(id, "unit.id");
  }

  absl::Status credit = v::CheckCreditCode(s, "unit.credit_code");
  if (credit.ok()) {
    FUZZ_CHECK(s.size() == 18 && AllOf(s, "0123456789ABCDEFGHJKLMNPQRTUWXY"),
               "an accepted credit code is 18 characters of its alphabet (CHAR(18))");
    FUZZ_CHECK(v::CreditCodeCheckCharacter(s.substr(0, 17)) == s[17],
               "an accepted credit code carries its check character");
    FUZZ_CHECK(v::CheckRegionCode(s.substr(2, 6), "r").ok() || s.substr(2, 6) == "100000",
               "an accepted credit code names a region");
  } else {
    CheckRefusal(credit, "unit.credit_code");
  }

  absl::Status region = v::CheckRegionCode(s, "unit.region_code");
  if (region.ok()) {
    FUZZ_CHECK(s.size() == 6 && AllOf(s, kDigits), "an accepted region code is 6 digits");
  } else {
    CheckRefusal(region, "unit.region_code");
  }

  std::string number = v::NormalizeIdNumber(s);
  absl::Status id_number = v::CheckIdNumber(number, "party.id_number", absl::CivilDay(2026, 1, 1));
  if (id_number.ok()) {
    FUZZ_CHECK(number.size() == 18 && AllOf(number.substr(0, 17), kDigits),
               "an accepted ID number is 17 digits and a check character");
    FUZZ_CHECK(v::IdNumberCheckCharacter(number.substr(0, 17)) == number[17],
               "an accepted ID number carries its check character");
  } else {
    CheckRefusal(id_number, "party.id_number");
    // (Only for something shaped like a number: the fuzzer copies the message's own words.)
    if (number.size() >= 8 && AllOf(number, "0123456789X")) {
      FUZZ_CHECK(!absl::StrContains(id_number.message(), number), "a refusal never repeats it");
    }
    if (number.size() == 18 && AllOf(number.substr(6, 8), kDigits)) {
      FUZZ_CHECK(!absl::StrContains(id_number.message(), number.substr(6, 8)),
                 "a refusal never repeats the birth date");
    }
  }
  std::string masked = v::MaskIdNumber(s);
  FUZZ_CHECK(masked.size() == s.size(), "the mask keeps the length");
  if (s.size() == 18) {
    FUZZ_CHECK(masked.substr(0, 6) == s.substr(0, 6) && masked.substr(6, 8) == "********" &&
                   masked.substr(14) == s.substr(14),
               "an 18-character number keeps its region and last four only");
  } else {
    FUZZ_CHECK(AllOf(masked, "*"), "anything else is masked completely");
  }

  absl::Status code = fazhi::statistics::CheckIndicatorCode(s, "indicator.code");
  if (code.ok()) {
    FUZZ_CHECK(
        s.size() >= 3 && s.size() <= 100 && AllOf(s, "abcdefghijklmnopqrstuvwxyz0123456789_."),
        "an accepted indicator code is 3 to 100 of [a-z0-9_.] (VARCHAR(100))");
    FUZZ_CHECK(s.front() != '.' && s.back() != '.' && !absl::StrContains(s, ".."),
               "an accepted indicator code is words joined by dots");
  } else {
    CheckRefusal(code, "indicator.code");
  }
}

// The public feed's personal-data rules over text, for a person named name.
void PersonalData(const std::string& text, const std::string& name) {
  namespace cases = fazhi::cases;
  cases::EnforcementCase c;
  c.party.type = cases::PartyType::kPerson;
  c.party.name = name;
  std::string masked = cases::MaskPersonalDataIn(text, c.party);
  FUZZ_CHECK(!cases::ContainsIdNumberShape(masked), "masked text shows no ID number");
  FUZZ_CHECK(!cases::ContainsMobileNumber(masked), "masked text shows no mobile number");
  if (v::IsValidUtf8(text) && v::IsValidUtf8(name)) {
    FUZZ_CHECK(v::IsValidUtf8(masked), "masking keeps text valid UTF-8");
  }
  if (v::CheckText(name, "n", 2, 100).ok() &&
      !absl::StrContains(cases::MaskPersonName(name), name)) {
    FUZZ_CHECK(!absl::StrContains(masked, name), "masked text does not name the person");
  }
  absl::Status summary = cases::CheckPublicSummary(c, text, "decide.public_summary");
  if (summary.ok()) {
    FUZZ_CHECK(Storable(text, cases::kMaxPublicSummaryChars), "an accepted summary is storable");
    FUZZ_CHECK(!cases::ContainsIdNumberShape(text) && !cases::ContainsMobileNumber(text),
               "an accepted summary holds no ID or mobile number");
    FUZZ_CHECK(name.empty() || !absl::StrContains(text, name), "nor the person's name");
  } else {
    CheckRefusal(summary, "decide.public_summary");
  }
  if (v::IsValidUtf8(name)) {
    std::string masked_name = cases::MaskPersonName(name);
    FUZZ_CHECK(v::CharacterCount(masked_name) == v::CharacterCount(name),
               "a masked name has as many characters");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines = absl::StrSplit(input, '\n');
  for (const std::string& line : lines) TextValidators(line);
  TextValidators(input);

  auto line = [&](size_t i) { return i < lines.size() ? lines[i] : std::string(); };
  namespace dep = fazhi::department;
  dep::Department d;
  d.name = line(0);
  d.short_name = line(1);
  d.parent_id = line(2);
  d.credit_code = line(3);
  d.region_code = line(4);
  d.kind = dep::Kind::kGovernmentDepartment;
  d.level = dep::Level::kCounty;
  absl::Status unit = dep::ValidateFields(d);
  if (unit.ok()) {
    FUZZ_CHECK(Storable(d.name, dep::kMaxNameChars) && !d.name.empty(), "name fits VARCHAR(100)");
    FUZZ_CHECK(Storable(d.short_name, dep::kMaxShortNameChars), "short_name fits VARCHAR(30)");
    FUZZ_CHECK(d.parent_id.size() <= 63 && AllOf(d.parent_id, kIdChars), "parent_id fits");
    FUZZ_CHECK(d.credit_code.empty() || d.credit_code.size() == 18, "credit_code fits CHAR(18)");
    FUZZ_CHECK(d.region_code.empty() || d.region_code.size() == 6, "region_code fits CHAR(6)");
  } else {
    CheckRefusal(unit, "department.");
  }

  PersonalData(input, line(0));
  for (size_t i = 1; i < lines.size() && i < 8; ++i) PersonalData(lines[i], line(0));
  return 0;
}

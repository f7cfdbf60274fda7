// The officer rules that need no repository: the ID-number check and mask, and certificate
// numbers as they are compared.

#include "common/validation/id_number.h"
#include "gtest/gtest.h"
#include "services/department/domain/officer.h"

namespace fazhi::department {
namespace {

using absl::CivilDay;
using validation::CheckIdNumber;
using validation::IdNumberCheckCharacter;
using validation::MaskIdNumber;
using validation::NormalizeIdNumber;

// Valid GB 11643-1999 numbers: the standard's own two examples and synthetic 济源 numbers whose
// check characters were computed independently.
constexpr char kStandardExampleX[] = "11010519491231002X";
constexpr char kStandardExample1880[] = "440524188001010014";
constexpr char kJiyuanA[] = "410881198507151233";
constexpr char kJiyuanB[] = "410881199003070020";

// --- ID numbers -----------------------------------------------------------------------------

TEST(IdNumberTest, ComputesTheIso7064Mod112CheckCharacter) {
  EXPECT_EQ(IdNumberCheckCharacter("11010519491231002"), 'X');
  EXPECT_EQ(IdNumberCheckCharacter("44052418800101001"), '4');
  EXPECT_EQ(IdNumberCheckCharacter("41088119850715123"), '3');
  EXPECT_EQ(IdNumberCheckCharacter("41088119900307002"), '0');
  EXPECT_EQ(IdNumberCheckCharacter("4108811985071512"), '\0');
  EXPECT_EQ(IdNumberCheckCharacter("4108811985071512A"), '\0');
}

TEST(IdNumberTest, AcceptsRealFormatNumbers) {
  for (const char* valid : {kStandardExampleX, kStandardExample1880, kJiyuanA, kJiyuanB}) {
    EXPECT_TRUE(CheckIdNumber(valid, "officer.id_number").ok()) << valid;
  }
  // A lower-case x and full-width digits typed with an input method are normalised first.
  EXPECT_EQ(NormalizeIdNumber("11010519491231002x"), kStandardExampleX);
  EXPECT_EQ(NormalizeIdNumber("４１０８８１１９８５０７１５１２３３"), kJiyuanA);
  EXPECT_EQ(NormalizeIdNumber("11010519491231002ｘ"), kStandardExampleX);
}

TEST(IdNumberTest, RefusesInvalidNumbersWithoutEchoingThem) {
  struct Case {
    std::string number;
    std::string why;
  } cases[] = {
      {"410881198507151234", "check character"},  // kJiyuanA with the last digit mistyped
      {"110105194912310021", "check character"},
      {"41088119850715", "18 characters"},
      {"410881850715123", "15-digit"},  // a first-generation number
      {"41088119850715123", "18 characters"},
      {"4108811985071512331", "18 characters"},
      {"41088119850715123Y", "18 characters"},
      {"A10881198507151233", "18 characters"},
      {"990881198507151233", "province"},
      {"410881198502301236", "birth date"},  // 30 February
      {"410881180001011234", "birth date"},  // 1800 is before any living person
  };
  for (const Case& c : cases) {
    absl::Status s = CheckIdNumber(c.number, "officer.id_number");
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << c.number;
    EXPECT_NE(s.message().find("officer.id_number"), absl::string_view::npos) << s;
    EXPECT_NE(s.message().find(c.why), absl::string_view::npos) << c.number << ": " << s;
    EXPECT_EQ(s.message().find(c.number.substr(6, 8)), absl::string_view::npos)
        << "the birth date must not appear in: " << s;
  }
  // Born after the day it is checked on.
  absl::Status future = CheckIdNumber(kJiyuanB, "officer.id_number", CivilDay(1989, 1, 1));
  EXPECT_EQ(future.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(future.message().find("future"), absl::string_view::npos) << future;
  EXPECT_TRUE(CheckIdNumber(kJiyuanB, "officer.id_number", CivilDay(1990, 3, 7)).ok());
}

TEST(IdNumberTest, MasksAllButRegionAndLastFour) {
  EXPECT_EQ(MaskIdNumber(kJiyuanA), "410881********1233");
  EXPECT_EQ(MaskIdNumber(kStandardExampleX), "110105********002X");
  EXPECT_EQ(MaskIdNumber(""), "");
  // Anything else is masked completely rather than partly.
  EXPECT_EQ(MaskIdNumber("41088119850715"), "**************");
}

// --- Certificate numbers ----------------------------------------------------------------------

TEST(CertificateNumberTest, NormalisesFullWidthAndCase) {
  EXPECT_EQ(NormalizeCertificateNumber("豫济执法字第０１２３号"), "豫济执法字第0123号");
  EXPECT_EQ(NormalizeCertificateNumber("hn-ｊｙ-0012"), "HN-JY-0012");
  EXPECT_EQ(NormalizeCertificateNumber("41900121000123"), "41900121000123");
}

}  // namespace
}  // namespace fazhi::department

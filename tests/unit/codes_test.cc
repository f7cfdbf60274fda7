#include "common/validation/codes.h"

#include "gtest/gtest.h"

namespace fazhi::validation {
namespace {

// Published credit codes of real organisations, and the worked example of GB 32100-2015.
TEST(CreditCodeTest, AcceptsRealCodes) {
  for (const char* code : {"91440300708461136T", "914403001922038216", "91350100M000100Y43"}) {
    EXPECT_TRUE(CheckCreditCode(code, "credit_code").ok()) << code;
  }
}

// A body registered at the national level has region 100000 (GB 32100-2015), which is no GB/T
// 2260 code: a central organ (1 机构编制, 1 机关) and a national social organisation (5 民政,
// 1 社会团体). Check characters by hand: 11100000000013127 weighs 1*1 + 1*3 + 1*9 + 1*8 + 3*24 +
// 1*10 + 2*30 + 7*28 = 359 = 11*31 + 18, and 31 - 18 = 13 is 'D'; 51100000500000438 weighs
// 5*1 + 1*3 + 1*9 + 5*20 + 4*10 + 3*30 + 8*28 = 471 = 15*31 + 6, and 31 - 6 = 25 is 'R'.
TEST(CreditCodeTest, AcceptsTheNationalRegion100000) {
  for (const char* code : {"11100000000013127D", "51100000500000438R"}) {
    EXPECT_TRUE(CheckCreditCode(code, "credit_code").ok())
        << code << ": " << CheckCreditCode(code, "credit_code");
  }
  // Still checked: a wrong check character, and other non-GB/T 2260 regions.
  EXPECT_FALSE(CheckCreditCode("11100000000013127E", "c").ok());
  EXPECT_FALSE(CheckCreditCode("111000010000131270", "c").ok());
  EXPECT_FALSE(CheckCreditCode("11200000000013127X", "c").ok());
  // 100000 is a credit code's region only, not a 行政区划代码.
  EXPECT_FALSE(CheckRegionCode("100000", "r").ok());
}

TEST(CreditCodeTest, ComputesTheCheckCharacter) {
  EXPECT_EQ(CreditCodeCheckCharacter("11100000000013127"), 'D');
  EXPECT_EQ(CreditCodeCheckCharacter("51100000500000438"), 'R');
  EXPECT_EQ(CreditCodeCheckCharacter("91440300708461136"), 'T');
  EXPECT_EQ(CreditCodeCheckCharacter("91440300192203821"), '6');
  EXPECT_EQ(CreditCodeCheckCharacter("91350100M000100Y4"), '3');
  // A character outside the alphabet (I, O, S, V, Z are excluded) has no check character.
  EXPECT_EQ(CreditCodeCheckCharacter("9144030070846113I"), '\0');
  EXPECT_EQ(CreditCodeCheckCharacter("short"), '\0');
}

TEST(CreditCodeTest, RejectsAWrongCheckCharacterAndSaysWhichItShouldBe) {
  absl::Status s = CheckCreditCode("91440300708461136X", "department.credit_code");
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("department.credit_code"), absl::string_view::npos) << s;
  EXPECT_NE(s.message().find("should be 'T'"), absl::string_view::npos) << s;
}

TEST(CreditCodeTest, RejectsTransposedDigits) {
  // Swapping two adjacent characters is the commonest typing slip; the weights catch it.
  EXPECT_FALSE(CheckCreditCode("91440300708461163T", "c").ok());
}

TEST(CreditCodeTest, RejectsBadShapes) {
  EXPECT_FALSE(CheckCreditCode("", "c").ok());
  EXPECT_FALSE(CheckCreditCode("91440300708461136", "c").ok());    // 17 characters
  EXPECT_FALSE(CheckCreditCode("91440300708461136TT", "c").ok());  // 19 characters
  EXPECT_FALSE(CheckCreditCode("91440300708461136t", "c").ok());   // lower case
  EXPECT_FALSE(CheckCreditCode("9144030070846113OT", "c").ok());   // O is not allowed
  // Z is not a registration authority, and 00 is not a province.
  EXPECT_FALSE(CheckCreditCode("Z1440300708461136T", "c").ok());
  EXPECT_FALSE(CheckCreditCode("910003007084611360", "c").ok());
}

TEST(RegionCodeTest, AcceptsRealCodes) {
  // 济源市 (province-administered), its former code under 河南省, 河南省, 郑州市, 北京市东城区.
  for (const char* code : {"419001", "410881", "410000", "410100", "110101"}) {
    EXPECT_TRUE(CheckRegionCode(code, "region_code").ok()) << code;
  }
}

TEST(RegionCodeTest, RejectsInvalidCodes) {
  EXPECT_FALSE(CheckRegionCode("", "r").ok());
  EXPECT_FALSE(CheckRegionCode("41900", "r").ok());    // five digits
  EXPECT_FALSE(CheckRegionCode("4190011", "r").ok());  // seven digits
  EXPECT_FALSE(CheckRegionCode("41900A", "r").ok());   // not a digit
  EXPECT_FALSE(CheckRegionCode("000000", "r").ok());   // no province 00
  EXPECT_FALSE(CheckRegionCode("190001", "r").ok());   // no province 19
  EXPECT_FALSE(CheckRegionCode("410001", "r").ok());   // county without prefecture
  EXPECT_FALSE(CheckRegionCode("418501", "r").ok());   // prefecture 85 does not exist
  EXPECT_FALSE(CheckRegionCode("419000", "r").ok());   // 90 needs a unit number
  absl::Status s = CheckRegionCode("190001", "department.region_code");
  EXPECT_NE(s.message().find("department.region_code"), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace fazhi::validation

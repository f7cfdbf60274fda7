#include <vector>

#include "gtest/gtest.h"
#include "services/reports/domain/numbering.h"

namespace fazhi::reports {
namespace {

TEST(ChineseNumeralTest, CountsAsOfficialDocumentsDo) {
  const char* expected[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  for (int i = 1; i <= 10; ++i) EXPECT_EQ(ChineseNumeral(i), expected[i - 1]) << i;
  EXPECT_EQ(ChineseNumeral(11), "十一");
  EXPECT_EQ(ChineseNumeral(19), "十九");
  EXPECT_EQ(ChineseNumeral(20), "二十");
  EXPECT_EQ(ChineseNumeral(21), "二十一");
  EXPECT_EQ(ChineseNumeral(97), "九十七");  // 示范指标 97
  EXPECT_EQ(ChineseNumeral(99), "九十九");
  EXPECT_EQ(ChineseNumeral(100), "一百");
  EXPECT_EQ(ChineseNumeral(105), "一百零五");
  EXPECT_EQ(ChineseNumeral(110), "一百一十");
  EXPECT_EQ(ChineseNumeral(1001), "一千零一");
  EXPECT_EQ(ChineseNumeral(1010), "一千零一十");
  EXPECT_EQ(ChineseNumeral(2021), "二千零二十一");
  EXPECT_EQ(ChineseNumeral(0), "0");
}

// The outline of the Jiyuan 2021 report: an unnumbered opening, 一、 with (一) to (七), 二、
// to 四、 with 四、's own (一) to (三).
TEST(NumberSectionsTest, NumbersTheSeedReport) {
  std::vector<int> levels = {0, 1, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2};
  absl::StatusOr<std::vector<std::string>> numbers = NumberSections(levels);
  ASSERT_TRUE(numbers.ok()) << numbers.status();
  EXPECT_EQ(*numbers,
            (std::vector<std::string>{"", "一、", "(一)", "(二)", "(三)", "(四)", "(五)", "(六)",
                                      "(七)", "二、", "三、", "四、", "(一)", "(二)", "(三)"}));
}

TEST(NumberSectionsTest, LevelsThreeAndFourRestartUnderEachParent) {
  // 九、…>1.加强党对法治政府建设的领导。 is how the portal's breadcrumb numbers a level 3.
  absl::StatusOr<std::vector<std::string>> numbers =
      NumberSections({1, 2, 3, 3, 4, 4, 3, 4, 2, 3, 4, 1, 2, 3});
  ASSERT_TRUE(numbers.ok()) << numbers.status();
  EXPECT_EQ(*numbers, (std::vector<std::string>{"一、", "(一)", "1.", "2.", "(1)", "(2)", "3.",
                                                "(1)", "(二)", "1.", "(1)", "二、", "(一)", "1."}));
}

TEST(NumberSectionsTest, AnUnnumberedSectionNeitherCountsNorRestarts) {
  absl::StatusOr<std::vector<std::string>> numbers = NumberSections({1, 2, 0, 2, 0, 1});
  ASSERT_TRUE(numbers.ok()) << numbers.status();
  EXPECT_EQ(*numbers, (std::vector<std::string>{"一、", "(一)", "", "(二)", "", "二、"}));
  EXPECT_TRUE(NumberSections({}).ok());
}

TEST(NumberSectionsTest, CountsPastTen) {
  std::vector<int> levels(25, 1);
  levels.insert(levels.begin() + 1, {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
  absl::StatusOr<std::vector<std::string>> numbers = NumberSections(levels);
  ASSERT_TRUE(numbers.ok()) << numbers.status();
  EXPECT_EQ((*numbers)[10], "(十)");
  EXPECT_EQ((*numbers)[11], "(十一)");
  EXPECT_EQ((*numbers)[12], "(十二)");
  EXPECT_EQ((*numbers)[13], "二、");
  EXPECT_EQ((*numbers)[22], "十一、");
  EXPECT_EQ((*numbers)[31], "二十、");
  EXPECT_EQ((*numbers)[32], "二十一、");
  EXPECT_EQ(numbers->back(), "二十五、");
}

TEST(NumberSectionsTest, AJumpOfMoreThanOneLevelNamesTheSection) {
  absl::StatusOr<std::vector<std::string>> jump = NumberSections({0, 1, 2, 1, 3});
  EXPECT_EQ(jump.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(jump.status().message(),
            "section 4 is at level 3 but the numbered section before it is at level 1; a section "
            "goes at most one level deeper than the one before it");
  absl::StatusOr<std::vector<std::string>> start = NumberSections({0, 2});
  EXPECT_EQ(start.status().message(),
            "section 1 is at level 2 but no numbered section comes before it; a section goes at "
            "most one level deeper than the one before it");
  // An unnumbered section in between does not make room for a deeper one.
  EXPECT_FALSE(NumberSections({1, 0, 3}).ok());
}

TEST(NumberSectionsTest, ALevelOutsideZeroToFourNamesTheSection) {
  EXPECT_EQ(NumberSections({1, 2, 3, 4, 5}).status().message(),
            "section 4 has level 5; a level is 0 (unnumbered) to 4");
  EXPECT_EQ(NumberSections({-1}).status().message(),
            "section 0 has level -1; a level is 0 (unnumbered) to 4");
}

}  // namespace
}  // namespace fazhi::reports

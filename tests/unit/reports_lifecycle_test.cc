#include "gtest/gtest.h"
#include "services/reports/domain/report.h"

namespace fazhi::reports {
namespace {

TEST(ReportLifecycleTest, FirstPublicationGoesThroughReviewApprovalAndSubmission) {
  EXPECT_TRUE(CheckTransition(ReportState::kDraft, ReportState::kInReview, false).ok());
  EXPECT_TRUE(CheckTransition(ReportState::kInReview, ReportState::kApproved, false).ok());
  EXPECT_TRUE(CheckTransition(ReportState::kApproved, ReportState::kSubmitted, false).ok());
  EXPECT_TRUE(CheckTransition(ReportState::kSubmitted, ReportState::kPublished, false).ok());
  // No shortcuts: a draft is neither approved nor published, an approved report not published
  // before it reaches its recipients.
  EXPECT_EQ(CheckTransition(ReportState::kDraft, ReportState::kApproved, false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckTransition(ReportState::kDraft, ReportState::kPublished, false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckTransition(ReportState::kApproved, ReportState::kPublished, false).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(ReportLifecycleTest, ACorrectionIsReviewedAndApprovedThenPublishedWithoutResubmission) {
  EXPECT_TRUE(CheckTransition(ReportState::kPublished, ReportState::kDraft, true).ok());
  EXPECT_TRUE(CheckTransition(ReportState::kApproved, ReportState::kPublished, true).ok());
  EXPECT_EQ(CheckTransition(ReportState::kApproved, ReportState::kSubmitted, true).code(),
            absl::StatusCode::kFailedPrecondition);
  absl::Status refused = CheckTransition(ReportState::kSubmitted, ReportState::kDraft, false);
  EXPECT_EQ(refused.message(), "the report is submitted; it cannot become draft");
}

}  // namespace
}  // namespace fazhi::reports

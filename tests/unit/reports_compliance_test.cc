#include <optional>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/reports/domain/compliance.h"

namespace fazhi::reports {
namespace {

using Strings = std::vector<std::string>;

constexpr absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

Recipient Sent(const char* id, const char* name, RecipientBasis basis,
               std::optional<absl::CivilDay> on) {
  Recipient r;
  r.department_id = id;
  r.name = name;
  r.basis = basis;
  r.submitted_on = on;
  return r;
}

TEST(ReportComplianceTest, TheDeadlinesAreTheFirstOfMarchAndAprilOfTheNextYear) {
  EXPECT_EQ(SubmissionDeadline(2021), Day(2022, 3, 1));
  EXPECT_EQ(PublicationDeadline(2021), Day(2022, 4, 1));
  // 2024 is a leap year: still 1 March, not "60 days".
  EXPECT_EQ(SubmissionDeadline(2023), Day(2024, 3, 1));
}

TEST(ReportComplianceTest, TheSeedWasSubmitted27DaysLateAndPublished2DaysEarly) {
  DeadlineCheck submitted =
      CheckDeadline(SubmissionDeadline(2021), Day(2022, 3, 28), Day(2022, 4, 30));
  EXPECT_EQ(submitted.status, DeadlineStatus::kLate);
  EXPECT_EQ(submitted.days_late, 27);
  EXPECT_EQ(submitted.done_on, Day(2022, 3, 28));

  DeadlineCheck published =
      CheckDeadline(PublicationDeadline(2021), Day(2022, 3, 30), Day(2022, 4, 30));
  EXPECT_EQ(published.status, DeadlineStatus::kOnTime);
  EXPECT_EQ(published.days_late, -2);
}

TEST(ReportComplianceTest, TheDeadlineDayItselfIsOnTime) {
  DeadlineCheck on_day = CheckDeadline(Day(2022, 3, 1), Day(2022, 3, 1), Day(2022, 3, 1));
  EXPECT_EQ(on_day.status, DeadlineStatus::kOnTime);
  EXPECT_EQ(on_day.days_late, 0);
  DeadlineCheck next_day = CheckDeadline(Day(2022, 3, 1), Day(2022, 3, 2), Day(2022, 3, 2));
  EXPECT_EQ(next_day.status, DeadlineStatus::kLate);
  EXPECT_EQ(next_day.days_late, 1);
}

TEST(ReportComplianceTest, AMissingReportIsNotYetDueUntilTheDeadlineHasPassed) {
  DeadlineCheck february = CheckDeadline(Day(2022, 3, 1), std::nullopt, Day(2022, 2, 15));
  EXPECT_EQ(february.status, DeadlineStatus::kMissingNotYetDue);
  EXPECT_FALSE(february.done());
  EXPECT_EQ(february.days_late, -14);
  EXPECT_EQ(CheckDeadline(Day(2022, 3, 1), std::nullopt, Day(2022, 3, 1)).status,
            DeadlineStatus::kMissingNotYetDue);
  DeadlineCheck march = CheckDeadline(Day(2022, 3, 1), std::nullopt, Day(2022, 3, 10));
  EXPECT_EQ(march.status, DeadlineStatus::kMissingOverdue);
  EXPECT_EQ(march.days_late, 9);
}

TEST(ReportComplianceTest, WhatHappenedAfterTheDayAskedAboutHadNotHappenedYet) {
  // As of 10 March the seed had not been submitted; its 28 March submission does not count.
  DeadlineCheck c = CheckDeadline(Day(2022, 3, 1), Day(2022, 3, 28), Day(2022, 3, 10));
  EXPECT_EQ(c.status, DeadlineStatus::kMissingOverdue);
  EXPECT_FALSE(c.done());
}

TEST(ReportComplianceTest, SubmissionCountsOnTheDayTheLastRequiredRecipientWasSentIt) {
  std::vector<Recipient> r = {
      Sent("henan", "河南省人民政府", RecipientBasis::kSuperiorGovernment, Day(2022, 3, 28)),
      Sent("jiyuan-party", "中共济源市委员会", RecipientBasis::kOwnPartyCommittee,
           Day(2022, 2, 25)),
      // A clerk's addition sent later does not move the date.
      Sent("cppcc", "政协济源市委员会", RecipientBasis::kAddedByClerk, Day(2022, 4, 5)),
  };
  EXPECT_EQ(SubmittedOn(r), Day(2022, 3, 28));
  r[1].submitted_on.reset();
  EXPECT_EQ(SubmittedOn(r), std::nullopt);
  EXPECT_EQ(SubmittedOn({}), std::nullopt);
}

TEST(ReportComplianceTest, PublicationCountsOnTheFirstChannelsDay) {
  Channel paper{ChannelKind::kNewspaper, "济源日报", Day(2022, 4, 2), ""};
  Channel portal{ChannelKind::kPortal, "济源市人民政府门户网站", Day(2022, 3, 30),
                 "http://www.jiyuan.gov.cn/"};
  EXPECT_EQ(FirstPublication({paper, portal}), Day(2022, 3, 30));
  EXPECT_EQ(FirstPublication({}), std::nullopt);
}

TEST(ReportComplianceTest, TheSummaryCountsEachDeadlineAndNamesWhatIsMissing) {
  OwedReport city;
  city.department_id = "jiyuan";
  city.name = "济源市人民政府";
  city.report_id = "r1";
  city.recipients = {
      Sent("henan", "河南省人民政府", RecipientBasis::kSuperiorGovernment, Day(2022, 3, 28)),
      Sent("jiyuan-party", "中共济源市委员会", RecipientBasis::kOwnPartyCommittee,
           Day(2022, 3, 28)),
  };
  city.published_on = Day(2022, 3, 30);

  OwedReport justice;
  justice.department_id = "jiyuan-justice";
  justice.name = "济源市司法局";
  justice.report_id = "r2";
  justice.recipients = {
      Sent("henan-justice", "河南省司法厅", RecipientBasis::kSuperiorCounterpart, Day(2022, 2, 20)),
      Sent("jiyuan", "济源市人民政府", RecipientBasis::kOwnGovernment, std::nullopt),
  };

  OwedReport env;
  env.department_id = "jiyuan-env";
  env.name = "济源市生态环境局";

  ComplianceSummary s = CheckCompliance(2021, Day(2022, 3, 31), {city, justice, env});
  EXPECT_EQ(s.year, 2021);
  EXPECT_EQ(s.submission_due, Day(2022, 3, 1));
  EXPECT_EQ(s.publication_due, Day(2022, 4, 1));
  EXPECT_EQ(s.as_of, Day(2022, 3, 31));
  EXPECT_EQ(s.totals.owed, 3);
  EXPECT_EQ(s.totals.submitted, 1);
  EXPECT_EQ(s.totals.submitted_late, 1);
  EXPECT_EQ(s.totals.published, 1);
  EXPECT_EQ(s.totals.published_late, 0);
  EXPECT_EQ(s.totals.missing_submission, 2);
  EXPECT_EQ(s.totals.overdue_submission, 2);
  EXPECT_EQ(s.totals.missing_publication, 2);
  EXPECT_EQ(s.totals.overdue_publication, 0);

  ASSERT_EQ(s.units.size(), 3u);
  EXPECT_EQ(s.units[0].submission.status, DeadlineStatus::kLate);
  EXPECT_EQ(s.units[0].submission.days_late, 27);
  EXPECT_EQ(s.units[0].publication.status, DeadlineStatus::kOnTime);
  EXPECT_EQ(s.units[0].publication.days_late, -2);
  EXPECT_TRUE(s.units[0].missing.empty());
  EXPECT_EQ(s.units[1].submission.status, DeadlineStatus::kMissingOverdue);
  EXPECT_EQ(s.units[1].missing, (Strings{"submission to 济源市人民政府", "publication"}));
  EXPECT_EQ(s.units[2].publication.status, DeadlineStatus::kMissingNotYetDue);
  EXPECT_EQ(s.units[2].missing, (Strings{"submission", "publication"}));

  // A month earlier nobody had submitted in time: the city's dates lie after the day asked about.
  ComplianceSummary early = CheckCompliance(2021, Day(2022, 2, 15), {city, justice, env});
  EXPECT_EQ(early.totals.submitted, 0);
  EXPECT_EQ(early.totals.missing_submission, 3);
  EXPECT_EQ(early.totals.overdue_submission, 0);
  EXPECT_EQ(early.units[0].missing, (Strings{"submission to 河南省人民政府",
                                             "submission to 中共济源市委员会", "publication"}));
  EXPECT_EQ(early.units[0].submission.status, DeadlineStatus::kMissingNotYetDue);
}

}  // namespace
}  // namespace fazhi::reports

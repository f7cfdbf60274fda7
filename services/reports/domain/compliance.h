#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_COMPLIANCE_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_COMPLIANCE_H_

// Deadline compliance of the annual report (示范指标 97: "每年3月1日前 … 报告上一年度 … 并在
// 4月1日前 … 向社会公开"): the year Y report reaches its recipients by 1 March Y+1 and is public by
// 1 April Y+1. Something done ON the deadline day is on time. Pure arithmetic on calendar days.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/reports/domain/report.h"

namespace fazhi::reports {

// 1 March of the following year.
absl::CivilDay SubmissionDeadline(int year);
// 1 April of the following year.
absl::CivilDay PublicationDeadline(int year);

// Values match fazhi.reports.v1.DeadlineStatus.
enum class DeadlineStatus {
  kOnTime = 1,
  kLate = 2,
  kMissingNotYetDue = 3,
  kMissingOverdue = 4,
};

absl::string_view DeadlineStatusName(DeadlineStatus status);

struct DeadlineCheck {
  DeadlineStatus status = DeadlineStatus::kMissingNotYetDue;
  absl::CivilDay deadline;
  // When it was done; absent while missing.
  std::optional<absl::CivilDay> done_on;
  // The day it was done (as_of while missing) minus the deadline: 27 for a report submitted on
  // 28 March, -2 for one published on 30 March; while missing, negative means days still left.
  int64_t days_late = 0;

  bool done() const { return done_on.has_value(); }
};

// One deadline as of a day. Something done after as_of had not happened yet as of that day, so
// it counts as missing: a past day's answer does not change with what came later.
DeadlineCheck CheckDeadline(absl::CivilDay deadline, std::optional<absl::CivilDay> done_on,
                            absl::CivilDay as_of);

// When a report counts as submitted: the day the last required recipient was sent it, or absent
// while any required recipient (or every one, when none is listed) still lacks it. A clerk's
// additions do not count: the regulation sets the deadline for the required ones only.
std::optional<absl::CivilDay> SubmittedOn(const std::vector<Recipient>& recipients);

// When a report became public: its first channel's day, absent when it has none.
std::optional<absl::CivilDay> FirstPublication(const std::vector<Channel>& channels);

// One unit that owes a report for the year.
struct OwedReport {
  std::string department_id;
  std::string name;
  // Empty when the unit has not started its report.
  std::string report_id;
  // The report's recipients with their submission days (empty before a report exists).
  std::vector<Recipient> recipients;
  // The first publication; absent before it.
  std::optional<absl::CivilDay> published_on;
};

struct UnitCompliance {
  std::string department_id;
  std::string name;
  std::string report_id;
  DeadlineCheck submission;
  DeadlineCheck publication;
  // What is still missing as of the day: "submission to 河南省人民政府", "submission" (no report
  // or no recipients yet), "publication".
  std::vector<std::string> missing;
};

struct ComplianceTotals {
  int64_t owed = 0;
  int64_t submitted = 0;
  int64_t submitted_late = 0;
  int64_t published = 0;
  int64_t published_late = 0;
  // Not done as of the day, due or not.
  int64_t missing_submission = 0;
  int64_t missing_publication = 0;
  // Of those, the ones whose deadline has passed.
  int64_t overdue_submission = 0;
  int64_t overdue_publication = 0;
};

struct ComplianceSummary {
  int year = 0;
  absl::CivilDay submission_due;
  absl::CivilDay publication_due;
  absl::CivilDay as_of;
  ComplianceTotals totals;
  // In the order given.
  std::vector<UnitCompliance> units;
};

// The compliance of every unit that owes a report for `year`, as of a day.
ComplianceSummary CheckCompliance(int year, absl::CivilDay as_of,
                                  const std::vector<OwedReport>& owed);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_COMPLIANCE_H_

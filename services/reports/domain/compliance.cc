#include "services/reports/domain/compliance.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace fazhi::reports {

absl::CivilDay SubmissionDeadline(int year) { return absl::CivilDay(year + 1, 3, 1); }

absl::CivilDay PublicationDeadline(int year) { return absl::CivilDay(year + 1, 4, 1); }

absl::string_view DeadlineStatusName(DeadlineStatus status) {
  switch (status) {
    case DeadlineStatus::kOnTime:
      return "on time";
    case DeadlineStatus::kLate:
      return "late";
    case DeadlineStatus::kMissingNotYetDue:
      return "missing, not yet due";
    case DeadlineStatus::kMissingOverdue:
      return "missing, overdue";
  }
  return "unknown";
}

DeadlineCheck CheckDeadline(absl::CivilDay deadline, std::optional<absl::CivilDay> done_on,
                            absl::CivilDay as_of) {
  DeadlineCheck check;
  check.deadline = deadline;
  if (done_on && *done_on <= as_of) {
    check.done_on = done_on;
    check.days_late = *done_on - deadline;
    check.status = check.days_late <= 0 ? DeadlineStatus::kOnTime : DeadlineStatus::kLate;
  } else {
    check.days_late = as_of - deadline;
    check.status =
        check.days_late <= 0 ? DeadlineStatus::kMissingNotYetDue : DeadlineStatus::kMissingOverdue;
  }
  return check;
}

std::optional<absl::CivilDay> SubmittedOn(const std::vector<Recipient>& recipients) {
  std::optional<absl::CivilDay> last;
  for (const Recipient& r : recipients) {
    if (!r.required()) continue;
    if (!r.submitted_on) return std::nullopt;
    if (!last || *r.submitted_on > *last) last = r.submitted_on;
  }
  return last;
}

std::optional<absl::CivilDay> FirstPublication(const std::vector<Channel>& channels) {
  std::optional<absl::CivilDay> first;
  for (const Channel& c : channels) {
    if (!first || c.published_on < *first) first = c.published_on;
  }
  return first;
}

ComplianceSummary CheckCompliance(int year, absl::CivilDay as_of,
                                  const std::vector<OwedReport>& owed) {
  ComplianceSummary summary;
  summary.year = year;
  summary.submission_due = SubmissionDeadline(year);
  summary.publication_due = PublicationDeadline(year);
  summary.as_of = as_of;
  ComplianceTotals& t = summary.totals;
  for (const OwedReport& report : owed) {
    UnitCompliance unit;
    unit.department_id = report.department_id;
    unit.name = report.name;
    unit.report_id = report.report_id;
    unit.submission = CheckDeadline(summary.submission_due, SubmittedOn(report.recipients), as_of);
    unit.publication = CheckDeadline(summary.publication_due, report.published_on, as_of);

    if (!unit.submission.done()) {
      bool any_required = false;
      for (const Recipient& r : report.recipients) {
        if (!r.required()) continue;
        any_required = true;
        if (!r.submitted_on || *r.submitted_on > as_of) {
          unit.missing.push_back(absl::StrCat("submission to ", r.name));
        }
      }
      if (!any_required) unit.missing.push_back("submission");
    }
    if (!unit.publication.done()) unit.missing.push_back("publication");

    ++t.owed;
    if (unit.submission.done()) {
      ++t.submitted;
      if (unit.submission.status == DeadlineStatus::kLate) ++t.submitted_late;
    } else {
      ++t.missing_submission;
      if (unit.submission.status == DeadlineStatus::kMissingOverdue) ++t.overdue_submission;
    }
    if (unit.publication.done()) {
      ++t.published;
      if (unit.publication.status == DeadlineStatus::kLate) ++t.published_late;
    } else {
      ++t.missing_publication;
      if (unit.publication.status == DeadlineStatus::kMissingOverdue) ++t.overdue_publication;
    }
    summary.units.push_back(std::move(unit));
  }
  return summary;
}

}  // namespace fazhi::reports

// Review and approval: a supervisor (司法局, the office of the 法治政府建设 leading group) sends a
// report back or approves it; approval runs the consistency check and refuses while anything is
// open. A validation violation is closed only by an acknowledgement with a reason, which the
// published version lists.

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/audit/changes.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/reports/app/reports_app.h"

namespace fazhi::reports {
namespace {

bool CorrectedBefore(const Report& r) { return r.published_version > 0; }

// What approval is waiting for, one line per open item, for the clerk to act on.
std::string OpenItems(const ConsistencyCheck& check) {
  std::vector<std::string> lines;
  for (const PlaceholderProblem& p : check.problems) {
    lines.push_back(
        absl::StrCat("section ", p.section_key, ", {{", p.placeholder, "}}: ", p.message));
  }
  for (const CheckedViolation& v : check.violations) {
    if (v.acknowledgement) continue;
    lines.push_back(absl::StrCat("rule ", v.violation.rule_id, " (", v.violation.department_id,
                                 "): ", v.violation.message));
  }
  return absl::StrJoin(lines, "; ");
}

}  // namespace

absl::StatusOr<Report> ReportsApp::SubmitForReview(const app::Caller& caller,
                                                   absl::string_view report_id,
                                                   int64_t expected_version) {
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (absl::Status s = CheckTransition(r->state, ReportState::kInReview, CorrectedBefore(*r));
      !s.ok()) {
    return s;
  }
  r->state = ReportState::kInReview;
  return Save(caller, *std::move(r), "submit_for_review",
              audit::ChangeJson({{"state", "draft"}}, {{"state", "in review"}}));
}

absl::StatusOr<Report> ReportsApp::ReturnToDraft(const app::Caller& caller,
                                                 absl::string_view report_id,
                                                 absl::string_view reason,
                                                 int64_t expected_version) {
  if (absl::Status s = validation::CheckText(reason, "reason", 1, 2000); !s.ok()) return s;
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kInReview) {
    return absl::FailedPreconditionError(absl::StrCat("the report is ", ReportStateName(r->state),
                                                      "; only a report in review is sent back"));
  }
  r->state = ReportState::kDraft;
  return Save(caller, *std::move(r), "return_to_draft",
              audit::CreationJson({{"state", "draft"}, {"reason", std::string(reason)}}));
}

absl::StatusOr<Report> ReportsApp::AcknowledgeViolation(
    const app::Caller& caller, absl::string_view report_id, absl::string_view rule_id,
    absl::string_view department_id, absl::string_view reason, int64_t expected_version) {
  if (rule_id.empty()) return absl::InvalidArgumentError("rule_id: name the violated rule");
  if (department_id.empty()) {
    return absl::InvalidArgumentError("department_id: name the unit the violation is for");
  }
  if (absl::Status s = validation::CheckText(reason, "reason", 1, 2000); !s.ok()) return s;
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kInReview) {
    return absl::FailedPreconditionError(
        absl::StrCat("the report is ", ReportStateName(r->state),
                     "; violations are acknowledged while it is in review"));
  }
  for (const Acknowledgement& a : r->acknowledgements) {
    if (a.rule_id == rule_id && a.department_id == department_id) {
      return absl::AlreadyExistsError(
          absl::StrCat("rule_id: ", rule_id, " for ", department_id, " is acknowledged already"));
    }
  }
  // Only a violation that exists now can be acknowledged: the acknowledgement quotes it.
  absl::StatusOr<std::vector<RuleViolation>> violations =
      deps_.figures->RunValidation(r->year, r->department_id);
  if (!violations.ok()) return violations.status();
  const RuleViolation* found = nullptr;
  for (const RuleViolation& v : *violations) {
    if (v.rule_id == rule_id && v.department_id == department_id) found = &v;
  }
  if (found == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("rule_id: the figures of ", r->year, " violate no rule ", rule_id, " for ",
                     department_id, " now; run CheckReport to see the open violations"));
  }
  r->acknowledgements.push_back(Acknowledgement{std::string(rule_id), std::string(department_id),
                                                found->message, std::string(reason),
                                                caller.audit.actor, caller.now});
  return Save(caller, *std::move(r), "acknowledge_violation",
              audit::CreationJson({{"rule_id", std::string(rule_id)},
                                   {"department_id", std::string(department_id)},
                                   {"message", found->message},
                                   {"reason", std::string(reason)}}));
}

absl::StatusOr<Report> ReportsApp::Approve(const app::Caller& caller, absl::string_view report_id,
                                           int64_t expected_version) {
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (absl::Status s = CheckTransition(r->state, ReportState::kApproved, CorrectedBefore(*r));
      !s.ok()) {
    return s;
  }
  absl::StatusOr<ConsistencyCheck> check = Check(report_id, time_util::DayInChina(caller.now));
  if (!check.ok()) return check.status();
  if (!check->ready()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the consistency check has ", check->open_items(),
        " open item(s); fix or acknowledge them before approval: ", OpenItems(*check)));
  }
  r->state = ReportState::kApproved;
  return Save(caller, *std::move(r), "approve",
              audit::ChangeJson({{"state", "in review"}}, {{"state", "approved"}}));
}

}  // namespace fazhi::reports

#include "services/reports/app/reports_app.h"

#include "absl/strings/str_cat.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"

namespace fazhi::reports {

int64_t ConsistencyCheck::open_items() const {
  int64_t open = static_cast<int64_t>(problems.size());
  for (const CheckedViolation& v : violations) {
    if (!v.acknowledgement) ++open;
  }
  return open;
}

ReportsApp::ReportsApp(ReportsDeps deps) : deps_(std::move(deps)) {
  if (!deps_.new_id) deps_.new_id = [] { return ids::NewResourceId("rpt"); };
}

absl::StatusOr<Report> ReportsApp::Load(absl::string_view report_id, absl::string_view field) {
  if (report_id.empty())
    return absl::InvalidArgumentError(absl::StrCat(field, ": name the report"));
  // An id no report could have is the caller's mistake, not a missing report.
  if (absl::Status s = validation::CheckId(report_id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<Report>> r = deps_.store->GetReport(report_id);
  if (!r.ok()) return r.status();
  if (!r->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no report '", report_id, "'"));
  }
  return **r;
}

absl::StatusOr<Report> ReportsApp::LoadForChange(absl::string_view report_id,
                                                 int64_t expected_version) {
  absl::StatusOr<Report> r = Load(report_id);
  if (!r.ok()) return r.status();
  if (r->version != expected_version) {
    return absl::AbortedError(absl::StrCat("etag: report '", report_id,
                                           "' was changed by someone else since you read it; "
                                           "read it again"));
  }
  return r;
}

absl::StatusOr<Report> ReportsApp::Save(const app::Caller& caller, Report report,
                                        absl::string_view action, absl::string_view changes) {
  int64_t expected = report.version;
  report.version = expected + 1;
  report.update_time = caller.now;
  if (absl::Status s = deps_.store->SaveReport(caller.audit, report, expected, action, changes);
      !s.ok()) {
    return s;
  }
  return report;
}

}  // namespace fazhi::reports

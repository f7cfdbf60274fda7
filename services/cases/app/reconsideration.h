#ifndef FAZHI_SERVICES_CASES_APP_RECONSIDERATION_H_
#define FAZHI_SERVICES_CASES_APP_RECONSIDERATION_H_

// 行政复议 use cases: an application, its 5-day examination, its one extension and its decision
// (domain/reconsideration.h), one audited write per step; and the records as the caller may see
// them, the applicant's name in full only for the body that hears the application (复议机关),
// supervisors and admins (auth::MaySeePersonalData).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/app/caller.h"
#include "common/audit/audit.h"
#include "common/directory/unit_directory.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/reconsideration.h"

namespace fazhi::cases {

// What the reconsideration use cases need of storage; store/reconsideration_store.h implements
// it over SQL, the tests over a map.
class ReconsiderationRepository {
 public:
  virtual ~ReconsiderationRepository() = default;
  // When the request id was used before, returns the record it created instead.
  virtual absl::StatusOr<Reconsideration> CreateReconsideration(
      const Reconsideration& r, absl::string_view request_id, const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::optional<Reconsideration>> GetReconsideration(
      absl::string_view id) = 0;
  // ABORTED when the stored version is not expected_version; the write is audited as action.
  virtual absl::StatusOr<Reconsideration> UpdateReconsideration(
      const Reconsideration& r, int64_t expected_version, absl::string_view action,
      const audit::AuditContext& audit) = 0;
  // The body or the respondent among the filter's departments; by application date then id;
  // stage unspecified: any. An application stored APPLIED whose examination period ended before
  // as_of counts as ACCEPTED (deemed accepted, Art. 30), not APPLIED.
  virtual absl::StatusOr<std::vector<Reconsideration>> ListReconsiderations(
      const ReviewFilter& filter, ReconsiderationStage stage, absl::CivilDay as_of,
      const std::optional<DateCursor>& after, int limit) = 0;
  // Up to limit records with a pending examination or decision due date, by id after after_id.
  virtual absl::StatusOr<std::vector<Reconsideration>> WithPendingDueDates(
      absl::string_view after_id, int limit) = 0;
  // Stores r's due dates and their pending flags, nothing else (the version stays); audited.
  virtual absl::Status SetDueDates(const Reconsideration& r, absl::string_view action,
                                   const audit::AuditContext& audit) = 0;
};

// A record as of the call: an application past its examination period without a refusal shows
// as deemed accepted (Art. 30), whether or not that is stored yet.
struct ReconsiderationView {
  Reconsideration reconsideration;
  bool reveal_personal_data = false;
};

struct CreateReconsiderationCommand {
  // The application's fields (body, respondent, case, applicant, request, application date,
  // simple procedure); the use case sets the rest.
  Reconsideration reconsideration;
  std::string request_id;
};

// Opens the application: checks it (fields named under "reconsideration."), that both units
// exist and that the enforcement case it names, if any, does.
absl::StatusOr<ReconsiderationView> CreateReconsideration(
    ReconsiderationRepository& store, CaseFacts& cases, directory::UnitDirectory& units,
    const time_util::WorkingDayCalendar& calendar, CreateReconsiderationCommand command,
    const app::Caller& caller);

absl::StatusOr<ReconsiderationView> GetReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    absl::string_view id, const app::Caller& caller);

struct ExamineReconsiderationCommand {
  std::string id;
  std::string etag;
  bool accept = false;
  absl::CivilDay date;
  std::string reason;
};
// A refusal dated within the examination period is recorded even after the period (entered
// late); past it, the application is deemed accepted (domain/reconsideration.h).
absl::StatusOr<ReconsiderationView> ExamineReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const ExamineReconsiderationCommand& command, const app::Caller& caller);

// Extends the decision period by days (1 to 30; see the domain rule); a deemed acceptance is
// stored with it.
absl::StatusOr<ReconsiderationView> ExtendReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    absl::string_view id, absl::string_view etag, int days, absl::string_view reason,
    const app::Caller& caller);

struct DecideReconsiderationCommand {
  std::string id;
  std::string etag;
  ReconsiderationOutcome outcome = ReconsiderationOutcome::kUnspecified;
  absl::CivilDay date;
  std::string summary;
};
// A deemed acceptance is stored with the decision.
absl::StatusOr<ReconsiderationView> DecideReconsideration(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const DecideReconsiderationCommand& command, const app::Caller& caller);

// Up to limit records after the cursor (the api asks for one more than a page to know whether
// another follows).
absl::StatusOr<std::vector<ReconsiderationView>> ListReconsiderations(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const ReviewFilter& filter, ReconsiderationStage stage, const std::optional<DateCursor>& after,
    int limit, const app::Caller& caller);

// Counts again every pending examination and decision due date the calendar now covers, storing
// each under action "resolve_due_date"; returns how many records changed. Run at start-up.
absl::StatusOr<int> ResolvePendingReconsiderationDueDates(
    ReconsiderationRepository& store, const time_util::WorkingDayCalendar& calendar,
    const audit::AuditContext& audit);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_RECONSIDERATION_H_

#ifndef FAZHI_SERVICES_CASES_APP_LITIGATION_H_
#define FAZHI_SERVICES_CASES_APP_LITIGATION_H_

// 行政诉讼 use cases: a lawsuit against a unit, its hearings (whether the agency head appeared in
// court, 负责人出庭应诉) and its judgment (domain/litigation.h), one audited write per step. The
// plaintiff's name is 司法局's to know (auth::MaySeeComplainantAndPlaintiffNames).

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
#include "services/cases/app/reconsideration.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/litigation.h"

namespace fazhi::cases {

// What the litigation use cases need of storage; store/lawsuit_store.h implements it over SQL.
class LawsuitRepository {
 public:
  virtual ~LawsuitRepository() = default;
  // ALREADY_EXISTS naming court_case_number when the court already has that case number; when
  // the request id was used before, returns the suit it created instead.
  virtual absl::StatusOr<Lawsuit> CreateLawsuit(const Lawsuit& suit, absl::string_view request_id,
                                                const audit::AuditContext& audit) = 0;
  virtual absl::StatusOr<std::optional<Lawsuit>> GetLawsuit(absl::string_view id) = 0;
  // Writes the suit's state and appends the hearings beyond those stored; ABORTED when the stored
  // version is not expected_version.
  virtual absl::StatusOr<Lawsuit> UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
                                                absl::string_view action,
                                                const audit::AuditContext& audit) = 0;
  // The defendant among the filter's departments; by filing date then id.
  virtual absl::StatusOr<std::vector<Lawsuit>> ListLawsuits(const ReviewFilter& filter,
                                                            const std::optional<DateCursor>& after,
                                                            int limit) = 0;
};

struct LawsuitView {
  Lawsuit lawsuit;
  // The plaintiff's name in full (an organisation's always is).
  bool reveal_personal_data = false;
};

struct CreateLawsuitCommand {
  // The suit as filed (court, case number, plaintiff, defendant, linked case and
  // reconsideration, filing date); no hearings or judgment yet.
  Lawsuit lawsuit;
  std::string request_id;
};

// Checks the suit (fields named under "lawsuit."), its defendant unit, and the enforcement case
// and reconsideration it names, if any.
absl::StatusOr<LawsuitView> CreateLawsuit(LawsuitRepository& store, CaseFacts& cases,
                                          ReconsiderationRepository& reconsiderations,
                                          directory::UnitDirectory& units,
                                          CreateLawsuitCommand command, const app::Caller& caller);

absl::StatusOr<LawsuitView> GetLawsuit(LawsuitRepository& store, absl::string_view id,
                                       const app::Caller& caller);

absl::StatusOr<LawsuitView> RecordHearing(LawsuitRepository& store, absl::string_view id,
                                          absl::string_view etag, const Hearing& hearing,
                                          const app::Caller& caller);

absl::StatusOr<LawsuitView> RecordJudgment(LawsuitRepository& store, absl::string_view id,
                                           absl::string_view etag, JudgmentOutcome outcome,
                                           absl::CivilDay date, const app::Caller& caller);

// Up to limit suits after the cursor.
absl::StatusOr<std::vector<LawsuitView>> ListLawsuits(LawsuitRepository& store,
                                                      const ReviewFilter& filter,
                                                      const std::optional<DateCursor>& after,
                                                      int limit, const app::Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_LITIGATION_H_

#ifndef FAZHI_SERVICES_CASES_DOMAIN_HEARING_H_
#define FAZHI_SERVICES_CASES_DOMAIN_HEARING_H_

// Hearings (听证) in penalty cases, 行政处罚法 (2021):
//   Art. 63: the party has the right to a hearing only before the heavier penalties: a fine of a
//   较大数额 (large amount), confiscation of a large sum of illegal gains or of illegal property of
//   large value, 降低资质等级 / 吊销许可证件, 责令停产停业 / 责令关闭 / 限制从业, and other heavier
//   penalties. A warning or a small fine gives no hearing right, and its decision does not wait
//   for the hearing window.
//   Art. 64: the party requests a hearing within 5 (working, Art. 85) days of the notification;
//   the agency announces it at least 7 working days ahead; an officer who did not investigate the
//   case presides; a transcript is made.
//   Art. 65: the decision follows the hearing, on its transcript.
// The periods themselves are in deadlines.h (HearingRequestDueDate, EarliestHearingDate,
// EarliestDecisionDate).
//
// What counts as a 较大数额 is not in the law: provinces and State Council departments set it,
// and the figures differ (¥1,000 to ¥10,000 for a person, ¥10,000 to ¥200,000 for an organisation
// are all in force somewhere). So the thresholds are configuration: cases-server flags
// --hearing_fine_threshold_person_fen and --hearing_fine_threshold_organisation_fen. The defaults
// are the standard of 市场监督管理行政处罚听证办法 (国家市场监督管理总局令第42号, 2021) Art. 5:
// ¥10,000 for a natural person, ¥100,000 for a legal person or other organisation, for a fine and
// for the value of what is confiscated alike; a deployment sets its province's figures.
//
// The other heavier penalties (Art. 63(5)) cannot be told from a sanction's type; an agency that
// treats a decision as one announces the hearing right anyway, and a hearing the party then
// requests is recorded and waited for like any other (CheckHearingPeriod, case_lifecycle.h).

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/time/working_days.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

inline constexpr int64_t kDefaultHearingThresholdPersonFen = 1000000;         // ¥10,000
inline constexpr int64_t kDefaultHearingThresholdOrganisationFen = 10000000;  // ¥100,000

// The 较大数额 of Art. 63(1) and (2), in fen, by party type: a fine total, or a confiscated
// total, at or above it (以上 includes the figure itself) gives hearing rights.
struct HearingThresholds {
  int64_t person_fen = kDefaultHearingThresholdPersonFen;
  int64_t organisation_fen = kDefaultHearingThresholdOrganisationFen;
};

// INVALID_ARGUMENT naming the flag for a threshold that is not positive.
absl::Status CheckHearingThresholds(const HearingThresholds& thresholds);

// The threshold for a party type; a party of unknown type gets the lower, a person's.
int64_t HearingThresholdFen(PartyType party, const HearingThresholds& thresholds);

// Whether a penalty of these sanctions gives the party the right to a hearing (Art. 63):
// licence suspension or downgrading (暂扣许可证件, 降低资质等级), licence revocation, closure
// (责令停产停业, 责令关闭, 限制从业), fines totalling at least the threshold, or confiscations
// totalling at least the threshold. Warnings and smaller fines do not; nor do detention (行政拘留,
// under the 治安管理处罚法's own procedure) and seizure (a coercive measure, not a penalty).
bool HasHearingRights(PartyType party, const std::vector<Sanction>& sanctions,
                      const HearingThresholds& thresholds);

// Checks a hearing request made on `date` (the request_hearing step): the party was notified,
// the case is not yet decided, no request is on record, and the date lies within the 5 working
// days after the notification and not after today. FAILED_PRECONDITION for the wrong order,
// INVALID_ARGUMENT naming request_hearing.date for the date.
absl::Status CheckHearingRequest(const EnforcementCase& c, absl::CivilDay date,
                                 const time_util::WorkingDayCalendar& calendar,
                                 absl::CivilDay today);

// Checks a hearing to be recorded on c (the hold_hearing step): requested, not yet recorded,
// before the decision; announced on or after the request (the notification when the request's
// day is unknown), held at least 7 working days after the announcement, neither day after today;
// presided over by an officer who is not one of the case's investigators (Art. 64(4)).
// FAILED_PRECONDITION for the wrong order, INVALID_ARGUMENT naming hold_hearing.hearing.<field>.
absl::Status CheckHearing(const EnforcementCase& c, const PenaltyHearing& hearing,
                          const time_util::WorkingDayCalendar& calendar, absl::CivilDay today);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_HEARING_H_

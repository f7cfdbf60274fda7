#ifndef FAZHI_SERVICES_CASES_API_CASE_CONVERT_H_
#define FAZHI_SERVICES_CASES_API_CASE_CONVERT_H_

// fazhi.cases.v1 messages <-> the cases domain. Reading a request checks only what protobuf
// cannot (enum ranges, calendar dates), naming the field; the rules are domain/'s.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "fazhi/cases/v1/enforcement.pb.h"
#include "services/cases/app/case_queries.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

// The case fields FileCase reads; filed_date defaults to today.
absl::StatusOr<EnforcementCase> NewCaseFromProto(const v1::EnforcementCase& in,
                                                 absl::CivilDay today);
absl::StatusOr<std::vector<Evidence>> EvidenceFromProto(
    const google::protobuf::RepeatedPtrField<v1::Evidence>& in, absl::string_view field);
absl::StatusOr<Decision> DecisionFromProto(const v1::Decision& in, absl::CivilDay today,
                                           absl::string_view field);
absl::StatusOr<LegalReview> LegalReviewFromProto(const v1::LegalReview& in, absl::CivilDay today,
                                                 absl::string_view field);
// A hearing record (hold_hearing.hearing): both dates required, neither after today.
absl::StatusOr<PenaltyHearing> PenaltyHearingFromProto(const v1::PenaltyHearing& in,
                                                       absl::CivilDay today,
                                                       absl::string_view field);
absl::StatusOr<Transfer> TransferFromProto(const v1::Transfer& in, absl::CivilDay today,
                                           absl::string_view field);

// The step an AdvanceCase request names, its dates defaulting to today. INVALID_ARGUMENT naming
// step when none is set.
absl::StatusOr<Step> StepFromProto(const v1::AdvanceCaseRequest& in, absl::CivilDay today);

// The case as its reader may see it: a person's name and ID number in full only when
// reveal_personal_data (the use case asked auth::MaySeePersonalData), else masked (张*,
// 410881********1234); an organisation's name and credit code always in full.
v1::EnforcementCase CaseToProto(const EnforcementCase& c, bool reveal_personal_data);
// The case as the public feed shows it (persons masked).
v1::PublicDecision PublicDecisionToProto(const EnforcementCase& c,
                                         absl::string_view department_name);

// A case past a deadline, as ListOverdue lists it.
v1::OverdueCase OverdueCaseToProto(const OverdueCase& in);
v1::ListOverdueResponse::DepartmentCount OverdueCountToProto(const DepartmentOverdueCount& in);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_CASE_CONVERT_H_

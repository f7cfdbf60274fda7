#ifndef FAZHI_SERVICES_CASES_DOMAIN_CASE_RULES_H_
#define FAZHI_SERVICES_CASES_DOMAIN_CASE_RULES_H_

// What a case must hold to be filed and decided, and how a party appears in public. Every
// refusal is INVALID_ARGUMENT naming the field as the API spells it.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "services/cases/domain/enforcement_case.h"

namespace fazhi::cases {

absl::string_view CaseKindName(CaseKind kind);
absl::string_view StageName(CaseStage stage);

// A person: name and a 公民身份号码 that passes its check digit (normalised in place: full-width
// digits, lower-case x); an organisation: name and a 统一社会信用代码 passing GB 32100-2015.
absl::Status CheckParty(Party& party, absl::string_view field, absl::CivilDay today);

// Up to kMaxEvidencePerCall items, each with a kind, a reference and a SHA-256 in lower-case hex
// (upper-case hex is lowered in place).
absl::Status CheckEvidence(std::vector<Evidence>& evidence, absl::string_view field);

// 1 to kMaxOfficers distinct officer ids (the count of two is the department service's verdict
// to give together with the certificates, see officer_check.h).
absl::Status CheckOfficerIds(const std::vector<std::string>& ids, absl::string_view field);

// A case as FileCase receives it: department, kind, number, party, facts, legal basis, officers
// and a filing date not after today.
absl::Status CheckNewCase(EnforcementCase& c, absl::CivilDay today);

// A decision for the case: a document number, a date from filing to today, an outcome the kind
// of case allows (penalty cases: penalty, no penalty with the 不予处罚清单 item, lighter,
// reduced; licensing: granted or refused), sanctions that fit the outcome (fines and
// confiscations in fen above zero), the on-the-spot limits (Art. 51) and the deciding officers.
// field is the decision's path, e.g. "decide.decision".
absl::Status CheckDecision(const EnforcementCase& c, Decision& decision, absl::CivilDay today,
                           absl::string_view field);

// Whether a decision with this outcome punishes (行政处罚法): a penalty, a lighter (从轻) or a
// reduced (减轻) one. Not punishing (不予处罚, Art. 33) is a decision but no penalty, and
// licensing outcomes are none. Such a decision names a sanction, and the report counts it among
// penalty decisions (figures.h).
bool IsPenaltyOutcome(DecisionOutcome outcome);
// The outcomes IsPenaltyOutcome accepts, ascending, for the store's counts.
std::vector<DecisionOutcome> PenaltyOutcomes();

// Fines and confiscations a decision imposes, in fen.
int64_t ImposedFen(const Decision& decision);
// Fines alone (罚款, SanctionType::kFine) a decision imposes, in fen: the report's 罚没款 figure
// counts them (CaseFigures::fines_imposed_fen).
int64_t FinedFen(const Decision& decision);

// 张三 -> 张*, 欧阳娜娜 -> 欧***: the first character stays, each other one becomes '*'.
std::string MaskPersonName(absl::string_view name);

// The summary of a decision's facts that the public feed shows instead of the internal facts:
// 1 to kMaxPublicSummaryChars characters, and nothing that identifies a person (DESIGN.md,
// "Personal data"): not a person party's name, nor anything shaped like a 公民身份号码 (GB 11643:
// 17 digits and a digit or X), nor a mainland mobile number (1[3-9] and 9 more digits, not part
// of a longer number). Full-width digits count as digits. INVALID_ARGUMENT naming field and what
// was found (never echoing it).
absl::Status CheckPublicSummary(const EnforcementCase& c, absl::string_view summary,
                                absl::string_view field);
// Whether text holds something shaped like an 18-character ID number or a mobile number.
bool ContainsIdNumberShape(absl::string_view text);
bool ContainsMobileNumber(absl::string_view text);

// Free text (a case's internal facts) as a reader who may not see the party's personal data reads
// it: a person party's name masked wherever it appears (张三 -> 张*), every run shaped like an ID
// number kept to its first 6 and last 4 characters, every mobile number to its first 3 and last
// 4, the rest unchanged (full-width digits read as ASCII ones).
std::string MaskPersonalDataIn(absl::string_view text, const Party& party);

// The party as the public feed shows it: a person's name and ID number masked, an organisation's
// name and credit code in full. *name and *id receive them.
void PublicParty(const Party& party, std::string* name, std::string* id);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_CASE_RULES_H_

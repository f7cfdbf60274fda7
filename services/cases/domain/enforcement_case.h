#ifndef FAZHI_SERVICES_CASES_DOMAIN_ENFORCEMENT_CASE_H_
#define FAZHI_SERVICES_CASES_DOMAIN_ENFORCEMENT_CASE_H_

// An administrative law-enforcement case (行政执法案件) as the rules see it: no protobuf, no SQL.
// Enum values match fazhi.cases.v1 so they survive storage and the API unchanged.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace fazhi::cases {

enum class CaseKind {
  kUnspecified = 0,
  kPenalty = 1,
  kCoerciveMeasure = 2,
  kInspection = 3,
  kLicensing = 4
};
inline constexpr int kMaxCaseKind = 4;

enum class CaseStage {
  kUnspecified = 0,
  kFiled = 1,
  kInvestigating = 2,
  kLegalReview = 3,
  kNotified = 4,
  kDecided = 5,
  kServed = 6,
  kExecuted = 7,
  kClosed = 8,
  kWithdrawn = 9,
  kTransferred = 10,
};
inline constexpr int kMaxCaseStage = 10;

enum class PartyType { kUnspecified = 0, kPerson = 1, kOrganisation = 2 };
enum class EvidenceKind { kUnspecified = 0, kDocument = 1, kPhoto = 2, kAudio = 3, kVideo = 4 };
inline constexpr int kMaxEvidenceKind = 4;
enum class TransferDestination {
  kUnspecified = 0,
  kPoliceDetention = 1,
  kPoliceCriminal = 2,
  kJudiciary = 3,
  kOtherAgency = 4,
};
inline constexpr int kMaxTransferDestination = 4;
enum class LegalReviewResult { kUnspecified = 0, kPassed = 1, kReturned = 2 };
enum class DecisionOutcome {
  kUnspecified = 0,
  kPenalty = 1,
  kNoPenalty = 2,
  kLighter = 3,
  kReduced = 4,
  kGranted = 5,
  kRefused = 6,
};
inline constexpr int kMaxDecisionOutcome = 6;
enum class SanctionType {
  kUnspecified = 0,
  kWarning = 1,
  kFine = 2,
  kConfiscation = 3,
  kLicenceSuspension = 4,
  kLicenceRevocation = 5,
  kClosure = 6,
  kDetention = 7,
  kSeizure = 8,
};
inline constexpr int kMaxSanctionType = 8;

// Field limits, in characters.
inline constexpr size_t kMaxCaseNumberChars = 100;
inline constexpr size_t kMaxPartyNameChars = 100;
inline constexpr size_t kMaxFactsChars = 10000;
inline constexpr size_t kMaxLawChars = 200;
inline constexpr size_t kMaxArticleChars = 200;
inline constexpr size_t kMaxReferenceChars = 500;
inline constexpr size_t kMaxNoteChars = 2000;
inline constexpr size_t kMaxPublicSummaryChars = 2000;
inline constexpr size_t kMaxNameChars = 100;
inline constexpr size_t kMaxRequestIdChars = 64;
inline constexpr int kMaxOfficers = 100;
inline constexpr int kMaxLegalBases = 50;
inline constexpr int kMaxEvidencePerCall = 100;

struct Party {
  PartyType type = PartyType::kUnspecified;
  std::string name;
  // In clear only here and in the store: the API masks it for everyone but the department,
  // supervisors and admins, and it is never logged or audited in clear.
  std::string id_number;
  std::string credit_code;
};

struct LegalBasis {
  std::string law;
  std::string article;
};

struct Evidence {
  EvidenceKind kind = EvidenceKind::kUnspecified;
  std::string reference;
  std::string sha256;
  std::string description;
  std::optional<absl::Time> capture_time;
};

struct Transfer {
  TransferDestination destination = TransferDestination::kUnspecified;
  std::string recipient;
  std::string reason;
  absl::CivilDay date;
};

struct LegalReview {
  std::string reviewer;
  LegalReviewResult result = LegalReviewResult::kUnspecified;
  std::string opinion;
  absl::CivilDay date;
};

struct Sanction {
  SanctionType type = SanctionType::kUnspecified;
  int64_t amount_fen = 0;
  std::string description;
};

struct Decision {
  std::string document_number;
  absl::CivilDay date;
  DecisionOutcome outcome = DecisionOutcome::kUnspecified;
  std::string no_penalty_item;
  std::vector<Sanction> sanctions;
  bool on_the_spot = false;
  std::vector<std::string> officer_ids;
  std::string summary;
};

// A hearing (听证) held at the party's request before a penalty decision (行政处罚法 Arts 63-65).
struct PenaltyHearing {
  // The day the party was told when and where the hearing is held: at least 7 working days
  // before it (Art. 64(2), working days per Art. 85).
  absl::CivilDay notice_date;
  absl::CivilDay hearing_date;
  // Whether the party (or its representative) attended. A party that stays away without good
  // reason is deemed to have given the hearing up (Art. 64(6)); the hearing is recorded either way.
  bool party_appeared = false;
  // The officer presiding (an id as in officer_ids): someone who did not investigate the case
  // (Art. 64(4)).
  std::string presiding_officer_id;
  // Where the hearing transcript (听证笔录, Arts 64(8) and 65) is kept; may be empty.
  std::string transcript_reference;
};

struct Disclosure {
  absl::CivilDay due_date;
  // due_date is provisional: its year has no working-day calendar yet (time_util::DueDate).
  bool due_pending = false;
  bool published = false;
  std::optional<absl::Time> publish_time;
  // What the public feed shows of the facts (set on publishing): no person's name or ID number,
  // unlike the internal facts (case_rules.h, CheckPublicSummary).
  std::string public_summary;
  bool withdrawn = false;
  std::string withdraw_reason;
  std::optional<absl::Time> withdraw_time;
};

struct CaseEvent {
  int64_t sequence = 0;
  CaseStage from_stage = CaseStage::kUnspecified;
  CaseStage to_stage = CaseStage::kUnspecified;
  std::string action;
  std::string actor;
  absl::Time time = absl::UnixEpoch();
  std::string note;
  std::vector<Evidence> evidence;
};

struct EnforcementCase {
  std::string id;
  std::string department_id;
  CaseKind kind = CaseKind::kUnspecified;
  std::string case_number;
  Party party;
  std::string facts;
  std::vector<LegalBasis> legal_basis;
  bool major = false;
  std::vector<std::string> officer_ids;
  CaseStage stage = CaseStage::kFiled;
  absl::CivilDay filed_date;
  absl::CivilDay decision_due_date;
  // decision_due_date is provisional (the 90th day unmoved): its year has no calendar yet.
  bool decision_due_pending = false;
  int extension_days = 0;
  // How many extensions were approved (at most kMaxExtensions, deadlines.h).
  int extension_count = 0;
  std::optional<LegalReview> legal_review;
  std::optional<absl::CivilDay> notified_date;
  bool hearing_requested = false;
  // The day the party requested the hearing: the notification day when the request came with it.
  // Empty when none was requested, and for requests recorded before the day was kept.
  std::optional<absl::CivilDay> hearing_request_date;
  std::optional<PenaltyHearing> hearing;
  // Whether the decision is one Art. 63 gives hearing rights for (hearing.h, HasHearingRights),
  // judged when it is made. Meaningful once decided.
  bool hearing_rights = false;
  std::optional<Decision> decision;
  std::optional<absl::CivilDay> served_date;
  bool party_absent = false;
  int64_t collected_fen = 0;
  std::optional<absl::CivilDay> executed_date;
  std::optional<absl::CivilDay> closed_date;
  std::optional<Transfer> transfer;
  std::string withdraw_reason;
  // Meaningful once decided.
  Disclosure disclosure;
  // The decision was revoked or changed after it was made (Art. 48).
  bool revoked = false;
  // Filled by GetCase only.
  std::vector<CaseEvent> events;
  absl::Time create_time = absl::UnixEpoch();
  std::string created_by;
  absl::Time update_time = absl::UnixEpoch();
  std::string updated_by;
  int64_t version = 0;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_ENFORCEMENT_CASE_H_

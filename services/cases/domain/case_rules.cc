#include "services/cases/domain/case_rules.h"

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/time/date.h"
#include "common/validation/codes.h"
#include "common/validation/id_number.h"
#include "common/validation/text.h"
#include "services/cases/domain/deadlines.h"
#include "services/cases/domain/enum_lists.h"
#include "services/cases/domain/officer_check.h"

namespace fazhi::cases {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

bool IsMonetary(SanctionType type) {
  return type == SanctionType::kFine || type == SanctionType::kConfiscation;
}

// Bytes of the UTF-8 sequence that starts with lead.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

}  // namespace

absl::string_view CaseKindName(CaseKind kind) {
  switch (kind) {
    case CaseKind::kPenalty:
      return "penalty";
    case CaseKind::kCoerciveMeasure:
      return "coercive measure";
    case CaseKind::kInspection:
      return "inspection";
    case CaseKind::kLicensing:
      return "licensing";
    case CaseKind::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::string_view StageName(CaseStage stage) {
  switch (stage) {
    case CaseStage::kFiled:
      return "filed (立案)";
    case CaseStage::kInvestigating:
      return "investigating (调查取证)";
    case CaseStage::kLegalReview:
      return "legal review (法制审核)";
    case CaseStage::kNotified:
      return "notified (告知)";
    case CaseStage::kDecided:
      return "decided (决定)";
    case CaseStage::kServed:
      return "served (送达)";
    case CaseStage::kExecuted:
      return "executed (执行)";
    case CaseStage::kClosed:
      return "closed (结案)";
    case CaseStage::kWithdrawn:
      return "withdrawn (撤销立案)";
    case CaseStage::kTransferred:
      return "transferred (移送)";
    case CaseStage::kUnspecified:
      break;
  }
  return "unspecified";
}

absl::Status CheckParty(Party& party, absl::string_view field, absl::CivilDay today) {
  if (absl::Status s =
          validation::CheckText(party.name, absl::StrCat(field, ".name"), 1, kMaxPartyNameChars);
      !s.ok()) {
    return s;
  }
  switch (party.type) {
    case PartyType::kPerson: {
      if (!party.credit_code.empty()) {
        return Invalid(absl::StrCat(field, ".credit_code"),
                       "a person has an ID number, not a credit code");
      }
      if (party.id_number.empty()) {
        return Invalid(absl::StrCat(field, ".id_number"), "a person's 公民身份号码 is required");
      }
      if (absl::StrContains(party.id_number, "*")) {
        return Invalid(absl::StrCat(field, ".id_number"),
                       "send the full 18-character number; a masked number cannot be stored");
      }
      party.id_number = validation::NormalizeIdNumber(party.id_number);
      return validation::CheckIdNumber(party.id_number, absl::StrCat(field, ".id_number"), today);
    }
    case PartyType::kOrganisation:
      if (!party.id_number.empty()) {
        return Invalid(absl::StrCat(field, ".id_number"),
                       "an organisation has a credit code, not an ID number");
      }
      if (party.credit_code.empty()) {
        return Invalid(absl::StrCat(field, ".credit_code"),
                       "an organisation's 统一社会信用代码 is required");
      }
      party.credit_code = absl::AsciiStrToUpper(party.credit_code);
      return validation::CheckCreditCode(party.credit_code, absl::StrCat(field, ".credit_code"));
    case PartyType::kUnspecified:
      break;
  }
  return Invalid(absl::StrCat(field, ".type"), "must be PERSON or ORGANISATION");
}

absl::Status CheckEvidence(std::vector<Evidence>& evidence, absl::string_view field) {
  if (static_cast<int>(evidence.size()) > kMaxEvidencePerCall) {
    return Invalid(field, absl::StrCat("at most ", kMaxEvidencePerCall, " items per call"));
  }
  for (size_t i = 0; i < evidence.size(); ++i) {
    Evidence& e = evidence[i];
    std::string at = absl::StrCat(field, "[", i, "]");
    if (e.kind == EvidenceKind::kUnspecified || static_cast<int>(e.kind) > kMaxEvidenceKind) {
      return Invalid(absl::StrCat(at, ".kind"), "must be DOCUMENT, PHOTO, AUDIO or VIDEO");
    }
    if (absl::Status s = validation::CheckText(e.reference, absl::StrCat(at, ".reference"), 1,
                                               kMaxReferenceChars);
        !s.ok()) {
      return s;
    }
    e.sha256 = absl::AsciiStrToLower(e.sha256);
    bool hex = e.sha256.size() == 64;
    for (char c : e.sha256) hex = hex && absl::ascii_isxdigit(static_cast<unsigned char>(c));
    if (!hex) {
      return Invalid(absl::StrCat(at, ".sha256"),
                     "must be the item's SHA-256 as 64 hexadecimal digits, so tampering shows");
    }
    if (!e.description.empty()) {
      if (absl::Status s = validation::CheckText(e.description, absl::StrCat(at, ".description"), 1,
                                                 kMaxNoteChars);
          !s.ok()) {
        return s;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status CheckOfficerIds(const std::vector<std::string>& ids, absl::string_view field) {
  if (ids.empty()) {
    return Invalid(field, absl::StrCat("at least ", kMinOfficers,
                                       " officers are needed (行政处罚法 Art. 42)"));
  }
  if (static_cast<int>(ids.size()) > kMaxOfficers) {
    return Invalid(field, absl::StrCat("at most ", kMaxOfficers, " officers"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (absl::Status s = validation::CheckId(ids[i], absl::StrCat(field, "[", i, "]")); !s.ok()) {
      return s;
    }
    if (!seen.insert(ids[i]).second) {
      return Invalid(absl::StrCat(field, "[", i, "]"),
                     absl::StrCat("officer '", ids[i], "' is named twice"));
    }
  }
  if (static_cast<int>(ids.size()) < kMinOfficers) {
    return Invalid(
        field, absl::StrCat("at least ", kMinOfficers,
                            " officers are needed (行政处罚法 Art. 42), ", ids.size(), " given"));
  }
  return absl::OkStatus();
}

absl::Status CheckNewCase(EnforcementCase& c, absl::CivilDay today) {
  constexpr absl::string_view kCase = "enforcement_case";
  if (absl::Status s = validation::CheckId(c.department_id, "enforcement_case.department_id");
      !s.ok()) {
    return s;
  }
  if (c.kind == CaseKind::kUnspecified || static_cast<int>(c.kind) > kMaxCaseKind) {
    return Invalid("enforcement_case.kind",
                   "must be PENALTY, COERCIVE_MEASURE, INSPECTION or LICENSING");
  }
  if (absl::Status s = validation::CheckText(c.case_number, "enforcement_case.case_number", 1,
                                             kMaxCaseNumberChars);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckParty(c.party, absl::StrCat(kCase, ".party"), today); !s.ok()) {
    return s;
  }
  if (absl::Status s = validation::CheckText(c.facts, "enforcement_case.facts", 1, kMaxFactsChars);
      !s.ok()) {
    return s;
  }
  if (static_cast<int>(c.legal_basis.size()) > kMaxLegalBases) {
    return Invalid("enforcement_case.legal_basis", absl::StrCat("at most ", kMaxLegalBases));
  }
  for (size_t i = 0; i < c.legal_basis.size(); ++i) {
    std::string at = absl::StrCat(kCase, ".legal_basis[", i, "]");
    if (absl::Status s =
            validation::CheckText(c.legal_basis[i].law, absl::StrCat(at, ".law"), 1, kMaxLawChars);
        !s.ok()) {
      return s;
    }
    if (!c.legal_basis[i].article.empty()) {
      if (absl::Status s = validation::CheckText(c.legal_basis[i].article,
                                                 absl::StrCat(at, ".article"), 1, kMaxArticleChars);
          !s.ok()) {
        return s;
      }
    }
  }
  if (absl::Status s = CheckOfficerIds(c.officer_ids, "enforcement_case.officer_ids"); !s.ok()) {
    return s;
  }
  return time_util::CheckNotAfterToday(c.filed_date, today, "enforcement_case.filed_date");
}

int64_t ImposedFen(const Decision& decision) {
  int64_t total = 0;
  for (const Sanction& s : decision.sanctions) {
    if (IsMonetary(s.type)) total += s.amount_fen;
  }
  return total;
}

int64_t FinedFen(const Decision& decision) {
  int64_t total = 0;
  for (const Sanction& s : decision.sanctions) {
    if (s.type == SanctionType::kFine) total += s.amount_fen;
  }
  return total;
}

absl::Status CheckDecision(const EnforcementCase& c, Decision& d, absl::CivilDay today,
                           absl::string_view field) {
  if (absl::Status s = validation::CheckText(
          d.document_number, absl::StrCat(field, ".document_number"), 1, kMaxCaseNumberChars);
      !s.ok()) {
    return s;
  }
  std::string date_field = absl::StrCat(field, ".date");
  if (d.date < c.filed_date) {
    return Invalid(date_field,
                   absl::StrCat(time_util::FormatDay(d.date), " is before the case was filed on ",
                                time_util::FormatDay(c.filed_date)));
  }
  if (absl::Status s = time_util::CheckNotAfterToday(d.date, today, date_field); !s.ok()) {
    return s;
  }
  std::string outcome_field = absl::StrCat(field, ".outcome");
  if (static_cast<int>(d.outcome) > kMaxDecisionOutcome) {
    return Invalid(outcome_field, "unknown outcome");
  }
  bool licensing_outcome =
      d.outcome == DecisionOutcome::kGranted || d.outcome == DecisionOutcome::kRefused;
  if (c.kind == CaseKind::kLicensing) {
    if (!licensing_outcome) {
      return Invalid(outcome_field, "a licensing decision is GRANTED or REFUSED");
    }
  } else if (licensing_outcome) {
    return Invalid(outcome_field, absl::StrCat("GRANTED and REFUSED are for licensing; this is a ",
                                               CaseKindName(c.kind), " case"));
  } else if (d.outcome == DecisionOutcome::kUnspecified && c.kind == CaseKind::kPenalty) {
    return Invalid(outcome_field,
                   "a penalty case is decided PENALTY, NO_PENALTY, LIGHTER or "
                   "REDUCED");
  }
  std::string sanctions_field = absl::StrCat(field, ".sanctions");
  if (d.outcome == DecisionOutcome::kNoPenalty) {
    if (absl::Status s = validation::CheckText(d.no_penalty_item,
                                               absl::StrCat(field, ".no_penalty_item"), 1, 400);
        !s.ok()) {
      return Invalid(absl::StrCat(field, ".no_penalty_item"),
                     "NO_PENALTY (不予处罚, 行政处罚法 Art. 33) names the item of the "
                     "不予处罚清单 it relies on");
    }
    if (!d.sanctions.empty()) {
      return Invalid(sanctions_field, "a decision not to punish imposes no sanction");
    }
  } else if (!d.no_penalty_item.empty()) {
    return Invalid(absl::StrCat(field, ".no_penalty_item"), "only for NO_PENALTY");
  }
  if (IsPenaltyOutcome(d.outcome) && d.sanctions.empty()) {
    return Invalid(sanctions_field, "a penalty names at least one sanction");
  }
  if (c.kind == CaseKind::kLicensing && !d.sanctions.empty()) {
    return Invalid(sanctions_field, "a licensing decision imposes no sanction");
  }
  for (size_t i = 0; i < d.sanctions.size(); ++i) {
    const Sanction& s = d.sanctions[i];
    std::string at = absl::StrCat(sanctions_field, "[", i, "]");
    if (s.type == SanctionType::kUnspecified || static_cast<int>(s.type) > kMaxSanctionType) {
      return Invalid(absl::StrCat(at, ".type"), "unknown sanction type");
    }
    if (IsMonetary(s.type)) {
      if (s.amount_fen <= 0) {
        return Invalid(absl::StrCat(at, ".amount_fen"),
                       "a fine or confiscation is an amount in fen above zero");
      }
    } else if (s.amount_fen != 0) {
      return Invalid(absl::StrCat(at, ".amount_fen"), "only fines and confiscations have amounts");
    }
  }
  if (d.on_the_spot) {
    if (c.kind != CaseKind::kPenalty) {
      return Invalid(absl::StrCat(field, ".on_the_spot"), "only penalties are decided on the spot");
    }
    if (absl::Status s = CheckOnTheSpot(c.party.type, d, sanctions_field); !s.ok()) return s;
  }
  if (!d.summary.empty()) {
    if (absl::Status s =
            validation::CheckText(d.summary, absl::StrCat(field, ".summary"), 1, kMaxFactsChars);
        !s.ok()) {
      return s;
    }
  }
  return CheckOfficerIds(d.officer_ids, absl::StrCat(field, ".officer_ids"));
}

bool IsPenaltyOutcome(DecisionOutcome outcome) {
  switch (outcome) {
    case DecisionOutcome::kPenalty:
    case DecisionOutcome::kLighter:
    case DecisionOutcome::kReduced:
      return true;
    case DecisionOutcome::kNoPenalty:
    case DecisionOutcome::kGranted:
    case DecisionOutcome::kRefused:
    case DecisionOutcome::kUnspecified:
      break;
  }
  return false;
}

std::vector<DecisionOutcome> PenaltyOutcomes() {
  return ValuesWhere<DecisionOutcome>(kMaxDecisionOutcome, IsPenaltyOutcome);
}

namespace {

// text with full-width digits (０-９, U+FF10-FF19) and Ｘ/ｘ (U+FF38, U+FF58) made ASCII, so a
// number typed on a Chinese keyboard is seen as one.
std::string AsciiDigits(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char a = static_cast<unsigned char>(text[i]);
    if (a == 0xEF && i + 2 < text.size()) {
      unsigned char b = static_cast<unsigned char>(text[i + 1]);
      unsigned char c = static_cast<unsigned char>(text[i + 2]);
      if (b == 0xBC && c >= 0x90 && c <= 0x99) {
        out.push_back(static_cast<char>('0' + (c - 0x90)));
        i += 2;
        continue;
      }
      if ((b == 0xBC && c == 0xB8) || (b == 0xBD && c == 0x98)) {
        out.push_back('X');
        i += 2;
        continue;
      }
    }
    out.push_back(text[i]);
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool ContainsIdNumberShape(absl::string_view text) {
  std::string t = AsciiDigits(text);
  size_t run = 0;  // digits in a row so far
  for (char c : t) {
    if (IsDigit(c)) {
      if (++run >= 18) return true;
    } else {
      if (run >= 17 && (c == 'X' || c == 'x')) return true;
      run = 0;
    }
  }
  return false;
}

bool ContainsMobileNumber(absl::string_view text) {
  std::string t = AsciiDigits(text);
  for (size_t i = 0; i < t.size();) {
    if (!IsDigit(t[i])) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < t.size() && IsDigit(t[end])) ++end;
    // Exactly 11 digits, 1[3-9]...: a longer run is some other number (an ID number is caught
    // by ContainsIdNumberShape).
    if (end - i == 11 && t[i] == '1' && t[i + 1] >= '3' && t[i + 1] <= '9') return true;
    i = end;
  }
  return false;
}

absl::Status CheckPublicSummary(const EnforcementCase& c, absl::string_view summary,
                                absl::string_view field) {
  if (absl::Status s = validation::CheckText(summary, field, 1, kMaxPublicSummaryChars); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        s.message(), " (the facts as the public feed shows them, without personal data)"));
  }
  if (c.party.type == PartyType::kPerson && !c.party.name.empty() &&
      absl::StrContains(summary, c.party.name)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": names the party, a person; the public feed shows a person's name "
                     "only masked (write 当事人 instead)"));
  }
  if (ContainsIdNumberShape(summary)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field,
                     ": holds an 18-character number shaped like a 公民身份号码; the public feed "
                     "never shows an ID number"));
  }
  if (ContainsMobileNumber(summary)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": holds a mobile phone number; the public feed shows no personal data"));
  }
  return absl::OkStatus();
}

namespace {

// Every run of digits (ASCII already) shaped like an ID or a mobile number, masked.
std::string MaskNumbers(const std::string& t) {
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size();) {
    if (!IsDigit(t[i])) {
      out.push_back(t[i++]);
      continue;
    }
    size_t end = i;
    while (end < t.size() && IsDigit(t[end])) ++end;
    // An ID number's check character may be X.
    if (end - i == 17 && end < t.size() && (t[end] == 'X' || t[end] == 'x')) ++end;
    size_t length = end - i;
    size_t keep_front = 0, keep_back = 0;
    if (length >= 18) {
      keep_front = 6;
      keep_back = 4;
    } else if (length == 11 && t[i] == '1' && t[i + 1] >= '3' && t[i + 1] <= '9') {
      keep_front = 3;
      keep_back = 4;
    }
    if (keep_front == 0) {
      out.append(t, i, length);
    } else {
      out.append(t, i, keep_front);
      out.append(length - keep_front - keep_back, '*');
      out.append(t, end - keep_back, keep_back);
    }
    i = end;
  }
  return out;
}

}  // namespace

std::string MaskPersonalDataIn(absl::string_view text, const Party& party) {
  std::string out = MaskNumbers(AsciiDigits(text));
  if (party.type == PartyType::kPerson && !party.name.empty()) {
    out = absl::StrReplaceAll(out, {{party.name, MaskPersonName(party.name)}});
    // Masking a name with digits in it can cut a longer run of digits down to a mobile number's
    // 11 (found by tests/fuzz/fuzz_validators): numbers are masked again after the name.
    out = MaskNumbers(out);
  }
  return out;
}

std::string MaskPersonName(absl::string_view name) {
  if (name.empty()) return "";
  size_t first = std::min(Utf8Length(static_cast<unsigned char>(name[0])), name.size());
  size_t rest = validation::CharacterCount(name.substr(first));
  return absl::StrCat(name.substr(0, first), std::string(rest, '*'));
}

void PublicParty(const Party& party, std::string* name, std::string* id) {
  if (party.type == PartyType::kPerson) {
    *name = MaskPersonName(party.name);
    *id = validation::MaskIdNumber(party.id_number);
  } else {
    *name = party.name;
    *id = party.credit_code;
  }
}

}  // namespace fazhi::cases

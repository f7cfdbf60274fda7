#include "services/cases/api/case_convert.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/time/date.h"
#include "common/validation/id_number.h"
#include "services/cases/domain/case_rules.h"

namespace fazhi::cases {
namespace {

absl::Status Invalid(absl::string_view field, absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", why));
}

template <typename E>
absl::StatusOr<E> EnumFromProto(int value, int max, absl::string_view field) {
  if (value < 0 || value > max) return Invalid(field, absl::StrCat("unknown value ", value));
  return static_cast<E>(value);
}

absl::StatusOr<absl::Time> TimeFromProto(const google::protobuf::Timestamp& t,
                                         absl::string_view field) {
  if (t.nanos() < 0 || t.nanos() > 999999999) return Invalid(field, "not a valid timestamp");
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

void SetDate(absl::CivilDay day, common::v1::Date* out) { *out = api::DateToProto(day); }

}  // namespace

absl::StatusOr<EnforcementCase> NewCaseFromProto(const v1::EnforcementCase& in,
                                                 absl::CivilDay today) {
  EnforcementCase c;
  c.department_id = in.department_id();
  absl::StatusOr<CaseKind> kind =
      EnumFromProto<CaseKind>(in.kind(), kMaxCaseKind, "enforcement_case.kind");
  if (!kind.ok()) return kind.status();
  c.kind = *kind;
  c.case_number = in.case_number();
  absl::StatusOr<PartyType> party_type =
      EnumFromProto<PartyType>(in.party().type(), 2, "enforcement_case.party.type");
  if (!party_type.ok()) return party_type.status();
  c.party = Party{*party_type, in.party().name(), in.party().id_number(), in.party().credit_code()};
  c.facts = in.facts();
  for (const v1::LegalBasis& b : in.legal_basis()) {
    c.legal_basis.push_back(LegalBasis{b.law(), b.article()});
  }
  c.major = in.major();
  c.officer_ids.assign(in.officer_ids().begin(), in.officer_ids().end());
  absl::StatusOr<absl::CivilDay> filed =
      api::DateOrToday(in.has_filed_date(), in.filed_date(), today, "enforcement_case.filed_date");
  if (!filed.ok()) return filed.status();
  c.filed_date = *filed;
  return c;
}

absl::StatusOr<std::vector<Evidence>> EvidenceFromProto(
    const google::protobuf::RepeatedPtrField<v1::Evidence>& in, absl::string_view field) {
  std::vector<Evidence> out;
  for (int i = 0; i < in.size(); ++i) {
    const v1::Evidence& e = in[i];
    std::string at = absl::StrCat(field, "[", i, "]");
    absl::StatusOr<EvidenceKind> kind =
        EnumFromProto<EvidenceKind>(e.kind(), kMaxEvidenceKind, absl::StrCat(at, ".kind"));
    if (!kind.ok()) return kind.status();
    Evidence ev{*kind, e.reference(), e.sha256(), e.description(), std::nullopt};
    if (e.has_capture_time()) {
      absl::StatusOr<absl::Time> t =
          TimeFromProto(e.capture_time(), absl::StrCat(at, ".capture_time"));
      if (!t.ok()) return t.status();
      ev.capture_time = *t;
    }
    out.push_back(std::move(ev));
  }
  return out;
}

absl::StatusOr<Decision> DecisionFromProto(const v1::Decision& in, absl::CivilDay today,
                                           absl::string_view field) {
  Decision d;
  d.document_number = in.document_number();
  absl::StatusOr<absl::CivilDay> date =
      api::DateOrToday(in.has_date(), in.date(), today, absl::StrCat(field, ".date"));
  if (!date.ok()) return date.status();
  d.date = *date;
  absl::StatusOr<DecisionOutcome> outcome = EnumFromProto<DecisionOutcome>(
      in.outcome(), kMaxDecisionOutcome, absl::StrCat(field, ".outcome"));
  if (!outcome.ok()) return outcome.status();
  d.outcome = *outcome;
  d.no_penalty_item = in.no_penalty_item();
  for (int i = 0; i < in.sanctions_size(); ++i) {
    const v1::Sanction& s = in.sanctions(i);
    absl::StatusOr<SanctionType> type = EnumFromProto<SanctionType>(
        s.type(), kMaxSanctionType, absl::StrCat(field, ".sanctions[", i, "].type"));
    if (!type.ok()) return type.status();
    d.sanctions.push_back(Sanction{*type, s.amount_fen(), s.description()});
  }
  d.on_the_spot = in.on_the_spot();
  d.officer_ids.assign(in.officer_ids().begin(), in.officer_ids().end());
  d.summary = in.summary();
  return d;
}

absl::StatusOr<LegalReview> LegalReviewFromProto(const v1::LegalReview& in, absl::CivilDay today,
                                                 absl::string_view field) {
  LegalReview r;
  r.reviewer = in.reviewer();
  absl::StatusOr<LegalReviewResult> result =
      EnumFromProto<LegalReviewResult>(in.result(), 2, absl::StrCat(field, ".result"));
  if (!result.ok()) return result.status();
  r.result = *result;
  r.opinion = in.opinion();
  absl::StatusOr<absl::CivilDay> date =
      api::DateOrToday(in.has_date(), in.date(), today, absl::StrCat(field, ".date"));
  if (!date.ok()) return date.status();
  r.date = *date;
  return r;
}

absl::StatusOr<PenaltyHearing> PenaltyHearingFromProto(const v1::PenaltyHearing& in,
                                                       absl::CivilDay today,
                                                       absl::string_view field) {
  PenaltyHearing h;
  absl::StatusOr<absl::CivilDay> notice = api::RequiredPastDate(
      in.has_notice_date(), in.notice_date(), today, absl::StrCat(field, ".notice_date"));
  if (!notice.ok()) return notice.status();
  h.notice_date = *notice;
  absl::StatusOr<absl::CivilDay> held = api::RequiredPastDate(
      in.has_hearing_date(), in.hearing_date(), today, absl::StrCat(field, ".hearing_date"));
  if (!held.ok()) return held.status();
  h.hearing_date = *held;
  h.party_appeared = in.party_appeared();
  h.presiding_officer_id = in.presiding_officer_id();
  h.transcript_reference = in.transcript_reference();
  return h;
}

absl::StatusOr<Transfer> TransferFromProto(const v1::Transfer& in, absl::CivilDay today,
                                           absl::string_view field) {
  Transfer t;
  absl::StatusOr<TransferDestination> destination = EnumFromProto<TransferDestination>(
      in.destination(), kMaxTransferDestination, absl::StrCat(field, ".destination"));
  if (!destination.ok()) return destination.status();
  t.destination = *destination;
  t.recipient = in.recipient();
  t.reason = in.reason();
  absl::StatusOr<absl::CivilDay> date =
      api::DateOrToday(in.has_date(), in.date(), today, absl::StrCat(field, ".date"));
  if (!date.ok()) return date.status();
  t.date = *date;
  return t;
}

namespace {

void SanctionsToProto(const std::vector<Sanction>& sanctions,
                      google::protobuf::RepeatedPtrField<v1::Sanction>* out) {
  for (const Sanction& s : sanctions) {
    v1::Sanction* p = out->Add();
    p->set_type(static_cast<v1::SanctionType>(s.type));
    p->set_amount_fen(s.amount_fen);
    p->set_description(s.description);
  }
}

void EvidenceToProto(const Evidence& e, v1::Evidence* out) {
  out->set_kind(static_cast<v1::EvidenceKind>(e.kind));
  out->set_reference(e.reference);
  out->set_sha256(e.sha256);
  out->set_description(e.description);
  if (e.capture_time) *out->mutable_capture_time() = api::TimeToProto(*e.capture_time);
}

}  // namespace

v1::EnforcementCase CaseToProto(const EnforcementCase& c, bool reveal_personal_data) {
  v1::EnforcementCase out;
  out.set_id(c.id);
  out.set_department_id(c.department_id);
  out.set_kind(static_cast<v1::CaseKind>(c.kind));
  out.set_case_number(c.case_number);
  v1::Party* party = out.mutable_party();
  party->set_type(static_cast<v1::PartyType>(c.party.type));
  if (reveal_personal_data) {
    party->set_name(c.party.name);
    party->set_id_number(c.party.id_number);
  } else {
    // An organisation's name in full, a person's masked (domain/case_rules.h).
    std::string name, id;
    PublicParty(c.party, &name, &id);
    party->set_name(name);
    party->set_id_number(validation::MaskIdNumber(c.party.id_number));
  }
  party->set_credit_code(c.party.credit_code);
  // The internal facts may name the person or quote their numbers: masked alike.
  out.set_facts(reveal_personal_data ? c.facts : MaskPersonalDataIn(c.facts, c.party));
  for (const LegalBasis& b : c.legal_basis) {
    v1::LegalBasis* p = out.add_legal_basis();
    p->set_law(b.law);
    p->set_article(b.article);
  }
  out.set_major(c.major);
  for (const std::string& id : c.officer_ids) out.add_officer_ids(id);
  out.set_stage(static_cast<v1::CaseStage>(c.stage));
  SetDate(c.filed_date, out.mutable_filed_date());
  SetDate(c.decision_due_date, out.mutable_decision_due_date());
  out.set_extension_days(c.extension_days);
  out.set_extension_count(c.extension_count);
  out.set_decision_due_date_pending(c.decision_due_pending);
  if (c.legal_review) {
    v1::LegalReview* r = out.mutable_legal_review();
    r->set_reviewer(c.legal_review->reviewer);
    r->set_result(static_cast<v1::LegalReviewResult>(c.legal_review->result));
    r->set_opinion(c.legal_review->opinion);
    SetDate(c.legal_review->date, r->mutable_date());
  }
  if (c.decision) {
    const Decision& d = *c.decision;
    v1::Decision* p = out.mutable_decision();
    p->set_document_number(d.document_number);
    SetDate(d.date, p->mutable_date());
    p->set_outcome(static_cast<v1::DecisionOutcome>(d.outcome));
    p->set_no_penalty_item(d.no_penalty_item);
    SanctionsToProto(d.sanctions, p->mutable_sanctions());
    p->set_on_the_spot(d.on_the_spot);
    for (const std::string& id : d.officer_ids) p->add_officer_ids(id);
    p->set_summary(d.summary);
    v1::Disclosure* disclosure = out.mutable_disclosure();
    SetDate(c.disclosure.due_date, disclosure->mutable_due_date());
    disclosure->set_due_date_pending(c.disclosure.due_pending);
    disclosure->set_published(c.disclosure.published);
    disclosure->set_public_summary(c.disclosure.public_summary);
    if (c.disclosure.publish_time) {
      *disclosure->mutable_publish_time() = api::TimeToProto(*c.disclosure.publish_time);
    }
    disclosure->set_withdrawn(c.disclosure.withdrawn);
    disclosure->set_withdraw_reason(c.disclosure.withdraw_reason);
    if (c.disclosure.withdraw_time) {
      *disclosure->mutable_withdraw_time() = api::TimeToProto(*c.disclosure.withdraw_time);
    }
  }
  if (c.served_date) SetDate(*c.served_date, out.mutable_served_date());
  out.set_collected_fen(c.collected_fen);
  if (c.transfer) {
    v1::Transfer* t = out.mutable_transfer();
    t->set_destination(static_cast<v1::TransferDestination>(c.transfer->destination));
    t->set_recipient(c.transfer->recipient);
    t->set_reason(c.transfer->reason);
    SetDate(c.transfer->date, t->mutable_date());
  }
  out.set_hearing_requested(c.hearing_requested);
  if (c.hearing_request_date) SetDate(*c.hearing_request_date, out.mutable_hearing_request_date());
  if (c.hearing) {
    v1::PenaltyHearing* h = out.mutable_hearing();
    SetDate(c.hearing->notice_date, h->mutable_notice_date());
    SetDate(c.hearing->hearing_date, h->mutable_hearing_date());
    h->set_party_appeared(c.hearing->party_appeared);
    h->set_presiding_officer_id(c.hearing->presiding_officer_id);
    h->set_transcript_reference(c.hearing->transcript_reference);
  }
  out.set_hearing_rights(c.hearing_rights);
  for (const CaseEvent& e : c.events) {
    v1::CaseEvent* p = out.add_events();
    p->set_sequence(e.sequence);
    p->set_from_stage(static_cast<v1::CaseStage>(e.from_stage));
    p->set_to_stage(static_cast<v1::CaseStage>(e.to_stage));
    p->set_action(e.action);
    p->set_actor(e.actor);
    *p->mutable_time() = api::TimeToProto(e.time);
    p->set_note(e.note);
    for (const Evidence& ev : e.evidence) EvidenceToProto(ev, p->add_evidence());
  }
  common::v1::AuditStamps* stamps = out.mutable_stamps();
  *stamps->mutable_create_time() = api::TimeToProto(c.create_time);
  stamps->set_created_by(c.created_by);
  *stamps->mutable_update_time() = api::TimeToProto(c.update_time);
  stamps->set_updated_by(c.updated_by);
  out.set_etag(api::FormatEtag(c.version));
  return out;
}

v1::PublicDecision PublicDecisionToProto(const EnforcementCase& c,
                                         absl::string_view department_name) {
  v1::PublicDecision out;
  out.set_case_id(c.id);
  out.set_department_id(c.department_id);
  out.set_department_name(std::string(department_name));
  out.set_kind(static_cast<v1::CaseKind>(c.kind));
  out.set_party_type(static_cast<v1::PartyType>(c.party.type));
  std::string name, id;
  PublicParty(c.party, &name, &id);
  out.set_party_name(name);
  out.set_party_id(id);
  out.set_public_summary(c.disclosure.public_summary);
  for (const LegalBasis& b : c.legal_basis) {
    v1::LegalBasis* p = out.add_legal_basis();
    p->set_law(b.law);
    p->set_article(b.article);
  }
  if (c.decision) {
    out.set_document_number(c.decision->document_number);
    out.set_outcome(static_cast<v1::DecisionOutcome>(c.decision->outcome));
    SanctionsToProto(c.decision->sanctions, out.mutable_sanctions());
    SetDate(c.decision->date, out.mutable_decision_date());
  }
  if (c.disclosure.publish_time) {
    *out.mutable_publish_time() = api::TimeToProto(*c.disclosure.publish_time);
  }
  return out;
}

absl::StatusOr<Step> StepFromProto(const v1::AdvanceCaseRequest& in, absl::CivilDay today) {
  Step step;
  switch (in.step_case()) {
    case v1::AdvanceCaseRequest::kStartInvestigation:
      step.action = Action::kStartInvestigation;
      return step;
    case v1::AdvanceCaseRequest::kSubmitLegalReview:
      step.action = Action::kSubmitLegalReview;
      return step;
    case v1::AdvanceCaseRequest::kRecordLegalReview: {
      step.action = Action::kRecordLegalReview;
      absl::StatusOr<LegalReview> review = LegalReviewFromProto(
          in.record_legal_review().review(), today, "record_legal_review.review");
      if (!review.ok()) return review.status();
      step.review = *std::move(review);
      return step;
    }
    case v1::AdvanceCaseRequest::kNotify: {
      step.action = Action::kNotify;
      absl::StatusOr<absl::CivilDay> day =
          api::DateOrToday(in.notify().has_date(), in.notify().date(), today, "notify.date");
      if (!day.ok()) return day.status();
      step.date = *day;
      step.hearing_requested = in.notify().hearing_requested();
      return step;
    }
    case v1::AdvanceCaseRequest::kRequestHearing: {
      step.action = Action::kRequestHearing;
      absl::StatusOr<absl::CivilDay> day =
          api::DateOrToday(in.request_hearing().has_date(), in.request_hearing().date(), today,
                           "request_hearing.date");
      if (!day.ok()) return day.status();
      step.date = *day;
      return step;
    }
    case v1::AdvanceCaseRequest::kHoldHearing: {
      step.action = Action::kHoldHearing;
      absl::StatusOr<PenaltyHearing> hearing =
          PenaltyHearingFromProto(in.hold_hearing().hearing(), today, "hold_hearing.hearing");
      if (!hearing.ok()) return hearing.status();
      step.hearing = *std::move(hearing);
      return step;
    }
    case v1::AdvanceCaseRequest::kDecide: {
      step.action = Action::kDecide;
      absl::StatusOr<Decision> decision =
          DecisionFromProto(in.decide().decision(), today, "decide.decision");
      if (!decision.ok()) return decision.status();
      step.decision = *std::move(decision);
      return step;
    }
    case v1::AdvanceCaseRequest::kServe: {
      step.action = Action::kServe;
      absl::StatusOr<absl::CivilDay> day =
          api::DateOrToday(in.serve().has_date(), in.serve().date(), today, "serve.date");
      if (!day.ok()) return day.status();
      step.date = *day;
      step.party_absent = in.serve().party_absent();
      return step;
    }
    case v1::AdvanceCaseRequest::kRecordExecution: {
      step.action = Action::kRecordExecution;
      absl::StatusOr<absl::CivilDay> day =
          api::DateOrToday(in.record_execution().has_date(), in.record_execution().date(), today,
                           "record_execution.date");
      if (!day.ok()) return day.status();
      step.date = *day;
      step.collected_fen = in.record_execution().collected_fen();
      return step;
    }
    case v1::AdvanceCaseRequest::kClose:
      step.action = Action::kClose;
      return step;
    case v1::AdvanceCaseRequest::kWithdraw:
      step.action = Action::kWithdraw;
      step.reason = in.withdraw().reason();
      return step;
    case v1::AdvanceCaseRequest::kTransfer: {
      step.action = Action::kTransfer;
      absl::StatusOr<Transfer> transfer =
          TransferFromProto(in.transfer().transfer(), today, "transfer.transfer");
      if (!transfer.ok()) return transfer.status();
      step.transfer = *std::move(transfer);
      return step;
    }
    case v1::AdvanceCaseRequest::STEP_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(
      "step: name the step, one of start_investigation, submit_legal_review, "
      "record_legal_review, notify, request_hearing, hold_hearing, decide, serve, "
      "record_execution, close, withdraw, transfer");
}

v1::OverdueCase OverdueCaseToProto(const OverdueCase& in) {
  v1::OverdueCase out;
  out.set_case_id(in.row.id);
  out.set_department_id(in.row.department_id);
  out.set_case_number(in.row.case_number);
  out.set_kind(in.kind == OverdueKind::kDecision ? v1::OVERDUE_KIND_DECISION
                                                 : v1::OVERDUE_KIND_DISCLOSURE);
  SetDate(time_util::FromYmd(in.row.due_ymd), out.mutable_due_date());
  out.set_days_overdue(in.days_overdue);
  return out;
}

v1::ListOverdueResponse::DepartmentCount OverdueCountToProto(const DepartmentOverdueCount& in) {
  v1::ListOverdueResponse::DepartmentCount out;
  out.set_department_id(in.department_id);
  out.set_decisions(in.decisions);
  out.set_disclosures(in.disclosures);
  return out;
}

}  // namespace fazhi::cases

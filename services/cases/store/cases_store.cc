#include "services/cases/store/cases_store.h"

#include <map>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/audit/changes.h"
#include "common/db/fragment.h"
#include "common/time/date.h"
#include "common/validation/id_number.h"
#include "services/cases/domain/case_lifecycle.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {
namespace {

using db::Value;

constexpr char kCaseTarget[] = "enforcement_case";
constexpr int64_t kHandlingOfficers = 1;
constexpr int64_t kDecidingOfficers = 2;

// Every column of enforcement_cases but create_request_id, in the order CaseFromRow reads them.
constexpr absl::string_view kColumns[] = {
    "id",                           // 0
    "department_id",                // 1
    "kind",                         // 2
    "case_number",                  // 3
    "party_type",                   // 4
    "party_name",                   // 5
    "party_id_number",              // 6
    "party_credit_code",            // 7
    "facts",                        // 8
    "major",                        // 9
    "stage",                        // 10
    "filed_ymd",                    // 11
    "filed_year",                   // 12
    "decision_due_ymd",             // 13
    "extension_days",               // 14
    "review_reviewer",              // 15
    "review_result",                // 16
    "review_opinion",               // 17
    "review_ymd",                   // 18
    "notified_ymd",                 // 19
    "hearing_requested",            // 20
    "decision_document_number",     // 21
    "decision_ymd",                 // 22
    "decision_year",                // 23
    "decision_outcome",             // 24
    "no_penalty_item",              // 25
    "on_the_spot",                  // 26
    "decision_summary",             // 27
    "imposed_fen",                  // 28
    "served_ymd",                   // 29
    "party_absent",                 // 30
    "collected_fen",                // 31
    "executed_ymd",                 // 32
    "closed_ymd",                   // 33
    "transfer_destination",         // 34
    "transfer_recipient",           // 35
    "transfer_reason",              // 36
    "transfer_ymd",                 // 37
    "withdraw_reason",              // 38
    "disclosure_due_ymd",           // 39
    "published",                    // 40
    "publish_time_us",              // 41
    "disclosure_withdrawn",         // 42
    "disclosure_withdraw_reason",   // 43
    "disclosure_withdraw_time_us",  // 44
    "revoked",                      // 45
    "create_time_us",               // 46
    "created_by",                   // 47
    "update_time_us",               // 48
    "updated_by",                   // 49
    "version",                      // 50
    "public_summary",               // 51
    "decision_due_pending",         // 52
    "disclosure_due_pending",       // 53
    "extension_count",              // 54
    "hearing_request_ymd",          // 55
    "hearing_rights",               // 56
    "hearing_notice_ymd",           // 57
    "hearing_ymd",                  // 58
    "hearing_party_appeared",       // 59
    "hearing_presiding_id",         // 60
    "hearing_transcript",           // 61
    "fined_fen",                    // 62
};
constexpr size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);
// What a step may change: stage (10) to revoked (45), the update stamps and version, the public
// summary (51), the pending flags and extension count (52 to 54), the hearing (55 to 61) and the
// decision's fines (62, kept beside its sanctions so that SummarizeCases needs no join).
bool IsMutable(size_t i) { return (i >= 10 && i <= 45 && i != 11 && i != 12) || i >= 48; }

std::string SelectColumns() {
  std::vector<std::string> names;
  for (absl::string_view c : kColumns) names.push_back(absl::StrCat("c.", c));
  return absl::StrJoin(names, ", ");
}

Value OptionalDay(const std::optional<absl::CivilDay>& day) {
  return day ? Value(time_util::ToYmd(*day)) : db::Null();
}
Value OptionalTime(const std::optional<absl::Time>& t) {
  return t ? Value(absl::ToUnixMicros(*t)) : db::Null();
}
std::optional<absl::CivilDay> DayAt(const db::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return time_util::FromYmd(row.Int(i));
}
std::optional<absl::Time> TimeAt(const db::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return absl::FromUnixMicros(row.Int(i));
}
Value Flag(bool b) { return int64_t{b ? 1 : 0}; }
Value Enum(int e) { return int64_t{e}; }

// The values of kColumns for a case.
std::vector<Value> RowValues(const EnforcementCase& c) {
  const Decision* d = c.decision ? &*c.decision : nullptr;
  const LegalReview* r = c.legal_review ? &*c.legal_review : nullptr;
  const Transfer* t = c.transfer ? &*c.transfer : nullptr;
  return {
      c.id,
      c.department_id,
      Enum(static_cast<int>(c.kind)),
      c.case_number,
      Enum(static_cast<int>(c.party.type)),
      c.party.name,
      db::TextOrNull(c.party.id_number),
      db::TextOrNull(c.party.credit_code),
      c.facts,
      Flag(c.major),
      Enum(static_cast<int>(c.stage)),
      time_util::ToYmd(c.filed_date),
      int64_t{c.filed_date.year()},
      time_util::ToYmd(c.decision_due_date),
      int64_t{c.extension_days},
      r ? Value(r->reviewer) : db::Null(),
      Enum(r ? static_cast<int>(r->result) : 0),
      r ? db::TextOrNull(r->opinion) : db::Null(),
      r ? Value(time_util::ToYmd(r->date)) : db::Null(),
      OptionalDay(c.notified_date),
      Flag(c.hearing_requested),
      d ? Value(d->document_number) : db::Null(),
      d ? Value(time_util::ToYmd(d->date)) : db::Null(),
      d ? Value(int64_t{d->date.year()}) : db::Null(),
      Enum(d ? static_cast<int>(d->outcome) : 0),
      d ? db::TextOrNull(d->no_penalty_item) : db::Null(),
      Flag(d && d->on_the_spot),
      d ? db::TextOrNull(d->summary) : db::Null(),
      d ? ImposedFen(*d) : int64_t{0},
      OptionalDay(c.served_date),
      Flag(c.party_absent),
      c.collected_fen,
      OptionalDay(c.executed_date),
      OptionalDay(c.closed_date),
      Enum(t ? static_cast<int>(t->destination) : 0),
      t ? Value(t->recipient) : db::Null(),
      t ? Value(t->reason) : db::Null(),
      t ? Value(time_util::ToYmd(t->date)) : db::Null(),
      db::TextOrNull(c.withdraw_reason),
      d ? Value(time_util::ToYmd(c.disclosure.due_date)) : db::Null(),
      Flag(c.disclosure.published),
      OptionalTime(c.disclosure.publish_time),
      Flag(c.disclosure.withdrawn),
      db::TextOrNull(c.disclosure.withdraw_reason),
      OptionalTime(c.disclosure.withdraw_time),
      Flag(c.revoked),
      absl::ToUnixMicros(c.create_time),
      c.created_by,
      absl::ToUnixMicros(c.update_time),
      c.updated_by,
      c.version,
      db::TextOrNull(c.disclosure.public_summary),
      Flag(c.decision_due_pending),
      Flag(d && c.disclosure.due_pending),
      int64_t{c.extension_count},
      OptionalDay(c.hearing_request_date),
      Flag(c.hearing_rights),
      c.hearing ? Value(time_util::ToYmd(c.hearing->notice_date)) : db::Null(),
      c.hearing ? Value(time_util::ToYmd(c.hearing->hearing_date)) : db::Null(),
      Flag(c.hearing && c.hearing->party_appeared),
      c.hearing ? Value(c.hearing->presiding_officer_id) : db::Null(),
      c.hearing ? db::TextOrNull(c.hearing->transcript_reference) : db::Null(),
      d ? FinedFen(*d) : int64_t{0},
  };
}

EnforcementCase CaseFromRow(const db::Row& row) {
  EnforcementCase c;
  c.id = row.Text(0);
  c.department_id = row.Text(1);
  c.kind = static_cast<CaseKind>(row.Int(2));
  c.case_number = row.Text(3);
  c.party.type = static_cast<PartyType>(row.Int(4));
  c.party.name = row.Text(5);
  c.party.id_number = row.Text(6);
  c.party.credit_code = row.Text(7);
  c.facts = row.Text(8);
  c.major = row.Bool(9);
  c.stage = static_cast<CaseStage>(row.Int(10));
  c.filed_date = time_util::FromYmd(row.Int(11));
  c.decision_due_date = time_util::FromYmd(row.Int(13));
  c.extension_days = static_cast<int>(row.Int(14));
  if (!row.IsNull(18)) {
    c.legal_review = LegalReview{row.Text(15), static_cast<LegalReviewResult>(row.Int(16)),
                                 row.Text(17), time_util::FromYmd(row.Int(18))};
  }
  c.notified_date = DayAt(row, 19);
  c.hearing_requested = row.Bool(20);
  if (!row.IsNull(22)) {
    Decision d;
    d.document_number = row.Text(21);
    d.date = time_util::FromYmd(row.Int(22));
    d.outcome = static_cast<DecisionOutcome>(row.Int(24));
    d.no_penalty_item = row.Text(25);
    d.on_the_spot = row.Bool(26);
    d.summary = row.Text(27);
    c.decision = std::move(d);
  }
  c.served_date = DayAt(row, 29);
  c.party_absent = row.Bool(30);
  c.collected_fen = row.Int(31);
  c.executed_date = DayAt(row, 32);
  c.closed_date = DayAt(row, 33);
  if (!row.IsNull(37)) {
    c.transfer = Transfer{static_cast<TransferDestination>(row.Int(34)), row.Text(35), row.Text(36),
                          time_util::FromYmd(row.Int(37))};
  }
  c.withdraw_reason = row.Text(38);
  if (!row.IsNull(39)) c.disclosure.due_date = time_util::FromYmd(row.Int(39));
  c.disclosure.published = row.Bool(40);
  c.disclosure.publish_time = TimeAt(row, 41);
  c.disclosure.withdrawn = row.Bool(42);
  c.disclosure.withdraw_reason = row.Text(43);
  c.disclosure.withdraw_time = TimeAt(row, 44);
  c.revoked = row.Bool(45);
  c.create_time = absl::FromUnixMicros(row.Int(46));
  c.created_by = row.Text(47);
  c.update_time = absl::FromUnixMicros(row.Int(48));
  c.updated_by = row.Text(49);
  c.version = row.Int(50);
  c.disclosure.public_summary = row.Text(51);
  c.decision_due_pending = row.Bool(52);
  c.disclosure.due_pending = row.Bool(53);
  c.extension_count = static_cast<int>(row.Int(54));
  c.hearing_request_date = DayAt(row, 55);
  c.hearing_rights = row.Bool(56);
  if (!row.IsNull(58)) {
    c.hearing = PenaltyHearing{time_util::FromYmd(row.Int(57)), time_util::FromYmd(row.Int(58)),
                               row.Bool(59), row.Text(60), row.Text(61)};
  }
  return c;
}

// What the audit log keeps of a case: its state, the party's ID number masked.
audit::Fields AuditFields(const EnforcementCase& c) {
  audit::Fields f = {
      {"department_id", c.department_id},
      {"kind", std::string(CaseKindName(c.kind))},
      {"case_number", c.case_number},
      {"party_name", c.party.name},
      {"party_id_number", validation::MaskIdNumber(c.party.id_number)},
      {"party_credit_code", c.party.credit_code},
      {"major", c.major ? "true" : "false"},
      {"officer_ids", absl::StrJoin(c.officer_ids, ",")},
      {"stage", std::string(StageName(c.stage))},
      {"filed_date", time_util::FormatDay(c.filed_date)},
      {"decision_due_date", absl::StrCat(time_util::FormatDay(c.decision_due_date),
                                         c.decision_due_pending ? " (pending)" : "")},
      {"extension_days", absl::StrCat(c.extension_days)},
      {"extension_count", absl::StrCat(c.extension_count)},
      {"legal_review", c.legal_review ? absl::StrCat(static_cast<int>(c.legal_review->result), " ",
                                                     c.legal_review->reviewer)
                                      : ""},
      {"notified_date", c.notified_date ? time_util::FormatDay(*c.notified_date) : ""},
      {"hearing_requested", c.hearing_requested ? "true" : "false"},
      {"hearing", c.hearing ? absl::StrCat(time_util::FormatDay(c.hearing->hearing_date), " ",
                                           c.hearing->presiding_officer_id)
                            : ""},
      {"decision", c.decision ? absl::StrCat(c.decision->document_number, " ",
                                             time_util::FormatDay(c.decision->date))
                              : ""},
      {"imposed_fen", c.decision ? absl::StrCat(ImposedFen(*c.decision)) : ""},
      {"served_date", c.served_date ? time_util::FormatDay(*c.served_date) : ""},
      {"collected_fen", absl::StrCat(c.collected_fen)},
      {"transfer", c.transfer ? c.transfer->recipient : ""},
      {"withdraw_reason", c.withdraw_reason},
      {"published", c.disclosure.published ? "true" : "false"},
      {"public_summary", c.disclosure.public_summary},
      {"disclosure_withdrawn", c.disclosure.withdrawn ? "true" : "false"},
      {"revoked", c.revoked ? "true" : "false"},
  };
  return f;
}

absl::Status InsertEvent(db::Connection& conn, absl::string_view case_id, const CaseEvent& e) {
  absl::Status s = conn.Execute(
                           "INSERT INTO case_events (case_id, seq, from_stage, to_stage, action, "
                           "actor, time_us, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           {std::string(case_id), e.sequence, Enum(static_cast<int>(e.from_stage)),
                            Enum(static_cast<int>(e.to_stage)), e.action, e.actor,
                            absl::ToUnixMicros(e.time), db::TextOrNull(e.note)})
                       .status();
  if (!s.ok()) return s;
  for (size_t i = 0; i < e.evidence.size(); ++i) {
    const Evidence& ev = e.evidence[i];
    s = conn.Execute(
                "INSERT INTO case_evidence (case_id, event_seq, seq, kind, reference, sha256, "
                "description, capture_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                {std::string(case_id), e.sequence, static_cast<int64_t>(i + 1),
                 Enum(static_cast<int>(ev.kind)), ev.reference, ev.sha256,
                 db::TextOrNull(ev.description), OptionalTime(ev.capture_time)})
            .status();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status InsertOfficers(db::Connection& conn, absl::string_view case_id, int64_t role,
                            const std::vector<std::string>& ids) {
  for (size_t i = 0; i < ids.size(); ++i) {
    absl::Status s = conn.Execute(
                             "INSERT INTO case_officers (case_id, role, seq, officer_id) VALUES "
                             "(?, ?, ?, ?)",
                             {std::string(case_id), role, static_cast<int64_t>(i + 1), ids[i]})
                         .status();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// Replaces the decision's sanctions and deciding officers with the case's.
absl::Status WriteDecisionRows(db::Connection& conn, const EnforcementCase& c) {
  if (absl::Status s =
          conn.Execute("DELETE FROM case_sanctions WHERE case_id = ?", {c.id}).status();
      !s.ok()) {
    return s;
  }
  if (absl::Status s = conn.Execute("DELETE FROM case_officers WHERE case_id = ? AND role = ?",
                                    {c.id, kDecidingOfficers})
                           .status();
      !s.ok()) {
    return s;
  }
  const Decision& d = *c.decision;
  for (size_t i = 0; i < d.sanctions.size(); ++i) {
    const Sanction& s = d.sanctions[i];
    absl::Status st = conn.Execute(
                              "INSERT INTO case_sanctions (case_id, seq, sanction_type, "
                              "amount_fen, description) VALUES (?, ?, ?, ?, ?)",
                              {c.id, static_cast<int64_t>(i + 1), Enum(static_cast<int>(s.type)),
                               s.amount_fen, db::TextOrNull(s.description)})
                          .status();
    if (!st.ok()) return st;
  }
  return InsertOfficers(conn, c.id, kDecidingOfficers, d.officer_ids);
}

// Runs one statement, inside a transaction (a Connection) or outside one.
using Exec =
    std::function<absl::StatusOr<db::Result>(absl::string_view, const std::vector<Value>&)>;

// Fills the child rows (legal basis, officers, sanctions; events when asked) of the cases.
absl::Status LoadChildren(const Exec& exec, std::vector<EnforcementCase>& cases, bool with_events) {
  if (cases.empty()) return absl::OkStatus();
  std::map<std::string, EnforcementCase*> by_id;
  std::vector<Value> ids;
  for (EnforcementCase& c : cases) {
    by_id[c.id] = &c;
    ids.push_back(c.id);
  }
  std::string in =
      absl::StrCat("(", absl::StrJoin(std::vector<std::string>(ids.size(), "?"), ", "), ")");
  absl::StatusOr<db::Result> bases =
      exec(absl::StrCat("SELECT case_id, law, article FROM case_legal_bases WHERE case_id IN ", in,
                        " ORDER BY case_id, seq"),
           ids);
  if (!bases.ok()) return bases.status();
  for (const db::Row& row : bases->rows) {
    by_id[row.Text(0)]->legal_basis.push_back(LegalBasis{row.Text(1), row.Text(2)});
  }
  absl::StatusOr<db::Result> officers =
      exec(absl::StrCat("SELECT case_id, role, officer_id FROM case_officers WHERE case_id IN ", in,
                        " ORDER BY case_id, role, seq"),
           ids);
  if (!officers.ok()) return officers.status();
  for (const db::Row& row : officers->rows) {
    EnforcementCase* c = by_id[row.Text(0)];
    if (row.Int(1) == kHandlingOfficers) {
      c->officer_ids.push_back(row.Text(2));
    } else if (c->decision) {
      c->decision->officer_ids.push_back(row.Text(2));
    }
  }
  absl::StatusOr<db::Result> sanctions = exec(
      absl::StrCat("SELECT case_id, sanction_type, amount_fen, description FROM case_sanctions "
                   "WHERE case_id IN ",
                   in, " ORDER BY case_id, seq"),
      ids);
  if (!sanctions.ok()) return sanctions.status();
  for (const db::Row& row : sanctions->rows) {
    EnforcementCase* c = by_id[row.Text(0)];
    if (c->decision) {
      c->decision->sanctions.push_back(
          Sanction{static_cast<SanctionType>(row.Int(1)), row.Int(2), row.Text(3)});
    }
  }
  if (!with_events) return absl::OkStatus();
  absl::StatusOr<db::Result> events = exec(
      absl::StrCat("SELECT case_id, seq, from_stage, to_stage, action, actor, time_us, note FROM "
                   "case_events WHERE case_id IN ",
                   in, " ORDER BY case_id, seq"),
      ids);
  if (!events.ok()) return events.status();
  std::map<std::pair<std::string, int64_t>, CaseEvent*> event_at;
  for (const db::Row& row : events->rows) {
    EnforcementCase* c = by_id[row.Text(0)];
    CaseEvent e;
    e.sequence = row.Int(1);
    e.from_stage = static_cast<CaseStage>(row.Int(2));
    e.to_stage = static_cast<CaseStage>(row.Int(3));
    e.action = row.Text(4);
    e.actor = row.Text(5);
    e.time = absl::FromUnixMicros(row.Int(6));
    e.note = row.Text(7);
    c->events.push_back(std::move(e));
  }
  for (EnforcementCase& c : cases) {
    for (CaseEvent& e : c.events) event_at[{c.id, e.sequence}] = &e;
  }
  absl::StatusOr<db::Result> evidence =
      exec(absl::StrCat("SELECT case_id, event_seq, kind, reference, sha256, description, "
                        "capture_time_us FROM case_evidence WHERE case_id IN ",
                        in, " ORDER BY case_id, event_seq, seq"),
           ids);
  if (!evidence.ok()) return evidence.status();
  for (const db::Row& row : evidence->rows) {
    auto it = event_at.find({row.Text(0), row.Int(1)});
    if (it == event_at.end()) continue;
    it->second->evidence.push_back(Evidence{static_cast<EvidenceKind>(row.Int(2)), row.Text(3),
                                            row.Text(4), row.Text(5), TimeAt(row, 6)});
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<EnforcementCase>> ReadCase(const Exec& exec, absl::string_view id,
                                                        bool with_events) {
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT ", SelectColumns(), " FROM enforcement_cases c WHERE c.id = ?"),
           {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<EnforcementCase>();
  std::vector<EnforcementCase> cases{CaseFromRow(result->rows[0])};
  if (absl::Status s = LoadChildren(exec, cases, with_events); !s.ok()) return s;
  return std::optional<EnforcementCase>(std::move(cases[0]));
}

Exec ConnExec(db::Connection& conn) {
  return [&conn](absl::string_view sql, const std::vector<Value>& params) {
    return conn.Execute(sql, params);
  };
}

std::string InList(size_t n) {
  return absl::StrCat("(", absl::StrJoin(std::vector<std::string>(n, "?"), ", "), ")");
}

}  // namespace

std::vector<std::string> CaseColumnNames() {
  return std::vector<std::string>(std::begin(kColumns), std::end(kColumns));
}

std::vector<db::Value> CaseRowValues(const EnforcementCase& c) { return RowValues(c); }

absl::StatusOr<EnforcementCase> CasesStore::CreateCase(const EnforcementCase& c,
                                                       const CaseEvent& event,
                                                       absl::string_view request_id,
                                                       const audit::AuditContext& audit) {
  std::optional<std::string> replay_id;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (!request_id.empty()) {
      absl::StatusOr<db::Result> prior = conn.Execute(
          "SELECT id, department_id FROM enforcement_cases WHERE create_request_id = ?",
          {std::string(request_id)});
      if (!prior.ok()) return prior.status();
      if (!prior->rows.empty()) {
        // A replay answers only for the same department: another unit's clerk reusing the id
        // must not read that unit's case through it.
        if (prior->rows[0].Text(1) != c.department_id) {
          return absl::AlreadyExistsError(
              "request_id: already used for another department's case; use a new one");
        }
        replay_id = prior->rows[0].Text(0);
        return absl::OkStatus();
      }
    }
    absl::StatusOr<db::Result> taken =
        conn.Execute("SELECT id FROM enforcement_cases WHERE department_id = ? AND case_number = ?",
                     {c.department_id, c.case_number});
    if (!taken.ok()) return taken.status();
    if (!taken->rows.empty()) {
      return absl::AlreadyExistsError(
          absl::StrCat("enforcement_case.case_number: ", c.department_id, " already has case ",
                       c.case_number, " (", taken->rows[0].Text(0), ")"));
    }
    std::vector<Value> values = RowValues(c);
    values.push_back(db::TextOrNull(request_id));
    std::vector<std::string> names(std::begin(kColumns), std::end(kColumns));
    names.push_back("create_request_id");
    absl::Status st =
        conn.Execute(absl::StrCat("INSERT INTO enforcement_cases (", absl::StrJoin(names, ", "),
                                  ") VALUES ", InList(names.size())),
                     values)
            .status();
    if (st.code() == absl::StatusCode::kAlreadyExists &&
        absl::StrContains(st.message(), "number")) {
      // A concurrent call took the number between the check and the insert.
      return absl::AlreadyExistsError(absl::StrCat(
          "enforcement_case.case_number: ", c.department_id, " already has case ", c.case_number));
    }
    if (st.code() == absl::StatusCode::kAlreadyExists) {
      // A concurrent call with the same request id won: a retry returns its case.
      return absl::AbortedError(
          "enforcement_case: filed concurrently by another call with the same request_id; retry "
          "to read it");
    }
    if (!st.ok()) return st;
    for (size_t i = 0; i < c.legal_basis.size(); ++i) {
      st = conn.Execute(
                   "INSERT INTO case_legal_bases (case_id, seq, law, article) VALUES (?, ?, ?, ?)",
                   {c.id, static_cast<int64_t>(i + 1), c.legal_basis[i].law,
                    c.legal_basis[i].article})
               .status();
      if (!st.ok()) return st;
    }
    if (st = InsertOfficers(conn, c.id, kHandlingOfficers, c.officer_ids); !st.ok()) return st;
    CaseEvent first = event;
    first.sequence = 1;
    if (st = InsertEvent(conn, c.id, first); !st.ok()) return st;
    return audit::Write(conn, audit, kCaseTarget, c.id, "file", audit::CreationJson(AuditFields(c)),
                        c.create_time);
  });
  if (!s.ok()) return s;
  Written();
  absl::StatusOr<std::optional<EnforcementCase>> stored =
      GetCase(replay_id ? *replay_id : c.id, true);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return absl::InternalError("a filed case cannot be read back");
  return **stored;
}

absl::StatusOr<std::optional<EnforcementCase>> CasesStore::GetCase(absl::string_view id,
                                                                   bool with_events) {
  absl::StatusOr<std::optional<EnforcementCase>> out;
  absl::Status s = db_->WithConnection([&](db::Connection& conn) {
    out = ReadCase(ConnExec(conn), id, with_events);
    return out.status();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::optional<std::string>> CasesStore::CaseDepartment(absl::string_view id) {
  absl::StatusOr<db::Result> result =
      db_->Execute("SELECT department_id FROM enforcement_cases WHERE id = ?", {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(result->rows[0].Text(0));
}

absl::StatusOr<EnforcementCase> CasesStore::UpdateCase(const EnforcementCase& updated,
                                                       const CaseEvent& event,
                                                       const audit::AuditContext& audit) {
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<std::optional<EnforcementCase>> before =
        ReadCase(ConnExec(conn), updated.id, false);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return absl::NotFoundError(absl::StrCat("no enforcement case with id '", updated.id, "'"));
    }
    std::vector<Value> all = RowValues(updated);
    std::vector<std::string> sets;
    std::vector<Value> params;
    for (size_t i = 0; i < kColumnCount; ++i) {
      if (!IsMutable(i)) continue;
      sets.push_back(absl::StrCat(kColumns[i], " = ?"));
      params.push_back(i == 50 ? Value(updated.version + 1) : all[i]);
    }
    params.push_back(updated.id);
    params.push_back(updated.version);
    absl::StatusOr<db::Result> result =
        conn.Execute(absl::StrCat("UPDATE enforcement_cases SET ", absl::StrJoin(sets, ", "),
                                  " WHERE id = ? AND version = ?"),
                     params);
    if (!result.ok()) return result.status();
    if (result->affected_rows == 0) {
      return absl::AbortedError(absl::StrCat("enforcement case ", updated.id,
                                             " was changed by another call (now version ",
                                             (*before)->version, "); read it again"));
    }
    if (updated.decision) {
      if (absl::Status st = WriteDecisionRows(conn, updated); !st.ok()) return st;
    }
    absl::StatusOr<db::Result> last =
        conn.Execute("SELECT MAX(seq) FROM case_events WHERE case_id = ?", {updated.id});
    if (!last.ok()) return last.status();
    CaseEvent e = event;
    e.sequence = (last->rows.empty() ? 0 : last->rows[0].Int(0)) + 1;
    if (absl::Status st = InsertEvent(conn, updated.id, e); !st.ok()) return st;
    return audit::Write(conn, audit, kCaseTarget, updated.id, event.action,
                        audit::ChangeJson(AuditFields(**before), AuditFields(updated)),
                        updated.update_time);
  });
  if (!s.ok()) return s;
  Written();
  absl::StatusOr<std::optional<EnforcementCase>> stored = GetCase(updated.id, true);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) return absl::InternalError("an updated case cannot be read back");
  return **stored;
}

namespace {

// The cases (without events) matching where, in order, at most limit, on one connection.
// index_hint, if not empty, follows the table's alias (MySQL/MariaDB syntax).
absl::StatusOr<std::vector<EnforcementCase>> SelectCases(db::Database& db,
                                                         const std::vector<std::string>& where,
                                                         absl::string_view order,
                                                         std::vector<Value> params, int limit,
                                                         absl::string_view index_hint = "") {
  params.push_back(int64_t{limit});
  std::vector<EnforcementCase> out;
  absl::Status s = db.WithConnection([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> result =
        conn.Execute(absl::StrCat("SELECT ", SelectColumns(), " FROM enforcement_cases c ",
                                  index_hint, index_hint.empty() ? "" : " ", "WHERE ",
                                  absl::StrJoin(where, " AND "), " ORDER BY ", order, " LIMIT ?"),
                     params);
    if (!result.ok()) return result.status();
    for (const db::Row& row : result->rows) out.push_back(CaseFromRow(row));
    return LoadChildren(ConnExec(conn), out, false);
  });
  if (!s.ok()) return s;
  return out;
}

}  // namespace

namespace {

// The index MariaDB is told to walk for a page over several units with a stage (and year):
// the page-order index of migration 0131, which yields filing order and checks the units on its
// entries. Left to itself, MariaDB estimates every index that starts with department_id for each
// unit of the IN list (seven indexes x 32 units of the demo tree, a B-tree descent or more each)
// before it picks this one anyway: 5-40 ms of planning per page at 10^6 cases against 0.5 ms of
// execution (docs/benchmarks.md, Large tables). One unit, or no stage, is left to the planner,
// whose estimates are cheap or whose choice depends on the data. SQLite plans without such
// estimates.
std::string ListIndexHint(db::Dialect dialect, const CaseFilter& filter) {
  if (dialect != db::Dialect::kMysql || filter.department_ids.size() < 2 ||
      filter.stage == CaseStage::kUnspecified) {
    return "";
  }
  return filter.year != 0 ? "FORCE INDEX (ix_enforcement_cases_year_stage_page)"
                          : "FORCE INDEX (ix_enforcement_cases_stage_page)";
}

// The same for the public feed over several units: the feed-order indexes of migration 0133.
// Left to itself, MariaDB took 57 ms to plan a page of a year over the demo tree at 10^5 cases,
// and 0.2 ms so, for 0.06 ms of execution.
std::string FeedIndexHint(db::Dialect dialect, const PublicFilter& filter) {
  if (dialect != db::Dialect::kMysql || filter.department_ids.size() < 2) return "";
  return filter.year != 0 ? "FORCE INDEX (ix_enforcement_cases_feed_year_page)"
                          : "FORCE INDEX (ix_enforcement_cases_feed_page)";
}

}  // namespace

absl::StatusOr<std::vector<EnforcementCase>> CasesStore::ListCases(
    const CaseFilter& filter, const std::optional<CaseCursor>& after, int limit) {
  if (filter.department_ids.empty()) return std::vector<EnforcementCase>();
  std::vector<std::string> where{
      absl::StrCat("c.department_id IN ", InList(filter.department_ids.size()))};
  std::vector<Value> params(filter.department_ids.begin(), filter.department_ids.end());
  if (filter.kind != CaseKind::kUnspecified) {
    where.push_back("c.kind = ?");
    params.push_back(Enum(static_cast<int>(filter.kind)));
  }
  if (filter.stage != CaseStage::kUnspecified) {
    where.push_back("c.stage = ?");
    params.push_back(Enum(static_cast<int>(filter.stage)));
  }
  if (filter.year != 0) {
    where.push_back("c.filed_year = ?");
    params.push_back(int64_t{filter.year});
  }
  if (filter.major_only) where.push_back("c.major = 1");
  if (after) {
    where.push_back("(c.filed_ymd > ? OR (c.filed_ymd = ? AND c.id > ?))");
    params.push_back(after->filed_ymd);
    params.push_back(after->filed_ymd);
    params.push_back(after->id);
  }
  return SelectCases(*db_, where, "c.filed_ymd, c.id", std::move(params), limit,
                     ListIndexHint(db_->dialect(), filter));
}

absl::StatusOr<std::vector<EnforcementCase>> CasesStore::ListPublished(
    const PublicFilter& filter, const std::optional<PublicCursor>& after, int limit) {
  std::vector<std::string> where{"c.published = 1", "c.disclosure_withdrawn = 0", "c.revoked = 0"};
  std::vector<Value> params;
  if (!filter.department_ids.empty()) {
    where.push_back(absl::StrCat("c.department_id IN ", InList(filter.department_ids.size())));
    params.insert(params.end(), filter.department_ids.begin(), filter.department_ids.end());
  }
  if (filter.year != 0) {
    where.push_back("c.decision_year = ?");
    params.push_back(int64_t{filter.year});
  }
  if (after) {
    where.push_back("(c.decision_ymd < ? OR (c.decision_ymd = ? AND c.id < ?))");
    params.push_back(after->decision_ymd);
    params.push_back(after->decision_ymd);
    params.push_back(after->id);
  }
  return SelectCases(*db_, where, "c.decision_ymd DESC, c.id DESC", std::move(params), limit,
                     FeedIndexHint(db_->dialect(), filter));
}

namespace {

// Undecided and not ended without a decision: a decision is still owed.
db::Fragment UndecidedOpen() {
  return db::Join(
      {db::Fragment{"decision_ymd IS NULL", {}}, db::NotIn("stage", StagesEndedWithoutDecision())},
      " AND ");
}
constexpr char kUnpublished[] = "decision_ymd IS NOT NULL AND published = 0 AND revoked = 0";

std::string FormatDue(absl::CivilDay day, bool pending) {
  return absl::StrCat(time_util::FormatDay(day), pending ? " (pending)" : "");
}

// The cases of department_ids meeting condition whose due_column is before as_of: the FROM and
// WHERE of a statement, its parameters appended to params.
std::string PastDueWhere(const db::Fragment& condition, absl::string_view due_column,
                         const std::vector<std::string>& department_ids, int64_t as_of_ymd,
                         std::vector<Value>* params) {
  params->insert(params->end(), department_ids.begin(), department_ids.end());
  params->insert(params->end(), condition.params.begin(), condition.params.end());
  params->push_back(as_of_ymd);
  return absl::StrCat(" FROM enforcement_cases WHERE department_id IN ",
                      InList(department_ids.size()), " AND ", condition.sql, " AND ", due_column,
                      " < ?");
}

// A page of them by due date and case id, after the cursor: the database sorts and cuts it, so a
// page of a tree with a million overdue cases brings the service 50 rows, not a million.
absl::StatusOr<std::vector<OverdueRow>> Overdue(db::Database& db, const db::Fragment& condition,
                                                absl::string_view due_column,
                                                const std::vector<std::string>& department_ids,
                                                int64_t as_of_ymd,
                                                const std::optional<OverdueCursor>& after,
                                                int limit) {
  std::vector<OverdueRow> out;
  if (department_ids.empty() || limit <= 0) return out;
  std::vector<Value> params;
  std::string where = PastDueWhere(condition, due_column, department_ids, as_of_ymd, &params);
  if (after.has_value()) {
    absl::StrAppend(&where, " AND (", due_column, " > ? OR (", due_column, " = ? AND id > ?))");
    params.insert(params.end(), {after->due_ymd, after->due_ymd, after->id});
  }
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result =
      db.Execute(absl::StrCat("SELECT id, department_id, case_number, kind, ", due_column, where,
                              " ORDER BY ", due_column, ", id LIMIT ?"),
                 params);
  if (!result.ok()) return result.status();
  for (const db::Row& row : result->rows) {
    out.push_back(OverdueRow{row.Text(0), row.Text(1), row.Text(2),
                             static_cast<CaseKind>(row.Int(3)), row.Int(4)});
  }
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> OverdueCounts(
    db::Database& db, const db::Fragment& condition, absl::string_view due_column,
    const std::vector<std::string>& department_ids, int64_t as_of_ymd) {
  std::map<std::string, int64_t> out;
  if (department_ids.empty()) return out;
  std::vector<Value> params;
  std::string where = PastDueWhere(condition, due_column, department_ids, as_of_ymd, &params);
  absl::StatusOr<db::Result> result = db.Execute(
      absl::StrCat("SELECT department_id, COUNT(*)", where, " GROUP BY department_id"), params);
  if (!result.ok()) return result.status();
  for (const db::Row& row : result->rows) out[row.Text(0)] = row.Int(1);
  return out;
}

// Undecided and not ended without a decision, with a counted (not pending) due date.
db::Fragment UndecidedCounted() {
  return db::Join({UndecidedOpen(), db::Fragment{"decision_due_pending = 0", {}}}, " AND ");
}
// Decided, neither published nor revoked, with a counted (not pending) disclosure due date.
db::Fragment UnpublishedCounted() {
  return db::Fragment{absl::StrCat(kUnpublished, " AND disclosure_due_pending = 0"), {}};
}

}  // namespace

absl::StatusOr<std::vector<OverdueRow>> CasesStore::UndecidedPastDue(
    const std::vector<std::string>& department_ids, int64_t as_of_ymd,
    const std::optional<OverdueCursor>& after, int limit) {
  // Withdrawn and transferred cases need no decision from this department.
  return Overdue(*db_, UndecidedCounted(), "decision_due_ymd", department_ids, as_of_ymd, after,
                 limit);
}

absl::StatusOr<std::vector<OverdueRow>> CasesStore::UnpublishedPastDue(
    const std::vector<std::string>& department_ids, int64_t as_of_ymd,
    const std::optional<OverdueCursor>& after, int limit) {
  return Overdue(*db_, UnpublishedCounted(), "disclosure_due_ymd", department_ids, as_of_ymd, after,
                 limit);
}

absl::StatusOr<PastDueCounts> CasesStore::CountPastDue(
    const std::vector<std::string>& department_ids, int64_t as_of_ymd) {
  PastDueCounts counts;
  absl::StatusOr<std::map<std::string, int64_t>> decisions =
      OverdueCounts(*db_, UndecidedCounted(), "decision_due_ymd", department_ids, as_of_ymd);
  if (!decisions.ok()) return decisions.status();
  absl::StatusOr<std::map<std::string, int64_t>> disclosures =
      OverdueCounts(*db_, UnpublishedCounted(), "disclosure_due_ymd", department_ids, as_of_ymd);
  if (!disclosures.ok()) return disclosures.status();
  counts.decisions = *std::move(decisions);
  counts.disclosures = *std::move(disclosures);
  return counts;
}

absl::StatusOr<std::vector<std::string>> CasesStore::DepartmentsWithCases() {
  absl::StatusOr<db::Result> result =
      db_->Execute("SELECT DISTINCT department_id FROM enforcement_cases ORDER BY department_id");
  if (!result.ok()) return result.status();
  std::vector<std::string> out;
  for (const db::Row& row : result->rows) out.push_back(row.Text(0));
  return out;
}

absl::StatusOr<PendingDueDateCount> CasesStore::CountPendingDueDates(
    const std::vector<std::string>& department_ids) {
  PendingDueDateCount count;
  if (department_ids.empty()) return count;
  db::Fragment decisions = db::CountWhen(
      db::Join({UndecidedOpen(), db::Fragment{"decision_due_pending <> 0", {}}}, " AND "));
  std::vector<Value> params = decisions.params;
  params.insert(params.end(), department_ids.begin(), department_ids.end());
  absl::StatusOr<db::Result> result = db_->Execute(
      absl::StrCat("SELECT ", decisions.sql, ", SUM(CASE WHEN disclosure_due_pending <> 0 AND ",
                   kUnpublished,
                   " THEN 1 ELSE 0 END) FROM enforcement_cases WHERE department_id IN ",
                   InList(department_ids.size()),
                   " AND (decision_due_pending <> 0 OR disclosure_due_pending <> 0)"),
      params);
  if (!result.ok()) return result.status();
  if (!result->rows.empty()) {
    const db::Row& row = result->rows[0];
    count.decisions = row.IsNull(0) ? 0 : row.Int(0);
    count.disclosures = row.IsNull(1) ? 0 : row.Int(1);
  }
  return count;
}

absl::StatusOr<std::vector<EnforcementCase>> CasesStore::CasesWithPendingDueDates(
    absl::string_view after_id, int limit) {
  absl::StatusOr<std::vector<std::string>> ids = record_sql::IdsWithAnyFlag(
      *db_, "enforcement_cases", {"decision_due_pending", "disclosure_due_pending"}, after_id,
      limit);
  if (!ids.ok()) return ids.status();
  if (ids->empty()) return std::vector<EnforcementCase>();
  return SelectCases(*db_, {absl::StrCat("c.id IN (", db::Placeholders(ids->size()), ")")}, "c.id",
                     std::vector<Value>(ids->begin(), ids->end()), limit);
}

absl::Status CasesStore::SetDueDates(const EnforcementCase& c, absl::string_view action,
                                     const audit::AuditContext& audit) {
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<std::optional<EnforcementCase>> before = ReadCase(ConnExec(conn), c.id, false);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return absl::NotFoundError(absl::StrCat("no enforcement case with id '", c.id, "'"));
    }
    absl::StatusOr<db::Result> result = conn.Execute(
        "UPDATE enforcement_cases SET decision_due_ymd = ?, decision_due_pending = ?, "
        "disclosure_due_ymd = ?, disclosure_due_pending = ? WHERE id = ?",
        {time_util::ToYmd(c.decision_due_date), Flag(c.decision_due_pending),
         c.decision ? Value(time_util::ToYmd(c.disclosure.due_date)) : db::Null(),
         Flag(c.decision && c.disclosure.due_pending), c.id});
    if (!result.ok()) return result.status();
    audit::Fields old_fields = {
        {"decision_due_date",
         FormatDue((*before)->decision_due_date, (*before)->decision_due_pending)},
        {"disclosure_due_date", (*before)->decision ? FormatDue((*before)->disclosure.due_date,
                                                                (*before)->disclosure.due_pending)
                                                    : ""}};
    audit::Fields new_fields = {
        {"decision_due_date", FormatDue(c.decision_due_date, c.decision_due_pending)},
        {"disclosure_due_date",
         c.decision ? FormatDue(c.disclosure.due_date, c.disclosure.due_pending) : ""}};
    return audit::Write(conn, audit, kCaseTarget, c.id, action,
                        audit::ChangeJson(old_fields, new_fields), absl::Now());
  });
  if (s.ok()) Written();
  return s;
}

}  // namespace fazhi::cases

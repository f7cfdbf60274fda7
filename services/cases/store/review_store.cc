#include "services/cases/store/review_store.h"

#include <functional>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/time/date.h"

namespace fazhi::cases {
namespace {

using db::Value;

// Runs one statement, inside a transaction (a Connection) or outside one (the Database).
using Exec =
    std::function<absl::StatusOr<db::Result>(absl::string_view, const std::vector<Value>&)>;

// supervision_lines.kind
enum class LineKind { kSuggestion = 1, kFinding = 2, kRequirement = 3 };

constexpr char kFilingTarget[] = "major_case_filing";
constexpr char kReviewTarget[] = "case_file_review";
constexpr char kComplaintTarget[] = "complaint";
constexpr char kReconsiderationTarget[] = "reconsideration";
constexpr char kLawsuitTarget[] = "lawsuit";

constexpr absl::string_view kStampColumns =
    "create_time_us, created_by, update_time_us, updated_by, version";
constexpr absl::string_view kFilingColumns =
    "id, case_id, department_id, filed_ymd, status, reviewer, review_ymd, rectification";
constexpr absl::string_view kReviewColumns =
    "id, case_id, department_id, reviewer, review_ymd, score";
constexpr absl::string_view kComplaintColumns =
    "id, department_id, case_id, complainant, content, received_ymd, letter_document_number, "
    "letter_issued_ymd, letter_due_ymd, rectification, rectification_report";
constexpr absl::string_view kReconsiderationColumns =
    "id, body_department_id, respondent_department_id, case_id, applicant, request, "
    "application_ymd, simple_procedure, stage, examination_due_ymd, acceptance_ymd, "
    "not_accepted_reason, decision_due_ymd, extension_days, extension_reason, outcome, "
    "decision_ymd, decision_summary";
constexpr absl::string_view kLawsuitColumns =
    "id, court_case_number, court, plaintiff, plaintiff_organisation, defendant_department_id, "
    "government_defendant, case_id, reconsideration_id, filed_ymd, outcome, judgment_ymd";

Value Ymd(absl::CivilDay day) { return time_util::ToYmd(day); }
Value OptionalYmd(const std::optional<absl::CivilDay>& day) {
  return day ? Value(time_util::ToYmd(*day)) : db::Null();
}
std::optional<absl::CivilDay> DayOrNull(const db::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return time_util::FromYmd(row.Int(i));
}

RecordStamps StampsFromRow(const db::Row& row, size_t first) {
  RecordStamps s;
  s.create_time = absl::FromUnixMicros(row.Int(first));
  s.created_by = row.Text(first + 1);
  s.update_time = absl::FromUnixMicros(row.Int(first + 2));
  s.updated_by = row.Text(first + 3);
  s.version = row.Int(first + 4);
  return s;
}

std::string Marks(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

MajorCaseFiling FilingFromRow(const db::Row& row) {
  MajorCaseFiling f;
  f.id = row.Text(0);
  f.case_id = row.Text(1);
  f.department_id = row.Text(2);
  f.filed_date = time_util::FromYmd(row.Int(3));
  f.status = static_cast<FilingStatus>(row.Int(4));
  f.reviewer = row.Text(5);
  f.review_date = DayOrNull(row, 6);
  f.rectification = static_cast<RectificationStatus>(row.Int(7));
  f.stamps = StampsFromRow(row, 8);
  return f;
}

CaseFileReview ReviewFromRow(const db::Row& row) {
  CaseFileReview r;
  r.id = row.Text(0);
  r.case_id = row.Text(1);
  r.department_id = row.Text(2);
  r.reviewer = row.Text(3);
  r.review_date = time_util::FromYmd(row.Int(4));
  r.score = static_cast<int>(row.Int(5));
  r.stamps = StampsFromRow(row, 6);
  return r;
}

Complaint ComplaintFromRow(const db::Row& row) {
  Complaint c;
  c.id = row.Text(0);
  c.department_id = row.Text(1);
  c.case_id = row.Text(2);
  c.complainant = row.Text(3);
  c.content = row.Text(4);
  c.received_date = time_util::FromYmd(row.Int(5));
  if (!row.IsNull(6)) {
    SupervisionLetter l;
    l.document_number = row.Text(6);
    l.issued_date = time_util::FromYmd(row.Int(7));
    l.due_date = time_util::FromYmd(row.Int(8));
    c.letter = std::move(l);
  }
  c.rectification = static_cast<RectificationStatus>(row.Int(9));
  c.rectification_report = row.Text(10);
  c.stamps = StampsFromRow(row, 11);
  return c;
}

Reconsideration ReconsiderationFromRow(const db::Row& row) {
  Reconsideration r;
  r.id = row.Text(0);
  r.body_department_id = row.Text(1);
  r.respondent_department_id = row.Text(2);
  r.case_id = row.Text(3);
  r.applicant = row.Text(4);
  r.request = row.Text(5);
  r.application_date = time_util::FromYmd(row.Int(6));
  r.simple_procedure = row.Bool(7);
  r.stage = static_cast<ReconsiderationStage>(row.Int(8));
  r.examination_due_date = time_util::FromYmd(row.Int(9));
  r.acceptance_date = DayOrNull(row, 10);
  r.not_accepted_reason = row.Text(11);
  r.decision_due_date = DayOrNull(row, 12);
  r.extension_days = static_cast<int>(row.Int(13));
  r.extension_reason = row.Text(14);
  r.outcome = static_cast<ReconsiderationOutcome>(row.Int(15));
  r.decision_date = DayOrNull(row, 16);
  r.decision_summary = row.Text(17);
  r.stamps = StampsFromRow(row, 18);
  return r;
}

Lawsuit LawsuitFromRow(const db::Row& row) {
  Lawsuit s;
  s.id = row.Text(0);
  s.court_case_number = row.Text(1);
  s.court = row.Text(2);
  s.plaintiff = row.Text(3);
  s.plaintiff_organisation = row.Bool(4);
  s.defendant_department_id = row.Text(5);
  s.government_defendant = row.Bool(6);
  s.case_id = row.Text(7);
  s.reconsideration_id = row.Text(8);
  s.filed_date = time_util::FromYmd(row.Int(9));
  s.outcome = static_cast<JudgmentOutcome>(row.Int(10));
  s.judgment_date = DayOrNull(row, 11);
  s.stamps = StampsFromRow(row, 12);
  return s;
}

// The lines of kind for each of ids, in order.
absl::StatusOr<std::map<std::string, std::vector<std::string>>> ReadLines(
    const Exec& exec, const std::vector<std::string>& ids, LineKind kind) {
  std::map<std::string, std::vector<std::string>> out;
  if (ids.empty()) return out;
  std::vector<Value> params{int64_t{static_cast<int>(kind)}};
  params.insert(params.end(), ids.begin(), ids.end());
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT record_id, line FROM supervision_lines WHERE kind = ? AND "
                        "record_id IN (",
                        Marks(ids.size()), ") ORDER BY record_id, seq"),
           params);
  if (!result.ok()) return result.status();
  for (const db::Row& row : result->rows) out[row.Text(0)].push_back(row.Text(1));
  return out;
}

absl::Status WriteLines(db::Connection& conn, absl::string_view id, LineKind kind,
                        const std::vector<std::string>& lines) {
  absl::Status s = conn.Execute("DELETE FROM supervision_lines WHERE record_id = ? AND kind = ?",
                                {std::string(id), int64_t{static_cast<int>(kind)}})
                       .status();
  if (!s.ok()) return s;
  for (size_t i = 0; i < lines.size(); ++i) {
    s = conn.Execute(
                "INSERT INTO supervision_lines (record_id, kind, seq, line) VALUES (?, ?, ?, ?)",
                {std::string(id), int64_t{static_cast<int>(kind)}, static_cast<int64_t>(i),
                 lines[i]})
            .status();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// The id of the record of table a create with request_id made, if one did.
absl::StatusOr<std::optional<std::string>> IdForRequest(const Exec& exec, absl::string_view table,
                                                        absl::string_view request_id) {
  if (request_id.empty()) return std::optional<std::string>();
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT id FROM ", table, " WHERE create_request_id = ?"),
           {std::string(request_id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(result->rows.front().Text(0));
}

// The WHERE clause (from "WHERE 1 = 1") of a list over department_columns (any of which may
// match), a year column and a keyset cursor on (date_column, id); appends its parameters.
std::string ListWhere(const ReviewFilter& filter,
                      const std::vector<absl::string_view>& department_columns,
                      absl::string_view year_column, absl::string_view date_column,
                      const std::optional<DateCursor>& after, std::vector<Value>* params) {
  std::string where = " WHERE 1 = 1";
  if (!filter.department_ids.empty()) {
    std::vector<std::string> any;
    for (absl::string_view column : department_columns) {
      any.push_back(absl::StrCat(column, " IN (", Marks(filter.department_ids.size()), ")"));
      params->insert(params->end(), filter.department_ids.begin(), filter.department_ids.end());
    }
    absl::StrAppend(&where, " AND (", absl::StrJoin(any, " OR "), ")");
  }
  if (filter.year != 0) {
    absl::StrAppend(&where, " AND ", year_column, " = ?");
    params->push_back(int64_t{filter.year});
  }
  if (after) {
    absl::StrAppend(&where, " AND (", date_column, " > ? OR (", date_column, " = ? AND id > ?))");
    params->push_back(after->ymd);
    params->push_back(after->ymd);
    params->push_back(after->id);
  }
  return where;
}

// Appends the limit to params, as the statement's last parameter.
std::string Order(absl::string_view date_column, int limit, std::vector<Value>* params) {
  params->push_back(int64_t{limit});
  return absl::StrCat(" ORDER BY ", date_column, ", id LIMIT ?");
}

// A unique key hit by a concurrent create: the request id (the caller's own retry) or the key.
bool IsRequestIdClash(const absl::Status& s) {
  return s.code() == absl::StatusCode::kAlreadyExists && absl::StrContains(s.message(), "request");
}

audit::Fields FilingFields(const MajorCaseFiling& f) {
  return {{"case_id", f.case_id},
          {"department_id", f.department_id},
          {"filed_date", time_util::FormatDay(f.filed_date)},
          {"status", f.status == FilingStatus::kReviewed ? "reviewed" : "filed"},
          {"reviewer", f.reviewer},
          {"review_date", f.review_date ? time_util::FormatDay(*f.review_date) : ""},
          {"rectification_suggestions", absl::StrJoin(f.rectification_suggestions, "；")},
          {"rectification", std::string(RectificationName(f.rectification))}};
}

// Names are personal data: the audit log keeps them masked, as most readers see them.
audit::Fields ComplaintFields(const Complaint& c) {
  return {{"department_id", c.department_id},
          {"case_id", c.case_id},
          {"complainant", MaskPersonName(c.complainant)},
          {"received_date", time_util::FormatDay(c.received_date)},
          {"letter", c.letter ? c.letter->document_number : ""},
          {"letter_due_date", c.letter ? time_util::FormatDay(c.letter->due_date) : ""},
          {"rectification", std::string(RectificationName(c.rectification))},
          {"rectification_report", c.rectification_report}};
}

audit::Fields ReconsiderationFields(const Reconsideration& r) {
  auto day = [](const std::optional<absl::CivilDay>& d) {
    return d ? time_util::FormatDay(*d) : std::string();
  };
  return {{"body_department_id", r.body_department_id},
          {"respondent_department_id", r.respondent_department_id},
          {"case_id", r.case_id},
          {"applicant", MaskPersonName(r.applicant)},
          {"application_date", time_util::FormatDay(r.application_date)},
          {"simple_procedure", r.simple_procedure ? "true" : "false"},
          {"stage", std::string(ReconsiderationStageName(r.stage))},
          {"acceptance_date", day(r.acceptance_date)},
          {"not_accepted_reason", r.not_accepted_reason},
          {"decision_due_date", day(r.decision_due_date)},
          {"extension_days", absl::StrCat(r.extension_days)},
          {"extension_reason", r.extension_reason},
          {"outcome", absl::StrCat(static_cast<int>(r.outcome))},
          {"decision_date", day(r.decision_date)},
          {"decided_late", DecidedLate(r) ? "true" : "false"}};
}

audit::Fields LawsuitFields(const Lawsuit& s) {
  std::vector<std::string> hearings;
  for (const Hearing& h : s.hearings) {
    hearings.push_back(absl::StrCat(time_util::FormatDay(h.date),
                                    h.head_appeared ? absl::StrCat(" ", h.head_title) : ""));
  }
  return {{"court_case_number", s.court_case_number},
          {"court", s.court},
          {"plaintiff", s.plaintiff_organisation ? s.plaintiff : MaskPersonName(s.plaintiff)},
          {"defendant_department_id", s.defendant_department_id},
          {"government_defendant", s.government_defendant ? "true" : "false"},
          {"filed_date", time_util::FormatDay(s.filed_date)},
          {"hearings", absl::StrJoin(hearings, "；")},
          {"outcome", absl::StrCat(static_cast<int>(s.outcome))},
          {"judgment_date", s.judgment_date ? time_util::FormatDay(*s.judgment_date) : ""}};
}

// Checks and bumps the version of a record inside the transaction: ABORTED when someone else
// changed it first.
absl::Status BumpVersion(db::Connection& conn, absl::string_view table, absl::string_view id,
                         int64_t expected_version, const audit::AuditContext& audit,
                         absl::Time now) {
  absl::StatusOr<db::Result> r =
      conn.Execute(absl::StrCat("UPDATE ", table,
                                " SET version = version + 1, update_time_us = ?, updated_by = ? "
                                "WHERE id = ? AND version = ?"),
                   {absl::ToUnixMicros(now), audit.actor, std::string(id), expected_version});
  if (!r.ok()) return r.status();
  if (r->affected_rows == 0) {
    return absl::AbortedError(
        absl::StrCat("etag: the record '", id, "' changed since it was read; read it again"));
  }
  return absl::OkStatus();
}

Exec ExecOn(db::Connection& conn) {
  return [&conn](absl::string_view sql, const std::vector<Value>& params) {
    return conn.Execute(sql, params);
  };
}

Exec DbExec(db::Database& db) {
  return [&db](absl::string_view sql, const std::vector<Value>& params) {
    return db.Execute(sql, params);
  };
}

// The create path of every record here: a request id seen before answers with the id it created
// and inserts nothing; otherwise insert runs in one transaction. A concurrent twin that won the
// request id's unique key is answered the same way. Returns the id to read back.
absl::StatusOr<std::string> CreateOnce(db::Database& db, absl::string_view table,
                                       absl::string_view request_id, std::string id,
                                       const std::function<absl::Status(db::Connection&)>& insert) {
  absl::Status status = db.InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<std::optional<std::string>> done = IdForRequest(ExecOn(conn), table, request_id);
    if (!done.ok()) return done.status();
    if (done->has_value()) {
      id = **done;
      return absl::OkStatus();
    }
    return insert(conn);
  });
  if (IsRequestIdClash(status)) {
    absl::StatusOr<std::optional<std::string>> done = IdForRequest(DbExec(db), table, request_id);
    if (!done.ok()) return done.status();
    if (done->has_value()) return **done;
  }
  if (!status.ok()) return status;
  return id;
}

// The record a create just wrote, read back (INTERNAL if it is gone).
template <typename Record>
absl::StatusOr<Record> ReadCreated(absl::StatusOr<std::optional<Record>> stored,
                                   absl::string_view what) {
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return absl::InternalError(absl::StrCat(what, " vanished after its creation"));
  }
  return **stored;
}

// The update path of every record here: reads it in the transaction (NOT_FOUND naming what),
// checks and bumps its version (ABORTED when stale), lets write change it and audit the change,
// and reads it back.
template <typename Record>
absl::StatusOr<Record> UpdateVersioned(
    db::Database& db, absl::string_view table, absl::string_view what, const std::string& id,
    int64_t expected_version, const audit::AuditContext& audit,
    absl::StatusOr<std::optional<Record>> (*get_with)(const Exec&, absl::string_view),
    const std::function<absl::Status(db::Connection&, const Record& before, absl::Time now)>&
        write) {
  std::optional<Record> stored;
  absl::Status status = db.InTransaction([&](db::Connection& conn) -> absl::Status {
    Exec exec = ExecOn(conn);
    absl::StatusOr<std::optional<Record>> before = get_with(exec, id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) return absl::NotFoundError(absl::StrCat("id: no ", what, " ", id));
    absl::Time now = absl::Now();
    if (absl::Status s = BumpVersion(conn, table, id, expected_version, audit, now); !s.ok()) {
      return s;
    }
    if (absl::Status s = write(conn, **before, now); !s.ok()) return s;
    absl::StatusOr<std::optional<Record>> after = get_with(exec, id);
    if (!after.ok()) return after.status();
    stored = **after;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return *stored;
}

}  // namespace

// ---- enforcement cases (read-only) ----

absl::StatusOr<std::optional<FiledCaseFacts>> ReviewStore::FindCase(absl::string_view case_id) {
  absl::StatusOr<db::Result> result = db_->Execute(
      "SELECT department_id, major, stage, decision_ymd FROM enforcement_cases WHERE id = ?",
      {std::string(case_id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<FiledCaseFacts>();
  const db::Row& row = result->rows.front();
  FiledCaseFacts c;
  c.department_id = row.Text(0);
  c.major = row.Bool(1);
  c.stage = static_cast<int>(row.Int(2));
  c.decision_date = DayOrNull(row, 3);
  return std::optional<FiledCaseFacts>(std::move(c));
}

// ---- major-case filings ----

namespace {

absl::StatusOr<std::optional<MajorCaseFiling>> GetFilingWith(const Exec& exec,
                                                             absl::string_view id) {
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT ", kFilingColumns, ", ", kStampColumns,
                        " FROM major_case_filings WHERE id = ?"),
           {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<MajorCaseFiling>();
  MajorCaseFiling f = FilingFromRow(result->rows.front());
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> lines =
      ReadLines(exec, {f.id}, LineKind::kSuggestion);
  if (!lines.ok()) return lines.status();
  f.rectification_suggestions = (*lines)[f.id];
  return std::optional<MajorCaseFiling>(std::move(f));
}

}  // namespace

absl::StatusOr<MajorCaseFiling> ReviewStore::CreateFiling(const MajorCaseFiling& filing,
                                                          absl::string_view request_id,
                                                          const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "major_case_filings", request_id, filing.id, [&](db::Connection& conn) -> absl::Status {
        absl::StatusOr<db::Result> existing =
            conn.Execute("SELECT id FROM major_case_filings WHERE case_id = ?", {filing.case_id});
        if (!existing.ok()) return existing.status();
        if (!existing->rows.empty()) {
          return absl::AlreadyExistsError(
              absl::StrCat("case_id: case '", filing.case_id, "' was already filed for review as '",
                           existing->rows.front().Text(0), "'; a case is filed once"));
        }
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO major_case_filings (", kFilingColumns,
                                 ", filed_year, ", kStampColumns, ", create_request_id) VALUES (",
                                 Marks(15), ")"),
                    {filing.id, filing.case_id, filing.department_id, Ymd(filing.filed_date),
                     int64_t{static_cast<int>(filing.status)}, db::TextOrNull(filing.reviewer),
                     OptionalYmd(filing.review_date),
                     int64_t{static_cast<int>(filing.rectification)},
                     int64_t{filing.filed_date.year()}, absl::ToUnixMicros(now), audit.actor,
                     absl::ToUnixMicros(now), audit.actor, int64_t{1}, db::TextOrNull(request_id)})
                .status();
        if (!s.ok()) return s;
        s = WriteLines(conn, filing.id, LineKind::kSuggestion, filing.rectification_suggestions);
        if (!s.ok()) return s;
        return audit::Write(conn, audit, kFilingTarget, filing.id, "file",
                            audit::CreationJson(FilingFields(filing)), now);
      });
  if (created.status().code() == absl::StatusCode::kAlreadyExists &&
      !absl::StrContains(created.status().message(), "case_id:")) {
    return absl::AlreadyExistsError(
        absl::StrCat("case_id: case '", filing.case_id, "' was filed concurrently; read it"));
  }
  if (!created.ok()) return created.status();
  return ReadCreated(GetFiling(*created), "filing");
}

absl::StatusOr<std::optional<MajorCaseFiling>> ReviewStore::GetFiling(absl::string_view id) {
  return GetFilingWith(DbExec(*db_), id);
}

absl::StatusOr<MajorCaseFiling> ReviewStore::UpdateFiling(const MajorCaseFiling& filing,
                                                          int64_t expected_version,
                                                          absl::string_view action,
                                                          const audit::AuditContext& audit) {
  return UpdateVersioned<MajorCaseFiling>(
      *db_, "major_case_filings", "filing", filing.id, expected_version, audit, &GetFilingWith,
      [&](db::Connection& conn, const MajorCaseFiling& before, absl::Time now) -> absl::Status {
        absl::Status s =
            conn.Execute(
                    "UPDATE major_case_filings SET status = ?, reviewer = ?, review_ymd = ?, "
                    "rectification = ? WHERE id = ?",
                    {int64_t{static_cast<int>(filing.status)}, db::TextOrNull(filing.reviewer),
                     OptionalYmd(filing.review_date),
                     int64_t{static_cast<int>(filing.rectification)}, filing.id})
                .status();
        if (!s.ok()) return s;
        s = WriteLines(conn, filing.id, LineKind::kSuggestion, filing.rectification_suggestions);
        if (!s.ok()) return s;
        s = audit::Write(conn, audit, kFilingTarget, filing.id, action,
                         audit::ChangeJson(FilingFields(before), FilingFields(filing)), now);
        return s;
      });
}

absl::StatusOr<std::vector<MajorCaseFiling>> ReviewStore::ListFilings(
    const ReviewFilter& filter, FilingStatus status, const std::optional<DateCursor>& after,
    int limit) {
  std::vector<Value> params;
  std::string where =
      ListWhere(filter, {"department_id"}, "filed_year", "filed_ymd", after, &params);
  if (status != FilingStatus::kUnspecified) {
    absl::StrAppend(&where, " AND status = ?");
    params.push_back(int64_t{static_cast<int>(status)});
  }
  absl::StatusOr<db::Result> result = db_->Execute(
      absl::StrCat("SELECT ", kFilingColumns, ", ", kStampColumns, " FROM major_case_filings",
                   where, Order("filed_ymd", limit, &params)),
      params);
  if (!result.ok()) return result.status();
  std::vector<MajorCaseFiling> out;
  std::vector<std::string> ids;
  for (const db::Row& row : result->rows) {
    out.push_back(FilingFromRow(row));
    ids.push_back(out.back().id);
  }
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> lines =
      ReadLines(DbExec(*db_), ids, LineKind::kSuggestion);
  if (!lines.ok()) return lines.status();
  for (MajorCaseFiling& f : out) f.rectification_suggestions = (*lines)[f.id];
  return out;
}

// ---- case-file reviews ----

absl::StatusOr<CaseFileReview> ReviewStore::CreateCaseFileReview(const CaseFileReview& review,
                                                                 absl::string_view request_id,
                                                                 const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "case_file_reviews", request_id, review.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO case_file_reviews (", kReviewColumns,
                                 ", review_year, ", kStampColumns, ", create_request_id) VALUES (",
                                 Marks(13), ")"),
                    {review.id, review.case_id, review.department_id, review.reviewer,
                     Ymd(review.review_date), int64_t{review.score},
                     int64_t{review.review_date.year()}, absl::ToUnixMicros(now), audit.actor,
                     absl::ToUnixMicros(now), audit.actor, int64_t{1}, db::TextOrNull(request_id)})
                .status();
        if (!s.ok()) return s;
        s = WriteLines(conn, review.id, LineKind::kFinding, review.findings);
        if (!s.ok()) return s;
        return audit::Write(
            conn, audit, kReviewTarget, review.id, "create",
            audit::CreationJson({{"case_id", review.case_id},
                                 {"department_id", review.department_id},
                                 {"reviewer", review.reviewer},
                                 {"review_date", time_util::FormatDay(review.review_date)},
                                 {"score", absl::StrCat(review.score)},
                                 {"findings", absl::StrJoin(review.findings, "；")}}),
            now);
      });
  if (!created.ok()) return created.status();
  std::string id = *created;
  absl::StatusOr<db::Result> result =
      db_->Execute(absl::StrCat("SELECT ", kReviewColumns, ", ", kStampColumns,
                                " FROM case_file_reviews WHERE id = ?"),
                   {id});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return absl::InternalError("review vanished after its creation");
  CaseFileReview stored = ReviewFromRow(result->rows.front());
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> lines =
      ReadLines(DbExec(*db_), {id}, LineKind::kFinding);
  if (!lines.ok()) return lines.status();
  stored.findings = (*lines)[id];
  return stored;
}

absl::StatusOr<std::vector<CaseFileReview>> ReviewStore::ListCaseFileReviews(
    const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) {
  std::vector<Value> params;
  std::string where =
      ListWhere(filter, {"department_id"}, "review_year", "review_ymd", after, &params);
  absl::StatusOr<db::Result> result = db_->Execute(
      absl::StrCat("SELECT ", kReviewColumns, ", ", kStampColumns, " FROM case_file_reviews", where,
                   Order("review_ymd", limit, &params)),
      params);
  if (!result.ok()) return result.status();
  std::vector<CaseFileReview> out;
  std::vector<std::string> ids;
  for (const db::Row& row : result->rows) {
    out.push_back(ReviewFromRow(row));
    ids.push_back(out.back().id);
  }
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> lines =
      ReadLines(DbExec(*db_), ids, LineKind::kFinding);
  if (!lines.ok()) return lines.status();
  for (CaseFileReview& r : out) r.findings = (*lines)[r.id];
  return out;
}

// ---- complaints ----

namespace {

absl::StatusOr<std::vector<Complaint>> ComplaintsWith(const Exec& exec, absl::string_view sql,
                                                      const std::vector<Value>& params) {
  absl::StatusOr<db::Result> result = exec(sql, params);
  if (!result.ok()) return result.status();
  std::vector<Complaint> out;
  std::vector<std::string> ids;
  for (const db::Row& row : result->rows) {
    out.push_back(ComplaintFromRow(row));
    if (out.back().letter) ids.push_back(out.back().id);
  }
  absl::StatusOr<std::map<std::string, std::vector<std::string>>> lines =
      ReadLines(exec, ids, LineKind::kRequirement);
  if (!lines.ok()) return lines.status();
  for (Complaint& c : out) {
    if (c.letter) c.letter->requirements = (*lines)[c.id];
  }
  return out;
}

absl::StatusOr<std::optional<Complaint>> GetComplaintWith(const Exec& exec, absl::string_view id) {
  absl::StatusOr<std::vector<Complaint>> found =
      ComplaintsWith(exec,
                     absl::StrCat("SELECT ", kComplaintColumns, ", ", kStampColumns,
                                  " FROM complaints WHERE id = ?"),
                     {std::string(id)});
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Complaint>();
  return std::optional<Complaint>(std::move(found->front()));
}

}  // namespace

absl::StatusOr<Complaint> ReviewStore::CreateComplaint(const Complaint& complaint,
                                                       absl::string_view request_id,
                                                       const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "complaints", request_id, complaint.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        const std::optional<SupervisionLetter>& l = complaint.letter;
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO complaints (", kComplaintColumns, ", received_year, ",
                                 kStampColumns, ", create_request_id) VALUES (", Marks(18), ")"),
                    {complaint.id, complaint.department_id, db::TextOrNull(complaint.case_id),
                     complaint.complainant, complaint.content, Ymd(complaint.received_date),
                     l ? Value(l->document_number) : db::Null(),
                     l ? Ymd(l->issued_date) : db::Null(), l ? Ymd(l->due_date) : db::Null(),
                     int64_t{static_cast<int>(complaint.rectification)},
                     db::TextOrNull(complaint.rectification_report),
                     int64_t{complaint.received_date.year()}, absl::ToUnixMicros(now), audit.actor,
                     absl::ToUnixMicros(now), audit.actor, int64_t{1}, db::TextOrNull(request_id)})
                .status();
        if (!s.ok()) return s;
        if (l) {
          s = WriteLines(conn, complaint.id, LineKind::kRequirement, l->requirements);
          if (!s.ok()) return s;
        }
        return audit::Write(conn, audit, kComplaintTarget, complaint.id, "create",
                            audit::CreationJson(ComplaintFields(complaint)), now);
      });
  if (!created.ok()) return created.status();
  return ReadCreated(GetComplaint(*created), "complaint");
}

absl::StatusOr<std::optional<Complaint>> ReviewStore::GetComplaint(absl::string_view id) {
  return GetComplaintWith(DbExec(*db_), id);
}

absl::StatusOr<Complaint> ReviewStore::UpdateComplaint(const Complaint& complaint,
                                                       int64_t expected_version,
                                                       absl::string_view action,
                                                       const audit::AuditContext& audit) {
  return UpdateVersioned<Complaint>(
      *db_, "complaints", "complaint", complaint.id, expected_version, audit, &GetComplaintWith,
      [&](db::Connection& conn, const Complaint& before, absl::Time now) -> absl::Status {
        const std::optional<SupervisionLetter>& l = complaint.letter;
        absl::Status s =
            conn.Execute(
                    "UPDATE complaints SET letter_document_number = ?, letter_issued_ymd = ?, "
                    "letter_due_ymd = ?, rectification = ?, rectification_report = ? WHERE id = ?",
                    {l ? Value(l->document_number) : db::Null(),
                     l ? Ymd(l->issued_date) : db::Null(), l ? Ymd(l->due_date) : db::Null(),
                     int64_t{static_cast<int>(complaint.rectification)},
                     db::TextOrNull(complaint.rectification_report), complaint.id})
                .status();
        if (!s.ok()) return s;
        s = WriteLines(conn, complaint.id, LineKind::kRequirement,
                       l ? l->requirements : std::vector<std::string>{});
        if (!s.ok()) return s;
        s = audit::Write(conn, audit, kComplaintTarget, complaint.id, action,
                         audit::ChangeJson(ComplaintFields(before), ComplaintFields(complaint)),
                         now);
        return s;
      });
}

absl::StatusOr<std::vector<Complaint>> ReviewStore::ListComplaints(
    const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) {
  std::vector<Value> params;
  std::string where =
      ListWhere(filter, {"department_id"}, "received_year", "received_ymd", after, &params);
  return ComplaintsWith(
      DbExec(*db_),
      absl::StrCat("SELECT ", kComplaintColumns, ", ", kStampColumns, " FROM complaints", where,
                   Order("received_ymd", limit, &params)),
      params);
}

// ---- reconsiderations ----

namespace {

absl::StatusOr<std::optional<Reconsideration>> GetReconsiderationWith(const Exec& exec,
                                                                      absl::string_view id) {
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT ", kReconsiderationColumns, ", ", kStampColumns,
                        " FROM reconsiderations WHERE id = ?"),
           {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<Reconsideration>();
  return std::optional<Reconsideration>(ReconsiderationFromRow(result->rows.front()));
}

}  // namespace

absl::StatusOr<Reconsideration> ReviewStore::CreateReconsideration(
    const Reconsideration& r, absl::string_view request_id, const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "reconsiderations", request_id, r.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(absl::StrCat("INSERT INTO reconsiderations (", kReconsiderationColumns,
                                      ", application_year, ", kStampColumns,
                                      ", create_request_id) VALUES (", Marks(25), ")"),
                         {r.id,
                          r.body_department_id,
                          r.respondent_department_id,
                          db::TextOrNull(r.case_id),
                          r.applicant,
                          r.request,
                          Ymd(r.application_date),
                          int64_t{r.simple_procedure},
                          int64_t{static_cast<int>(r.stage)},
                          Ymd(r.examination_due_date),
                          OptionalYmd(r.acceptance_date),
                          db::TextOrNull(r.not_accepted_reason),
                          OptionalYmd(r.decision_due_date),
                          int64_t{r.extension_days},
                          db::TextOrNull(r.extension_reason),
                          int64_t{static_cast<int>(r.outcome)},
                          OptionalYmd(r.decision_date),
                          db::TextOrNull(r.decision_summary),
                          int64_t{r.application_date.year()},
                          absl::ToUnixMicros(now),
                          audit.actor,
                          absl::ToUnixMicros(now),
                          audit.actor,
                          int64_t{1},
                          db::TextOrNull(request_id)})
                .status();
        if (!s.ok()) return s;
        return audit::Write(conn, audit, kReconsiderationTarget, r.id, "apply",
                            audit::CreationJson(ReconsiderationFields(r)), now);
      });
  if (!created.ok()) return created.status();
  return ReadCreated(GetReconsideration(*created), "reconsideration");
}

absl::StatusOr<std::optional<Reconsideration>> ReviewStore::GetReconsideration(
    absl::string_view id) {
  return GetReconsiderationWith(DbExec(*db_), id);
}

absl::StatusOr<Reconsideration> ReviewStore::UpdateReconsideration(
    const Reconsideration& r, int64_t expected_version, absl::string_view action,
    const audit::AuditContext& audit) {
  return UpdateVersioned<Reconsideration>(
      *db_, "reconsiderations", "reconsideration", r.id, expected_version, audit,
      &GetReconsiderationWith,
      [&](db::Connection& conn, const Reconsideration& before, absl::Time now) -> absl::Status {
        absl::Status s =
            conn.Execute(
                    "UPDATE reconsiderations SET stage = ?, acceptance_ymd = ?, "
                    "not_accepted_reason = "
                    "?, "
                    "decision_due_ymd = ?, extension_days = ?, extension_reason = ?, outcome = ?, "
                    "decision_ymd = ?, decision_summary = ? WHERE id = ?",
                    {int64_t{static_cast<int>(r.stage)}, OptionalYmd(r.acceptance_date),
                     db::TextOrNull(r.not_accepted_reason), OptionalYmd(r.decision_due_date),
                     int64_t{r.extension_days}, db::TextOrNull(r.extension_reason),
                     int64_t{static_cast<int>(r.outcome)}, OptionalYmd(r.decision_date),
                     db::TextOrNull(r.decision_summary), r.id})
                .status();
        if (!s.ok()) return s;
        s = audit::Write(conn, audit, kReconsiderationTarget, r.id, action,
                         audit::ChangeJson(ReconsiderationFields(before), ReconsiderationFields(r)),
                         now);
        return s;
      });
}

absl::StatusOr<std::vector<Reconsideration>> ReviewStore::ListReconsiderations(
    const ReviewFilter& filter, ReconsiderationStage stage, const std::optional<DateCursor>& after,
    int limit) {
  std::vector<Value> params;
  std::string where = ListWhere(filter, {"body_department_id", "respondent_department_id"},
                                "application_year", "application_ymd", after, &params);
  if (stage != ReconsiderationStage::kUnspecified) {
    absl::StrAppend(&where, " AND stage = ?");
    params.push_back(int64_t{static_cast<int>(stage)});
  }
  absl::StatusOr<db::Result> result = db_->Execute(
      absl::StrCat("SELECT ", kReconsiderationColumns, ", ", kStampColumns,
                   " FROM reconsiderations", where, Order("application_ymd", limit, &params)),
      params);
  if (!result.ok()) return result.status();
  std::vector<Reconsideration> out;
  for (const db::Row& row : result->rows) out.push_back(ReconsiderationFromRow(row));
  return out;
}

// ---- lawsuits ----

namespace {

absl::Status ReadHearings(const Exec& exec, std::vector<Lawsuit>& suits) {
  if (suits.empty()) return absl::OkStatus();
  std::vector<Value> params;
  std::map<std::string, Lawsuit*> by_id;
  for (Lawsuit& s : suits) {
    params.push_back(s.id);
    by_id[s.id] = &s;
  }
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT lawsuit_id, hearing_ymd, head_appeared, head_title FROM "
                        "lawsuit_hearings WHERE lawsuit_id IN (",
                        Marks(suits.size()), ") ORDER BY lawsuit_id, seq"),
           params);
  if (!result.ok()) return result.status();
  for (const db::Row& row : result->rows) {
    Hearing h;
    h.date = time_util::FromYmd(row.Int(1));
    h.head_appeared = row.Bool(2);
    h.head_title = row.Text(3);
    by_id[row.Text(0)]->hearings.push_back(std::move(h));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Lawsuit>> GetLawsuitWith(const Exec& exec, absl::string_view id) {
  absl::StatusOr<db::Result> result = exec(
      absl::StrCat("SELECT ", kLawsuitColumns, ", ", kStampColumns, " FROM lawsuits WHERE id = ?"),
      {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<Lawsuit>();
  std::vector<Lawsuit> found{LawsuitFromRow(result->rows.front())};
  if (absl::Status s = ReadHearings(exec, found); !s.ok()) return s;
  return std::optional<Lawsuit>(std::move(found.front()));
}

}  // namespace

absl::StatusOr<Lawsuit> ReviewStore::CreateLawsuit(const Lawsuit& suit,
                                                   absl::string_view request_id,
                                                   const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created =
      CreateOnce(*db_, "lawsuits", request_id, suit.id, [&](db::Connection& conn) -> absl::Status {
        absl::StatusOr<db::Result> existing =
            conn.Execute("SELECT id FROM lawsuits WHERE court = ? AND court_case_number = ?",
                         {suit.court, suit.court_case_number});
        if (!existing.ok()) return existing.status();
        if (!existing->rows.empty()) {
          return absl::AlreadyExistsError(absl::StrCat(
              "lawsuit.court_case_number: ", suit.court, " already has case ",
              suit.court_case_number, " as lawsuit '", existing->rows.front().Text(0), "'"));
        }
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO lawsuits (", kLawsuitColumns, ", filed_year, ",
                                 kStampColumns, ", create_request_id) VALUES (", Marks(19), ")"),
                    {suit.id, suit.court_case_number, suit.court, suit.plaintiff,
                     int64_t{suit.plaintiff_organisation}, suit.defendant_department_id,
                     int64_t{suit.government_defendant}, db::TextOrNull(suit.case_id),
                     db::TextOrNull(suit.reconsideration_id), Ymd(suit.filed_date),
                     int64_t{static_cast<int>(suit.outcome)}, OptionalYmd(suit.judgment_date),
                     int64_t{suit.filed_date.year()}, absl::ToUnixMicros(now), audit.actor,
                     absl::ToUnixMicros(now), audit.actor, int64_t{1}, db::TextOrNull(request_id)})
                .status();
        if (!s.ok()) return s;
        return audit::Write(conn, audit, kLawsuitTarget, suit.id, "create",
                            audit::CreationJson(LawsuitFields(suit)), now);
      });
  if (created.status().code() == absl::StatusCode::kAlreadyExists &&
      !absl::StrContains(created.status().message(), "court_case_number:")) {
    return absl::AlreadyExistsError(absl::StrCat("lawsuit.court_case_number: ", suit.court,
                                                 " case ", suit.court_case_number,
                                                 " was recorded concurrently"));
  }
  if (!created.ok()) return created.status();
  return ReadCreated(GetLawsuit(*created), "lawsuit");
}

absl::StatusOr<std::optional<Lawsuit>> ReviewStore::GetLawsuit(absl::string_view id) {
  return GetLawsuitWith(DbExec(*db_), id);
}

absl::StatusOr<Lawsuit> ReviewStore::UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
                                                   absl::string_view action,
                                                   const audit::AuditContext& audit) {
  return UpdateVersioned<Lawsuit>(
      *db_, "lawsuits", "lawsuit", suit.id, expected_version, audit, &GetLawsuitWith,
      [&](db::Connection& conn, const Lawsuit& before, absl::Time now) -> absl::Status {
        absl::Status s =
            conn.Execute("UPDATE lawsuits SET outcome = ?, judgment_ymd = ? WHERE id = ?",
                         {int64_t{static_cast<int>(suit.outcome)}, OptionalYmd(suit.judgment_date),
                          suit.id})
                .status();
        if (!s.ok()) return s;
        // Hearings are only ever appended.
        for (size_t i = before.hearings.size(); i < suit.hearings.size(); ++i) {
          const Hearing& h = suit.hearings[i];
          s = conn.Execute(
                      "INSERT INTO lawsuit_hearings (lawsuit_id, seq, hearing_ymd, head_appeared, "
                      "head_title) VALUES (?, ?, ?, ?, ?)",
                      {suit.id, static_cast<int64_t>(i), Ymd(h.date), int64_t{h.head_appeared},
                       db::TextOrNull(h.head_title)})
                  .status();
          if (!s.ok()) return s;
        }
        s = audit::Write(conn, audit, kLawsuitTarget, suit.id, action,
                         audit::ChangeJson(LawsuitFields(before), LawsuitFields(suit)), now);
        return s;
      });
}

absl::StatusOr<std::vector<Lawsuit>> ReviewStore::ListLawsuits(
    const ReviewFilter& filter, const std::optional<DateCursor>& after, int limit) {
  std::vector<Value> params;
  std::string where =
      ListWhere(filter, {"defendant_department_id"}, "filed_year", "filed_ymd", after, &params);
  Exec exec = DbExec(*db_);
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat("SELECT ", kLawsuitColumns, ", ", kStampColumns, " FROM lawsuits", where,
                        Order("filed_ymd", limit, &params)),
           params);
  if (!result.ok()) return result.status();
  std::vector<Lawsuit> out;
  for (const db::Row& row : result->rows) out.push_back(LawsuitFromRow(row));
  if (absl::Status s = ReadHearings(exec, out); !s.ok()) return s;
  return out;
}

}  // namespace fazhi::cases

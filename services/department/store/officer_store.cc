#include "services/department/store/officer_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/time/date.h"
#include "common/validation/id_number.h"
#include "services/department/domain/department.h"

namespace fazhi::department {
namespace {

using db::Value;

// Runs one statement, inside a transaction (a Connection) or outside one (the Database).
using Exec =
    std::function<absl::StatusOr<db::Result>(absl::string_view, const std::vector<Value>&)>;

constexpr absl::string_view kOfficerColumns =
    "o.id, o.department_id, o.name, o.id_number, o.status, o.create_time_us, o.update_time_us, "
    "o.version";
// One row per event, certificates in each officer's order and events in sequence.
constexpr absl::string_view kCertificateSelect =
    "SELECT c.number, c.officer_id, c.department_id, c.create_time_us, e.seq, e.event_type, "
    "e.event_ymd, e.expiry_ymd, e.reason, e.record_time_us, e.request_id "
    "FROM certificates c JOIN certificate_events e ON e.certificate_number = c.number ";
constexpr absl::string_view kCertificateOrder =
    " ORDER BY c.officer_id, c.issue_ymd, c.create_time_us, c.number, e.seq";
constexpr char kOfficerTarget[] = "officer";
constexpr char kCertificateTarget[] = "certificate";
// Bounded IN lists keep each statement's parameter count (and its cached plan) small.
constexpr size_t kChunk = 100;

Officer OfficerFromRow(const db::Row& row) {
  Officer o;
  o.id = row.Text(0);
  o.department_id = row.Text(1);
  o.name = row.Text(2);
  o.id_number = row.Text(3);
  o.status = static_cast<OfficerStatus>(row.Int(4));
  o.create_time = absl::FromUnixMicros(row.Int(5));
  o.update_time = absl::FromUnixMicros(row.Int(6));
  o.version = row.Int(7);
  return o;
}

CertificateEvent EventFromRow(const db::Row& row, size_t first) {
  CertificateEvent e;
  e.sequence = static_cast<int>(row.Int(first));
  e.type = static_cast<CertificateEventType>(row.Int(first + 1));
  e.date = time_util::FromYmd(row.Int(first + 2));
  if (!row.IsNull(first + 3)) e.expiry = time_util::FromYmd(row.Int(first + 3));
  e.reason = row.Text(first + 4);
  e.record_time = absl::FromUnixMicros(row.Int(first + 5));
  e.request_id = row.Text(first + 6);
  return e;
}

// Groups kCertificateSelect rows into certificates, keeping their order.
std::vector<Certificate> CertificatesFromRows(const std::vector<db::Row>& rows) {
  std::vector<Certificate> out;
  for (const db::Row& row : rows) {
    std::string number = row.Text(0);
    if (out.empty() || out.back().number != number) {
      Certificate c;
      c.number = std::move(number);
      c.officer_id = row.Text(1);
      c.department_id = row.Text(2);
      c.create_time = absl::FromUnixMicros(row.Int(3));
      out.push_back(std::move(c));
    }
    out.back().events.push_back(EventFromRow(row, 4));
  }
  return out;
}

absl::StatusOr<std::optional<Officer>> FirstOfficer(absl::StatusOr<db::Result> result) {
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<Officer>();
  return std::optional<Officer>(OfficerFromRow(result->rows.front()));
}

absl::StatusOr<std::optional<Certificate>> FindCertificateWith(const Exec& exec,
                                                               absl::string_view number) {
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat(kCertificateSelect, "WHERE c.number = ?", kCertificateOrder),
           {std::string(number)});
  if (!result.ok()) return result.status();
  std::vector<Certificate> found = CertificatesFromRows(result->rows);
  if (found.empty()) return std::optional<Certificate>();
  return std::optional<Certificate>(std::move(found.front()));
}

absl::StatusOr<std::vector<Certificate>> CertificatesOfWith(
    const Exec& exec, const std::vector<std::string>& officer_ids) {
  std::vector<Certificate> out;
  for (size_t start = 0; start < officer_ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, officer_ids.size() - start);
    std::vector<Value> params(officer_ids.begin() + start, officer_ids.begin() + start + n);
    std::vector<std::string> marks(n, "?");
    absl::StatusOr<db::Result> result =
        exec(absl::StrCat(kCertificateSelect, "WHERE c.officer_id IN (", absl::StrJoin(marks, ", "),
                          ")", kCertificateOrder),
             params);
    if (!result.ok()) return result.status();
    for (Certificate& c : CertificatesFromRows(result->rows)) out.push_back(std::move(c));
  }
  return out;
}

absl::StatusOr<std::optional<DepartmentRef>> FindDepartmentWith(const Exec& exec,
                                                                absl::string_view id,
                                                                absl::string_view lock) {
  absl::StatusOr<db::Result> result =
      exec(absl::StrCat(
               "SELECT id, name, status, law_enforcement_body FROM departments WHERE id = ?", lock),
           {std::string(id)});
  if (!result.ok()) return result.status();
  if (result->rows.empty()) return std::optional<DepartmentRef>();
  const db::Row& row = result->rows.front();
  DepartmentRef d;
  d.id = row.Text(0);
  d.name = row.Text(1);
  d.active = row.Int(2) == static_cast<int>(Status::kActive);
  d.law_enforcement_body = row.Bool(3);
  return std::optional<DepartmentRef>(std::move(d));
}

// What the audit log records of an officer: never the ID number in clear.
audit::Fields OfficerAuditFields(const Officer& o, absl::string_view id_number_shown) {
  return {{"department_id", o.department_id},
          {"name", o.name},
          {"id_number", std::string(id_number_shown)},
          {"status", o.status == OfficerStatus::kLeft ? "left" : "active"}};
}

// What the audit log records of a certificate after its latest event.
audit::Fields CertificateAuditFields(const Certificate& c) {
  const CertificateEvent& last = c.events.back();
  const CertificateEvent* suspension = c.open_suspension();
  const CertificateEvent* revocation = c.revocation();
  std::string last_event =
      absl::StrCat(EventTypeName(last.type), " ", time_util::FormatDay(last.date));
  if (!last.reason.empty()) absl::StrAppend(&last_event, ": ", last.reason);
  return {{"officer_id", c.officer_id},
          {"department_id", c.department_id},
          {"issue_date", time_util::FormatDay(c.issue_date())},
          {"expiry_date", time_util::FormatDay(c.final_expiry())},
          {"suspended_from", suspension ? time_util::FormatDay(suspension->date) : ""},
          {"revoked_from", revocation ? time_util::FormatDay(revocation->date) : ""},
          {"last_event", last_event}};
}

// A unique-key violation reported by the database quotes the duplicate value; an ID number must
// not travel on to the caller and the logs, so the message is rebuilt here.
absl::Status SanitizedOfficerWriteError(const absl::Status& s) {
  if (s.code() != absl::StatusCode::kAlreadyExists) return s;
  if (absl::StrContains(s.message(), "id_number")) {
    return absl::AlreadyExistsError(
        "officer.id_number: this ID number is already registered to another officer");
  }
  return absl::AlreadyExistsError(
      "officer: registered concurrently by another call; read it again");
}

absl::Status InsertEvent(db::Connection& conn, absl::string_view number,
                         const CertificateEvent& e) {
  absl::Status s =
      conn.Execute(
              "INSERT INTO certificate_events (certificate_number, seq, event_type, event_ymd, "
              "expiry_ymd, reason, record_time_us, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              {std::string(number), int64_t{e.sequence}, int64_t{static_cast<int>(e.type)},
               time_util::ToYmd(e.date), e.expiry ? Value(time_util::ToYmd(*e.expiry)) : db::Null(),
               e.reason, absl::ToUnixMicros(e.record_time), db::TextOrNull(e.request_id)})
          .status();
  if (s.code() == absl::StatusCode::kAlreadyExists) {
    return absl::AbortedError(
        absl::StrCat("certificate ", number, " changed while this call ran; read it again"));
  }
  return s;
}

class SqlRepository : public OfficerRepository {
 public:
  SqlRepository(db::Connection& conn, const audit::AuditContext& context)
      : conn_(conn),
        context_(context),
        exec_([this](absl::string_view sql, const std::vector<Value>& params) {
          return conn_.Execute(sql, params);
        }) {}

  absl::StatusOr<std::optional<DepartmentRef>> FindDepartment(absl::string_view id) override {
    // A shared lock keeps the department from being dissolved under a new officer on MySQL;
    // SQLite's BEGIN IMMEDIATE already holds the write lock.
    return FindDepartmentWith(exec_, id, mysql() ? " LOCK IN SHARE MODE" : "");
  }

  absl::StatusOr<std::optional<Officer>> FindOfficer(absl::string_view id) override {
    return FirstOfficer(
        conn_.Execute(absl::StrCat("SELECT ", kOfficerColumns, " FROM officers o WHERE o.id = ?",
                                   mysql() ? " FOR UPDATE" : ""),
                      {std::string(id)}));
  }

  absl::StatusOr<std::optional<Officer>> FindOfficerByRequestId(
      absl::string_view request_id) override {
    return FirstOfficer(conn_.Execute(
        absl::StrCat("SELECT ", kOfficerColumns, " FROM officers o WHERE o.create_request_id = ?"),
        {std::string(request_id)}));
  }

  absl::StatusOr<std::optional<std::string>> OfficerIdWithIdNumber(
      absl::string_view id_number, absl::string_view exclude_id) override {
    absl::StatusOr<db::Result> result =
        conn_.Execute("SELECT id FROM officers WHERE id_number = ? AND id <> ?",
                      {std::string(id_number), std::string(exclude_id)});
    if (!result.ok()) return result.status();
    if (result->rows.empty()) return std::optional<std::string>();
    return std::optional<std::string>(result->rows.front().Text(0));
  }

  absl::Status InsertOfficer(const Officer& o, absl::string_view request_id) override {
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO officers (id, department_id, name, id_number, status, "
                "create_time_us, update_time_us, version, create_request_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {o.id, o.department_id, o.name, db::TextOrNull(o.id_number),
                 int64_t{static_cast<int>(o.status)}, absl::ToUnixMicros(o.create_time),
                 absl::ToUnixMicros(o.update_time), o.version, db::TextOrNull(request_id)})
            .status();
    if (!s.ok()) return SanitizedOfficerWriteError(s);
    return audit::Write(
        conn_, context_, kOfficerTarget, o.id, "create",
        audit::CreationJson(OfficerAuditFields(o, validation::MaskIdNumber(o.id_number))),
        o.update_time);
  }

  absl::Status UpdateOfficer(const Officer& o, int64_t expected_version) override {
    absl::StatusOr<std::optional<Officer>> before = FindOfficer(o.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) return absl::NotFoundError(absl::StrCat("officer '", o.id, "'"));
    absl::StatusOr<db::Result> result = conn_.Execute(
        "UPDATE officers SET department_id = ?, name = ?, id_number = ?, status = ?, "
        "update_time_us = ?, version = ? WHERE id = ? AND version = ?",
        {o.department_id, o.name, db::TextOrNull(o.id_number), int64_t{static_cast<int>(o.status)},
         absl::ToUnixMicros(o.update_time), o.version, o.id, expected_version});
    if (!result.ok()) return SanitizedOfficerWriteError(result.status());
    if (result->affected_rows != 1) {
      return absl::AbortedError(
          absl::StrCat("officer '", o.id, "' changed while this update ran; read it again"));
    }
    std::string old_shown = validation::MaskIdNumber((*before)->id_number);
    std::string new_shown = validation::MaskIdNumber(o.id_number);
    // A corrected middle part masks the same; say that the number changed all the same.
    if (old_shown == new_shown && (*before)->id_number != o.id_number) {
      absl::StrAppend(&new_shown, " (digits 7-14 corrected)");
    }
    return audit::Write(conn_, context_, kOfficerTarget, o.id, "update",
                        audit::ChangeJson(OfficerAuditFields(**before, old_shown),
                                          OfficerAuditFields(o, new_shown)),
                        o.update_time);
  }

  absl::StatusOr<std::optional<Certificate>> FindCertificate(absl::string_view number) override {
    return FindCertificateWith(exec_, number);
  }

  absl::StatusOr<std::vector<Certificate>> CertificatesOf(absl::string_view officer_id) override {
    return CertificatesOfWith(exec_, {std::string(officer_id)});
  }

  absl::StatusOr<std::optional<std::pair<std::string, CertificateEventType>>> FindEventByRequestId(
      absl::string_view request_id) override {
    using Found = std::optional<std::pair<std::string, CertificateEventType>>;
    absl::StatusOr<db::Result> result = conn_.Execute(
        "SELECT certificate_number, event_type FROM certificate_events WHERE request_id = ?",
        {std::string(request_id)});
    if (!result.ok()) return result.status();
    if (result->rows.empty()) return Found();
    const db::Row& row = result->rows.front();
    return Found(std::make_pair(row.Text(0), static_cast<CertificateEventType>(row.Int(1))));
  }

  absl::Status InsertCertificate(const Certificate& c) override {
    absl::Status s =
        conn_
            .Execute(
                "INSERT INTO certificates (number, officer_id, department_id, issue_ymd, "
                "create_time_us) VALUES (?, ?, ?, ?, ?)",
                {c.number, c.officer_id, c.department_id, time_util::ToYmd(c.issue_date()),
                 absl::ToUnixMicros(c.create_time)})
            .status();
    if (s.code() == absl::StatusCode::kAlreadyExists) {
      return absl::AlreadyExistsError(
          absl::StrCat("certificate.number: ", c.number, " is already registered"));
    }
    if (!s.ok()) return s;
    if (absl::Status e = InsertEvent(conn_, c.number, c.events.front()); !e.ok()) return e;
    return audit::Write(conn_, context_, kCertificateTarget, c.number, "issue",
                        audit::CreationJson(CertificateAuditFields(c)),
                        c.events.front().record_time);
  }

  absl::Status AppendEvent(const Certificate& before, const Certificate& after) override {
    const CertificateEvent& e = after.events.back();
    if (absl::Status s = InsertEvent(conn_, after.number, e); !s.ok()) return s;
    return audit::Write(
        conn_, context_, kCertificateTarget, after.number, EventTypeName(e.type),
        audit::ChangeJson(CertificateAuditFields(before), CertificateAuditFields(after)),
        e.record_time);
  }

 private:
  bool mysql() const { return conn_.dialect() == db::Dialect::kMysql; }

  db::Connection& conn_;
  const audit::AuditContext& context_;
  Exec exec_;
};

}  // namespace

absl::Status OfficerStore::InTransaction(
    const audit::AuditContext& context, const std::function<absl::Status(OfficerRepository&)>& fn) {
  return db_->InTransaction([&](db::Connection& conn) {
    SqlRepository repo(conn, context);
    return fn(repo);
  });
}

absl::StatusOr<std::optional<Officer>> OfficerStore::GetOfficer(absl::string_view id) {
  return FirstOfficer(
      db_->Execute(absl::StrCat("SELECT ", kOfficerColumns, " FROM officers o WHERE o.id = ?"),
                   {std::string(id)}));
}

absl::StatusOr<std::vector<Officer>> OfficerStore::GetOfficers(
    const std::vector<std::string>& ids) {
  std::vector<Officer> found;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    std::vector<Value> params(ids.begin() + start, ids.begin() + start + n);
    std::vector<std::string> marks(n, "?");
    absl::StatusOr<db::Result> result =
        db_->Execute(absl::StrCat("SELECT ", kOfficerColumns, " FROM officers o WHERE o.id IN (",
                                  absl::StrJoin(marks, ", "), ")"),
                     params);
    if (!result.ok()) return result.status();
    for (const db::Row& row : result->rows) found.push_back(OfficerFromRow(row));
  }
  return found;
}

absl::StatusOr<std::vector<Officer>> OfficerStore::ListOfficers(const OfficerFilter& filter,
                                                                absl::string_view after_id,
                                                                int limit) {
  std::string sql = absl::StrCat("SELECT ", kOfficerColumns, " FROM officers o WHERE o.id > ?");
  std::vector<Value> params{std::string(after_id)};
  if (!filter.department_id.empty()) {
    sql += " AND o.department_id = ?";
    params.push_back(filter.department_id);
  }
  if (filter.status != OfficerStatus::kUnspecified) {
    sql += " AND o.status = ?";
    params.push_back(int64_t{static_cast<int>(filter.status)});
  }
  sql += " ORDER BY o.id LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result = db_->Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<Officer> out;
  for (const db::Row& row : result->rows) out.push_back(OfficerFromRow(row));
  return out;
}

absl::StatusOr<std::optional<Certificate>> OfficerStore::GetCertificate(absl::string_view number) {
  return FindCertificateWith(
      [this](absl::string_view sql, const std::vector<Value>& params) {
        return db_->Execute(sql, params);
      },
      number);
}

absl::StatusOr<std::map<std::string, std::vector<Certificate>>> OfficerStore::CertificatesOf(
    const std::vector<std::string>& officer_ids) {
  absl::StatusOr<std::vector<Certificate>> all = CertificatesOfWith(
      [this](absl::string_view sql, const std::vector<Value>& params) {
        return db_->Execute(sql, params);
      },
      officer_ids);
  if (!all.ok()) return all.status();
  std::map<std::string, std::vector<Certificate>> by_officer;
  for (Certificate& c : *all) by_officer[c.officer_id].push_back(std::move(c));
  return by_officer;
}

absl::StatusOr<std::vector<CertificateEventRow>> OfficerStore::ListEvents(
    const CertificateEventFilter& filter, const std::optional<CertificateEventCursor>& after,
    int limit) {
  std::string sql =
      "SELECT c.number, c.officer_id, c.department_id, e.seq, e.event_type, e.event_ymd, "
      "e.expiry_ymd, e.reason, e.record_time_us, e.request_id "
      "FROM certificate_events e JOIN certificates c ON c.number = e.certificate_number "
      "WHERE 1 = 1";
  std::vector<Value> params;
  if (!filter.certificate_number.empty()) {
    sql += " AND e.certificate_number = ?";
    params.push_back(filter.certificate_number);
  }
  if (!filter.officer_id.empty()) {
    sql += " AND c.officer_id = ?";
    params.push_back(filter.officer_id);
  }
  if (!filter.department_id.empty()) {
    sql += " AND c.department_id = ?";
    params.push_back(filter.department_id);
  }
  if (filter.type != CertificateEventType::kUnspecified) {
    sql += " AND e.event_type = ?";
    params.push_back(int64_t{static_cast<int>(filter.type)});
  }
  if (filter.start) {
    sql += " AND e.event_ymd >= ?";
    params.push_back(time_util::ToYmd(*filter.start));
  }
  if (filter.end) {
    sql += " AND e.event_ymd <= ?";
    params.push_back(time_util::ToYmd(*filter.end));
  }
  if (after) {
    sql +=
        " AND (e.event_ymd > ? OR (e.event_ymd = ? AND (e.certificate_number > ? OR "
        "(e.certificate_number = ? AND e.seq > ?))))";
    params.insert(params.end(), {after->ymd, after->ymd, after->certificate_number,
                                 after->certificate_number, int64_t{after->sequence}});
  }
  sql += " ORDER BY e.event_ymd, e.certificate_number, e.seq LIMIT ?";
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result = db_->Execute(sql, params);
  if (!result.ok()) return result.status();
  std::vector<CertificateEventRow> out;
  for (const db::Row& row : result->rows) {
    out.push_back(CertificateEventRow{row.Text(0), row.Text(1), row.Text(2), EventFromRow(row, 3)});
  }
  return out;
}

absl::StatusOr<std::optional<DepartmentRef>> OfficerStore::GetDepartment(absl::string_view id) {
  return FindDepartmentWith(
      [this](absl::string_view sql, const std::vector<Value>& params) {
        return db_->Execute(sql, params);
      },
      id, "");
}

absl::StatusOr<std::map<std::string, std::string>> OfficerStore::DepartmentNames(
    const std::vector<std::string>& ids) {
  std::map<std::string, std::string> names;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    size_t n = std::min(kChunk, ids.size() - start);
    std::vector<Value> params(ids.begin() + start, ids.begin() + start + n);
    std::vector<std::string> marks(n, "?");
    absl::StatusOr<db::Result> result =
        db_->Execute(absl::StrCat("SELECT id, name FROM departments WHERE id IN (",
                                  absl::StrJoin(marks, ", "), ")"),
                     params);
    if (!result.ok()) return result.status();
    for (const db::Row& row : result->rows) names[row.Text(0)] = row.Text(1);
  }
  return names;
}

}  // namespace fazhi::department

#include "services/cases/store/complaint_store.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/fragment.h"
#include "common/time/date.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {
namespace {

using db::Placeholders;
using db::Value;
using record_sql::CreateOnce;
using record_sql::DbExec;
using record_sql::Exec;
using record_sql::kStampColumns;
using record_sql::LineKind;
using record_sql::ListWhere;
using record_sql::Order;
using record_sql::ReadCreated;
using record_sql::ReadLines;
using record_sql::StampsFromRow;
using record_sql::UpdateVersioned;
using record_sql::WriteLines;
using record_sql::Ymd;

constexpr char kComplaintTarget[] = "complaint";

constexpr absl::string_view kComplaintColumns =
    "id, department_id, case_id, complainant, content, received_ymd, letter_document_number, "
    "letter_issued_ymd, letter_due_ymd, rectification, rectification_report";

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

absl::StatusOr<Complaint> ComplaintStore::CreateComplaint(const Complaint& complaint,
                                                          absl::string_view request_id,
                                                          const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "complaints", request_id, complaint.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        const std::optional<SupervisionLetter>& l = complaint.letter;
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO complaints (", kComplaintColumns, ", received_year, ",
                                 kStampColumns, ", create_request_id) VALUES (", Placeholders(18),
                                 ")"),
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

absl::StatusOr<std::optional<Complaint>> ComplaintStore::GetComplaint(absl::string_view id) {
  return GetComplaintWith(DbExec(*db_), id);
}

absl::StatusOr<Complaint> ComplaintStore::UpdateComplaint(const Complaint& complaint,
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

absl::StatusOr<std::vector<Complaint>> ComplaintStore::ListComplaints(
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

}  // namespace fazhi::cases

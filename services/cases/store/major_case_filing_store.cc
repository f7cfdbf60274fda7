#include "services/cases/store/major_case_filing_store.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/db/fragment.h"
#include "common/time/date.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {
namespace {

using db::Placeholders;
using db::Value;
using record_sql::CreateOnce;
using record_sql::DayOrNull;
using record_sql::DbExec;
using record_sql::Exec;
using record_sql::kStampColumns;
using record_sql::LineKind;
using record_sql::ListWhere;
using record_sql::OptionalYmd;
using record_sql::Order;
using record_sql::ReadCreated;
using record_sql::ReadLines;
using record_sql::StampsFromRow;
using record_sql::UpdateVersioned;
using record_sql::WriteLines;
using record_sql::Ymd;

constexpr char kFilingTarget[] = "major_case_filing";

constexpr absl::string_view kFilingColumns =
    "id, case_id, department_id, filed_ymd, status, reviewer, review_ymd, rectification";

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

absl::StatusOr<MajorCaseFiling> MajorCaseFilingStore::CreateFiling(
    const MajorCaseFiling& filing, absl::string_view request_id, const audit::AuditContext& audit) {
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
                                 Placeholders(15), ")"),
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

absl::StatusOr<std::optional<MajorCaseFiling>> MajorCaseFilingStore::GetFiling(
    absl::string_view id) {
  return GetFilingWith(DbExec(*db_), id);
}

absl::StatusOr<MajorCaseFiling> MajorCaseFilingStore::UpdateFiling(
    const MajorCaseFiling& filing, int64_t expected_version, absl::string_view action,
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

absl::StatusOr<std::vector<MajorCaseFiling>> MajorCaseFilingStore::ListFilings(
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

}  // namespace fazhi::cases

#include "services/cases/store/case_file_review_store.h"

#include <map>

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
using record_sql::DbExec;
using record_sql::kStampColumns;
using record_sql::LineKind;
using record_sql::ListWhere;
using record_sql::Order;
using record_sql::ReadLines;
using record_sql::StampsFromRow;
using record_sql::WriteLines;
using record_sql::Ymd;

constexpr char kReviewTarget[] = "case_file_review";

constexpr absl::string_view kReviewColumns =
    "id, case_id, department_id, reviewer, review_ymd, score";

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

}  // namespace

absl::StatusOr<CaseFileReview> CaseFileReviewStore::CreateCaseFileReview(
    const CaseFileReview& review, absl::string_view request_id, const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "case_file_reviews", request_id, review.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(
                    absl::StrCat("INSERT INTO case_file_reviews (", kReviewColumns,
                                 ", review_year, ", kStampColumns, ", create_request_id) VALUES (",
                                 Placeholders(13), ")"),
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

absl::StatusOr<std::vector<CaseFileReview>> CaseFileReviewStore::ListCaseFileReviews(
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

}  // namespace fazhi::cases

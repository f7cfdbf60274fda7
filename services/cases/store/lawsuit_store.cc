#include "services/cases/store/lawsuit_store.h"

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
using record_sql::ListWhere;
using record_sql::OptionalYmd;
using record_sql::Order;
using record_sql::ReadCreated;
using record_sql::StampsFromRow;
using record_sql::UpdateVersioned;
using record_sql::Ymd;

constexpr char kLawsuitTarget[] = "lawsuit";

constexpr absl::string_view kLawsuitColumns =
    "id, court_case_number, court, plaintiff, plaintiff_organisation, defendant_department_id, "
    "government_defendant, case_id, reconsideration_id, filed_ymd, outcome, judgment_ymd";

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
                        Placeholders(suits.size()), ") ORDER BY lawsuit_id, seq"),
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

absl::StatusOr<Lawsuit> LawsuitStore::CreateLawsuit(const Lawsuit& suit,
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
                                 kStampColumns, ", create_request_id) VALUES (", Placeholders(19),
                                 ")"),
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

absl::StatusOr<std::optional<Lawsuit>> LawsuitStore::GetLawsuit(absl::string_view id) {
  return GetLawsuitWith(DbExec(*db_), id);
}

absl::StatusOr<Lawsuit> LawsuitStore::UpdateLawsuit(const Lawsuit& suit, int64_t expected_version,
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

absl::StatusOr<std::vector<Lawsuit>> LawsuitStore::ListLawsuits(
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

#include "services/cases/store/reconsideration_store.h"

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

constexpr char kReconsiderationTarget[] = "reconsideration";

constexpr absl::string_view kReconsiderationColumns =
    "id, body_department_id, respondent_department_id, case_id, applicant, request, "
    "application_ymd, simple_procedure, stage, examination_due_ymd, acceptance_ymd, "
    "not_accepted_reason, decision_due_ymd, extension_days, extension_reason, outcome, "
    "decision_ymd, decision_summary, applicant_organisation, examination_due_pending, "
    "decision_due_pending, deemed_accepted";

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
  r.applicant_organisation = row.Bool(18);
  r.examination_due_pending = row.Bool(19);
  r.decision_due_pending = row.Bool(20);
  r.deemed_accepted = row.Bool(21);
  r.stamps = StampsFromRow(row, 22);
  return r;
}

audit::Fields ReconsiderationFields(const Reconsideration& r) {
  auto day = [](const std::optional<absl::CivilDay>& d, bool pending = false) {
    return d ? absl::StrCat(time_util::FormatDay(*d), pending ? " (pending)" : "") : std::string();
  };
  return {{"body_department_id", r.body_department_id},
          {"respondent_department_id", r.respondent_department_id},
          {"case_id", r.case_id},
          {"applicant", r.applicant_organisation ? r.applicant : MaskPersonName(r.applicant)},
          {"applicant_organisation", r.applicant_organisation ? "true" : "false"},
          {"application_date", time_util::FormatDay(r.application_date)},
          {"simple_procedure", r.simple_procedure ? "true" : "false"},
          {"stage", std::string(ReconsiderationStageName(r.stage))},
          {"examination_due_date", day(r.examination_due_date, r.examination_due_pending)},
          {"acceptance_date", day(r.acceptance_date)},
          {"deemed_accepted", r.deemed_accepted ? "true" : "false"},
          {"not_accepted_reason", r.not_accepted_reason},
          {"decision_due_date", day(r.decision_due_date, r.decision_due_pending)},
          {"extension_days", absl::StrCat(r.extension_days)},
          {"extension_reason", r.extension_reason},
          {"outcome", absl::StrCat(static_cast<int>(r.outcome))},
          {"decision_date", day(r.decision_date)},
          {"decided_late", DecidedLate(r) ? "true" : "false"}};
}

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

absl::StatusOr<Reconsideration> ReconsiderationStore::CreateReconsideration(
    const Reconsideration& r, absl::string_view request_id, const audit::AuditContext& audit) {
  absl::StatusOr<std::string> created = CreateOnce(
      *db_, "reconsiderations", request_id, r.id, [&](db::Connection& conn) -> absl::Status {
        absl::Time now = absl::Now();
        absl::Status s =
            conn.Execute(absl::StrCat("INSERT INTO reconsiderations (", kReconsiderationColumns,
                                      ", application_year, ", kStampColumns,
                                      ", create_request_id) VALUES (", Placeholders(29), ")"),
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
                          int64_t{r.applicant_organisation},
                          int64_t{r.examination_due_pending},
                          int64_t{r.decision_due_pending},
                          int64_t{r.deemed_accepted},
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

absl::StatusOr<std::optional<Reconsideration>> ReconsiderationStore::GetReconsideration(
    absl::string_view id) {
  return GetReconsiderationWith(DbExec(*db_), id);
}

absl::StatusOr<Reconsideration> ReconsiderationStore::UpdateReconsideration(
    const Reconsideration& r, int64_t expected_version, absl::string_view action,
    const audit::AuditContext& audit) {
  return UpdateVersioned<Reconsideration>(
      *db_, "reconsiderations", "reconsideration", r.id, expected_version, audit,
      &GetReconsiderationWith,
      [&](db::Connection& conn, const Reconsideration& before, absl::Time now) -> absl::Status {
        absl::Status s =
            conn.Execute(
                    "UPDATE reconsiderations SET stage = ?, acceptance_ymd = ?, "
                    "not_accepted_reason = ?, decision_due_ymd = ?, extension_days = ?, "
                    "extension_reason = ?, outcome = ?, decision_ymd = ?, decision_summary = ?, "
                    "examination_due_ymd = ?, examination_due_pending = ?, "
                    "decision_due_pending = ?, deemed_accepted = ? WHERE id = ?",
                    {int64_t{static_cast<int>(r.stage)}, OptionalYmd(r.acceptance_date),
                     db::TextOrNull(r.not_accepted_reason), OptionalYmd(r.decision_due_date),
                     int64_t{r.extension_days}, db::TextOrNull(r.extension_reason),
                     int64_t{static_cast<int>(r.outcome)}, OptionalYmd(r.decision_date),
                     db::TextOrNull(r.decision_summary), Ymd(r.examination_due_date),
                     int64_t{r.examination_due_pending}, int64_t{r.decision_due_pending},
                     int64_t{r.deemed_accepted}, r.id})
                .status();
        if (!s.ok()) return s;
        s = audit::Write(conn, audit, kReconsiderationTarget, r.id, action,
                         audit::ChangeJson(ReconsiderationFields(before), ReconsiderationFields(r)),
                         now);
        return s;
      });
}

absl::StatusOr<std::vector<Reconsideration>> ReconsiderationStore::ListReconsiderations(
    const ReviewFilter& filter, ReconsiderationStage stage, absl::CivilDay as_of,
    const std::optional<DateCursor>& after, int limit) {
  std::vector<Value> params;
  std::string where = ListWhere(filter, {"body_department_id", "respondent_department_id"},
                                "application_year", "application_ymd", after, &params);
  auto stage_value = [](ReconsiderationStage s) { return int64_t{static_cast<int>(s)}; };
  // An application past its examination period is accepted by law (Art. 30), stored so or not.
  if (stage == ReconsiderationStage::kApplied) {
    absl::StrAppend(&where,
                    " AND stage = ? AND (examination_due_pending <> 0 OR "
                    "examination_due_ymd >= ?)");
    params.push_back(stage_value(stage));
    params.push_back(Ymd(as_of));
  } else if (stage == ReconsiderationStage::kAccepted) {
    absl::StrAppend(&where,
                    " AND (stage = ? OR (stage = ? AND examination_due_pending = 0 AND "
                    "examination_due_ymd < ?))");
    params.push_back(stage_value(stage));
    params.push_back(stage_value(ReconsiderationStage::kApplied));
    params.push_back(Ymd(as_of));
  } else if (stage != ReconsiderationStage::kUnspecified) {
    absl::StrAppend(&where, " AND stage = ?");
    params.push_back(stage_value(stage));
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

absl::StatusOr<std::vector<Reconsideration>> ReconsiderationStore::WithPendingDueDates(
    absl::string_view after_id, int limit) {
  absl::StatusOr<std::vector<std::string>> ids = record_sql::IdsWithAnyFlag(
      *db_, "reconsiderations", {"examination_due_pending", "decision_due_pending"}, after_id,
      limit);
  if (!ids.ok()) return ids.status();
  if (ids->empty()) return std::vector<Reconsideration>();
  std::vector<db::Value> params(ids->begin(), ids->end());
  params.push_back(int64_t{limit});
  absl::StatusOr<db::Result> result =
      db_->Execute(absl::StrCat("SELECT ", kReconsiderationColumns, ", ", kStampColumns,
                                " FROM reconsiderations WHERE id IN (", Placeholders(ids->size()),
                                ") ORDER BY id LIMIT ?"),
                   params);
  if (!result.ok()) return result.status();
  std::vector<Reconsideration> out;
  for (const db::Row& row : result->rows) out.push_back(ReconsiderationFromRow(row));
  return out;
}

absl::Status ReconsiderationStore::SetDueDates(const Reconsideration& r, absl::string_view action,
                                               const audit::AuditContext& audit) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<std::optional<Reconsideration>> before =
        GetReconsiderationWith(record_sql::ExecOn(conn), r.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return absl::NotFoundError(absl::StrCat("no reconsideration with id '", r.id, "'"));
    }
    absl::Status s =
        conn.Execute(
                "UPDATE reconsiderations SET examination_due_ymd = ?, "
                "examination_due_pending = ?, decision_due_ymd = ?, "
                "decision_due_pending = ? WHERE id = ?",
                {Ymd(r.examination_due_date), int64_t{r.examination_due_pending},
                 OptionalYmd(r.decision_due_date), int64_t{r.decision_due_pending}, r.id})
            .status();
    if (!s.ok()) return s;
    return audit::Write(
        conn, audit, kReconsiderationTarget, r.id, action,
        audit::ChangeJson(ReconsiderationFields(**before), ReconsiderationFields(r)), absl::Now());
  });
}

}  // namespace fazhi::cases

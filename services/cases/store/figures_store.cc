#include "services/cases/store/figures_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/db/fragment.h"
#include "services/cases/domain/case_rules.h"
#include "services/cases/domain/reconsideration.h"

namespace fazhi::cases {
namespace {

using db::Value;

constexpr size_t kUnitChunk = 500;

// One aggregate of a measure: its SQL with the parameters it binds, and the field it adds into.
struct Aggregate {
  db::Fragment sql;
  int64_t CaseFigures::*field;
};

// One aggregate statement over a table: its rows of the year by date_column, held by
// department_column, each aggregate adding into a field. Enum values and groupings in the SQL
// are bound parameters from the domain, never numbers written here.
struct Measure {
  std::string from;
  std::string department_column;
  std::string date_column;
  // The case's kind and decision outcome columns; empty for records without them.
  std::string kind_column;
  std::string outcome_column;
  db::Fragment extra_condition;  // ANDed when not empty
  std::vector<Aggregate> aggregates;
  // The covering index of migration 0130 that MariaDB is told to read (see Summarize), or "".
  std::string mysql_index = "";
};

db::Fragment Sql(absl::string_view sql) { return db::Fragment{std::string(sql), {}}; }

// Reconsiderations decided in the year, counted by the report's outcome group.
Aggregate DecidedIn(OutcomeGroup group, int64_t CaseFigures::*field) {
  return {db::CountWhen(db::In("outcome", OutcomesIn(group))), field};
}

const std::vector<Measure>& Measures() {
  static const auto* measures = new std::vector<Measure>{
      {"enforcement_cases",
       "department_id",
       "filed_ymd",
       "kind",
       "decision_outcome",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::cases_filed},
        {db::CountWhen(db::Equals("kind", CaseKind::kCoerciveMeasure)), &CaseFigures::seizures},
        {db::CountWhen(Sql("(decision_due_pending <> 0 OR disclosure_due_pending <> 0)")),
         &CaseFigures::pending_due_dates}},
       "ix_enforcement_cases_filed_figures"},
      {"enforcement_cases",
       "department_id",
       "decision_ymd",
       "kind",
       "decision_outcome",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::decisions},
        {db::CountWhen(db::Join({db::Equals("kind", CaseKind::kPenalty),
                                 db::In("decision_outcome", PenaltyOutcomes())},
                                " AND ")),
         &CaseFigures::penalty_decisions},
        {Sql("SUM(collected_fen)"), &CaseFigures::fines_collected_fen},
        // The decision's fines are kept on the case row (fined_fen, migration 0130) rather than
        // summed over case_sanctions: that join read one sanction row per decision at random.
        {Sql("SUM(fined_fen)"), &CaseFigures::fines_imposed_fen}},
       "ix_enforcement_cases_decided_figures"},
      {"enforcement_cases",
       "department_id",
       "transfer_ymd",
       "kind",
       "decision_outcome",
       {},
       {{db::CountWhen(db::Equals("transfer_destination", TransferDestination::kPoliceDetention)),
         &CaseFigures::transfers_police_detention},
        {db::CountWhen(db::Equals("transfer_destination", TransferDestination::kPoliceCriminal)),
         &CaseFigures::transfers_police_criminal},
        {db::CountWhen(db::Equals("transfer_destination", TransferDestination::kJudiciary)),
         &CaseFigures::transfers_judiciary},
        {db::CountWhen(db::Equals("transfer_destination", TransferDestination::kOtherAgency)),
         &CaseFigures::transfers_other}},
       "ix_enforcement_cases_transfer_figures"},
      {"major_case_filings",
       "department_id",
       "filed_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::major_filings_received}}},
      {"major_case_filings",
       "department_id",
       "review_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::major_filings_reviewed}}},
      {"case_file_reviews",
       "department_id",
       "review_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::case_files_reviewed}}},
      {"complaints",
       "department_id",
       "received_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::complaints_handled}}},
      {"complaints",
       "department_id",
       "letter_issued_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::supervision_letters}}},
      // Not accepted (refused at examination) concludes in its application's year: a refusal has
      // no date of its own.
      {"reconsiderations",
       "body_department_id",
       "application_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::reconsiderations_received},
        {db::CountWhen(Sql("(examination_due_pending <> 0 OR decision_due_pending <> 0)")),
         &CaseFigures::pending_due_dates},
        {db::CountWhen(db::Equals("stage", ReconsiderationStage::kNotAccepted)),
         &CaseFigures::reconsiderations_not_accepted},
        {db::CountWhen(db::Equals("stage", ReconsiderationStage::kNotAccepted)),
         &CaseFigures::reconsiderations_concluded}}},
      // Decided ones by domain/reconsideration.h's OutcomeGroup.
      {"reconsiderations",
       "body_department_id",
       "decision_ymd",
       "",
       "",
       db::Equals("stage", ReconsiderationStage::kDecided),
       {{Sql("COUNT(*)"), &CaseFigures::reconsiderations_concluded},
        DecidedIn(OutcomeGroup::kUpheld, &CaseFigures::reconsiderations_upheld),
        DecidedIn(OutcomeGroup::kCorrected, &CaseFigures::reconsiderations_corrected),
        DecidedIn(OutcomeGroup::kMediated, &CaseFigures::reconsiderations_mediated),
        DecidedIn(OutcomeGroup::kRejected, &CaseFigures::reconsiderations_rejected),
        DecidedIn(OutcomeGroup::kTerminated, &CaseFigures::reconsiderations_terminated)}},
      {"lawsuits",
       "defendant_department_id",
       "filed_ymd",
       "",
       "",
       {},
       {{db::CountWhen(Sql("government_defendant <> 0")),
         &CaseFigures::lawsuits_government_defendant},
        {db::CountWhen(Sql("government_defendant = 0")),
         &CaseFigures::lawsuits_department_defendant}}},
      // 负责人出庭应诉 counts lawsuits, not hearings: a suit whose head appeared at several
      // hearings is one, dated by the head's first appearance.
      {"lawsuits l JOIN (SELECT lawsuit_id, MIN(hearing_ymd) AS first_ymd FROM lawsuit_hearings "
       "WHERE head_appeared <> 0 GROUP BY lawsuit_id) a ON a.lawsuit_id = l.id",
       "l.defendant_department_id",
       "a.first_ymd",
       "",
       "",
       {},
       {{Sql("COUNT(*)"), &CaseFigures::court_appearances}}},
  };
  return *measures;
}

std::string KindName(int64_t kind) {
  switch (static_cast<CaseKind>(kind)) {
    case CaseKind::kPenalty:
      return "penalty";
    case CaseKind::kCoerciveMeasure:
      return "coercive_measure";
    case CaseKind::kInspection:
      return "inspection";
    case CaseKind::kLicensing:
      return "licensing";
    case CaseKind::kUnspecified:
      break;
  }
  return absl::StrCat("kind_", kind);
}

std::string OutcomeName(int64_t outcome) {
  switch (static_cast<DecisionOutcome>(outcome)) {
    case DecisionOutcome::kUnspecified:
      return "undecided";
    case DecisionOutcome::kPenalty:
      return "penalty";
    case DecisionOutcome::kNoPenalty:
      return "no_penalty";
    case DecisionOutcome::kLighter:
      return "lighter";
    case DecisionOutcome::kReduced:
      return "reduced";
    case DecisionOutcome::kGranted:
      return "granted";
    case DecisionOutcome::kRefused:
      return "refused";
  }
  return absl::StrCat("outcome_", outcome);
}

// The group expression of a measure, or "" when the whole chunk is one group (named fixed).
std::string GroupExpression(const Measure& m, FigureGroup group, std::string* fixed) {
  switch (group) {
    case FigureGroup::kTotal:
      *fixed = "";
      return "";
    case FigureGroup::kDepartment:
      return m.department_column;
    case FigureGroup::kKind:
      *fixed = "other";
      return m.kind_column;
    case FigureGroup::kOutcome:
      *fixed = "other";
      return m.outcome_column;
    case FigureGroup::kMonth:
      // yyyymm00: integer arithmetic that SQLite and MariaDB share.
      return absl::StrCat("(", m.date_column, " - ", m.date_column, " % 100)");
  }
  return "";
}

std::string GroupName(FigureGroup group, const db::Row& row) {
  switch (group) {
    case FigureGroup::kDepartment:
      return row.Text(0);
    case FigureGroup::kKind:
      return KindName(row.Int(0));
    case FigureGroup::kOutcome:
      return OutcomeName(row.Int(0));
    case FigureGroup::kMonth: {
      int64_t yyyymm = row.Int(0) / 100;
      return absl::StrFormat("%04d-%02d", yyyymm / 100, yyyymm % 100);
    }
    case FigureGroup::kTotal:
      break;
  }
  return "";
}

}  // namespace

absl::StatusOr<std::map<std::string, CaseFigures>> FiguresStore::Summarize(
    const std::vector<std::string>& department_ids, int year, FigureGroup group) {
  const int64_t first = int64_t{year} * 10000 + 101;
  const int64_t last = int64_t{year} * 10000 + 1231;
  // MariaDB estimates a year of a measure's covering index at twice the entries it holds (at
  // 10^6 cases: 408,000 of 975,000 rows, for 200,000), close enough to a full scan's cost that
  // the same statement with the same parameters read the index (0.1-0.3 s) on its first call or
  // two and scanned the wide rows (0.6-1.4 s) on the later ones (the scale benchmark's slow log).
  // The index is named; it is never the worse plan, holding only the measure's columns.
  const bool mysql = db_->dialect() == db::Dialect::kMysql;
  auto index_hint = [&](const Measure& m) {
    return mysql && !m.mysql_index.empty() ? absl::StrCat(" FORCE INDEX (", m.mysql_index, ")")
                                           : std::string();
  };
  std::map<std::string, CaseFigures> out;
  for (const Measure& m : Measures()) {
    std::string fixed;
    std::string expression = GroupExpression(m, group, &fixed);
    std::vector<db::Fragment> aggregates;
    for (const Aggregate& a : m.aggregates) aggregates.push_back(a.sql);
    db::Fragment select = db::Join(aggregates, ", ");
    for (size_t start = 0; start < department_ids.size(); start += kUnitChunk) {
      size_t n = std::min(kUnitChunk, department_ids.size() - start);
      // In the order of the statement's '?': aggregates, year, units, extra condition.
      std::vector<Value> params = select.params;
      params.push_back(first);
      params.push_back(last);
      for (size_t i = start; i < start + n; ++i) params.push_back(department_ids[i]);
      params.insert(params.end(), m.extra_condition.params.begin(), m.extra_condition.params.end());
      std::string sql = absl::StrCat(
          "SELECT ", expression.empty() ? "0" : expression, ", ", select.sql, " FROM ", m.from,
          index_hint(m), " WHERE ", m.date_column, " >= ? AND ", m.date_column, " <= ? AND ",
          m.department_column, " IN (", db::Placeholders(n), ")",
          m.extra_condition.sql.empty() ? "" : absl::StrCat(" AND ", m.extra_condition.sql),
          expression.empty() ? "" : absl::StrCat(" GROUP BY ", expression));
      absl::StatusOr<db::Result> result = db_->Execute(sql, params);
      if (!result.ok()) return result.status();
      for (const db::Row& row : result->rows) {
        CaseFigures partial;
        for (size_t i = 0; i < m.aggregates.size(); ++i) {
          partial.*(m.aggregates[i].field) += row.Int(i + 1);
        }
        if (AllZero(partial)) continue;
        AddFigures(partial, out[expression.empty() ? fixed : GroupName(group, row)]);
      }
    }
  }
  if (group == FigureGroup::kTotal) out.try_emplace("");
  return out;
}

}  // namespace fazhi::cases

#include "services/cases/store/figures_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace fazhi::cases {
namespace {

using db::Value;

constexpr size_t kUnitChunk = 500;

// One aggregate statement over a table: its rows of the year by date_column, held by
// department_column, each aggregate adding into a field.
struct Measure {
  std::string from;
  std::string department_column;
  std::string date_column;
  // The case's kind and decision outcome columns; empty for records without them.
  std::string kind_column;
  std::string outcome_column;
  std::string extra_condition;  // ANDed, no parameters
  std::vector<std::pair<std::string, int64_t CaseFigures::*>> aggregates;
};

std::string SumWhen(absl::string_view condition) {
  return absl::StrCat("SUM(CASE WHEN ", condition, " THEN 1 ELSE 0 END)");
}

const std::vector<Measure>& Measures() {
  static const auto* measures = new std::vector<Measure>{
      {"enforcement_cases",
       "department_id",
       "filed_ymd",
       "kind",
       "decision_outcome",
       "",
       {{"COUNT(*)", &CaseFigures::cases_filed}, {SumWhen("kind = 2"), &CaseFigures::seizures}}},
      {"enforcement_cases",
       "department_id",
       "decision_ymd",
       "kind",
       "decision_outcome",
       "",
       {{"COUNT(*)", &CaseFigures::decisions},
        {SumWhen("kind = 1 AND decision_outcome IN (1, 3, 4)"), &CaseFigures::penalty_decisions},
        {"SUM(collected_fen)", &CaseFigures::fines_collected_fen}}},
      {"enforcement_cases c JOIN case_sanctions s ON s.case_id = c.id",
       "c.department_id",
       "c.decision_ymd",
       "c.kind",
       "c.decision_outcome",
       "s.sanction_type = 2",
       {{"SUM(s.amount_fen)", &CaseFigures::fines_imposed_fen}}},
      {"enforcement_cases",
       "department_id",
       "transfer_ymd",
       "kind",
       "decision_outcome",
       "",
       {{SumWhen("transfer_destination = 1"), &CaseFigures::transfers_police_detention},
        {SumWhen("transfer_destination = 2"), &CaseFigures::transfers_police_criminal},
        {SumWhen("transfer_destination = 3"), &CaseFigures::transfers_judiciary},
        {SumWhen("transfer_destination = 4"), &CaseFigures::transfers_other}}},
      {"major_case_filings",
       "department_id",
       "filed_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::major_filings_received}}},
      {"major_case_filings",
       "department_id",
       "review_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::major_filings_reviewed}}},
      {"case_file_reviews",
       "department_id",
       "review_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::case_files_reviewed}}},
      {"complaints",
       "department_id",
       "received_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::complaints_handled}}},
      {"complaints",
       "department_id",
       "letter_issued_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::supervision_letters}}},
      // Stage 3 is NOT_ACCEPTED: concluded in its application's year (a refusal has no date).
      {"reconsiderations",
       "body_department_id",
       "application_ymd",
       "",
       "",
       "",
       {{"COUNT(*)", &CaseFigures::reconsiderations_received},
        {SumWhen("stage = 3"), &CaseFigures::reconsiderations_not_accepted},
        {SumWhen("stage = 3"), &CaseFigures::reconsiderations_concluded}}},
      // Stage 4 is DECIDED; outcomes grouped as domain/reconsideration.h's OutcomeGroup.
      {"reconsiderations",
       "body_department_id",
       "decision_ymd",
       "",
       "",
       "stage = 4",
       {{"COUNT(*)", &CaseFigures::reconsiderations_concluded},
        {SumWhen("outcome = 1"), &CaseFigures::reconsiderations_upheld},
        {SumWhen("outcome IN (2, 3, 4, 5)"), &CaseFigures::reconsiderations_corrected},
        {SumWhen("outcome IN (6, 7)"), &CaseFigures::reconsiderations_mediated},
        {SumWhen("outcome = 8"), &CaseFigures::reconsiderations_rejected},
        {SumWhen("outcome = 9"), &CaseFigures::reconsiderations_terminated}}},
      {"lawsuits",
       "defendant_department_id",
       "filed_ymd",
       "",
       "",
       "",
       {{SumWhen("government_defendant <> 0"), &CaseFigures::lawsuits_government_defendant},
        {SumWhen("government_defendant = 0"), &CaseFigures::lawsuits_department_defendant}}},
      {"lawsuits l JOIN lawsuit_hearings h ON h.lawsuit_id = l.id",
       "l.defendant_department_id",
       "h.hearing_ymd",
       "",
       "",
       "h.head_appeared <> 0",
       {{"COUNT(*)", &CaseFigures::court_appearances}}},
  };
  return *measures;
}

std::string KindName(int64_t kind) {
  switch (kind) {
    case 1:
      return "penalty";
    case 2:
      return "coercive_measure";
    case 3:
      return "inspection";
    case 4:
      return "licensing";
    default:
      return absl::StrCat("kind_", kind);
  }
}

std::string OutcomeName(int64_t outcome) {
  switch (outcome) {
    case 0:
      return "undecided";
    case 1:
      return "penalty";
    case 2:
      return "no_penalty";
    case 3:
      return "lighter";
    case 4:
      return "reduced";
    case 5:
      return "granted";
    case 6:
      return "refused";
    default:
      return absl::StrCat("outcome_", outcome);
  }
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
  std::map<std::string, CaseFigures> out;
  const int64_t first = int64_t{year} * 10000 + 101;
  const int64_t last = int64_t{year} * 10000 + 1231;
  for (const Measure& m : Measures()) {
    std::string fixed;
    std::string expression = GroupExpression(m, group, &fixed);
    std::vector<std::string> aggregates;
    for (const auto& [sql, field] : m.aggregates) aggregates.push_back(sql);
    for (size_t start = 0; start < department_ids.size(); start += kUnitChunk) {
      size_t n = std::min(kUnitChunk, department_ids.size() - start);
      std::vector<Value> params = {first, last};
      for (size_t i = start; i < start + n; ++i) params.push_back(department_ids[i]);
      std::string sql = absl::StrCat(
          "SELECT ", expression.empty() ? "0" : expression, ", ", absl::StrJoin(aggregates, ", "),
          " FROM ", m.from, " WHERE ", m.date_column, " >= ? AND ", m.date_column, " <= ? AND ",
          m.department_column, " IN (", absl::StrJoin(std::vector<std::string>(n, "?"), ", "), ")",
          m.extra_condition.empty() ? "" : absl::StrCat(" AND ", m.extra_condition),
          expression.empty() ? "" : absl::StrCat(" GROUP BY ", expression));
      absl::StatusOr<db::Result> result = db_->Execute(sql, params);
      if (!result.ok()) return result.status();
      for (const db::Row& row : result->rows) {
        CaseFigures partial;
        for (size_t i = 0; i < m.aggregates.size(); ++i) {
          partial.*(m.aggregates[i].second) += row.Int(i + 1);
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

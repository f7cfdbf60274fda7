#include "services/cases/domain/figures.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace fazhi::cases {
namespace {

uint64_t Fnv1a(uint64_t hash, absl::string_view bytes) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

constexpr uint64_t kFnvOffset = 14695981039346656037ULL;

}  // namespace

void AddFigures(const CaseFigures& from, CaseFigures& into) {
  for (int64_t CaseFigures::*field : kAllFigures) into.*field += from.*field;
}

bool AllZero(const CaseFigures& f) {
  for (int64_t CaseFigures::*field : kAllFigures) {
    if (f.*field != 0) return false;
  }
  return true;
}

const std::vector<FigureIndicator>& FigureIndicators() {
  static const auto* mapping = new std::vector<FigureIndicator>{
      {"enforcement.cases_filed", &CaseFigures::cases_filed},
      {"enforcement.penalty_decisions", &CaseFigures::penalty_decisions},
      {"enforcement.fines_imposed_fen", &CaseFigures::fines_imposed_fen},
      {"enforcement.fines_collected_fen", &CaseFigures::fines_collected_fen},
      {"enforcement.seizures", &CaseFigures::seizures},
      {"enforcement.transfers_detention", &CaseFigures::transfers_police_detention},
      {"enforcement.transfers_criminal", &CaseFigures::transfers_police_criminal},
      {"supervision.major_penalty_filings_received", &CaseFigures::major_filings_received},
      {"supervision.major_penalty_filings_reviewed", &CaseFigures::major_filings_reviewed},
      {"supervision.case_files_reviewed", &CaseFigures::case_files_reviewed},
      {"supervision.complaints_handled", &CaseFigures::complaints_handled},
      {"supervision.letters_issued", &CaseFigures::supervision_letters},
      {"reconsideration.received", &CaseFigures::reconsiderations_received},
      {"reconsideration.concluded", &CaseFigures::reconsiderations_concluded},
      {"reconsideration.upheld", &CaseFigures::reconsiderations_upheld},
      {"reconsideration.corrected", &CaseFigures::reconsiderations_corrected},
      {"reconsideration.mediated", &CaseFigures::reconsiderations_mediated},
      {"reconsideration.not_accepted", &CaseFigures::reconsiderations_not_accepted},
      {"reconsideration.rejected", &CaseFigures::reconsiderations_rejected},
      {"reconsideration.terminated", &CaseFigures::reconsiderations_terminated},
      {"litigation.government_defendant", &CaseFigures::lawsuits_government_defendant},
      {"litigation.department_defendant", &CaseFigures::lawsuits_department_defendant},
      {"litigation.head_appearances", &CaseFigures::court_appearances},
  };
  return *mapping;
}

std::vector<FigurePoint> PointsFor(absl::string_view department_id, const CaseFigures& figures) {
  std::vector<FigurePoint> out;
  bool any = false;
  for (const FigureIndicator& m : FigureIndicators()) any = any || figures.*(m.field) != 0;
  if (!any) return out;
  for (const FigureIndicator& m : FigureIndicators()) {
    out.push_back(
        FigurePoint{std::string(m.indicator_code), std::string(department_id), figures.*(m.field)});
  }
  return out;
}

std::string SyncRequestId(int year, absl::string_view department_id,
                          const std::vector<FigurePoint>& points) {
  uint64_t unit = Fnv1a(kFnvOffset, department_id);
  uint64_t figures = kFnvOffset;
  for (const FigurePoint& p : points) {
    // Length-prefixed fields, so no two different lists hash the same text.
    figures = Fnv1a(figures,
                    absl::StrCat(p.indicator_code.size(), ":", p.indicator_code,
                                 p.department_id.size(), ":", p.department_id, "=", p.value, ";"));
  }
  return absl::StrFormat("cases-%d-%016x-%016x", year, unit, figures);
}

}  // namespace fazhi::cases

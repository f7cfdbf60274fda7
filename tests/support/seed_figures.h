#ifndef FAZHI_TESTS_SUPPORT_SEED_FIGURES_H_
#define FAZHI_TESTS_SUPPORT_SEED_FIGURES_H_

// The seed report's 2021 city figures that the validation rules check, as the report states them,
// slips included (145 concluded but 55 + 32 + 44 + 9 = 140; 2057 of 6157 stated as 33.7%; 406
// legality reviews but 177 + 35 + 85 + 67 = 364). Header-only, for unit and integration tests.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fazhi::testing {

inline const std::vector<std::pair<std::string, int64_t>>& SeedFigureValues() {
  static const auto* values = new std::vector<std::pair<std::string, int64_t>>{
      {"reconsideration.received", 159},
      {"reconsideration.concluded", 145},
      {"reconsideration.upheld", 55},
      {"reconsideration.corrected", 32},
      {"reconsideration.mediated", 44},
      {"reconsideration.not_accepted", 9},
      {"litigation.government_defendant", 11},
      {"litigation.department_defendant", 122},
      {"litigation.head_appearances", 55},
      {"mediation.disputes", 10067},
      {"mediation.successful", 9966},
      {"mediation.success_rate_bp", 9900},
      {"mediation.court_referred", 6157},
      {"mediation.court_referred_successful", 2057},
      {"mediation.court_referred_rate_bp", 3370},
      {"audit.projects", 42},
      {"audit.projects_national", 7},
      {"audit.projects_provincial", 13},
      {"audit.projects_municipal", 22},
      {"legality_review.total", 406},
      {"legality_review.executive_meeting_topics", 177},
      {"legality_review.director_meeting_topics", 35},
      {"legality_review.documents", 85},
      {"legality_review.other_matters", 67},
      {"supervision.major_penalty_filings_received", 123},
      {"supervision.major_penalty_filings_reviewed", 112},
      {"environment.fines_imposed_fen", 1500000000},
      {"environment.fines_collected_fen", 500000000},
  };
  return *values;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_SEED_FIGURES_H_

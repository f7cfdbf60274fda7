#ifndef FAZHI_SERVICES_REPORTS_CLIENTS_FIGURE_CLIENT_H_
#define FAZHI_SERVICES_REPORTS_CLIENTS_FIGURE_CLIENT_H_

// FigureService over the statistics service (StatisticsService: Aggregate, GetIndicator,
// RunValidation, GetCompleteness, ListPeriodLocks, LockPeriod) and the cases service
// (CaseFiguresService.SummarizeCases), over one channel to each made once, whose calls carry this
// service's bearer token (re-read from its file when it changes) and are bounded by the caller's
// deadline and cancelled with the caller's call (grpc_util::OutboundContext).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/grpc/tls.h"
#include "fazhi/cases/v1/figures.grpc.pb.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/reports/app/ports.h"

namespace fazhi::reports {

struct StatisticsClientOptions {
  std::string address;
  grpc_util::TlsFiles tls;
  std::string token_file;
  absl::Duration call_timeout = absl::Seconds(10);
  // How long an indicator the catalogue was seen to have is taken to exist without asking again:
  // the catalogue rarely changes and a clerk saves sections often. Absences are never cached, so
  // an indicator just created is found at once.
  absl::Duration indicator_cache_ttl = absl::Minutes(5);
};

struct CasesClientOptions {
  std::string address;
  grpc_util::TlsFiles tls;
  std::string token_file;
  absl::Duration call_timeout = absl::Seconds(10);
};

class FigureClient final : public FigureService {
 public:
  FigureClient(StatisticsClientOptions statistics, CasesClientOptions cases);

  // One Aggregate call per unit (per 100 codes, the service's limit) for the year (period type
  // YEAR) over the unit's subtree, carrying all of that unit's codes. A ratio indicator's value
  // is its rate in basis points (3370 for 33.7%), rounded half up by the statistics service;
  // has_value is false when its denominator is 0 or absent. NOT_FOUND naming the code when the
  // catalogue has no such indicator, NOT_FOUND naming the unit when the registry has none.
  absl::StatusOr<std::map<std::string, FigureAnswer>> IndicatorValues(
      int year, const std::vector<std::pair<std::string, std::string>>& code_and_unit) override;
  // The subtree's ungrouped CaseSummary, every integer field by its proto field name (read from
  // the message's descriptor, so a field the cases service adds is picked up without a change
  // here), 0 for a field with nothing to count.
  absl::StatusOr<std::map<std::string, int64_t>> CaseFigures(int year,
                                                             absl::string_view unit) override;
  // GetIndicator: NOT_FOUND (or a code malformed for the catalogue, INVALID_ARGUMENT) is false.
  absl::StatusOr<bool> IndicatorExists(absl::string_view code) override;
  // The year's violations over the unit's subtree.
  absl::StatusOr<std::vector<RuleViolation>> RunValidation(int year,
                                                           absl::string_view unit) override;
  // The year's completeness over the unit's subtree as of the day; units_missing lists the
  // units with a figure missing, in the statistics service's order.
  absl::StatusOr<CompletenessAnswer> Completeness(int year, absl::string_view unit,
                                                  absl::CivilDay as_of) override;
  // Locks the year for the unit's subtree unless a lock of that very unit is in force already
  // (so a retried or repeated approval adds no second lock); ALREADY_EXISTS from LockPeriod
  // counts as success too.
  absl::Status LockYear(int year, absl::string_view unit, absl::string_view reason) override;

 private:
  // Remembers that the catalogue has code, for indicator_cache_ttl.
  void RememberIndicator(const std::string& code);
  // After Aggregate refused codes: NOT_FOUND naming the first the catalogue lacks, if any.
  absl::Status FindUnknownCode(const std::vector<std::string>& codes);

  StatisticsClientOptions statistics_options_;
  CasesClientOptions cases_options_;
  std::unique_ptr<statistics::v1::StatisticsService::Stub> statistics_;
  std::unique_ptr<cases::v1::CaseFiguresService::Stub> cases_;

  std::mutex mu_;
  // Indicator code to the time its existence was last confirmed.
  std::map<std::string, absl::Time, std::less<>> known_indicators_;
};

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_CLIENTS_FIGURE_CLIENT_H_

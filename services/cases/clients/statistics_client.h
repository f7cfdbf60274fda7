#ifndef FAZHI_SERVICES_CASES_CLIENTS_STATISTICS_CLIENT_H_
#define FAZHI_SERVICES_CASES_CLIENTS_STATISTICS_CLIENT_H_

// Writes case figures into the statistics service (StatisticsService.SubmitDataPoints, source
// "cases"), with a deadline on every call, over one channel made once whose calls carry this
// service's bearer token, re-read from its file when the file changes, as the department
// clients do.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/grpc/tls.h"
#include "fazhi/statistics/v1/statistics.grpc.pb.h"
#include "services/cases/app/case_figures.h"
#include "services/cases/domain/figures.h"

namespace fazhi::cases {

struct StatisticsClientOptions {
  std::string address;
  grpc_util::TlsFiles tls;
  std::string token_file;
  absl::Duration call_timeout = absl::Seconds(30);
};

class StatisticsClient final : public FigureSubmitter {
 public:
  explicit StatisticsClient(StatisticsClientOptions options);

  // One all-or-nothing submission of the points for period year under request_id.
  // UNAVAILABLE when the statistics service cannot be reached; its own refusals (a locked
  // period, say) come back as FAILED_PRECONDITION with its message.
  absl::StatusOr<SubmitResult> Submit(int year, const std::string& request_id,
                                      const std::vector<FigurePoint>& points) override;

 private:
  StatisticsClientOptions options_;
  std::unique_ptr<statistics::v1::StatisticsService::Stub> stub_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_CLIENTS_STATISTICS_CLIENT_H_

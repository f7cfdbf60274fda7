#ifndef FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_
#define FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_

// What the statistics use cases' unit tests share: their callers, made one way, and the one
// catalogue entry they add to the shipped ones.

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/app/caller.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::testing {

// subject, an admin, calling rpc at now (request id "req").
inline app::Caller AdminCaller(absl::string_view subject, absl::string_view rpc, absl::Time now) {
  auth::Principal p;
  p.subject = std::string(subject);
  p.roles = {auth::Role::kAdmin};
  return app::Caller{audit::AuditContext{std::string(subject), std::string(rpc), "req"}, p, now};
}

// 调解成功率, the ratio of mediation.successful over mediation.disputes, as the domain has it. Not
// shipped: the integration tests create it too (tests/support MediationSuccessRate).
inline statistics::Indicator SuccessRateIndicator() {
  statistics::Indicator i;
  i.code = "mediation.success_rate";
  i.name = "调解成功率";
  i.unit = "%";
  i.value_type = statistics::ValueType::kRatio;
  i.aggregation = statistics::Aggregation::kSum;
  i.period_types = {time_util::PeriodType::kYear};
  i.report_section = "一（七）";
  i.numerator_code = "mediation.successful";
  i.denominator_code = "mediation.disputes";
  return i;
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_

#ifndef FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_
#define FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_

// What the statistics use cases' unit tests share: their callers, made one way, and the one
// catalogue entry they add to the shipped ones.

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/app/caller.h"
#include "common/directory/unit_directory.h"
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

// 济源市 and every unit named jiyuan-*, all directly under it.
class FlatJiyuanUnits : public directory::UnitDirectory {
 public:
  absl::StatusOr<std::optional<directory::Unit>> Find(absl::string_view id) override {
    if (id != "jiyuan" && !absl::StartsWith(id, "jiyuan-")) return std::nullopt;
    return directory::Unit{std::string(id), id == "jiyuan" ? "" : "jiyuan", 0, true,
                           std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> Subtree(absl::string_view id) override {
    return std::vector<std::string>{std::string(id)};
  }
  absl::StatusOr<std::vector<std::string>> SelfAndAncestors(absl::string_view id) override {
    if (id == "jiyuan") return std::vector<std::string>{"jiyuan"};
    return std::vector<std::string>{std::string(id), "jiyuan"};
  }
};

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_STATISTICS_APP_SUPPORT_H_

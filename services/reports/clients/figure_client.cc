#include "services/reports/clients/figure_client.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/api/paging.h"
#include "common/api/proto_time.h"
#include "common/grpc/client.h"
#include "services/reports/clients/call_status.h"

namespace fazhi::reports {
namespace {

namespace spb = ::fazhi::statistics::v1;
namespace cpb = ::fazhi::cases::v1;

constexpr absl::string_view kStatistics = "statistics";
constexpr absl::string_view kCases = "cases";
// AggregateRequest takes at most this many indicator codes.
constexpr size_t kMaxCodesPerAggregate = 100;

common::v1::Period YearPeriod(int year) {
  common::v1::Period p;
  p.set_type(common::v1::PERIOD_TYPE_YEAR);
  p.set_year(year);
  return p;
}

std::string Key(absl::string_view code, absl::string_view unit) {
  return absl::StrCat(code, "@", unit);
}

}  // namespace

FigureClient::FigureClient(StatisticsClientOptions statistics, CasesClientOptions cases)
    : statistics_options_(std::move(statistics)),
      cases_options_(std::move(cases)),
      statistics_(spb::StatisticsService::NewStub(grpc_util::MakeChannelWithTokenFile(
          statistics_options_.address, statistics_options_.tls, statistics_options_.token_file))),
      cases_(cpb::CaseFiguresService::NewStub(grpc_util::MakeChannelWithTokenFile(
          cases_options_.address, cases_options_.tls, cases_options_.token_file))) {}

absl::StatusOr<std::map<std::string, FigureAnswer>> FigureClient::IndicatorValues(
    int year, const std::vector<std::pair<std::string, std::string>>& code_and_unit) {
  // Unit to its distinct codes, so that one call carries all of a unit's codes.
  std::map<std::string, std::vector<std::string>> by_unit;
  std::set<std::pair<std::string, std::string>> seen;
  std::map<std::string, FigureAnswer> out;
  for (const auto& [code, unit] : code_and_unit) {
    out[Key(code, unit)] = FigureAnswer{};
    if (seen.insert({unit, code}).second) by_unit[unit].push_back(code);
  }
  for (const auto& [unit, codes] : by_unit) {
    for (size_t begin = 0; begin < codes.size(); begin += kMaxCodesPerAggregate) {
      std::vector<std::string> batch(
          codes.begin() + begin,
          codes.begin() + std::min(codes.size(), begin + kMaxCodesPerAggregate));
      spb::AggregateRequest request;
      for (const std::string& code : batch) request.add_indicator_codes(code);
      request.set_department_id(unit);
      request.set_include_descendants(true);
      *request.mutable_start() = YearPeriod(year);
      request.set_group_by(spb::GROUP_BY_UNSPECIFIED);
      std::unique_ptr<grpc::ClientContext> context =
          grpc_util::OutboundContext(statistics_options_.call_timeout);
      spb::AggregateResponse response;
      grpc::Status status = statistics_->Aggregate(context.get(), request, &response);
      if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
        // The service names an unknown code as a bad argument; the port promises NOT_FOUND.
        if (absl::Status s = FindUnknownCode(batch); !s.ok()) return s;
      }
      if (absl::Status s =
              FromCall(status, kStatistics, statistics_options_.address,
                       absl::StrCat("aggregate the ", year, " figures of unit '", unit, "'"));
          !s.ok()) {
        return s;
      }
      for (const spb::AggregateValue& v : response.values()) {
        RememberIndicator(v.indicator_code());
        FigureAnswer answer;
        answer.has_value = v.has_value();
        // Only a ratio carries a denominator, and it has a value only when that is positive.
        answer.value = v.has_value() && v.denominator() > 0 ? v.rate_basis_points() : v.value();
        out[Key(v.indicator_code(), unit)] = answer;
      }
    }
  }
  return out;
}

absl::StatusOr<std::map<std::string, int64_t>> FigureClient::CaseFigures(int year,
                                                                         absl::string_view unit) {
  cpb::SummarizeCasesRequest request;
  request.set_year(year);
  request.set_department_id(std::string(unit));
  request.set_include_descendants(true);
  request.set_group_by(cpb::SUMMARY_GROUP_BY_UNSPECIFIED);
  std::unique_ptr<grpc::ClientContext> context =
      grpc_util::OutboundContext(cases_options_.call_timeout);
  cpb::SummarizeCasesResponse response;
  grpc::Status status = cases_->SummarizeCases(context.get(), request, &response);
  if (absl::Status s =
          FromCall(status, kCases, cases_options_.address,
                   absl::StrCat("summarise the ", year, " cases of unit '", unit, "'"));
      !s.ok()) {
    return s;
  }
  // Ungrouped, the answer is the one total (group ""); none at all means nothing to count.
  cpb::CaseSummary total;
  for (const cpb::CaseSummary& s : response.summaries()) {
    if (s.group().empty()) total = s;
  }
  const google::protobuf::Descriptor* descriptor = total.GetDescriptor();
  const google::protobuf::Reflection* reflection = total.GetReflection();
  std::map<std::string, int64_t> out;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const google::protobuf::FieldDescriptor* field = descriptor->field(i);
    if (field->is_repeated()) continue;
    switch (field->cpp_type()) {
      case google::protobuf::FieldDescriptor::CPPTYPE_INT64:
        out[field->name()] = reflection->GetInt64(total, field);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_INT32:
        out[field->name()] = reflection->GetInt32(total, field);
        break;
      case google::protobuf::FieldDescriptor::CPPTYPE_UINT32:
        out[field->name()] = reflection->GetUInt32(total, field);
        break;
      default:
        // The group label and anything else that is not a count.
        break;
    }
  }
  return out;
}

absl::StatusOr<bool> FigureClient::IndicatorExists(absl::string_view code) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = known_indicators_.find(code);
    if (it != known_indicators_.end() &&
        absl::Now() - it->second < statistics_options_.indicator_cache_ttl) {
      return true;
    }
  }
  spb::GetIndicatorRequest request;
  request.set_code(std::string(code));
  std::unique_ptr<grpc::ClientContext> context =
      grpc_util::OutboundContext(statistics_options_.call_timeout);
  spb::Indicator response;
  grpc::Status status = statistics_->GetIndicator(context.get(), request, &response);
  if (status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) {
    // A malformed code is not in the catalogue either.
    return false;
  }
  if (absl::Status s = FromCall(status, kStatistics, statistics_options_.address,
                                absl::StrCat("look up indicator '", code, "'"));
      !s.ok()) {
    return s;
  }
  RememberIndicator(std::string(code));
  return true;
}

absl::StatusOr<std::vector<RuleViolation>> FigureClient::RunValidation(int year,
                                                                       absl::string_view unit) {
  spb::RunValidationRequest request;
  *request.mutable_period() = YearPeriod(year);
  request.set_department_id(std::string(unit));
  request.set_include_descendants(true);
  // The violations come a page at a time; a report is checked against all of them.
  request.mutable_page()->set_page_size(api::kMaxPageSize);
  std::vector<RuleViolation> out;
  do {
    std::unique_ptr<grpc::ClientContext> context =
        grpc_util::OutboundContext(statistics_options_.call_timeout);
    spb::RunValidationResponse response;
    grpc::Status status = statistics_->RunValidation(context.get(), request, &response);
    if (absl::Status s =
            FromCall(status, kStatistics, statistics_options_.address,
                     absl::StrCat("check the ", year, " figures of unit '", unit, "'"));
        !s.ok()) {
      return s;
    }
    for (const spb::RuleViolation& v : response.violations()) {
      out.push_back(RuleViolation{v.rule_id(), v.rule_name(), v.department_id(), v.message()});
    }
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  return out;
}

absl::StatusOr<CompletenessAnswer> FigureClient::Completeness(int year, absl::string_view unit,
                                                              absl::CivilDay as_of) {
  spb::GetCompletenessRequest request;
  *request.mutable_period() = YearPeriod(year);
  request.set_department_id(std::string(unit));
  request.set_include_descendants(true);
  *request.mutable_as_of() = api::DateToProto(as_of);
  // The units come a page at a time (the totals on every page); every missing unit is wanted.
  request.mutable_page()->set_page_size(api::kMaxPageSize);
  CompletenessAnswer out;
  do {
    std::unique_ptr<grpc::ClientContext> context =
        grpc_util::OutboundContext(statistics_options_.call_timeout);
    spb::GetCompletenessResponse response;
    grpc::Status status = statistics_->GetCompleteness(context.get(), request, &response);
    if (absl::Status s = FromCall(
            status, kStatistics, statistics_options_.address,
            absl::StrCat("read the completeness of the ", year, " figures of unit '", unit, "'"));
        !s.ok()) {
      return s;
    }
    out.expected = response.expected();
    out.received = response.received();
    out.on_time = response.on_time();
    out.late = response.late();
    out.missing = response.missing();
    for (const spb::UnitCompleteness& u : response.units()) {
      if (u.missing() > 0) out.units_missing.push_back(u.department_id());
    }
    request.mutable_page()->set_page_token(response.page().next_page_token());
  } while (!request.page().page_token().empty());
  return out;
}

absl::Status FigureClient::LockYear(int year, absl::string_view unit, absl::string_view reason) {
  {
    // Every page: the unit's lock may be on any of them.
    spb::ListPeriodLocksRequest request;
    *request.mutable_period() = YearPeriod(year);
    request.mutable_page()->set_page_size(1000);
    do {
      std::unique_ptr<grpc::ClientContext> context =
          grpc_util::OutboundContext(statistics_options_.call_timeout);
      spb::ListPeriodLocksResponse response;
      grpc::Status status = statistics_->ListPeriodLocks(context.get(), request, &response);
      if (absl::Status s = FromCall(status, kStatistics, statistics_options_.address,
                                    absl::StrCat("list the locks of ", year));
          !s.ok()) {
        return s;
      }
      for (const spb::PeriodLock& lock : response.locks()) {
        if (!lock.unlocked() && lock.department_id() == unit) return absl::OkStatus();
      }
      request.mutable_page()->set_page_token(response.page().next_page_token());
    } while (!request.page().page_token().empty());
  }
  spb::LockPeriodRequest request;
  *request.mutable_period() = YearPeriod(year);
  request.set_department_id(std::string(unit));
  request.set_reason(std::string(reason));
  std::unique_ptr<grpc::ClientContext> context =
      grpc_util::OutboundContext(statistics_options_.call_timeout);
  spb::PeriodLock response;
  grpc::Status status = statistics_->LockPeriod(context.get(), request, &response);
  // Locked by a concurrent caller between the look and the lock.
  if (status.error_code() == grpc::StatusCode::ALREADY_EXISTS) return absl::OkStatus();
  return FromCall(status, kStatistics, statistics_options_.address,
                  absl::StrCat("lock the ", year, " figures of unit '", unit, "'"));
}

void FigureClient::RememberIndicator(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  known_indicators_[code] = absl::Now();
}

absl::Status FigureClient::FindUnknownCode(const std::vector<std::string>& codes) {
  for (const std::string& code : codes) {
    absl::StatusOr<bool> exists = IndicatorExists(code);
    if (!exists.ok()) return exists.status();
    if (!*exists) {
      return absl::NotFoundError(
          absl::StrCat("indicator '", code, "': the statistics catalogue has no such indicator"));
    }
  }
  return absl::OkStatus();
}

}  // namespace fazhi::reports

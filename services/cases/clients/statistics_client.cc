#include "services/cases/clients/statistics_client.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/client.h"

namespace fazhi::cases {

namespace pb = ::fazhi::statistics::v1;

StatisticsClient::StatisticsClient(StatisticsClientOptions options)
    : options_(std::move(options)),
      stub_(pb::StatisticsService::NewStub(grpc_util::MakeChannelWithTokenFile(
          options_.address, options_.tls, options_.token_file))) {}

absl::StatusOr<SubmitResult> StatisticsClient::Submit(int year, const std::string& request_id,
                                                      const std::vector<FigurePoint>& points) {
  pb::SubmitDataPointsRequest request;
  request.mutable_options()->set_request_id(request_id);
  request.mutable_options()->set_mode(pb::IMPORT_MODE_UPSERT);
  request.mutable_options()->set_all_or_nothing(true);
  request.mutable_options()->set_source("cases");
  for (const FigurePoint& p : points) {
    pb::DataPoint* point = request.add_points();
    point->set_indicator_code(p.indicator_code);
    point->set_department_id(p.department_id);
    point->mutable_period()->set_type(common::v1::PERIOD_TYPE_YEAR);
    point->mutable_period()->set_year(year);
    point->set_value(p.value);
  }
  std::unique_ptr<grpc::ClientContext> context = grpc_util::OutboundContext(options_.call_timeout);
  pb::ImportSummary response;
  grpc::Status status = stub_->SubmitDataPoints(context.get(), request, &response);
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT ||
      status.error_code() == grpc::StatusCode::NOT_FOUND ||
      status.error_code() == grpc::StatusCode::FAILED_PRECONDITION ||
      status.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
    return absl::FailedPreconditionError(
        absl::StrCat("the statistics service refused the figures: ", status.error_message()));
  }
  if (!status.ok()) {
    return absl::UnavailableError(
        absl::StrCat("cannot write the figures to the statistics service at ", options_.address,
                     ": ", status.error_message()));
  }
  SubmitResult out;
  out.created = response.created();
  out.updated = response.updated();
  out.unchanged = response.unchanged();
  out.rejected = response.rejected();
  out.replayed = response.replayed();
  if (response.rejected_rows_size() > 0) {
    const pb::RejectedRow& row = response.rejected_rows(0);
    out.first_rejection = absl::StrCat(row.field(), ": ", row.reason());
  }
  return out;
}

}  // namespace fazhi::cases

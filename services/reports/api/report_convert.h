#ifndef FAZHI_SERVICES_REPORTS_API_REPORT_CONVERT_H_
#define FAZHI_SERVICES_REPORTS_API_REPORT_CONVERT_H_

// fazhi.reports.v1 messages to and from the domain. Checks of shape only (enum values, dates);
// the rules live in app/ and domain/.

#include "absl/status/statusor.h"
#include "fazhi/reports/v1/reports.pb.h"
#include "services/reports/app/reports_app.h"

namespace fazhi::reports {

absl::StatusOr<Template> TemplateFromProto(const v1::Template& t);
v1::Template TemplateToProto(const Template& t);

// Section numbers are generated here from the levels, never stored.
v1::Report ReportToProto(const Report& r, bool with_text);

absl::StatusOr<RenderFormat> RenderFormatFromProto(v1::RenderFormat format);
absl::StatusOr<std::vector<Channel>> ChannelsFromProto(
    const google::protobuf::RepeatedPtrField<v1::Channel>& channels);
absl::StatusOr<std::vector<DeliveryInput>> DeliveriesFromProto(
    const google::protobuf::RepeatedPtrField<v1::Delivery>& deliveries);
absl::StatusOr<std::optional<ReportState>> StateFromProto(v1::ReportState state);

v1::ResolvedFigure FigureToProto(const PublishedFigure& f);
// format: which content to carry (none when whole is false: lists carry no content).
v1::PublishedReport PublishedToProto(const PublishedVersion& p, RenderFormat format, bool whole);
v1::ConsistencyCheck CheckToProto(const ConsistencyCheck& check);
v1::GetComplianceResponse ComplianceToProto(const ComplianceSummary& summary);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_API_REPORT_CONVERT_H_

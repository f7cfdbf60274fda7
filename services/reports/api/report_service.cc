#include "services/reports/api/report_service.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/status.h"
#include "common/time/date.h"
#include "services/reports/api/report_convert.h"

namespace fazhi::reports {
namespace {

using grpc_util::ToGrpcStatus;

// Runs a change that answers with the report: the etag parsed first, the use case, the proto.
template <typename Fn>
grpc::Status ChangeReport(absl::string_view etag, v1::Report* response, Fn fn) {
  absl::StatusOr<int64_t> version = api::ParseEtag(etag, "etag");
  if (!version.ok()) return ToGrpcStatus(version.status());
  absl::StatusOr<Report> r = fn(grpc_util::CurrentCaller(), *version);
  if (!r.ok()) return ToGrpcStatus(r.status());
  *response = ReportToProto(*r, /*with_text=*/true);
  return grpc::Status::OK;
}

}  // namespace

grpc::ServerUnaryReactor* ReportServiceImpl::CreateTemplate(
    grpc::CallbackServerContext* context, const v1::CreateTemplateRequest* request,
    v1::Template* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Template> t = TemplateFromProto(request->template_());
    if (!t.ok()) return ToGrpcStatus(t.status());
    absl::StatusOr<Template> created = app_->CreateTemplate(grpc_util::CurrentCaller(), *t);
    if (!created.ok()) return ToGrpcStatus(created.status());
    *response = TemplateToProto(*created);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetTemplate(grpc::CallbackServerContext* context,
                                                         const v1::GetTemplateRequest* request,
                                                         v1::Template* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Template> t = app_->GetTemplate(request->id());
    if (!t.ok()) return ToGrpcStatus(t.status());
    *response = TemplateToProto(*t);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListTemplates(grpc::CallbackServerContext* context,
                                                           const v1::ListTemplatesRequest* request,
                                                           v1::ListTemplatesResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    constexpr absl::string_view kQuery = "ListTemplates";
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), kQuery, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    absl::StatusOr<std::vector<Template>> page =
        app_->ListTemplates(*cursor ? (**cursor)[0] : "", *page_size + 1);
    if (!page.ok()) return ToGrpcStatus(page.status());
    bool more = api::TrimToPage(*page, *page_size);
    for (const Template& t : *page) *response->add_templates() = TemplateToProto(t);
    if (more) {
      response->mutable_page()->set_next_page_token(
          page_tokens_->Encode(kQuery, {page->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::CreateReport(grpc::CallbackServerContext* context,
                                                          const v1::CreateReportRequest* request,
                                                          v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Report> r =
        app_->CreateReport(grpc_util::CurrentCaller(), request->department_id(), request->year(),
                           request->template_id(), request->request_id());
    if (!r.ok()) return ToGrpcStatus(r.status());
    *response = ReportToProto(*r, /*with_text=*/true);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetReport(grpc::CallbackServerContext* context,
                                                       const v1::GetReportRequest* request,
                                                       v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<Report> r = app_->GetReport(request->id());
    if (!r.ok()) return ToGrpcStatus(r.status());
    *response = ReportToProto(*r, /*with_text=*/true);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListReports(grpc::CallbackServerContext* context,
                                                         const v1::ListReportsRequest* request,
                                                         v1::ListReportsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    absl::StatusOr<std::optional<ReportState>> state = StateFromProto(request->state());
    if (!state.ok()) return ToGrpcStatus(state.status());
    std::string query = absl::StrCat("ListReports|", request->year(), "|", request->department_id(),
                                     "|", request->include_descendants(), "|", request->state());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 1);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    ReportListFilter filter{request->year(), request->department_id(),
                            request->include_descendants(), *state};
    absl::StatusOr<std::vector<Report>> page =
        app_->ListReports(filter, *cursor ? (**cursor)[0] : "", *page_size + 1);
    if (!page.ok()) return ToGrpcStatus(page.status());
    bool more = api::TrimToPage(*page, *page_size);
    for (const Report& r : *page) *response->add_reports() = ReportToProto(r, false);
    if (more) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(query, {page->back().id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::UpdateSection(grpc::CallbackServerContext* context,
                                                           const v1::UpdateSectionRequest* request,
                                                           v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->UpdateSection(caller, request->report_id(), request->section_key(),
                                 request->text(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::AddRecipient(grpc::CallbackServerContext* context,
                                                          const v1::AddRecipientRequest* request,
                                                          v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->AddRecipient(caller, request->report_id(), request->department_id(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::RemoveRecipient(
    grpc::CallbackServerContext* context, const v1::RemoveRecipientRequest* request,
    v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->RemoveRecipient(caller, request->report_id(), request->department_id(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PreviewReport(grpc::CallbackServerContext* context,
                                                           const v1::PreviewReportRequest* request,
                                                           v1::RenderedReport* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<RenderFormat> format = RenderFormatFromProto(request->format());
    if (!format.ok()) return ToGrpcStatus(format.status());
    absl::StatusOr<Rendering> rendering = app_->Preview(request->report_id(), *format);
    if (!rendering.ok()) return ToGrpcStatus(rendering.status());
    response->set_report_id(request->report_id());
    response->set_format(static_cast<v1::RenderFormat>(*format));
    response->set_content(rendering->content);
    for (const PublishedFigure& f : rendering->figures) *response->add_figures() = FigureToProto(f);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::CheckReport(grpc::CallbackServerContext* context,
                                                         const v1::CheckReportRequest* request,
                                                         v1::ConsistencyCheck* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<ConsistencyCheck> check =
        app_->Check(request->report_id(), time_util::DayInChina(grpc_util::CurrentCaller().now));
    if (!check.ok()) return ToGrpcStatus(check.status());
    *response = CheckToProto(*check);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::SubmitForReview(
    grpc::CallbackServerContext* context, const v1::SubmitForReviewRequest* request,
    v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->SubmitForReview(caller, request->report_id(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ReturnToDraft(grpc::CallbackServerContext* context,
                                                           const v1::ReturnToDraftRequest* request,
                                                           v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->ReturnToDraft(caller, request->report_id(), request->reason(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::AcknowledgeViolation(
    grpc::CallbackServerContext* context, const v1::AcknowledgeViolationRequest* request,
    v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->AcknowledgeViolation(caller, request->report_id(), request->rule_id(),
                                        request->department_id(), request->reason(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ApproveReport(grpc::CallbackServerContext* context,
                                                           const v1::ApproveReportRequest* request,
                                                           v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->Approve(caller, request->report_id(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::SubmitReport(grpc::CallbackServerContext* context,
                                                          const v1::SubmitReportRequest* request,
                                                          v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::vector<DeliveryInput>> deliveries =
        DeliveriesFromProto(request->deliveries());
    if (!deliveries.ok()) return ToGrpcStatus(deliveries.status());
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->Submit(caller, request->report_id(), *deliveries, v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::PublishReport(grpc::CallbackServerContext* context,
                                                           const v1::PublishReportRequest* request,
                                                           v1::PublishedReport* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<std::vector<Channel>> channels = ChannelsFromProto(request->channels());
    if (!channels.ok()) return ToGrpcStatus(channels.status());
    absl::StatusOr<int64_t> version = api::ParseEtag(request->etag(), "etag");
    if (!version.ok()) return ToGrpcStatus(version.status());
    absl::StatusOr<PublishedVersion> published =
        app_->Publish(grpc_util::CurrentCaller(), request->report_id(), *channels, *version);
    if (!published.ok()) return ToGrpcStatus(published.status());
    *response = PublishedToProto(*published, RenderFormat::kHtml, /*whole=*/true);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::StartCorrection(
    grpc::CallbackServerContext* context, const v1::StartCorrectionRequest* request,
    v1::Report* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    return ChangeReport(request->etag(), response, [&](const app::Caller& caller, int64_t v) {
      return app_->StartCorrection(caller, request->report_id(), request->reason(), v);
    });
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetPublishedReport(
    grpc::CallbackServerContext* context, const v1::GetPublishedReportRequest* request,
    v1::PublishedReport* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<RenderFormat> format = RenderFormatFromProto(request->format());
    if (!format.ok()) return ToGrpcStatus(format.status());
    absl::StatusOr<PublishedVersion> p = app_->GetPublished(
        request->report_id(), request->department_id(), request->year(), request->version());
    if (!p.ok()) return ToGrpcStatus(p.status());
    *response = PublishedToProto(*p, *format, /*whole=*/true);
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::ListPublishedReports(
    grpc::CallbackServerContext* context, const v1::ListPublishedReportsRequest* request,
    v1::ListPublishedReportsResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::StatusOr<int> page_size = api::ResolvePageSize(request->page().page_size());
    if (!page_size.ok()) return ToGrpcStatus(page_size.status());
    std::string query =
        absl::StrCat("ListPublishedReports|", request->year(), "|", request->department_id());
    absl::StatusOr<std::optional<std::vector<std::string>>> cursor =
        page_tokens_->DecodePage(request->page().page_token(), query, 2);
    if (!cursor.ok()) return ToGrpcStatus(cursor.status());
    std::optional<std::pair<int, std::string>> after;
    if (*cursor) {
      int year = 0;
      if (!absl::SimpleAtoi((**cursor)[0], &year)) {
        return ToGrpcStatus(absl::InvalidArgumentError("page.page_token: not one we issued"));
      }
      after = std::make_pair(year, (**cursor)[1]);
    }
    absl::StatusOr<std::vector<PublishedVersion>> page =
        app_->ListPublished(request->year(), request->department_id(), after, *page_size + 1);
    if (!page.ok()) return ToGrpcStatus(page.status());
    bool more = api::TrimToPage(*page, *page_size);
    for (const PublishedVersion& p : *page) {
      *response->add_reports() = PublishedToProto(p, RenderFormat::kHtml, /*whole=*/false);
    }
    if (more) {
      response->mutable_page()->set_next_page_token(page_tokens_->Encode(
          query, {absl::StrCat(page->back().year), page->back().department_id}));
    }
    return grpc::Status::OK;
  });
}

grpc::ServerUnaryReactor* ReportServiceImpl::GetCompliance(grpc::CallbackServerContext* context,
                                                           const v1::GetComplianceRequest* request,
                                                           v1::GetComplianceResponse* response) {
  return calls_->Unary(context, [=]() -> grpc::Status {
    absl::CivilDay today = time_util::DayInChina(grpc_util::CurrentCaller().now);
    absl::StatusOr<absl::CivilDay> as_of =
        api::DateOrToday(request->has_as_of(), request->as_of(), today, "as_of");
    if (!as_of.ok()) return ToGrpcStatus(as_of.status());
    absl::StatusOr<ComplianceSummary> summary =
        app_->Compliance(request->year(), request->department_id(), *as_of);
    if (!summary.ok()) return ToGrpcStatus(summary.status());
    *response = ComplianceToProto(*summary);
    return grpc::Status::OK;
  });
}

}  // namespace fazhi::reports

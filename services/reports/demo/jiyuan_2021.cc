#include "services/reports/demo/jiyuan_2021.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace fazhi::reports::demo {
namespace {

absl::Status Failed(absl::string_view what, const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      absl::StrCat(what, ": ", status.error_message()));
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  return context;
}

common::v1::Date Day(int y, int m, int d) {
  common::v1::Date out;
  out.set_year(y);
  out.set_month(m);
  out.set_day(d);
  return out;
}

std::string Unescape(absl::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      if (text[i + 1] == 'n') {
        out += '\n';
        ++i;
        continue;
      }
      if (text[i + 1] == '\\') {
        out += '\\';
        ++i;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadSections(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    if (fields.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": want a section key, a tab and the text"));
    }
    out.emplace_back(std::string(fields[0]), Unescape(fields[1]));
  }
  return out;
}

absl::StatusOr<v1::Report> WriteReport(v1::ReportService::Stub& stub, const std::string& path) {
  absl::StatusOr<std::vector<std::pair<std::string, std::string>>> sections = ReadSections(path);
  if (!sections.ok()) return sections.status();
  v1::CreateReportRequest create;
  create.set_department_id(kUnit);
  create.set_year(kYear);
  create.set_template_id(kTemplateId);
  create.set_request_id("demo-jiyuan-2021-report");
  v1::Report report;
  grpc::Status s = stub.CreateReport(Context().get(), create, &report);
  if (!s.ok()) return Failed("CreateReport", s);
  if (report.state() != v1::REPORT_STATE_DRAFT) return report;  // written and sent on already
  for (const auto& [key, text] : *sections) {
    bool same = false;
    for (const v1::Section& section : report.sections()) {
      if (section.key() == key && section.text() == text) same = true;
    }
    if (same) continue;
    v1::UpdateSectionRequest update;
    update.set_report_id(report.id());
    update.set_section_key(key);
    update.set_text(text);
    update.set_etag(report.etag());
    v1::Report updated;
    s = stub.UpdateSection(Context().get(), update, &updated);
    if (!s.ok()) return Failed(absl::StrCat("UpdateSection ", key), s);
    report = updated;
  }
  return report;
}

absl::StatusOr<v1::Report> PublishReport(v1::ReportService::Stub& stub, v1::Report report) {
  grpc::Status s;
  if (report.state() == v1::REPORT_STATE_DRAFT) {
    v1::SubmitForReviewRequest request;
    request.set_report_id(report.id());
    request.set_etag(report.etag());
    s = stub.SubmitForReview(Context().get(), request, &report);
    if (!s.ok()) return Failed("SubmitForReview", s);
  }
  if (report.state() == v1::REPORT_STATE_IN_REVIEW) {
    v1::CheckReportRequest check_request;
    check_request.set_report_id(report.id());
    v1::ConsistencyCheck check;
    s = stub.CheckReport(Context().get(), check_request, &check);
    if (!s.ok()) return Failed("CheckReport", s);
    for (const v1::Violation& v : check.violations()) {
      if (v.acknowledged()) continue;
      v1::AcknowledgeViolationRequest ack;
      ack.set_report_id(report.id());
      ack.set_rule_id(v.rule_id());
      ack.set_department_id(v.department_id());
      ack.set_reason("报告按各单位报送口径原样刊载；数据差异已转请报送单位核实，次年报送时更正。");
      ack.set_etag(report.etag());
      s = stub.AcknowledgeViolation(Context().get(), ack, &report);
      if (!s.ok()) return Failed(absl::StrCat("AcknowledgeViolation ", v.rule_id()), s);
    }
    v1::ApproveReportRequest approve;
    approve.set_report_id(report.id());
    approve.set_etag(report.etag());
    s = stub.ApproveReport(Context().get(), approve, &report);
    if (!s.ok()) return Failed("ApproveReport", s);
  }
  if (report.state() == v1::REPORT_STATE_APPROVED) {
    v1::SubmitReportRequest submit;
    submit.set_report_id(report.id());
    submit.set_etag(report.etag());
    int n = 0;
    for (const v1::Recipient& r : report.recipients()) {
      v1::Delivery* d = submit.add_deliveries();
      d->set_recipient_department_id(r.department_id());
      *d->mutable_submitted_on() = Day(2022, 3, 28);
      d->set_document_number(absl::StrCat("济政〔2022〕", 11 + n++, "号"));
    }
    s = stub.SubmitReport(Context().get(), submit, &report);
    if (!s.ok()) return Failed("SubmitReport", s);
  }
  if (report.state() == v1::REPORT_STATE_SUBMITTED) {
    v1::PublishReportRequest publish;
    publish.set_report_id(report.id());
    publish.set_etag(report.etag());
    v1::Channel* portal = publish.add_channels();
    portal->set_kind(v1::CHANNEL_KIND_PORTAL);
    portal->set_name("济源市人民政府门户网站 法治政府建设专栏");
    *portal->mutable_published_on() = Day(2022, 3, 30);
    portal->set_url("http://www.jiyuan.gov.cn/fzzfjs/2022/0330/jiyuan-2021-report.html");
    v1::PublishedReport published;
    s = stub.PublishReport(Context().get(), publish, &published);
    if (!s.ok()) return Failed("PublishReport", s);
    v1::GetReportRequest get;
    get.set_id(report.id());
    s = stub.GetReport(Context().get(), get, &report);
    if (!s.ok()) return Failed("GetReport", s);
  }
  return report;
}

}  // namespace fazhi::reports::demo

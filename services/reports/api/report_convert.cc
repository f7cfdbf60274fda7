#include "services/reports/api/report_convert.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "services/reports/domain/numbering.h"

namespace fazhi::reports {
namespace {

namespace cpb = ::fazhi::common::v1;

v1::Recipient RecipientToProto(const Recipient& p) {
  v1::Recipient out;
  out.set_department_id(p.department_id);
  out.set_name(p.name);
  out.set_short_name(p.short_name);
  out.set_basis(static_cast<v1::RecipientBasis>(p.basis));
  out.set_required(p.required());
  if (p.submitted_on) *out.mutable_submitted_on() = api::DateToProto(*p.submitted_on);
  out.set_document_number(p.document_number);
  return out;
}

v1::Channel ChannelToProto(const Channel& c) {
  v1::Channel out;
  out.set_kind(static_cast<v1::ChannelKind>(c.kind));
  out.set_name(c.name);
  *out.mutable_published_on() = api::DateToProto(c.published_on);
  out.set_url(c.url);
  return out;
}

v1::Acknowledgement AcknowledgementToProto(const Acknowledgement& a) {
  v1::Acknowledgement out;
  out.set_rule_id(a.rule_id);
  out.set_department_id(a.department_id);
  out.set_message(a.message);
  out.set_reason(a.reason);
  out.set_acknowledged_by(a.acknowledged_by);
  *out.mutable_acknowledge_time() = api::TimeToProto(a.acknowledge_time);
  return out;
}

v1::DeadlineCompliance DeadlineToProto(const DeadlineCheck& d) {
  v1::DeadlineCompliance out;
  out.set_status(static_cast<v1::DeadlineStatus>(d.status));
  if (d.done_on) *out.mutable_date() = api::DateToProto(*d.done_on);
  out.set_days_late(static_cast<int32_t>(d.days_late));
  return out;
}

}  // namespace

absl::StatusOr<Template> TemplateFromProto(const v1::Template& t) {
  Template out;
  out.id = t.id();
  out.name = t.name();
  out.description = t.description();
  switch (t.kind()) {
    case v1::REPORT_KIND_UNSPECIFIED:
      break;
    case v1::REPORT_KIND_GOVERNMENT:
      out.kind = ReportKind::kGovernment;
      break;
    case v1::REPORT_KIND_DEPARTMENT:
      out.kind = ReportKind::kDepartment;
      break;
    default:
      return absl::InvalidArgumentError(absl::StrCat("template.kind: unknown value ", t.kind()));
  }
  for (const v1::TemplateSection& s : t.sections()) {
    out.sections.push_back(TemplateSection{s.key(), s.level(), s.heading(), s.run_in(),
                                           s.guidance(), s.default_text()});
  }
  for (const v1::Definition& d : t.definitions()) {
    out.definitions.push_back(Definition{d.name(), d.expression()});
  }
  return out;
}

v1::Template TemplateToProto(const Template& t) {
  v1::Template out;
  out.set_id(t.id);
  out.set_name(t.name);
  out.set_description(t.description);
  out.set_kind(t.kind ? static_cast<v1::ReportKind>(*t.kind) : v1::REPORT_KIND_UNSPECIFIED);
  for (const TemplateSection& s : t.sections) {
    v1::TemplateSection* p = out.add_sections();
    p->set_key(s.key);
    p->set_level(s.level);
    p->set_heading(s.heading);
    p->set_run_in(s.run_in);
    p->set_guidance(s.guidance);
    p->set_default_text(s.default_text);
  }
  for (const Definition& d : t.definitions) {
    v1::Definition* p = out.add_definitions();
    p->set_name(d.name);
    p->set_expression(d.expression);
  }
  *out.mutable_create_time() = api::TimeToProto(t.create_time);
  out.set_created_by(t.created_by);
  return out;
}

v1::Report ReportToProto(const Report& r, bool with_text) {
  v1::Report out;
  out.set_id(r.id);
  out.set_department_id(r.department_id);
  out.set_year(r.year);
  out.set_kind(static_cast<v1::ReportKind>(r.kind));
  out.set_template_id(r.template_id);
  out.set_title(r.title);
  out.set_issuer_name(r.issuer_name);
  out.set_state(static_cast<v1::ReportState>(r.state));
  if (with_text) {
    std::vector<int> levels;
    for (const Section& s : r.sections) levels.push_back(s.level);
    absl::StatusOr<std::vector<std::string>> numbers = NumberSections(levels);
    for (size_t i = 0; i < r.sections.size(); ++i) {
      const Section& s = r.sections[i];
      v1::Section* p = out.add_sections();
      p->set_key(s.key);
      p->set_level(s.level);
      if (numbers.ok()) p->set_number((*numbers)[i]);
      p->set_heading(s.heading);
      p->set_run_in(s.run_in);
      p->set_text(s.text);
    }
  }
  for (const Recipient& p : r.recipients) *out.add_recipients() = RecipientToProto(p);
  for (const Acknowledgement& a : r.acknowledgements) {
    *out.add_acknowledgements() = AcknowledgementToProto(a);
  }
  for (const Channel& c : r.channels) *out.add_channels() = ChannelToProto(c);
  if (r.issue_date) *out.mutable_issue_date() = api::DateToProto(*r.issue_date);
  out.set_published_version(r.published_version);
  out.set_correction_reason(r.correction_reason);
  out.set_created_by(r.created_by);
  *out.mutable_create_time() = api::TimeToProto(r.create_time);
  *out.mutable_update_time() = api::TimeToProto(r.update_time);
  out.set_etag(api::FormatEtag(r.version));
  return out;
}

absl::StatusOr<RenderFormat> RenderFormatFromProto(v1::RenderFormat format) {
  switch (format) {
    case v1::RENDER_FORMAT_UNSPECIFIED:
    case v1::RENDER_FORMAT_HTML:
      return RenderFormat::kHtml;
    case v1::RENDER_FORMAT_MARKDOWN:
      return RenderFormat::kMarkdown;
    case v1::RENDER_FORMAT_TEXT:
      return RenderFormat::kText;
    default:
      return absl::InvalidArgumentError(absl::StrCat("format: unknown value ", format));
  }
}

absl::StatusOr<std::vector<Channel>> ChannelsFromProto(
    const google::protobuf::RepeatedPtrField<v1::Channel>& channels) {
  std::vector<Channel> out;
  for (int i = 0; i < channels.size(); ++i) {
    const v1::Channel& c = channels[i];
    std::string field = absl::StrCat("channels[", i, "]");
    if (c.kind() < v1::CHANNEL_KIND_PORTAL || c.kind() > v1::CHANNEL_KIND_OTHER) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".kind: PORTAL, NEWSPAPER, GAZETTE or OTHER"));
    }
    absl::StatusOr<absl::CivilDay> day = api::RequiredDate(c.has_published_on(), c.published_on(),
                                                           absl::StrCat(field, ".published_on"));
    if (!day.ok()) return day.status();
    out.push_back(Channel{static_cast<ChannelKind>(c.kind()), c.name(), *day, c.url()});
  }
  return out;
}

absl::StatusOr<std::vector<DeliveryInput>> DeliveriesFromProto(
    const google::protobuf::RepeatedPtrField<v1::Delivery>& deliveries) {
  std::vector<DeliveryInput> out;
  for (int i = 0; i < deliveries.size(); ++i) {
    const v1::Delivery& d = deliveries[i];
    absl::StatusOr<std::optional<absl::CivilDay>> day = api::OptionalDate(
        d.has_submitted_on(), d.submitted_on(), absl::StrCat("deliveries[", i, "].submitted_on"));
    if (!day.ok()) return day.status();
    out.push_back(DeliveryInput{d.recipient_department_id(), *day, d.document_number()});
  }
  return out;
}

absl::StatusOr<std::optional<ReportState>> StateFromProto(v1::ReportState state) {
  if (state == v1::REPORT_STATE_UNSPECIFIED) return std::optional<ReportState>();
  if (state < v1::REPORT_STATE_DRAFT || state > v1::REPORT_STATE_PUBLISHED) {
    return absl::InvalidArgumentError(absl::StrCat("state: unknown value ", state));
  }
  return std::optional<ReportState>(static_cast<ReportState>(state));
}

v1::ResolvedFigure FigureToProto(const PublishedFigure& f) {
  v1::ResolvedFigure out;
  out.set_section_key(f.section_key);
  out.set_placeholder(f.placeholder);
  out.set_rendered(f.rendered);
  out.set_numerator(f.numerator);
  out.set_denominator(f.denominator);
  out.set_format(f.format);
  for (const auto& [figure, value] : f.inputs) {
    v1::FigureInput* input = out.add_inputs();
    input->set_figure(figure);
    input->set_value(value);
  }
  return out;
}

v1::PublishedReport PublishedToProto(const PublishedVersion& p, RenderFormat format, bool whole) {
  v1::PublishedReport out;
  out.set_report_id(p.report_id);
  out.set_version(p.version);
  out.set_department_id(p.department_id);
  out.set_year(p.year);
  out.set_title(p.title);
  out.set_kind(static_cast<v1::ReportKind>(p.kind));
  *out.mutable_publication_date() = api::DateToProto(p.publication_date);
  for (const Channel& c : p.channels) *out.add_channels() = ChannelToProto(c);
  for (const Recipient& r : p.recipients) *out.add_recipients() = RecipientToProto(r);
  out.set_correction_reason(p.correction_reason);
  out.set_published_by(p.published_by);
  *out.mutable_publish_time() = api::TimeToProto(p.publish_time);
  if (!whole) return out;
  out.set_format(static_cast<v1::RenderFormat>(format));
  switch (format) {
    case RenderFormat::kHtml:
      out.set_content(p.html);
      out.set_sha256(p.html_sha256);
      break;
    case RenderFormat::kMarkdown:
      out.set_content(p.markdown);
      out.set_sha256(p.markdown_sha256);
      break;
    case RenderFormat::kText:
      out.set_content(p.text);
      out.set_sha256(p.text_sha256);
      break;
  }
  for (const auto& [f, digest] : std::vector<std::pair<v1::RenderFormat, std::string>>{
           {v1::RENDER_FORMAT_HTML, p.html_sha256},
           {v1::RENDER_FORMAT_MARKDOWN, p.markdown_sha256},
           {v1::RENDER_FORMAT_TEXT, p.text_sha256}}) {
    v1::FormatDigest* d = out.add_digests();
    d->set_format(f);
    d->set_sha256(digest);
  }
  for (const PublishedFigure& f : p.figures) *out.add_figures() = FigureToProto(f);
  for (const Acknowledgement& a : p.acknowledgements) {
    *out.add_acknowledgements() = AcknowledgementToProto(a);
  }
  for (const Change& c : p.changes) {
    v1::Change* pc = out.add_changes();
    pc->set_section_key(c.section_key);
    pc->set_placeholder(c.placeholder);
    pc->set_before(c.before);
    pc->set_after(c.after);
  }
  return out;
}

v1::ConsistencyCheck CheckToProto(const ConsistencyCheck& check) {
  v1::ConsistencyCheck out;
  out.set_ready(check.ready());
  out.set_open_items(check.open_items());
  for (const PlaceholderProblem& p : check.problems) {
    v1::PlaceholderProblem* pp = out.add_placeholder_problems();
    pp->set_section_key(p.section_key);
    pp->set_placeholder(p.placeholder);
    pp->set_message(p.message);
  }
  for (const CheckedViolation& v : check.violations) {
    v1::Violation* pv = out.add_violations();
    pv->set_rule_id(v.violation.rule_id);
    pv->set_rule_name(v.violation.rule_name);
    pv->set_department_id(v.violation.department_id);
    pv->set_message(v.violation.message);
    pv->set_acknowledged(v.acknowledgement.has_value());
    if (v.acknowledgement) pv->set_acknowledgement_reason(v.acknowledgement->reason);
  }
  v1::Completeness* c = out.mutable_completeness();
  c->set_expected(check.completeness.expected);
  c->set_received(check.completeness.received);
  c->set_on_time(check.completeness.on_time);
  c->set_late(check.completeness.late);
  c->set_missing(check.completeness.missing);
  for (const std::string& u : check.completeness.units_missing) c->add_units_missing(u);
  return out;
}

v1::GetComplianceResponse ComplianceToProto(const ComplianceSummary& summary) {
  v1::GetComplianceResponse out;
  out.set_year(summary.year);
  *out.mutable_submission_due() = api::DateToProto(summary.submission_due);
  *out.mutable_publication_due() = api::DateToProto(summary.publication_due);
  *out.mutable_as_of() = api::DateToProto(summary.as_of);
  out.set_owed(summary.totals.owed);
  out.set_submitted(summary.totals.submitted);
  out.set_submitted_late(summary.totals.submitted_late);
  out.set_published(summary.totals.published);
  out.set_published_late(summary.totals.published_late);
  out.set_missing_submission(summary.totals.missing_submission);
  out.set_missing_publication(summary.totals.missing_publication);
  for (const UnitCompliance& u : summary.units) {
    v1::UnitCompliance* pu = out.add_units();
    pu->set_department_id(u.department_id);
    pu->set_name(u.name);
    pu->set_report_id(u.report_id);
    *pu->mutable_submission() = DeadlineToProto(u.submission);
    *pu->mutable_publication() = DeadlineToProto(u.publication);
    for (const std::string& m : u.missing) pu->add_missing(m);
  }
  return out;
}

}  // namespace fazhi::reports

#include "services/reports/store/report_store.h"

#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/db/fragment.h"
#include "common/time/date.h"

namespace fazhi::reports {
namespace {

using time_util::FromYmd;
using time_util::ToYmd;

db::Value OptionalDay(const std::optional<absl::CivilDay>& day) {
  return day ? db::Value(ToYmd(*day)) : db::Null();
}

std::optional<absl::CivilDay> OptionalDayAt(const db::Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return FromYmd(row.Int(i));
}

int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

// ---- Templates ----

constexpr char kTemplateColumns[] = "id, name, description, kind, created_by, create_time_us";

Template TemplateFromRow(const db::Row& row) {
  Template t;
  t.id = row.Text(0);
  t.name = row.Text(1);
  t.description = row.Text(2);
  if (row.Int(3) != 0) t.kind = static_cast<ReportKind>(row.Int(3));
  t.created_by = row.Text(4);
  t.create_time = absl::FromUnixMicros(row.Int(5));
  return t;
}

absl::Status LoadTemplateParts(db::Connection& conn, Template& t) {
  absl::StatusOr<db::Result> sections = conn.Execute(
      "SELECT section_key, level, heading, run_in, guidance, default_text "
      "FROM report_template_sections WHERE template_id = ? ORDER BY position",
      {t.id});
  if (!sections.ok()) return sections.status();
  for (const db::Row& row : sections->rows) {
    t.sections.push_back(TemplateSection{row.Text(0), static_cast<int>(row.Int(1)), row.Text(2),
                                         row.Bool(3), row.Text(4), row.Text(5)});
  }
  absl::StatusOr<db::Result> definitions = conn.Execute(
      "SELECT name, expression FROM report_template_definitions WHERE template_id = ? "
      "ORDER BY position",
      {t.id});
  if (!definitions.ok()) return definitions.status();
  for (const db::Row& row : definitions->rows) {
    t.definitions.push_back(Definition{row.Text(0), row.Text(1)});
  }
  return absl::OkStatus();
}

// ---- Reports ----

constexpr char kReportColumns[] =
    "id, department_id, year, kind, template_id, title, issuer_name, state, issue_date_ymd, "
    "published_version, correction_reason, created_by, create_time_us, update_time_us, version";

Report ReportFromRow(const db::Row& row) {
  Report r;
  r.id = row.Text(0);
  r.department_id = row.Text(1);
  r.year = static_cast<int>(row.Int(2));
  r.kind = static_cast<ReportKind>(row.Int(3));
  r.template_id = row.Text(4);
  r.title = row.Text(5);
  r.issuer_name = row.Text(6);
  r.state = static_cast<ReportState>(row.Int(7));
  r.issue_date = OptionalDayAt(row, 8);
  r.published_version = row.Int(9);
  r.correction_reason = row.Text(10);
  r.created_by = row.Text(11);
  r.create_time = absl::FromUnixMicros(row.Int(12));
  r.update_time = absl::FromUnixMicros(row.Int(13));
  r.version = row.Int(14);
  return r;
}

std::vector<db::Value> ReportValues(const Report& r) {
  return {static_cast<int64_t>(r.kind),
          r.template_id,
          r.title,
          r.issuer_name,
          static_cast<int64_t>(r.state),
          OptionalDay(r.issue_date),
          r.published_version,
          db::TextOrNull(r.correction_reason),
          Micros(r.update_time),
          r.version};
}

Recipient RecipientFromRow(const db::Row& row, size_t first) {
  Recipient p;
  p.department_id = row.Text(first);
  p.name = row.Text(first + 1);
  p.short_name = row.Text(first + 2);
  p.basis = static_cast<RecipientBasis>(row.Int(first + 3));
  p.submitted_on = OptionalDayAt(row, first + 4);
  p.document_number = row.Text(first + 5);
  return p;
}

std::vector<db::Value> RecipientValues(const Recipient& p) {
  return {p.department_id,
          p.name,
          p.short_name,
          static_cast<int64_t>(p.basis),
          OptionalDay(p.submitted_on),
          db::TextOrNull(p.document_number)};
}

Acknowledgement AcknowledgementFromRow(const db::Row& row, size_t first) {
  return Acknowledgement{row.Text(first),     row.Text(first + 1),
                         row.Text(first + 2), row.Text(first + 3),
                         row.Text(first + 4), absl::FromUnixMicros(row.Int(first + 5))};
}

std::vector<db::Value> AcknowledgementValues(const Acknowledgement& a) {
  return {a.rule_id, a.department_id,   a.message,
          a.reason,  a.acknowledged_by, Micros(a.acknowledge_time)};
}

Channel ChannelFromRow(const db::Row& row, size_t first) {
  return Channel{static_cast<ChannelKind>(row.Int(first)), row.Text(first + 1),
                 FromYmd(row.Int(first + 2)), row.Text(first + 3)};
}

std::vector<db::Value> ChannelValues(const Channel& c) {
  return {static_cast<int64_t>(c.kind), c.name, ToYmd(c.published_on), c.url};
}

// Appends values to prefix: one row's parameters.
std::vector<db::Value> Concat(std::vector<db::Value> prefix, const std::vector<db::Value>& rest) {
  prefix.insert(prefix.end(), rest.begin(), rest.end());
  return prefix;
}

absl::Status LoadReportLists(db::Connection& conn, Report& r, bool with_sections) {
  if (with_sections) {
    absl::StatusOr<db::Result> sections = conn.Execute(
        "SELECT section_key, level, heading, run_in, body FROM report_sections "
        "WHERE report_id = ? ORDER BY position",
        {r.id});
    if (!sections.ok()) return sections.status();
    for (const db::Row& row : sections->rows) {
      r.sections.push_back(Section{row.Text(0), static_cast<int>(row.Int(1)), row.Text(2),
                                   row.Bool(3), row.Text(4)});
    }
  }
  absl::StatusOr<db::Result> recipients = conn.Execute(
      "SELECT department_id, name, short_name, basis, submitted_on_ymd, document_number "
      "FROM report_recipients WHERE report_id = ? ORDER BY position",
      {r.id});
  if (!recipients.ok()) return recipients.status();
  for (const db::Row& row : recipients->rows) r.recipients.push_back(RecipientFromRow(row, 0));
  absl::StatusOr<db::Result> acknowledgements = conn.Execute(
      "SELECT rule_id, department_id, message, reason, acknowledged_by, acknowledge_time_us "
      "FROM report_acknowledgements WHERE report_id = ? ORDER BY position",
      {r.id});
  if (!acknowledgements.ok()) return acknowledgements.status();
  for (const db::Row& row : acknowledgements->rows) {
    r.acknowledgements.push_back(AcknowledgementFromRow(row, 0));
  }
  absl::StatusOr<db::Result> channels = conn.Execute(
      "SELECT kind, name, published_on_ymd, url FROM report_channels WHERE report_id = ? "
      "ORDER BY position",
      {r.id});
  if (!channels.ok()) return channels.status();
  for (const db::Row& row : channels->rows) r.channels.push_back(ChannelFromRow(row, 0));
  return absl::OkStatus();
}

// Rewrites the rows under a report: what the report holds now, nothing else.
absl::Status WriteReportLists(db::Connection& conn, const Report& r) {
  for (absl::string_view table :
       {"report_sections", "report_recipients", "report_acknowledgements", "report_channels"}) {
    absl::StatusOr<db::Result> d =
        conn.Execute(absl::StrCat("DELETE FROM ", table, " WHERE report_id = ?"), {r.id});
    if (!d.ok()) return d.status();
  }
  for (size_t i = 0; i < r.sections.size(); ++i) {
    const Section& s = r.sections[i];
    absl::StatusOr<db::Result> w = conn.Execute(
        "INSERT INTO report_sections (report_id, position, section_key, level, heading, run_in, "
        "body) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {r.id, static_cast<int64_t>(i), s.key, int64_t{s.level}, s.heading,
         int64_t{s.run_in ? 1 : 0}, s.text});
    if (!w.ok()) return w.status();
  }
  for (size_t i = 0; i < r.recipients.size(); ++i) {
    absl::StatusOr<db::Result> w = conn.Execute(
        "INSERT INTO report_recipients (report_id, position, department_id, name, short_name, "
        "basis, submitted_on_ymd, document_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        Concat({r.id, static_cast<int64_t>(i)}, RecipientValues(r.recipients[i])));
    if (!w.ok()) return w.status();
  }
  for (size_t i = 0; i < r.acknowledgements.size(); ++i) {
    absl::StatusOr<db::Result> w = conn.Execute(
        "INSERT INTO report_acknowledgements (report_id, position, rule_id, department_id, "
        "message, reason, acknowledged_by, acknowledge_time_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        Concat({r.id, static_cast<int64_t>(i)}, AcknowledgementValues(r.acknowledgements[i])));
    if (!w.ok()) return w.status();
  }
  for (size_t i = 0; i < r.channels.size(); ++i) {
    absl::StatusOr<db::Result> w = conn.Execute(
        "INSERT INTO report_channels (report_id, position, kind, name, published_on_ymd, url) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        Concat({r.id, static_cast<int64_t>(i)}, ChannelValues(r.channels[i])));
    if (!w.ok()) return w.status();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<Report>> LoadOne(db::Database& db, absl::string_view where,
                                              std::vector<db::Value> params) {
  std::optional<Report> out;
  absl::Status s = db.InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r = conn.Execute(
        absl::StrCat("SELECT ", kReportColumns, " FROM reports WHERE ", where), params);
    if (!r.ok()) return r.status();
    if (r->rows.empty()) return absl::OkStatus();
    out = ReportFromRow(r->rows.front());
    return LoadReportLists(conn, *out, /*with_sections=*/true);
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status UpdateReportRow(db::Connection& conn, const Report& r, int64_t expected_version) {
  if (r.version != expected_version + 1) {
    return absl::InternalError("a saved report must carry the next version");
  }
  absl::StatusOr<db::Result> w = conn.Execute(
      "UPDATE reports SET kind = ?, template_id = ?, title = ?, issuer_name = ?, state = ?, "
      "issue_date_ymd = ?, published_version = ?, correction_reason = ?, update_time_us = ?, "
      "version = ? WHERE id = ? AND version = ?",
      Concat(ReportValues(r), {r.id, expected_version}));
  if (!w.ok()) return w.status();
  if (w->affected_rows == 0) {
    return absl::AbortedError(absl::StrCat(
        "etag: report '", r.id, "' was changed by someone else since you read it; read it again"));
  }
  return WriteReportLists(conn, r);
}

// ---- Published versions ----

constexpr char kPublishedColumns[] =
    "report_id, version, department_id, year, title, kind, publication_date_ymd, "
    "correction_reason, published_by, publish_time_us";

PublishedVersion PublishedFromRow(const db::Row& row) {
  PublishedVersion p;
  p.report_id = row.Text(0);
  p.version = row.Int(1);
  p.department_id = row.Text(2);
  p.year = static_cast<int>(row.Int(3));
  p.title = row.Text(4);
  p.kind = static_cast<ReportKind>(row.Int(5));
  p.publication_date = FromYmd(row.Int(6));
  p.correction_reason = row.Text(7);
  p.published_by = row.Text(8);
  p.publish_time = absl::FromUnixMicros(row.Int(9));
  return p;
}

std::string FormatInputs(const std::vector<std::pair<std::string, int64_t>>& inputs) {
  return absl::StrJoin(inputs, "\n", [](std::string* out, const auto& input) {
    absl::StrAppend(out, input.first, "=", input.second);
  });
}

std::vector<std::pair<std::string, int64_t>> ParseInputs(absl::string_view text) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (absl::string_view line : absl::StrSplit(text, '\n', absl::SkipEmpty())) {
    size_t eq = line.rfind('=');
    int64_t value = 0;
    if (eq == absl::string_view::npos || !absl::SimpleAtoi(line.substr(eq + 1), &value)) continue;
    out.emplace_back(std::string(line.substr(0, eq)), value);
  }
  return out;
}

absl::Status InsertPublished(db::Connection& conn, const PublishedVersion& p) {
  absl::StatusOr<db::Result> w = conn.Execute(
      "INSERT INTO published_reports (report_id, version, department_id, year, title, kind, "
      "publication_date_ymd, correction_reason, html, markdown, plain_text, html_sha256, "
      "markdown_sha256, text_sha256, published_by, publish_time_us) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {p.report_id, p.version, p.department_id, int64_t{p.year}, p.title,
       static_cast<int64_t>(p.kind), ToYmd(p.publication_date), p.correction_reason, p.html,
       p.markdown, p.text, p.html_sha256, p.markdown_sha256, p.text_sha256, p.published_by,
       Micros(p.publish_time)});
  if (!w.ok()) {
    if (w.status().code() == absl::StatusCode::kAlreadyExists) {
      return absl::AbortedError(absl::StrCat("report '", p.report_id, "' version ", p.version,
                                             " was published by someone else meanwhile"));
    }
    return w.status();
  }
  std::vector<db::Value> key = {p.report_id, p.version};
  for (size_t i = 0; i < p.channels.size(); ++i) {
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_channels (report_id, version, position, kind, name, "
        "published_on_ymd, url) VALUES (?, ?, ?, ?, ?, ?, ?)",
        Concat(Concat(key, {static_cast<int64_t>(i)}), ChannelValues(p.channels[i])));
    if (!r.ok()) return r.status();
  }
  for (size_t i = 0; i < p.recipients.size(); ++i) {
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_recipients (report_id, version, position, department_id, name, "
        "short_name, basis, submitted_on_ymd, document_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Concat(Concat(key, {static_cast<int64_t>(i)}), RecipientValues(p.recipients[i])));
    if (!r.ok()) return r.status();
  }
  for (size_t i = 0; i < p.acknowledgements.size(); ++i) {
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_acknowledgements (report_id, version, position, rule_id, "
        "department_id, message, reason, acknowledged_by, acknowledge_time_us) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Concat(Concat(key, {static_cast<int64_t>(i)}),
               AcknowledgementValues(p.acknowledgements[i])));
    if (!r.ok()) return r.status();
  }
  for (size_t i = 0; i < p.changes.size(); ++i) {
    const Change& c = p.changes[i];
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_changes (report_id, version, position, section_key, placeholder, "
        "before_text, after_text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        Concat(key, {static_cast<int64_t>(i), c.section_key, c.placeholder, c.before, c.after}));
    if (!r.ok()) return r.status();
  }
  for (size_t i = 0; i < p.sections.size(); ++i) {
    const PublishedSection& section = p.sections[i];
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_sections (report_id, version, position, section_key, source_text, "
        "rendered_text) VALUES (?, ?, ?, ?, ?, ?)",
        Concat(key, {static_cast<int64_t>(i), section.key, section.source, section.rendered}));
    if (!r.ok()) return r.status();
  }
  for (size_t i = 0; i < p.figures.size(); ++i) {
    const PublishedFigure& f = p.figures[i];
    absl::StatusOr<db::Result> r = conn.Execute(
        "INSERT INTO published_figures (report_id, version, position, section_key, placeholder, "
        "rendered, numerator, denominator, format, inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        Concat(key, {static_cast<int64_t>(i), f.section_key, f.placeholder, f.rendered, f.numerator,
                     f.denominator, f.format, FormatInputs(f.inputs)}));
    if (!r.ok()) return r.status();
  }
  return absl::OkStatus();
}

absl::Status LoadPublishedParts(db::Connection& conn, PublishedVersion& p, bool whole) {
  std::vector<db::Value> key = {p.report_id, p.version};
  absl::StatusOr<db::Result> channels = conn.Execute(
      "SELECT kind, name, published_on_ymd, url FROM published_channels "
      "WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!channels.ok()) return channels.status();
  for (const db::Row& row : channels->rows) p.channels.push_back(ChannelFromRow(row, 0));
  absl::StatusOr<db::Result> recipients = conn.Execute(
      "SELECT department_id, name, short_name, basis, submitted_on_ymd, document_number "
      "FROM published_recipients WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!recipients.ok()) return recipients.status();
  for (const db::Row& row : recipients->rows) p.recipients.push_back(RecipientFromRow(row, 0));
  if (!whole) return absl::OkStatus();
  absl::StatusOr<db::Result> content = conn.Execute(
      "SELECT html, markdown, plain_text, html_sha256, markdown_sha256, text_sha256 "
      "FROM published_reports WHERE report_id = ? AND version = ?",
      key);
  if (!content.ok()) return content.status();
  if (!content->rows.empty()) {
    const db::Row& row = content->rows.front();
    p.html = row.Text(0);
    p.markdown = row.Text(1);
    p.text = row.Text(2);
    p.html_sha256 = row.Text(3);
    p.markdown_sha256 = row.Text(4);
    p.text_sha256 = row.Text(5);
  }
  absl::StatusOr<db::Result> acknowledgements = conn.Execute(
      "SELECT rule_id, department_id, message, reason, acknowledged_by, acknowledge_time_us "
      "FROM published_acknowledgements WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!acknowledgements.ok()) return acknowledgements.status();
  for (const db::Row& row : acknowledgements->rows) {
    p.acknowledgements.push_back(AcknowledgementFromRow(row, 0));
  }
  absl::StatusOr<db::Result> changes = conn.Execute(
      "SELECT section_key, placeholder, before_text, after_text FROM published_changes "
      "WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!changes.ok()) return changes.status();
  for (const db::Row& row : changes->rows) {
    p.changes.push_back(Change{row.Text(0), row.Text(1), row.Text(2), row.Text(3)});
  }
  absl::StatusOr<db::Result> sections = conn.Execute(
      "SELECT section_key, source_text, rendered_text FROM published_sections "
      "WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!sections.ok()) return sections.status();
  for (const db::Row& row : sections->rows) {
    p.sections.push_back(PublishedSection{row.Text(0), row.Text(1), row.Text(2)});
  }
  absl::StatusOr<db::Result> figures = conn.Execute(
      "SELECT section_key, placeholder, rendered, numerator, denominator, format, inputs "
      "FROM published_figures WHERE report_id = ? AND version = ? ORDER BY position",
      key);
  if (!figures.ok()) return figures.status();
  for (const db::Row& row : figures->rows) {
    p.figures.push_back(PublishedFigure{row.Text(0), row.Text(1), row.Text(2), row.Int(3),
                                        row.Int(4), row.Text(5), ParseInputs(row.Text(6))});
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ReportStore::CreateTemplate(const audit::AuditContext& context, const Template& t) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> w = conn.Execute(
        "INSERT INTO report_templates (id, name, description, kind, created_by, create_time_us) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {t.id, t.name, t.description, t.kind ? static_cast<int64_t>(*t.kind) : int64_t{0},
         t.created_by, Micros(t.create_time)});
    if (!w.ok()) {
      if (w.status().code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(
            absl::StrCat("template.id: a template '", t.id, "' already exists"));
      }
      return w.status();
    }
    for (size_t i = 0; i < t.sections.size(); ++i) {
      const TemplateSection& s = t.sections[i];
      absl::StatusOr<db::Result> r = conn.Execute(
          "INSERT INTO report_template_sections (template_id, position, section_key, level, "
          "heading, run_in, guidance, default_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {t.id, static_cast<int64_t>(i), s.key, int64_t{s.level}, s.heading,
           int64_t{s.run_in ? 1 : 0}, s.guidance, s.default_text});
      if (!r.ok()) return r.status();
    }
    for (size_t i = 0; i < t.definitions.size(); ++i) {
      absl::StatusOr<db::Result> r = conn.Execute(
          "INSERT INTO report_template_definitions (template_id, name, position, expression) "
          "VALUES (?, ?, ?, ?)",
          {t.id, t.definitions[i].name, static_cast<int64_t>(i), t.definitions[i].expression});
      if (!r.ok()) return r.status();
    }
    return audit::Write(conn, context, "report_template", t.id, "create",
                        audit::CreationJson({{"name", t.name},
                                             {"sections", absl::StrCat(t.sections.size())},
                                             {"definitions", absl::StrCat(t.definitions.size())}}),
                        t.create_time);
  });
}

absl::StatusOr<std::optional<Template>> ReportStore::GetTemplate(absl::string_view id) {
  std::optional<Template> out;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r = conn.Execute(
        absl::StrCat("SELECT ", kTemplateColumns, " FROM report_templates WHERE id = ?"),
        {std::string(id)});
    if (!r.ok()) return r.status();
    if (r->rows.empty()) return absl::OkStatus();
    out = TemplateFromRow(r->rows.front());
    return LoadTemplateParts(conn, *out);
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<Template>> ReportStore::ListTemplates(absl::string_view after_id,
                                                                 int limit) {
  std::vector<Template> out;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r =
        conn.Execute(absl::StrCat("SELECT ", kTemplateColumns,
                                  " FROM report_templates WHERE id > ? ORDER BY id LIMIT ?"),
                     {std::string(after_id), int64_t{limit}});
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      out.push_back(TemplateFromRow(row));
      if (absl::Status p = LoadTemplateParts(conn, out.back()); !p.ok()) return p;
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status ReportStore::CreateReport(const audit::AuditContext& context, const Report& report,
                                       absl::string_view request_id) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> w = conn.Execute(
        absl::StrCat(
            "INSERT INTO reports (", kReportColumns,
            ", create_request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {report.id, report.department_id, int64_t{report.year}, static_cast<int64_t>(report.kind),
         report.template_id, report.title, report.issuer_name, static_cast<int64_t>(report.state),
         OptionalDay(report.issue_date), report.published_version,
         db::TextOrNull(report.correction_reason), report.created_by, Micros(report.create_time),
         Micros(report.update_time), report.version, db::TextOrNull(request_id)});
    if (!w.ok()) {
      if (w.status().code() == absl::StatusCode::kAlreadyExists) {
        return absl::AlreadyExistsError(absl::StrCat(
            "department_id: ", report.department_id, " has a report for ", report.year,
            " already (or request_id was used for another report); correct that one instead"));
      }
      return w.status();
    }
    if (absl::Status s = WriteReportLists(conn, report); !s.ok()) return s;
    return audit::Write(conn, context, "report", report.id, "create",
                        audit::CreationJson({{"department_id", report.department_id},
                                             {"year", absl::StrCat(report.year)},
                                             {"template_id", report.template_id},
                                             {"title", report.title}}),
                        report.create_time);
  });
}

absl::StatusOr<std::optional<Report>> ReportStore::GetReport(absl::string_view id) {
  return LoadOne(*db_, "id = ?", {std::string(id)});
}

absl::StatusOr<std::optional<Report>> ReportStore::FindByRequestId(absl::string_view request_id) {
  return LoadOne(*db_, "create_request_id = ?", {std::string(request_id)});
}

absl::StatusOr<std::optional<Report>> ReportStore::FindByUnitAndYear(
    absl::string_view department_id, int year) {
  return LoadOne(*db_, "department_id = ? AND year = ?",
                 {std::string(department_id), int64_t{year}});
}

absl::StatusOr<std::vector<Report>> ReportStore::ListReports(const ReportFilter& filter,
                                                             absl::string_view after_id,
                                                             int limit) {
  std::string where = "id > ?";
  std::vector<db::Value> params = {std::string(after_id)};
  if (filter.year != 0) {
    absl::StrAppend(&where, " AND year = ?");
    params.push_back(int64_t{filter.year});
  }
  if (!filter.department_ids.empty()) {
    absl::StrAppend(&where, " AND department_id IN (",
                    db::Placeholders(filter.department_ids.size()), ")");
    for (const std::string& id : filter.department_ids) params.push_back(id);
  }
  if (filter.state) {
    absl::StrAppend(&where, " AND state = ?");
    params.push_back(db::EnumValue(*filter.state));
  }
  params.push_back(int64_t{limit});
  std::vector<Report> out;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r =
        conn.Execute(absl::StrCat("SELECT ", kReportColumns, " FROM reports WHERE ", where,
                                  " ORDER BY id LIMIT ?"),
                     params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      out.push_back(ReportFromRow(row));
      if (absl::Status l = LoadReportLists(conn, out.back(), /*with_sections=*/false); !l.ok()) {
        return l;
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::Status ReportStore::SaveReport(const audit::AuditContext& context, const Report& report,
                                     int64_t expected_version, absl::string_view action,
                                     absl::string_view changes) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status s = UpdateReportRow(conn, report, expected_version); !s.ok()) return s;
    return audit::Write(conn, context, "report", report.id, action, changes, report.update_time);
  });
}

absl::Status ReportStore::Publish(const audit::AuditContext& context, const Report& report,
                                  int64_t expected_version, const PublishedVersion& published) {
  return db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    if (absl::Status s = UpdateReportRow(conn, report, expected_version); !s.ok()) return s;
    if (absl::Status s = InsertPublished(conn, published); !s.ok()) return s;
    return audit::Write(
        conn, context, "report", report.id, "publish",
        audit::CreationJson({{"version", absl::StrCat(published.version)},
                             {"publication_date", time_util::FormatDay(published.publication_date)},
                             {"html_sha256", published.html_sha256},
                             {"correction_reason", published.correction_reason}}),
        report.update_time);
  });
}

absl::StatusOr<std::optional<PublishedVersion>> ReportStore::GetPublished(
    absl::string_view report_id, int64_t version) {
  std::optional<PublishedVersion> out;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r =
        version > 0 ? conn.Execute(absl::StrCat("SELECT ", kPublishedColumns,
                                                " FROM published_reports WHERE report_id = ? AND "
                                                "version = ?"),
                                   {std::string(report_id), version})
                    : conn.Execute(absl::StrCat("SELECT ", kPublishedColumns,
                                                " FROM published_reports WHERE report_id = ? "
                                                "ORDER BY version DESC LIMIT 1"),
                                   {std::string(report_id)});
    if (!r.ok()) return r.status();
    if (r->rows.empty()) return absl::OkStatus();
    out = PublishedFromRow(r->rows.front());
    return LoadPublishedParts(conn, *out, /*whole=*/true);
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<PublishedVersion>> ReportStore::ListPublished(
    int year, const std::vector<std::string>& department_ids,
    std::optional<std::pair<int, std::string>> after, int limit) {
  // The latest version of each report: no later version of the same report exists.
  std::string where =
      "NOT EXISTS (SELECT 1 FROM published_reports later WHERE later.report_id = p.report_id "
      "AND later.version > p.version)";
  std::vector<db::Value> params;
  if (year != 0) {
    absl::StrAppend(&where, " AND p.year = ?");
    params.push_back(int64_t{year});
  }
  if (!department_ids.empty()) {
    absl::StrAppend(&where, " AND p.department_id IN (", db::Placeholders(department_ids.size()),
                    ")");
    for (const std::string& id : department_ids) params.push_back(id);
  }
  if (after) {
    absl::StrAppend(&where, " AND (p.year < ? OR (p.year = ? AND p.department_id > ?))");
    params.push_back(int64_t{after->first});
    params.push_back(int64_t{after->first});
    params.push_back(after->second);
  }
  params.push_back(int64_t{limit});
  std::vector<PublishedVersion> out;
  absl::Status s = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    absl::StatusOr<db::Result> r = conn.Execute(
        absl::StrCat("SELECT p.report_id, p.version, p.department_id, p.year, p.title, p.kind, "
                     "p.publication_date_ymd, p.correction_reason, p.published_by, "
                     "p.publish_time_us FROM published_reports p WHERE ",
                     where, " ORDER BY p.year DESC, p.department_id LIMIT ?"),
        params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      out.push_back(PublishedFromRow(row));
      if (absl::Status l = LoadPublishedParts(conn, out.back(), /*whole=*/false); !l.ok()) {
        return l;
      }
    }
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<std::vector<std::pair<std::string, absl::CivilDay>>> ReportStore::FirstPublications(
    const std::vector<std::string>& report_ids) {
  std::vector<std::pair<std::string, absl::CivilDay>> out;
  if (report_ids.empty()) return out;
  std::vector<db::Value> params(report_ids.begin(), report_ids.end());
  absl::StatusOr<db::Result> r =
      db_->Execute(absl::StrCat("SELECT report_id, publication_date_ymd FROM published_reports "
                                "WHERE version = 1 AND report_id IN (",
                                db::Placeholders(report_ids.size()), ") ORDER BY report_id"),
                   params);
  if (!r.ok()) return r.status();
  for (const db::Row& row : r->rows) out.emplace_back(row.Text(0), FromYmd(row.Int(1)));
  return out;
}

}  // namespace fazhi::reports

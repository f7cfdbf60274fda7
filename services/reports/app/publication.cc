// Submission to the recipients, publication of a frozen version, corrections, and the public's
// reading of published versions.

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/audit/changes.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/reports/app/reports_app.h"
#include "services/reports/domain/compliance.h"

namespace fazhi::reports {
namespace {

// A report on year Y is written after Y ends, and a date in the future has not happened.
absl::Status CheckActionDay(absl::CivilDay day, int year, absl::CivilDay today,
                            absl::string_view field) {
  if (day < absl::CivilDay(year + 1, 1, 1)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": ", time_util::FormatDay(day),
                                                   " is before the year ", year, " ended"));
  }
  return time_util::CheckNotAfterToday(day, today, field);
}

// What a correction changed against the version before: each figure that prints differently,
// and each section whose prose (as the clerk wrote it, placeholders included) changed, with what it
// printed before and after.
std::vector<Change> Changes(const PublishedVersion& before, const PublishedVersion& now) {
  std::vector<Change> out;
  std::map<std::pair<std::string, std::string>, std::string> old_figures;
  for (const PublishedFigure& f : before.figures) {
    old_figures.emplace(std::make_pair(f.section_key, f.placeholder), f.rendered);
  }
  std::set<std::pair<std::string, std::string>> seen;
  for (const PublishedFigure& f : now.figures) {
    auto key = std::make_pair(f.section_key, f.placeholder);
    if (!seen.insert(key).second) continue;
    auto it = old_figures.find(key);
    std::string old = it == old_figures.end() ? "" : it->second;
    if (old != f.rendered) out.push_back(Change{f.section_key, f.placeholder, old, f.rendered});
  }
  std::map<std::string, const PublishedSection*> old_sections;
  for (const PublishedSection& section : before.sections) old_sections[section.key] = &section;
  for (const PublishedSection& section : now.sections) {
    auto it = old_sections.find(section.key);
    if (it == old_sections.end()) {
      out.push_back(Change{section.key, "", "", section.rendered});
    } else if (it->second->source != section.source) {
      out.push_back(Change{section.key, "", it->second->rendered, section.rendered});
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<Report> ReportsApp::Submit(const app::Caller& caller, absl::string_view report_id,
                                          const std::vector<DeliveryInput>& deliveries,
                                          int64_t expected_version) {
  if (deliveries.empty()) {
    return absl::InvalidArgumentError("deliveries: name the sending to each recipient");
  }
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (absl::Status s = CheckTransition(r->state, ReportState::kSubmitted, r->published_version > 0);
      !s.ok()) {
    return s;
  }
  absl::CivilDay today = time_util::DayInChina(caller.now);
  std::set<std::string> named;
  for (size_t i = 0; i < deliveries.size(); ++i) {
    const DeliveryInput& d = deliveries[i];
    std::string field = absl::StrCat("deliveries[", i, "]");
    auto it = std::find_if(r->recipients.begin(), r->recipients.end(), [&](const Recipient& p) {
      return p.department_id == d.recipient_department_id;
    });
    if (it == r->recipients.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".recipient_department_id: '", d.recipient_department_id,
                       "' is not a recipient of this report; add it first"));
    }
    if (!named.insert(d.recipient_department_id).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".recipient_department_id: ", it->name, " is named twice"));
    }
    if (!d.submitted_on) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".submitted_on: give the day sent"));
    }
    if (absl::Status s =
            CheckActionDay(*d.submitted_on, r->year, today, absl::StrCat(field, ".submitted_on"));
        !s.ok()) {
      return s;
    }
    if (absl::Status s = validation::CheckText(d.document_number,
                                               absl::StrCat(field, ".document_number"), 1, 100);
        !s.ok()) {
      return s;
    }
    it->submitted_on = d.submitted_on;
    it->document_number = d.document_number;
  }
  std::optional<absl::CivilDay> submitted = SubmittedOn(r->recipients);
  if (!submitted) {
    for (const Recipient& p : r->recipients) {
      if (p.required() && !p.submitted_on) {
        return absl::InvalidArgumentError(absl::StrCat("deliveries: the report must reach ", p.name,
                                                       " (", RecipientBasisName(p.basis),
                                                       "); name its sending too"));
      }
    }
  }
  r->issue_date = submitted;
  r->state = ReportState::kSubmitted;
  return Save(caller, *std::move(r), "submit",
              audit::CreationJson(
                  {{"state", "submitted"},
                   {"issue_date", submitted ? time_util::FormatDay(*submitted) : std::string()},
                   {"deliveries", absl::StrCat(deliveries.size())}}));
}

absl::StatusOr<PublishedVersion> ReportsApp::Publish(const app::Caller& caller,
                                                     absl::string_view report_id,
                                                     const std::vector<Channel>& channels,
                                                     int64_t expected_version) {
  if (channels.empty()) {
    return absl::InvalidArgumentError(
        "channels: name where the report was made public (portal, newspaper, gazette)");
  }
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  bool correction = r->published_version > 0;
  if (absl::Status s = CheckTransition(r->state, ReportState::kPublished, correction); !s.ok()) {
    return s;
  }
  absl::CivilDay today = time_util::DayInChina(caller.now);
  for (size_t i = 0; i < channels.size(); ++i) {
    const Channel& c = channels[i];
    std::string field = absl::StrCat("channels[", i, "]");
    if (absl::Status s = validation::CheckText(c.name, absl::StrCat(field, ".name"), 1, 200);
        !s.ok())
      return s;
    if (absl::Status s =
            CheckActionDay(c.published_on, r->year, today, absl::StrCat(field, ".published_on"));
        !s.ok()) {
      return s;
    }
    if (r->issue_date && c.published_on < *r->issue_date) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".published_on: ", time_util::FormatDay(c.published_on),
          " is before the report was sent (", time_util::FormatDay(*r->issue_date), ")"));
    }
    bool web = absl::StartsWith(c.url, "https://") || absl::StartsWith(c.url, "http://");
    if (c.kind == ChannelKind::kPortal && !web) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".url: a portal publication needs its http(s) address"));
    }
    if (!c.url.empty() && (!web || c.url.size() > 1000 || !validation::IsValidUtf8(c.url))) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".url: an http(s) address of at most 1000 bytes"));
    }
  }
  absl::StatusOr<Resolution> resolution = Resolve(*r);
  if (!resolution.ok()) return resolution.status();
  if (!resolution->problems.empty()) {
    const PlaceholderProblem& p = resolution->problems.front();
    return absl::FailedPreconditionError(
        absl::StrCat("the figures changed since approval: section ", p.section_key, ", {{",
                     p.placeholder, "}}: ", p.message, "; start over from review"));
  }
  PublishedVersion v;
  v.report_id = r->id;
  v.version = r->published_version + 1;
  v.department_id = r->department_id;
  v.year = r->year;
  v.title = r->title;
  v.kind = r->kind;
  v.channels = channels;
  v.publication_date =
      std::min_element(channels.begin(), channels.end(), [](const Channel& a, const Channel& b) {
        return a.published_on < b.published_on;
      })->published_on;
  v.recipients = r->recipients;
  v.correction_reason = r->correction_reason;
  v.acknowledgements = r->acknowledgements;
  ResolvedReport& document = resolution->document;
  for (const Acknowledgement& a : r->acknowledgements) {
    document.acknowledged_violations.push_back(AcknowledgedViolation{a.message, a.reason});
  }
  if (correction) document.version_note = VersionNote{v.version, r->correction_reason};
  v.html = RenderHtml(document);
  v.markdown = RenderMarkdown(document);
  v.text = RenderPlainText(document);
  v.html_sha256 = Sha256Hex(v.html);
  v.markdown_sha256 = Sha256Hex(v.markdown);
  v.text_sha256 = Sha256Hex(v.text);
  v.figures = resolution->figures;
  for (size_t i = 0; i < r->sections.size() && i < document.sections.size(); ++i) {
    v.sections.push_back(PublishedSection{r->sections[i].key, r->sections[i].text,
                                          absl::StrJoin(document.sections[i].paragraphs, "\n")});
  }
  if (correction) {
    absl::StatusOr<PublishedVersion> before = GetPublished(r->id, "", 0, r->published_version);
    if (!before.ok()) return before.status();
    v.changes = Changes(*before, v);
  }
  v.published_by = caller.audit.actor;
  v.publish_time = caller.now;
  // The figures the version printed must not change under it: lock the year first, so a failed
  // lock publishes nothing (a lock that outlives a failed write is harmless; a retry finds it).
  if (absl::Status s =
          deps_.figures->LockYear(r->year, r->department_id,
                                  absl::StrCat("《", r->title, "》第", v.version, "版已公开发布"));
      !s.ok()) {
    return s;
  }
  Report updated = *r;
  updated.state = ReportState::kPublished;
  updated.published_version = v.version;
  updated.channels = channels;
  updated.correction_reason.clear();
  updated.version = r->version + 1;
  updated.update_time = caller.now;
  if (absl::Status s = deps_.store->Publish(caller.audit, updated, r->version, v); !s.ok()) {
    return s;
  }
  return v;
}

absl::StatusOr<Report> ReportsApp::StartCorrection(const app::Caller& caller,
                                                   absl::string_view report_id,
                                                   absl::string_view reason,
                                                   int64_t expected_version) {
  if (absl::Status s = validation::CheckText(reason, "reason", 1, 2000); !s.ok()) return s;
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kPublished) {
    return absl::FailedPreconditionError(absl::StrCat("the report is ", ReportStateName(r->state),
                                                      "; only a published report is corrected"));
  }
  r->state = ReportState::kDraft;
  r->correction_reason = std::string(reason);
  // The acknowledgements belonged to the figures as they were; the next review looks again.
  r->acknowledgements.clear();
  return Save(caller, *std::move(r), "start_correction",
              audit::CreationJson({{"state", "draft"}, {"reason", std::string(reason)}}));
}

absl::StatusOr<PublishedVersion> ReportsApp::GetPublished(absl::string_view report_id,
                                                          absl::string_view department_id, int year,
                                                          int64_t version) {
  if (version < 0) return absl::InvalidArgumentError("version: 0 (the latest) or a version");
  std::string id(report_id);
  if (id.empty()) {
    if (department_id.empty() || year == 0) {
      return absl::InvalidArgumentError(
          "report_id: name the report, or its department_id and year");
    }
    if (absl::Status s = validation::CheckId(department_id, "department_id"); !s.ok()) return s;
    absl::StatusOr<std::optional<Report>> r = deps_.store->FindByUnitAndYear(department_id, year);
    if (!r.ok()) return r.status();
    if (!r->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("no published report of ", department_id, " for ", year));
    }
    id = (*r)->id;
  } else if (absl::Status s = validation::CheckId(id, "report_id"); !s.ok()) {
    // An id no report could have is the caller's mistake, not a missing report.
    return s;
  }
  absl::StatusOr<std::optional<PublishedVersion>> v = deps_.store->GetPublished(id, version);
  if (!v.ok()) return v.status();
  // A draft is not the public's business: an unpublished report reads as absent.
  if (!v->has_value()) {
    return absl::NotFoundError(
        version == 0 ? absl::StrCat("no published report '", id, "'")
                     : absl::StrCat("report '", id, "' has no published version ", version));
  }
  return **v;
}

absl::StatusOr<std::vector<PublishedVersion>> ReportsApp::ListPublished(
    int year, absl::string_view department_id, std::optional<std::pair<int, std::string>> after,
    int limit) {
  std::vector<std::string> units;
  if (!department_id.empty()) {
    // Checked here, so that a malformed id is the caller's INVALID_ARGUMENT naming the field,
    // not the registry's refusal passed on as FAILED_PRECONDITION.
    if (absl::Status s = validation::CheckId(department_id, "department_id"); !s.ok()) return s;
    absl::StatusOr<std::vector<Unit>> subtree = deps_.units->ListSubtree(department_id);
    if (!subtree.ok()) return subtree.status();
    for (const Unit& u : *subtree) units.push_back(u.id);
  }
  return deps_.store->ListPublished(year, units, std::move(after), limit);
}

}  // namespace fazhi::reports

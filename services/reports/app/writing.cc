// Starting a report, editing its sections, and its recipients.

#include <set>

#include "absl/strings/str_cat.h"
#include "common/app/request_key.h"
#include "common/audit/changes.h"
#include "common/time/date.h"
#include "common/validation/text.h"
#include "services/reports/app/placeholders.h"
#include "services/reports/app/reports_app.h"
#include "services/reports/domain/recipients.h"

namespace fazhi::reports {
namespace {

constexpr int kGovernmentKind = 1;  // fazhi.department.v1.DEPARTMENT_KIND_GOVERNMENT

UnitRef RefOf(const Unit& unit) { return UnitRef{unit.id, unit.name, unit.short_name}; }

// The registry unit a relation names, or none when the relation is not set.
absl::StatusOr<std::optional<UnitRef>> Related(UnitRegistry& units, const std::string& id) {
  if (id.empty()) return std::optional<UnitRef>();
  absl::StatusOr<Unit> unit = units.GetUnit(id);
  if (!unit.ok()) return unit.status();
  return std::optional<UnitRef>(RefOf(*unit));
}

// The registry facts the recipient rule needs for unit, as of day.
absl::StatusOr<RegistryFacts> LookUpFacts(UnitRegistry& units, const Unit& unit,
                                          absl::CivilDay day) {
  RegistryFacts facts;
  absl::StatusOr<UnitRelations> own = units.GetRelations(unit.id, day);
  if (!own.ok()) return own.status();
  if (UnitKindOf(unit) == UnitKind::kGovernment) {
    absl::StatusOr<std::optional<UnitRef>> party = Related(units, own->party_committee_id);
    if (!party.ok()) return party.status();
    facts.party_committee = *party;
    absl::StatusOr<std::optional<UnitRef>> congress =
        Related(units, own->congress_standing_committee_id);
    if (!congress.ok()) return congress.status();
    facts.congress_standing_committee = *congress;
    absl::StatusOr<std::optional<UnitRef>> superior = Related(units, own->superior_id);
    if (!superior.ok()) return superior.status();
    facts.superior_government = *superior;
    if (*superior) {
      absl::StatusOr<UnitRelations> up = units.GetRelations(own->superior_id, day);
      if (!up.ok()) return up.status();
      absl::StatusOr<std::optional<UnitRef>> up_party = Related(units, up->party_committee_id);
      if (!up_party.ok()) return up_party.status();
      facts.superior_party_committee = *up_party;
    }
    return facts;
  }
  absl::StatusOr<std::optional<UnitRef>> counterpart = Related(units, own->superior_id);
  if (!counterpart.ok()) return counterpart.status();
  facts.superior_counterpart = *counterpart;
  if (!unit.parent_id.empty()) {
    absl::StatusOr<Unit> government = units.GetUnit(unit.parent_id);
    if (!government.ok()) return government.status();
    if (government->kind == kGovernmentKind) {
      facts.government = RefOf(*government);
      absl::StatusOr<UnitRelations> gov = units.GetRelations(government->id, day);
      if (!gov.ok()) return gov.status();
      absl::StatusOr<std::optional<UnitRef>> party = Related(units, gov->party_committee_id);
      if (!party.ok()) return party.status();
      facts.government_party_committee = *party;
    }
  }
  return facts;
}

std::string Title(const std::string& unit_name, int year) {
  return absl::StrCat(unit_name, "关于", year, "年度法治政府建设情况的报告");
}

absl::Status CheckYear(int year, absl::CivilDay today) {
  // A report covers a year that has ended or is ending; the regulation started in 2019.
  if (year < 2019 || year > today.year()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "year: ", year, " is not a year a report can cover (2019 to ", today.year(), ")"));
  }
  return absl::OkStatus();
}

const Section* FindSection(const Report& r, absl::string_view key) {
  for (const Section& s : r.sections) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

}  // namespace

absl::StatusOr<Report> ReportsApp::CreateReport(const app::Caller& caller,
                                                absl::string_view department_id, int year,
                                                absl::string_view template_id,
                                                absl::string_view request_id) {
  if (department_id.empty()) return absl::InvalidArgumentError("department_id: name the unit");
  absl::CivilDay today = time_util::DayInChina(caller.now);
  if (absl::Status s = CheckYear(year, today); !s.ok()) return s;
  if (request_id.size() > 64 || !validation::IsValidUtf8(request_id)) {
    return absl::InvalidArgumentError("request_id: at most 64 bytes of UTF-8");
  }
  const std::string request_key = app::RequestKey(caller, request_id);
  if (!request_key.empty()) {
    absl::StatusOr<std::optional<Report>> first = deps_.store->FindByRequestId(request_key);
    if (!first.ok()) return first.status();
    if (first->has_value()) {
      if ((*first)->department_id != department_id || (*first)->year != year) {
        return absl::AlreadyExistsError(
            "request_id: used already for another unit's or year's report");
      }
      return **first;
    }
  }
  absl::StatusOr<Template> tmpl = GetTemplate(template_id);
  if (!tmpl.ok()) {
    if (tmpl.status().code() == absl::StatusCode::kNotFound ||
        tmpl.status().code() == absl::StatusCode::kInvalidArgument) {
      return absl::Status(tmpl.status().code(),
                          absl::StrCat("template_id: no template '", template_id, "'"));
    }
    return tmpl.status();
  }
  absl::StatusOr<Unit> unit = deps_.units->GetUnit(department_id);
  if (!unit.ok()) return unit.status();
  ReportingUnit reporting{unit->id, unit->name, unit->short_name, UnitKindOf(*unit)};
  absl::StatusOr<ReportKind> kind = ReportKindFor(reporting);
  if (!kind.ok()) return kind.status();
  if (tmpl->kind && *tmpl->kind != *kind) {
    return absl::InvalidArgumentError(
        absl::StrCat("template_id: template '", template_id, "' is for the other kind of report"));
  }
  // The registry as it stood at the end of the year reported on.
  absl::StatusOr<RegistryFacts> facts =
      LookUpFacts(*deps_.units, *unit, absl::CivilDay(year, 12, 31));
  if (!facts.ok()) return facts.status();
  absl::StatusOr<std::vector<Recipient>> recipients = RequiredRecipients(reporting, *facts);
  if (!recipients.ok()) return recipients.status();

  Report r;
  r.id = deps_.new_id();
  r.department_id = unit->id;
  r.year = year;
  r.kind = *kind;
  r.template_id = tmpl->id;
  r.title = Title(unit->name, year);
  r.issuer_name = unit->name;
  r.state = ReportState::kDraft;
  for (const TemplateSection& s : tmpl->sections) {
    r.sections.push_back(Section{s.key, s.level, s.heading, s.run_in, s.default_text});
  }
  r.recipients = *std::move(recipients);
  r.created_by = caller.audit.actor;
  r.create_time = r.update_time = caller.now;
  r.version = 1;
  absl::Status s = deps_.store->CreateReport(caller.audit, r, request_key);
  if (s.code() == absl::StatusCode::kAlreadyExists && !request_key.empty()) {
    // A concurrent retry with the same request id won the race: answer with its report.
    absl::StatusOr<std::optional<Report>> first = deps_.store->FindByRequestId(request_key);
    if (first.ok() && first->has_value()) return **first;
  }
  if (!s.ok()) return s;
  return r;
}

absl::StatusOr<Report> ReportsApp::GetReport(absl::string_view id) { return Load(id, "id"); }

absl::StatusOr<std::vector<Report>> ReportsApp::ListReports(const ReportListFilter& filter,
                                                            absl::string_view after_id, int limit) {
  ReportFilter f;
  f.year = filter.year;
  f.state = filter.state;
  if (!filter.department_id.empty()) {
    // Checked here, as ListPublished does, so that a malformed id is the caller's
    // INVALID_ARGUMENT naming the field rather than an empty page or the registry's refusal.
    if (absl::Status s = validation::CheckId(filter.department_id, "department_id"); !s.ok()) {
      return s;
    }
    if (filter.include_descendants) {
      absl::StatusOr<std::vector<Unit>> subtree = deps_.units->ListSubtree(filter.department_id);
      if (!subtree.ok()) return subtree.status();
      for (const Unit& u : *subtree) f.department_ids.push_back(u.id);
    } else {
      f.department_ids.push_back(filter.department_id);
    }
  }
  return deps_.store->ListReports(f, after_id, limit);
}

absl::Status ReportsApp::CheckSectionText(const Template& t, absl::string_view section_key,
                                          absl::string_view text) {
  absl::StatusOr<Definitions> definitions = CompileDefinitions(t);
  if (!definitions.ok()) return definitions.status();
  absl::Status s = CheckText(*definitions, text, *deps_.figures);
  if (s.ok()) return s;
  return absl::Status(s.code(), absl::StrCat("text (section ", section_key, "): ", s.message()));
}

absl::StatusOr<Report> ReportsApp::UpdateSection(const app::Caller& caller,
                                                 absl::string_view report_id,
                                                 absl::string_view section_key, std::string text,
                                                 int64_t expected_version) {
  // Named like CheckSectionText's errors, so every refusal of a text says which section.
  if (text.size() > kMaxSectionTextBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text (section ", section_key, "): ", text.size(),
                     " bytes; a section holds at most ", kMaxSectionTextBytes, " bytes"));
  }
  if (!validation::IsValidUtf8(text)) {
    return absl::InvalidArgumentError(
        absl::StrCat("text (section ", section_key, "): not valid UTF-8"));
  }
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kDraft) {
    return absl::FailedPreconditionError(
        absl::StrCat("the report is ", ReportStateName(r->state),
                     "; only a draft is edited (start a correction to change a published report)"));
  }
  const Section* section = FindSection(*r, section_key);
  if (section == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("section_key: the report has no section '", section_key, "'"));
  }
  absl::StatusOr<Template> tmpl = GetTemplate(r->template_id);
  if (!tmpl.ok()) return tmpl.status();
  if (absl::Status s = CheckSectionText(*tmpl, section_key, text); !s.ok()) return s;
  std::string before = section->text;
  for (Section& s : r->sections) {
    if (s.key == section_key) s.text = text;
  }
  return Save(
      caller, *std::move(r), "update_section",
      audit::ChangeJson({{std::string(section_key), before}}, {{std::string(section_key), text}}));
}

absl::StatusOr<Report> ReportsApp::AddRecipient(const app::Caller& caller,
                                                absl::string_view report_id,
                                                absl::string_view department_id,
                                                int64_t expected_version) {
  if (department_id.empty()) return absl::InvalidArgumentError("department_id: name the unit");
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kDraft && r->state != ReportState::kInReview &&
      r->state != ReportState::kApproved) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the report is ", ReportStateName(r->state), "; recipients are settled before it is sent"));
  }
  for (const Recipient& p : r->recipients) {
    if (p.department_id == department_id) {
      return absl::AlreadyExistsError(
          absl::StrCat("department_id: ", p.name, " is a recipient already"));
    }
  }
  absl::StatusOr<Unit> unit = deps_.units->GetUnit(department_id);
  if (!unit.ok()) {
    if (unit.status().code() == absl::StatusCode::kNotFound) {
      return absl::InvalidArgumentError(
          absl::StrCat("department_id: no unit '", department_id, "'"));
    }
    return unit.status();
  }
  if (unit->id == r->department_id) {
    return absl::InvalidArgumentError("department_id: a unit does not report to itself");
  }
  Recipient added{unit->id, unit->name, unit->short_name, RecipientBasis::kAddedByClerk};
  r->recipients.push_back(added);
  return Save(caller, *std::move(r), "add_recipient",
              audit::CreationJson({{"recipient", unit->id}, {"name", unit->name}}));
}

absl::StatusOr<Report> ReportsApp::RemoveRecipient(const app::Caller& caller,
                                                   absl::string_view report_id,
                                                   absl::string_view department_id,
                                                   int64_t expected_version) {
  absl::StatusOr<Report> r = LoadForChange(report_id, expected_version);
  if (!r.ok()) return r.status();
  if (r->state != ReportState::kDraft && r->state != ReportState::kInReview &&
      r->state != ReportState::kApproved) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the report is ", ReportStateName(r->state), "; recipients are settled before it is sent"));
  }
  std::vector<Recipient> after;
  bool found = false;
  for (const Recipient& p : r->recipients) {
    if (p.department_id == department_id) {
      found = true;
      continue;
    }
    after.push_back(p);
  }
  if (!found) {
    return absl::NotFoundError(
        absl::StrCat("department_id: ", department_id, " is not a recipient of this report"));
  }
  if (absl::Status s = CheckRecipientsKept(r->recipients, after); !s.ok()) return s;
  r->recipients = std::move(after);
  return Save(caller, *std::move(r), "remove_recipient",
              audit::CreationJson({{"recipient", std::string(department_id)}}));
}

}  // namespace fazhi::reports

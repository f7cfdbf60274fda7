// Templates are data: the regulation's five parts, a province's variant, a city's own.

#include "absl/strings/str_cat.h"
#include "services/reports/app/placeholders.h"
#include "services/reports/app/reports_app.h"
#include "services/reports/domain/template.h"

namespace fazhi::reports {

absl::StatusOr<Template> ReportsApp::CreateTemplate(const app::Caller& caller, Template t) {
  if (absl::Status s = ValidateTemplateShape(t); !s.ok()) return s;
  absl::StatusOr<Definitions> definitions = CompileDefinitions(t);
  if (!definitions.ok()) return definitions.status();
  for (size_t i = 0; i < t.sections.size(); ++i) {
    for (const auto& [field, text] :
         {std::make_pair("heading", &t.sections[i].heading),
          std::make_pair("default_text", &t.sections[i].default_text)}) {
      absl::Status s = CheckText(*definitions, *text, *deps_.figures);
      if (!s.ok()) {
        return absl::Status(s.code(), absl::StrCat("template.sections[", i, "].", field, " (",
                                                   t.sections[i].key, "): ", s.message()));
      }
    }
  }
  t.created_by = caller.audit.actor;
  t.create_time = caller.now;
  if (absl::Status s = deps_.store->CreateTemplate(caller.audit, t); !s.ok()) return s;
  return t;
}

absl::StatusOr<Template> ReportsApp::GetTemplate(absl::string_view id) {
  if (id.empty()) return absl::InvalidArgumentError("id: name the template");
  // An id no template could have (CreateTemplate's rule) is the caller's mistake, not a missing
  // template.
  if (absl::Status s = CheckTemplateId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Template>> t = deps_.store->GetTemplate(id);
  if (!t.ok()) return t.status();
  if (!t->has_value()) return absl::NotFoundError(absl::StrCat("id: no template '", id, "'"));
  return **t;
}

absl::StatusOr<std::vector<Template>> ReportsApp::ListTemplates(absl::string_view after_id,
                                                                int limit) {
  return deps_.store->ListTemplates(after_id, limit);
}

absl::StatusOr<bool> ReportsApp::EnsureTemplate(const app::Caller& caller, const Template& t) {
  absl::StatusOr<std::optional<Template>> existing = deps_.store->GetTemplate(t.id);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) return false;
  // Shipped templates are checked like any other, except against the catalogue: the statistics
  // service may not be up yet when this service starts.
  if (absl::Status s = ValidateTemplateShape(t); !s.ok()) return s;
  absl::StatusOr<Definitions> definitions = CompileDefinitions(t);
  if (!definitions.ok()) return definitions.status();
  Template stored = t;
  stored.created_by = caller.audit.actor;
  stored.create_time = caller.now;
  absl::Status s = deps_.store->CreateTemplate(caller.audit, stored);
  if (s.code() == absl::StatusCode::kAlreadyExists) return false;  // another replica won
  if (!s.ok()) return s;
  return true;
}

}  // namespace fazhi::reports

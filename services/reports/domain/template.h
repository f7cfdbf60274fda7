#ifndef FAZHI_SERVICES_REPORTS_DOMAIN_TEMPLATE_H_
#define FAZHI_SERVICES_REPORTS_DOMAIN_TEMPLATE_H_

// A report template: data, not code, so the regulation's five parts, a province's variant and a
// city's own all fit (services/reports/templates/).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/reports/domain/report.h"

namespace fazhi::reports {

struct TemplateSection {
  std::string key;
  int level = 1;
  std::string heading;
  bool run_in = false;
  std::string guidance;
  std::string default_text;
};

struct Definition {
  std::string name;
  std::string expression;
};

struct Template {
  std::string id;
  std::string name;
  std::string description;
  // The kind of report it is for; none: either.
  std::optional<ReportKind> kind;
  std::vector<TemplateSection> sections;
  std::vector<Definition> definitions;
  std::string created_by;
  absl::Time create_time;
};

// Limits that keep a report a document rather than a dump.
inline constexpr size_t kMaxSectionTextBytes = 64 * 1024;
inline constexpr size_t kMaxHeadingBytes = 500;
inline constexpr size_t kMaxSections = 200;

// The shape rules of a template, each error naming its field ("template.sections[3].key: ..."):
// id and keys well formed and unique, levels 0 to 4 and never deeper than one below the section
// before, headings present for numbered sections, text within the limits, valid UTF-8. The
// placeholder language (its definitions' cycles, its expressions) is checked by the caller with
// domain/placeholder.h.
absl::Status ValidateTemplateShape(const Template& t);

// A template id: 1 to 63 lower-case letters, digits and '-'. INVALID_ARGUMENT naming field.
absl::Status CheckTemplateId(absl::string_view id, absl::string_view field);

// A key, id or definition name: lower-case ASCII letters, digits and the given punctuation.
bool IsWellFormedKey(absl::string_view key, absl::string_view punctuation, size_t max_length);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_DOMAIN_TEMPLATE_H_

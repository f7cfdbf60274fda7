#ifndef FAZHI_SERVICES_REPORTS_APP_PLACEHOLDERS_H_
#define FAZHI_SERVICES_REPORTS_APP_PLACEHOLDERS_H_

// The placeholder language (domain/placeholder.h) as the use cases apply it: a template's
// definitions compiled once per use, and a text checked at save time against the catalogue.

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/reports/app/ports.h"
#include "services/reports/domain/placeholder.h"
#include "services/reports/domain/template.h"

namespace fazhi::reports {

using Definitions = FigureDefinitions;

// The template's definitions, parsed, with cycles and undefined names refused.
absl::StatusOr<FigureDefinitions> CompileDefinitions(const Template& t);

// A text as saved: it parses, and every indicator it names is in the statistics catalogue
// (INVALID_ARGUMENT naming the placeholder otherwise). A figure without a value yet is fine.
absl::Status CheckText(const FigureDefinitions& definitions, absl::string_view text,
                       FigureService& figures);

// The figure a placeholder names, with the report's unit filled in where it names none.
FigureRef InUnit(const FigureRef& ref, absl::string_view report_unit);

}  // namespace fazhi::reports

#endif  // FAZHI_SERVICES_REPORTS_APP_PLACEHOLDERS_H_

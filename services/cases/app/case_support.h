#ifndef FAZHI_SERVICES_CASES_APP_CASE_SUPPORT_H_
#define FAZHI_SERVICES_CASES_APP_CASE_SUPPORT_H_

// What several enforcement case use cases share: loading a case, the units a request covers,
// the event a change records, and what the caller may see of the result.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/directory/unit_directory.h"
#include "services/cases/app/caller.h"
#include "services/cases/app/case_repository.h"

namespace fazhi::cases {

// The case without its events; NOT_FOUND naming field when there is none.
absl::StatusOr<EnforcementCase> LoadCase(CaseRepository& store, absl::string_view id,
                                         absl::string_view field);

// An active (when must_be_active) department the registry knows; NOT_FOUND naming field when it
// does not, FAILED_PRECONDITION when it is dissolved.
absl::Status CheckDepartment(directory::UnitDirectory& units, absl::string_view id,
                             absl::string_view field, bool must_be_active);

// The unit alone, or with its subtree; INVALID_ARGUMENT or NOT_FOUND naming field.
absl::StatusOr<std::vector<std::string>> DepartmentsOf(directory::UnitDirectory& units,
                                                       absl::string_view id, bool descendants,
                                                       absl::string_view field);

// A note is optional; when given it is 1 to kMaxNoteChars characters.
absl::Status CheckNote(absl::string_view note, absl::string_view field);

// The event recording the change from before to after by the caller.
CaseEvent NewEvent(const EnforcementCase& before, const EnforcementCase& after,
                   absl::string_view action, const Caller& caller, std::string note,
                   std::vector<Evidence> evidence);

// Marks c as changed now by the caller.
void Stamp(EnforcementCase& c, const Caller& caller);

// The case as the caller may see it: its own department handles the party's personal data.
CaseView ViewFor(EnforcementCase c, const Caller& caller);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_CASE_SUPPORT_H_

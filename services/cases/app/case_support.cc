#include "services/cases/app/case_support.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/auth/policy.h"
#include "common/validation/text.h"

namespace fazhi::cases {

absl::StatusOr<EnforcementCase> LoadCase(CaseRepository& store, absl::string_view id,
                                         absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<EnforcementCase>> c = store.GetCase(id, false);
  if (!c.ok()) return c.status();
  if (!c->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no enforcement case with id '", id, "'"));
  }
  return **std::move(c);
}

absl::Status CheckDepartment(directory::UnitDirectory& units, absl::string_view id,
                             absl::string_view field, bool must_be_active) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  absl::StatusOr<std::optional<directory::Unit>> unit = units.Find(id);
  if (!unit.ok()) return unit.status();
  if (!unit->has_value()) {
    return absl::NotFoundError(absl::StrCat(field, ": no department with id '", id, "'"));
  }
  if (must_be_active && !(*unit)->active) {
    return absl::FailedPreconditionError(
        absl::StrCat(field, ": department '", id, "' is dissolved and files no new cases"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<std::string>> DepartmentsOf(directory::UnitDirectory& units,
                                                       absl::string_view id, bool descendants,
                                                       absl::string_view field) {
  if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  return directory::UnitOrSubtree(units, id, descendants, field);
}

absl::Status CheckNote(absl::string_view note, absl::string_view field) {
  if (note.empty()) return absl::OkStatus();
  return validation::CheckText(note, field, 1, kMaxNoteChars);
}

CaseEvent NewEvent(const EnforcementCase& before, const EnforcementCase& after,
                   absl::string_view action, const Caller& caller, std::string note,
                   std::vector<Evidence> evidence) {
  CaseEvent e;
  e.from_stage = before.stage;
  e.to_stage = after.stage;
  e.action = std::string(action);
  e.actor = caller.audit.actor;
  e.time = caller.now;
  e.note = std::move(note);
  e.evidence = std::move(evidence);
  return e;
}

void Stamp(EnforcementCase& c, const Caller& caller) {
  c.update_time = caller.now;
  c.updated_by = caller.audit.actor;
}

CaseView ViewFor(EnforcementCase c, const Caller& caller) {
  bool reveal = auth::MaySeePersonalData(caller.principal, c.department_id);
  return CaseView{std::move(c), reveal};
}

}  // namespace fazhi::cases

#include "services/department/app/relations.h"

#include "absl/strings/str_cat.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::department {
namespace {

absl::StatusOr<Department> Require(RelationRepository& repo, absl::string_view id,
                                   absl::string_view field, bool not_found_is_invalid) {
  absl::StatusOr<std::optional<Department>> found = repo.FindDepartment(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    std::string message = absl::StrCat(field, ": no department with id '", id, "'");
    return not_found_is_invalid ? absl::InvalidArgumentError(message)
                                : absl::NotFoundError(message);
  }
  return **found;
}

// Ends the relation in force on day (related_id empty).
absl::StatusOr<SetRelationResult> EndRelation(RelationRepository& repo,
                                              const SetRelationCommand& command,
                                              const std::optional<Relation>& latest,
                                              absl::CivilDay day, const app::Caller& caller) {
  if (!latest || (latest->valid_to && *latest->valid_to <= day)) {
    return absl::FailedPreconditionError(
        absl::StrCat("no ", RelationKindName(command.kind), " relation of '", command.department_id,
                     "' is in force on ", time_util::FormatDay(day), "; there is nothing to end"));
  }
  if (day == latest->valid_from) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date: the ", RelationKindName(command.kind), " relation of '",
                     command.department_id, "' begins on ", time_util::FormatDay(day),
                     " and can end on the day after at the earliest"));
  }
  Relation ended = *latest;
  ended.valid_to = day;
  if (absl::Status s = repo.Replace(*latest, ended, "end_relation", command.reason, caller.now);
      !s.ok()) {
    return s;
  }
  return SetRelationResult{std::move(ended), true};
}

}  // namespace

absl::StatusOr<SetRelationResult> SetRelation(RelationRepository& repo,
                                              const SetRelationCommand& command,
                                              const app::Caller& caller) {
  if (absl::Status s = ValidateSetRelation(command); !s.ok()) return s;
  const absl::CivilDay day = *command.effective_date;
  absl::StatusOr<Department> unit = Require(repo, command.department_id, "department_id",
                                            /*not_found_is_invalid=*/false);
  if (!unit.ok()) return unit.status();
  absl::StatusOr<std::optional<Relation>> latest = repo.Latest(command.department_id, command.kind);
  if (!latest.ok()) return latest.status();
  if (latest->has_value() && day < (*latest)->valid_from) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_date ", time_util::FormatDay(day), " is before ",
                     time_util::FormatDay((*latest)->valid_from), ", from which the latest ",
                     RelationKindName(command.kind), " relation of '", command.department_id,
                     "' is in force; earlier history is not rewritten"));
  }
  if (command.related_id.empty()) return EndRelation(repo, command, *latest, day, caller);

  if (absl::Status s = CheckReportingUnit(*unit, command.kind); !s.ok()) return s;
  absl::StatusOr<Department> related =
      Require(repo, command.related_id, "related_id", /*not_found_is_invalid=*/true);
  if (!related.ok()) return related.status();
  if (absl::Status s = CheckRelatedUnit(*unit, command.kind, *related); !s.ok()) return s;
  if (absl::Status s = CheckActiveOn(*unit, day, "department_id"); !s.ok()) return s;
  if (absl::Status s = CheckActiveOn(*related, day, "related_id"); !s.ok()) return s;

  Relation next;
  next.department_id = command.department_id;
  next.kind = command.kind;
  next.related_id = command.related_id;
  next.related_name = related->name;
  next.valid_from = day;
  next.reason = command.reason;
  next.set_by = caller.audit.actor;
  next.set_time = caller.now;

  if (latest->has_value()) {
    const Relation& current = **latest;
    if (current.related_id == command.related_id &&
        (!current.valid_to || day <= *current.valid_to)) {
      // The same unit from that day on already, or until a later end that this set lifts.
      if (!current.valid_to) return SetRelationResult{current, false};
      Relation extended = current;
      extended.valid_to.reset();
      if (absl::Status s =
              repo.Replace(current, extended, "extend_relation", command.reason, caller.now);
          !s.ok()) {
        return s;
      }
      return SetRelationResult{std::move(extended), true};
    }
    if (day == current.valid_from) {
      // A correction of the latest relation on its own first day: the audit log keeps the old.
      if (absl::Status s =
              repo.Replace(current, next, "correct_relation", command.reason, caller.now);
          !s.ok()) {
        return s;
      }
      return SetRelationResult{std::move(next), true};
    }
    if (!current.valid_to || *current.valid_to > day) {
      Relation ended = current;
      ended.valid_to = day;
      if (absl::Status s = repo.Replace(current, ended, "end_relation", command.reason, caller.now);
          !s.ok()) {
        return s;
      }
    }
  }
  if (absl::Status s = repo.Insert(next); !s.ok()) return s;
  return SetRelationResult{std::move(next), true};
}

}  // namespace fazhi::department

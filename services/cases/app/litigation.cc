#include "services/cases/app/litigation.h"

#include <functional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/app/request_key.h"
#include "common/auth/policy.h"
#include "common/ids/ids.h"
#include "common/validation/text.h"

namespace fazhi::cases {
namespace {

LawsuitView ViewFor(Lawsuit suit, const app::Caller& caller) {
  bool reveal = auth::MaySeeComplainantAndPlaintiffNames(caller.principal);
  return LawsuitView{std::move(suit), reveal};
}

absl::StatusOr<Lawsuit> Require(LawsuitRepository& store, absl::string_view id) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  absl::StatusOr<std::optional<Lawsuit>> found = store.GetLawsuit(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return absl::NotFoundError(absl::StrCat("id: no lawsuit '", id, "'"));
  return **found;
}

absl::StatusOr<LawsuitView> Step(LawsuitRepository& store, absl::string_view id,
                                 absl::string_view etag, absl::string_view action,
                                 const std::function<absl::Status(Lawsuit&)>& rule,
                                 const app::Caller& caller) {
  absl::StatusOr<Lawsuit> suit = Require(store, id);
  if (!suit.ok()) return suit.status();
  if (absl::Status s = api::CheckEtag(etag, suit->stamps.version, "etag"); !s.ok()) return s;
  int64_t version = suit->stamps.version;
  if (absl::Status s = rule(*suit); !s.ok()) return s;
  absl::StatusOr<Lawsuit> stored = store.UpdateLawsuit(*suit, version, action, caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

}  // namespace

absl::StatusOr<LawsuitView> CreateLawsuit(LawsuitRepository& store, CaseFacts& cases,
                                          ReconsiderationRepository& reconsiderations,
                                          directory::UnitDirectory& units,
                                          CreateLawsuitCommand command, const app::Caller& caller) {
  if (absl::Status s = validation::CheckText(command.request_id, "request_id", 0, 64); !s.ok()) {
    return s;
  }
  Lawsuit& suit = command.lawsuit;
  for (const auto& [id, field] :
       {std::pair<std::string, const char*>{suit.case_id, "lawsuit.case_id"},
        {suit.reconsideration_id, "lawsuit.reconsideration_id"}}) {
    if (id.empty()) continue;
    if (absl::Status s = validation::CheckId(id, field); !s.ok()) return s;
  }
  absl::StatusOr<directory::Unit> defendant =
      RequireUnit(units, suit.defendant_department_id, "lawsuit.defendant_department_id");
  if (!defendant.ok()) return defendant.status();
  if (absl::Status s = CheckNewLawsuit(suit, defendant->kind, "lawsuit."); !s.ok()) return s;
  if (!suit.case_id.empty()) {
    absl::StatusOr<std::optional<FiledCaseFacts>> found = cases.FindCase(suit.case_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(
          absl::StrCat("lawsuit.case_id: no enforcement case '", suit.case_id, "'"));
    }
  }
  if (!suit.reconsideration_id.empty()) {
    absl::StatusOr<std::optional<Reconsideration>> found =
        reconsiderations.GetReconsideration(suit.reconsideration_id);
    if (!found.ok()) return found.status();
    if (!found->has_value()) {
      return absl::NotFoundError(absl::StrCat("lawsuit.reconsideration_id: no reconsideration '",
                                              suit.reconsideration_id, "'"));
    }
  }
  suit.id = ids::NewResourceId("lawsuit");
  absl::StatusOr<Lawsuit> stored =
      store.CreateLawsuit(suit, app::RequestKey(caller, command.request_id), caller.audit);
  if (!stored.ok()) return stored.status();
  return ViewFor(*std::move(stored), caller);
}

absl::StatusOr<LawsuitView> GetLawsuit(LawsuitRepository& store, absl::string_view id,
                                       const app::Caller& caller) {
  absl::StatusOr<Lawsuit> suit = Require(store, id);
  if (!suit.ok()) return suit.status();
  return ViewFor(*std::move(suit), caller);
}

absl::StatusOr<LawsuitView> RecordHearing(LawsuitRepository& store, absl::string_view id,
                                          absl::string_view etag, const Hearing& hearing,
                                          const app::Caller& caller) {
  return Step(
      store, id, etag, "record_hearing", [&](Lawsuit& suit) { return AddHearing(suit, hearing); },
      caller);
}

absl::StatusOr<LawsuitView> RecordJudgment(LawsuitRepository& store, absl::string_view id,
                                           absl::string_view etag, JudgmentOutcome outcome,
                                           absl::CivilDay date, const app::Caller& caller) {
  return Step(
      store, id, etag, "record_judgment",
      [&](Lawsuit& suit) { return cases::RecordJudgment(suit, outcome, date); }, caller);
}

absl::StatusOr<std::vector<LawsuitView>> ListLawsuits(LawsuitRepository& store,
                                                      const ReviewFilter& filter,
                                                      const std::optional<DateCursor>& after,
                                                      int limit, const app::Caller& caller) {
  absl::StatusOr<std::vector<Lawsuit>> rows = store.ListLawsuits(filter, after, limit);
  if (!rows.ok()) return rows.status();
  std::vector<LawsuitView> views;
  views.reserve(rows->size());
  for (Lawsuit& suit : *rows) views.push_back(ViewFor(std::move(suit), caller));
  return views;
}

}  // namespace fazhi::cases

#ifndef FAZHI_SERVICES_CASES_STORE_CASE_FACTS_STORE_H_
#define FAZHI_SERVICES_CASES_STORE_CASE_FACTS_STORE_H_

// What a supervision, reconsideration or litigation record needs of the enforcement case it
// names. Read-only: the enforcement tables belong to the enforcement case service.

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/database.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

class CaseFactsStore final : public CaseFacts {
 public:
  explicit CaseFactsStore(db::Database* db) : db_(db) {}

  // None when there is no such case.
  absl::StatusOr<std::optional<FiledCaseFacts>> FindCase(absl::string_view case_id) override;

 private:
  db::Database* db_;
};

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_STORE_CASE_FACTS_STORE_H_

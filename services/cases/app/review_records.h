#ifndef FAZHI_SERVICES_CASES_APP_REVIEW_RECORDS_H_
#define FAZHI_SERVICES_CASES_APP_REVIEW_RECORDS_H_

// What the supervision, reconsideration and litigation use cases share: the list filter and
// keyset cursor of their List calls (their encoding as page tokens is the API's), the facts of
// the enforcement case a record names, and the unit checks of a new record.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/directory/unit_directory.h"
#include "services/cases/domain/supervision.h"

namespace fazhi::cases {

struct ReviewFilter {
  // The departments whose records to list; empty: every department.
  std::vector<std::string> department_ids;
  // Records of this year (filing, review, receipt, application or filing in court); 0: any.
  int year = 0;
};

// Keyset paging position: the record's date (yyyymmdd) then its id.
struct DateCursor {
  int64_t ymd = 0;
  std::string id;
};

// Read-only facts of enforcement cases (store/case_facts_store.h): the enforcement tables belong
// to the enforcement case service.
class CaseFacts {
 public:
  virtual ~CaseFacts() = default;
  // None when there is no such case.
  virtual absl::StatusOr<std::optional<FiledCaseFacts>> FindCase(absl::string_view case_id) = 0;
};

// The unit of the registry id names; INVALID_ARGUMENT or NOT_FOUND naming field otherwise.
absl::StatusOr<directory::Unit> RequireUnit(directory::UnitDirectory& units, absl::string_view id,
                                            absl::string_view field);

// The departments a call covers: none (every department) for an empty id, else the unit
// (NOT_FOUND when unknown) or its whole subtree; errors name department_id.
absl::StatusOr<std::vector<std::string>> ListScope(directory::UnitDirectory& units,
                                                   absl::string_view department_id,
                                                   bool include_descendants);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_APP_REVIEW_RECORDS_H_

#ifndef FAZHI_SERVICES_CASES_API_REVIEW_CONVERT_H_
#define FAZHI_SERVICES_CASES_API_REVIEW_CONVERT_H_

// What the supervision, reconsideration and litigation handlers share: personal names as the
// caller may see them, the unit scope of a List call, its page tokens, stamps and dates.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/api/paging.h"
#include "common/directory/unit_directory.h"
#include "fazhi/common/v1/common.pb.h"
#include "services/cases/app/review_records.h"
#include "services/cases/domain/supervision.h"
#include "services/cases/store/record_sql.h"

namespace fazhi::cases {

// A person's name in full when reveal_personal_data (the handler asks common/auth/policy.h),
// else masked (张*).
std::string NameFor(bool reveal_personal_data, absl::string_view name);

common::v1::AuditStamps StampsToProto(const RecordStamps& stamps);

// The request's id and etag are well formed (INVALID_ARGUMENT naming them otherwise).
absl::Status CheckIdAndEtag(absl::string_view id, absl::string_view etag);
// INVALID_ARGUMENT naming year unless 0 (any) or a plausible year.
absl::Status CheckListYear(int year);

// The cursor of a page token made by EncodeCursor for the same query; none for an empty token.
absl::StatusOr<std::optional<DateCursor>> DecodeCursor(const api::PageTokenCodec& codec,
                                                       absl::string_view token,
                                                       absl::string_view query);
std::string EncodeCursor(const api::PageTokenCodec& codec, absl::string_view query,
                         absl::CivilDay day, absl::string_view id);

// What every list of review records reads from its request: the page size, the unit scope and
// year as a filter, and the cursor of its page token, which is bound to query (the RPC and its
// filters) so a token is never replayed against another list.
struct ListRequest {
  int page_size = 0;
  ReviewFilter filter;
  std::string query;
  std::optional<DateCursor> after;
};
absl::StatusOr<ListRequest> ReadListRequest(const api::PageTokenCodec& codec,
                                            directory::UnitDirectory& units, absl::string_view rpc,
                                            const std::string& department_id,
                                            bool include_descendants, int year,
                                            absl::string_view other_filters,
                                            const common::v1::PageRequest& page);

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_API_REVIEW_CONVERT_H_

#include "services/cases/api/review_convert.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/proto_time.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::cases {

std::string NameFor(bool reveal_personal_data, absl::string_view name) {
  return reveal_personal_data ? std::string(name) : MaskPersonName(name);
}

common::v1::AuditStamps StampsToProto(const RecordStamps& stamps) {
  common::v1::AuditStamps out;
  *out.mutable_create_time() = api::TimeToProto(stamps.create_time);
  out.set_created_by(stamps.created_by);
  *out.mutable_update_time() = api::TimeToProto(stamps.update_time);
  out.set_updated_by(stamps.updated_by);
  return out;
}

absl::Status CheckListYear(int year) {
  if (year != 0 && (year < 1990 || year > 2200)) {
    return absl::InvalidArgumentError(
        absl::StrCat("year: ", year, " is not a year this service keeps records of (0: any)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<DateCursor>> DecodeCursor(const api::PageTokenCodec& codec,
                                                       absl::string_view token,
                                                       absl::string_view query) {
  absl::StatusOr<std::optional<std::vector<std::string>>> parts = codec.DecodePage(token, query, 2);
  if (!parts.ok()) return parts.status();
  if (!parts->has_value()) return std::optional<DateCursor>();
  DateCursor cursor;
  if (!absl::SimpleAtoi((**parts)[0], &cursor.ymd)) {
    return absl::InvalidArgumentError("page.page_token is malformed; start again without it");
  }
  cursor.id = (**parts)[1];
  return std::optional<DateCursor>(std::move(cursor));
}

std::string EncodeCursor(const api::PageTokenCodec& codec, absl::string_view query,
                         absl::CivilDay day, absl::string_view id) {
  return codec.Encode(query, {absl::StrCat(time_util::ToYmd(day)), std::string(id)});
}

absl::StatusOr<ListRequest> ReadListRequest(const api::PageTokenCodec& codec,
                                            directory::UnitDirectory& units, absl::string_view rpc,
                                            const std::string& department_id,
                                            bool include_descendants, int year,
                                            absl::string_view other_filters,
                                            const common::v1::PageRequest& page) {
  ListRequest list;
  absl::StatusOr<int> page_size = api::ResolvePageSize(page.page_size());
  if (!page_size.ok()) return page_size.status();
  list.page_size = *page_size;
  if (absl::Status s = CheckListYear(year); !s.ok()) return s;
  list.query = absl::StrCat(rpc, "|", department_id, "|", include_descendants, "|", year, "|",
                            other_filters);
  absl::StatusOr<std::optional<DateCursor>> after =
      DecodeCursor(codec, page.page_token(), list.query);
  if (!after.ok()) return after.status();
  list.after = *after;
  absl::StatusOr<std::vector<std::string>> scope =
      ListScope(units, department_id, include_descendants);
  if (!scope.ok()) return scope.status();
  list.filter.department_ids = *std::move(scope);
  list.filter.year = year;
  return list;
}

absl::Status CheckIdAndEtag(absl::string_view id, absl::string_view etag) {
  if (absl::Status s = validation::CheckId(id, "id"); !s.ok()) return s;
  return api::ParseEtag(etag, "etag").status();
}

}  // namespace fazhi::cases

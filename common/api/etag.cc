#include "common/api/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace fazhi::api {

std::string FormatEtag(int64_t version) { return absl::StrCat("\"", version, "\""); }

absl::StatusOr<int64_t> ParseEtag(absl::string_view etag, absl::string_view field) {
  if (etag.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " is required: read the record first and send back its etag"));
  }
  absl::string_view body = etag;
  int64_t version = 0;
  if (!absl::ConsumePrefix(&body, "\"") || !absl::ConsumeSuffix(&body, "\"") ||
      !absl::SimpleAtoi(body, &version) || version < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, " '", etag.substr(0, 40), "' is not an etag this service issued"));
  }
  return version;
}

absl::Status CheckEtag(absl::string_view etag, int64_t current_version, absl::string_view field) {
  absl::StatusOr<int64_t> version = ParseEtag(etag, field);
  if (!version.ok()) return version.status();
  if (*version != current_version) {
    return absl::AbortedError(
        absl::StrCat(field, " ", etag, " is stale: the record has changed since (now ",
                     FormatEtag(current_version), "); read it again and reapply your change"));
  }
  return absl::OkStatus();
}

}  // namespace fazhi::api

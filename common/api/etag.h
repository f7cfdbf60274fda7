#ifndef FAZHI_COMMON_API_ETAG_H_
#define FAZHI_COMMON_API_ETAG_H_

// Etags for optimistic concurrency: every stored row has a version that each change increments;
// its etag is that version, quoted as HTTP does. An update that carries an older etag than the
// stored one is refused with ABORTED, so two clerks never overwrite each other unknowingly.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace fazhi::api {

std::string FormatEtag(int64_t version);

// INVALID_ARGUMENT naming the field when the etag is empty or not one this service issued.
absl::StatusOr<int64_t> ParseEtag(absl::string_view etag, absl::string_view field);

// OK when the etag names the current version; ABORTED when it is stale; INVALID_ARGUMENT when it
// is missing or malformed.
absl::Status CheckEtag(absl::string_view etag, int64_t current_version, absl::string_view field);

}  // namespace fazhi::api

#endif  // FAZHI_COMMON_API_ETAG_H_

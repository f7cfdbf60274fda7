#ifndef FAZHI_COMMON_IDS_IDS_H_
#define FAZHI_COMMON_IDS_IDS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace fazhi::ids {

// A resource id for a record whose caller did not choose one: prefix, '-', 12 random hex digits
// ("dept-3f09c2a1b7e4"). Valid under validation::CheckId.
std::string NewResourceId(absl::string_view prefix);

// 32 hex characters: time, a per-process sequence, then randomness. Records written by one
// process in the same microsecond sort in the order they were written; replicas never collide.
std::string NewSortableId(absl::Time now);

}  // namespace fazhi::ids

#endif  // FAZHI_COMMON_IDS_IDS_H_

#include "services/statistics/app/figures.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace fazhi::statistics {

absl::StatusOr<StoredPoint> Figures::Get(const PointKey& key) {
  absl::StatusOr<std::map<PointKey, StoredPoint>> found = store_->GetPoints({key});
  if (!found.ok()) return found.status();
  auto it = found->find(key);
  if (it == found->end()) {
    const auto& [code, unit, period_key] = key;
    return absl::NotFoundError(
        absl::StrCat("no figure of '", code, "' for '", unit, "' in ", period_key));
  }
  return it->second;
}

absl::StatusOr<std::vector<RevisionRecord>> Figures::Revisions(const PointKey& key) {
  return store_->ListRevisions(key);
}

}  // namespace fazhi::statistics

#include "services/statistics/app/figures.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "common/api/paging.h"

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

absl::StatusOr<RevisionPage> Figures::Revisions(const PointKey& key, int64_t after, int page_size) {
  absl::StatusOr<std::vector<RevisionRecord>> rows =
      store_->ListRevisions(key, after, page_size + 1);
  if (!rows.ok()) return rows.status();
  RevisionPage page;
  page.more = api::TrimToPage(*rows, page_size);
  page.revisions = *std::move(rows);
  return page;
}

}  // namespace fazhi::statistics

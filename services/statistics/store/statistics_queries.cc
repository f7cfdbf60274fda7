// The statistics store's reading queries beyond plain aggregation: completeness.

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/fragment.h"
#include "services/statistics/store/statistics_store.h"

namespace fazhi::statistics {
namespace {

// Bounded IN lists, as in statistics_store.cc: small statements with reusable plans.
constexpr size_t kUnitChunk = 500;

}  // namespace

absl::StatusOr<FirstReceipts> StatisticsStore::FindFirstReceipts(
    absl::string_view period_key, const std::vector<std::string>& codes,
    const std::vector<std::string>& departments) {
  FirstReceipts out;
  if (codes.empty()) return out;
  for (size_t start = 0; start < departments.size(); start += kUnitChunk) {
    size_t n = std::min(kUnitChunk, departments.size() - start);
    std::vector<db::Value> params{std::string(period_key)};
    params.insert(params.end(), codes.begin(), codes.end());
    params.insert(params.end(), departments.begin() + start, departments.begin() + start + n);
    // Revisions are never deleted, so a point's earliest revision is when it was first received.
    absl::StatusOr<db::Result> r = db_->Execute(
        absl::StrCat("SELECT department_id, indicator_code, MIN(time_us) FROM "
                     "data_point_revisions WHERE period_key = ? AND indicator_code IN (",
                     db::Placeholders(codes.size()), ") AND department_id IN (",
                     db::Placeholders(n), ") GROUP BY department_id, indicator_code"),
        params);
    if (!r.ok()) return r.status();
    for (const db::Row& row : r->rows) {
      out.emplace(std::make_pair(row.Text(0), row.Text(1)), absl::FromUnixMicros(row.Int(2)));
    }
  }
  return out;
}

}  // namespace fazhi::statistics

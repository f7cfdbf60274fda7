#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_INGEST_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_INGEST_H_

// The rules a submitted figure must pass before it is stored. A failing row is rejected with the
// field at fault and a reason a clerk can act on; one bad row does not lose the good ones unless
// the caller asked for all or nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "common/time/period.h"
#include "services/statistics/domain/indicator.h"
#include "services/statistics/domain/unit_directory.h"

namespace fazhi::statistics {

enum class ImportMode { kUpsert, kCreateOnly, kUpdate };

struct PointInput {
  std::string indicator_code;
  std::string department_id;
  time_util::Period period;
  int64_t value = 0;
  // Its position in the submission (for CSV, the data row), as rejections report it.
  int64_t row = 0;
};

struct RowRejection {
  int64_t index = 0;
  std::string field;
  std::string reason;
  // What the whole call answers when it is all-or-nothing: INVALID_ARGUMENT, PERMISSION_DENIED
  // (another unit's figures) or FAILED_PRECONDITION (a locked period).
  absl::StatusCode code = absl::StatusCode::kInvalidArgument;
};

struct RowFacts {
  const Indicator* indicator = nullptr;  // null: not in the catalogue
  std::optional<Unit> unit;              // empty: not in the registry
  // The id of an active lock covering the unit and period, or "".
  std::string lock_id;
  // Whether the caller may report this unit's figures (auth::MayReportFiguresFor).
  bool may_write = true;
  // Whether a figure is already stored for the key.
  bool exists = false;
};

// The first rule the row breaks, or nothing. list and index name the row in messages
// ("points[3]", or "csv[3]" for a CSV import).
std::optional<RowRejection> CheckRow(int64_t index, const PointInput& point, const RowFacts& facts,
                                     ImportMode mode, absl::CivilDay today,
                                     absl::string_view list = "points");

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_INGEST_H_

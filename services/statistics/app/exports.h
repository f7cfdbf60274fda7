#ifndef FAZHI_SERVICES_STATISTICS_APP_EXPORTS_H_
#define FAZHI_SERVICES_STATISTICS_APP_EXPORTS_H_

// The export use cases: the stored figures of one period for a unit or its subtree, read a page
// at a time in (indicator, unit) order so that neither a stream nor the server holds a whole
// period at once; and the same figures as one CSV, bounded.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/directory/unit_directory.h"
#include "common/time/period.h"
#include "services/statistics/app/export_ports.h"

namespace fazhi::statistics {

struct ExportQuery {
  time_util::Period period;
  std::string department_id;
  // The unit's whole subtree, as the department registry has it now.
  bool include_descendants = false;
  // Every indicator when empty.
  std::vector<std::string> indicator_codes;
};

// How much an export reads at once and how large a CSV may grow.
struct ExportLimits {
  // Figures per page: one statement, and one batch of a stream's messages.
  int page_size = 1000;
  // A CSV is answered in one message; past this many figures the caller must stream.
  int64_t max_csv_rows = 200000;
};

// Where an export stands: what it reads and how far it got.
struct ExportCursor {
  std::string period_key;
  std::vector<std::string> units;
  std::vector<std::string> codes;
  // The (indicator, unit) of the last figure read; empty before the first page.
  std::pair<std::string, std::string> after;
  // Set when the last page has been read.
  bool done = false;
};

class Exports {
 public:
  Exports(ExportStore* store, directory::UnitDirectory* units, ExportLimits limits = {})
      : store_(store), units_(units), limits_(limits) {}

  // Checks the query and resolves its units: INVALID_ARGUMENT naming indicator_codes[i] for a
  // malformed code; NOT_FOUND naming department_id for a unit the registry does not know.
  absl::StatusOr<ExportCursor> Start(const ExportQuery& query);
  // The next page of figures after the cursor, at most page_size of them; moves the cursor on
  // and marks it done after the last page (a short one).
  absl::StatusOr<std::vector<ExportRow>> Next(ExportCursor* cursor);
  // Every figure of the query as CSV that ImportCsv reads back. FAILED_PRECONDITION when more
  // than max_csv_rows match.
  absl::StatusOr<std::string> Csv(const ExportQuery& query);

 private:
  ExportStore* store_;
  directory::UnitDirectory* units_;
  ExportLimits limits_;
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_EXPORTS_H_

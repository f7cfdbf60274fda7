#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_CSV_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_CSV_H_

// The CSV form of data points, as units export them from their spreadsheets and as ExportCsv
// writes them: a header row naming the columns indicator_code, department_id, period and value
// (or value_yuan, an amount in 元 with up to two decimals), then one figure per row. RFC 4180
// quoting, CRLF or LF line ends, and an Excel byte-order mark are accepted.

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/statistics/domain/ingest.h"

namespace fazhi::statistics {

struct ParsedCsv {
  // The rows that read as figures, each with its 0-based data-row index.
  std::vector<PointInput> points;
  // The rows that did not (wrong number of cells, bad period, malformed value or amount).
  std::vector<RowRejection> rejected;
};

// INVALID_ARGUMENT naming "csv" when the file as a whole cannot be read: no header, a missing or
// unknown column, an unterminated quote, or more than max_rows data rows. Records are read one at
// a time and refused at the first row past max_rows, so memory follows the rows kept (at most
// max_rows), never the size of the text. Row faults are rejections, so the good rows still count.
absl::StatusOr<ParsedCsv> ParseDataPointCsv(absl::string_view csv,
                                            int64_t max_rows = std::numeric_limits<int64_t>::max());

// An amount in 元 ("1500000", "12.5", "12.05", "-3.10") as 分; an error for anything else,
// including a third decimal, thousands separators or an exponent.
absl::StatusOr<int64_t> ParseYuan(absl::string_view text);

struct CsvPoint {
  std::string indicator_code;
  std::string department_id;
  std::string period_key;
  int64_t value = 0;
};

// The header and rows ParseDataPointCsv reads back (values in the indicator's own unit).
std::string FormatCsvHeader();
std::string FormatCsvRow(const CsvPoint& point);

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_CSV_H_

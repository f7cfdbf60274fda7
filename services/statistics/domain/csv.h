#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_CSV_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_CSV_H_

// The CSV form of data points, as units export them from their spreadsheets and as ExportCsv
// writes them: a header row naming the columns indicator_code, department_id, period and value
// (or value_yuan, an amount in 元 with up to two decimals), then one figure per row. RFC 4180
// quoting, CRLF or LF line ends, and an Excel byte-order mark are accepted.

#include <cstdint>
#include <limits>
#include <memory>
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
// unknown column, an unterminated quote, a record over kMaxCsvRecordBytes, or more than max_rows
// data rows. Records are read one at
// a time and refused at the first row past max_rows, so memory follows the rows kept (at most
// max_rows), never the size of the text. Row faults are rejections, so the good rows still count.
absl::StatusOr<ParsedCsv> ParseDataPointCsv(absl::string_view csv,
                                            int64_t max_rows = std::numeric_limits<int64_t>::max());

// The longest record (the bytes of its cells) either reader accepts: a row of codes, a unit id,
// a period and a value is tens of bytes, and a stream keeps the record it has not finished, so
// this bounds what a client can make the server hold between two chunks.
inline constexpr int64_t kMaxCsvRecordBytes = 64 << 10;
// The most bytes one chunk of a streamed CSV (ImportCsvStream) may carry: with the unfinished
// record and the rows a chunk completes, what a stream holds between two reads.
inline constexpr int64_t kMaxCsvChunkBytes = 1 << 20;

// Reads the same CSV as ParseDataPointCsv as it arrives, in chunks split anywhere (inside a
// record, a quoted field, a CRLF, a UTF-8 sequence or the byte-order mark). It keeps only the
// record not yet finished, so memory follows one chunk and the rows it completes, never the file.
// ParseDataPointCsv is this reader fed the whole text: both accept and refuse the same input, with
// the same row numbers and messages. After an error the reader answers that error again.
class DataPointCsvReader {
 public:
  explicit DataPointCsvReader(int64_t max_rows = std::numeric_limits<int64_t>::max());
  ~DataPointCsvReader();
  DataPointCsvReader(const DataPointCsvReader&) = delete;
  DataPointCsvReader& operator=(const DataPointCsvReader&) = delete;

  // Reads the next bytes; the rows they complete are appended to *out, numbered from the first
  // data row of the whole text. INVALID_ARGUMENT naming "csv" as ParseDataPointCsv refuses a file.
  absl::Status Feed(absl::string_view chunk, ParsedCsv* out);
  // The end of the text: its last record may have no line end; an open quote or a missing header
  // is refused.
  absl::Status Finish(ParsedCsv* out);
  // Data rows read so far (rejected ones included).
  int64_t rows() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

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

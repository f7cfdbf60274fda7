#ifndef FAZHI_SERVICES_CASES_DEMO_TSV_TABLE_H_
#define FAZHI_SERVICES_CASES_DEMO_TSV_TABLE_H_

// The demo's tables as data files: UTF-8 text, a header line naming the columns, then one record
// a line with its fields separated by tabs. There is no quoting, so a field holds no tab or line
// break; a list in one field separates its items with '|'. A UTF-8 byte order mark and CRLF line
// ends (a spreadsheet's export) are accepted. Every error names the file, the line and the column
// of the offending field, counted in characters from 1, as an editor shows them.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace fazhi::cases::demo {

// One record. The accessors convert a field; the first that fails records its error in status()
// and the rest return empty values, so a loader reads every field and then checks status() once.
class TsvRow {
 public:
  // The field, verbatim; "" when empty.
  std::string Text(absl::string_view column);
  // A field that must not be empty.
  std::string RequiredText(absl::string_view column);
  // A decimal integer.
  int64_t Int(absl::string_view column);
  // An integer, or none when the field is empty.
  std::optional<int64_t> OptionalInt(absl::string_view column);
  // "true" or "false".
  bool Bool(absl::string_view column);
  // A date as yyyy-mm-dd.
  absl::CivilDay Date(absl::string_view column);
  // A date, or none when the field is empty.
  std::optional<absl::CivilDay> OptionalDate(absl::string_view column);
  // The items separated by '|'; none when the field is empty.
  std::vector<std::string> List(absl::string_view column);

  // Records an error about column's field (the first error only).
  void Fail(absl::string_view column, absl::string_view message);
  // OK, or INVALID_ARGUMENT "file:line:column: name: message" of the first error.
  const absl::Status& status() const { return status_; }
  // "file:line", for messages about the record as a whole.
  std::string Where() const;

 private:
  friend class TsvTable;
  struct Header;

  // The field of column, or null (and the error recorded) when there is no such column.
  const std::string* Field(absl::string_view column);

  std::shared_ptr<const Header> header_;
  int line_ = 0;
  std::vector<std::string> fields_;
  // Where each field starts on its line, in characters from 1.
  std::vector<int> columns_;
  absl::Status status_;
};

class TsvTable {
 public:
  // Reads file_name's text (file_name is only named in errors), whose header must be columns.
  static absl::StatusOr<TsvTable> Parse(absl::string_view file_name, absl::string_view text,
                                        const std::vector<std::string>& columns);
  // Reads the file at path (named as given in errors).
  static absl::StatusOr<TsvTable> Read(const std::string& path,
                                       const std::vector<std::string>& columns);

  std::vector<TsvRow>& rows() { return rows_; }

 private:
  std::vector<TsvRow> rows_;
};

}  // namespace fazhi::cases::demo

#endif  // FAZHI_SERVICES_CASES_DEMO_TSV_TABLE_H_

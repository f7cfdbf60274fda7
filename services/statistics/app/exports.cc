#include "services/statistics/app/exports.h"

#include "absl/strings/str_cat.h"
#include "common/validation/text.h"
#include "services/statistics/domain/csv.h"
#include "services/statistics/domain/indicator.h"

namespace fazhi::statistics {

absl::StatusOr<ExportCursor> Exports::Start(const ExportQuery& query) {
  const std::vector<std::string>& codes = query.indicator_codes;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (absl::Status s = CheckIndicatorCode(codes[i], absl::StrCat("indicator_codes[", i, "]"));
        !s.ok()) {
      return s;
    }
  }
  // Checked before the registry is asked, as the queries do, so a malformed id is refused
  // naming the field.
  if (absl::Status s = validation::CheckId(query.department_id, "department_id"); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::vector<std::string>> units = directory::UnitOrSubtree(
      *units_, query.department_id, query.include_descendants, "department_id");
  if (!units.ok()) return units.status();
  ExportCursor cursor;
  cursor.period_key = time_util::PeriodKey(query.period);
  cursor.units = *std::move(units);
  cursor.codes = codes;
  return cursor;
}

absl::StatusOr<std::vector<ExportRow>> Exports::Next(ExportCursor* cursor) {
  if (cursor->done) return std::vector<ExportRow>();
  absl::StatusOr<std::vector<ExportRow>> rows = store_->ListPointsForExport(
      cursor->period_key, cursor->units, cursor->codes, cursor->after, limits_.page_size);
  if (!rows.ok()) return rows.status();
  if (!rows->empty()) cursor->after = {rows->back().indicator_code, rows->back().department_id};
  // A full page may be the last; the next read then finds nothing, which costs one statement
  // but no count.
  cursor->done = static_cast<int>(rows->size()) < limits_.page_size;
  return rows;
}

absl::StatusOr<std::string> Exports::Csv(const ExportQuery& query) {
  absl::StatusOr<ExportCursor> cursor = Start(query);
  if (!cursor.ok()) return cursor.status();
  std::string csv = FormatCsvHeader();
  int64_t count = 0;
  while (!cursor->done) {
    absl::StatusOr<std::vector<ExportRow>> rows = Next(&*cursor);
    if (!rows.ok()) return rows.status();
    for (const ExportRow& row : *rows) {
      if (++count > limits_.max_csv_rows) {
        return absl::FailedPreconditionError(absl::StrCat(
            "more than ", limits_.max_csv_rows,
            " figures match; narrow indicator_codes or the unit, or use ExportDataPoints"));
      }
      absl::StrAppend(&csv, FormatCsvRow({row.indicator_code, row.department_id, cursor->period_key,
                                          row.value}));
    }
  }
  return csv;
}

}  // namespace fazhi::statistics

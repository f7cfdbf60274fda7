#include "services/statistics/domain/csv.h"

#include <limits>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/time/period.h"
#include "common/validation/text.h"

namespace fazhi::statistics {
namespace {

constexpr absl::string_view kByteOrderMark = "\xEF\xBB\xBF";

// Reads RFC 4180 text one record at a time, so a file is never held as cells all at once: only
// the record being read is copied. Empty lines are skipped (spreadsheets leave them at the end);
// an unterminated quote is an error because everything after it would be one cell.
class RecordReader {
 public:
  explicit RecordReader(absl::string_view text) : text_(text) {}

  // The next record into *record; false at the end of the text.
  absl::StatusOr<bool> Next(std::vector<std::string>* record) {
    record->clear();
    std::string cell;
    bool quoted = false;
    bool cell_started = false;  // distinguishes an empty line from a line of one empty cell
    size_t quote_start_line = 0;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            cell.push_back('"');
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          cell.push_back(c);
        }
        continue;
      }
      switch (c) {
        case '"':
          if (cell.empty()) {
            quoted = true;
            quote_start_line = line_;
          } else {
            cell.push_back(c);
          }
          cell_started = true;
          break;
        case ',':
          record->push_back(std::move(cell));
          cell.clear();
          cell_started = true;
          break;
        case '\r':
          if (pos_ < text_.size() && text_[pos_] == '\n') break;
          [[fallthrough]];
        case '\n':
          ++line_;
          if (cell_started || !record->empty()) {
            record->push_back(std::move(cell));
            return true;
          }
          break;
        default:
          cell.push_back(c);
          cell_started = true;
      }
    }
    if (quoted) {
      return absl::InvalidArgumentError(
          absl::StrCat("csv: the quote opened on line ", quote_start_line, " is never closed"));
    }
    if (cell_started || !record->empty()) {
      record->push_back(std::move(cell));
      return true;
    }
    return false;
  }

 private:
  absl::string_view text_;
  size_t pos_ = 0;
  size_t line_ = 1;
};

absl::StatusOr<int64_t> ParseWhole(absl::string_view text) {
  bool digits = !text.empty();
  for (size_t i = 0; i < text.size(); ++i) {
    digits =
        digits && (absl::ascii_isdigit(text[i]) || (i == 0 && text[i] == '-' && text.size() > 1));
  }
  int64_t value = 0;
  if (!digits || text.size() > 19 || !absl::SimpleAtoi(text, &value)) {
    return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a whole number"));
  }
  return value;
}

}  // namespace

absl::StatusOr<int64_t> ParseYuan(absl::string_view text) {
  absl::string_view sign;
  absl::string_view rest = text;
  if (!rest.empty() && rest.front() == '-') {
    sign = "-";
    rest.remove_prefix(1);
  }
  absl::string_view whole = rest;
  absl::string_view fraction;
  if (size_t dot = rest.find('.'); dot != absl::string_view::npos) {
    whole = rest.substr(0, dot);
    fraction = rest.substr(dot + 1);
    if (fraction.empty() || fraction.size() > 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", text, "' is not an amount in 元 with at most two decimals"));
    }
  }
  bool ok = !whole.empty() && whole.size() <= 15;
  for (char c : whole) ok = ok && absl::ascii_isdigit(c);
  for (char c : fraction) ok = ok && absl::ascii_isdigit(c);
  int64_t yuan = 0;
  int64_t fen = 0;
  if (!ok || !absl::SimpleAtoi(whole, &yuan) ||
      (!fraction.empty() && !absl::SimpleAtoi(fraction, &fen))) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an amount in 元 with at most two decimals"));
  }
  if (fraction.size() == 1) fen *= 10;
  int64_t total = yuan * 100 + fen;
  return sign.empty() ? total : -total;
}

absl::StatusOr<ParsedCsv> ParseDataPointCsv(absl::string_view csv, int64_t max_rows) {
  if (absl::StartsWith(csv, kByteOrderMark)) csv.remove_prefix(kByteOrderMark.size());
  RecordReader reader(csv);
  std::vector<std::string> header;
  absl::StatusOr<bool> has_header = reader.Next(&header);
  if (!has_header.ok()) return has_header.status();
  if (!*has_header) {
    return absl::InvalidArgumentError(
        "csv: empty; the first row must name the columns indicator_code,department_id,period,"
        "value");
  }
  std::optional<size_t> code_column, unit_column, period_column, value_column;
  bool in_yuan = false;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
    std::optional<size_t>* slot = name == "indicator_code"                    ? &code_column
                                  : name == "department_id"                   ? &unit_column
                                  : name == "period"                          ? &period_column
                                  : (name == "value" || name == "value_yuan") ? &value_column
                                                                              : nullptr;
    if (slot == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          "csv: unknown column '", validation::IsValidUtf8(name) ? name : "?",
          "' in the header; the columns are indicator_code, department_id, period and value "
          "(or value_yuan)"));
    }
    if (slot->has_value()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "csv: the header names the ", name == "value_yuan" ? "value" : name, " column twice"));
    }
    *slot = i;
    if (name == "value_yuan") in_yuan = true;
  }
  for (auto [column, name] :
       {std::pair{&code_column, "indicator_code"}, std::pair{&unit_column, "department_id"},
        std::pair{&period_column, "period"}, std::pair{&value_column, "value"}}) {
    if (!column->has_value()) {
      return absl::InvalidArgumentError(absl::StrCat("csv: the header has no ", name, " column"));
    }
  }

  ParsedCsv parsed;
  std::vector<std::string> cells;
  for (int64_t index = 0;; ++index) {
    absl::StatusOr<bool> more = reader.Next(&cells);
    if (!more.ok()) return more.status();
    if (!*more) break;
    // Refused as soon as the row past the limit is read: the rest of the file is never parsed.
    if (index >= max_rows) {
      return absl::InvalidArgumentError(absl::StrCat(
          "csv: more than ", max_rows, " data rows in one call; stream larger imports"));
    }
    auto reject = [&](absl::string_view column, std::string reason) {
      parsed.rejected.push_back(
          RowRejection{index, absl::StrCat("csv[", index, "]", column.empty() ? "" : ".", column),
                       std::move(reason)});
    };
    if (cells.size() != header.size()) {
      reject("", absl::StrCat("has ", cells.size(), " cells; the header has ", header.size()));
      continue;
    }
    bool utf8 = true;
    for (const std::string& cell : cells) utf8 = utf8 && validation::IsValidUtf8(cell);
    if (!utf8) {
      reject("", "is not valid UTF-8; save the file as CSV UTF-8");
      continue;
    }
    auto cell = [&](const std::optional<size_t>& column) {
      return absl::StripAsciiWhitespace(cells[*column]);
    };
    absl::StatusOr<time_util::Period> period =
        time_util::ParsePeriodKey(cell(period_column), "period");
    if (!period.ok()) {
      reject("period", absl::StrCat("'", cell(period_column),
                                    "' is not a period: 2021, 2021H1, 2021Q3 or 2021-07"));
      continue;
    }
    absl::StatusOr<int64_t> value =
        in_yuan ? ParseYuan(cell(value_column)) : ParseWhole(cell(value_column));
    if (!value.ok()) {
      reject(in_yuan ? "value_yuan" : "value", std::string(value.status().message()));
      continue;
    }
    parsed.points.push_back(PointInput{std::string(cell(code_column)),
                                       std::string(cell(unit_column)), *period, *value, index});
  }
  return parsed;
}

std::string FormatCsvHeader() { return "indicator_code,department_id,period,value\r\n"; }

std::string FormatCsvRow(const CsvPoint& point) {
  // Codes, ids and period keys never hold commas or quotes, but a unit id is data from another
  // system: quote anything that would break the row.
  auto quoted = [](absl::string_view cell) {
    if (cell.find_first_of(",\"\r\n") == absl::string_view::npos) return std::string(cell);
    std::string out = "\"";
    for (char c : cell) {
      if (c == '"') out.push_back('"');
      out.push_back(c);
    }
    out.push_back('"');
    return out;
  };
  return absl::StrCat(quoted(point.indicator_code), ",", quoted(point.department_id), ",",
                      point.period_key, ",", point.value, "\r\n");
}

}  // namespace fazhi::statistics

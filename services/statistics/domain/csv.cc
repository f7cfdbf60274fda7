#include "services/statistics/domain/csv.h"

#include <algorithm>
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

// Reads RFC 4180 text one record at a time as its bytes arrive, holding only the record being
// read: a quote or a CR at the end of one chunk is settled by the first byte of the next. Empty
// lines are skipped (spreadsheets leave them at the end); an unterminated quote is an error
// because everything after it would be one cell.
class RecordReader {
 public:
  // Each finished record is handed to on_record; its error stops the reading.
  template <typename OnRecord>
  absl::Status Feed(absl::string_view text, OnRecord&& on_record) {
    for (char c : text) {
      if (quote_pending_) {
        // A quote inside a quoted cell: doubled, it is a quote; otherwise it closed the cell.
        quote_pending_ = false;
        if (c == '"') {
          cell_.push_back('"');
          continue;
        }
        quoted_ = false;
      } else if (quoted_) {
        if (c == '"') {
          quote_pending_ = true;
        } else {
          if (c == '\n') ++line_;
          cell_.push_back(c);
        }
        continue;
      }
      if (cr_pending_) {
        // A CR ends the line; a CRLF ends it once.
        cr_pending_ = false;
        if (c != '\n') {
          if (absl::Status s = EndLine(on_record); !s.ok()) return s;
        }
      }
      switch (c) {
        case '"':
          if (cell_.empty()) {
            quoted_ = true;
            quote_start_line_ = line_;
          } else {
            cell_.push_back(c);
          }
          cell_started_ = true;
          break;
        case ',':
          record_bytes_ += cell_.size();
          record_.push_back(std::move(cell_));
          cell_.clear();
          cell_started_ = true;
          break;
        case '\r':
          cr_pending_ = true;
          break;
        case '\n':
          if (absl::Status s = EndLine(on_record); !s.ok()) return s;
          break;
        default:
          cell_.push_back(c);
          cell_started_ = true;
      }
    }
    // The unfinished record only grows, so one already too long is refused now, not when it ends.
    return CheckLength();
  }

  template <typename OnRecord>
  absl::Status Finish(OnRecord&& on_record) {
    if (quote_pending_) {
      quote_pending_ = false;
      quoted_ = false;
    }
    if (cr_pending_) {
      cr_pending_ = false;
      return EndLine(on_record);
    }
    if (quoted_) {
      return absl::InvalidArgumentError(
          absl::StrCat("csv: the quote opened on line ", quote_start_line_, " is never closed"));
    }
    if (cell_started_ || !record_.empty()) return EmitRecord(on_record);
    return absl::OkStatus();
  }

 private:
  absl::Status CheckLength() const {
    if (record_bytes_ + cell_.size() <= static_cast<size_t>(kMaxCsvRecordBytes)) {
      return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat("csv: the record starting on line ",
                                                   record_start_line_, " is longer than ",
                                                   kMaxCsvRecordBytes, " bytes"));
  }

  template <typename OnRecord>
  absl::Status EndLine(OnRecord& on_record) {
    ++line_;
    if (cell_started_ || !record_.empty()) return EmitRecord(on_record);
    // An empty line: the next record starts after it.
    record_start_line_ = line_;
    return absl::OkStatus();
  }

  template <typename OnRecord>
  absl::Status EmitRecord(OnRecord& on_record) {
    if (absl::Status s = CheckLength(); !s.ok()) return s;
    record_.push_back(std::move(cell_));
    absl::Status s = on_record(record_);
    record_.clear();
    cell_.clear();
    cell_started_ = false;
    record_bytes_ = 0;
    record_start_line_ = line_;
    return s;
  }

  std::vector<std::string> record_;
  std::string cell_;
  size_t record_bytes_ = 0;  // of the cells in record_
  bool quoted_ = false;
  bool quote_pending_ = false;
  bool cr_pending_ = false;
  bool cell_started_ = false;  // distinguishes an empty line from a line of one empty cell
  size_t line_ = 1;
  size_t quote_start_line_ = 0;
  size_t record_start_line_ = 1;
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

// The header's columns, then each data row as a figure or a rejection.
class DataPointCsvReader::Impl {
 public:
  explicit Impl(int64_t max_rows) : max_rows_(max_rows) {}

  absl::Status Feed(absl::string_view chunk, ParsedCsv* out) {
    if (!status_.ok()) return status_;
    if (!bom_checked_) {
      // The byte-order mark may itself arrive split: its bytes are held until it is settled.
      size_t take = std::min(kByteOrderMark.size() - probe_.size(), chunk.size());
      probe_.append(chunk.data(), take);
      chunk.remove_prefix(take);
      if (probe_.size() < kByteOrderMark.size() && absl::StartsWith(kByteOrderMark, probe_)) {
        return absl::OkStatus();
      }
      bom_checked_ = true;
      if (probe_ != kByteOrderMark) status_ = Records(probe_, out);
      probe_.clear();
      if (!status_.ok()) return status_;
    }
    status_ = Records(chunk, out);
    return status_;
  }

  absl::Status Finish(ParsedCsv* out) {
    if (!status_.ok()) return status_;
    if (!bom_checked_) {
      bom_checked_ = true;
      status_ = Records(probe_, out);
      probe_.clear();
      if (!status_.ok()) return status_;
    }
    status_ = records_.Finish([&](std::vector<std::string>& record) { return Take(record, out); });
    if (status_.ok() && !header_read_) {
      status_ = absl::InvalidArgumentError(
          "csv: empty; the first row must name the columns indicator_code,department_id,period,"
          "value");
    }
    return status_;
  }

  int64_t rows() const { return index_; }

 private:
  absl::Status Records(absl::string_view text, ParsedCsv* out) {
    return records_.Feed(text, [&](std::vector<std::string>& record) { return Take(record, out); });
  }

  absl::Status Take(std::vector<std::string>& record, ParsedCsv* out) {
    if (!header_read_) {
      header_read_ = true;
      return ReadHeader(record);
    }
    absl::Status s = Row(record, index_, out);
    ++index_;
    return s;
  }

  absl::Status ReadHeader(const std::vector<std::string>& header) {
    header_size_ = header.size();
    for (size_t i = 0; i < header.size(); ++i) {
      std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header[i]));
      std::optional<size_t>* slot = name == "indicator_code"                    ? &code_column_
                                    : name == "department_id"                   ? &unit_column_
                                    : name == "period"                          ? &period_column_
                                    : (name == "value" || name == "value_yuan") ? &value_column_
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
      if (name == "value_yuan") in_yuan_ = true;
    }
    for (auto [column, name] :
         {std::pair{&code_column_, "indicator_code"}, std::pair{&unit_column_, "department_id"},
          std::pair{&period_column_, "period"}, std::pair{&value_column_, "value"}}) {
      if (!column->has_value()) {
        return absl::InvalidArgumentError(absl::StrCat("csv: the header has no ", name, " column"));
      }
    }
    return absl::OkStatus();
  }

  // One data row as a figure, or a rejection when it is no figure; an error past max_rows.
  absl::Status Row(const std::vector<std::string>& cells, int64_t index, ParsedCsv* parsed) {
    // Refused as soon as the row past the limit is read: the rest of the file is never parsed.
    if (index >= max_rows_) {
      return absl::InvalidArgumentError(absl::StrCat(
          "csv: more than ", max_rows_, " data rows in one call; stream larger imports"));
    }
    auto reject = [&](absl::string_view column, std::string reason) {
      parsed->rejected.push_back(
          RowRejection{index, absl::StrCat("csv[", index, "]", column.empty() ? "" : ".", column),
                       std::move(reason)});
      return absl::OkStatus();
    };
    if (cells.size() != header_size_) {
      return reject("",
                    absl::StrCat("has ", cells.size(), " cells; the header has ", header_size_));
    }
    bool utf8 = true;
    for (const std::string& cell : cells) utf8 = utf8 && validation::IsValidUtf8(cell);
    if (!utf8) return reject("", "is not valid UTF-8; save the file as CSV UTF-8");
    auto cell = [&](const std::optional<size_t>& column) {
      return absl::StripAsciiWhitespace(cells[*column]);
    };
    absl::StatusOr<time_util::Period> period =
        time_util::ParsePeriodKey(cell(period_column_), "period");
    if (!period.ok()) {
      return reject("period", absl::StrCat("'", cell(period_column_),
                                           "' is not a period: 2021, 2021H1, 2021Q3 or 2021-07"));
    }
    absl::StatusOr<int64_t> value =
        in_yuan_ ? ParseYuan(cell(value_column_)) : ParseWhole(cell(value_column_));
    if (!value.ok()) {
      return reject(in_yuan_ ? "value_yuan" : "value", std::string(value.status().message()));
    }
    parsed->points.push_back(PointInput{std::string(cell(code_column_)),
                                        std::string(cell(unit_column_)), *period, *value, index});
    return absl::OkStatus();
  }

  const int64_t max_rows_;
  absl::Status status_;
  bool bom_checked_ = false;
  std::string probe_;  // the first bytes, until they are known to be a byte-order mark or not
  RecordReader records_;
  bool header_read_ = false;
  size_t header_size_ = 0;
  std::optional<size_t> code_column_, unit_column_, period_column_, value_column_;
  bool in_yuan_ = false;
  int64_t index_ = 0;
};

DataPointCsvReader::DataPointCsvReader(int64_t max_rows)
    : impl_(std::make_unique<Impl>(max_rows)) {}
DataPointCsvReader::~DataPointCsvReader() = default;

absl::Status DataPointCsvReader::Feed(absl::string_view chunk, ParsedCsv* out) {
  return impl_->Feed(chunk, out);
}

absl::Status DataPointCsvReader::Finish(ParsedCsv* out) { return impl_->Finish(out); }

int64_t DataPointCsvReader::rows() const { return impl_->rows(); }

absl::StatusOr<ParsedCsv> ParseDataPointCsv(absl::string_view csv, int64_t max_rows) {
  DataPointCsvReader reader(max_rows);
  ParsedCsv parsed;
  if (absl::Status s = reader.Feed(csv, &parsed); !s.ok()) return s;
  if (absl::Status s = reader.Finish(&parsed); !s.ok()) return s;
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

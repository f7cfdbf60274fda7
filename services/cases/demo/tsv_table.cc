#include "services/cases/demo/tsv_table.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/time/date.h"
#include "common/validation/text.h"

namespace fazhi::cases::demo {

struct TsvRow::Header {
  std::string file;
  std::map<std::string, size_t, std::less<>> index;
};

namespace {

absl::Status ErrorAt(absl::string_view file, int line, int column, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(file, ":", line, ":", column, ": ", message));
}

// Characters (code points) in text: the bytes that do not continue a UTF-8 sequence.
int Characters(absl::string_view text) {
  int n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool AllDigits(absl::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

const std::string* TsvRow::Field(absl::string_view column) {
  auto it = header_->index.find(column);
  if (it == header_->index.end()) {
    if (status_.ok()) {
      status_ = ErrorAt(header_->file, line_, 1, absl::StrCat("the table has no column ", column));
    }
    return nullptr;
  }
  return &fields_[it->second];
}

void TsvRow::Fail(absl::string_view column, absl::string_view message) {
  if (!status_.ok()) return;
  auto it = header_->index.find(column);
  int at = it == header_->index.end() ? 1 : columns_[it->second];
  status_ = ErrorAt(header_->file, line_, at, absl::StrCat(column, ": ", message));
}

std::string TsvRow::Where() const { return absl::StrCat(header_->file, ":", line_); }

std::string TsvRow::Text(absl::string_view column) {
  const std::string* field = Field(column);
  return field ? *field : std::string();
}

std::string TsvRow::RequiredText(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr) return "";
  if (field->empty()) Fail(column, "is empty");
  return *field;
}

std::optional<int64_t> TsvRow::OptionalInt(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr || field->empty()) return std::nullopt;
  absl::string_view digits = *field;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  int64_t value = 0;
  if (!AllDigits(digits) || !absl::SimpleAtoi(*field, &value)) {
    Fail(column, absl::StrCat("'", *field, "' is not an integer"));
    return std::nullopt;
  }
  return value;
}

int64_t TsvRow::Int(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr) return 0;
  if (field->empty()) {
    Fail(column, "is empty; an integer is expected");
    return 0;
  }
  return OptionalInt(column).value_or(0);
}

bool TsvRow::Bool(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr) return false;
  if (*field == "true") return true;
  if (*field != "false") Fail(column, absl::StrCat("'", *field, "' is neither true nor false"));
  return false;
}

std::optional<absl::CivilDay> TsvRow::OptionalDate(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr || field->empty()) return std::nullopt;
  absl::string_view text = *field;
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !AllDigits(text.substr(0, 4)) ||
      !AllDigits(text.substr(5, 2)) || !AllDigits(text.substr(8, 2)) ||
      !absl::SimpleAtoi(text.substr(0, 4), &year) || !absl::SimpleAtoi(text.substr(5, 2), &month) ||
      !absl::SimpleAtoi(text.substr(8, 2), &day)) {
    Fail(column, absl::StrCat("'", text, "' is not a date (yyyy-mm-dd)"));
    return std::nullopt;
  }
  absl::StatusOr<absl::CivilDay> checked = time_util::MakeDay(year, month, day, column);
  if (!checked.ok()) {
    Fail(column, absl::StrCat("'", text, "' is not a calendar date"));
    return std::nullopt;
  }
  return *checked;
}

absl::CivilDay TsvRow::Date(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr) return absl::CivilDay();
  if (field->empty()) {
    Fail(column, "is empty; a date (yyyy-mm-dd) is expected");
    return absl::CivilDay();
  }
  return OptionalDate(column).value_or(absl::CivilDay());
}

std::vector<std::string> TsvRow::List(absl::string_view column) {
  const std::string* field = Field(column);
  if (field == nullptr || field->empty()) return {};
  std::vector<std::string> items = absl::StrSplit(*field, '|');
  for (const std::string& item : items) {
    if (item.empty()) {
      Fail(column, "has an empty item ('|' separates items)");
      return {};
    }
  }
  return items;
}

absl::StatusOr<TsvTable> TsvTable::Parse(absl::string_view file_name, absl::string_view text,
                                         const std::vector<std::string>& columns) {
  auto header = std::make_shared<TsvRow::Header>();
  header->file = std::string(file_name);
  for (size_t i = 0; i < columns.size(); ++i) header->index.emplace(columns[i], i);
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<absl::string_view> lines = absl::StrSplit(text, '\n');
  // The line break that ends the last line does not start another.
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty()) return ErrorAt(file_name, 1, 1, "no header line");
  TsvTable table;
  for (size_t i = 0; i < lines.size(); ++i) {
    int line = static_cast<int>(i) + 1;
    absl::string_view content = lines[i];
    if (absl::EndsWith(content, "\r")) content.remove_suffix(1);
    if (!validation::IsValidUtf8(content)) {
      // Point at the first field that is not UTF-8.
      int at = 1;
      for (absl::string_view field : absl::StrSplit(content, '\t')) {
        if (!validation::IsValidUtf8(field)) break;
        at += Characters(field) + 1;
      }
      return ErrorAt(file_name, line, at, "not UTF-8 text");
    }
    if (content.empty()) {
      return ErrorAt(file_name, line, 1, "empty line; every line after the header is a record");
    }
    std::vector<absl::string_view> fields = absl::StrSplit(content, '\t');
    std::vector<int> starts;
    int at = 1;
    for (absl::string_view field : fields) {
      starts.push_back(at);
      at += Characters(field) + 1;
    }
    if (fields.size() != columns.size()) {
      // Where the first missing field would start, or where the first extra one does.
      int where = fields.size() < columns.size() ? at - 1 : starts[columns.size()];
      return ErrorAt(file_name, line, where,
                     absl::StrCat(fields.size(), " fields where the header has ", columns.size(),
                                  " (", absl::StrJoin(columns, ", "), ")"));
    }
    if (line == 1) {
      for (size_t c = 0; c < columns.size(); ++c) {
        if (fields[c] != columns[c]) {
          return ErrorAt(file_name, line, starts[c],
                         absl::StrCat("header: column ", c + 1, " is '", fields[c],
                                      "' where the loader reads '", columns[c], "'"));
        }
      }
      continue;
    }
    TsvRow& row = table.rows_.emplace_back();
    row.header_ = header;
    row.line_ = line;
    for (absl::string_view field : fields) row.fields_.emplace_back(field);
    row.columns_ = std::move(starts);
  }
  return table;
}

absl::StatusOr<TsvTable> TsvTable::Read(const std::string& path,
                                        const std::vector<std::string>& columns) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open the demo table"));
  }
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::DataLossError(absl::StrCat(path, ": cannot read the demo table"));
  return Parse(path, text.str(), columns);
}

}  // namespace fazhi::cases::demo

#include "common/db/bulk.h"

#include "absl/strings/str_cat.h"

namespace fazhi::db {

void LoadDataRows::StartField() {
  if (in_row_) data_ += '\t';
  in_row_ = true;
}

LoadDataRows& LoadDataRows::Text(absl::string_view text) {
  StartField();
  data_.reserve(data_.size() + text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        data_ += "\\\\";
        break;
      case '\t':
        data_ += "\\t";
        break;
      case '\n':
        data_ += "\\n";
        break;
      case '\r':
        data_ += "\\r";
        break;
      case '\0':
        data_ += "\\0";
        break;
      case '\x1a':
        data_ += "\\Z";
        break;
      default:
        data_ += c;
    }
  }
  return *this;
}

LoadDataRows& LoadDataRows::Int(int64_t n) {
  StartField();
  absl::StrAppend(&data_, n);
  return *this;
}

LoadDataRows& LoadDataRows::Null() {
  StartField();
  data_ += "\\N";
  return *this;
}

LoadDataRows& LoadDataRows::Add(const Value& value) {
  if (const auto* n = std::get_if<int64_t>(&value)) return Int(*n);
  if (const auto* s = std::get_if<std::string>(&value)) return Text(*s);
  return Null();
}

void LoadDataRows::EndRow() {
  data_ += '\n';
  in_row_ = false;
  ++rows_;
}

}  // namespace fazhi::db

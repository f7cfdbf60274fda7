// The CSV of data points that ImportCsv and ImportCsvStream read: the input is the file.
//
// Invariants: the streaming reader fed the text in any chunks (one byte at a time, or pieces cut
// at positions taken from the input) answers exactly as ParseDataPointCsv does on the whole
// text; every row is either a figure or a rejection, numbered in order; a figure's cells are
// valid UTF-8 without surrounding spaces and its period exists; a figure written back with
// FormatCsvRow reads back the same; a row limit below the rows read refuses the file; a
// refusal is INVALID_ARGUMENT naming "csv".

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/time/period.h"
#include "common/validation/text.h"
#include "services/statistics/domain/csv.h"
#include "tests/fuzz/fuzz_check.h"

namespace st = fazhi::statistics;

namespace {

bool SamePoint(const st::PointInput& a, const st::PointInput& b) {
  return a.indicator_code == b.indicator_code && a.department_id == b.department_id &&
         a.period == b.period && a.value == b.value && a.row == b.row;
}

bool SameResult(const absl::StatusOr<st::ParsedCsv>& a, const absl::StatusOr<st::ParsedCsv>& b) {
  if (a.ok() != b.ok()) return false;
  if (!a.ok()) return a.status() == b.status();
  if (a->points.size() != b->points.size() || a->rejected.size() != b->rejected.size()) {
    return false;
  }
  for (size_t i = 0; i < a->points.size(); ++i) {
    if (!SamePoint(a->points[i], b->points[i])) return false;
  }
  for (size_t i = 0; i < a->rejected.size(); ++i) {
    const st::RowRejection& x = a->rejected[i];
    const st::RowRejection& y = b->rejected[i];
    if (x.index != y.index || x.field != y.field || x.reason != y.reason) return false;
  }
  return true;
}

// The streaming reader over text cut into chunks: each chunk's length from next_length.
template <typename NextLength>
absl::StatusOr<st::ParsedCsv> Streamed(absl::string_view text, NextLength next_length) {
  st::DataPointCsvReader reader;
  st::ParsedCsv out;
  while (!text.empty()) {
    size_t n = std::min(text.size(), next_length());
    if (absl::Status s = reader.Feed(text.substr(0, n), &out); !s.ok()) return s;
    text.remove_prefix(n);
  }
  if (absl::Status s = reader.Finish(&out); !s.ok()) return s;
  FUZZ_CHECK(reader.rows() == static_cast<int64_t>(out.points.size() + out.rejected.size()),
             "rows() counts figures and rejections");
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<st::ParsedCsv> whole = st::ParseDataPointCsv(text);

  if (!whole.ok()) {
    FUZZ_CHECK(whole.status().code() == absl::StatusCode::kInvalidArgument,
               "a refused file is INVALID_ARGUMENT");
    FUZZ_CHECK(absl::StartsWith(whole.status().message(), "csv"), "a refusal names csv");
  } else {
    // Rows in order, each once, as a figure or a rejection.
    std::vector<int> seen(whole->points.size() + whole->rejected.size(), 0);
    for (const st::PointInput& p : whole->points) {
      FUZZ_CHECK(p.row >= 0 && static_cast<size_t>(p.row) < seen.size(), "row numbers in range");
      ++seen[p.row];
      for (absl::string_view cell :
           {absl::string_view(p.indicator_code), absl::string_view(p.department_id)}) {
        FUZZ_CHECK(fazhi::validation::IsValidUtf8(cell), "cells are valid UTF-8");
        FUZZ_CHECK(absl::StripAsciiWhitespace(cell) == cell, "cells are trimmed");
      }
      FUZZ_CHECK(fazhi::time_util::CheckPeriod(p.period, "period").ok(), "periods exist");
    }
    for (const st::RowRejection& r : whole->rejected) {
      FUZZ_CHECK(r.index >= 0 && static_cast<size_t>(r.index) < seen.size(),
                 "rejection numbers in range");
      ++seen[r.index];
      FUZZ_CHECK(absl::StartsWith(r.field, absl::StrCat("csv[", r.index, "]")),
                 "a rejection names its row");
      FUZZ_CHECK(fazhi::validation::IsValidUtf8(r.reason), "reasons are valid UTF-8");
      FUZZ_CHECK(r.code == absl::StatusCode::kInvalidArgument, "row faults are INVALID_ARGUMENT");
    }
    for (int n : seen) FUZZ_CHECK(n == 1, "every row is a figure or a rejection, once");

    // Each figure written out alone reads back the same (the first few: the rest are alike).
    for (size_t i = 0; i < whole->points.size() && i < 8; ++i) {
      const st::PointInput& p = whole->points[i];
      std::string csv = st::FormatCsvHeader() +
                        st::FormatCsvRow({p.indicator_code, p.department_id,
                                          fazhi::time_util::PeriodKey(p.period), p.value});
      absl::StatusOr<st::ParsedCsv> back = st::ParseDataPointCsv(csv);
      FUZZ_CHECK(back.ok() && back->rejected.empty() && back->points.size() == 1,
                 "a written figure reads back");
      st::PointInput expected = p;
      expected.row = 0;
      FUZZ_CHECK(SamePoint(back->points[0], expected), "a written figure reads back the same");
    }

    // A row limit below the rows read refuses the file.
    int64_t rows = static_cast<int64_t>(seen.size());
    if (rows > 0) {
      absl::StatusOr<st::ParsedCsv> limited = st::ParseDataPointCsv(text, rows - 1);
      FUZZ_CHECK(!limited.ok(), "max_rows is enforced");
      FUZZ_CHECK(SameResult(st::ParseDataPointCsv(text, rows), whole), "max_rows = rows reads all");
    }
  }

  // The stream cut anywhere reads as the whole text.
  if (size <= 512) {
    FUZZ_CHECK(SameResult(Streamed(text, [] { return size_t{1}; }), whole),
               "one byte at a time reads as the whole");
  }
  uint64_t state = 0x243F6A8885A308D3ULL ^ size;
  for (size_t i = 0; i < size && i < 16; ++i) state = state * 131 + data[i];
  auto pseudo_random = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return static_cast<size_t>(state % 64) + 1;
  };
  FUZZ_CHECK(SameResult(Streamed(text, pseudo_random), whole), "chunks read as the whole");
  return 0;
}

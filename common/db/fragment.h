#ifndef FAZHI_COMMON_DB_FRAGMENT_H_
#define FAZHI_COMMON_DB_FRAGMENT_H_

// Pieces of a statement together with the values their '?' take, so a statement assembled from
// several pieces still binds every value, enum values included, in the order its '?' appear.
// A store writes "stage IN (?, ?)" from the domain's list of stages, never "stage IN (9, 10)":
// the grouping is then defined once, in the domain.

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/db/database.h"

namespace fazhi::db {

// SQL text and the parameters of its '?', in order.
struct Fragment {
  std::string sql;
  std::vector<Value> params;
};

// "?, ?, ?": n placeholders, for an IN list or VALUES.
inline std::string Placeholders(size_t n) {
  return absl::StrJoin(std::vector<absl::string_view>(n, "?"), ", ");
}

// An enum's value as a parameter (enums are stored as their integer values).
template <typename E>
Value EnumValue(E value) {
  static_assert(std::is_enum_v<E>, "EnumValue takes an enum");
  return static_cast<int64_t>(value);
}

// "column = ?" bound to value.
template <typename E>
Fragment Equals(absl::string_view column, E value) {
  return Fragment{absl::StrCat(column, " = ?"), {EnumValue(value)}};
}

// "column IN (?, …)" bound to values. An empty list matches no row ("IN ()" is not SQL).
template <typename E>
Fragment In(absl::string_view column, const std::vector<E>& values) {
  if (values.empty()) return Fragment{"1 = 0", {}};
  Fragment f{absl::StrCat(column, " IN (", Placeholders(values.size()), ")"), {}};
  for (E v : values) f.params.push_back(EnumValue(v));
  return f;
}

// "column NOT IN (?, …)" bound to values. An empty list excludes nothing.
template <typename E>
Fragment NotIn(absl::string_view column, const std::vector<E>& values) {
  if (values.empty()) return Fragment{"1 = 1", {}};
  Fragment f{absl::StrCat(column, " NOT IN (", Placeholders(values.size()), ")"), {}};
  for (E v : values) f.params.push_back(EnumValue(v));
  return f;
}

// The fragments' text joined by separator (" AND ", ", "), their parameters in the same order.
inline Fragment Join(const std::vector<Fragment>& parts, absl::string_view separator) {
  Fragment out;
  for (size_t i = 0; i < parts.size(); ++i) {
    absl::StrAppend(&out.sql, i == 0 ? "" : separator, parts[i].sql);
    out.params.insert(out.params.end(), parts[i].params.begin(), parts[i].params.end());
  }
  return out;
}

// "SUM(CASE WHEN condition THEN 1 ELSE 0 END)": how many of the rows aggregated match condition
// (NULL over no rows, which Row::Int reads as 0).
inline Fragment CountWhen(Fragment condition) {
  condition.sql = absl::StrCat("SUM(CASE WHEN ", condition.sql, " THEN 1 ELSE 0 END)");
  return condition;
}

}  // namespace fazhi::db

#endif  // FAZHI_COMMON_DB_FRAGMENT_H_

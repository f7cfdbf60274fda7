#ifndef FAZHI_SERVICES_CASES_DOMAIN_ENUM_LISTS_H_
#define FAZHI_SERVICES_CASES_DOMAIN_ENUM_LISTS_H_

// Lists a grouping of enum values that the domain defines once, as a predicate (an exhaustive
// switch, so the compiler flags a new value nobody placed), for the store's IN lists.

#include <vector>

namespace fazhi::cases {

// The values 1..max of E (0 is always UNSPECIFIED) for which in_group holds, ascending.
template <typename E, typename Predicate>
std::vector<E> ValuesWhere(int max, Predicate in_group) {
  std::vector<E> out;
  for (int v = 1; v <= max; ++v) {
    if (in_group(static_cast<E>(v))) out.push_back(static_cast<E>(v));
  }
  return out;
}

}  // namespace fazhi::cases

#endif  // FAZHI_SERVICES_CASES_DOMAIN_ENUM_LISTS_H_

#ifndef FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_
#define FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_

// The one assertion the fuzz targets use: a broken invariant aborts, so libFuzzer records the
// input as a crash and minimises it like any other.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                        \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, what, \
                   #condition);                                                            \
      std::abort();                                                                        \
    }                                                                                      \
  } while (0)

#endif  // FAZHI_TESTS_FUZZ_FUZZ_CHECK_H_

#ifndef FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_
#define FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_

// The unit registry interface moved to common/directory so the cases service shares it; the
// statistics rules keep their short names.

#include "common/directory/unit_directory.h"

namespace fazhi::statistics {

using directory::Unit;
using directory::UnitDirectory;

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_DOMAIN_UNIT_DIRECTORY_H_

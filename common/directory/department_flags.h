#ifndef FAZHI_COMMON_DIRECTORY_DEPARTMENT_FLAGS_H_
#define FAZHI_COMMON_DIRECTORY_DEPARTMENT_FLAGS_H_

// The --department_* flags of every service that calls the department service (statistics,
// cases). A library apart from fazhi_department_directory because a flag can be defined only once
// per binary: each such main links this, and nothing else defines the flags.

#include "common/directory/department_directory.h"

namespace fazhi::directory {

// The department service's address, TLS files and token file as the flags give them; the
// intervals and timeouts keep DepartmentDirectoryOptions' defaults. Exits with status 2, logging
// why, when --department_token_file is set without --department_ca_file and the address is not
// loopback (grpc_util::RequireTokenTransport).
DepartmentDirectoryOptions DepartmentDirectoryOptionsFromFlags();

}  // namespace fazhi::directory

#endif  // FAZHI_COMMON_DIRECTORY_DEPARTMENT_FLAGS_H_

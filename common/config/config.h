#ifndef FAZHI_COMMON_CONFIG_CONFIG_H_
#define FAZHI_COMMON_CONFIG_CONFIG_H_

// Configuration is absl flags. Every flag can also be set by an environment variable named
// FAZHI_<FLAG> in upper case (FAZHI_DATABASE_URL for --database_url), which is how Kubernetes
// manifests configure the services; a flag given on the command line wins over the environment.

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace fazhi::config {

// Applies FAZHI_* environment variables, then parses the command line. Exits with status 2 and a
// message naming the variable or flag when a value does not parse.
std::vector<char*> Init(int argc, char** argv, absl::string_view usage);

// The environment variable that sets a flag: "database_url" -> "FAZHI_DATABASE_URL".
std::string EnvName(absl::string_view flag);

// Applies FAZHI_* variables from the environment to the registered flags.
absl::Status ApplyEnvironment();

absl::Status CheckPort(absl::string_view flag, int port);
// host:port, [v6]:port or :port.
absl::Status CheckHostPort(absl::string_view flag, absl::string_view address);

// Exits with status 2 after printing every error that is not OK, one a line.
void ExitIfInvalid(const std::vector<absl::Status>& checks);

}  // namespace fazhi::config

#endif  // FAZHI_COMMON_CONFIG_CONFIG_H_

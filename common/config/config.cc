#include "common/config/config.h"

#include <cstdio>
#include <cstdlib>

#include "absl/flags/parse.h"
#include "absl/flags/reflection.h"
#include "absl/flags/usage.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace fazhi::config {

std::string EnvName(absl::string_view flag) {
  return absl::StrCat("FAZHI_", absl::AsciiStrToUpper(flag));
}

absl::Status ApplyEnvironment() {
  for (const auto& [name, flag] : absl::GetAllFlags()) {
    std::string env = EnvName(name);
    const char* value = std::getenv(env.c_str());
    if (value == nullptr) continue;
    std::string error;
    if (!flag->ParseFrom(value, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("environment variable ", env, " (flag --", name, "): ", error));
    }
  }
  return absl::OkStatus();
}

std::vector<char*> Init(int argc, char** argv, absl::string_view usage) {
  absl::SetProgramUsageMessage(usage);
  if (absl::Status s = ApplyEnvironment(); !s.ok()) {
    std::fprintf(stderr, "configuration error: %s\n", std::string(s.message()).c_str());
    std::exit(2);
  }
  // absl::ParseCommandLine exits with status 1 and a message on an unknown or malformed flag.
  return absl::ParseCommandLine(argc, argv);
}

absl::Status CheckPort(absl::string_view flag, int port) {
  if (port < 1 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " (", EnvName(flag),
                                                   ") must be a port from 1 to 65535, got ", port));
  }
  return absl::OkStatus();
}

absl::Status CheckHostPort(absl::string_view flag, absl::string_view address) {
  size_t colon = address.rfind(':');
  int port = 0;
  if (colon == absl::string_view::npos || !absl::SimpleAtoi(address.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("--", flag, " (", EnvName(flag),
                                                   ") must be host:port, e.g. 0.0.0.0:50051, got '",
                                                   address, "'"));
  }
  return absl::OkStatus();
}

void ExitIfInvalid(const std::vector<absl::Status>& checks) {
  bool bad = false;
  for (const absl::Status& s : checks) {
    if (s.ok()) continue;
    std::fprintf(stderr, "configuration error: %s\n", std::string(s.message()).c_str());
    bad = true;
  }
  if (bad) std::exit(2);
}

}  // namespace fazhi::config

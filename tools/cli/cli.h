#ifndef FAZHI_TOOLS_CLI_CLI_H_
#define FAZHI_TOOLS_CLI_CLI_H_

#include <iosfwd>
#include <string>
#include <vector>

namespace fazhi::cli {

// Exit statuses, so scripts can tell a failed call from a mistyped command.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;  // The server, the connection or the call failed.
inline constexpr int kExitUsage = 2;   // Bad arguments or a request that does not fit the method.

// Runs fazhi-cli on its arguments (without the program name). A request is read from `in` when
// the command line has none; results go to `out`; errors, usage and the response's x-request-id
// go to `err`, so `out` stays valid JSON for the next program in a pipe.
int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err);

}  // namespace fazhi::cli

#endif  // FAZHI_TOOLS_CLI_CLI_H_

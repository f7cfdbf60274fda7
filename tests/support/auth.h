#ifndef FAZHI_TESTS_SUPPORT_AUTH_H_
#define FAZHI_TESTS_SUPPORT_AUTH_H_

// Tokens for tests: one development signing key per test process (made by scripts/token in a
// temporary directory), the JWKS that servers started by ServerProcess trust, and channels that
// present a token on every call.

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

namespace fazhi::testing {

// The JWKS of this process's signing key; ServerProcess starts servers with it.
const std::string& TestJwksFile();

// A token minted by scripts/token for these roles (e.g. {"clerk"}) and department; extra holds
// further scripts/token flags ("--expired", "--audience wrong"). Cached per arguments.
std::string Token(const std::vector<std::string>& roles, const std::string& department = "",
                  const std::string& subject = "", const std::string& extra = "");
// An admin's token, for tests about something other than authorisation.
const std::string& AdminToken();

// A plaintext channel to address that sends the token with every call.
std::shared_ptr<grpc::Channel> AuthorizedChannel(const std::string& address,
                                                 const std::string& token);

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_AUTH_H_

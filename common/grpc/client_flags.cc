#include "common/grpc/client_flags.h"

#include <chrono>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/config/config.h"
#include "common/grpc/client.h"
#include "common/grpc/tls.h"

ABSL_FLAG(int, wait_seconds, 30, "How long to wait for the service to accept connections");
ABSL_FLAG(std::string, ca_file, "", "CA bundle to verify the service with (TLS); empty: plaintext");
ABSL_FLAG(std::string, cert_file, "", "Client certificate for mutual TLS");
ABSL_FLAG(std::string, key_file, "", "Key of --cert_file");
ABSL_FLAG(std::string, token, "",
          "Bearer token to call with (an admin's; set FAZHI_TOKEN rather than the flag, which "
          "shows in process lists)");

namespace fazhi::grpc_util {

absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromClientFlags(const std::string& address) {
  TlsFiles tls{absl::GetFlag(FLAGS_cert_file), absl::GetFlag(FLAGS_key_file),
               absl::GetFlag(FLAGS_ca_file)};
  // A token read from a file or a Secret often ends with a newline, which gRPC refuses in a
  // header value: the token is the text without surrounding whitespace.
  const std::string token(absl::StripAsciiWhitespace(absl::GetFlag(FLAGS_token)));
  config::ExitIfInvalid(
      {CheckTlsFiles(tls, ""),
       CheckTokenTransport(address, tls, !token.empty(), "--token (FAZHI_TOKEN)", "--ca_file")});
  std::shared_ptr<grpc::Channel> channel = MakeChannel(address, tls, token);
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(absl::GetFlag(FLAGS_wait_seconds)))) {
    return absl::UnavailableError(absl::StrCat("the service at ", address,
                                               " did not answer within ",
                                               absl::GetFlag(FLAGS_wait_seconds), " s"));
  }
  return channel;
}

}  // namespace fazhi::grpc_util

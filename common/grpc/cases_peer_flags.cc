#include <string>

#include "absl/flags/flag.h"
#include "common/grpc/client.h"
#include "common/grpc/peer_flags.h"

ABSL_FLAG(std::string, cases_address, "127.0.0.1:50053", "The cases service host:port");
ABSL_FLAG(std::string, cases_token_file, "",
          "File holding this service's bearer token for the cases service (re-read when it "
          "changes); empty when it authenticates with its mTLS certificate");
ABSL_FLAG(std::string, cases_ca_file, "", "CA bundle to verify the cases service (TLS)");
ABSL_FLAG(std::string, cases_cert_file, "", "This service's client certificate (mTLS)");
ABSL_FLAG(std::string, cases_key_file, "", "Key of --cases_cert_file");

namespace fazhi::grpc_util {

PeerOptions CasesPeerFromFlags() {
  PeerOptions options;
  options.address = absl::GetFlag(FLAGS_cases_address);
  options.token_file = absl::GetFlag(FLAGS_cases_token_file);
  options.tls = TlsFiles{absl::GetFlag(FLAGS_cases_cert_file), absl::GetFlag(FLAGS_cases_key_file),
                         absl::GetFlag(FLAGS_cases_ca_file)};
  // A token file, no CA and a peer beyond loopback would send the token in plaintext.
  RequireTokenTransport(options.address, options.tls, options.token_file, "cases_");
  return options;
}

}  // namespace fazhi::grpc_util

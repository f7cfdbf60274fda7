#include <string>

#include "absl/flags/flag.h"
#include "common/grpc/client.h"
#include "common/grpc/peer_flags.h"

ABSL_FLAG(std::string, statistics_address, "127.0.0.1:50052", "The statistics service host:port");
ABSL_FLAG(std::string, statistics_token_file, "",
          "File holding this service's bearer token for the statistics service (re-read when it "
          "changes); empty when it authenticates with its mTLS certificate");
ABSL_FLAG(std::string, statistics_ca_file, "", "CA bundle to verify the statistics service (TLS)");
ABSL_FLAG(std::string, statistics_cert_file, "", "This service's client certificate (mTLS)");
ABSL_FLAG(std::string, statistics_key_file, "", "Key of --statistics_cert_file");

namespace fazhi::grpc_util {

PeerOptions StatisticsPeerFromFlags() {
  PeerOptions options;
  options.address = absl::GetFlag(FLAGS_statistics_address);
  options.token_file = absl::GetFlag(FLAGS_statistics_token_file);
  options.tls =
      TlsFiles{absl::GetFlag(FLAGS_statistics_cert_file), absl::GetFlag(FLAGS_statistics_key_file),
               absl::GetFlag(FLAGS_statistics_ca_file)};
  // A token file, no CA and a peer beyond loopback would send the token in plaintext.
  RequireTokenTransport(options.address, options.tls, options.token_file, "statistics_");
  return options;
}

}  // namespace fazhi::grpc_util

#ifndef FAZHI_COMMON_GRPC_TLS_H_
#define FAZHI_COMMON_GRPC_TLS_H_

// Transport security from files, as Kubernetes mounts Secrets: a certificate and key, and a CA
// bundle. Files are re-read every refresh interval, so a rotated Secret takes effect without a
// restart (existing connections keep the certificate they started with).

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fazhi::grpc_util {

struct TlsFiles {
  // PEM certificate chain and private key this process presents.
  std::string cert_file;
  std::string key_file;
  // PEM CA bundle: on a server, the CAs client certificates must chain to (mTLS); on a client,
  // the CAs the server's certificate must chain to.
  std::string ca_file;
  int refresh_seconds = 60;
};

enum class Transport { kPlaintext, kTls, kMutualTls };

// What a server with these files serves: plaintext without a certificate, TLS with one, mutual
// TLS when a client CA is also given.
Transport ServerTransport(const TlsFiles& files);
const char* TransportName(Transport transport);

// INVALID_ARGUMENT naming the flag when a file is missing or unreadable, or when a certificate
// comes without its key (or the reverse).
absl::Status CheckTlsFiles(const TlsFiles& files, absl::string_view flag_prefix);

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const TlsFiles& files);
// Plaintext without a CA (loopback development only); otherwise TLS verifying the server, and
// presenting a client certificate when one is given.
std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const TlsFiles& files);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_TLS_H_

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
#include "absl/strings/string_view.h"

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

// --- Plaintext stays on this machine ----------------------------------------------------------
// Plaintext gRPC is readable and forgeable by anyone on the path, so it is allowed only where
// the path never leaves the host: loopback. These checks are what a server's start-up, a
// service's peer flags and the command-line clients apply.

// True for a host (no port) that only this machine can reach: an IPv4 address in 127.0.0.0/8,
// ::1 (bracketed or not, and ::ffff:127.x.y.z), or "localhost" (any case). Anything else, the
// wildcard addresses 0.0.0.0 and :: and an empty host among them, is not loopback.
bool IsLoopbackHost(absl::string_view host);

// The host of "host:port", "[v6]:port" or ":port" (empty); the text as it is when it has no
// port.
std::string HostOfAddress(absl::string_view address);

// True when every address a gRPC target names is loopback: "host:port", "dns:host:port",
// "dns:///host:port", "ipv4:a:p,b:p", "ipv6:[::1]:p", and "unix:" paths (local by nature). A
// target whose host cannot be told (a resolver fazhi does not know, "dns://8.8.8.8/host:port"
// with a non-loopback host) is not loopback.
bool IsLoopbackTarget(absl::string_view target);

// FAILED_PRECONDITION when a server would serve plaintext (no certificate) on listen and listen
// is not loopback, unless allow_insecure says the operator means it (a sidecar or mesh that
// encrypts for it).
absl::Status CheckListenTransport(absl::string_view listen, const TlsFiles& files,
                                  bool allow_insecure);

// FAILED_PRECONDITION naming the flags when a bearer token (has_token) would be sent to target
// without TLS (no CA file) and target is not loopback: whoever sees the traffic would hold the
// token. token_flag and ca_flag name the settings in the message ("--department_token_file",
// "--department_ca_file").
absl::Status CheckTokenTransport(absl::string_view target, const TlsFiles& files, bool has_token,
                                 absl::string_view token_flag, absl::string_view ca_flag);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_TLS_H_

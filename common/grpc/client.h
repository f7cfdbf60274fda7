#ifndef FAZHI_COMMON_GRPC_CLIENT_H_
#define FAZHI_COMMON_GRPC_CLIENT_H_

// Outbound channels: TLS from files (common/grpc/tls.h) and a bearer token sent with every call,
// so a fazhi service or tool calls another as the identity it was given.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/grpc/tls.h"

namespace fazhi::grpc_util {

// A channel to address; when bearer_token is not empty every call carries
// "authorization: Bearer <bearer_token>". A token is never sent in plaintext beyond loopback:
// with a token, no CA file and an address that is not loopback (CheckTokenTransport), every call
// fails at once with FAILED_PRECONDITION and nothing leaves the process.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, const TlsFiles& tls,
                                           const std::string& bearer_token);

// A bearer token kept in a file, as Kubernetes mounts a Secret: read again whenever the file's
// modification time, size or inode changes, so a rotated token takes effect without a restart
// and an unchanged one costs a stat(2) per call. Thread-safe.
class TokenFile {
 public:
  explicit TokenFile(std::string path) : path_(std::move(path)) {}

  // The token, surrounding whitespace dropped. UNAUTHENTICATED naming the file when it cannot be
  // read or holds no token; no message ever contains the token.
  absl::StatusOr<std::string> Token();
  const std::string& path() const { return path_; }

 private:
  struct Version {
    long long mtime_ns = -1;
    long long size = -1;
    unsigned long long inode = 0;
    unsigned long long device = 0;
    bool operator==(const Version& o) const {
      return mtime_ns == o.mtime_ns && size == o.size && inode == o.inode && device == o.device;
    }
  };

  const std::string path_;
  std::mutex mu_;
  Version version_;
  std::string token_;
};

// A channel to address whose every call carries "authorization: Bearer <token>" with the token
// from token_file (see TokenFile), or no header when token_file is "". Create it once and reuse
// it: one connection (and one TLS handshake) for many calls. A call made while the file cannot be
// read fails at once with UNAUTHENTICATED naming the file, without reaching the server. Works
// over plaintext (development) and TLS alike: the header is added by a client interceptor, not by
// call credentials, which gRPC sends only over TLS. As MakeChannel, it never sends the token in
// plaintext beyond loopback: such a channel fails every call with FAILED_PRECONDITION.
std::shared_ptr<grpc::Channel> MakeChannelWithTokenFile(const std::string& address,
                                                        const TlsFiles& tls,
                                                        const std::string& token_file);

// For a service's peer flags (--<flag_prefix>address, _token_file, _ca_file): logs why and
// exits with status 2 when the token file would be sent in plaintext to a non-loopback address
// (CheckTokenTransport), so a misconfigured service refuses to start instead of leaking its
// token on the first call.
void RequireTokenTransport(const std::string& address, const TlsFiles& tls,
                           const std::string& token_file, absl::string_view flag_prefix);

// The context of an outbound call made for the call this thread works for (common/grpc/call.h):
// its deadline is the sooner of timeout and the caller's own, and it is cancelled when the
// caller's call is. Outside a call, just timeout.
std::unique_ptr<grpc::ClientContext> OutboundContext(absl::Duration timeout);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_CLIENT_H_

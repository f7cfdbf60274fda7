#ifndef FAZHI_COMMON_GRPC_CLIENT_FLAGS_H_
#define FAZHI_COMMON_GRPC_CLIENT_FLAGS_H_

// The flags every fazhi command-line client (the demo loaders) shares, so each tool takes the
// same --ca_file/--cert_file/--key_file, --token (or FAZHI_TOKEN) and --wait_seconds, and one
// function turns them into a connected channel. A separate library from fazhi_common so that
// servers, which link fazhi_common, never grow these flags.

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace fazhi::grpc_util {

// A channel to address built from the client flags: TLS when --ca_file is set, the bearer token
// on every call. Exits with status 2 when the TLS flags are inconsistent (as config does for bad
// flags) or when a token would go in plaintext to an address that is not loopback; UNAVAILABLE when
// the service does not accept a connection within --wait_seconds.
absl::StatusOr<std::shared_ptr<grpc::Channel>> ConnectFromClientFlags(const std::string& address);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_CLIENT_FLAGS_H_

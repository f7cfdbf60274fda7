#ifndef FAZHI_COMMON_GRPC_CLIENT_H_
#define FAZHI_COMMON_GRPC_CLIENT_H_

// Outbound channels: TLS from files (common/grpc/tls.h) and a bearer token sent with every call,
// so a fazhi service or tool calls another as the identity it was given.

#include <grpcpp/channel.h>

#include <memory>
#include <string>

#include "common/grpc/tls.h"

namespace fazhi::grpc_util {

// A channel to address; when bearer_token is not empty every call carries
// "authorization: Bearer <bearer_token>".
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, const TlsFiles& tls,
                                           const std::string& bearer_token);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_CLIENT_H_

#ifndef FAZHI_COMMON_GRPC_PEER_FLAGS_H_
#define FAZHI_COMMON_GRPC_PEER_FLAGS_H_

// How a service reaches another fazhi service, from flags named after the peer:
// --<peer>_address, --<peer>_token_file, --<peer>_ca_file, --<peer>_cert_file, --<peer>_key_file.
// Each peer's flags live in their own library (fazhi_statistics_peer_flags,
// fazhi_cases_peer_flags), so a binary carries the flags of the peers it calls and no others.
// The department service's flags are common/directory/department_flags.h. Reading them exits
// the process with status 2 (after logging why) when a token file is set, no CA file is, and the
// address is not loopback: a bearer token never crosses the network in plaintext.

#include <string>

#include "common/grpc/tls.h"

namespace fazhi::grpc_util {

struct PeerOptions {
  std::string address;
  TlsFiles tls;
  // The bearer token's file (re-read when it changes); empty with an mTLS identity.
  std::string token_file;
};

// From --statistics_*; link fazhi_statistics_peer_flags.
PeerOptions StatisticsPeerFromFlags();
// From --cases_*; link fazhi_cases_peer_flags.
PeerOptions CasesPeerFromFlags();

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_PEER_FLAGS_H_

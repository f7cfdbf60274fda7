#ifndef FAZHI_COMMON_AUTH_CALL_GATE_H_
#define FAZHI_COMMON_AUTH_CALL_GATE_H_

// The authorisation verdict of the RPC this thread is serving. gRPC's sync server runs the
// interceptor and the handler on one thread, and a server interceptor cannot stop a handler from
// running: so the interceptor records a denial here, every database access refuses to run while
// one is recorded, and the interceptor replaces the handler's answer with the denial. A handler
// added later is covered without anyone remembering to check.

#include "absl/status/status.h"

namespace fazhi::auth {

// OK unless the current call was denied.
const absl::Status& CurrentCallDenial();
void SetCurrentCallDenial(absl::Status denial);

}  // namespace fazhi::auth

#endif  // FAZHI_COMMON_AUTH_CALL_GATE_H_

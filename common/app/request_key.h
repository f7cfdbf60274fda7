#ifndef FAZHI_COMMON_APP_REQUEST_KEY_H_
#define FAZHI_COMMON_APP_REQUEST_KEY_H_

// Request ids make creates and imports idempotent: a retry with the id of an earlier call gets
// that call's result. The id is the client's choice, so it is bound to the client: what a store
// keeps is a key made of the caller (principal), the RPC and the id, never the id alone. Another
// caller reusing (or guessing) an id then neither replays someone else's result nor blocks their
// submission; the same caller retrying the same RPC finds its first result.

#include <string>

#include "absl/strings/string_view.h"
#include "common/app/caller.h"

namespace fazhi::app {

// "" for an empty request id (no idempotency asked); otherwise 64 lower-case hex characters, the
// SHA-256 of the caller's kind and subject, the RPC and the request id (length-prefixed, so no
// two different triples give the same text). Fits the VARCHAR(64) request id columns unchanged,
// so no migration is needed. Validate the request id before taking its key.
std::string RequestKey(const Caller& caller, absl::string_view request_id);

}  // namespace fazhi::app

#endif  // FAZHI_COMMON_APP_REQUEST_KEY_H_

#ifndef FAZHI_COMMON_LOG_LOG_H_
#define FAZHI_COMMON_LOG_LOG_H_

// Structured logging: one JSON object per line on stdout, with time, level, service, request id
// and message, so log collectors in the cluster can parse it without rules. Callers never pass
// tokens, passwords or personal ID numbers as fields.

#include <initializer_list>
#include <string>
#include <utility>

#include "absl/strings/string_view.h"

namespace fazhi::log {

enum class Level { kDebug, kInfo, kWarning, kError };

// Sets the service name stamped on every line and the lowest level written.
void Init(absl::string_view service, Level min_level);
// Parses "debug", "info", "warning" or "error".
bool ParseLevel(absl::string_view text, Level* level);

using Fields = std::initializer_list<std::pair<absl::string_view, absl::string_view>>;

void Write(Level level, absl::string_view message, Fields fields = {});
inline void Debug(absl::string_view m, Fields f = {}) { Write(Level::kDebug, m, f); }
inline void Info(absl::string_view m, Fields f = {}) { Write(Level::kInfo, m, f); }
inline void Warning(absl::string_view m, Fields f = {}) { Write(Level::kWarning, m, f); }
inline void Error(absl::string_view m, Fields f = {}) { Write(Level::kError, m, f); }

// The request id of the RPC this thread is serving, or "" outside an RPC.
const std::string& CurrentRequestId();

// Sets or clears (with "") the request id of this thread; the server interceptor calls it when an
// RPC arrives and when it ends.
void SetCurrentRequestId(std::string id);

// Binds a request id to this thread for the lifetime of the scope (one RPC on the sync server).
class ScopedRequestId {
 public:
  explicit ScopedRequestId(std::string id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string previous_;
};

// Escapes text as a JSON string body; invalid UTF-8 bytes become U+FFFD.
std::string JsonEscape(absl::string_view text);

}  // namespace fazhi::log

#endif  // FAZHI_COMMON_LOG_LOG_H_

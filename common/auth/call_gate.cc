#include "common/auth/call_gate.h"

namespace fazhi::auth {
namespace {

thread_local absl::Status t_denial;

}  // namespace

const absl::Status& CurrentCallDenial() { return t_denial; }
void SetCurrentCallDenial(absl::Status denial) { t_denial = std::move(denial); }

}  // namespace fazhi::auth

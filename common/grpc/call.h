#ifndef FAZHI_COMMON_GRPC_CALL_H_
#define FAZHI_COMMON_GRPC_CALL_H_

// How every RPC of every service is served on the gRPC callback API:
//
//   headers arrive ──> interceptor: request id, caller, verdict of the policy table (CallState)
//   handler entered ─> CallRunner: a refused call ends here, before any handler code runs; an
//                      admitted one is queued on the bounded executor (RESOURCE_EXHAUSTED at
//                      once when it is full)
//   executor thread ─> the call's state is bound to the thread (log request id, audit actor,
//                      deadline and cancellation for the database and outbound calls) and the
//                      handler's work runs; its status finishes the call
//
// gRPC's own threads only move bytes and judge headers; nothing on them waits for a database or
// another service. Small calls whose cost is mostly hand-offs (one figure per SubmitDataPoints)
// may instead be queued from gRPC's thread and served in groups by one executor task
// (common/grpc/grouped_calls.h).

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/call/limits.h"
#include "common/grpc/executor.h"

namespace fazhi::grpc_util {

class AuthGuard;

// One call as the server sees it, from its headers to its status.
struct CallState {
  // "/package.Service/Method".
  std::string rpc;
  std::string request_id;
  std::optional<auth::Principal> principal;
  // The policy's verdict, known before any handler runs (see Judge).
  absl::Status denial;
  // Set when the verdict needs the database (an own-department rule that names a record): the
  // runner then judges on the executor, before the handler's work.
  std::function<absl::Status(CallState&)> deferred_check;
  // Audits the refusals handlers reach themselves (AuditRefusal); null on a server without one.
  const AuthGuard* guard = nullptr;
  call::Limits limits;
  // The field ("points.department_id") whose invalid UTF-8 made gRPC drop a message of this call
  // as unreadable, if one did: gRPC then ends a stream as if the client had finished, and only
  // this tells the two apart.
  std::string unreadable_field;
  // The call's context; valid until the call ends, which is after any work for it.
  grpc::ServerContextBase* context = nullptr;
};

// The calls in flight by their server context, so a handler finds what the interceptor decided.
void RegisterCall(const grpc::ServerContextBase* context, std::shared_ptr<CallState> state);
void UnregisterCall(const grpc::ServerContextBase* context);
std::shared_ptr<CallState> FindCall(const grpc::ServerContextBase* context);

// The call whose work this thread is doing, or null.
const CallState* CurrentCall();

// Binds a call to this thread for the scope: its request id to log lines, its caller to audit
// entries, its deadline and cancellation to database statements and outbound calls.
class ScopedCall {
 public:
  explicit ScopedCall(const CallState* call);
  ~ScopedCall();
  ScopedCall(const ScopedCall&) = delete;
  ScopedCall& operator=(const ScopedCall&) = delete;

 private:
  const CallState* previous_;
  call::ScopedLimits limits_;
};

// The one way handlers run: see the top of this file.
class CallRunner {
 public:
  explicit CallRunner(Executor* executor) : executor_(executor) {}

  // Serves a unary call: work runs on the executor with the call bound to its thread and returns
  // the status that finishes the call. work is never run for a refused call, for a call the
  // executor has no room for, or for one whose caller already gave up.
  grpc::ServerUnaryReactor* Unary(grpc::CallbackServerContext* context,
                                  std::function<grpc::Status()> work);

  // For stream reactors. Admit gives the call's state, or the status to finish a call that may
  // not go on (refused; or unknown to the interceptor, which fails closed).
  absl::StatusOr<std::shared_ptr<CallState>> Admit(const grpc::ServerContextBase* context) const;
  // Runs task on the executor with call bound to its thread, after judging a deferred check.
  // When the call may not go on (executor full, caller gone, check failed) task is not run and
  // refuse gets the status to finish the call with, on this thread or on the executor's.
  void Run(const std::shared_ptr<CallState>& call, std::function<void()> task,
           std::function<void(const grpc::Status&)> refuse);

  Executor* executor() const { return executor_; }

 private:
  Executor* executor_;
};

// The status a stream or unary call finishes with when the executor has no room.
grpc::Status ExecutorFull();

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_CALL_H_

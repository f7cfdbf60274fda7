#include "common/grpc/call.h"

#include <array>
#include <mutex>
#include <unordered_map>

#include "common/grpc/status.h"
#include "common/log/log.h"

namespace fazhi::grpc_util {
namespace {

// Sharded so that concurrent calls rarely meet on one lock.
constexpr size_t kShards = 16;

struct Shard {
  std::mutex mu;
  std::unordered_map<const grpc::ServerContextBase*, std::shared_ptr<CallState>> calls;
};

Shard& ShardOf(const grpc::ServerContextBase* context) {
  static std::array<Shard, kShards>* shards = new std::array<Shard, kShards>();
  // Contexts are heap objects at least 16 bytes apart: drop the low bits before picking a shard.
  return (*shards)[(reinterpret_cast<uintptr_t>(context) >> 6) % kShards];
}

thread_local const CallState* t_call = nullptr;

}  // namespace

void RegisterCall(const grpc::ServerContextBase* context, std::shared_ptr<CallState> state) {
  Shard& shard = ShardOf(context);
  std::lock_guard<std::mutex> lock(shard.mu);
  shard.calls[context] = std::move(state);
}

void UnregisterCall(const grpc::ServerContextBase* context) {
  Shard& shard = ShardOf(context);
  std::lock_guard<std::mutex> lock(shard.mu);
  shard.calls.erase(context);
}

std::shared_ptr<CallState> FindCall(const grpc::ServerContextBase* context) {
  Shard& shard = ShardOf(context);
  std::lock_guard<std::mutex> lock(shard.mu);
  auto it = shard.calls.find(context);
  return it == shard.calls.end() ? nullptr : it->second;
}

const CallState* CurrentCall() { return t_call; }

ScopedCall::ScopedCall(const CallState* call)
    : previous_(t_call), limits_(call != nullptr ? &call->limits : nullptr) {
  t_call = call;
  log::SetCurrentRequestId(call != nullptr ? call->request_id : "");
}

ScopedCall::~ScopedCall() {
  t_call = previous_;
  log::SetCurrentRequestId(previous_ != nullptr ? previous_->request_id : "");
}

grpc::Status ExecutorFull() {
  return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                      "the server is at its limit of concurrent work; retry with backoff");
}

absl::StatusOr<std::shared_ptr<CallState>> CallRunner::Admit(
    const grpc::ServerContextBase* context) const {
  std::shared_ptr<CallState> call = FindCall(context);
  // Every call passes the interceptor first; one that did not is refused rather than served
  // unjudged.
  if (call == nullptr) return absl::InternalError("the call was not judged by the server");
  if (!call->denial.ok()) return call->denial;
  return call;
}

void CallRunner::Run(const std::shared_ptr<CallState>& call, std::function<void()> task,
                     std::function<void(const grpc::Status&)> refuse) {
  bool queued = executor_->TrySubmit([call, task = std::move(task), refuse]() {
    ScopedCall bound(call.get());
    if (call->deferred_check) {
      std::function<absl::Status(CallState&)> check = std::move(call->deferred_check);
      call->deferred_check = nullptr;
      call->denial = check(*call);
    }
    if (!call->denial.ok()) return refuse(ToGrpcStatus(call->denial));
    // A call whose caller gave up while it waited in the queue is not worth starting.
    if (absl::Status live = call::CheckLimits(); !live.ok()) return refuse(ToGrpcStatus(live));
    task();
  });
  if (!queued) refuse(ExecutorFull());
}

grpc::ServerUnaryReactor* CallRunner::Unary(grpc::CallbackServerContext* context,
                                            std::function<grpc::Status()> work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<std::shared_ptr<CallState>> call = Admit(context);
  if (!call.ok()) {
    reactor->Finish(ToGrpcStatus(call.status()));
    return reactor;
  }
  Run(
      *call, [reactor, work = std::move(work)] { reactor->Finish(work()); },
      [reactor](const grpc::Status& refusal) { reactor->Finish(refusal); });
  return reactor;
}

}  // namespace fazhi::grpc_util

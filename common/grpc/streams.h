#ifndef FAZHI_COMMON_GRPC_STREAMS_H_
#define FAZHI_COMMON_GRPC_STREAMS_H_

// Streaming calls on the callback API: while a stream waits for its peer it holds no thread, and
// each piece of work between two messages runs on the bounded executor like a unary call's
// (common/grpc/call.h). A service writes what to do with the messages (a StreamConsumer or a
// StreamProducer); the reactors here do the waiting, the limits and the finishing.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/call.h"
#include "common/grpc/status.h"

namespace fazhi::grpc_util {

// What a client stream's messages are for. Each method runs on the executor with the call bound
// to its thread, one at a time and in order.
template <typename Request, typename Response>
class StreamConsumer {
 public:
  virtual ~StreamConsumer() = default;
  // One message. OK(true) asks for the next; OK(false) ends the call now with End (the rest would
  // change nothing, as with a replayed request id); an error ends the call with it.
  virtual absl::StatusOr<bool> Accept(const Request& message) = 0;
  // After the client's last message (or Accept's false): the answer.
  virtual absl::Status End(Response* response) = 0;
};

// Serves a client stream with consumer. Start with `return new ClientStreamReactor(...)`; it
// deletes itself when gRPC is done with it.
template <typename Request, typename Response>
class ClientStreamReactor : public grpc::ServerReadReactor<Request> {
 public:
  ClientStreamReactor(CallRunner* runner, grpc::CallbackServerContext* context, Response* response,
                      std::unique_ptr<StreamConsumer<Request, Response>> consumer, int max_messages)
      : runner_(runner),
        context_(context),
        response_(response),
        consumer_(std::move(consumer)),
        max_messages_(max_messages) {
    absl::StatusOr<std::shared_ptr<CallState>> call = runner_->Admit(context);
    if (!call.ok()) {
      this->Finish(ToGrpcStatus(call.status()));
      return;
    }
    call_ = *std::move(call);
    this->StartRead(&message_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      // gRPC ends a stream on a message that does not parse as if the client had finished; the
      // interceptor noted which field it refused. A stream cut short must not count as whole.
      return Run([this] {
        if (!call_->unreadable_field.empty()) {
          return this->Finish(
              grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                           absl::StrCat(call_->unreadable_field, " is not valid UTF-8 text (after ",
                                        received_, " messages)")));
        }
        if (context_->IsCancelled()) {
          return this->Finish(
              grpc::Status(grpc::StatusCode::CANCELLED, "the client cancelled the stream"));
        }
        End();
      });
    }
    if (++received_ > max_messages_) {
      return this->Finish(grpc::Status(
          grpc::StatusCode::RESOURCE_EXHAUSTED,
          absl::StrCat("a stream may send at most ", max_messages_,
                       " messages (--max_stream_messages); split it into several streams")));
    }
    Run([this] {
      absl::StatusOr<bool> more = consumer_->Accept(message_);
      if (!more.ok()) return this->Finish(ToGrpcStatus(more.status()));
      if (!*more) return End();
      this->StartRead(&message_);
    });
  }

  void OnDone() override { delete this; }

 private:
  void Run(std::function<void()> step) {
    runner_->Run(call_, std::move(step),
                 [this](const grpc::Status& refusal) { this->Finish(refusal); });
  }
  void End() { this->Finish(ToGrpcStatus(consumer_->End(response_))); }

  CallRunner* runner_;
  grpc::CallbackServerContext* context_;
  Response* response_;
  std::unique_ptr<StreamConsumer<Request, Response>> consumer_;
  const int max_messages_;
  std::shared_ptr<CallState> call_;
  Request message_;
  int received_ = 0;
};

// Where a server stream's messages come from. Next runs on the executor with the call bound to its
// thread, one batch at a time; the batch is written while no thread waits.
template <typename Message>
class StreamProducer {
 public:
  virtual ~StreamProducer() = default;
  // Fills batch with the next messages. OK(false) when these are the last; an error ends the
  // call with it.
  virtual absl::StatusOr<bool> Next(std::vector<Message>* batch) = 0;
};

// Serves a server stream from producer. Start with `return new ServerStreamReactor(...)`.
template <typename Message>
class ServerStreamReactor : public grpc::ServerWriteReactor<Message> {
 public:
  ServerStreamReactor(CallRunner* runner, grpc::CallbackServerContext* context,
                      std::unique_ptr<StreamProducer<Message>> producer)
      : runner_(runner), producer_(std::move(producer)) {
    absl::StatusOr<std::shared_ptr<CallState>> call = runner_->Admit(context);
    if (!call.ok()) {
      this->Finish(ToGrpcStatus(call.status()));
      return;
    }
    call_ = *std::move(call);
    Fetch();
  }

  void OnWriteDone(bool ok) override {
    // The client is gone: nothing more is read or written for it.
    if (!ok || cancelled_) {
      return this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client left"));
    }
    WriteNext();
  }
  void OnCancel() override { cancelled_ = true; }

  void OnDone() override { delete this; }

 private:
  void Fetch() {
    runner_->Run(
        call_,
        [this] {
          batch_.clear();
          next_ = 0;
          absl::StatusOr<bool> more = producer_->Next(&batch_);
          if (!more.ok()) return this->Finish(ToGrpcStatus(more.status()));
          last_batch_ = !*more;
          WriteNext();
        },
        [this](const grpc::Status& refusal) { this->Finish(refusal); });
  }

  void WriteNext() {
    if (next_ < batch_.size()) return this->StartWrite(&batch_[next_++]);
    if (last_batch_) return this->Finish(grpc::Status::OK);
    Fetch();
  }

  CallRunner* runner_;
  std::unique_ptr<StreamProducer<Message>> producer_;
  std::shared_ptr<CallState> call_;
  std::vector<Message> batch_;
  size_t next_ = 0;
  bool last_batch_ = false;
  std::atomic<bool> cancelled_{false};
};

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_STREAMS_H_

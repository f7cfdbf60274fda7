#include "common/grpc/client.h"

#include <grpc/grpc.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/call.h"
#include "common/log/log.h"

namespace fazhi::grpc_util {
namespace {

using grpc::experimental::InterceptionHookPoints;

// A service-to-service channel lives as long as its process, so it must not sit out gRPC's
// default two-minute reconnect backoff after the peer restarts.
constexpr int kMaxReconnectBackoffMs = 5000;

// Adds the authorization header. Call credentials would do the same but gRPC sends them only
// over TLS, and development servers on loopback run plaintext.
class BearerInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string* header) : header_(header) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->emplace("authorization", *header_);
    }
    methods->Proceed();
  }

 private:
  const std::string* header_;
};

class BearerInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(const std::string& token)
      : header_(absl::StrCat("Bearer ", token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor(&header_);
  }

 private:
  std::string header_;
};

// Adds the authorization header with the token file's current token. When the file cannot be
// read the call is hijacked: it never leaves the process and ends with the file's error.
class TokenFileInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit TokenFileInterceptor(TokenFile* file) : file_(file) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      absl::StatusOr<std::string> token = file_->Token();
      if (token.ok()) {
        methods->GetSendInitialMetadata()->emplace("authorization",
                                                   absl::StrCat("Bearer ", *token));
      } else {
        failure_ =
            grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(token.status().message()));
        // Hijack runs this interceptor again at once with the PRE_RECV_* hook points below.
        methods->Hijack();
        return;
      }
    }
    if (failure_.has_value()) {
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_MESSAGE)) {
        methods->FailHijackedRecvMessage();
      }
      if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_STATUS)) {
        *methods->GetRecvStatus() = *failure_;
      }
    }
    methods->Proceed();
  }

 private:
  TokenFile* file_;
  std::optional<grpc::Status> failure_;
};

// Ends every call at once with status, before anything is sent: the channel of a token that must
// not cross the network in plaintext.
class RefusingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit RefusingInterceptor(const grpc::Status* status) : status_(status) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->Hijack();
      return;
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_MESSAGE)) {
      methods->FailHijackedRecvMessage();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_RECV_STATUS)) {
      *methods->GetRecvStatus() = *status_;
    }
    methods->Proceed();
  }

 private:
  const grpc::Status* status_;
};

class RefusingInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit RefusingInterceptorFactory(const absl::Status& status)
      : status_(static_cast<grpc::StatusCode>(status.code()), std::string(status.message())) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new RefusingInterceptor(&status_);
  }

 private:
  grpc::Status status_;
};

// A channel to address whose calls all fail with refusal, never reaching the network. The flags'
// own checks (RequireTokenTransport) stop a misconfigured process at start-up; this is the guard
// behind them for any channel made some other way.
std::shared_ptr<grpc::Channel> RefusingChannel(const std::string& address,
                                               const absl::Status& refusal) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<RefusingInterceptorFactory>(refusal));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(creators));
}

class TokenFileInterceptorFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit TokenFileInterceptorFactory(const std::string& path) : file_(path) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new TokenFileInterceptor(&file_);
  }

 private:
  TokenFile file_;
};

}  // namespace

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, const TlsFiles& tls,
                                           const std::string& bearer_token) {
  if (bearer_token.empty()) return grpc::CreateChannel(address, MakeChannelCredentials(tls));
  if (absl::Status refusal =
          CheckTokenTransport(address, tls, true, "the bearer token", "a CA file");
      !refusal.ok()) {
    return RefusingChannel(address, refusal);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<BearerInterceptorFactory>(bearer_token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, MakeChannelCredentials(tls), grpc::ChannelArguments(), std::move(creators));
}

absl::StatusOr<std::string> TokenFile::Token() {
  struct stat st;
  if (stat(path_.c_str(), &st) != 0) {
    return absl::UnauthenticatedError(
        absl::StrCat("cannot read the bearer token file ", path_, ": ", std::strerror(errno)));
  }
  Version seen{static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec,
               static_cast<long long>(st.st_size), static_cast<unsigned long long>(st.st_ino),
               static_cast<unsigned long long>(st.st_dev)};
  std::lock_guard<std::mutex> lock(mu_);
  if (seen == version_ && !token_.empty()) return token_;
  std::ifstream in(path_);
  if (!in) {
    return absl::UnauthenticatedError(
        absl::StrCat("cannot read the bearer token file ", path_, ": ", std::strerror(errno)));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string token(absl::StripAsciiWhitespace(ss.str()));
  if (token.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("the bearer token file ", path_, " holds no token"));
  }
  token_ = std::move(token);
  version_ = seen;
  return token_;
}

std::shared_ptr<grpc::Channel> MakeChannelWithTokenFile(const std::string& address,
                                                        const TlsFiles& tls,
                                                        const std::string& token_file) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, kMaxReconnectBackoffMs);
  if (token_file.empty()) {
    return grpc::CreateCustomChannel(address, MakeChannelCredentials(tls), args);
  }
  if (absl::Status refusal = CheckTokenTransport(address, tls, true, token_file, "a CA file");
      !refusal.ok()) {
    return RefusingChannel(address, refusal);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<TokenFileInterceptorFactory>(token_file));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, MakeChannelCredentials(tls), args, std::move(creators));
}

void RequireTokenTransport(const std::string& address, const TlsFiles& tls,
                           const std::string& token_file, absl::string_view flag_prefix) {
  absl::Status refusal = CheckTokenTransport(address, tls, !token_file.empty(),
                                             absl::StrCat("--", flag_prefix, "token_file"),
                                             absl::StrCat("--", flag_prefix, "ca_file"));
  if (refusal.ok()) return;
  log::Error("refusing to start", {{"peer", address}, {"error", refusal.message()}});
  std::exit(2);
}

std::unique_ptr<grpc::ClientContext> OutboundContext(absl::Duration timeout) {
  std::unique_ptr<grpc::ClientContext> context;
  const CallState* call = CurrentCall();
  // Every handler runs on the callback API, so the call's context is a callback one; gRPC then
  // bounds the outbound deadline by the caller's and cancels it with the caller's call.
  if (call != nullptr && call->context != nullptr) {
    context = grpc::ClientContext::FromCallbackServerContext(
        *static_cast<grpc::CallbackServerContext*>(call->context));
  } else {
    context = std::make_unique<grpc::ClientContext>();
  }
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return context;
}

}  // namespace fazhi::grpc_util

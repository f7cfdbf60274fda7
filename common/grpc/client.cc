#include "common/grpc/client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>

#include "absl/strings/str_cat.h"

namespace fazhi::grpc_util {
namespace {

using grpc::experimental::InterceptionHookPoints;

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

}  // namespace

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& address, const TlsFiles& tls,
                                           const std::string& bearer_token) {
  if (bearer_token.empty()) return grpc::CreateChannel(address, MakeChannelCredentials(tls));
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<BearerInterceptorFactory>(bearer_token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, MakeChannelCredentials(tls), grpc::ChannelArguments(), std::move(creators));
}

}  // namespace fazhi::grpc_util

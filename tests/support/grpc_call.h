#ifndef FAZHI_TESTS_SUPPORT_GRPC_CALL_H_
#define FAZHI_TESTS_SUPPORT_GRPC_CALL_H_

// One unary call of a generated stub with a deadline, so a test against a hung server fails
// instead of hanging: Call(*stub, &Service::Stub::Method, request, &response).

#include <grpcpp/grpcpp.h>

#include <chrono>

namespace fazhi::testing {

template <typename Stub, typename Request, typename Response>
grpc::Status Call(Stub& stub,
                  grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&, Response*),
                  const Request& request, Response* response, int deadline_seconds = 30) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(deadline_seconds));
  return (stub.*rpc)(&context, request, response);
}

}  // namespace fazhi::testing

#endif  // FAZHI_TESTS_SUPPORT_GRPC_CALL_H_

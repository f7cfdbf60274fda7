#ifndef FAZHI_COMMON_GRPC_REFLECTION_SERVICE_H_
#define FAZHI_COMMON_GRPC_REFLECTION_SERVICE_H_

// gRPC server reflection (grpc.reflection.v1alpha.ServerReflection) on the callback API. A stream
// waiting for its client's next request holds no thread, so idle reflection clients cannot starve
// the server the way they do gRPC's own synchronous reflection plugin.
//
// Answers come from the process's generated descriptor pool: a service is described only if its
// generated code is linked into the binary. Each answer carries the file asked for, always, and
// those of its transitive imports not yet sent on the same stream.

#include <grpcpp/impl/service_type.h>

#include <memory>
#include <string>
#include <vector>

namespace fazhi::grpc_util {

// list_services answers `service_names` (fully-qualified, in the given order) followed by the
// reflection service itself.
std::unique_ptr<grpc::Service> MakeReflectionService(std::vector<std::string> service_names);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_REFLECTION_SERVICE_H_

#ifndef FAZHI_TOOLS_CLI_REFLECTION_DATABASE_H_
#define FAZHI_TOOLS_CLI_REFLECTION_DATABASE_H_

#include <google/protobuf/descriptor.pb.h>
#include <google/protobuf/descriptor_database.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>
#include <grpcpp/support/sync_stream.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace fazhi::cli {

// What every call fazhi-cli makes carries: the caller's metadata and one deadline for the whole
// command, so a hung server cannot hold an operator's shell past --timeout_seconds.
struct CallSettings {
  std::vector<std::pair<std::string, std::string>> metadata;
  std::chrono::system_clock::time_point deadline;

  void Apply(grpc::ClientContext* context) const;
};

// A DescriptorDatabase that asks a server over grpc.reflection.v1alpha. A DescriptorPool built on
// it loads only the files a command needs and pulls their imports in by name.
//
// All requests share one ServerReflectionInfo stream. A fazhi server sends a file's imports only
// once per stream, so every file received is kept here: a later answer may rely on it.
//
// A symbol or file the server does not have (NOT_FOUND) is taken from this binary's generated
// pool when it is there: gRPC's built-in health service has no protobuf descriptors on the server
// side, and a server may not serve the well-known types.
class ReflectionDatabase : public google::protobuf::DescriptorDatabase {
 public:
  ReflectionDatabase(std::shared_ptr<grpc::Channel> channel, CallSettings settings);
  ~ReflectionDatabase() override;

  ReflectionDatabase(const ReflectionDatabase&) = delete;
  ReflectionDatabase& operator=(const ReflectionDatabase&) = delete;

  bool FindFileByName(const std::string& filename,
                      google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingSymbol(const std::string& symbol_name,
                                google::protobuf::FileDescriptorProto* output) override;
  bool FindFileContainingExtension(const std::string& containing_type, int field_number,
                                   google::protobuf::FileDescriptorProto* output) override;

  // The fully-qualified names of the services the server exposes, in the server's order.
  grpc::Status ListServices(std::vector<std::string>* services);

  // Why the last lookup failed: the stream's status if the stream broke (UNAVAILABLE,
  // DEADLINE_EXCEEDED, UNIMPLEMENTED when the server has no reflection), else the server's
  // error_response. OK if nothing failed, e.g. after a hit from the local fallback.
  const grpc::Status& last_error() const { return last_error_; }

 private:
  using Request = grpc::reflection::v1alpha::ServerReflectionRequest;
  using Response = grpc::reflection::v1alpha::ServerReflectionResponse;

  // Sends one request and reads its answer; false (with last_error_ set) if the stream failed
  // or the server answered with an error_response.
  bool Exchange(const Request& request, Response* response);
  // The lookup every Find* shares: the files already received, else the server, else (unless the
  // stream broke) this binary's generated pool. `key` names the lookup in misses_ and messages.
  bool Lookup(const std::string& key, const Request& request, absl::FunctionRef<bool()> find_cached,
              absl::FunctionRef<const google::protobuf::FileDescriptor*()> find_local);
  // Keeps the files of a file_descriptor_response; false if one does not parse.
  bool CacheFiles(const Response& response);
  // Keeps `file` from this binary's generated pool; false if it is null.
  bool CacheLocalFile(const google::protobuf::FileDescriptor* file);

  std::shared_ptr<grpc::Channel> channel_;
  CallSettings settings_;
  std::unique_ptr<grpc::reflection::v1alpha::ServerReflection::Stub> stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  std::unique_ptr<grpc::ClientReaderWriter<Request, Response>> stream_;
  bool stream_broken_ = false;
  grpc::Status stream_status_;  // How the stream ended, once it broke.
  grpc::Status last_error_;

  google::protobuf::SimpleDescriptorDatabase cache_;
  std::set<std::string> cached_files_;
  // Lookups that failed, with why: a pool probes the same name more than once, the server need
  // hear it only once. Keyed by "file ", "symbol " or "extension " and the name.
  std::map<std::string, grpc::Status> misses_;
};

}  // namespace fazhi::cli

#endif  // FAZHI_TOOLS_CLI_REFLECTION_DATABASE_H_

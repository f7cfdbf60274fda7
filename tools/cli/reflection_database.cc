#include "tools/cli/reflection_database.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.pb.h"

namespace fazhi::cli {

namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;

}  // namespace

void CallSettings::Apply(grpc::ClientContext* context) const {
  context->set_deadline(deadline);
  for (const auto& [key, value] : metadata) context->AddMetadata(key, value);
}

ReflectionDatabase::ReflectionDatabase(std::shared_ptr<grpc::Channel> channel,
                                       CallSettings settings)
    : channel_(std::move(channel)),
      settings_(std::move(settings)),
      stub_(grpc::reflection::v1alpha::ServerReflection::NewStub(channel_)) {
  // Names health.proto so the linker keeps it, and with it its entry in the generated pool that
  // the fallback reads: nothing else refers to it.
  grpc::health::v1::HealthCheckRequest::descriptor();
}

ReflectionDatabase::~ReflectionDatabase() {
  // Half-close rather than cancel, so the server records the stream as OK, not CANCELLED.
  if (stream_ != nullptr && !stream_broken_) {
    stream_->WritesDone();
    stream_->Finish();  // Every answer has been read; how the stream ends changes nothing.
  }
}

bool ReflectionDatabase::FindFileByName(const std::string& filename, FileDescriptorProto* output) {
  Request request;
  request.set_file_by_filename(filename);
  return Lookup(
      absl::StrCat("file ", filename), request,
      [&] { return cache_.FindFileByName(filename, output); },
      [&] { return DescriptorPool::generated_pool()->FindFileByName(filename); });
}

bool ReflectionDatabase::FindFileContainingSymbol(const std::string& symbol_name,
                                                  FileDescriptorProto* output) {
  Request request;
  request.set_file_containing_symbol(symbol_name);
  return Lookup(
      absl::StrCat("symbol ", symbol_name), request,
      [&] { return cache_.FindFileContainingSymbol(symbol_name, output); },
      [&] { return DescriptorPool::generated_pool()->FindFileContainingSymbol(symbol_name); });
}

bool ReflectionDatabase::FindFileContainingExtension(const std::string& containing_type,
                                                     int field_number,
                                                     FileDescriptorProto* output) {
  Request request;
  request.mutable_file_containing_extension()->set_containing_type(containing_type);
  request.mutable_file_containing_extension()->set_extension_number(field_number);
  return Lookup(
      absl::StrCat("extension ", containing_type, " ", field_number), request,
      [&] { return cache_.FindFileContainingExtension(containing_type, field_number, output); },
      [&]() -> const FileDescriptor* {
        const DescriptorPool* pool = DescriptorPool::generated_pool();
        const google::protobuf::Descriptor* type = pool->FindMessageTypeByName(containing_type);
        if (type == nullptr) return nullptr;
        const google::protobuf::FieldDescriptor* field =
            pool->FindExtensionByNumber(type, field_number);
        return field == nullptr ? nullptr : field->file();
      });
}

grpc::Status ReflectionDatabase::ListServices(std::vector<std::string>* services) {
  Request request;
  request.set_list_services("");  // The protocol leaves the value unread.
  Response response;
  if (!Exchange(request, &response)) return last_error_;
  for (const auto& service : response.list_services_response().service()) {
    services->push_back(service.name());
  }
  return grpc::Status::OK;
}

bool ReflectionDatabase::Lookup(const std::string& key, const Request& request,
                                absl::FunctionRef<bool()> find_cached,
                                absl::FunctionRef<const FileDescriptor*()> find_local) {
  last_error_ = grpc::Status::OK;
  if (find_cached()) return true;
  if (auto miss = misses_.find(key); miss != misses_.end()) {
    last_error_ = miss->second;
    return false;
  }
  Response response;
  if (Exchange(request, &response)) {
    if (!CacheFiles(response)) return false;
    if (find_cached()) return true;
    last_error_ = grpc::Status(grpc::StatusCode::NOT_FOUND,
                               absl::StrCat("the server's reflection answer lacks the ", key));
  }
  // With the stream gone the error says more than a local guess at the server's API would.
  if (stream_broken_) return false;
  if (CacheLocalFile(find_local()) && find_cached()) {
    last_error_ = grpc::Status::OK;
    return true;
  }
  misses_.emplace(key, last_error_);
  return false;
}

bool ReflectionDatabase::Exchange(const Request& request, Response* response) {
  if (stream_broken_) {
    last_error_ = stream_status_;
    return false;
  }
  if (stream_ == nullptr) {
    context_ = std::make_unique<grpc::ClientContext>();
    settings_.Apply(context_.get());
    stream_ = stub_->ServerReflectionInfo(context_.get());
  }
  if (!stream_->Write(request) || !stream_->Read(response)) {
    stream_broken_ = true;
    stream_status_ = stream_->Finish();
    if (stream_status_.ok()) {
      stream_status_ = grpc::Status(grpc::StatusCode::UNKNOWN,
                                    "the server ended the reflection stream without an answer");
    }
    last_error_ = stream_status_;
    return false;
  }
  if (response->has_error_response()) {
    const auto& error = response->error_response();
    last_error_ =
        grpc::Status(static_cast<grpc::StatusCode>(error.error_code()), error.error_message());
    return false;
  }
  last_error_ = grpc::Status::OK;
  return true;
}

bool ReflectionDatabase::CacheFiles(const Response& response) {
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    FileDescriptorProto file;
    if (!file.ParseFromString(bytes)) {
      last_error_ = grpc::Status(grpc::StatusCode::INTERNAL,
                                 "the server sent a file descriptor that does not parse");
      return false;
    }
    // Servers other than gRPC C++ resend imports with every answer.
    if (cached_files_.insert(file.name()).second) cache_.Add(file);
  }
  return true;
}

bool ReflectionDatabase::CacheLocalFile(const FileDescriptor* file) {
  if (file == nullptr) return false;
  if (cached_files_.insert(file->name()).second) {
    FileDescriptorProto proto;
    file->CopyTo(&proto);
    cache_.Add(proto);
  }
  return true;
}

}  // namespace fazhi::cli

#include "common/grpc/reflection_service.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <unordered_set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"

namespace fazhi::grpc_util {
namespace {

namespace rpb = ::grpc::reflection::v1alpha;
using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::FileDescriptorProto;

// One ServerReflectionInfo stream: read a request, write its answer, read the next, until the
// client half-closes. Between callbacks nothing runs on its behalf.
class ReflectionReactor
    : public grpc::ServerBidiReactor<rpb::ServerReflectionRequest, rpb::ServerReflectionResponse> {
 public:
  explicit ReflectionReactor(const std::vector<std::string>* listed_services)
      : listed_services_(listed_services) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    // Not ok: the client half-closed (or the call is gone), so no request is pending.
    if (!ok) {
      Finish(grpc::Status::OK);
      return;
    }
    response_.Clear();
    Answer(request_, &response_);
    StartWrite(&response_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the reflection answer could not be sent"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  void Answer(const rpb::ServerReflectionRequest& request,
              rpb::ServerReflectionResponse* response) {
    response->set_valid_host(request.host());
    *response->mutable_original_request() = request;
    grpc::Status status;
    switch (request.message_request_case()) {
      case rpb::ServerReflectionRequest::kFileByFilename:
        status = FileByFilename(request.file_by_filename(), response);
        break;
      case rpb::ServerReflectionRequest::kFileContainingSymbol:
        status = FileContainingSymbol(request.file_containing_symbol(), response);
        break;
      case rpb::ServerReflectionRequest::kFileContainingExtension:
        status = FileContainingExtension(request.file_containing_extension(), response);
        break;
      case rpb::ServerReflectionRequest::kAllExtensionNumbersOfType:
        status = AllExtensionNumbersOfType(request.all_extension_numbers_of_type(), response);
        break;
      case rpb::ServerReflectionRequest::kListServices:
        ListServices(response);
        break;
      case rpb::ServerReflectionRequest::MESSAGE_REQUEST_NOT_SET:
        status = grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "the reflection request names nothing to look up");
        break;
    }
    if (!status.ok()) {
      rpb::ErrorResponse* error = response->mutable_error_response();
      error->set_error_code(status.error_code());
      error->set_error_message(status.error_message());
    }
  }

  grpc::Status FileByFilename(const std::string& filename,
                              rpb::ServerReflectionResponse* response) {
    const FileDescriptor* file = Pool().FindFileByName(filename);
    if (file == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no file named \"", filename, "\" on this server"));
    }
    AddFileWithImports(file, response);
    return grpc::Status::OK;
  }

  grpc::Status FileContainingSymbol(const std::string& symbol,
                                    rpb::ServerReflectionResponse* response) {
    // Services, methods, messages, fields, oneofs, enums, enum values and extensions alike.
    const FileDescriptor* file = Pool().FindFileContainingSymbol(symbol);
    if (file == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no symbol named \"", symbol, "\" on this server"));
    }
    AddFileWithImports(file, response);
    return grpc::Status::OK;
  }

  grpc::Status FileContainingExtension(const rpb::ExtensionRequest& extension,
                                       rpb::ServerReflectionResponse* response) {
    const Descriptor* type = Pool().FindMessageTypeByName(extension.containing_type());
    if (type == nullptr) return UnknownMessageType(extension.containing_type());
    const FieldDescriptor* field = Pool().FindExtensionByNumber(type, extension.extension_number());
    if (field == nullptr) {
      return grpc::Status(grpc::StatusCode::NOT_FOUND,
                          absl::StrCat("no extension ", extension.extension_number(), " of \"",
                                       extension.containing_type(), "\" on this server"));
    }
    AddFileWithImports(field->file(), response);
    return grpc::Status::OK;
  }

  grpc::Status AllExtensionNumbersOfType(const std::string& type_name,
                                         rpb::ServerReflectionResponse* response) {
    const Descriptor* type = Pool().FindMessageTypeByName(type_name);
    if (type == nullptr) return UnknownMessageType(type_name);
    std::vector<const FieldDescriptor*> extensions;
    Pool().FindAllExtensions(type, &extensions);
    std::vector<int> numbers;
    numbers.reserve(extensions.size());
    for (const FieldDescriptor* field : extensions) numbers.push_back(field->number());
    std::sort(numbers.begin(), numbers.end());  // The pool's order is no order.
    rpb::ExtensionNumberResponse* answer = response->mutable_all_extension_numbers_response();
    answer->set_base_type_name(type->full_name());
    answer->mutable_extension_number()->Add(numbers.begin(), numbers.end());
    return grpc::Status::OK;
  }

  void ListServices(rpb::ServerReflectionResponse* response) {
    rpb::ListServiceResponse* answer = response->mutable_list_services_response();
    for (const std::string& name : *listed_services_) answer->add_service()->set_name(name);
  }

  static grpc::Status UnknownMessageType(const std::string& type_name) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("no message type named \"", type_name, "\" on this server"));
  }

  static const DescriptorPool& Pool() { return *DescriptorPool::generated_pool(); }

  // The file asked for goes even if this stream has had it (an answer without it would answer
  // nothing); its imports go only if not yet sent, as the client keeps what it received.
  void AddFileWithImports(const FileDescriptor* requested,
                          rpb::ServerReflectionResponse* response) {
    rpb::FileDescriptorResponse* answer = response->mutable_file_descriptor_response();
    sent_files_.insert(requested->name());
    std::vector<const FileDescriptor*> pending = {requested};
    while (!pending.empty()) {
      const FileDescriptor* file = pending.back();
      pending.pop_back();
      FileDescriptorProto proto;
      file->CopyTo(&proto);
      proto.SerializeToString(answer->add_file_descriptor_proto());
      for (int i = 0; i < file->dependency_count(); ++i) {
        const FileDescriptor* imported = file->dependency(i);
        if (sent_files_.insert(imported->name()).second) pending.push_back(imported);
      }
    }
  }

  const std::vector<std::string>* listed_services_;
  rpb::ServerReflectionRequest request_;
  rpb::ServerReflectionResponse response_;
  std::unordered_set<std::string> sent_files_;
};

class ReflectionService final : public rpb::ServerReflection::CallbackService {
 public:
  explicit ReflectionService(std::vector<std::string> service_names) {
    service_names.push_back(rpb::ServerReflection::service_full_name());
    std::unordered_set<std::string> seen;
    for (std::string& name : service_names) {
      if (seen.insert(name).second) listed_services_.push_back(std::move(name));
    }
  }

  grpc::ServerBidiReactor<rpb::ServerReflectionRequest, rpb::ServerReflectionResponse>*
  ServerReflectionInfo(grpc::CallbackServerContext* /*context*/) override {
    return new ReflectionReactor(&listed_services_);  // Deletes itself in OnDone.
  }

 private:
  // Read-only once built; the server ends every stream before the service goes.
  std::vector<std::string> listed_services_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeReflectionService(std::vector<std::string> service_names) {
  return std::make_unique<ReflectionService>(std::move(service_names));
}

}  // namespace fazhi::grpc_util

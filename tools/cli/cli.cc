#include "tools/cli/cli.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>
#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/channel_arguments.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <istream>
#include <iterator>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/grpc/tls.h"
#include "tools/cli/reflection_database.h"

namespace fazhi::cli {

namespace {

using google::protobuf::DescriptorPool;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// The header every fazhi server returns (common/grpc/interceptor.h); spelled out here so the
// tool links none of the server code in fazhi_common.
constexpr char kRequestIdHeader[] = "x-request-id";

constexpr char kUsage[] = R"(Usage:
  fazhi-cli [OPTIONS] ADDRESS list                     the services the server exposes
  fazhi-cli [OPTIONS] ADDRESS list SERVICE             the methods of a service
  fazhi-cli [OPTIONS] ADDRESS describe SYMBOL          a service, method, message or enum
  fazhi-cli [OPTIONS] ADDRESS call SERVICE/METHOD [JSON|-]
                                                       calls a unary method; the request is read
                                                       from stdin when JSON is '-' or left out
  fazhi-cli [OPTIONS] ADDRESS import-csv FILE [OPTIONS_JSON]
                                                       streams a CSV file of figures to
                                                       StatisticsService/ImportCsvStream, 64 KiB a
                                                       message, never holding the whole file;
                                                       OPTIONS_JSON is its ImportOptions, e.g.
                                                       '{"requestId":"sthjj-2021"}'; give a large
                                                       file a longer --timeout_seconds

Options:
  --timeout_seconds=N   deadline for the whole command (default 10)
  --cacert=FILE         use TLS and trust the server certificate only if it chains to FILE
  --cert=FILE --key=FILE   present this client certificate (mutual TLS)
  -H 'key: value'       request metadata, repeatable, e.g. -H 'x-request-id: 20240301-0001';
                        an 'authorization' header is sent in plaintext only to a loopback
                        ADDRESS: elsewhere give --cacert

Example:
  fazhi-cli 127.0.0.1:50051 call fazhi.department.v1.DepartmentService/ListDepartments \
      '{"page":{"pageSize":5}}'

Exit status: 0 done, 1 the server or the call failed, 2 bad usage or request.
)";

struct Options {
  double timeout_seconds = 10;
  fazhi::grpc_util::TlsFiles tls;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<std::string> positional;
  bool help = false;
};

// Metadata keys are lower case on the wire; gRPC rejects a call whose key is not, so a bad key
// is refused here with a message rather than by a failed call.
absl::Status AddHeader(absl::string_view text, Options* options) {
  size_t colon = text.find(':');
  if (colon == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat("-H wants 'key: value', not '", text, "'"));
  }
  std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text.substr(0, colon)));
  std::string value(absl::StripAsciiWhitespace(text.substr(colon + 1)));
  bool valid = !key.empty();
  for (char c : key) {
    valid = valid &&
            (absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-' || c == '_' || c == '.');
  }
  if (!valid) {
    return absl::InvalidArgumentError(
        absl::StrCat("header key '", key, "' may hold only letters, digits, '-', '_' and '.'"));
  }
  if (absl::StartsWith(key, "grpc-")) {
    return absl::InvalidArgumentError(
        absl::StrCat("header key '", key, "' is reserved for gRPC itself"));
  }
  options->metadata.emplace_back(std::move(key), std::move(value));
  return absl::OkStatus();
}

absl::Status SetTimeout(absl::string_view text, Options* options) {
  double seconds = 0;
  if (!absl::SimpleAtod(text, &seconds) || !std::isfinite(seconds) || seconds <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--timeout_seconds wants a positive number of seconds, not '", text, "'"));
  }
  options->timeout_seconds = seconds;
  return absl::OkStatus();
}

// Options may come anywhere: operators add -H to the end of a command from the README. A lone
// '-' is the stdin placeholder, and no JSON request starts with '-', so anything else beginning
// with '-' is an option.
absl::Status ParseArgs(const std::vector<std::string>& args, Options* options) {
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    auto next_value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (options_done || arg == "-" || !absl::StartsWith(arg, "-")) {
      options->positional.emplace_back(arg);
    } else if (arg == "--") {
      options_done = true;
    } else if (arg == "-h" || arg == "--help") {
      options->help = true;
    } else if (absl::ConsumePrefix(&arg, "--timeout_seconds=")) {
      if (absl::Status s = SetTimeout(arg, options); !s.ok()) return s;
    } else if (arg == "--timeout_seconds") {
      std::optional<std::string> value = next_value();
      if (!value) return absl::InvalidArgumentError("--timeout_seconds needs a value");
      if (absl::Status s = SetTimeout(*value, options); !s.ok()) return s;
    } else if (absl::ConsumePrefix(&arg, "--cacert=")) {
      options->tls.ca_file = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--cert=")) {
      options->tls.cert_file = std::string(arg);
    } else if (absl::ConsumePrefix(&arg, "--key=")) {
      options->tls.key_file = std::string(arg);
    } else if (arg == "-H" || arg == "--header") {
      std::optional<std::string> value = next_value();
      if (!value) return absl::InvalidArgumentError(absl::StrCat(arg, " needs 'key: value'"));
      if (absl::Status s = AddHeader(*value, options); !s.ok()) return s;
    } else if (absl::ConsumePrefix(&arg, "--header=") || absl::ConsumePrefix(&arg, "-H")) {
      if (absl::Status s = AddHeader(arg, options); !s.ok()) return s;
    } else {
      return absl::InvalidArgumentError(absl::StrCat("unknown option ", arg));
    }
  }
  return absl::OkStatus();
}

int PrintError(const grpc::Status& status, std::ostream& err) {
  int code = static_cast<int>(status.error_code());
  std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
  if (name.empty()) name = "UNKNOWN_CODE";
  err << "ERROR: " << name << " (" << code << "): " << status.error_message() << "\n";
  return kExitFailed;
}

int UsageError(absl::string_view message, std::ostream& err) {
  err << "fazhi-cli: " << message << "\nRun 'fazhi-cli --help' for usage.\n";
  return kExitUsage;
}

// The command line parsed, but what it asks for cannot be sent; the usage text would not help.
int RequestError(absl::string_view message, std::ostream& err) {
  err << "fazhi-cli: " << message << "\n";
  return kExitUsage;
}

// A failed lookup reports why the server could not answer, if it could not; otherwise that the
// name is not the kind of thing asked for.
int PrintLookupError(const ReflectionDatabase& db, absl::string_view what, std::ostream& err) {
  const grpc::Status& cause = db.last_error();
  if (!cause.ok() && cause.error_code() != grpc::StatusCode::NOT_FOUND) {
    return PrintError(cause, err);
  }
  // The server's own NOT_FOUND text ("Symbol not found.") does not say which name it missed.
  std::string message = absl::StrCat("the server has no ", what);
  if (!cause.ok()) absl::StrAppend(&message, " (reflection: ", cause.error_message(), ")");
  return PrintError(grpc::Status(grpc::StatusCode::NOT_FOUND, message), err);
}

// The response's x-request-id, to err.
void PrintRequestId(const grpc::ClientContext& context, std::ostream& err);
// The response of method as JSON to out.
int PrintResponse(google::protobuf::DynamicMessageFactory& factory, const MethodDescriptor& method,
                  grpc::ByteBuffer& response_buffer, std::ostream& out, std::ostream& err);

// Everything one command needs to talk to one server.
class Session {
 public:
  Session(const std::string& address, const Options& options) {
    grpc::ChannelArguments channel_args;
    // The server caps what it sends (--max_message_bytes); the tool should not cap it lower.
    channel_args.SetMaxReceiveMessageSize(-1);
    channel_ = grpc::CreateCustomChannel(
        address, fazhi::grpc_util::MakeChannelCredentials(options.tls), channel_args);
    settings_.metadata = options.metadata;
    settings_.deadline = std::chrono::system_clock::now() +
                         std::chrono::duration_cast<std::chrono::system_clock::duration>(
                             std::chrono::duration<double>(options.timeout_seconds));
    db_ = std::make_unique<ReflectionDatabase>(channel_, settings_);
    pool_ = std::make_unique<DescriptorPool>(db_.get());
  }

  int List(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
  int Describe(const std::string& symbol, std::ostream& out, std::ostream& err);
  int Call(const std::string& target, std::optional<std::string> json, std::istream& in,
           std::ostream& out, std::ostream& err);
  int ImportCsv(const std::string& file, const std::string& options_json, std::ostream& out,
                std::ostream& err);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  CallSettings settings_;
  std::unique_ptr<ReflectionDatabase> db_;
  std::unique_ptr<DescriptorPool> pool_;  // Declared after db_: it reads db_ until destroyed.
};

int Session::List(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty()) {
    std::vector<std::string> services;
    grpc::Status status = db_->ListServices(&services);
    if (!status.ok()) return PrintError(status, err);
    for (const std::string& service : services) out << service << "\n";
    return kExitOk;
  }
  const ServiceDescriptor* service = pool_->FindServiceByName(args[0]);
  if (service == nullptr) return PrintLookupError(*db_, absl::StrCat("service ", args[0]), err);
  for (int i = 0; i < service->method_count(); ++i) out << service->method(i)->name() << "\n";
  return kExitOk;
}

int Session::Describe(const std::string& symbol_arg, std::ostream& out, std::ostream& err) {
  // Accepts the names people paste: ".pkg.Message" from a descriptor, "pkg.Service/Method" from a
  // call.
  std::string symbol = absl::StrReplaceAll(absl::StripPrefix(symbol_arg, "."), {{"/", "."}});
  const FileDescriptor* file = pool_->FindFileContainingSymbol(symbol);
  if (file == nullptr) return PrintLookupError(*db_, absl::StrCat("symbol ", symbol), err);
  std::string text;
  if (const auto* service = pool_->FindServiceByName(symbol)) {
    text = service->DebugString();
  } else if (const auto* message = pool_->FindMessageTypeByName(symbol)) {
    text = message->DebugString();
  } else if (const auto* enum_type = pool_->FindEnumTypeByName(symbol)) {
    text = enum_type->DebugString();
  } else if (const auto* method = pool_->FindMethodByName(symbol)) {
    text = method->DebugString();
  } else if (const auto* field = pool_->FindFieldByName(symbol)) {
    text = field->DebugString();
  } else if (const auto* extension = pool_->FindExtensionByName(symbol)) {
    text = extension->DebugString();
  } else if (const auto* value = pool_->FindEnumValueByName(symbol)) {
    text = value->DebugString();
  } else {
    return PrintLookupError(*db_, absl::StrCat("symbol ", symbol), err);
  }
  // DebugString leaves out the package, so the header says where the text comes from.
  out << "// " << symbol << " in " << file->name() << "\n" << text;
  return kExitOk;
}

int Session::Call(const std::string& target, std::optional<std::string> json, std::istream& in,
                  std::ostream& out, std::ostream& err) {
  absl::string_view name = absl::StripPrefix(target, "/");
  size_t split = name.rfind('/');
  if (split == absl::string_view::npos) split = name.rfind('.');
  if (split == absl::string_view::npos || split == 0 || split + 1 == name.size()) {
    return UsageError(absl::StrCat("call wants SERVICE/METHOD, not '", target, "'"), err);
  }
  std::string service_name(name.substr(0, split));
  std::string method_name(name.substr(split + 1));
  const ServiceDescriptor* service = pool_->FindServiceByName(service_name);
  if (service == nullptr) {
    return PrintLookupError(*db_, absl::StrCat("service ", service_name), err);
  }
  const MethodDescriptor* method = service->FindMethodByName(method_name);
  if (method == nullptr) {
    return PrintError(
        grpc::Status(grpc::StatusCode::NOT_FOUND,
                     absl::StrCat("the server has no method ", method_name, " in ", service_name)),
        err);
  }
  if (method->client_streaming() || method->server_streaming()) {
    return RequestError(
        absl::StrCat(method->full_name(), " streams; fazhi-cli calls unary methods only"), err);
  }

  if (!json) json.emplace(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  // An empty request is a common case (Health/Check) and reads naturally as no input at all.
  if (absl::StripAsciiWhitespace(*json).empty()) *json = "{}";

  google::protobuf::DynamicMessageFactory factory(pool_.get());
  std::unique_ptr<google::protobuf::Message> request(
      factory.GetPrototype(method->input_type())->New());
  google::protobuf::util::JsonParseOptions parse_options;  // Strict: a mistyped field is an error.
  if (auto status =
          google::protobuf::util::JsonStringToMessage(*json, request.get(), parse_options);
      !status.ok()) {
    return RequestError(
        absl::StrCat("the request is not a valid ", method->input_type()->full_name(), ": ",
                     std::string(status.message())),
        err);
  }

  std::string request_bytes;
  request->SerializeToString(&request_bytes);
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  grpc::Status status;
  // gRPC keeps a pointer to the method path for the life of the call.
  const std::string path = absl::StrCat("/", service->full_name(), "/", method->name());
  grpc::ClientContext context;
  settings_.Apply(&context);
  grpc::CompletionQueue queue;
  grpc::GenericStub stub(channel_);
  {
    std::unique_ptr<grpc::ClientAsyncResponseReader<grpc::ByteBuffer>> call =
        stub.PrepareUnaryCall(&context, path, request_buffer, &queue);
    call->StartCall();
    call->Finish(&response_buffer, &status, /*tag=*/&status);
    void* tag = nullptr;
    bool ok = false;
    queue.Next(&tag, &ok);
  }
  queue.Shutdown();
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) {
  }

  PrintRequestId(context, err);
  if (!status.ok()) return PrintError(status, err);
  return PrintResponse(factory, *method, response_buffer, out, err);
}

void PrintRequestId(const grpc::ClientContext& context, std::ostream& err) {
  // A failed call may carry its metadata in the trailers only.
  for (const auto* metadata :
       {&context.GetServerInitialMetadata(), &context.GetServerTrailingMetadata()}) {
    auto id = metadata->find(kRequestIdHeader);
    if (id != metadata->end()) {
      err << kRequestIdHeader << ": " << absl::string_view(id->second.data(), id->second.size())
          << "\n";
      break;
    }
  }
}

int PrintResponse(google::protobuf::DynamicMessageFactory& factory, const MethodDescriptor& method,
                  grpc::ByteBuffer& response_buffer, std::ostream& out, std::ostream& err) {
  std::vector<grpc::Slice> slices;
  std::string response_bytes;
  if (response_buffer.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      response_bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  std::unique_ptr<google::protobuf::Message> response(
      factory.GetPrototype(method.output_type())->New());
  if (!response->ParseFromString(response_bytes)) {
    return PrintError(
        grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat("the response does not parse as ",
                                                              method.output_type()->full_name())),
        err);
  }
  google::protobuf::util::JsonPrintOptions print_options;
  print_options.add_whitespace = true;
  print_options.always_print_primitive_fields = false;
  print_options.preserve_proto_field_names = false;
  std::string output;
  if (auto print_status =
          google::protobuf::util::MessageToJsonString(*response, &output, print_options);
      !print_status.ok()) {
    return PrintError(
        grpc::Status(grpc::StatusCode::INTERNAL, absl::StrCat("cannot print the response as JSON: ",
                                                              std::string(print_status.message()))),
        err);
  }
  out << output;
  if (!absl::EndsWith(output, "\n")) out << "\n";
  return kExitOk;
}

int Session::ImportCsv(const std::string& file, const std::string& options_json, std::ostream& out,
                       std::ostream& err) {
  constexpr char kService[] = "fazhi.statistics.v1.StatisticsService";
  constexpr size_t kChunkBytes = 64 << 10;  // well under the server's 1 MiB a message
  const ServiceDescriptor* service = pool_->FindServiceByName(kService);
  if (service == nullptr) return PrintLookupError(*db_, absl::StrCat("service ", kService), err);
  const MethodDescriptor* method = service->FindMethodByName("ImportCsvStream");
  const google::protobuf::FieldDescriptor* options_field =
      method == nullptr ? nullptr : method->input_type()->FindFieldByName("options");
  const google::protobuf::FieldDescriptor* csv_field =
      method == nullptr ? nullptr : method->input_type()->FindFieldByName("csv");
  if (options_field == nullptr || csv_field == nullptr) {
    return PrintError(grpc::Status(grpc::StatusCode::NOT_FOUND,
                                   absl::StrCat("the server has no ImportCsvStream in ", kService)),
                      err);
  }
  google::protobuf::DynamicMessageFactory factory(pool_.get());
  std::unique_ptr<google::protobuf::Message> first(
      factory.GetPrototype(method->input_type())->New());
  google::protobuf::Message* options =
      first->GetReflection()->MutableMessage(first.get(), options_field, &factory);
  if (auto status = google::protobuf::util::JsonStringToMessage(
          options_json.empty() ? "{}" : options_json, options,
          google::protobuf::util::JsonParseOptions());
      !status.ok()) {
    return RequestError(
        absl::StrCat("the options are not a valid ", options_field->message_type()->full_name(),
                     ": ", std::string(status.message())),
        err);
  }
  std::ifstream input(file, std::ios::binary);
  if (!input) return RequestError(absl::StrCat("cannot read ", file), err);

  const std::string path = absl::StrCat("/", service->full_name(), "/", method->name());
  grpc::ClientContext context;
  settings_.Apply(&context);
  grpc::CompletionQueue queue;
  grpc::GenericStub stub(channel_);
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, path, &queue);
  // One operation at a time, each waited for: the next chunk is read from the file only when the
  // server has taken the last, so the tool holds one chunk however large the file.
  auto wait = [&queue] {
    void* tag = nullptr;
    bool ok = false;
    return queue.Next(&tag, &ok) && ok;
  };
  int tag = 0;
  call->StartCall(&tag);
  bool open = wait();
  std::string chunk(kChunkBytes, '\0');
  std::unique_ptr<google::protobuf::Message> message = std::move(first);
  bool sent_any = false;
  while (open) {
    input.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    size_t n = static_cast<size_t>(input.gcount());
    if (n == 0 && sent_any) break;
    message->GetReflection()->SetString(message.get(), csv_field, chunk.substr(0, n));
    std::string bytes;
    message->SerializeToString(&bytes);
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    call->Write(buffer, &tag);
    open = wait();
    sent_any = true;
    if (n < chunk.size()) break;  // the end of the file
    // Options go in the first message only.
    message->GetReflection()->ClearField(message.get(), options_field);
  }
  if (input.bad()) {
    context.TryCancel();
    return RequestError(absl::StrCat("reading ", file, " failed"), err);
  }
  // When the server ended the call early (a refused file), Finish says why.
  if (open) {
    call->WritesDone(&tag);
    wait();
  }
  grpc::ByteBuffer response_buffer;
  call->Read(&response_buffer, &tag);
  wait();
  grpc::Status status;
  call->Finish(&status, &tag);
  wait();
  queue.Shutdown();
  void* ignored_tag = nullptr;
  bool ignored_ok = false;
  while (queue.Next(&ignored_tag, &ignored_ok)) {
  }
  PrintRequestId(context, err);
  if (!status.ok()) return PrintError(status, err);
  return PrintResponse(factory, *method, response_buffer, out, err);
}

}  // namespace

int Run(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
        std::ostream& err) {
  Options options;
  if (absl::Status status = ParseArgs(args, &options); !status.ok()) {
    return UsageError(status.message(), err);
  }
  if (!options.tls.cert_file.empty() && options.tls.ca_file.empty()) {
    return UsageError("--cert and --key need --cacert (they are sent over TLS only)", err);
  }
  if (absl::Status status = fazhi::grpc_util::CheckTlsFiles(options.tls, ""); !status.ok()) {
    return UsageError(status.message(), err);
  }
  // A bearer token given with -H never goes in plaintext beyond this machine.
  bool sends_token = false;
  for (const auto& [key, value] : options.metadata) sends_token |= key == "authorization";
  if (!options.help && !options.positional.empty()) {
    if (absl::Status status = fazhi::grpc_util::CheckTokenTransport(
            options.positional[0], options.tls, sends_token, "-H 'authorization: ...'", "--cacert");
        !status.ok()) {
      return RequestError(status.message(), err);
    }
  }
  if (options.help) {
    out << kUsage;
    return kExitOk;
  }
  const std::vector<std::string>& positional = options.positional;
  if (args.empty()) {
    err << kUsage;
    return kExitUsage;
  }
  if (positional.size() < 2) return UsageError("ADDRESS and a command are required", err);
  const std::string& command = positional[1];
  std::vector<std::string> rest(positional.begin() + 2, positional.end());

  if (command == "list") {
    if (rest.size() > 1) return UsageError("list takes at most one SERVICE", err);
    return Session(positional[0], options).List(rest, out, err);
  }
  if (command == "describe") {
    if (rest.size() != 1) return UsageError("describe takes one SYMBOL", err);
    return Session(positional[0], options).Describe(rest[0], out, err);
  }
  if (command == "call") {
    if (rest.empty() || rest.size() > 2) {
      return UsageError("call takes SERVICE/METHOD and at most one JSON request", err);
    }
    std::optional<std::string> json;
    if (rest.size() == 2 && rest[1] != "-") json = rest[1];
    return Session(positional[0], options).Call(rest[0], std::move(json), in, out, err);
  }
  if (command == "import-csv") {
    if (rest.empty() || rest.size() > 2) {
      return UsageError("import-csv takes FILE and at most one OPTIONS_JSON", err);
    }
    return Session(positional[0], options)
        .ImportCsv(rest[0], rest.size() == 2 ? rest[1] : "", out, err);
  }
  return UsageError(absl::StrCat("unknown command '", command, "'"), err);
}

}  // namespace fazhi::cli

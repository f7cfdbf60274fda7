#include "common/grpc/tls.h"

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <fstream>

#include "absl/strings/str_cat.h"

namespace fazhi::grpc_util {
namespace {

bool Readable(const std::string& path) {
  std::ifstream in(path);
  return in.good() && in.peek() != std::ifstream::traits_type::eof();
}

}  // namespace

Transport ServerTransport(const TlsFiles& files) {
  if (files.cert_file.empty()) return Transport::kPlaintext;
  return files.ca_file.empty() ? Transport::kTls : Transport::kMutualTls;
}

const char* TransportName(Transport transport) {
  switch (transport) {
    case Transport::kPlaintext:
      return "plaintext";
    case Transport::kTls:
      return "tls";
    case Transport::kMutualTls:
      return "mtls";
  }
  return "plaintext";
}

absl::Status CheckTlsFiles(const TlsFiles& files, absl::string_view flag_prefix) {
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag_prefix, "cert_file and --", flag_prefix, "key_file go together"));
  }
  for (const auto& [flag, path] :
       {std::pair<std::string, std::string>{"cert_file", files.cert_file},
        {"key_file", files.key_file},
        {flag_prefix == "tls_" ? "client_ca_file"
         : flag_prefix.empty() ? "cacert"
                               : "ca_file",
         files.ca_file}}) {
    if (!path.empty() && !Readable(path)) {
      return absl::InvalidArgumentError(
          absl::StrCat("--", flag_prefix, flag, ": cannot read '", path, "'"));
    }
  }
  if (files.refresh_seconds < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("--", flag_prefix, "refresh_seconds must be at least 1"));
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> MakeServerCredentials(const TlsFiles& files) {
  Transport transport = ServerTransport(files);
  if (transport == Transport::kPlaintext) return grpc::InsecureServerCredentials();
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      files.key_file, files.cert_file, files.ca_file, files.refresh_seconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (transport == Transport::kMutualTls) {
    options.watch_root_certs();
    options.set_cert_request_type(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  } else {
    options.set_cert_request_type(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  }
  return grpc::experimental::TlsServerCredentials(options);
}

std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(const TlsFiles& files) {
  if (files.ca_file.empty()) return grpc::InsecureChannelCredentials();
  auto provider = std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
      files.key_file, files.cert_file, files.ca_file, files.refresh_seconds);
  grpc::experimental::TlsChannelCredentialsOptions options;
  options.set_certificate_provider(provider);
  options.watch_root_certs();
  if (!files.cert_file.empty()) options.watch_identity_key_cert_pairs();
  return grpc::experimental::TlsCredentials(options);
}

}  // namespace fazhi::grpc_util

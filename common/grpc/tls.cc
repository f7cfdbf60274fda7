#include "common/grpc/tls.h"

#include <arpa/inet.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include <algorithm>
#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

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

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  if (absl::ConsumePrefix(&host, "[") && !absl::ConsumeSuffix(&host, "]")) return false;
  std::string text(host);
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    static const unsigned char kLoopback[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    if (std::equal(v6.s6_addr, v6.s6_addr + 16, kLoopback)) return true;
    // An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address.
    static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return std::equal(v6.s6_addr, v6.s6_addr + 12, kMapped) && v6.s6_addr[12] == 127;
  }
  return false;
}

std::string HostOfAddress(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    size_t close = address.find(']');
    if (close == absl::string_view::npos) return std::string(address);
    return std::string(address.substr(0, close + 1));
  }
  size_t colon = address.rfind(':');
  // More than one colon without brackets is a bare IPv6 address, which has no port.
  if (colon == absl::string_view::npos || address.find(':') != colon) return std::string(address);
  return std::string(address.substr(0, colon));
}

bool IsLoopbackTarget(absl::string_view target) {
  if (absl::StartsWith(target, "unix:") || absl::StartsWith(target, "unix-abstract:")) return true;
  absl::string_view addresses = target;
  if (absl::ConsumePrefix(&addresses, "ipv4:") || absl::ConsumePrefix(&addresses, "ipv6:")) {
    if (addresses.empty()) return false;
    for (absl::string_view address : absl::StrSplit(addresses, ',')) {
      if (!IsLoopbackHost(HostOfAddress(address))) return false;
    }
    return true;
  }
  if (absl::ConsumePrefix(&addresses, "dns:")) {
    // dns:host:port, dns:///host:port, or dns://authority/host:port (the authority is the DNS
    // server to ask; the host it answers for is what matters).
    if (absl::ConsumePrefix(&addresses, "//")) {
      size_t slash = addresses.find('/');
      if (slash == absl::string_view::npos) return false;
      addresses = addresses.substr(slash + 1);
    }
  } else if (absl::StrContains(target, "://") || absl::StrContains(HostOfAddress(target), ":")) {
    // Another resolver's scheme, or a scheme such as "xds:" whose host cannot be told here.
    if (!absl::StartsWith(target, "[")) return false;
  }
  return IsLoopbackHost(HostOfAddress(addresses));
}

absl::Status CheckListenTransport(absl::string_view listen, const TlsFiles& files,
                                  bool allow_insecure) {
  if (ServerTransport(files) != Transport::kPlaintext) return absl::OkStatus();
  if (IsLoopbackHost(HostOfAddress(listen)) || allow_insecure) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve plaintext gRPC on ", listen,
      ", which is not a loopback address: anyone on the network could read the bearer tokens "
      "and data it carries. Set --tls_cert_file and --tls_key_file, or listen on loopback "
      "(--listen=127.0.0.1:<port>), or pass --allow_insecure_listen if something else (a "
      "service mesh sidecar) encrypts the traffic"));
}

absl::Status CheckTokenTransport(absl::string_view target, const TlsFiles& files, bool has_token,
                                 absl::string_view token_flag, absl::string_view ca_flag) {
  if (!has_token || !files.ca_file.empty() || IsLoopbackTarget(target)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to send the bearer token of ", token_flag, " in plaintext to ", target,
      ", which is not a loopback address: anyone on the network could read it and call as this "
      "service. Set ",
      ca_flag, " to reach it over TLS"));
}

}  // namespace fazhi::grpc_util

#include "common/directory/department_flags.h"

#include <string>

#include "absl/flags/flag.h"
#include "common/grpc/client.h"

ABSL_FLAG(std::string, department_address, "127.0.0.1:50051",
          "The department service (the unit registry, officers and certificates) host:port");
ABSL_FLAG(std::string, department_token_file, "",
          "File holding this service's bearer token for the department service (re-read when it "
          "changes); empty when it authenticates with its mTLS certificate");
ABSL_FLAG(std::string, department_ca_file, "", "CA bundle to verify the department service (TLS)");
ABSL_FLAG(std::string, department_cert_file, "", "This service's client certificate (mTLS)");
ABSL_FLAG(std::string, department_key_file, "", "Key of --department_cert_file");

namespace fazhi::directory {

DepartmentDirectoryOptions DepartmentDirectoryOptionsFromFlags() {
  DepartmentDirectoryOptions options;
  options.address = absl::GetFlag(FLAGS_department_address);
  options.token_file = absl::GetFlag(FLAGS_department_token_file);
  options.tls = grpc_util::TlsFiles{absl::GetFlag(FLAGS_department_cert_file),
                                    absl::GetFlag(FLAGS_department_key_file),
                                    absl::GetFlag(FLAGS_department_ca_file)};
  // A token file, no CA and a peer beyond loopback would send the token in plaintext.
  grpc_util::RequireTokenTransport(options.address, options.tls, options.token_file, "department_");
  return options;
}

}  // namespace fazhi::directory

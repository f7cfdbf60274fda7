// Transport security of a real server: mutual TLS refuses clients without a certificate, with
// one from an untrusted CA, and in plaintext; accepts a trusted client; and picks up a rotated
// server certificate from its files without a restart.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/tls.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TlsIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-tls-", getpid())).string();
    std::filesystem::remove_all(dir_);
    // The client certificate stands for the reports service, which may read units.
    ASSERT_EQ(
        std::system(
            absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", dir_, " fazhi-reports").c_str()),
        0);
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
        FAZHI_DEPARTMENT_BINARY,
        {absl::StrCat("--database_url=sqlite://", dir_, "/department.db"),
         absl::StrCat("--tls_cert_file=", dir_, "/server.pem"),
         absl::StrCat("--tls_key_file=", dir_, "/server.key"),
         absl::StrCat("--tls_client_ca_file=", dir_, "/ca.pem"), "--tls_refresh_seconds=1",
         "--auth_service_identities=fazhi-reports"},
        absl::StrCat(dir_, "/server.log"));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    // The certificate names localhost and 127.0.0.1; the server listens on 127.0.0.1.
    address_ = server_->grpc_address();
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::shared_ptr<grpc::Channel> Channel(const std::string& client) {
    grpc_util::TlsFiles files;
    files.ca_file = absl::StrCat(dir_, "/ca.pem");
    if (!client.empty()) {
      files.cert_file = absl::StrCat(dir_, "/", client, ".pem");
      files.key_file = absl::StrCat(dir_, "/", client, ".key");
    }
    return grpc::CreateChannel(address_, grpc_util::MakeChannelCredentials(files));
  }

  // The code of a GetDepartment call, and the server certificate the connection saw.
  grpc::StatusCode Get(const std::shared_ptr<grpc::Channel>& channel, std::string* peer = nullptr) {
    auto stub = pb::DepartmentService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    pb::GetDepartmentRequest request;
    request.set_id("jiyuan");
    pb::Department response;
    grpc::Status status = stub->GetDepartment(&context, request, &response);
    if (peer != nullptr && context.auth_context()) {
      auto pem = context.auth_context()->FindPropertyValues("x509_pem_cert");
      if (!pem.empty()) *peer = std::string(pem.front().data(), pem.front().size());
    }
    return status.error_code();
  }

  std::string dir_;
  std::string address_;
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(TlsIntegrationTest, MutualTlsAcceptsOnlyTrustedClients) {
  EXPECT_NE(server_->Log().find("\"transport\":\"mtls\""), std::string::npos) << server_->Log();
  // A trusted client reaches the service (which then answers that there is no such unit).
  EXPECT_EQ(Get(Channel("client")), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(*testing::CheckHealth(Channel("client")), testing::kServing);
  // No client certificate, one from an untrusted CA, or no TLS at all: refused in the handshake.
  EXPECT_EQ(Get(Channel("")), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Get(Channel("other-client")), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Get(grpc::CreateChannel(address_, grpc::InsecureChannelCredentials())),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsIntegrationTest, ARotatedServerCertificateIsPickedUpWithoutRestart) {
  std::string first;
  ASSERT_EQ(Get(Channel("client"), &first), grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(first, Read(absl::StrCat(dir_, "/server.pem")));
  // Issue a new server certificate and key from the same CA and replace the files in place, as a
  // renewed Kubernetes Secret does.
  std::filesystem::remove(absl::StrCat(dir_, "/server.pem"));
  std::filesystem::remove(absl::StrCat(dir_, "/server.key"));
  ASSERT_EQ(std::system(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", dir_).c_str()), 0);
  std::string renewed = Read(absl::StrCat(dir_, "/server.pem"));
  ASSERT_NE(renewed, first);
  std::string seen;
  absl::Time give_up = absl::Now() + absl::Seconds(15);
  while (absl::Now() < give_up) {
    // A new channel makes a new connection and so a new handshake.
    ASSERT_EQ(Get(Channel("client"), &seen), grpc::StatusCode::NOT_FOUND);
    if (seen == renewed) break;
    absl::SleepFor(absl::Milliseconds(250));
  }
  EXPECT_EQ(seen, renewed);
}

TEST(TlsConfigurationTest, MissingFilesStopStartUpNamingTheFlag) {
  std::string command = absl::StrCat(FAZHI_DEPARTMENT_BINARY,
                                     " --migrate_only --database_url=sqlite:///tmp/fazhi-tls-x.db"
                                     " --tls_cert_file=/nonexistent.pem 2>&1");
  FILE* pipe = popen(command.c_str(), "r");
  char buf[2048] = {0};
  size_t n = fread(buf, 1, sizeof(buf) - 1, pipe);
  EXPECT_EQ(WEXITSTATUS(pclose(pipe)), 2);
  std::string out(buf, n);
  EXPECT_NE(out.find("--tls_cert_file and --tls_key_file go together"), std::string::npos) << out;
}

}  // namespace
}  // namespace fazhi

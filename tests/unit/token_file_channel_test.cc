// The channel a service keeps to another (grpc_util::MakeChannelWithTokenFile): one connection
// for many calls, each carrying the bearer token its file holds at that moment, over plaintext
// and TLS; a rotated token file is picked up without a new channel, and an unreadable one fails
// the call naming the file, never the token. Against an in-process server on loopback.

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"
#include "common/grpc/tls.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;

// Records the authorization header and the peer of every GetDepartment call.
class RecordingService : public pb::DepartmentService::Service {
 public:
  grpc::Status GetDepartment(grpc::ServerContext* context, const pb::GetDepartmentRequest*,
                             pb::Department* response) override {
    std::string header;
    auto it = context->client_metadata().find("authorization");
    if (it != context->client_metadata().end()) header.assign(it->second.data(), it->second.size());
    std::lock_guard<std::mutex> lock(mu_);
    headers_.push_back(header);
    peers_.push_back(context->peer());
    response->set_id("jiyuan");
    return grpc::Status::OK;
  }
  std::vector<std::string> headers() {
    std::lock_guard<std::mutex> lock(mu_);
    return headers_;
  }
  std::vector<std::string> peers() {
    std::lock_guard<std::mutex> lock(mu_);
    return peers_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> headers_;
  std::vector<std::string> peers_;
};

class TokenFileChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / absl::StrCat("fazhi-token-", getpid());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    token_file_ = (dir_ / "token").string();
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    std::filesystem::remove_all(dir_);
  }

  void StartServer(const grpc_util::TlsFiles& tls) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc_util::MakeServerCredentials(tls), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_ != nullptr);
    ASSERT_GT(port_, 0);
  }
  std::string Address() const { return absl::StrCat("127.0.0.1:", port_); }

  // Writes the token in place (same inode), a second later by its modification time, so even a
  // token of the same length counts as changed.
  void WriteInPlace(const std::string& content) {
    bool existed = std::filesystem::exists(token_file_);
    auto before =
        existed ? std::filesystem::last_write_time(token_file_) : std::filesystem::file_time_type();
    {
      std::ofstream out(token_file_, std::ios::trunc);
      out << content;
    }
    if (existed) {
      std::filesystem::last_write_time(token_file_, before + std::chrono::seconds(1));
    }
  }

  // Replaces the file as a rotated Kubernetes Secret does: a new file renamed over the old one.
  void Replace(const std::string& content) {
    std::string next = token_file_ + ".next";
    {
      std::ofstream out(next, std::ios::trunc);
      out << content;
    }
    std::filesystem::rename(next, token_file_);
  }

  static grpc::Status Call(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = pb::DepartmentService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    pb::GetDepartmentRequest request;
    request.set_id("jiyuan");
    pb::Department response;
    return stub->GetDepartment(&context, request, &response);
  }

  void ExpectRotationIsPickedUp(const std::shared_ptr<grpc::Channel>& channel) {
    WriteInPlace("token-one\n");
    grpc::Status s = Call(channel);
    ASSERT_TRUE(s.ok()) << s.error_message();
    // Same length, rewritten in place: the modification time tells.
    WriteInPlace("token-two\n");
    s = Call(channel);
    ASSERT_TRUE(s.ok()) << s.error_message();
    // Unchanged: the same token again.
    s = Call(channel);
    ASSERT_TRUE(s.ok()) << s.error_message();
    // Replaced by a rename, as a mounted Secret is rotated.
    Replace("  token-three-longer  \n");
    s = Call(channel);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(service_.headers(),
              (std::vector<std::string>{"Bearer token-one", "Bearer token-two", "Bearer token-two",
                                        "Bearer token-three-longer"}));
    // One connection for every call: the server saw one client port.
    std::vector<std::string> peers = service_.peers();
    ASSERT_EQ(peers.size(), 4u);
    for (const std::string& p : peers) EXPECT_EQ(p, peers[0]);
  }

  std::filesystem::path dir_;
  std::string token_file_;
  RecordingService service_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

TEST_F(TokenFileChannelTest, ARotatedTokenIsSentOnTheSameConnectionInPlaintext) {
  ASSERT_NO_FATAL_FAILURE(StartServer(grpc_util::TlsFiles{}));
  ExpectRotationIsPickedUp(
      grpc_util::MakeChannelWithTokenFile(Address(), grpc_util::TlsFiles{}, token_file_));
}

TEST_F(TokenFileChannelTest, ARotatedTokenIsSentOnTheSameConnectionOverTls) {
  std::string pki = (dir_ / "pki").string();
  ASSERT_EQ(std::system(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", pki).c_str()), 0);
  grpc_util::TlsFiles server_tls;
  server_tls.cert_file = pki + "/server.pem";
  server_tls.key_file = pki + "/server.key";
  ASSERT_NO_FATAL_FAILURE(StartServer(server_tls));
  grpc_util::TlsFiles client_tls;
  client_tls.ca_file = pki + "/ca.pem";
  ExpectRotationIsPickedUp(grpc_util::MakeChannelWithTokenFile(Address(), client_tls, token_file_));
}

TEST_F(TokenFileChannelTest, AnUnreadableTokenFileFailsTheCallNamingTheFile) {
  ASSERT_NO_FATAL_FAILURE(StartServer(grpc_util::TlsFiles{}));
  auto channel = grpc_util::MakeChannelWithTokenFile(Address(), grpc_util::TlsFiles{}, token_file_);
  // Missing before the first call.
  grpc::Status s = Call(channel);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(s.error_message().find(token_file_), std::string::npos) << s.error_message();
  WriteInPlace("secret-token\n");
  s = Call(channel);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // Gone after a good read: refused, not sent with the old token, and the token is not told.
  std::filesystem::remove(token_file_);
  s = Call(channel);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(s.error_message().find(token_file_), std::string::npos) << s.error_message();
  EXPECT_EQ(s.error_message().find("secret-token"), std::string::npos) << s.error_message();
  // Empty: no token either.
  Replace("\n");
  s = Call(channel);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(s.error_message().find("holds no token"), std::string::npos) << s.error_message();
  // Back: the same channel works again. Only the two good calls reached the server.
  Replace("secret-token-2\n");
  s = Call(channel);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(service_.headers(),
            (std::vector<std::string>{"Bearer secret-token", "Bearer secret-token-2"}));
}

TEST_F(TokenFileChannelTest, NoTokenFileSendsNoHeader) {
  ASSERT_NO_FATAL_FAILURE(StartServer(grpc_util::TlsFiles{}));
  auto channel = grpc_util::MakeChannelWithTokenFile(Address(), grpc_util::TlsFiles{}, "");
  grpc::Status s = Call(channel);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(service_.headers(), (std::vector<std::string>{""}));
}

TEST(TokenFileTest, ReadsAgainOnlyWhenTheFileChanges) {
  std::string path =
      (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-tokenfile-", getpid()))
          .string();
  {
    std::ofstream out(path, std::ios::trunc);
    out << "abc\n";
  }
  grpc_util::TokenFile file(path);
  absl::StatusOr<std::string> token = file.Token();
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "abc");
  // Unreadable but unchanged (same stat): the cached token stands without opening the file.
  std::filesystem::permissions(path, std::filesystem::perms::none);
  if (geteuid() != 0) {
    token = file.Token();
    ASSERT_TRUE(token.ok()) << token.status();
    EXPECT_EQ(*token, "abc");
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  {
    std::ofstream out(path, std::ios::trunc);
    out << "abcdef\n";
  }
  token = file.Token();
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(*token, "abcdef");
  EXPECT_EQ(file.path(), path);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace fazhi

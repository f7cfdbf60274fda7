#include "tests/support/auth.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/grpc/client.h"

namespace fazhi::testing {
namespace {

std::string KeyDir() {
  static const std::string* dir = [] {
    auto* d = new std::string(
        (std::filesystem::temp_directory_path() / absl::StrCat("fazhi-auth-", getpid())).string());
    std::filesystem::create_directories(*d);
    return d;
  }();
  return *dir;
}

std::string Run(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  if (pclose(pipe) != 0) {
    std::fprintf(stderr, "test support: '%s' failed\n", command.c_str());
    std::abort();
  }
  return std::string(absl::StripAsciiWhitespace(out));
}

}  // namespace

std::string Token(const std::vector<std::string>& roles, const std::string& department,
                  const std::string& subject, const std::string& extra) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::string>;
  std::string args =
      absl::StrCat("--key ", KeyDir(), "/dev-signing.key --issuer fazhi", " --audience fazhi");
  for (const std::string& role : roles) absl::StrAppend(&args, " --role ", role);
  if (!department.empty()) absl::StrAppend(&args, " --department ", department);
  if (!subject.empty()) absl::StrAppend(&args, " --subject ", subject);
  if (!extra.empty()) absl::StrAppend(&args, " ", extra);
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache->find(args);
  if (it != cache->end()) return it->second;
  std::string token = Run(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/token ", args, " 2>/dev/null"));
  (*cache)[args] = token;
  return token;
}

const std::string& TestJwksFile() {
  static const std::string* path = [] {
    Token({"admin"});  // creates the key and its JWKS on first use
    return new std::string(absl::StrCat(KeyDir(), "/jwks.json"));
  }();
  return *path;
}

const std::string& AdminToken() {
  static const std::string* token = new std::string(Token({"admin"}, "", "test.admin"));
  return *token;
}

std::shared_ptr<grpc::Channel> AuthorizedChannel(const std::string& address,
                                                 const std::string& token) {
  return grpc_util::MakeChannel(address, grpc_util::TlsFiles{}, token);
}

}  // namespace fazhi::testing

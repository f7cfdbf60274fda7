// Issue 13, "Transport": each test is an attack on the real binaries and the control that stops
// it. Plaintext stays on loopback (a server and a service's outbound token alike), a token lives
// no longer than its kind may, a key taken out of the JWKS stops verifying within the reload
// period, and a client certificate with SANs cannot claim a service identity through its CN.

#include <fcntl.h>
#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/grpc/tls.h"
#include "fazhi/department/v1/department.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/auth.h"
#include "tests/support/grpc_health.h"
#include "tests/support/server_process.h"

namespace fazhi {
namespace {

namespace pb = ::fazhi::department::v1;
using ::fazhi::testing::RunToExit;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void Write(const std::string& path, const std::string& text) {
  // Written beside and renamed over, as Kubernetes swaps a mounted file.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
  }
  ASSERT_EQ(std::rename(tmp.c_str(), path.c_str()), 0) << path;
}

class TransportSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() /
            absl::StrCat("fazhi-transport-sec-", getpid(), "-",
                         ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const std::string& name) const { return absl::StrCat(dir_, "/", name); }

  // GetDepartment("jiyuan") on the database a fresh server starts with: NOT_FOUND once the call
  // got past authentication, UNAUTHENTICATED when it did not.
  static grpc::Status GetDepartment(const std::shared_ptr<grpc::Channel>& channel) {
    auto stub = pb::DepartmentService::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    pb::GetDepartmentRequest request;
    request.set_id("jiyuan");
    pb::Department response;
    return stub->GetDepartment(&context, request, &response);
  }

  std::string dir_;
};

// --- A server never serves plaintext beyond loopback by accident ----------------------------

TEST_F(TransportSecurityTest, APlaintextServerOnEveryInterfaceRefusesToStart) {
  auto [code, out] =
      RunToExit(absl::StrCat(FAZHI_DEPARTMENT_BINARY, " --listen=0.0.0.0:0",
                             " --metrics_port=0 --database_url=sqlite://", Path("department.db")));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out, "refusing to serve plaintext gRPC on 0.0.0.0:0")) << out;
  EXPECT_TRUE(absl::StrContains(out, "--tls_cert_file")) << out;
  EXPECT_TRUE(absl::StrContains(out, "--allow_insecure_listen")) << out;
  // Refused before it touched anything: no database was created, nothing ever served.
  EXPECT_FALSE(std::filesystem::exists(Path("department.db")));
  EXPECT_FALSE(absl::StrContains(out, "\"message\":\"serving\"")) << out;

  // A routable address is refused the same way, and so is the environment variable's.
  std::tie(code, out) =
      RunToExit(absl::StrCat("env FAZHI_LISTEN=:0 ", FAZHI_DEPARTMENT_BINARY,
                             " --metrics_port=0 --database_url=sqlite://", Path("department.db")));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out, "refusing to serve plaintext gRPC on :0")) << out;
}

TEST_F(TransportSecurityTest, WithAllowInsecureListenItServesAndLogsWhyThatIsInsecure) {
  absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
      FAZHI_DEPARTMENT_BINARY,
      {"--listen=0.0.0.0:0", "--allow_insecure_listen",
       absl::StrCat("--database_url=sqlite://", Path("department.db"))},
      Path("department.log"));
  ASSERT_TRUE(server.ok()) << server.status();
  std::string log = (*server)->Log();
  EXPECT_TRUE(absl::StrContains(log, "\"level\":\"warning\"")) << log;
  EXPECT_TRUE(absl::StrContains(
      log, "serving plaintext gRPC beyond loopback because --allow_insecure_listen is set"))
      << log;
  EXPECT_TRUE(absl::StrContains(log, "\"transport\":\"plaintext\"")) << log;
  // It does serve: on every interface, so on loopback too.
  std::string address = (*server)->grpc_address();
  std::string port = address.substr(address.rfind(':') + 1);
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  EXPECT_EQ(*testing::CheckHealth(channel), testing::kServing);
  // The metrics endpoint stayed on loopback, where ServerProcess put it.
  EXPECT_TRUE(testing::HttpGet((*server)->metrics_port(), "/metrics").ok());
}

TEST_F(TransportSecurityTest, MetricsBindToLoopbackByDefault) {
  std::string db = absl::StrCat("--database_url=sqlite://", Path("department.db"));
  // Without --metrics_address: ServerProcess always passes one, so start the binary here.
  std::string log_path = Path("metrics.log");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    execl(FAZHI_DEPARTMENT_BINARY, FAZHI_DEPARTMENT_BINARY, "--listen=127.0.0.1:0",
          "--metrics_port=0", db.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  std::string log;
  for (absl::Time give_up = absl::Now() + absl::Seconds(60); absl::Now() < give_up;
       absl::SleepFor(absl::Milliseconds(50))) {
    log = Read(log_path);
    if (absl::StrContains(log, "\"message\":\"serving\"")) break;
  }
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(absl::StrContains(log, "\"metrics_url\":\"http://127.0.0.1:")) << log;
}

// --- A service never sends its token in plaintext beyond loopback ---------------------------

TEST_F(TransportSecurityTest, ACasesServiceWithATokenForARemoteDepartmentAndNoCaRefusesToStart) {
  Write(Path("cases.token"), testing::Token({"service"}, "", "fazhi-cases", "--service-account"));
  std::string common = absl::StrCat(
      FAZHI_CASES_BINARY, " --listen=127.0.0.1:0 --metrics_port=0 --database_url=sqlite://",
      Path("cases.db"), " --calendar_dir=", FAZHI_SOURCE_DIR, "/deploy/calendars",
      " --auth_jwks_file=", testing::TestJwksFile(),
      " --department_token_file=", Path("cases.token"));
  // 192.0.2.0/24 is TEST-NET-1: not loopback, and never anyone's service.
  auto [code, out] = RunToExit(absl::StrCat(common, " --department_address=192.0.2.10:50051"));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out,
                                "refusing to send the bearer token of "
                                "--department_token_file in plaintext to 192.0.2.10:50051"))
      << out;
  EXPECT_TRUE(absl::StrContains(out, "--department_ca_file")) << out;
  EXPECT_FALSE(absl::StrContains(out, "\"message\":\"serving\"")) << out;
  // The token itself is never in the log.
  EXPECT_FALSE(absl::StrContains(out, Read(Path("cases.token")))) << out;

  // The same for its statistics peer (the figures it writes there).
  std::tie(code, out) = RunToExit(absl::StrCat(
      common, " --department_address=127.0.0.1:1 --statistics_address=statistics.fazhi.svc:50052",
      " --statistics_token_file=", Path("cases.token")));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out,
                                "--statistics_token_file in plaintext to "
                                "statistics.fazhi.svc:50052"))
      << out;

  // With a CA file it is TLS, and the service starts.
  ASSERT_EQ(std::system(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", Path("pki")).c_str()),
            0);
  absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
      FAZHI_CASES_BINARY,
      {absl::StrCat("--database_url=sqlite://", Path("cases.db")),
       absl::StrCat("--calendar_dir=", FAZHI_SOURCE_DIR, "/deploy/calendars"),
       "--department_address=192.0.2.10:50051",
       absl::StrCat("--department_token_file=", Path("cases.token")),
       absl::StrCat("--department_ca_file=", Path("pki/ca.pem"))},
      Path("cases.log"));
  EXPECT_TRUE(server.ok()) << server.status();
}

TEST_F(TransportSecurityTest, TheReportsServiceRefusesToSendItsTokenToARemoteCasesServiceInClear) {
  Write(Path("reports.token"),
        testing::Token({"service"}, "", "fazhi-reports", "--service-account"));
  auto [code, out] = RunToExit(absl::StrCat(
      FAZHI_REPORTS_BINARY, " --listen=127.0.0.1:0 --metrics_port=0 --database_url=sqlite://",
      Path("reports.db"), " --auth_jwks_file=", testing::TestJwksFile(),
      " --cases_address=10.20.30.40:50053 --cases_token_file=", Path("reports.token")));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out, "--cases_token_file in plaintext to 10.20.30.40:50053"))
      << out;
}

TEST_F(TransportSecurityTest, TheCliRefusesToSendATokenInPlaintextBeyondLoopback) {
  auto [code, out] = RunToExit(absl::StrCat(
      FAZHI_CLI_BINARY, " -H 'authorization: Bearer ", testing::AdminToken(),
      "' 192.0.2.10:50051 call fazhi.department.v1.DepartmentService/GetDepartment '{}'"));
  EXPECT_EQ(code, 2) << out;
  EXPECT_TRUE(absl::StrContains(out, "in plaintext to 192.0.2.10:50051")) << out;
  EXPECT_TRUE(absl::StrContains(out, "--cacert")) << out;
  EXPECT_FALSE(absl::StrContains(out, testing::AdminToken())) << out;
}

TEST_F(TransportSecurityTest, AChannelWithATokenToARemotePlaintextPeerSendsNothing) {
  // The guard under the flags: a channel made in code with a token, no CA and a remote peer fails
  // every call at once. A local listener on a non-loopback address of this machine would have
  // seen the token; TEST-NET stands for it, and the call must not even try to connect.
  auto channel = testing::AuthorizedChannel("192.0.2.10:50051", testing::AdminToken());
  absl::Time start = absl::Now();
  grpc::Status status = GetDepartment(channel);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "in plaintext to 192.0.2.10:50051"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  EXPECT_EQ(channel->GetState(false), GRPC_CHANNEL_IDLE);
}

// --- Tokens live a bounded time; withdrawn keys stop verifying ------------------------------

class TokenServerTest : public TransportSecurityTest {
 protected:
  void StartServer(std::vector<std::string> args) {
    args.push_back(absl::StrCat("--database_url=sqlite://", Path("department.db")));
    absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server =
        testing::ServerProcess::Start(FAZHI_DEPARTMENT_BINARY, args, Path("department.log"));
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }
  grpc::Status Call(const std::string& token) {
    return GetDepartment(testing::AuthorizedChannel(server_->grpc_address(), token));
  }
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(TokenServerTest, ATokenValidForThirtyDaysIsRefused) {
  StartServer({});
  std::string month =
      testing::Token({"clerk"}, "jiyuan-sthjj", "long.lived", absl::StrCat("--ttl ", 30 * 86400));
  grpc::Status status = Call(month);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), "token lifetime too long"))
      << status.error_message();
  // The refusal is logged with its reason, and without the token.
  std::string log = server_->Log();
  EXPECT_TRUE(absl::StrContains(log, "token lifetime too long")) << log;
  EXPECT_FALSE(absl::StrContains(log, month.substr(month.rfind('.') + 1)));
  EXPECT_FALSE(absl::StrContains(log, month.substr(0, month.find('.'))));

  // Twelve hours is the default limit for a person; a service account may hold 30 days.
  EXPECT_EQ(Call(testing::Token({"clerk"}, "jiyuan-sthjj", "day.long", "--ttl 43200")).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(testing::Token({"clerk"}, "jiyuan-sthjj", "day.long", "--ttl 43261")).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Call(testing::Token({"service"}, "", "fazhi-statistics",
                                absl::StrCat("--service-account --ttl ", 30 * 86400)))
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Call(testing::Token({"service"}, "", "fazhi-statistics",
                                absl::StrCat("--service-account --ttl ", 31 * 86400)))
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokenServerTest, AKeyRemovedFromTheJwksFileStopsVerifyingWithinTheReloadPeriod) {
  // Two signing keys, each with its JWKS beside it (scripts/token makes them); the server trusts
  // both from one file.
  std::string leaked_key = Path("leaked/signing.key");
  std::string current_key = Path("current/signing.key");
  std::string leaked = testing::Token({"admin"}, "", "a", absl::StrCat("--key ", leaked_key));
  std::string current = testing::Token({"admin"}, "", "b", absl::StrCat("--key ", current_key));
  auto key_of = [](const std::string& jwks) {
    std::string text = Read(jwks);
    size_t open = text.find('[');
    size_t close = text.rfind(']');
    return text.substr(open + 1, close - open - 1);
  };
  std::string leaked_jwk = key_of(Path("leaked/jwks.json"));
  std::string current_jwk = key_of(Path("current/jwks.json"));
  Write(Path("jwks.json"), absl::StrCat("{\"keys\": [", leaked_jwk, ",", current_jwk, "]}"));
  StartServer({absl::StrCat("--auth_jwks_file=", Path("jwks.json")), "--auth_issuer=fazhi",
               "--auth_audience=fazhi", "--auth_keys_reload_seconds=1"});
  ASSERT_EQ(Call(leaked).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_EQ(Call(current).error_code(), grpc::StatusCode::NOT_FOUND);

  // The operator takes the leaked key out. Within the reload period (1 s; a few more for the
  // file's change to be seen) the leaked key's token stops working, though its signature was
  // verified before.
  Write(Path("jwks.json"), absl::StrCat("{\"keys\": [", current_jwk, "]}"));
  absl::Time removed = absl::Now();
  grpc::Status status;
  while (absl::Now() - removed < absl::Seconds(5)) {
    status = Call(leaked);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_LT(absl::Now() - removed, absl::Seconds(3));
  EXPECT_EQ(Call(current).error_code(), grpc::StatusCode::NOT_FOUND);

  // Emptied: no key is left, every token is refused, and the log says so.
  Write(Path("jwks.json"), "");
  removed = absl::Now();
  while (absl::Now() - removed < absl::Seconds(5)) {
    status = Call(current);
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_TRUE(absl::StrContains(server_->Log(), "every token is refused")) << server_->Log();
}

// --- A certificate's identity is its SANs when it has any -----------------------------------

class CertificateIdentityTest : public TransportSecurityTest {
 protected:
  // A client certificate signed by the development CA in pki/, with subject CN cn and, when san
  // is not empty, that subjectAltName.
  void Issue(const std::string& name, const std::string& cn, const std::string& san) {
    std::string base = Path(absl::StrCat("pki/", name));
    std::string ext = absl::StrCat("extendedKeyUsage=clientAuth\n",
                                   san.empty() ? "" : absl::StrCat("subjectAltName=", san, "\n"));
    Write(base + ".ext", ext);
    std::string command = absl::StrCat(
        "set -e; cd ", Path("pki"), "; openssl genpkey -algorithm EC -pkeyopt ",
        "ec_paramgen_curve:P-256 -out ", name, ".key 2>/dev/null; openssl req -new -key ", name,
        ".key -subj '/O=fazhi test/CN=", cn, "' -out ", name, ".csr 2>/dev/null; ",
        "openssl x509 -req -in ", name, ".csr -CA ca.pem -CAkey ca.key -CAcreateserial -sha256 ",
        "-days 2 -extfile ", name, ".ext -out ", name, ".pem 2>/dev/null");
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
  }
  std::shared_ptr<grpc::Channel> Channel(const std::string& client) {
    grpc_util::TlsFiles files;
    files.ca_file = Path("pki/ca.pem");
    files.cert_file = Path(absl::StrCat("pki/", client, ".pem"));
    files.key_file = Path(absl::StrCat("pki/", client, ".key"));
    return grpc::CreateChannel(server_->grpc_address(), grpc_util::MakeChannelCredentials(files));
  }
  std::unique_ptr<testing::ServerProcess> server_;
};

TEST_F(CertificateIdentityTest, ACertificateWithASanCannotClaimAnIdentityThroughItsCn) {
  ASSERT_EQ(std::system(absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/dev-certs ", Path("pki")).c_str()),
            0);
  // Issued for "reports.example" (the name the CA checked) with "fazhi-statistics" slipped into
  // its CN.
  Issue("impostor", "fazhi-statistics", "DNS:reports.example");
  // The real one: its SAN names it. And an old-style certificate with a CN and no SAN at all.
  Issue("statistics", "fazhi-statistics", "DNS:fazhi-statistics");
  Issue("legacy", "fazhi-statistics", "");
  absl::StatusOr<std::unique_ptr<testing::ServerProcess>> server = testing::ServerProcess::Start(
      FAZHI_DEPARTMENT_BINARY,
      {absl::StrCat("--database_url=sqlite://", Path("department.db")),
       absl::StrCat("--tls_cert_file=", Path("pki/server.pem")),
       absl::StrCat("--tls_key_file=", Path("pki/server.key")),
       absl::StrCat("--tls_client_ca_file=", Path("pki/ca.pem")),
       "--auth_service_identities=fazhi-statistics"},
      Path("department.log"));
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = *std::move(server);

  // The impostor's TLS handshake succeeds (the CA signed it) but it is nobody: anonymous.
  grpc::Status impostor = GetDepartment(Channel("impostor"));
  EXPECT_EQ(impostor.error_code(), grpc::StatusCode::UNAUTHENTICATED) << impostor.error_message();
  EXPECT_EQ(GetDepartment(Channel("statistics")).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(GetDepartment(Channel("legacy")).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace fazhi

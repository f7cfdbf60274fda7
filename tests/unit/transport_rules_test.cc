// The pure rules behind the transport controls of issue 13: what counts as loopback, when a
// server may serve plaintext, when a token may go without TLS, how long a token may live, and
// which names a client certificate goes by.

#include <gtest/gtest.h>

#include "absl/time/time.h"
#include "common/auth/token_verifier.h"
#include "common/grpc/auth_guard.h"
#include "common/grpc/tls.h"

namespace fazhi {
namespace {

using grpc_util::CheckListenTransport;
using grpc_util::CheckTokenTransport;
using grpc_util::HostOfAddress;
using grpc_util::IsLoopbackHost;
using grpc_util::IsLoopbackTarget;
using grpc_util::TlsFiles;

TEST(LoopbackTest, LoopbackHostsAreTheLoopbackNetworkAndLocalhost) {
  for (const char* host : {"127.0.0.1", "127.0.0.53", "127.255.255.254", "::1", "[::1]",
                           "localhost", "LocalHost", "::ffff:127.0.0.1", "[0:0:0:0:0:0:0:1]"}) {
    EXPECT_TRUE(IsLoopbackHost(host)) << host;
  }
}

TEST(LoopbackTest, EverythingElseIsNotLoopback) {
  for (const char* host :
       {"0.0.0.0", "::", "[::]", "", "10.0.0.5", "192.0.2.1", "128.0.0.1", "126.255.255.255",
        "department.fazhi.svc", "localhost.example.com", "127.0.0.1.nip.io", "::2",
        "::ffff:10.0.0.1", "[::1", "127.1", "fe80::1"}) {
    EXPECT_FALSE(IsLoopbackHost(host)) << host;
  }
}

TEST(LoopbackTest, HostOfAddressDropsThePort) {
  EXPECT_EQ(HostOfAddress("127.0.0.1:50051"), "127.0.0.1");
  EXPECT_EQ(HostOfAddress("[::1]:50051"), "[::1]");
  EXPECT_EQ(HostOfAddress(":50051"), "");
  EXPECT_EQ(HostOfAddress("department.fazhi.svc:50051"), "department.fazhi.svc");
  EXPECT_EQ(HostOfAddress("::1"), "::1");
}

TEST(LoopbackTest, TargetsAreLoopbackOnlyWhenEveryAddressIs) {
  for (const char* target :
       {"127.0.0.1:50051", "localhost:50051", "[::1]:50051", "dns:localhost:50051",
        "dns:///127.0.0.1:50051", "ipv4:127.0.0.1:1,127.0.0.2:2", "ipv6:[::1]:50051",
        "unix:/run/fazhi/department.sock"}) {
    EXPECT_TRUE(IsLoopbackTarget(target)) << target;
  }
  for (const char* target :
       {"10.0.0.5:50051", "department.fazhi.svc:50051", "dns:///department:50051",
        "dns://127.0.0.1:53/department.fazhi.svc:50051", "ipv4:127.0.0.1:1,10.0.0.1:2",
        "ipv4:", "xds:///department", "0.0.0.0:50051", "[::]:50051"}) {
    EXPECT_FALSE(IsLoopbackTarget(target)) << target;
  }
}

TEST(ListenTransportTest, PlaintextIsRefusedBeyondLoopbackUnlessAllowed) {
  TlsFiles plaintext;
  EXPECT_TRUE(CheckListenTransport("127.0.0.1:50051", plaintext, false).ok());
  EXPECT_TRUE(CheckListenTransport("[::1]:50051", plaintext, false).ok());
  absl::Status refused = CheckListenTransport("0.0.0.0:50051", plaintext, false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("--tls_cert_file"), absl::string_view::npos) << refused;
  EXPECT_NE(refused.message().find("--allow_insecure_listen"), absl::string_view::npos);
  EXPECT_EQ(CheckListenTransport(":50051", plaintext, false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(CheckListenTransport("10.1.2.3:50051", plaintext, false).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(CheckListenTransport("0.0.0.0:50051", plaintext, true).ok());
  TlsFiles tls{"server.pem", "server.key", "", 60};
  EXPECT_TRUE(CheckListenTransport("0.0.0.0:50051", tls, false).ok());
}

TEST(TokenTransportTest, ATokenGoesWithoutTlsOnlyToLoopback) {
  TlsFiles plaintext;
  TlsFiles tls{"", "", "ca.pem", 60};
  EXPECT_TRUE(CheckTokenTransport("127.0.0.1:50051", plaintext, true, "--t", "--c").ok());
  EXPECT_TRUE(CheckTokenTransport("10.0.0.5:50051", plaintext, false, "--t", "--c").ok());
  EXPECT_TRUE(CheckTokenTransport("10.0.0.5:50051", tls, true, "--t", "--c").ok());
  absl::Status refused = CheckTokenTransport("department.fazhi.svc:50051", plaintext, true,
                                             "--department_token_file", "--department_ca_file");
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("--department_token_file"), absl::string_view::npos);
  EXPECT_NE(refused.message().find("--department_ca_file"), absl::string_view::npos);
  EXPECT_NE(refused.message().find("department.fazhi.svc:50051"), absl::string_view::npos);
}

class LifetimeTest : public ::testing::Test {
 protected:
  LifetimeTest() {
    options_.max_lifetime = absl::Hours(12);
    options_.max_service_lifetime = absl::Hours(24 * 30);
    options_.clock_skew = absl::Seconds(60);
  }
  absl::Status Check(absl::Duration lived, bool service, bool has_iat = true,
                     bool has_nbf = false) {
    absl::Time exp = start_ + lived;
    return auth::CheckLifetime(exp, has_iat ? std::optional<absl::Time>(start_) : std::nullopt,
                               has_nbf ? std::optional<absl::Time>(start_) : std::nullopt, service,
                               options_, now_);
  }
  auth::TokenVerifierOptions options_;
  absl::Time start_ = absl::FromUnixSeconds(1700000000);
  absl::Time now_ = start_ + absl::Minutes(5);
};

TEST_F(LifetimeTest, AUserTokenMayLiveTwelveHoursAndNoLonger) {
  EXPECT_TRUE(Check(absl::Hours(1), false).ok());
  EXPECT_TRUE(Check(absl::Hours(12), false).ok());
  absl::Status refused = Check(absl::Hours(12) + absl::Seconds(1), false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  // 12 h + 1 s = 43201 s, against the 43200 s allowed.
  EXPECT_NE(refused.message().find("lives 43201 s (exp - iat)"), absl::string_view::npos)
      << refused;
  EXPECT_NE(refused.message().find("43200 s allowed for a user's token"), absl::string_view::npos);
  EXPECT_EQ(Check(absl::Hours(24 * 30), false).code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(LifetimeTest, AServiceTokenMayLiveThirtyDays) {
  EXPECT_TRUE(Check(absl::Hours(24 * 7), true).ok());
  EXPECT_TRUE(Check(absl::Hours(24 * 30), true).ok());
  absl::Status refused = Check(absl::Hours(24 * 30) + absl::Seconds(1), true);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.message().find("2592000 s allowed for a service account's token"),
            absl::string_view::npos)
      << refused;
}

TEST_F(LifetimeTest, WithoutIatTheLifetimeRunsFromNbf) {
  EXPECT_TRUE(Check(absl::Hours(12), false, false, true).ok());
  absl::Status refused = Check(absl::Hours(13), false, false, true);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.message().find("(exp - nbf)"), absl::string_view::npos) << refused;
}

TEST_F(LifetimeTest, WithNeitherIatNorNbfWhatIsLeftMustFit) {
  // now is 5 minutes after start: 12 h 5 min from start leaves 12 h, within the limit.
  EXPECT_TRUE(Check(absl::Hours(12) + absl::Minutes(5), false, false, false).ok());
  // Beyond the limit and the 60 s skew.
  absl::Status refused = Check(absl::Hours(12) + absl::Minutes(7), false, false, false);
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.message().find("no iat or nbf"), absl::string_view::npos) << refused;
}

TEST(CertificateIdentitiesTest, SansWinAndTheCnCountsOnlyWithoutThem) {
  EXPECT_EQ(grpc_util::CertificateIdentities({"fazhi-reports", "reports.fazhi.svc"},
                                             {"fazhi-statistics"}),
            (std::vector<std::string>{"fazhi-reports", "reports.fazhi.svc"}));
  EXPECT_EQ(grpc_util::CertificateIdentities({}, {"fazhi-dev-client"}),
            (std::vector<std::string>{"fazhi-dev-client"}));
  EXPECT_TRUE(grpc_util::CertificateIdentities({}, {}).empty());
}

}  // namespace
}  // namespace fazhi

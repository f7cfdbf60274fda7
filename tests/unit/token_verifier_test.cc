// Bearer token verification: keys are generated here with OpenSSL, tokens are signed with
// cpp-jwt (or left unsigned, or HMAC-signed, as an attacker would) and checked by TokenVerifier.

#include "common/auth/token_verifier.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/auth/principal.h"
#include "gtest/gtest.h"
#include "jwt/algorithm.hpp"

namespace fazhi::auth {
namespace {

using Json = nlohmann::json;

const absl::Time kNow = absl::FromUnixSeconds(1700000000);  // 2023-11-14

struct TestKey {
  std::string private_pem;
  std::string public_pem;
  std::shared_ptr<EVP_PKEY> pkey;
};

std::string ToPem(EVP_PKEY* pkey, bool with_private) {
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new(BIO_s_mem()), BIO_free_all);
  if (with_private) {
    PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PUBKEY(bio.get(), pkey);
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

TestKey MakeRsaKey(size_t bits) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", bits);
  EXPECT_NE(pkey, nullptr);
  return {ToPem(pkey, true), ToPem(pkey, false), std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free)};
}

TestKey MakeEcKey(const char* curve) {
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curve);
  EXPECT_NE(pkey, nullptr);
  return {ToPem(pkey, true), ToPem(pkey, false), std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free)};
}

std::string B64(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

std::string BnParam(const TestKey& key, const char* name, int pad_to = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key.pkey.get(), name, &bn), 1) << name;
  std::string bytes(pad_to > 0 ? pad_to : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  BN_free(bn);
  return bytes;
}

// The public half of a test key as a JWK, as an identity provider publishes it.
Json Jwk(const TestKey& key, const std::string& kid) {
  Json jwk;
  if (EVP_PKEY_is_a(key.pkey.get(), "RSA")) {
    jwk = {{"kty", "RSA"},
           {"n", B64(BnParam(key, OSSL_PKEY_PARAM_RSA_N))},
           {"e", B64(BnParam(key, OSSL_PKEY_PARAM_RSA_E))}};
  } else {
    jwk = {{"kty", "EC"},
           {"crv", "P-256"},
           {"x", B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))},
           {"y", B64(BnParam(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  }
  if (!kid.empty()) jwk["kid"] = kid;
  return jwk;
}

// header.payload.signature, signed by cpp-jwt with `secret` (a private key PEM, or the HMAC
// secret for HS256); alg "none" gets an empty signature.
std::string MakeToken(const Json& header, const Json& claims, const std::string& secret) {
  std::string input = absl::StrCat(B64(header.dump()), ".", B64(claims.dump()));
  std::string alg = header.value("alg", "");
  jwt::sign_result_t signed_input;
  if (alg == "RS256") {
    signed_input = jwt::PEMSign<jwt::algo::RS256>::sign(secret, input);
  } else if (alg == "ES256") {
    signed_input = jwt::PEMSign<jwt::algo::ES256>::sign(secret, input);
  } else if (alg == "HS256") {
    signed_input = jwt::HMACSign<jwt::algo::HS256>::sign(secret, input);
  }
  EXPECT_FALSE(signed_input.second) << alg << ": " << signed_input.second.message();
  return absl::StrCat(input, ".", B64(signed_input.first));
}

Json Header(const std::string& alg, const std::string& kid = "") {
  Json header = {{"alg", alg}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = kid;
  return header;
}

Json Claims() {
  return {{"iss", "fazhi-test"},
          {"aud", "fazhi"},
          {"sub", "zhang.san"},
          {"iat", absl::ToUnixSeconds(kNow) - 10},
          {"exp", absl::ToUnixSeconds(kNow) + 3600},
          {"roles", {"clerk", "publisher"}},
          {"department", "jiyuan-sthjj"}};
}

void WriteFile(const std::string& path, const std::string& text) {
  // Written beside and renamed over, as Kubernetes swaps a Secret's files.
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
  }
  ASSERT_EQ(std::rename(tmp.c_str(), path.c_str()), 0) << path;
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new TestKey(MakeRsaKey(2048));
    other_rsa_ = new TestKey(MakeRsaKey(2048));
    ec_ = new TestKey(MakeEcKey("P-256"));
    other_ec_ = new TestKey(MakeEcKey("P-256"));
  }

  void SetUp() override {
    std::string pattern = absl::StrCat(::testing::TempDir(), "/token_verifier_XXXXXX");
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }

  void TearDown() override { std::system(absl::StrCat("rm -rf '", dir_, "'").c_str()); }

  std::string File(const std::string& name, const std::string& text) {
    std::string path = absl::StrCat(dir_, "/", name);
    WriteFile(path, text);
    return path;
  }

  TokenVerifierOptions Options() {
    TokenVerifierOptions options;
    options.issuer = "fazhi-test";
    options.audience = "fazhi";
    return options;
  }

  // A verifier trusting the RSA and EC test keys from PEM files.
  std::unique_ptr<TokenVerifier> PemVerifier() {
    TokenVerifierOptions options = Options();
    options.public_key_files = {File("rsa.pub.pem", rsa_->public_pem),
                                File("ec.pub.pem", ec_->public_pem)};
    absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return verifier.ok() ? *std::move(verifier) : nullptr;
  }

  // A verifier trusting the JWKS {"rsa-1": RSA, "ec-1": EC, "ec-2": other EC}.
  std::unique_ptr<TokenVerifier> JwksVerifier() {
    TokenVerifierOptions options = Options();
    Json jwks = {{"keys", {Jwk(*rsa_, "rsa-1"), Jwk(*ec_, "ec-1"), Jwk(*other_ec_, "ec-2")}}};
    options.jwks_file = File("jwks.json", jwks.dump());
    absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
    EXPECT_TRUE(verifier.ok()) << verifier.status();
    return verifier.ok() ? *std::move(verifier) : nullptr;
  }

  // Refused with UNAUTHENTICATED naming `reason`, and without any part of the token.
  static void ExpectRefused(const TokenVerifier& verifier, const std::string& token,
                            absl::string_view reason, absl::Time now = kNow) {
    absl::StatusOr<Principal> principal = verifier.Verify(token, now);
    ASSERT_FALSE(principal.ok()) << "accepted a token that should fail with: " << reason;
    EXPECT_EQ(principal.status().code(), absl::StatusCode::kUnauthenticated) << principal.status();
    EXPECT_NE(principal.status().message().find(reason), absl::string_view::npos)
        << "expected '" << reason << "', got: " << principal.status();
    ExpectNoTokenText(std::string(principal.status().message()), token);
  }

  static void ExpectNoTokenText(const std::string& text, const std::string& token) {
    if (token.size() < 8) return;  // "", "abc": too short to mean anything
    EXPECT_EQ(text.find(token), std::string::npos);
    for (absl::string_view part : absl::StrSplit(token, '.')) {
      if (part.size() >= 8) {
        EXPECT_EQ(text.find(std::string(part)), std::string::npos) << text;
      }
    }
  }

  static TestKey* rsa_;
  static TestKey* other_rsa_;
  static TestKey* ec_;
  static TestKey* other_ec_;
  std::string dir_;
};

TestKey* TokenVerifierTest::rsa_ = nullptr;
TestKey* TokenVerifierTest::other_rsa_ = nullptr;
TestKey* TokenVerifierTest::ec_ = nullptr;
TestKey* TokenVerifierTest::other_ec_ = nullptr;

TEST(PrincipalTest, ParsesAndFormatsRoles) {
  for (Role role :
       {Role::kAdmin, Role::kSupervisor, Role::kClerk, Role::kPublisher, Role::kService}) {
    Role parsed;
    ASSERT_TRUE(ParseRole(RoleName(role), &parsed)) << RoleName(role);
    EXPECT_EQ(parsed, role);
  }
  Role role;
  EXPECT_TRUE(ParseRole("supervisor", &role));
  EXPECT_EQ(role, Role::kSupervisor);
  for (const char* bad : {"", "Admin", "CLERK", " clerk", "clerks", "root"}) {
    EXPECT_FALSE(ParseRole(bad, &role)) << bad;
  }
  EXPECT_EQ(FormatRoles({Role::kPublisher, Role::kClerk}), "clerk,publisher");
  EXPECT_EQ(FormatRoles({}), "");
  Principal service = ServiceAccount("fazhi-statistics");
  EXPECT_EQ(service.subject, "fazhi-statistics");
  EXPECT_TRUE(service.service_account);
  EXPECT_TRUE(service.HasRole(Role::kService));
  EXPECT_TRUE(service.department_id.empty());
}

TEST_F(TokenVerifierTest, AcceptsRs256WithRolesAndDepartment) {
  auto verifier = PemVerifier();
  std::string token = MakeToken(Header("RS256"), Claims(), rsa_->private_pem);
  absl::StatusOr<Principal> principal = verifier->Verify(token, kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "zhang.san");
  EXPECT_EQ(principal->roles, (std::set<Role>{Role::kClerk, Role::kPublisher}));
  EXPECT_EQ(principal->department_id, "jiyuan-sthjj");
  EXPECT_FALSE(principal->service_account);
  // As the authorization header carries it.
  EXPECT_TRUE(verifier->Verify("Bearer " + token, kNow).ok());
  EXPECT_TRUE(verifier->Verify("bearer  " + token, kNow).ok());
}

TEST_F(TokenVerifierTest, AcceptsEs256) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  claims["roles"] = {"supervisor"};
  claims["aud"] = {"other-system", "fazhi"};
  absl::StatusOr<Principal> principal =
      verifier->Verify(MakeToken(Header("ES256"), claims, ec_->private_pem), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->roles, std::set<Role>{Role::kSupervisor});
  EXPECT_EQ(principal->department_id, "jiyuan-sthjj");
}

TEST_F(TokenVerifierTest, AcceptsServiceAccounts) {
  auto verifier = PemVerifier();
  Json by_role = Claims();
  by_role["roles"] = {"service"};
  by_role.erase("department");
  absl::StatusOr<Principal> principal =
      verifier->Verify(MakeToken(Header("ES256"), by_role, ec_->private_pem), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_TRUE(principal->service_account);
  EXPECT_TRUE(principal->department_id.empty());

  Json by_claim = Claims();
  by_claim.erase("roles");
  by_claim["service_account"] = true;
  principal = verifier->Verify(MakeToken(Header("ES256"), by_claim, ec_->private_pem), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_TRUE(principal->service_account);
  EXPECT_EQ(principal->roles, std::set<Role>{Role::kService});

  Json person = Claims();
  person["service_account"] = false;
  principal = verifier->Verify(MakeToken(Header("ES256"), person, ec_->private_pem), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_FALSE(principal->service_account);
  EXPECT_FALSE(principal->HasRole(Role::kService));
}

TEST_F(TokenVerifierTest, RefusesExpiredAndAcceptsWithinSkew) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 61;  // the default skew is 60 s
  ExpectRefused(*verifier, MakeToken(Header("ES256"), claims, ec_->private_pem), "token expired");
  claims["exp"] = absl::ToUnixSeconds(kNow) - 59;
  EXPECT_TRUE(verifier->Verify(MakeToken(Header("ES256"), claims, ec_->private_pem), kNow).ok());
  // The time judged against is the caller's, not the machine's; and a token accepted once (and
  // so remembered with its checked signature) is still judged by its times on every call.
  std::string token = MakeToken(Header("ES256"), Claims(), ec_->private_pem);
  EXPECT_TRUE(verifier->Verify(token, kNow).ok());
  ExpectRefused(*verifier, token, "token expired", kNow + absl::Hours(2));
  EXPECT_TRUE(verifier->Verify(token, kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesNotYetValidAndAcceptsWithinSkew) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 120;
  std::string token = MakeToken(Header("RS256"), claims, rsa_->private_pem);
  ExpectRefused(*verifier, token, "token not yet valid");
  EXPECT_TRUE(verifier->Verify(token, kNow + absl::Seconds(61)).ok());
  claims["nbf"] = absl::ToUnixSeconds(kNow) + 30;
  EXPECT_TRUE(verifier->Verify(MakeToken(Header("RS256"), claims, rsa_->private_pem), kNow).ok());
  // Issued in the future is not yet valid either.
  claims = Claims();
  claims["iat"] = absl::ToUnixSeconds(kNow) + 600;
  ExpectRefused(*verifier, MakeToken(Header("RS256"), claims, rsa_->private_pem),
                "token not yet valid");
}

TEST_F(TokenVerifierTest, HonoursAConfiguredSkew) {
  TokenVerifierOptions options = Options();
  options.clock_skew = absl::ZeroDuration();
  options.public_key_files = {File("ec.pub.pem", ec_->public_pem)};
  auto verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  Json claims = Claims();
  claims["exp"] = absl::ToUnixSeconds(kNow) - 1;
  ExpectRefused(**verifier, MakeToken(Header("ES256"), claims, ec_->private_pem), "token expired");
  claims["exp"] = absl::ToUnixSeconds(kNow) + 1.5;  // NumericDate may be fractional
  EXPECT_TRUE((*verifier)->Verify(MakeToken(Header("ES256"), claims, ec_->private_pem), kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesWrongAudience) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  claims["aud"] = "wrong";
  ExpectRefused(*verifier, MakeToken(Header("ES256"), claims, ec_->private_pem), "wrong audience");
  claims["aud"] = {"fazhi-other", "statistics"};
  ExpectRefused(*verifier, MakeToken(Header("ES256"), claims, ec_->private_pem), "wrong audience");
  claims.erase("aud");
  ExpectRefused(*verifier, MakeToken(Header("ES256"), claims, ec_->private_pem), "wrong audience");
}

TEST_F(TokenVerifierTest, RefusesWrongIssuer) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  claims["iss"] = "someone-else";
  ExpectRefused(*verifier, MakeToken(Header("RS256"), claims, rsa_->private_pem), "wrong issuer");
  claims.erase("iss");
  ExpectRefused(*verifier, MakeToken(Header("RS256"), claims, rsa_->private_pem), "wrong issuer");
}

TEST_F(TokenVerifierTest, RefusesTokensSignedByAnotherKey) {
  auto verifier = PemVerifier();
  ExpectRefused(*verifier, MakeToken(Header("RS256"), Claims(), other_rsa_->private_pem),
                "bad signature");
  ExpectRefused(*verifier, MakeToken(Header("ES256"), Claims(), other_ec_->private_pem),
                "bad signature");
}

TEST_F(TokenVerifierTest, RefusesTamperedPayload) {
  auto verifier = PemVerifier();
  for (auto [alg, key] : {std::pair{"RS256", rsa_}, std::pair{"ES256", ec_}}) {
    std::vector<std::string> parts =
        absl::StrSplit(MakeToken(Header(alg), Claims(), key->private_pem), '.');
    Json claims = Claims();
    claims["roles"] = {"admin"};
    std::string tampered = absl::StrCat(parts[0], ".", B64(claims.dump()), ".", parts[2]);
    ExpectRefused(*verifier, tampered, "bad signature");
    // A flipped signature bit fails as well.
    std::string sig = parts[2];
    sig[5] = sig[5] == 'A' ? 'B' : 'A';
    ExpectRefused(*verifier, absl::StrCat(parts[0], ".", parts[1], ".", sig), "bad signature");
  }
}

TEST_F(TokenVerifierTest, RefusesAlgNone) {
  auto pem = PemVerifier();
  auto jwks = JwksVerifier();
  for (const char* none : {"none", "None", "NONE"}) {
    std::string unsigned_token = absl::StrCat(B64(Header(none).dump()), ".", B64(Claims().dump()));
    for (auto [token, reason] : {std::pair{unsigned_token + ".", "algorithm not allowed"},
                                 std::pair{unsigned_token + ".c2ln", "algorithm not allowed"},
                                 std::pair{unsigned_token, "malformed token"}}) {
      ExpectRefused(*pem, token, reason);
      ExpectRefused(*jwks, token, reason);
    }
  }
  // Lower-case and other algorithms are not allowed either.
  ExpectRefused(*pem, MakeToken(Header("rs256"), Claims(), rsa_->private_pem),
                "algorithm not allowed");
  Json no_alg = Header("RS256");
  no_alg.erase("alg");
  ExpectRefused(*pem, MakeToken(no_alg, Claims(), rsa_->private_pem), "algorithm not allowed");
}

TEST_F(TokenVerifierTest, RefusesHs256SignedWithThePublicKey) {
  // The classic algorithm confusion: a verifier that hands its RSA or EC public key to HMAC
  // would accept this, since the public key is public.
  auto pem = PemVerifier();
  auto jwks = JwksVerifier();
  Json claims = Claims();
  claims["roles"] = {"admin"};
  for (const TestKey* key : {rsa_, ec_}) {
    std::string token = MakeToken(Header("HS256"), claims, key->public_pem);
    ExpectRefused(*pem, token, "algorithm not allowed");
    ExpectRefused(*jwks, token, "algorithm not allowed");
  }
  std::string with_kid = MakeToken(Header("HS256", "rsa-1"), claims, rsa_->public_pem);
  ExpectRefused(*jwks, with_kid, "algorithm not allowed");
  // Keys a token brings along (jwk, jku, x5u) are never used: only configured keys count.
  Json embedded = Header("ES256");
  embedded["jwk"] = Jwk(*other_ec_, "");
  embedded["jku"] = "https://attacker.example/jwks.json";
  ExpectRefused(*pem, MakeToken(embedded, claims, other_ec_->private_pem), "bad signature");
  // Nor may a token name an RSA key while claiming ES256, or the reverse.
  ExpectRefused(*jwks, MakeToken(Header("ES256", "rsa-1"), claims, ec_->private_pem),
                "does not match its key");
  ExpectRefused(*jwks, MakeToken(Header("RS256", "ec-1"), claims, rsa_->private_pem),
                "does not match its key");
}

TEST_F(TokenVerifierTest, JwksPicksTheKeyByKid) {
  auto verifier = JwksVerifier();
  EXPECT_EQ(verifier->key_count(), 3);
  absl::StatusOr<Principal> principal =
      verifier->Verify(MakeToken(Header("ES256", "ec-2"), Claims(), other_ec_->private_pem), kNow);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_TRUE(
      verifier->Verify(MakeToken(Header("ES256", "ec-1"), Claims(), ec_->private_pem), kNow).ok());
  EXPECT_TRUE(
      verifier->Verify(MakeToken(Header("RS256", "rsa-1"), Claims(), rsa_->private_pem), kNow)
          .ok());
  // Named key ec-1, signed by ec-2's private key: the named key alone is tried.
  ExpectRefused(*verifier, MakeToken(Header("ES256", "ec-1"), Claims(), other_ec_->private_pem),
                "bad signature");
  // Without a kid, every key of the algorithm's type is tried.
  EXPECT_TRUE(
      verifier->Verify(MakeToken(Header("ES256"), Claims(), other_ec_->private_pem), kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesUnknownKid) {
  auto verifier = JwksVerifier();
  ExpectRefused(*verifier, MakeToken(Header("ES256", "ec-9"), Claims(), ec_->private_pem),
                "unknown key id");
  Json bad_kid = Header("ES256");
  bad_kid["kid"] = 7;
  ExpectRefused(*verifier, MakeToken(bad_kid, Claims(), ec_->private_pem), "malformed token");
  // PEM keys have no kid, so a kid the verifier does not know still reaches them.
  auto pem = PemVerifier();
  EXPECT_TRUE(
      pem->Verify(MakeToken(Header("ES256", "ec-9"), Claims(), ec_->private_pem), kNow).ok());
}

TEST_F(TokenVerifierTest, RefusesMalformedTokens) {
  auto verifier = PemVerifier();
  std::string good = MakeToken(Header("ES256"), Claims(), ec_->private_pem);
  std::vector<std::string> parts = absl::StrSplit(good, '.');
  for (const std::string& token : {
           std::string(""),
           std::string("Bearer "),
           std::string("abc"),
           parts[0] + "." + parts[1],
           good + ".x",
           "!!!." + parts[1] + "." + parts[2],
           B64("not json") + "." + parts[1] + "." + parts[2],
           B64("[1,2]") + "." + parts[1] + "." + parts[2],
           parts[0] + "." + parts[1] + ".",
           parts[0] + "." + parts[1] + ".a+b/",
           std::string(20000, 'a'),
       }) {
    ExpectRefused(*verifier, token, "malformed token");
  }
  // Claims the verifier cannot trust even when signed.
  auto signed_with = [&](const std::function<void(Json&)>& change) {
    Json claims = Claims();
    change(claims);
    return MakeToken(Header("ES256"), claims, ec_->private_pem);
  };
  ExpectRefused(*verifier, signed_with([](Json& c) { c.erase("sub"); }), "sub missing");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["sub"] = ""; }), "sub");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["sub"] = 42; }), "sub missing");
  ExpectRefused(*verifier, signed_with([](Json& c) { c.erase("exp"); }), "exp missing");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["exp"] = "tomorrow"; }), "exp");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["exp"] = -5; }), "exp");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["nbf"] = true; }), "nbf");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["roles"] = "clerk"; }), "roles");
  ExpectRefused(*verifier, signed_with([](Json& c) {
    c["roles"] = {"clerk", "root"};
  }),
                "unknown role");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["roles"] = {"Clerk"}; }), "unknown role");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["department"] = "济源市生态环境局"; }),
                "department");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["service_account"] = "yes"; }),
                "service_account");
  ExpectRefused(*verifier, signed_with([](Json& c) { c["aud"] = {1, 2}; }), "aud");
  Json crit = Header("ES256");
  crit["crit"] = {"exp"};
  ExpectRefused(*verifier, MakeToken(crit, Claims(), ec_->private_pem), "critical");
}

TEST_F(TokenVerifierTest, PicksUpARotatedKeyFile) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::ZeroDuration();
  options.public_key_files = {File("signing.pub.pem", ec_->public_pem)};
  absl::StatusOr<std::unique_ptr<TokenVerifier>> created = TokenVerifier::Create(options);
  ASSERT_TRUE(created.ok()) << created.status();
  const TokenVerifier& verifier = **created;
  std::string old_token = MakeToken(Header("ES256"), Claims(), ec_->private_pem);
  std::string new_token = MakeToken(Header("ES256"), Claims(), other_ec_->private_pem);
  EXPECT_TRUE(verifier.Verify(old_token, kNow).ok());
  ExpectRefused(verifier, new_token, "bad signature");

  File("signing.pub.pem", other_ec_->public_pem);
  EXPECT_TRUE(verifier.Verify(new_token, kNow).ok());
  ExpectRefused(verifier, old_token, "bad signature");

  // A broken file is not taken: the keys before it stay.
  File("signing.pub.pem", "-----BEGIN PUBLIC KEY-----\ngarbage\n-----END PUBLIC KEY-----\n");
  EXPECT_TRUE(verifier.Verify(new_token, kNow).ok());
  // Both keys during a rollover.
  File("signing.pub.pem", ec_->public_pem + other_ec_->public_pem);
  EXPECT_TRUE(verifier.Verify(new_token, kNow).ok());
  EXPECT_TRUE(verifier.Verify(old_token, kNow).ok());
  EXPECT_EQ(verifier.key_count(), 2);
}

TEST_F(TokenVerifierTest, VerifiesFromManyThreadsWhileKeysRotate) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::ZeroDuration();
  options.public_key_files = {File("signing.pub.pem", ec_->public_pem + other_ec_->public_pem)};
  absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  std::string token = MakeToken(Header("ES256"), Claims(), ec_->private_pem);
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) accepted += (*verifier)->Verify(token, kNow).ok() ? 1 : 0;
    });
  }
  // Every version of the file holds the token's key, so every call must succeed.
  for (int i = 0; i < 20; ++i) {
    File("signing.pub.pem", i % 2 == 0 ? ec_->public_pem : ec_->public_pem + rsa_->public_pem);
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(accepted.load(), 200);
}

TEST_F(TokenVerifierTest, JwksRotationIsCheckedAtMostEveryInterval) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::Hours(1);
  options.jwks_file = File("jwks.json", Json({{"keys", {Jwk(*ec_, "k1")}}}).dump());
  absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  File("jwks.json", Json({{"keys", {Jwk(*other_ec_, "k2")}}}).dump());
  // Within the interval the file is not looked at.
  EXPECT_TRUE(
      (*verifier)->Verify(MakeToken(Header("ES256", "k1"), Claims(), ec_->private_pem), kNow).ok());
  ExpectRefused(**verifier, MakeToken(Header("ES256", "k2"), Claims(), other_ec_->private_pem),
                "unknown key id");
}

TEST_F(TokenVerifierTest, RefusesATokenThatLivesLongerThanItsKindMay) {
  auto verifier = PemVerifier();
  // A clerk's token minted for 30 days: stolen once, useful for a month. Refused.
  Json month = Claims();
  month["exp"] = absl::ToUnixSeconds(kNow) - 10 + 30 * 24 * 3600;
  ExpectRefused(*verifier, MakeToken(Header("ES256"), month, ec_->private_pem),
                "token lifetime too long");
  // Twelve hours is the default limit for a person.
  Json day = Claims();
  day["exp"] = absl::ToUnixSeconds(kNow) - 10 + 12 * 3600;
  EXPECT_TRUE(verifier->Verify(MakeToken(Header("ES256"), day, ec_->private_pem), kNow).ok());
  // A service account's 30-day token is within its own, longer limit; 31 days is not.
  Json service = month;
  service["roles"] = {"service"};
  service.erase("department");
  EXPECT_TRUE(verifier->Verify(MakeToken(Header("ES256"), service, ec_->private_pem), kNow).ok());
  service["exp"] = absl::ToUnixSeconds(kNow) - 10 + 31 * 24 * 3600;
  ExpectRefused(*verifier, MakeToken(Header("ES256"), service, ec_->private_pem),
                "token lifetime too long");
  // Without iat, from nbf.
  Json from_nbf = month;
  from_nbf.erase("iat");
  from_nbf["nbf"] = absl::ToUnixSeconds(kNow) - 10;
  ExpectRefused(*verifier, MakeToken(Header("ES256"), from_nbf, ec_->private_pem), "exp - nbf");
}

TEST_F(TokenVerifierTest, AKeyTakenOutOfTheJwksStopsVerifying) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::ZeroDuration();
  options.jwks_file =
      File("jwks.json", Json({{"keys", {Jwk(*ec_, "leaked"), Jwk(*other_ec_, "current")}}}).dump());
  absl::StatusOr<std::unique_ptr<TokenVerifier>> created = TokenVerifier::Create(options);
  ASSERT_TRUE(created.ok()) << created.status();
  const TokenVerifier& verifier = **created;
  std::string leaked = MakeToken(Header("ES256", "leaked"), Claims(), ec_->private_pem);
  std::string current = MakeToken(Header("ES256", "current"), Claims(), other_ec_->private_pem);
  ASSERT_TRUE(verifier.Verify(leaked, kNow).ok());
  ASSERT_TRUE(verifier.Verify(current, kNow).ok());

  File("jwks.json", Json({{"keys", {Jwk(*other_ec_, "current")}}}).dump());
  // The signature was verified before; it must not be trusted from memory.
  ExpectRefused(verifier, leaked, "unknown key id");
  EXPECT_TRUE(verifier.Verify(current, kNow).ok());
  EXPECT_EQ(verifier.key_count(), 1);

  // The last key out: nothing verifies, and nothing old is kept.
  File("jwks.json", Json({{"keys", Json::array()}}).dump());
  ExpectRefused(verifier, current, "unknown key id");
  EXPECT_EQ(verifier.key_count(), 0);
}

TEST_F(TokenVerifierTest, AnEmptiedOrRemovedKeyFileWithdrawsItsKeys) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::ZeroDuration();
  options.public_key_files = {File("ec.pub.pem", ec_->public_pem),
                              File("other.pub.pem", other_ec_->public_pem)};
  absl::StatusOr<std::unique_ptr<TokenVerifier>> created = TokenVerifier::Create(options);
  ASSERT_TRUE(created.ok()) << created.status();
  const TokenVerifier& verifier = **created;
  std::string first = MakeToken(Header("ES256"), Claims(), ec_->private_pem);
  std::string second = MakeToken(Header("ES256"), Claims(), other_ec_->private_pem);
  ASSERT_TRUE(verifier.Verify(first, kNow).ok());
  ASSERT_TRUE(verifier.Verify(second, kNow).ok());

  File("ec.pub.pem", "");
  ExpectRefused(verifier, first, "bad signature");
  EXPECT_TRUE(verifier.Verify(second, kNow).ok());

  ASSERT_EQ(std::remove(absl::StrCat(dir_, "/other.pub.pem").c_str()), 0);
  ExpectRefused(verifier, second, "no key for the token algorithm");
  EXPECT_EQ(verifier.key_count(), 0);

  // Keys come back when the file does.
  File("other.pub.pem", other_ec_->public_pem);
  EXPECT_TRUE(verifier.Verify(second, kNow).ok());
}

TEST_F(TokenVerifierTest, ABrokenJwksKeepsItsLastGoodKeys) {
  TokenVerifierOptions options = Options();
  options.reload_interval = absl::ZeroDuration();
  options.jwks_file = File("jwks.json", Json({{"keys", {Jwk(*ec_, "k1")}}}).dump());
  absl::StatusOr<std::unique_ptr<TokenVerifier>> created = TokenVerifier::Create(options);
  ASSERT_TRUE(created.ok()) << created.status();
  std::string token = MakeToken(Header("ES256", "k1"), Claims(), ec_->private_pem);
  // A half-written edit: the JSON does not parse. Callers are not locked out by a typo.
  File("jwks.json", "{\"keys\": [");
  EXPECT_TRUE((*created)->Verify(token, kNow).ok());
  EXPECT_EQ((*created)->key_count(), 1);
}

TEST_F(TokenVerifierTest, ErrorsAndLogsNeverContainTheToken) {
  auto verifier = PemVerifier();
  Json claims = Claims();
  std::vector<std::string> tokens;
  claims["exp"] = 1;
  tokens.push_back(MakeToken(Header("ES256"), claims, ec_->private_pem));
  claims = Claims();
  claims["aud"] = "wrong";
  tokens.push_back(MakeToken(Header("ES256"), claims, ec_->private_pem));
  tokens.push_back(MakeToken(Header("ES256"), Claims(), other_ec_->private_pem));
  tokens.push_back(MakeToken(Header("HS256"), Claims(), ec_->public_pem));
  tokens.push_back(MakeToken(Header("ES256"), Claims(), ec_->private_pem) + "x");
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  for (const std::string& token : tokens) {
    absl::StatusOr<Principal> result = verifier->Verify(token, kNow);
    ASSERT_FALSE(result.ok());
    ExpectNoTokenText(result.status().ToString(), token);
  }
  std::string logged =
      ::testing::internal::GetCapturedStdout() + ::testing::internal::GetCapturedStderr();
  for (const std::string& token : tokens) ExpectNoTokenText(logged, token);
}

TEST_F(TokenVerifierTest, CreateRefusesBadConfiguration) {
  auto create_error = [](const TokenVerifierOptions& options) {
    absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
    EXPECT_FALSE(verifier.ok());
    EXPECT_EQ(verifier.status().code(), absl::StatusCode::kInvalidArgument);
    return std::string(verifier.status().message());
  };
  TokenVerifierOptions options = Options();
  EXPECT_NE(create_error(options).find("file"), std::string::npos);
  options.public_key_files = {File("ec.pub.pem", ec_->public_pem)};
  options.issuer = "";
  EXPECT_NE(create_error(options).find("issuer"), std::string::npos);
  options = Options();
  options.public_key_files = {dir_ + "/missing.pem"};
  EXPECT_NE(create_error(options).find("missing.pem"), std::string::npos);
  // Private keys, short RSA keys and other curves are refused by name.
  options.public_key_files = {File("private.pem", ec_->private_pem)};
  EXPECT_NE(create_error(options).find("private.pem"), std::string::npos);
  options.public_key_files = {File("rsa1024.pem", MakeRsaKey(1024).public_pem)};
  EXPECT_NE(create_error(options).find("2048"), std::string::npos);
  TestKey p384 = MakeEcKey("P-384");
  options.public_key_files = {File("p384.pem", p384.public_pem)};
  EXPECT_NE(create_error(options).find("P-256"), std::string::npos);
  // A JWKS: not JSON, a P-256 key whose point is not on the curve, a duplicated kid, and one
  // whose only key is for another use.
  options = Options();
  options.jwks_file = File("jwks.json", "{\"keys\": [");
  EXPECT_NE(create_error(options).find("JWKS"), std::string::npos);
  Json off_curve = Jwk(*ec_, "bad");
  off_curve["y"] = off_curve["x"];
  options.jwks_file = File("jwks.json", Json({{"keys", {off_curve}}}).dump());
  EXPECT_NE(create_error(options).find("not a valid public key"), std::string::npos);
  options.jwks_file = File("jwks.json", Json({{"keys", {Jwk(*ec_, "a"), Jwk(*rsa_, "a")}}}).dump());
  EXPECT_NE(create_error(options).find("twice"), std::string::npos);
  Json encryption = Jwk(*rsa_, "enc");
  encryption["use"] = "enc";
  Json hmac = {{"kty", "oct"}, {"k", B64("secret")}, {"kid", "h"}};
  options.jwks_file = File("jwks.json", Json({{"keys", {encryption, hmac}}}).dump());
  EXPECT_NE(create_error(options).find("no RS256 or ES256"), std::string::npos);
  // Beside a usable key such keys are skipped, not fatal.
  options.jwks_file =
      File("jwks.json", Json({{"keys", {encryption, hmac, Jwk(*ec_, "ec-1")}}}).dump());
  absl::StatusOr<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options);
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  EXPECT_EQ((*verifier)->key_count(), 1);
}

TEST_F(TokenVerifierTest, VerifiesWhatScriptsTokenMints) {
  std::string key = dir_ + "/auth/dev-signing.key";
  auto mint = [&](const std::string& args) {
    std::string command =
        absl::StrCat(FAZHI_SOURCE_DIR, "/scripts/token --key '", key, "' ", args, " 2>/dev/null");
    FILE* pipe = popen(command.c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string out;
    char buffer[4096];
    while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) out.append(buffer, n);
    EXPECT_EQ(pclose(pipe), 0) << command;
    return std::string(absl::StripSuffix(out, "\n"));
  };
  std::string token = mint(
      "--role clerk --role publisher --department jiyuan-sthjj "
      "--subject zhang.san");
  ASSERT_FALSE(token.empty());

  TokenVerifierOptions options;
  options.issuer = "fazhi";  // scripts/token's default, as the servers'
  options.audience = "fazhi";
  options.jwks_file = dir_ + "/auth/jwks.json";
  absl::StatusOr<std::unique_ptr<TokenVerifier>> created = TokenVerifier::Create(options);
  ASSERT_TRUE(created.ok()) << created.status();
  const TokenVerifier& verifier = **created;
  absl::Time now = absl::Now();
  absl::StatusOr<Principal> principal = verifier.Verify(token, now);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_EQ(principal->subject, "zhang.san");
  EXPECT_EQ(principal->roles, (std::set<Role>{Role::kClerk, Role::kPublisher}));
  EXPECT_EQ(principal->department_id, "jiyuan-sthjj");

  // The public key file it wrote works as well, and a second run reuses the key.
  options.jwks_file.clear();
  options.public_key_files = {dir_ + "/auth/dev-signing.pub.pem"};
  absl::StatusOr<std::unique_ptr<TokenVerifier>> pem = TokenVerifier::Create(options);
  ASSERT_TRUE(pem.ok()) << pem.status();
  principal = (*pem)->Verify(mint("--role service --subject fazhi-reports"), now);
  ASSERT_TRUE(principal.ok()) << principal.status();
  EXPECT_TRUE(principal->service_account);

  ExpectRefused(verifier, mint("--role clerk --expired"), "token expired", now);
  ExpectRefused(verifier, mint("--role clerk --not-before-future"), "token not yet valid", now);
  ExpectRefused(verifier, mint("--role clerk --audience wrong"), "wrong audience", now);
  ExpectRefused(verifier, mint("--role clerk --issuer elsewhere"), "wrong issuer", now);
}

}  // namespace
}  // namespace fazhi::auth

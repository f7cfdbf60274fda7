// The bearer-token verifier (common/auth/token_verifier.h) every service puts in front of every
// call. The first byte of the input chooses what the rest is:
//   '0' (and anything unlisted)  a bearer token as sent, e.g. one of the corpus's real tokens;
//   '1'  "header JSON\npayload JSON", signed by this target with the verifier's key (ES256);
//   '2'  the same, signed with a key the verifier does not hold;
//   '3'  the same, as HS256 with the verifier's public key as the HMAC secret (the algorithm
//        confusion attack) and as alg "none";
//   '4'  the same as '1', then one character changed at a place the input decides.
//
// Invariants: no token is accepted whose signature does not verify under the verifier's key
// (checked here with OpenSSL directly, not through cpp-jwt); an accepted token's claims are the
// ones the policy demands (iss, aud, exp with the skew, sub as the principal's subject, the unit
// id); a changed token is accepted only if its signed text and signature bytes are unchanged;
// every refusal is UNAUTHENTICATED and its message never contains the token.
//
// The keys below are made for this target only and guard nothing.

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "common/auth/token_verifier.h"
#include "nlohmann/json.hpp"
#include "tests/fuzz/fuzz_check.h"

namespace {

constexpr char kVerifierKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga3iSCjzUC/dU57BS
cHVN/xMDPD3COnjVV5vGEzdiPU2hRANCAATtJ6QOgOAgDVOo8q2gp+0RyR1H+I2q
dV3nAy3VDkrcms6IKXoZX8ZIzwrZ3AF9Wy7qHrl7skFwawzFnminpLOh
-----END PRIVATE KEY-----
)";
constexpr char kStrangerKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOsvlmBng/6SKVuur
p3Z2FpIdZ/LZ9XPRpkD4dLinBxihRANCAATsNTyOJLQDqwJRxJtGOUSoqLt1lTaK
NgjvK8ZpsnCh8LqoZ3XVkGJ2HCNc5h1FWhPOdmJBCEqEJtAqtpiZqw4q
-----END PRIVATE KEY-----
)";
constexpr char kIssuer[] = "https://auth.fuzz.example";
constexpr char kAudience[] = "fazhi";
// 2026-01-01T00:00:00Z: the corpus's tokens are valid around it.
const absl::Time kNow = absl::FromUnixSeconds(1767225600);

using Json = nlohmann::json;

struct Keys {
  EVP_PKEY* verifier = nullptr;
  EVP_PKEY* stranger = nullptr;
  std::string public_pem;
  std::unique_ptr<fazhi::auth::TokenVerifier> token_verifier;
};

EVP_PKEY* ReadPrivate(const char* pem) {
  BIO* bio = BIO_new_mem_buf(pem, -1);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  FUZZ_CHECK(key != nullptr, "the target's keys load");
  return key;
}

const Keys& TheKeys() {
  static const Keys* keys = [] {
    auto* k = new Keys;
    k->verifier = ReadPrivate(kVerifierKey);
    k->stranger = ReadPrivate(kStrangerKey);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, k->verifier);
    char* bytes = nullptr;
    long n = BIO_get_mem_data(bio, &bytes);
    k->public_pem.assign(bytes, n);
    BIO_free(bio);
    std::string path = absl::StrCat("/tmp/fazhi-fuzz-jwt-", getpid(), ".pem");
    std::ofstream(path) << k->public_pem;
    fazhi::auth::TokenVerifierOptions options;
    options.issuer = kIssuer;
    options.audience = kAudience;
    options.public_key_files = {path};
    options.reload_interval = absl::Hours(24 * 365);
    absl::StatusOr<std::unique_ptr<fazhi::auth::TokenVerifier>> v =
        fazhi::auth::TokenVerifier::Create(options);
    FUZZ_CHECK(v.ok(), "the verifier starts");
    k->token_verifier = *std::move(v);
    std::remove(path.c_str());
    return k;
  }();
  return *keys;
}

std::string B64(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

// ES256 as JWS writes it: r and s, 32 bytes each.
std::string SignEs256(EVP_PKEY* key, absl::string_view input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                 input.size());
  std::vector<unsigned char> der(length);
  FUZZ_CHECK(
      EVP_DigestSign(ctx, der.data(), &length, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) == 1,
      "signing works");
  EVP_MD_CTX_free(ctx);
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length));
  unsigned char raw[64];
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw, 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw + 32, 32);
  ECDSA_SIG_free(sig);
  return std::string(reinterpret_cast<char*>(raw), 64);
}

// Whether signature (r || s) verifies over input under key: OpenSSL alone, as the reference.
bool VerifiesEs256(EVP_PKEY* key, absl::string_view input, absl::string_view signature) {
  if (signature.size() != 64) return false;
  const auto* raw = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(raw, 32, nullptr), BN_bin2bn(raw + 32, 32, nullptr));
  unsigned char* der = nullptr;
  int der_length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  int ok = EVP_DigestVerify(ctx, der, der_length,
                            reinterpret_cast<const unsigned char*>(input.data()), input.size());
  EVP_MD_CTX_free(ctx);
  OPENSSL_free(der);
  return ok == 1;
}

// The token's parts as the verifier reads them (after "Bearer " and spaces).
struct Parts {
  std::string signing_input;
  std::string payload;    // decoded
  std::string signature;  // decoded
  bool ok = false;
};

Parts Split(absl::string_view bearer) {
  absl::string_view token = absl::StripAsciiWhitespace(bearer);
  if (absl::StartsWithIgnoreCase(token, "bearer ")) {
    token = absl::StripLeadingAsciiWhitespace(token.substr(7));
  }
  Parts parts;
  std::vector<absl::string_view> p = absl::StrSplit(token, '.');
  if (p.size() != 3) return parts;
  parts.signing_input = absl::StrCat(p[0], ".", p[1]);
  parts.ok = absl::WebSafeBase64Unescape(p[1], &parts.payload) &&
             absl::WebSafeBase64Unescape(p[2], &parts.signature);
  return parts;
}

// What must hold of every token the verifier accepts.
void CheckAccepted(absl::string_view token, const fazhi::auth::Principal& principal) {
  Parts parts = Split(token);
  FUZZ_CHECK(parts.ok, "an accepted token has three base64url parts");
  FUZZ_CHECK(VerifiesEs256(TheKeys().verifier, parts.signing_input, parts.signature),
             "an accepted token is signed by the verifier's key");
  Json claims = Json::parse(parts.payload, nullptr, false);
  FUZZ_CHECK(claims.is_object(), "an accepted token's claims are a JSON object");
  FUZZ_CHECK(claims.value("iss", Json()) == Json(kIssuer), "the issuer is checked");
  const Json& aud = claims["aud"];
  bool audience =
      aud == Json(kAudience) ||
      (aud.is_array() && std::find(aud.begin(), aud.end(), Json(kAudience)) != aud.end());
  FUZZ_CHECK(audience, "the audience is checked");
  FUZZ_CHECK(claims["exp"].is_number() &&
                 claims["exp"].get<double>() + 60 > static_cast<double>(absl::ToUnixSeconds(kNow)),
             "an expired token is refused");
  FUZZ_CHECK(claims["sub"].is_string() && claims["sub"].get<std::string>() == principal.subject &&
                 !principal.subject.empty(),
             "the subject is the token's sub");
  if (!principal.department_id.empty()) {
    FUZZ_CHECK(claims["department"] == Json(principal.department_id), "the unit is the token's");
  }
}

// Whether the refusal of `token` quotes the `length` bytes at `at`. The fuzzer builds tokens out
// of the verifier's own fixed messages (it sees their bytes in comparisons), so the bytes being in
// the message proves nothing by itself. Changing one of them tells the two apart: a fixed message
// does not follow the change, a quote does.
bool QuotesTokenBytes(absl::string_view token, const absl::Status& s, size_t at, size_t length) {
  if (!absl::StrContains(s.message(), token.substr(at, length))) return false;
  std::string changed(token);
  char& c = changed[at + length / 2];
  c = c == 'Q' ? 'R' : 'Q';
  absl::StatusOr<fazhi::auth::Principal> again = TheKeys().token_verifier->Verify(changed, kNow);
  return !again.ok() && absl::StrContains(again.status().message(), changed.substr(at, length));
}

void CheckRefused(absl::string_view token, const absl::Status& s) {
  FUZZ_CHECK(s.code() == absl::StatusCode::kUnauthenticated, "refusals are UNAUTHENTICATED");
  absl::string_view t = absl::StripAsciiWhitespace(token);
  const size_t start = static_cast<size_t>(t.data() - token.data());
  if (t.size() >= 12) {
    FUZZ_CHECK(!QuotesTokenBytes(token, s, start, t.size()), "a refusal never quotes the token");
  }
  for (absl::string_view part : absl::StrSplit(t, '.')) {
    if (part.size() >= 12) {
      FUZZ_CHECK(
          !QuotesTokenBytes(token, s, static_cast<size_t>(part.data() - token.data()), part.size()),
          "a refusal never quotes a token part");
    }
  }
}

absl::StatusOr<fazhi::auth::Principal> Verify(absl::string_view token) {
  absl::StatusOr<fazhi::auth::Principal> p = TheKeys().token_verifier->Verify(token, kNow);
  if (p.ok()) {
    CheckAccepted(token, *p);
  } else {
    CheckRefused(token, p.status());
  }
  return p;
}

std::string Signed(EVP_PKEY* key, absl::string_view header, absl::string_view payload) {
  std::string input = absl::StrCat(B64(header), ".", B64(payload));
  return absl::StrCat(input, ".", B64(SignEs256(key, input)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Keys& keys = TheKeys();
  char mode = static_cast<char>(data[0]);
  absl::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::pair<absl::string_view, absl::string_view> jws =
      absl::StrSplit(rest, absl::MaxSplits('\n', 1));
  const absl::string_view header = jws.first;
  const absl::string_view payload = jws.second;

  switch (mode) {
    case '1':
      (void)Verify(Signed(keys.verifier, header, payload));
      break;
    case '2': {
      std::string token = Signed(keys.stranger, header, payload);
      FUZZ_CHECK(!Verify(token).ok(), "a stranger's signature is refused");
      break;
    }
    case '3': {
      std::string input = absl::StrCat(B64(header), ".", B64(payload));
      unsigned char mac[EVP_MAX_MD_SIZE];
      unsigned int mac_length = 0;
      HMAC(EVP_sha256(), keys.public_pem.data(), static_cast<int>(keys.public_pem.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_length);
      std::string hs = absl::StrCat(
          input, ".", B64(absl::string_view(reinterpret_cast<char*>(mac), mac_length)));
      FUZZ_CHECK(!Verify(hs).ok(), "HMAC over the public key is refused");
      FUZZ_CHECK(!Verify(absl::StrCat(input, ".")).ok(), "an unsigned token is refused");
      break;
    }
    case '4': {
      std::string original = Signed(keys.verifier, header, payload);
      std::string token = original;
      static constexpr char kAlphabet[] =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.= ";
      size_t at = (size * 7919 + data[size - 1]) % token.size();
      token[at] = kAlphabet[(data[size / 2] + size) % (sizeof(kAlphabet) - 1)];
      if (Verify(token).ok() && token != original) {
        Parts a = Split(original);
        Parts b = Split(token);
        FUZZ_CHECK(a.signing_input == b.signing_input && a.signature == b.signature,
                   "a changed token is accepted only if its signed bytes are unchanged");
      }
      break;
    }
    default:
      (void)Verify(rest);
      break;
  }
  return 0;
}

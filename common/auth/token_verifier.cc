#include "common/auth/token_verifier.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sys/stat.h>

#include <cmath>
#include <exception>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log/log.h"
#include "common/validation/text.h"
#include "jwt/algorithm.hpp"

namespace fazhi::auth {
namespace internal {

enum class KeyType { kRsa, kEcP256 };

struct FileStamp {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  long long mtime_ns = 0;

  bool operator==(const FileStamp& o) const {
    return exists == o.exists && device == o.device && inode == o.inode && size == o.size &&
           mtime_ns == o.mtime_ns;
  }
};

struct Key {
  // From the JWKS; empty for PEM keys (and JWKS keys without one).
  std::string kid;
  KeyType type;
  std::string pem;
};

struct KeySet {
  std::vector<Key> keys;
};

struct DecodedClaims;

struct VerifiedToken {
  // The key set its signature was checked against: a reload makes it unknown again.
  std::shared_ptr<const KeySet> keys;
  std::shared_ptr<const DecodedClaims> claims;
};

}  // namespace internal

namespace {

using internal::FileStamp;
using internal::Key;
using internal::KeySet;
using internal::KeyType;
using internal::VerifiedToken;
using Json = nlohmann::json;

// Far beyond any token fazhi issues; bounds the work an unauthenticated caller can cause.
constexpr size_t kMaxTokenBytes = 16 * 1024;
// Key files are small; anything larger is a wrong path.
constexpr std::streamsize kMaxKeyFileBytes = 1 << 20;
// Claims beyond the year 9999 are nonsense, and keep absl::Time arithmetic finite.
constexpr double kMaxUnixSeconds = 253402300799.0;

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
struct BnFree {
  void operator()(BIGNUM* p) const { BN_free(p); }
};
struct ParamBldFree {
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
};
struct ParamFree {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using BnPtr = std::unique_ptr<BIGNUM, BnFree>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldFree>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamFree>;

absl::Status Unauthenticated(absl::string_view reason) {
  return absl::UnauthenticatedError(reason);
}

absl::Status Malformed(absl::string_view what) {
  return absl::UnauthenticatedError(absl::StrCat("malformed token: ", what));
}

// --- Keys -----------------------------------------------------------------------------------

// The two key types the two allowed algorithms need; anything else is refused when loaded.
absl::StatusOr<KeyType> Classify(EVP_PKEY* pkey) {
  if (EVP_PKEY_is_a(pkey, "RSA")) {
    int bits = EVP_PKEY_get_bits(pkey);
    if (bits < 2048) {
      return absl::InvalidArgumentError(
          absl::StrCat("RSA key of ", bits, " bits (at least 2048 needed)"));
    }
    return KeyType::kRsa;
  }
  if (EVP_PKEY_is_a(pkey, "EC")) {
    char group[80] = {0};
    size_t length = 0;
    if (EVP_PKEY_get_group_name(pkey, group, sizeof(group), &length) != 1 ||
        (absl::string_view(group) != "prime256v1" && absl::string_view(group) != "P-256")) {
      return absl::InvalidArgumentError("EC key not on the P-256 curve (ES256 needs P-256)");
    }
    return KeyType::kEcP256;
  }
  return absl::InvalidArgumentError("unsupported key type (RSA or EC P-256 needed)");
}

// cpp-jwt takes public keys as SubjectPublicKeyInfo PEM text.
absl::StatusOr<std::string> ToPem(EVP_PKEY* pkey) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) {
    return absl::InternalError("cannot write a public key as PEM");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(length));
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("cannot read '", path, "'"));
  std::string text(static_cast<size_t>(kMaxKeyFileBytes) + 1, '\0');
  in.read(text.data(), kMaxKeyFileBytes + 1);
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat("cannot read '", path, "'"));
  text.resize(static_cast<size_t>(in.gcount()));
  if (text.size() > static_cast<size_t>(kMaxKeyFileBytes)) {
    return absl::InvalidArgumentError(absl::StrCat("'", path, "' is too large for a key file"));
  }
  return text;
}

// A public key from its parameters (a JWK's n/e or curve point), checked by OpenSSL.
absl::StatusOr<PkeyPtr> PublicKeyFromParams(const char* type, const OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
          1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("not a valid public key");
  }
  PkeyPtr pkey(raw);
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError("not a valid public key");
  }
  return pkey;
}

std::optional<std::string> StringMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// A base64url member of a JWK, decoded.
absl::StatusOr<std::string> BytesMember(const Json& jwk, const char* name) {
  std::optional<std::string> text = StringMember(jwk, name);
  std::string bytes;
  if (!text || text->empty() || !absl::WebSafeBase64Unescape(*text, &bytes)) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not base64url"));
  }
  return bytes;
}

absl::StatusOr<PkeyPtr> RsaFromJwk(const Json& jwk) {
  absl::StatusOr<std::string> n = BytesMember(jwk, "n");
  if (!n.ok()) return n.status();
  absl::StatusOr<std::string> e = BytesMember(jwk, "e");
  if (!e.ok()) return e.status();
  BnPtr n_bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(n->data()),
                       static_cast<int>(n->size()), nullptr));
  BnPtr e_bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(e->data()),
                       static_cast<int>(e->size()), nullptr));
  ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!n_bn || !e_bn || !builder ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1) {
    return absl::InternalError("cannot build an RSA key");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return absl::InternalError("cannot build an RSA key");
  return PublicKeyFromParams("RSA", params.get());
}

absl::StatusOr<PkeyPtr> EcFromJwk(const Json& jwk) {
  absl::StatusOr<std::string> x = BytesMember(jwk, "x");
  if (!x.ok()) return x.status();
  absl::StatusOr<std::string> y = BytesMember(jwk, "y");
  if (!y.ok()) return y.status();
  // RFC 7518 6.2.1.2: the coordinates are the full 32 bytes for P-256.
  if (x->size() != 32 || y->size() != 32) {
    return absl::InvalidArgumentError("\"x\" and \"y\" must be 32 bytes each for P-256");
  }
  std::string point = absl::StrCat("\x04", *x, *y);  // uncompressed point (SEC 1)
  ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    return absl::InternalError("cannot build an EC key");
  }
  ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  if (!params) return absl::InternalError("cannot build an EC key");
  return PublicKeyFromParams("EC", params.get());
}

// Adds the key to `keys` after checking it is one the allowed algorithms can use.
absl::Status AddKey(EVP_PKEY* pkey, std::string kid, std::vector<Key>* keys) {
  absl::StatusOr<KeyType> type = Classify(pkey);
  if (!type.ok()) return type.status();
  absl::StatusOr<std::string> pem = ToPem(pkey);
  if (!pem.ok()) return pem.status();
  keys->push_back(Key{std::move(kid), *type, *std::move(pem)});
  return absl::OkStatus();
}

absl::Status LoadPemFile(const std::string& path, std::vector<Key>* keys) {
  absl::StatusOr<std::string> text = ReadKeyFile(path);
  if (!text.ok()) return text.status();
  BioPtr bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  if (!bio) return absl::InternalError("cannot allocate a BIO");
  size_t expected = 0;
  for (size_t at = text->find("-----BEGIN PUBLIC KEY-----"); at != std::string::npos;
       at = text->find("-----BEGIN PUBLIC KEY-----", at + 1)) {
    ++expected;
  }
  size_t loaded = 0;
  while (EVP_PKEY* raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr)) {
    PkeyPtr pkey(raw);
    absl::Status added = AddKey(pkey.get(), "", keys);
    if (!added.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("'", path, "' key ", loaded + 1, ": ", added.message()));
    }
    ++loaded;
  }
  ERR_clear_error();  // the loop ends on "no start line"
  if (loaded == 0 || loaded != expected) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' must hold PEM public keys (-----BEGIN PUBLIC KEY-----), ",
                     loaded == 0 ? "found none" : "and one of them cannot be read"));
  }
  return absl::OkStatus();
}

absl::Status LoadJwksFile(const std::string& path, std::vector<Key>* keys) {
  absl::StatusOr<std::string> text = ReadKeyFile(path);
  if (!text.ok()) return text.status();
  Json doc = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("keys") || !doc["keys"].is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' is not a JWKS (a JSON object with a \"keys\" array)"));
  }
  std::set<std::string> kids;
  int index = 0;
  for (const Json& jwk : doc["keys"]) {
    ++index;
    std::string where = absl::StrCat("'", path, "' key ", index);
    if (!jwk.is_object()) return absl::InvalidArgumentError(where + " is not a JSON object");
    std::string kty = StringMember(jwk, "kty").value_or("");
    std::string kid = StringMember(jwk, "kid").value_or("");
    if (!kid.empty()) absl::StrAppend(&where, " (kid \"", log::JsonEscape(kid), "\")");
    std::optional<std::string> use = StringMember(jwk, "use");
    std::optional<std::string> alg = StringMember(jwk, "alg");
    // Keys meant for something else are not errors: an identity provider's JWKS often holds
    // encryption keys and keys for other algorithms beside the ones fazhi verifies with.
    std::string skip;
    absl::StatusOr<PkeyPtr> pkey = absl::InvalidArgumentError("unsupported");
    if (use && *use != "sig") {
      skip = "its use is not \"sig\"";
    } else if (kty == "RSA") {
      if (alg && *alg != "RS256") {
        skip = "its alg is not RS256";
      } else {
        pkey = RsaFromJwk(jwk);
      }
    } else if (kty == "EC") {
      if (StringMember(jwk, "crv").value_or("") != "P-256") {
        skip = "its curve is not P-256";
      } else if (alg && *alg != "ES256") {
        skip = "its alg is not ES256";
      } else {
        pkey = EcFromJwk(jwk);
      }
    } else {
      skip = "its kty is neither RSA nor EC";
    }
    if (!skip.empty()) {
      log::Info("auth: JWKS key skipped", {{"key", where}, {"reason", skip}});
      continue;
    }
    if (!pkey.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", pkey.status().message()));
    }
    if (!kid.empty() && !kids.insert(kid).second) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": the kid is used twice"));
    }
    absl::Status added = AddKey(pkey->get(), kid, keys);
    if (!added.ok()) return absl::InvalidArgumentError(absl::StrCat(where, ": ", added.message()));
  }
  return absl::OkStatus();
}

std::vector<std::string> KeyFiles(const TokenVerifierOptions& options) {
  std::vector<std::string> files = options.public_key_files;
  if (!options.jwks_file.empty()) files.push_back(options.jwks_file);
  return files;
}

bool IsJwks(const TokenVerifierOptions& options, size_t index) {
  return !options.jwks_file.empty() && index == options.public_key_files.size();
}

// The keys of one key file. A reload tells an emptied file (only whitespace: the operator took
// every key out) from a broken one (the text is there but does not parse): emptied gives no
// keys, broken an error.
absl::StatusOr<std::vector<Key>> LoadKeyFile(const std::string& path, bool jwks,
                                             bool empty_means_none) {
  std::vector<Key> keys;
  if (empty_means_none) {
    absl::StatusOr<std::string> text = ReadKeyFile(path);
    if (!text.ok()) return text.status();
    if (absl::StripAsciiWhitespace(*text).empty()) return keys;
  }
  absl::Status loaded = jwks ? LoadJwksFile(path, &keys) : LoadPemFile(path, &keys);
  if (!loaded.ok()) return loaded;
  return keys;
}

// --- Tokens ---------------------------------------------------------------------------------

bool IsBase64Url(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return text.size() % 4 != 1;
}

// A JSON object from one base64url part of the token; nullopt when it is anything else.
std::optional<Json> DecodeJsonPart(absl::string_view part) {
  std::string bytes;
  if (part.empty() || !IsBase64Url(part) || !absl::WebSafeBase64Unescape(part, &bytes)) {
    return std::nullopt;
  }
  Json value = Json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

// A NumericDate claim (RFC 7519 2): seconds since the epoch, possibly fractional.
absl::StatusOr<std::optional<absl::Time>> TimeClaim(const Json& claims, const char* name) {
  auto it = claims.find(name);
  if (it == claims.end()) return std::optional<absl::Time>();
  if (!it->is_number()) return Malformed(absl::StrCat(name, " is not a number"));
  double seconds = it->get<double>();
  if (!std::isfinite(seconds) || seconds < 0 || seconds > kMaxUnixSeconds) {
    return Malformed(absl::StrCat(name, " is out of range"));
  }
  if (it->is_number_integer()) {
    return std::optional<absl::Time>(absl::FromUnixSeconds(it->get<int64_t>()));
  }
  return std::optional<absl::Time>(absl::UnixEpoch() + absl::Seconds(seconds));
}

absl::Status CheckAudience(const Json& claims, const std::string& audience) {
  auto it = claims.find("aud");
  if (it == claims.end()) return Unauthenticated("wrong audience");
  if (it->is_string()) {
    return it->get_ref<const std::string&>() == audience ? absl::OkStatus()
                                                         : Unauthenticated("wrong audience");
  }
  if (!it->is_array()) return Malformed("aud is neither a string nor an array");
  bool found = false;
  for (const Json& entry : *it) {
    if (!entry.is_string()) return Malformed("aud holds a value that is not a string");
    if (entry.get_ref<const std::string&>() == audience) found = true;
  }
  return found ? absl::OkStatus() : Unauthenticated("wrong audience");
}

absl::StatusOr<Principal> PrincipalFromClaims(const Json& claims) {
  Principal principal;
  std::optional<std::string> sub = StringMember(claims, "sub");
  if (!sub) return Malformed("sub missing");
  if (!validation::CheckText(*sub, "sub", 1, 256).ok()) return Malformed("sub is not valid text");
  principal.subject = *std::move(sub);

  if (auto roles = claims.find("roles"); roles != claims.end() && !roles->is_null()) {
    if (!roles->is_array()) return Malformed("roles is not an array");
    for (const Json& name : *roles) {
      Role role;
      if (!name.is_string() || !ParseRole(name.get_ref<const std::string&>(), &role)) {
        // Refused rather than ignored, so a misspelt role shows at once instead of as a
        // mysterious PERMISSION_DENIED later.
        return Malformed("unknown role");
      }
      principal.roles.insert(role);
    }
  }

  if (auto department = claims.find("department");
      department != claims.end() && !department->is_null()) {
    if (!department->is_string() ||
        !validation::CheckId(department->get_ref<const std::string&>(), "department").ok()) {
      return Malformed("department is not a unit id");
    }
    principal.department_id = department->get<std::string>();
  }

  bool service_account = false;
  if (auto flag = claims.find("service_account"); flag != claims.end() && !flag->is_null()) {
    if (!flag->is_boolean()) return Malformed("service_account is not a boolean");
    service_account = flag->get<bool>();
  }
  principal.service_account = service_account || principal.HasRole(Role::kService);
  if (principal.service_account) principal.roles.insert(Role::kService);
  return principal;
}

}  // namespace

absl::Status CheckLifetime(absl::Time exp, std::optional<absl::Time> iat,
                           std::optional<absl::Time> nbf, bool service_account,
                           const TokenVerifierOptions& options, absl::Time now) {
  absl::Duration limit = service_account ? options.max_service_lifetime : options.max_lifetime;
  const char* whose = service_account ? "a service account's" : "a user's";
  if (iat.has_value() || nbf.has_value()) {
    absl::Time start = iat.has_value() ? *iat : *nbf;
    absl::Duration lifetime = exp - start;
    if (lifetime > limit) {
      return Unauthenticated(
          absl::StrCat("token lifetime too long: it lives ", absl::ToInt64Seconds(lifetime),
                       " s (exp - ", iat.has_value() ? "iat" : "nbf", "), more than the ",
                       absl::ToInt64Seconds(limit), " s allowed for ", whose, " token"));
    }
    return absl::OkStatus();
  }
  // Nothing says when it was issued: what is left of it must fit the limit (with the skew, as
  // the clocks may differ).
  absl::Duration left = exp - now;
  if (left > limit + options.clock_skew) {
    return Unauthenticated(
        absl::StrCat("token lifetime too long: it has no iat or nbf and is valid for ",
                     absl::ToInt64Seconds(left), " s more, more than the ",
                     absl::ToInt64Seconds(limit), " s allowed for ", whose, " token"));
  }
  return absl::OkStatus();
}

namespace internal {

// What the claims say, read once per token: the checks that depend on the time are made again on
// every call (JudgeClaims), the rest are kept with their verdicts.
struct DecodedClaims {
  // Each time claim as read: an error when it is present but not a number in range.
  absl::StatusOr<std::optional<absl::Time>> exp = std::optional<absl::Time>();
  absl::StatusOr<std::optional<absl::Time>> iat = std::optional<absl::Time>();
  absl::StatusOr<std::optional<absl::Time>> nbf = std::optional<absl::Time>();
  // iss, then aud, then the principal the claims name: the first that fails, or the principal.
  absl::StatusOr<Principal> principal;
};

}  // namespace internal

namespace {

using internal::DecodedClaims;

DecodedClaims DecodeClaims(const Json& claims, const TokenVerifierOptions& options) {
  DecodedClaims decoded;
  try {
    decoded.exp = TimeClaim(claims, "exp");
    decoded.iat = TimeClaim(claims, "iat");
    decoded.nbf = TimeClaim(claims, "nbf");
    if (StringMember(claims, "iss").value_or("") != options.issuer) {
      decoded.principal = Unauthenticated("wrong issuer");
    } else if (absl::Status audience = CheckAudience(claims, options.audience); !audience.ok()) {
      decoded.principal = audience;
    } else {
      decoded.principal = PrincipalFromClaims(claims);
    }
  } catch (const std::exception&) {
    // Every claim's type is checked before it is read; this is a last guard, not a path.
    decoded.exp = Malformed("claims of unexpected types");
  }
  return decoded;
}

// exp, iat and nbf against `now` with the skew, then iss and aud, then the principal, then the
// token's lifetime for that principal.
absl::StatusOr<Principal> JudgeClaims(const DecodedClaims& claims,
                                      const TokenVerifierOptions& options, absl::Time now) {
  absl::Duration skew = options.clock_skew;
  if (!claims.exp.ok()) return claims.exp.status();
  if (!claims.exp->has_value()) return Malformed("exp missing");
  absl::Time exp = **claims.exp;
  if (now >= exp + skew) return Unauthenticated("token expired");
  for (const absl::StatusOr<std::optional<absl::Time>>* start : {&claims.iat, &claims.nbf}) {
    if (!start->ok()) return start->status();
    if ((*start)->has_value() && now < ***start - skew) {
      return Unauthenticated("token not yet valid");
    }
  }
  if (!claims.principal.ok()) return claims.principal.status();
  if (absl::Status lifetime = CheckLifetime(exp, *claims.iat, *claims.nbf,
                                            claims.principal->service_account, options, now);
      !lifetime.ok()) {
    return lifetime;
  }
  return claims.principal;
}

// cpp-jwt does the signature mathematics; it also refuses a key whose type is not the
// algorithm's, though candidates of the wrong type never reach it.
bool SignatureMatches(const Key& key, absl::string_view signing_input,
                      absl::string_view signature) {
  jwt::string_view input(signing_input.data(), signing_input.size());
  jwt::string_view sig(signature.data(), signature.size());
  switch (key.type) {
    case KeyType::kRsa:
      return jwt::PEMSign<jwt::algo::RS256>::verify(key.pem, input, sig).first;
    case KeyType::kEcP256:
      return jwt::PEMSign<jwt::algo::ES256>::verify(key.pem, input, sig).first;
  }
  return false;
}

FileStamp Stamp(const std::string& path) {
  FileStamp stamp;
  struct stat info;
  // stat follows symbolic links, so the atomic ..data link swap of a Kubernetes volume shows.
  if (stat(path.c_str(), &info) != 0) return stamp;
  stamp.exists = true;
  stamp.device = info.st_dev;
  stamp.inode = info.st_ino;
  stamp.size = info.st_size;
  stamp.mtime_ns =
      static_cast<long long>(info.st_mtim.tv_sec) * 1000000000LL + info.st_mtim.tv_nsec;
  return stamp;
}

std::vector<FileStamp> StampAll(const TokenVerifierOptions& options) {
  std::vector<FileStamp> stamps;
  for (const std::string& path : KeyFiles(options)) stamps.push_back(Stamp(path));
  return stamps;
}

std::shared_ptr<const KeySet> Flatten(const std::vector<std::shared_ptr<const KeySet>>& per_file) {
  auto keys = std::make_shared<KeySet>();
  for (const std::shared_ptr<const KeySet>& file : per_file) {
    keys->keys.insert(keys->keys.end(), file->keys.begin(), file->keys.end());
  }
  return keys;
}

// How often a key file that stays broken is named again in the log.
constexpr absl::Duration kBrokenFileLogInterval = absl::Minutes(1);

}  // namespace

absl::StatusOr<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(TokenVerifierOptions options) {
  if (options.issuer.empty()) return absl::InvalidArgumentError("the token issuer must be set");
  if (options.audience.empty()) {
    return absl::InvalidArgumentError("the token audience must be set");
  }
  if (options.clock_skew < absl::ZeroDuration() || options.clock_skew > absl::Minutes(10)) {
    return absl::InvalidArgumentError("the clock skew must be between 0 and 10 minutes");
  }
  if (options.reload_interval < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the key reload interval must not be negative");
  }
  if (options.max_lifetime <= absl::ZeroDuration() ||
      options.max_service_lifetime <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the maximum token lifetimes must be positive");
  }
  if (KeyFiles(options).empty()) {
    return absl::InvalidArgumentError("a public key file or a JWKS file is needed");
  }
  // At start-up every file must hold keys: a wrong path or an empty Secret is a deployment
  // mistake to stop at, not to serve with.
  std::vector<FileStamp> stamps = StampAll(options);
  std::vector<std::shared_ptr<const KeySet>> per_file;
  std::vector<std::string> files = KeyFiles(options);
  for (size_t i = 0; i < files.size(); ++i) {
    absl::StatusOr<std::vector<Key>> keys =
        LoadKeyFile(files[i], IsJwks(options, i), /*empty_means_none=*/false);
    if (!keys.ok()) return keys.status();
    per_file.push_back(std::make_shared<const KeySet>(KeySet{*std::move(keys)}));
  }
  std::shared_ptr<const KeySet> keys = Flatten(per_file);
  if (keys->keys.empty()) {
    return absl::InvalidArgumentError("no RS256 or ES256 verification key in the key files");
  }
  std::unique_ptr<TokenVerifier> verifier(new TokenVerifier(std::move(options)));
  absl::MutexLock lock(&verifier->mu_);
  verifier->keys_ = std::move(keys);
  verifier->per_file_ = std::move(per_file);
  verifier->broken_.assign(verifier->per_file_.size(), false);
  verifier->stamps_ = std::move(stamps);
  verifier->last_check_ = absl::Now();
  return verifier;
}

TokenVerifier::TokenVerifier(TokenVerifierOptions options) : options_(std::move(options)) {}

TokenVerifier::~TokenVerifier() = default;

// What a change to a key file does (the operator's view, also in the README):
// - a key taken out of a file, or a file emptied (only whitespace, or a JWKS whose "keys" is
//   empty), or a file removed: those keys stop verifying at the next check, within
//   reload_interval. Removing keys is how a compromised key is withdrawn, so it must work even
//   when it leaves no key at all: then every token is refused (and an error says so) until keys
//   come back. No old key is kept "just in case".
// - a file that is there but cannot be read or parsed (half-written, a typo in the JSON, a
//   truncated PEM block): the keys last loaded from that file stay in use and an error naming
//   the file is logged every minute until it is fixed. A broken edit must not lock every caller
//   out; withdrawing a key means publishing a file without it, which is always possible.
std::shared_ptr<const KeySet> TokenVerifier::CurrentKeys() const {
  absl::MutexLock lock(&mu_);
  // The real clock, not the time a token is judged against: rotation happens now.
  absl::Time now = absl::Now();
  if (now - last_check_ < options_.reload_interval) return keys_;
  last_check_ = now;
  std::vector<FileStamp> stamps = StampAll(options_);
  std::vector<std::string> files = KeyFiles(options_);
  bool changed = false;
  for (size_t i = 0; i < files.size(); ++i) {
    if (stamps[i] == stamps_[i]) continue;
    // Stamped before reading: a file that changes while it is read is read again next time.
    stamps_[i] = stamps[i];
    changed = true;
    if (!stamps[i].exists) {
      per_file_[i] = std::make_shared<const KeySet>();
      broken_[i] = false;
      log::Error("auth: a key file is gone; the keys it held no longer verify tokens",
                 {{"file", files[i]}});
      continue;
    }
    absl::StatusOr<std::vector<Key>> keys =
        LoadKeyFile(files[i], IsJwks(options_, i), /*empty_means_none=*/true);
    if (!keys.ok()) {
      broken_[i] = true;
      last_broken_log_ = now;
      log::Error(
          "auth: a key file changed but cannot be loaded; the keys last loaded from it stay in "
          "use until it is fixed",
          {{"file", files[i]}, {"error", keys.status().message()}});
      continue;
    }
    broken_[i] = false;
    if (keys->empty()) {
      log::Warning("auth: a key file holds no keys now; the keys it held no longer verify tokens",
                   {{"file", files[i]}});
    }
    per_file_[i] = std::make_shared<const KeySet>(KeySet{*std::move(keys)});
  }
  if (!changed) {
    for (size_t i = 0; i < files.size(); ++i) {
      if (broken_[i] && now - last_broken_log_ >= kBrokenFileLogInterval) {
        last_broken_log_ = now;
        log::Error(
            "auth: a key file still cannot be loaded; the keys last loaded from it stay in "
            "use until it is fixed",
            {{"file", files[i]}});
      }
    }
    return keys_;
  }
  keys_ = Flatten(per_file_);
  if (keys_->keys.empty()) {
    log::Error("auth: no verification keys left in the key files; every token is refused");
  } else {
    log::Info("auth: verification keys reloaded", {{"keys", absl::StrCat(keys_->keys.size())}});
  }
  return keys_;
}

std::shared_ptr<const VerifiedToken> TokenVerifier::KnownGood(
    absl::string_view token, const std::shared_ptr<const KeySet>& keys) const {
  absl::ReaderMutexLock lock(&good_mu_);
  auto it = good_.find(token);
  if (it == good_.end() || it->second->keys != keys) return nullptr;
  return it->second;
}

void TokenVerifier::RememberGood(absl::string_view token,
                                 std::shared_ptr<const VerifiedToken> verified) const {
  // A few thousand callers' tokens at a time; a flood of distinct tokens only costs a reset.
  constexpr size_t kMaxRemembered = 4096;
  absl::MutexLock lock(&good_mu_);
  if (good_.size() >= kMaxRemembered) good_.clear();
  good_[std::string(token)] = std::move(verified);
}

int TokenVerifier::key_count() const { return static_cast<int>(CurrentKeys()->keys.size()); }

absl::StatusOr<Principal> TokenVerifier::Verify(absl::string_view bearer_token,
                                                absl::Time now) const {
  absl::string_view token = absl::StripAsciiWhitespace(bearer_token);
  if (absl::StartsWithIgnoreCase(token, "bearer ")) {
    token = absl::StripLeadingAsciiWhitespace(token.substr(7));
  }
  if (token.empty()) return Malformed("empty");
  if (token.size() > kMaxTokenBytes) return Malformed("too long");
  std::shared_ptr<const KeySet> keys = CurrentKeys();
  if (std::shared_ptr<const VerifiedToken> known = KnownGood(token, keys)) {
    return JudgeClaims(*known->claims, options_, now);
  }
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3) return Malformed("not three dot-separated parts (a signed JWT)");

  std::optional<Json> header = DecodeJsonPart(parts[0]);
  if (!header) return Malformed("header is not base64url JSON");
  // The algorithm decides the key type before any key is touched: "none", HS256 signed with a
  // public key as its secret and RS256 over an EC key all end here or at the type check below.
  std::string alg = StringMember(*header, "alg").value_or("");
  KeyType type;
  if (alg == "RS256") {
    type = KeyType::kRsa;
  } else if (alg == "ES256") {
    type = KeyType::kEcP256;
  } else {
    return Unauthenticated("token algorithm not allowed (RS256 or ES256 only)");
  }
  if (header->contains("crit")) return Malformed("critical header parameters are not supported");
  auto kid_it = header->find("kid");
  if (kid_it != header->end() && !kid_it->is_string()) return Malformed("kid is not a string");
  std::string kid = kid_it != header->end() ? kid_it->get<std::string>() : "";
  if (parts[2].empty() || !IsBase64Url(parts[2])) return Malformed("signature is not base64url");

  std::vector<const Key*> candidates;
  const Key* named = nullptr;
  if (!kid.empty()) {
    for (const Key& key : keys->keys) {
      if (key.kid == kid) named = &key;
    }
  }
  if (named != nullptr) {
    if (named->type != type) return Unauthenticated("token algorithm does not match its key");
    candidates.push_back(named);
  } else {
    // PEM keys have no kid, so a token naming one may still be signed by one of them.
    for (const Key& key : keys->keys) {
      if (key.type == type && (kid.empty() || key.kid.empty())) candidates.push_back(&key);
    }
    if (candidates.empty()) {
      return Unauthenticated(kid.empty() ? "no key for the token algorithm" : "unknown key id");
    }
  }

  absl::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  bool signed_by_key = false;
  try {
    for (const Key* key : candidates) {
      if (SignatureMatches(*key, signing_input, parts[2])) {
        signed_by_key = true;
        break;
      }
    }
  } catch (const std::exception&) {
    // cpp-jwt throws only when OpenSSL cannot allocate.
    ERR_clear_error();
    return absl::InternalError("cannot check the token signature");
  }
  ERR_clear_error();
  if (!signed_by_key) return Unauthenticated("bad signature");

  std::optional<Json> claims = DecodeJsonPart(parts[1]);
  if (!claims) return Malformed("payload is not base64url JSON");
  // Remembered even when its claims refuse it now: a token not yet valid becomes valid later,
  // and an expired one is refused by its times on every call.
  auto verified = std::make_shared<VerifiedToken>(
      VerifiedToken{keys, std::make_shared<const DecodedClaims>(DecodeClaims(*claims, options_))});
  RememberGood(token, verified);
  return JudgeClaims(*verified->claims, options_, now);
}

}  // namespace fazhi::auth

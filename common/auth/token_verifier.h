#ifndef FAZHI_COMMON_AUTH_TOKEN_VERIFIER_H_
#define FAZHI_COMMON_AUTH_TOKEN_VERIFIER_H_

// Verifies the bearer JWTs callers present and turns them into a Principal.
//
// Only RS256 and ES256 are accepted, each only with a key of its own type (an RSA key of at least
// 2048 bits, an EC key on P-256), so "none", HMAC and algorithm-confusion tokens are refused
// before any key is used. The signature is checked by cpp-jwt (libcpp-jwt-dev) on OpenSSL; the
// claims are checked here against the caller's clock, since cpp-jwt reads the system clock,
// takes `aud` only as a string and compares times in unsigned arithmetic.
//
// Claims: iss (the configured issuer), aud (the configured audience, or an array holding it),
// exp (required) and nbf (optional) with the allowed clock skew, iat (optional, not in the
// future), sub (required), roles (optional array of "admin", "supervisor", "clerk", "publisher",
// "service"), department (optional unit id such as "jiyuan-sthjj"), service_account (optional
// boolean; true, or the role "service", makes a service account).
//
// Lifetime: a token may live at most max_lifetime (a service account's max_service_lifetime),
// measured as exp - iat, or exp - nbf without iat, or, with neither, as what is left of it
// (exp - now). A longer-lived token is refused, so one that leaks is useful for a bounded time.
//
// Keys come from PEM public key files and/or a JWKS file, as Kubernetes mounts Secrets and
// ConfigMaps; the files are re-checked at most every reload_interval and re-read when they
// change, so a rotated key takes effect without a restart, and a key taken out of a file (or a
// file emptied or removed) stops verifying within reload_interval, even when no key is left. A
// file that changes into something that cannot be read or parsed keeps the keys last loaded from
// it and logs an error every minute until it is fixed (see CurrentKeys in the .cc).
//
// Every error is UNAUTHENTICATED with a short reason; no message or log line ever contains the
// token or any part of it.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace fazhi::auth {
namespace internal {
struct KeySet;         // The keys in use, replaced as a whole when the files change.
struct FileStamp;      // What a key file looked like when it was last read.
struct VerifiedToken;  // A token whose signature checked out, with its decoded claims.
}  // namespace internal

struct TokenVerifierOptions {
  // Required: the iss every token must carry, and the audience it must be meant for.
  std::string issuer;
  std::string audience;
  // How far exp, nbf and iat may be off, for clocks that are not quite in step.
  absl::Duration clock_skew = absl::Seconds(60);
  // PEM files of "BEGIN PUBLIC KEY" blocks (one or more per file). These keys have no key id:
  // a token is tried against each one of its algorithm's type.
  std::vector<std::string> public_key_files;
  // A JWKS file ({"keys": [...]}): RSA keys (n, e) and EC P-256 keys (x, y), each usually with
  // a kid. Keys for other uses or algorithms (use other than "sig", alg other than RS256/ES256,
  // kty "oct") are skipped.
  std::string jwks_file;
  // How often Verify looks at the files' modification times.
  absl::Duration reload_interval = absl::Seconds(5);
  // Longest lifetime of a token (see above); a service account's may be longer.
  absl::Duration max_lifetime = absl::Hours(12);
  absl::Duration max_service_lifetime = absl::Hours(24 * 30);
};

// OK, or UNAUTHENTICATED "token lifetime too long: ..." when a token with these claims lives
// longer than options allow for its kind of principal (see above). Never names the token.
absl::Status CheckLifetime(absl::Time exp, std::optional<absl::Time> iat,
                           std::optional<absl::Time> nbf, bool service_account,
                           const TokenVerifierOptions& options, absl::Time now);

class TokenVerifier {
 public:
  // INVALID_ARGUMENT naming the option or file when the options are incomplete, a file cannot
  // be read or parsed, a key is of an unsupported type or size, or no usable key is found.
  static absl::StatusOr<std::unique_ptr<TokenVerifier>> Create(TokenVerifierOptions options);

  ~TokenVerifier();
  TokenVerifier(const TokenVerifier&) = delete;
  TokenVerifier& operator=(const TokenVerifier&) = delete;

  // The principal the token stands for, or UNAUTHENTICATED with the reason: "malformed token:
  // <what>", "token algorithm not allowed ...", "token algorithm does not match its key",
  // "unknown key id", "no key for the token algorithm", "bad signature", "token expired",
  // "token not yet valid", "wrong issuer", "wrong audience", "token lifetime too long". Accepts the
  // token alone or an authorization header value ("Bearer <token>"). `now` is the time the claims
  // are judged against. Thread-safe.
  absl::StatusOr<Principal> Verify(absl::string_view bearer_token, absl::Time now) const;

  // Number of keys in use, for start-up logs and tests.
  int key_count() const;

 private:
  explicit TokenVerifier(TokenVerifierOptions options);
  // Re-reads the key files when the reload interval has passed and one of them has changed.
  std::shared_ptr<const internal::KeySet> CurrentKeys() const;

  // The token as verified before against keys (the same key set, not reloaded since), or null:
  // the public-key step and the decoding then run once per token, not once per call. Only the
  // claims' times are judged again on every call.
  std::shared_ptr<const internal::VerifiedToken> KnownGood(
      absl::string_view token, const std::shared_ptr<const internal::KeySet>& keys) const;
  void RememberGood(absl::string_view token,
                    std::shared_ptr<const internal::VerifiedToken> verified) const;

  const TokenVerifierOptions options_;
  mutable absl::Mutex good_mu_;
  // Tokens whose signature verified. Bounded: emptied when full.
  mutable absl::flat_hash_map<std::string, std::shared_ptr<const internal::VerifiedToken>> good_
      ABSL_GUARDED_BY(good_mu_);
  mutable absl::Mutex mu_;
  mutable std::shared_ptr<const internal::KeySet> keys_ ABSL_GUARDED_BY(mu_);
  mutable std::vector<internal::FileStamp> stamps_ ABSL_GUARDED_BY(mu_);
  // The keys last loaded from each key file (in KeyFiles order), and whether the file is broken
  // now (changed into something that does not load).
  mutable std::vector<std::shared_ptr<const internal::KeySet>> per_file_ ABSL_GUARDED_BY(mu_);
  mutable std::vector<bool> broken_ ABSL_GUARDED_BY(mu_);
  mutable absl::Time last_broken_log_ ABSL_GUARDED_BY(mu_);
  mutable absl::Time last_check_ ABSL_GUARDED_BY(mu_);
};

}  // namespace fazhi::auth

#endif  // FAZHI_COMMON_AUTH_TOKEN_VERIFIER_H_

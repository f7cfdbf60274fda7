#ifndef FAZHI_COMMON_GRPC_AUTH_GUARD_H_
#define FAZHI_COMMON_GRPC_AUTH_GUARD_H_

// Authentication and authorisation of one call, for the server interceptor: who is calling (a
// bearer token, or the mTLS identity of another fazhi service), what the policy table asks for
// the RPC, which department the request targets, and the verdict. Denials are written to the
// audit log with principal, RPC, target and request id; tokens are never logged.

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/audit/audit_queue.h"
#include "common/auth/policy.h"
#include "common/auth/token_verifier.h"
#include "common/db/database.h"
#include "common/grpc/executor.h"
#include "google/protobuf/message.h"

namespace fazhi::grpc_util {

struct CallState;

// The department a record belongs to, for own-department rules on calls that name a record
// ("power_item", "officer") rather than a department. NOT_FOUND when there is no such record.
using RecordResolver =
    std::function<absl::StatusOr<std::string>(absl::string_view kind, absl::string_view id)>;

struct AuthSettings {
  // Null when no keys are configured: every call that needs a principal is then refused.
  std::shared_ptr<const auth::TokenVerifier> verifier;
  // mTLS peer identities (see CertificateIdentities) accepted as service accounts.
  std::set<std::string> service_identities;
  RecordResolver resolver;
  // Where denials are audited: through audit_queue when set (the servers' way: batched by a
  // background writer, bounded, so a flood of denials cannot slow the callers let in), else
  // straight into audit_db.
  audit::AuditQueue* audit_queue = nullptr;
  db::Database* audit_db = nullptr;
  // Where direct audit writes run when there is no queue, so that judging a call on a gRPC
  // thread never waits for the database; null writes in the caller's thread.
  Executor* background = nullptr;
};

// The names a verified client certificate may be known by: its subject alternative names when it
// has any, and its subject CN only when it has none (RFC 6125 6.4.4: the CN is a fallback for
// certificates without SANs). So a certificate issued for "fazhi-reports.example" cannot claim the
// identity "fazhi-statistics" by carrying it as its CN: whoever asks a CA for a name is checked on
// the SANs, and a CN is often copied from a request without the same care.
std::vector<std::string> CertificateIdentities(std::vector<std::string> subject_alt_names,
                                               std::vector<std::string> common_names);

struct CallIdentity {
  // The authorization header's value, or "".
  std::string authorization;
  // Verified mTLS peer identities, or none.
  std::vector<std::string> peer_identities;
};

class AuthGuard {
 public:
  explicit AuthGuard(AuthSettings settings) : settings_(std::move(settings)) {}

  // The principal the call's credentials stand for: none for an anonymous call, UNAUTHENTICATED
  // for a token that does not verify.
  absl::StatusOr<std::optional<auth::Principal>> Authenticate(const CallIdentity& identity,
                                                              absl::Time now) const;

  // OK, or the denial (UNAUTHENTICATED or PERMISSION_DENIED), already audited. request is null
  // when the request could not be read. principal receives who was calling, for the audit log.
  absl::Status Check(absl::string_view method, const CallIdentity& identity,
                     const google::protobuf::Message* request, absl::string_view request_id,
                     std::optional<auth::Principal>* principal) const;

  // Logs a refused call and queues its "denied" audit entry: under the department it was for
  // (target), or under the RPC when target is empty. The table's verdicts are reached on gRPC's
  // threads, which never wait for the database; on_worker, for a refusal reached in a call's
  // work, waits (briefly) for the entry to be written, so it is there before the reply.
  void AuditDenial(absl::string_view method, const std::optional<auth::Principal>& principal,
                   absl::string_view target, const absl::Status& denial,
                   absl::string_view request_id, bool on_worker = false) const;

 private:
  AuthSettings settings_;
};

// For the named rules a handler or use case applies itself (common/auth/policy.h): returns
// verdict, and when it refuses the call this thread works for, logs and audits the refusal as the
// interceptor does the table's, under target_department (or the RPC when empty). So a handler
// writes
//   if (absl::Status s = AuditRefusal(auth::MayConfirmRectification(p), unit); !s.ok()) ...
absl::Status AuditRefusal(absl::Status verdict, absl::string_view target_department);

// AuditRefusal for a refusal a use case decides inside a database transaction: the entry is
// queued for the audit writer (common/audit/audit_queue.h) without waiting, so the transaction's
// rollback does not take it along and (on SQLite) its lock does not hold the write up. The hook
// app::Caller::audit_refusal of every call (CurrentCaller), for call: the refusal is the
// call's even when another thread decides it (imports checked together, app/import_points.h).
absl::Status AuditRefusalAfterTransaction(const CallState* call, absl::Status verdict,
                                          absl::string_view target_department);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_AUTH_GUARD_H_

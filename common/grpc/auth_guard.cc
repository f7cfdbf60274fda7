#include "common/grpc/auth_guard.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/audit/audit.h"
#include "common/call/limits.h"
#include "common/grpc/call.h"
#include "common/grpc/interceptor.h"
#include "common/log/log.h"

namespace fazhi::grpc_util {
namespace {

// A denial's reason is cut to this many characters in its log line and audit entry: it may quote
// what the caller sent (a department id of any length).
constexpr size_t kMaxReasonChars = 1000;

void LogDenial(absl::string_view method, const std::optional<auth::Principal>& principal,
               absl::string_view target, const absl::Status& denial) {
  log::Warning("call denied", {{"grpc_method", method},
                               {"principal", principal ? principal->subject : "anonymous"},
                               {"code", absl::StatusCodeToString(denial.code())},
                               {"target", audit::FitColumn(target, audit::kMaxTargetIdChars)},
                               {"reason", audit::FitColumn(denial.message(), kMaxReasonChars)}});
}

// How long a refusal reached in a call's work waits for its entry to be written: long enough for
// a batch, short enough that a slow database cannot hold the reply.
constexpr absl::Duration kUseCaseDenialWait = absl::Seconds(2);

}  // namespace

std::vector<std::string> CertificateIdentities(std::vector<std::string> subject_alt_names,
                                               std::vector<std::string> common_names) {
  return subject_alt_names.empty() ? std::move(common_names) : std::move(subject_alt_names);
}

absl::StatusOr<std::optional<auth::Principal>> AuthGuard::Authenticate(const CallIdentity& identity,
                                                                       absl::Time now) const {
  if (!identity.authorization.empty()) {
    if (!settings_.verifier) {
      return absl::UnauthenticatedError(
          "this server has no token keys configured (--auth_jwks_file or "
          "--auth_public_key_files)");
    }
    absl::StatusOr<auth::Principal> principal =
        settings_.verifier->Verify(identity.authorization, now);
    if (!principal.ok()) return principal.status();
    return std::optional<auth::Principal>(*std::move(principal));
  }
  for (const std::string& peer : identity.peer_identities) {
    if (settings_.service_identities.count(peer)) {
      return std::optional<auth::Principal>(auth::ServiceAccount(peer));
    }
  }
  return std::optional<auth::Principal>();
}

absl::Status AuthGuard::Check(absl::string_view method, const CallIdentity& identity,
                              const google::protobuf::Message* request,
                              absl::string_view request_id,
                              std::optional<auth::Principal>* principal) const {
  const auth::RpcPolicy* policy = auth::FindPolicy(method);
  absl::StatusOr<std::optional<auth::Principal>> who = Authenticate(identity, absl::Now());
  std::string target;
  absl::Status verdict;
  if (!who.ok()) {
    verdict = who.status();
  } else {
    *principal = *who;
    if (policy == nullptr) {
      // Fail closed: an RPC nobody wrote a rule for is nobody's to call.
      verdict = absl::PermissionDeniedError(
          absl::StrCat(method, " has no entry in the authorisation policy"));
    } else {
      if (policy->access == auth::Access::kOwnDepartment && request != nullptr) {
        if (!policy->target.department_field.empty()) {
          target = auth::ReadField(*request, policy->target.department_field);
        } else if (settings_.resolver) {
          std::string id = auth::ReadField(*request, policy->target.record_field);
          absl::StatusOr<std::string> owner = settings_.resolver(policy->target.record_kind, id);
          // An unknown record is the handler's NOT_FOUND to give, and reveals nothing.
          if (owner.ok()) {
            target = *owner;
          } else if (owner.status().code() == absl::StatusCode::kNotFound ||
                     owner.status().code() == absl::StatusCode::kInvalidArgument) {
            target = (*who) ? (*who)->department_id : "";
          } else {
            return owner.status();
          }
        }
      }
      verdict = auth::Authorize(method, *policy, *who, target);
    }
  }
  if (!verdict.ok()) {
    // The reason may quote what the caller sent (a department id of any length); the answer
    // carries it in a header, which a client refuses beyond a few kilobytes.
    verdict = absl::Status(verdict.code(), audit::FitColumn(verdict.message(), kMaxReasonChars));
    AuditDenial(method, *principal, target, verdict, request_id);
  }
  return verdict;
}

void AuthGuard::AuditDenial(absl::string_view method,
                            const std::optional<auth::Principal>& principal,
                            absl::string_view target, const absl::Status& denial,
                            absl::string_view request_id, bool on_worker) const {
  LogDenial(method, principal, target, denial);
  if (settings_.audit_db == nullptr && settings_.audit_queue == nullptr) return;
  std::string subject = principal ? principal->subject : "anonymous";
  std::string code = absl::StatusCodeToString(denial.code());
  audit::AuditContext context{subject, std::string(method), std::string(request_id)};
  audit::Fields fields{{"code", code},
                       {"reason", audit::FitColumn(denial.message(), kMaxReasonChars)},
                       {"roles", principal ? auth::FormatRoles(principal->roles) : ""},
                       {"principal_department", principal ? principal->department_id : ""}};
  std::string kind = target.empty() ? "rpc" : "department";
  std::string id =
      target.empty() ? std::string(method.substr(method.rfind('/') + 1)) : std::string(target);
  if (settings_.audit_queue != nullptr) {
    uint64_t ticket = settings_.audit_queue->Enqueue(
        audit::QueuedEntry{context, kind, id, "denied", audit::CreationJson(fields), absl::Now()});
    if (on_worker && ticket != 0) {
      settings_.audit_queue->WaitWritten(ticket, absl::Now() + kUseCaseDenialWait);
    }
    return;
  }
  db::Database* db = settings_.audit_db;
  absl::Time when = absl::Now();
  auto write = [db, context, kind, id, json = audit::CreationJson(fields), when] {
    absl::Status written = db->WithConnection([&](db::Connection& conn) {
      return audit::Write(conn, context, kind, id, "denied", json, when);
    });
    if (!written.ok()) {
      log::Error("cannot audit a denied call", {{"error", written.message()}});
    }
  };
  if (on_worker) {
    // The refusal is recorded even when the caller has given up on its call meanwhile.
    call::ScopedLimits unbounded(nullptr);
    return write();
  }
  if (settings_.background == nullptr) return write();
  if (!settings_.background->TrySubmit(write)) {
    log::Error("denied call not audited: the executor is full",
               {{"grpc_method", method}, {"principal", subject}});
  }
}

absl::Status AuditRefusal(absl::Status verdict, absl::string_view target_department) {
  if (verdict.ok()) return verdict;
  const CallState* call = CurrentCall();
  if (call != nullptr && call->guard != nullptr) {
    call->guard->AuditDenial(call->rpc, call->principal, target_department, verdict,
                             call->request_id, /*on_worker=*/true);
  } else {
    // A server without a guard (an in-process test server) has no audit log: log it at least.
    LogDenial(CurrentRpc(), CurrentPrincipal(), target_department, verdict);
  }
  return verdict;
}

absl::Status AuditRefusalAfterTransaction(const CallState* call, absl::Status verdict,
                                          absl::string_view target_department) {
  if (verdict.ok()) return verdict;
  if (call != nullptr && call->guard != nullptr) {
    call->guard->AuditDenial(call->rpc, call->principal, target_department, verdict,
                             call->request_id, /*on_worker=*/false);
  } else if (call != nullptr) {
    LogDenial(call->rpc, call->principal, target_department, verdict);
  } else {
    LogDenial("", std::nullopt, target_department, verdict);
  }
  return verdict;
}

}  // namespace fazhi::grpc_util

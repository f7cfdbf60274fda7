#include "common/grpc/server.h"

#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/marshalling.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/audit/audit_queue.h"
#include "common/config/config.h"
#include "common/grpc/audit_service.h"
#include "common/grpc/interceptor.h"
#include "common/grpc/reflection_service.h"
#include "common/grpc/tls.h"
#include "common/log/log.h"
#include "google/protobuf/descriptor.h"
#include "grpc/health/v1/health.pb.h"

ABSL_FLAG(std::string, listen, "",
          "gRPC listen address host:port (default 0.0.0.0:<service port>); plaintext (no "
          "--tls_cert_file) is refused beyond loopback unless --allow_insecure_listen");
ABSL_FLAG(bool, allow_insecure_listen, false,
          "Serve plaintext gRPC on a non-loopback --listen address; only where something else "
          "(a service mesh sidecar) encrypts the traffic");
ABSL_FLAG(int, metrics_port, -1, "Port of the Prometheus /metrics endpoint (default: per service)");
ABSL_FLAG(std::string, metrics_address, "127.0.0.1",
          "Address the metrics endpoint binds to: loopback by default; in Kubernetes, the pod's "
          "address (status.podIP) so that Prometheus can scrape it");
ABSL_FLAG(std::string, database_url, "",
          "sqlite://path/to/file.db or mysql://user:password@host:port/database "
          "(default sqlite://var/<service>.db)");
ABSL_FLAG(std::string, database_read_url, "",
          "mysql://... of a read replica of --database_url (MySQL/MariaDB only): the reads that "
          "may lag behind the last writes go there (docs/operations.md, \"Read replicas\"); "
          "empty: every read goes to --database_url");
ABSL_FLAG(int, db_pool_size, 8, "Database connections per process");
ABSL_FLAG(int, db_startup_timeout_seconds, 60,
          "How long start-up waits for the database to answer before giving up");
ABSL_FLAG(int, db_migration_timeout_seconds, 3600,
          "How long one schema migration statement may run at start-up (building an index over "
          "a large table takes minutes); past it start-up fails");
ABSL_FLAG(bool, migrate_only, false, "Apply schema migrations and exit");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024, "Largest request or response message");
ABSL_FLAG(int64_t, max_transport_memory_bytes, 256 << 20,
          "Most memory all connections together may buffer; past it gRPC cancels the streams "
          "holding most (a message far over --max_message_bytes is otherwise read whole before "
          "it is refused); 0: no bound");
ABSL_FLAG(int, executor_threads, 16,
          "Workers that run calls' database and outbound work; the most calls worked on at once");
ABSL_FLAG(int, executor_queue, 256,
          "Calls that may wait for a worker; beyond it callers get RESOURCE_EXHAUSTED at once");
ABSL_FLAG(int, executor_saturated_unhealthy_seconds, 10,
          "Health says NOT_SERVING once the executor has had no room for this long");
ABSL_FLAG(bool, http2_bdp_probe, false,
          "Let gRPC grow each connection's receive window with the bandwidth it measures (BDP "
          "probing). Off, a stream's window stays at gRPC's 64 KiB, so a client sending faster "
          "than the service reads waits in flow control instead of in the service's memory; "
          "turn on for clients that upload over links with a large bandwidth-delay product");
ABSL_FLAG(int, max_concurrent_streams, 100,
          "Most calls in flight on one client connection (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS)");
ABSL_FLAG(int, max_stream_messages, 100000,
          "Most messages one client stream may send; a longer stream is refused");
ABSL_FLAG(int, keepalive_seconds, 60, "How often an idle connection is pinged to find dead peers");
ABSL_FLAG(int, keepalive_timeout_seconds, 20, "How long a keepalive ping may go unanswered");
ABSL_FLAG(int, max_connection_age_seconds, 1800,
          "Connections are closed gracefully after this long, so clients reconnect and load "
          "balancers (Kubernetes Services) spread them over new replicas; 0 keeps them");
ABSL_FLAG(int, max_connection_age_grace_seconds, 30,
          "How long calls in flight on an aged connection may still finish");
ABSL_FLAG(int, max_connection_idle_seconds, 600,
          "Connections with no call for this long are closed; 0 keeps them");
ABSL_FLAG(int, audit_queue_capacity, 10000,
          "Audit entries of denied calls that may wait for the background writer; more are "
          "dropped and counted in fazhi_audit_denials_dropped_total");
ABSL_FLAG(int, drain_seconds, 20, "On SIGTERM, how long in-flight RPCs may take to finish");
ABSL_FLAG(int, health_check_interval_ms, 2000, "How often the database is pinged for health");
ABSL_FLAG(int, health_port, -1,
          "Port of a plaintext listener that serves only grpc.health.v1 (for Kubernetes' native "
          "gRPC probes, which cannot speak TLS); -1: none, 0: any free port");
ABSL_FLAG(std::string, log_level, "info", "debug, info, warning or error");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain the server presents; empty serves plaintext (loopback only)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA bundle client certificates must chain to; when set, clients must present one "
          "(mutual TLS)");
ABSL_FLAG(int, tls_refresh_seconds, 60, "How often certificate files are re-read for rotation");
ABSL_FLAG(std::string, auth_issuer, "fazhi", "The iss every bearer token must carry");
ABSL_FLAG(std::string, auth_audience, "fazhi", "The aud every bearer token must be meant for");
ABSL_FLAG(std::vector<std::string>, auth_public_key_files, {},
          "PEM public keys (RS256/ES256) that sign bearer tokens, comma-separated");
ABSL_FLAG(std::string, auth_jwks_file, "", "JWKS file with the keys that sign bearer tokens");
ABSL_FLAG(int, auth_clock_skew_seconds, 60, "Allowed clock difference for exp and nbf");
ABSL_FLAG(int, auth_max_token_lifetime_seconds, 12 * 3600,
          "Longest a user's bearer token may live (exp - iat, or exp - nbf without iat, or exp - "
          "now without either); a longer-lived token is refused, so a leaked one is bounded");
ABSL_FLAG(int, auth_max_service_token_lifetime_seconds, 30 * 24 * 3600,
          "Longest a service account's token (role service) may live; they are minted for "
          "a mounted Secret and rotated less often than a user's");
ABSL_FLAG(int, auth_keys_reload_seconds, 5,
          "How often the key files are checked for changes: a key removed from them stops "
          "verifying within this long");
ABSL_FLAG(std::vector<std::string>, auth_service_identities, {},
          "mTLS client certificate names accepted as fazhi service accounts, comma-separated");
ABSL_FLAG(std::string, page_token_secret, "",
          "Key that signs page tokens; replicas must share it (random per process if empty)");

namespace fazhi::grpc_util {
namespace {

// The health answers of the main server, repeated by the plaintext health-only server. Besides
// the main server's names it answers "liveness", SERVING until the server drains: a database
// outage makes the pod unready, and restarting it would not bring the database back.
class HealthMirror : public grpc::HealthCheckServiceInterface {
 public:
  static constexpr char kLiveness[] = "liveness";

  HealthMirror(grpc::HealthCheckServiceInterface* main, grpc::HealthCheckServiceInterface* probe)
      : main_(main), probe_(probe) {
    if (probe_ != nullptr) probe_->SetServingStatus(kLiveness, true);
  }
  void SetServingStatus(const std::string& name, bool serving) override {
    names_.push_back(name);
    main_->SetServingStatus(name, serving);
    if (probe_ != nullptr) probe_->SetServingStatus(name, serving);
  }
  void SetServingStatus(bool serving) override {
    main_->SetServingStatus(serving);
    if (probe_ == nullptr) return;
    probe_->SetServingStatus("", serving);
    for (const std::string& name : names_) probe_->SetServingStatus(name, serving);
  }
  void Shutdown() override {
    main_->Shutdown();
    if (probe_ != nullptr) probe_->Shutdown();
  }

 private:
  grpc::HealthCheckServiceInterface* main_;
  grpc::HealthCheckServiceInterface* probe_;
  // Written only before the watcher thread starts.
  std::vector<std::string> names_;
};

// Keeps grpc.health.v1 in step with whether the service can take work: NOT_SERVING while one
// of its databases (the primary, and the read replica if there is one) does not answer or while
// its executor has had no room for longer than a threshold.
class HealthWatcher {
 public:
  HealthWatcher(std::vector<db::Database*> databases, const Executor* executor,
                absl::Duration saturated_limit, grpc::HealthCheckServiceInterface* health,
                absl::Duration interval)
      : databases_(std::move(databases)),
        executor_(executor),
        saturated_limit_(saturated_limit),
        health_(health),
        interval_(interval),
        thread_([this] { Loop(); }) {}
  ~HealthWatcher() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  void Loop() {
    bool serving = true;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      lock.unlock();
      absl::Status status;
      bool database_up = true;
      for (db::Database* db : databases_) {
        status = db->Ping();
        // A stale pooled connection fails once after a database restart; ask again before
        // declaring the database gone. A busy pool still means the database answers.
        if (!status.ok() && status.code() != absl::StatusCode::kResourceExhausted) {
          status = db->Ping();
        }
        database_up = status.ok() || status.code() == absl::StatusCode::kResourceExhausted;
        if (!database_up) {
          status =
              absl::Status(status.code(), absl::StrCat(db->redacted_url(), ": ", status.message()));
          break;
        }
      }
      absl::Duration saturated = executor_->SaturatedFor(absl::Now());
      bool has_room = saturated < saturated_limit_;
      if (database_up != database_up_) {
        database_up_ = database_up;
        if (database_up) {
          log::Info("database reachable again; serving");
        } else {
          log::Error("database unreachable; health is NOT_SERVING", {{"error", status.message()}});
        }
      }
      if (has_room != has_room_) {
        has_room_ = has_room;
        if (has_room) {
          log::Info("executor has room again; serving");
        } else {
          log::Error("executor saturated; health is NOT_SERVING",
                     {{"saturated_seconds", absl::StrCat(absl::ToInt64Seconds(saturated))},
                      {"queued", absl::StrCat(executor_->queued())}});
        }
      }
      if (bool healthy = database_up_ && has_room_; healthy != serving) {
        serving = healthy;
        health_->SetServingStatus(serving);
      }
      lock.lock();
      cv_.wait_for(lock, absl::ToChronoMilliseconds(interval_), [this] { return stop_; });
    }
  }

  std::vector<db::Database*> databases_;
  bool database_up_ = true;
  bool has_room_ = true;
  const Executor* executor_;
  absl::Duration saturated_limit_;
  grpc::HealthCheckServiceInterface* health_;
  absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// --database_read_url names a replica of a MySQL/MariaDB primary, or nothing.
absl::Status CheckReadUrl(const std::string& read_url, const std::string& database_url) {
  if (read_url.empty()) return absl::OkStatus();
  if (!absl::StartsWith(read_url, "mysql://") || !absl::StartsWith(database_url, "mysql://")) {
    return absl::InvalidArgumentError(
        "--database_read_url (FAZHI_DATABASE_READ_URL) names a MySQL/MariaDB replica of a "
        "mysql:// --database_url; SQLite has no replicas");
  }
  if (read_url == database_url) {
    return absl::InvalidArgumentError(
        "--database_read_url (FAZHI_DATABASE_READ_URL) is --database_url itself; leave it empty "
        "to read from the primary");
  }
  return db::CheckUrl(read_url, "database_read_url");
}

absl::StatusOr<std::unique_ptr<db::Database>> OpenAndMigrate(const ServiceSpec& spec,
                                                             const std::string& url,
                                                             metrics::MetricsServer* metrics) {
  if (absl::StartsWith(url, "sqlite://")) {
    std::filesystem::path parent = std::filesystem::path(url.substr(9)).parent_path();
    std::error_code ec;
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  db::DatabaseOptions options;
  options.pool_size = absl::GetFlag(FLAGS_db_pool_size);
  options.service = spec.name;
  if (metrics) options.metrics = metrics->registry();
  absl::StatusOr<std::unique_ptr<db::Database>> db = db::Database::Open(url, options);
  if (!db.ok()) return db.status();
  log::Info("database opened", {{"database", (*db)->redacted_url()}});
  // Migrations run on a session of their own, whose client waits as long as a migration
  // statement may take: an index built over 10^7 cases takes minutes, where a call's session
  // gives up after 30 s (and a retried index build starts over).
  const int migration_seconds = absl::GetFlag(FLAGS_db_migration_timeout_seconds);
  if (migration_seconds < 1) {
    return absl::InvalidArgumentError(
        "--db_migration_timeout_seconds (FAZHI_DB_MIGRATION_TIMEOUT_SECONDS) must be at least 1");
  }
  db::DatabaseOptions migration_options;
  migration_options.pool_size = 1;
  migration_options.service = spec.name;
  migration_options.read_timeout = absl::Seconds(migration_seconds);
  absl::StatusOr<std::unique_ptr<db::Database>> migration_db =
      db::Database::Open(url, migration_options);
  if (!migration_db.ok()) return migration_db.status();

  // In a cluster the database may come up after the service: wait for it, within a limit.
  absl::Time give_up = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_db_startup_timeout_seconds));
  while (true) {
    // Every service keeps an audit log beside its own tables.
    absl::StatusOr<int> applied =
        db::Migrate(**migration_db, audit::WithAuditLog(*spec.migrations));
    if (applied.ok()) {
      log::Info("schema up to date", {{"migrations_applied", absl::StrCat(*applied)}});
      return db;
    }
    if (applied.status().code() != absl::StatusCode::kUnavailable || absl::Now() > give_up) {
      return applied.status();
    }
    log::Warning("database not reachable yet; retrying", {{"error", applied.status().message()}});
    absl::SleepFor(absl::Seconds(2));
  }
}

}  // namespace

ServerLimits ServerLimitsFromFlags() {
  ServerLimits limits;
  limits.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  limits.max_transport_memory_bytes = absl::GetFlag(FLAGS_max_transport_memory_bytes);
  limits.http2_bdp_probe = absl::GetFlag(FLAGS_http2_bdp_probe);
  limits.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  limits.keepalive_seconds = absl::GetFlag(FLAGS_keepalive_seconds);
  limits.keepalive_timeout_seconds = absl::GetFlag(FLAGS_keepalive_timeout_seconds);
  limits.max_connection_age_seconds = absl::GetFlag(FLAGS_max_connection_age_seconds);
  limits.max_connection_age_grace_seconds = absl::GetFlag(FLAGS_max_connection_age_grace_seconds);
  limits.max_connection_idle_seconds = absl::GetFlag(FLAGS_max_connection_idle_seconds);
  limits.executor_threads = absl::GetFlag(FLAGS_executor_threads);
  limits.executor_queue = absl::GetFlag(FLAGS_executor_queue);
  return limits;
}

void ConfigureServerBuilder(grpc::ServerBuilder& builder, const ServerLimits& limits) {
  builder.SetMaxReceiveMessageSize(limits.max_message_bytes);
  builder.SetMaxSendMessageSize(limits.max_message_bytes);
  // gRPC reads a message whole before checking its size, so only a memory quota keeps an
  // oversized body from being held; the quota outlives the server (it is referenced by it).
  static grpc::ResourceQuota* quota = new grpc::ResourceQuota("fazhi-transport");
  if (limits.max_transport_memory_bytes > 0) {
    quota->Resize(static_cast<size_t>(limits.max_transport_memory_bytes));
    builder.SetResourceQuota(*quota);
  }
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, limits.keepalive_seconds * 1000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
                             limits.keepalive_timeout_seconds * 1000);
  // Clients that ping their idle connections (as fazhi's own do not, but others may) are let.
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  // With probing, a fast upload (a CSV or point stream) made gRPC buffer 20-45 MiB more of it
  // on loopback, more the longer it ran; the service reads at the database's pace whatever the
  // window (docs/benchmarks.md, 5b).
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, limits.http2_bdp_probe ? 1 : 0);
  if (limits.max_connection_age_seconds > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                               limits.max_connection_age_seconds * 1000);
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
                               limits.max_connection_age_grace_seconds * 1000);
  }
  if (limits.max_connection_idle_seconds > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                               limits.max_connection_idle_seconds * 1000);
  }
}

int RunService(int argc, char** argv, const ServiceSpec& spec, const ServiceFactory& factory) {
  config::Init(argc, argv,
               absl::StrCat("fazhi ", spec.name,
                            " service. Every flag can also be set as FAZHI_<FLAG> in the "
                            "environment."));
  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = absl::StrCat("0.0.0.0:", spec.default_port);
  int metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (metrics_port < 0) metrics_port = spec.default_metrics_port;
  std::string database_url = absl::GetFlag(FLAGS_database_url);
  if (database_url.empty()) database_url = absl::StrCat("sqlite://var/", spec.name, ".db");
  const std::string read_url = absl::GetFlag(FLAGS_database_read_url);
  log::Level level = log::Level::kInfo;
  bool level_ok = log::ParseLevel(absl::GetFlag(FLAGS_log_level), &level);
  TlsFiles tls{absl::GetFlag(FLAGS_tls_cert_file), absl::GetFlag(FLAGS_tls_key_file),
               absl::GetFlag(FLAGS_tls_client_ca_file), absl::GetFlag(FLAGS_tls_refresh_seconds)};
  auto positive = [](absl::string_view flag, int value) {
    return value > 0
               ? absl::OkStatus()
               : absl::InvalidArgumentError(absl::StrCat("--", flag, " (", config::EnvName(flag),
                                                         ") must be positive, got ", value));
  };
  auto non_negative = [](absl::string_view flag, int value) {
    return value >= 0
               ? absl::OkStatus()
               : absl::InvalidArgumentError(absl::StrCat("--", flag, " (", config::EnvName(flag),
                                                         ") must not be negative, got ", value));
  };
  config::ExitIfInvalid({
      config::CheckHostPort("listen", listen),
      positive("auth_max_token_lifetime_seconds",
               absl::GetFlag(FLAGS_auth_max_token_lifetime_seconds)),
      positive("auth_max_service_token_lifetime_seconds",
               absl::GetFlag(FLAGS_auth_max_service_token_lifetime_seconds)),
      positive("auth_keys_reload_seconds", absl::GetFlag(FLAGS_auth_keys_reload_seconds)),
      CheckTlsFiles(tls, "tls_"),
      metrics_port == 0 ? absl::OkStatus() : config::CheckPort("metrics_port", metrics_port),
      db::CheckUrl(database_url),
      CheckReadUrl(read_url, database_url),
      positive("db_pool_size", absl::GetFlag(FLAGS_db_pool_size)),
      positive("max_message_bytes", absl::GetFlag(FLAGS_max_message_bytes)),
      positive("executor_threads", absl::GetFlag(FLAGS_executor_threads)),
      positive("executor_queue", absl::GetFlag(FLAGS_executor_queue)),
      positive("executor_saturated_unhealthy_seconds",
               absl::GetFlag(FLAGS_executor_saturated_unhealthy_seconds)),
      positive("max_concurrent_streams", absl::GetFlag(FLAGS_max_concurrent_streams)),
      positive("max_stream_messages", absl::GetFlag(FLAGS_max_stream_messages)),
      positive("keepalive_seconds", absl::GetFlag(FLAGS_keepalive_seconds)),
      positive("keepalive_timeout_seconds", absl::GetFlag(FLAGS_keepalive_timeout_seconds)),
      non_negative("max_connection_age_seconds", absl::GetFlag(FLAGS_max_connection_age_seconds)),
      positive("max_connection_age_grace_seconds",
               absl::GetFlag(FLAGS_max_connection_age_grace_seconds)),
      non_negative("max_connection_idle_seconds", absl::GetFlag(FLAGS_max_connection_idle_seconds)),
      positive("drain_seconds", absl::GetFlag(FLAGS_drain_seconds)),
      positive("audit_queue_capacity", absl::GetFlag(FLAGS_audit_queue_capacity)),
      positive("health_check_interval_ms", absl::GetFlag(FLAGS_health_check_interval_ms)),
      level_ok ? absl::OkStatus()
               : absl::InvalidArgumentError("--log_level (FAZHI_LOG_LEVEL) must be debug, info, "
                                            "warning or error"),
  });
  log::Init(spec.name, level);
  InstallProtobufLogHandler();
  // Debian builds Abseil without NDEBUG, which leaves the lock-order graph of absl::Mutex (and so
  // of every gRPC lock) on: a hash lookup and graph update per lock taken, a few per cent of a
  // call's time at load, for a check that belongs in debug builds.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  // Signals are taken by sigwait below; block them before any thread starts so none of the
  // library threads receives them instead.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  bool migrate_only = absl::GetFlag(FLAGS_migrate_only);
  // Plaintext beyond loopback is refused before anything starts, not warned about after: a log
  // line nobody reads does not keep tokens off the network. --migrate_only serves nothing.
  if (!migrate_only) {
    bool allow_insecure = absl::GetFlag(FLAGS_allow_insecure_listen);
    if (absl::Status transport = CheckListenTransport(listen, tls, allow_insecure);
        !transport.ok()) {
      log::Error("refusing to start", {{"address", listen}, {"error", transport.message()}});
      return 2;
    }
    if (ServerTransport(tls) == Transport::kPlaintext && !IsLoopbackHost(HostOfAddress(listen))) {
      log::Warning(
          "serving plaintext gRPC beyond loopback because --allow_insecure_listen is set: bearer "
          "tokens and data cross the network unencrypted unless something in front of this "
          "server (a service mesh sidecar) encrypts them",
          {{"address", listen}});
    }
  }
  std::unique_ptr<metrics::MetricsServer> metrics;
  if (!migrate_only) {
    absl::StatusOr<std::unique_ptr<metrics::MetricsServer>> started =
        metrics::MetricsServer::Start(absl::GetFlag(FLAGS_metrics_address), metrics_port);
    if (!started.ok()) {
      log::Error("cannot start metrics endpoint", {{"error", started.status().message()}});
      return 1;
    }
    metrics = *std::move(started);
  }

  absl::StatusOr<std::unique_ptr<db::Database>> database =
      OpenAndMigrate(spec, database_url, metrics.get());
  if (!database.ok()) {
    log::Error("cannot prepare the database", {{"error", database.status().message()}});
    return 1;
  }
  if (migrate_only) return 0;
  // The replica has the primary's schema by replication: nothing is migrated through it.
  std::unique_ptr<db::Database> replica;
  if (!read_url.empty()) {
    db::DatabaseOptions options;
    options.pool_size = absl::GetFlag(FLAGS_db_pool_size);
    options.service = spec.name;
    options.role = "replica";
    options.metrics = metrics->registry();
    absl::StatusOr<std::unique_ptr<db::Database>> opened = db::Database::Open(read_url, options);
    if (!opened.ok()) {
      log::Error("cannot open the read replica", {{"error", opened.status().message()}});
      return 1;
    }
    replica = *std::move(opened);
    log::Info("read replica opened", {{"database", replica->redacted_url()}});
  }

  if (absl::GetFlag(FLAGS_page_token_secret).empty()) {
    log::Warning("--page_token_secret is not set: page tokens are valid only in this process");
  }
  api::PageTokenCodec page_tokens(absl::GetFlag(FLAGS_page_token_secret));
  ServerLimits limits = ServerLimitsFromFlags();
  ExecutorOptions executor_options;
  executor_options.threads = limits.executor_threads;
  executor_options.queue_capacity = limits.executor_queue;
  executor_options.service = spec.name;
  executor_options.metrics = metrics->registry();
  // Declared before the server: destroyed after it, so no call outlives its workers.
  Executor executor(executor_options);
  CallRunner runner(&executor);
  ServiceRuntime runtime;
  runtime.database = database->get();
  runtime.reads = replica ? replica.get() : database->get();
  runtime.metrics = metrics.get();
  runtime.page_tokens = &page_tokens;
  runtime.calls = &runner;
  runtime.max_stream_messages = absl::GetFlag(FLAGS_max_stream_messages);
  std::vector<std::unique_ptr<grpc::Service>> services = factory(runtime);

  // Declared before the guard and the server: it outlives every call that queues a denial.
  audit::AuditQueueOptions audit_options;
  audit_options.capacity = absl::GetFlag(FLAGS_audit_queue_capacity);
  audit_options.service = spec.name;
  audit_options.metrics = metrics->registry();
  audit::AuditQueue audit_queue(database->get(), audit_options);
  AuthSettings auth_settings;
  auth_settings.resolver = runtime.record_resolver;
  auth_settings.audit_queue = &audit_queue;
  auth_settings.audit_db = database->get();
  auth_settings.background = &executor;
  for (const std::string& name : absl::GetFlag(FLAGS_auth_service_identities)) {
    auth_settings.service_identities.insert(name);
  }
  std::vector<std::string> key_files = absl::GetFlag(FLAGS_auth_public_key_files);
  if (!key_files.empty() || !absl::GetFlag(FLAGS_auth_jwks_file).empty()) {
    auth::TokenVerifierOptions options;
    options.issuer = absl::GetFlag(FLAGS_auth_issuer);
    options.audience = absl::GetFlag(FLAGS_auth_audience);
    options.clock_skew = absl::Seconds(absl::GetFlag(FLAGS_auth_clock_skew_seconds));
    options.max_lifetime = absl::Seconds(absl::GetFlag(FLAGS_auth_max_token_lifetime_seconds));
    options.max_service_lifetime =
        absl::Seconds(absl::GetFlag(FLAGS_auth_max_service_token_lifetime_seconds));
    options.reload_interval = absl::Seconds(absl::GetFlag(FLAGS_auth_keys_reload_seconds));
    options.public_key_files = key_files;
    options.jwks_file = absl::GetFlag(FLAGS_auth_jwks_file);
    absl::StatusOr<std::unique_ptr<auth::TokenVerifier>> verifier =
        auth::TokenVerifier::Create(std::move(options));
    if (!verifier.ok()) {
      log::Error("cannot load token keys", {{"error", verifier.status().message()}});
      return 2;
    }
    log::Info("token keys loaded", {{"keys", absl::StrCat((*verifier)->key_count())}});
    auth_settings.verifier = *std::move(verifier);
  } else {
    log::Warning(
        "no token keys configured (--auth_jwks_file, --auth_public_key_files): only public "
        "calls and configured service identities are served");
  }
  AuthGuard guard(std::move(auth_settings));

  // Fail fast rather than serve an RPC nobody wrote an authorisation rule for.
  std::vector<std::string> served = spec.grpc_services;
  served.push_back(common::v1::AuditService::service_full_name());
  for (const std::string& name : served) {
    const google::protobuf::ServiceDescriptor* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    for (int i = 0; service != nullptr && i < service->method_count(); ++i) {
      std::string method = absl::StrCat("/", name, "/", service->method(i)->name());
      if (auth::FindPolicy(method) == nullptr) {
        log::Error("an RPC has no authorisation rule in common/auth/policy.cc",
                   {{"grpc_method", method}});
        return 2;
      }
    }
  }
  services.push_back(std::make_unique<AuditServiceImpl>(&runner, database->get(), &page_tokens));

  grpc::EnableDefaultHealthCheckService(true);
  // Naming a health message links its descriptors in, so reflection can describe the built-in
  // health service to clients such as grpcurl or fazhi-cli.
  grpc::health::v1::HealthCheckRequest::descriptor();
  served.push_back("grpc.health.v1.Health");
  services.push_back(MakeReflectionService(served));
  grpc::ServerBuilder builder;
  int bound_port = 0;
  builder.AddListeningPort(listen, MakeServerCredentials(tls), &bound_port);
  ConfigureServerBuilder(builder, limits);
  for (auto& service : services) builder.RegisterService(service.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(MakeServerInterceptorFactory(&metrics->grpc(), &guard));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server || bound_port == 0) {
    log::Error("cannot listen", {{"address", listen}});
    return 1;
  }
  std::string host = listen.substr(0, listen.rfind(':'));
  // Kubernetes' gRPC probes speak plaintext only; this listener answers nothing but health.
  std::unique_ptr<grpc::Server> probe_server;
  // Answers every other method UNIMPLEMENTED; it also makes the server a callback one, which
  // gRPC needs to serve its built-in health service without a completion queue of ours.
  grpc::CallbackGenericService probe_unimplemented;
  int health_port = absl::GetFlag(FLAGS_health_port);
  int bound_health_port = 0;
  if (health_port >= 0) {
    grpc::ServerBuilder probe_builder;
    probe_builder.AddListeningPort(absl::StrCat(host, ":", health_port),
                                   grpc::InsecureServerCredentials(), &bound_health_port);
    probe_builder.RegisterCallbackGenericService(&probe_unimplemented);
    probe_server = probe_builder.BuildAndStart();
    if (!probe_server || bound_health_port == 0) {
      log::Error("cannot listen for health probes", {{"port", absl::StrCat(health_port)}});
      return 1;
    }
  }
  HealthMirror mirror(server->GetHealthCheckService(),
                      probe_server ? probe_server->GetHealthCheckService() : nullptr);
  grpc::HealthCheckServiceInterface* health = &mirror;
  for (const std::string& name : spec.grpc_services) health->SetServingStatus(name, true);
  health->SetServingStatus(common::v1::AuditService::service_full_name(), true);
  health->SetServingStatus(true);
  Transport transport = ServerTransport(tls);
  log::Info("serving",
            {{"grpc_address", absl::StrCat(host, ":", bound_port)},
             {"transport", TransportName(transport)},
             {"metrics_url", absl::StrCat("http://", absl::GetFlag(FLAGS_metrics_address), ":",
                                          metrics->port(), "/metrics")},
             {"database", (*database)->redacted_url()},
             {"read_database", replica ? replica->redacted_url() : std::string()},
             {"health_address",
              probe_server ? absl::StrCat(host, ":", bound_health_port) : std::string()}});
  {
    std::vector<db::Database*> databases{database->get()};
    if (replica) databases.push_back(replica.get());
    HealthWatcher watcher(std::move(databases), &executor,
                          absl::Seconds(absl::GetFlag(FLAGS_executor_saturated_unhealthy_seconds)),
                          health,
                          absl::Milliseconds(absl::GetFlag(FLAGS_health_check_interval_ms)));
    int sig = 0;
    sigwait(&signals, &sig);
    log::Info("draining", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"},
                           {"deadline_seconds", absl::StrCat(absl::GetFlag(FLAGS_drain_seconds))}});
  }
  // Load balancers see NOT_SERVING first and stop sending; in-flight calls get the drain time.
  health->SetServingStatus(false);
  absl::Time drain_deadline = absl::Now() + absl::Seconds(absl::GetFlag(FLAGS_drain_seconds));
  server->Shutdown(absl::ToChronoTime(drain_deadline));
  server->Wait();
  if (probe_server) probe_server->Shutdown(absl::ToChronoTime(absl::Now()));
  if (runtime.on_shutdown) runtime.on_shutdown();
  // The denials of the last calls are written within the drain period (a moment at least).
  audit_queue.Drain(std::max(drain_deadline, absl::Now() + absl::Seconds(1)));
  log::Info("stopped");
  return 0;
}

}  // namespace fazhi::grpc_util

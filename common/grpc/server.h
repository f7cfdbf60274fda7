#ifndef FAZHI_COMMON_GRPC_SERVER_H_
#define FAZHI_COMMON_GRPC_SERVER_H_

// The bootstrap every service's main() uses, so that each server behaves the same for operators:
// flags and FAZHI_* variables, JSON logs, migrations at start-up (or --migrate_only), the gRPC
// callback server with its limits (streams per connection, keepalive, connection age, message
// size) and the bounded executor its handlers run on (common/grpc/call.h), gRPC health that
// follows the database and the executor, server reflection, metrics, request ids, and a graceful
// drain on SIGTERM/SIGINT within --drain_seconds.

#include <grpcpp/impl/service_type.h>
#include <grpcpp/server_builder.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/api/paging.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "common/grpc/auth_guard.h"
#include "common/grpc/call.h"
#include "common/metrics/metrics.h"

namespace fazhi::grpc_util {

struct ServiceSpec {
  // Short name used in logs, metrics and the default database file: "department".
  std::string name;
  int default_port = 0;
  int default_metrics_port = 0;
  const std::vector<db::Migration>* migrations = nullptr;
  // Full names of the gRPC services it serves, so health checks can ask for each by name.
  std::vector<std::string> grpc_services;
};

// What a service's handlers are built from.
struct ServiceRuntime {
  db::Database* database = nullptr;
  // Where the reads that may lag behind the last writes go: the read replica of
  // --database_read_url, or database itself when there is none. Only reads a person's or an
  // anonymous dashboard makes go here (app::MayReadFromReplica); writes, and what a service
  // composes official records from, use database.
  db::Database* reads = nullptr;
  metrics::MetricsServer* metrics = nullptr;
  const api::PageTokenCodec* page_tokens = nullptr;
  // Every handler runs through it (common/grpc/call.h).
  CallRunner* calls = nullptr;
  // Most messages a client stream may send (--max_stream_messages).
  int max_stream_messages = 0;
  // Set by the service: resolves the records its own-department rules name (see
  // common/auth/policy.cc) to their departments.
  RecordResolver record_resolver;
  // Set by the service: stops its own background work once calls have drained, while the
  // database and the metrics registry it uses still exist (RunService owns both).
  std::function<void()> on_shutdown;
};

using ServiceFactory =
    std::function<std::vector<std::unique_ptr<grpc::Service>>(ServiceRuntime& runtime)>;

// The transport limits and thread settings every fazhi server runs with (their flags are in
// server.cc), apart from RunService so that the bare-server baseline (tools/load) serves with
// exactly the same ones.
struct ServerLimits {
  int max_message_bytes = 0;
  int64_t max_transport_memory_bytes = 0;
  bool http2_bdp_probe = false;
  int max_concurrent_streams = 0;
  int keepalive_seconds = 0;
  int keepalive_timeout_seconds = 0;
  int max_connection_age_seconds = 0;
  int max_connection_age_grace_seconds = 0;
  int max_connection_idle_seconds = 0;
  int executor_threads = 0;
  int executor_queue = 0;
};

// The limits as the flags (or FAZHI_* variables) set them; call after config::Init.
ServerLimits ServerLimitsFromFlags();

// Message sizes, the transport memory quota, streams per connection, keepalive and connection
// age and idle limits.
void ConfigureServerBuilder(grpc::ServerBuilder& builder, const ServerLimits& limits);

// Parses flags, runs the service until SIGTERM or SIGINT, and returns the process exit code.
int RunService(int argc, char** argv, const ServiceSpec& spec, const ServiceFactory& factory);

}  // namespace fazhi::grpc_util

#endif  // FAZHI_COMMON_GRPC_SERVER_H_

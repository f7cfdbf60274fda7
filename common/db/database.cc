#include "common/db/database.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/call/limits.h"
#include "common/db/backend.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace fazhi::db {

absl::string_view DialectName(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "sqlite" : "mysql";
}

int64_t Row::Int(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    if (absl::SimpleAtoi(*s, &n)) return n;
  }
  return 0;
}

std::string Row::Text(size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return absl::StrCat(*n);
  return "";
}

std::vector<std::string> SplitStatements(absl::string_view script) {
  std::vector<std::string> out;
  std::string current;
  char quote = 0;
  for (size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (quote) {
      current += c;
      if (c == quote) quote = 0;
      continue;
    }
    if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;
      current += '\n';
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') quote = c;
    if (c == ';') {
      std::string stmt(absl::StripAsciiWhitespace(current));
      if (!stmt.empty()) out.push_back(std::move(stmt));
      current.clear();
      continue;
    }
    current += c;
  }
  std::string stmt(absl::StripAsciiWhitespace(current));
  if (!stmt.empty()) out.push_back(std::move(stmt));
  return out;
}

namespace internal {

absl::StatusOr<ParsedUrl> ParseUrl(absl::string_view url) {
  ParsedUrl parsed;
  if (absl::ConsumePrefix(&url, "sqlite://")) {
    parsed.dialect = Dialect::kSqlite;
    if (url.empty()) return absl::InvalidArgumentError("sqlite:// needs a file path");
    parsed.path = std::string(url);
    parsed.redacted = absl::StrCat("sqlite://", url);
    return parsed;
  }
  if (!absl::ConsumePrefix(&url, "mysql://")) {
    return absl::InvalidArgumentError(
        "must start with sqlite:// or mysql:// (e.g. sqlite://var/department.db, "
        "mysql://fazhi:secret@127.0.0.1:3306/fazhi_department)");
  }
  parsed.dialect = Dialect::kMysql;
  absl::string_view query;
  if (size_t q = url.find('?'); q != absl::string_view::npos) {
    query = url.substr(q + 1);
    url = url.substr(0, q);
  }
  size_t at = url.rfind('@');
  absl::string_view credentials = at == absl::string_view::npos ? "" : url.substr(0, at);
  absl::string_view rest = at == absl::string_view::npos ? url : url.substr(at + 1);
  if (size_t colon = credentials.find(':'); colon != absl::string_view::npos) {
    parsed.user = std::string(credentials.substr(0, colon));
    parsed.password = std::string(credentials.substr(colon + 1));
  } else {
    parsed.user = std::string(credentials);
  }
  size_t slash = rest.find('/');
  if (slash == absl::string_view::npos || slash + 1 >= rest.size()) {
    return absl::InvalidArgumentError("mysql URL needs a database name after '/'");
  }
  parsed.database = std::string(rest.substr(slash + 1));
  absl::string_view hostport = rest.substr(0, slash);
  if (size_t colon = hostport.rfind(':'); colon != absl::string_view::npos) {
    if (!absl::SimpleAtoi(hostport.substr(colon + 1), &parsed.port) || parsed.port <= 0 ||
        parsed.port > 65535) {
      return absl::InvalidArgumentError("mysql port must be 1 to 65535");
    }
    hostport = hostport.substr(0, colon);
  }
  parsed.host = hostport.empty() ? "127.0.0.1" : std::string(hostport);
  for (absl::string_view kv : absl::StrSplit(query, '&', absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> p = absl::StrSplit(kv, absl::MaxSplits('=', 1));
    if (p.first == "socket") {
      parsed.socket = std::string(p.second);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown option '", p.first, "' (known: socket)"));
    }
  }
  if (parsed.user.empty()) return absl::InvalidArgumentError("mysql URL needs a user");
  parsed.redacted = absl::StrCat("mysql://", parsed.user, parsed.password.empty() ? "" : ":***",
                                 "@", parsed.host, ":", parsed.port, "/", parsed.database,
                                 parsed.socket.empty() ? "" : "?socket=", parsed.socket);
  return parsed;
}

}  // namespace internal

absl::Status CheckUrl(absl::string_view url, absl::string_view flag) {
  absl::Status status = internal::ParseUrl(url).status();
  if (status.ok()) return status;
  return absl::InvalidArgumentError(
      absl::StrCat("--", flag, " (FAZHI_", absl::AsciiStrToUpper(flag), "): ", status.message()));
}

namespace {

absl::string_view Operation(absl::string_view sql) {
  sql = absl::StripLeadingAsciiWhitespace(sql);
  for (absl::string_view op : {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"}) {
    if (absl::StartsWithIgnoreCase(sql, op)) return op == "WITH" ? "SELECT" : op;
  }
  return "OTHER";
}

// Observes every statement for the query-latency histogram without the backends knowing.
class InstrumentedConnection : public Connection {
 public:
  InstrumentedConnection(std::unique_ptr<Connection> inner,
                         std::function<void(absl::string_view, double, bool)> observe)
      : inner_(std::move(inner)), observe_(std::move(observe)) {}
  Dialect dialect() const override { return inner_->dialect(); }
  absl::StatusOr<Result> Execute(absl::string_view sql, const std::vector<Value>& params) override {
    // A statement for a call that is over would be work for nobody (common/call/limits.h).
    if (absl::Status live = call::CheckLimits(); !live.ok()) return live;
    absl::Time start = absl::Now();
    absl::StatusOr<Result> result = inner_->Execute(sql, params);
    if (observe_) observe_(Operation(sql), absl::ToDoubleSeconds(absl::Now() - start), result.ok());
    return result;
  }
  absl::Status Begin() override { return inner_->Begin(); }
  absl::Status Commit() override { return inner_->Commit(); }
  absl::Status Rollback() override { return inner_->Rollback(); }
  bool broken() const override { return inner_->broken(); }

 private:
  std::unique_ptr<Connection> inner_;
  std::function<void(absl::string_view, double, bool)> observe_;
};

}  // namespace

class ConnectionPool {
 public:
  ConnectionPool(internal::ConnectionFactory factory, DatabaseOptions options, Dialect dialect)
      : factory_(std::move(factory)), options_(std::move(options)) {
    if (options_.metrics) {
      auto& queries = prometheus::BuildHistogram()
                          .Name("fazhi_db_query_duration_seconds")
                          .Help("Latency of database statements by operation.")
                          .Register(*options_.metrics);
      auto& errors = prometheus::BuildCounter()
                         .Name("fazhi_db_query_errors_total")
                         .Help("Database statements that failed, by operation.")
                         .Register(*options_.metrics);
      auto& gauges = prometheus::BuildGauge()
                         .Name("fazhi_db_pool_connections")
                         .Help("Database pool connections by state (in_use, idle, max).")
                         .Register(*options_.metrics);
      auto& waits = prometheus::BuildHistogram()
                        .Name("fazhi_db_pool_wait_seconds")
                        .Help("Time spent waiting for a pooled database connection.")
                        .Register(*options_.metrics);
      std::string backend(DialectName(dialect));
      for (absl::string_view op : {"SELECT", "INSERT", "UPDATE", "DELETE", "OTHER"}) {
        std::map<std::string, std::string> labels{
            {"backend", backend}, {"role", options_.role}, {"operation", std::string(op)}};
        query_hist_[std::string(op)] = &queries.Add(
            labels, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                            0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
        query_errors_[std::string(op)] = &errors.Add(labels);
      }
      const std::string& role = options_.role;
      in_use_gauge_ = &gauges.Add({{"backend", backend}, {"role", role}, {"state", "in_use"}});
      idle_gauge_ = &gauges.Add({{"backend", backend}, {"role", role}, {"state", "idle"}});
      gauges.Add({{"backend", backend}, {"role", role}, {"state", "max"}}).Set(options_.pool_size);
      wait_hist_ =
          &waits.Add({{"backend", backend}, {"role", role}},
                     prometheus::Histogram::BucketBoundaries{0.0001, 0.001, 0.01, 0.1, 1, 5});
    }
  }

  // for_transaction: a session that last ran a transaction is taken first, else one that did
  // not, else a new one, else any (MySQL sessions switch autocommit between the two kinds; see
  // common/db/mysql.cc).
  absl::StatusOr<std::unique_ptr<Connection>> Acquire(bool for_transaction) {
    absl::Time start = absl::Now();
    std::unique_lock<std::mutex> lock(mu_);
    // No longer than the call this is for may still wait.
    absl::Duration wait =
        std::max(absl::ZeroDuration(), std::min(options_.acquire_timeout, call::Remaining()));
    bool got = available_.wait_for(lock, absl::ToChronoMilliseconds(wait),
                                   [&] { return !idle_.empty() || open_ < options_.pool_size; });
    if (!got) {
      if (absl::Status live = call::CheckLimits(); !live.ok()) return live;
      return absl::ResourceExhaustedError(absl::StrCat(
          "all ", options_.pool_size, " database connections are busy; retry shortly"));
    }
    std::unique_ptr<Connection> conn;
    // An idle session may have died with its server (restarted, failed over) since it was last
    // used; one idle for longer than a moment is checked before a caller gets it, so a caller
    // after an outage gets a working session instead of the first error.
    while (!idle_.empty()) {
      auto same = std::find_if(idle_.begin(), idle_.end(),
                               [&](const Idle& i) { return i.ran_transaction == for_transaction; });
      if (same == idle_.end()) {
        // None of the kind asked for: a new session while the pool may grow, so a busy pool
        // settles into sessions of each kind instead of switching one back and forth.
        if (open_ < options_.pool_size) break;
        same = idle_.begin();
      }
      Idle idle = std::move(*same);
      idle_.erase(same);
      if (absl::Now() - idle.since < kCheckIdleAfter) {
        conn = std::move(idle.conn);
        break;
      }
      lock.unlock();
      bool alive = idle.conn->Execute("SELECT 1").ok() || !idle.conn->broken();
      lock.lock();
      if (alive) {
        conn = std::move(idle.conn);
        break;
      }
      --open_;
      lock.unlock();
      idle.conn.reset();
      lock.lock();
    }
    if (conn == nullptr) {
      ++open_;
      lock.unlock();
      absl::StatusOr<std::unique_ptr<Connection>> made = factory_();
      lock.lock();
      if (!made.ok()) {
        --open_;
        // The server does not answer: the idle sessions opened to it before are not trusted
        // (they are checked above however briefly they have been idle).
        for (Idle& idle : idle_) idle.since = absl::InfinitePast();
        available_.notify_one();
        return made.status();
      }
      conn = std::make_unique<InstrumentedConnection>(
          *std::move(made),
          [this](absl::string_view op, double seconds, bool ok) { Observe(op, seconds, ok); });
    }
    ++in_use_;
    UpdateGauges();
    if (wait_hist_) wait_hist_->Observe(absl::ToDoubleSeconds(absl::Now() - start));
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn, bool ran_transaction) {
    // A session lost means the server went away (restarted, failed over, cut off): the idle
    // sessions opened to it are as dead, and each would otherwise fail one more caller after the
    // server is back. They are dropped with it, so the next callers open fresh ones.
    std::deque<Idle> stale;
    {
      std::lock_guard<std::mutex> lock(mu_);
      --in_use_;
      if (conn->broken()) {
        --open_;
        open_ -= static_cast<int>(idle_.size());
        stale.swap(idle_);
      } else {
        idle_.push_back(Idle{std::move(conn), absl::Now(), ran_transaction});
      }
      UpdateGauges();
      available_.notify_all();
    }
    // Closed outside the lock: closing a dead session may wait on its socket.
  }

  PoolStats stats() const {
    std::lock_guard<std::mutex> lock(mu_);
    return PoolStats{open_, in_use_, options_.pool_size};
  }

 private:
  void Observe(absl::string_view op, double seconds, bool ok) {
    auto it = query_hist_.find(std::string(op));
    if (it == query_hist_.end()) return;
    it->second->Observe(seconds);
    if (!ok) query_errors_[std::string(op)]->Increment();
  }
  void UpdateGauges() {
    if (in_use_gauge_) in_use_gauge_->Set(in_use_);
    if (idle_gauge_) idle_gauge_->Set(static_cast<double>(idle_.size()));
  }

  struct Idle {
    std::unique_ptr<Connection> conn;
    absl::Time since;  // when it was released
    bool ran_transaction;
  };
  // Busy pools reuse sessions within milliseconds and never pay for the check; a quiet one pays
  // a round trip per call, which its callers do not notice.
  static constexpr absl::Duration kCheckIdleAfter = absl::Milliseconds(100);

  internal::ConnectionFactory factory_;
  DatabaseOptions options_;
  mutable std::mutex mu_;
  std::condition_variable available_;
  std::deque<Idle> idle_;
  int open_ = 0;
  int in_use_ = 0;
  std::map<std::string, prometheus::Histogram*> query_hist_;
  std::map<std::string, prometheus::Counter*> query_errors_;
  prometheus::Gauge* in_use_gauge_ = nullptr;
  prometheus::Gauge* idle_gauge_ = nullptr;
  prometheus::Histogram* wait_hist_ = nullptr;
};

absl::StatusOr<std::unique_ptr<Database>> Database::Open(absl::string_view url,
                                                         DatabaseOptions options) {
  absl::StatusOr<internal::ParsedUrl> parsed = internal::ParseUrl(url);
  if (!parsed.ok()) return parsed.status();
  if (options.pool_size < 1) return absl::InvalidArgumentError("db_pool_size: must be at least 1");
  internal::ConnectionFactory factory = parsed->dialect == Dialect::kSqlite
                                            ? internal::SqliteFactory(*parsed)
                                            : internal::MysqlFactory(*parsed, options.read_timeout);
  auto pool =
      std::make_unique<ConnectionPool>(std::move(factory), std::move(options), parsed->dialect);
  // Two sessions: a stream writes one batch at a time, and a second caller need not wait for it.
  std::unique_ptr<BulkPool> bulk =
      parsed->dialect == Dialect::kMysql ? internal::MariadbBulkPool(*parsed, 2) : nullptr;
  return std::unique_ptr<Database>(
      new Database(parsed->dialect, parsed->redacted, std::move(pool), std::move(bulk)));
}

Database::Database(Dialect dialect, std::string redacted_url, std::unique_ptr<ConnectionPool> pool,
                   std::unique_ptr<BulkPool> bulk)
    : dialect_(dialect),
      redacted_url_(std::move(redacted_url)),
      pool_(std::move(pool)),
      bulk_(std::move(bulk)) {}

Database::~Database() = default;

absl::Status Database::WithConnection(const std::function<absl::Status(Connection&)>& fn) {
  return OnConnection(false, fn);
}

absl::Status Database::OnConnection(bool for_transaction,
                                    const std::function<absl::Status(Connection&)>& fn) {
  if (absl::Status live = call::CheckLimits(); !live.ok()) return live;
  absl::StatusOr<std::unique_ptr<Connection>> conn = pool_->Acquire(for_transaction);
  if (!conn.ok()) return conn.status();
  absl::Status status = fn(**conn);
  pool_->Release(*std::move(conn), for_transaction);
  return status;
}

absl::Status Database::InTransaction(const std::function<absl::Status(Connection&)>& fn) {
  return OnConnection(true, [&](Connection& conn) -> absl::Status {
    if (absl::Status s = conn.Begin(); !s.ok()) return s;
    absl::Status status = fn(conn);
    if (status.ok()) {
      status = conn.Commit();
      if (status.ok()) return status;
    }
    // The rollback's own failure matters less than why we are rolling back.
    (void)conn.Rollback();
    return status;
  });
}

absl::StatusOr<Result> Database::Execute(absl::string_view sql, const std::vector<Value>& params) {
  absl::StatusOr<Result> result;
  absl::Status status = WithConnection([&](Connection& conn) {
    result = conn.Execute(sql, params);
    return result.status();
  });
  if (!status.ok()) return status;
  return result;
}

absl::Status Database::Ping() { return Execute("SELECT 1").status(); }

PoolStats Database::stats() const { return pool_->stats(); }

}  // namespace fazhi::db

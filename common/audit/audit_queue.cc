#include "common/audit/audit_queue.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/log/log.h"
#include "prometheus/counter.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"

namespace fazhi::audit {

AuditQueue::AuditQueue(db::Database* db, AuditQueueOptions options)
    : db_(db), options_(std::move(options)) {
  if (options_.metrics) {
    dropped_counter_ =
        &prometheus::BuildCounter()
             .Name("fazhi_audit_denials_dropped_total")
             .Help("Denied calls whose audit entry was dropped because the audit queue was full")
             .Register(*options_.metrics)
             .Add({{"service", options_.service}});
    written_counter_ = &prometheus::BuildCounter()
                            .Name("fazhi_audit_denials_written_total")
                            .Help("Audit entries of denied calls written by the audit queue")
                            .Register(*options_.metrics)
                            .Add({{"service", options_.service}});
    length_gauge_ = &prometheus::BuildGauge()
                         .Name("fazhi_audit_queue_length")
                         .Help("Audit entries of denied calls waiting to be written")
                         .Register(*options_.metrics)
                         .Add({{"service", options_.service}});
  }
  writer_ = std::thread([this] { Run(); });
}

AuditQueue::~AuditQueue() { Drain(absl::Now() + absl::Seconds(5)); }

uint64_t AuditQueue::Enqueue(QueuedEntry entry) {
  absl::MutexLock lock(&mu_);
  if (draining_ || static_cast<int>(queue_.size()) >= options_.capacity) {
    CountDropped(1);
    return 0;
  }
  uint64_t ticket = next_ticket_++;
  queue_.emplace_back(ticket, std::move(entry));
  if (length_gauge_) length_gauge_->Set(static_cast<double>(queue_.size()));
  return ticket;
}

void AuditQueue::CountDropped(uint64_t n) {
  dropped_ += n;
  dropped_unlogged_ += n;
  if (dropped_counter_) dropped_counter_->Increment(static_cast<double>(n));
  absl::Time now = absl::Now();
  if (now - last_drop_log_ >= options_.drop_log_interval) {
    log::Warning("denied calls not audited: the audit queue is full",
                 {{"dropped", absl::StrCat(dropped_unlogged_)},
                  {"capacity", absl::StrCat(options_.capacity)}});
    dropped_unlogged_ = 0;
    last_drop_log_ = now;
  }
}

bool AuditQueue::WaitWritten(uint64_t ticket, absl::Time deadline) {
  absl::MutexLock lock(&mu_);
  auto done = [this, ticket]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return written_through_ >= ticket || stop_;
  };
  return mu_.AwaitWithDeadline(absl::Condition(&done), deadline) && written_through_ >= ticket;
}

void AuditQueue::Drain(absl::Time deadline) {
  {
    absl::MutexLock lock(&mu_);
    if (!writer_.joinable()) return;
    draining_ = true;
    auto empty = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      return queue_.empty() && written_through_ + 1 >= next_ticket_;
    };
    mu_.AwaitWithDeadline(absl::Condition(&empty), deadline);
    stop_ = true;
    if (!queue_.empty()) {
      uint64_t left = queue_.size();
      written_through_ = std::max(written_through_, queue_.back().first);
      queue_.clear();
      last_drop_log_ = absl::InfinitePast();
      CountDropped(left);
    }
  }
  writer_.join();
}

uint64_t AuditQueue::dropped() const {
  absl::MutexLock lock(&mu_);
  return dropped_;
}

uint64_t AuditQueue::written() const {
  absl::MutexLock lock(&mu_);
  return written_;
}

void AuditQueue::Run() {
  for (;;) {
    std::deque<std::pair<uint64_t, QueuedEntry>> batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return !queue_.empty() || stop_; };
      mu_.Await(absl::Condition(&ready));
      if (queue_.empty()) return;  // stopping, nothing left
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.batch_size) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
      if (length_gauge_) length_gauge_->Set(static_cast<double>(queue_.size()));
    }
    WriteBatch(batch);
    absl::MutexLock lock(&mu_);
    written_through_ = std::max(written_through_, batch.back().first);
    written_ += batch.size();
    if (written_counter_) written_counter_->Increment(static_cast<double>(batch.size()));
  }
}

void AuditQueue::WriteBatch(const std::deque<std::pair<uint64_t, QueuedEntry>>& batch) {
  auto write = [](db::Connection& conn, const QueuedEntry& e) {
    return Write(conn, e.context, e.target_type, e.target_id, e.action, e.changes, e.time);
  };
  absl::Status status = db_->InTransaction([&](db::Connection& conn) -> absl::Status {
    for (const auto& item : batch) {
      if (absl::Status s = write(conn, item.second); !s.ok()) return s;
    }
    return absl::OkStatus();
  });
  if (status.ok()) return;
  // One entry the database refuses must not cost the others theirs.
  int failed = 0;
  absl::Status last;
  for (const auto& item : batch) {
    const QueuedEntry& e = item.second;
    absl::Status s = db_->WithConnection([&](db::Connection& conn) { return write(conn, e); });
    if (!s.ok()) {
      ++failed;
      last = s;
    }
  }
  if (failed > 0) {
    log::Error("cannot audit denied calls",
               {{"entries", absl::StrCat(failed)}, {"error", last.message()}});
  }
}

}  // namespace fazhi::audit

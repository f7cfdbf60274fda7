#include "services/statistics/app/ingest_session.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/app/request_key.h"

namespace fazhi::statistics {

absl::StatusOr<bool> IngestSession::Start(const ImportSettings& settings) {
  if (absl::Status s = CheckImportSettings(settings); !s.ok()) return s;
  settings_ = settings;
  // From here on the request id is the caller's key (common/app/request_key.h).
  settings_->request_id = app::RequestKey(caller_, settings.request_id);
  absl::StatusOr<std::optional<ImportResult>> replay = import_->FindReplay(settings_->request_id);
  if (!replay.ok()) return replay.status();
  if (replay->has_value()) {
    replay_ = **std::move(replay);
    return false;
  }
  result_.dry_run = settings.dry_run;
  return true;
}

absl::Status IngestSession::CheckHeldLimits(int64_t rows, int64_t bytes) {
  bytes_ += bytes;
  // Checked before the points are kept, so a refused stream holds nothing more.
  if (settings_->all_or_nothing && bytes_ > max_all_or_nothing_bytes_) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "options.all_or_nothing: a stream of more than ", max_all_or_nothing_bytes_,
        " bytes (--max_all_or_nothing_stream_bytes) cannot be held back until its end; nothing "
        "was written; send it without all_or_nothing, or split it"));
  }
  if (settings_->all_or_nothing && rows_ + rows > kMaxAllOrNothingStream) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "options.all_or_nothing: a stream of more than ", kMaxAllOrNothingStream,
        " points cannot be held back until its end; nothing was written; send it without "
        "all_or_nothing, or split it"));
  }
  return absl::OkStatus();
}

absl::Status IngestSession::Add(std::vector<PointInput> points, int64_t bytes, absl::Time now) {
  caller_.now = now;
  if (absl::Status s = CheckHeldLimits(static_cast<int64_t>(points.size()), bytes); !s.ok()) {
    return s;
  }
  for (PointInput& p : points) {
    p.row = rows_++;
    pending_.push_back(std::move(p));
  }
  pending_bytes_ += bytes;
  if (pending_.size() >= kStreamBatch || pending_bytes_ >= kStreamBatchBytes) return Flush();
  return absl::OkStatus();
}

absl::Status IngestSession::AddRows(std::vector<PointInput> points,
                                    std::vector<RowRejection> unreadable, int64_t bytes,
                                    absl::Time now) {
  caller_.now = now;
  const int64_t rows = static_cast<int64_t>(points.size() + unreadable.size());
  if (absl::Status s = CheckHeldLimits(rows, bytes); !s.ok()) return s;
  rows_ += rows;
  pending_bytes_ += bytes;
  // Merged in row order and checked kStreamBatch rows at a time, however many rows one message
  // completes.
  auto point = points.begin();
  auto refused = unreadable.begin();
  while (point != points.end() || refused != unreadable.end()) {
    if (refused == unreadable.end() || (point != points.end() && point->row < refused->index)) {
      pending_.push_back(std::move(*point++));
    } else {
      pending_unreadable_.push_back(std::move(*refused++));
    }
    if (pending_.size() + pending_unreadable_.size() >= kStreamBatch) {
      if (absl::Status s = Flush(); !s.ok()) return s;
    }
  }
  if (pending_bytes_ >= kStreamBatchBytes) return Flush();
  return absl::OkStatus();
}

absl::StatusOr<ImportResult> IngestSession::End(absl::Time now) {
  caller_.now = now;
  // An empty stream imports nothing.
  if (!settings_) return ImportResult();
  if (replay_) return *std::move(replay_);
  if (!pending_.empty() || !pending_unreadable_.empty()) {
    if (absl::Status s = Flush(); !s.ok()) return s;
  }
  if (absl::Status s = FinishWrites(0); !s.ok()) return s;
  if (!settings_->dry_run) {
    std::string receipt = import_->receipts().Encode(result_);
    ImportStore* store = import_->store();
    // The batches were checked against the locks read before each; the one write checks them
    // again in its transaction.
    LockCheck locks;
    if (settings_->all_or_nothing) {
      locks = import_->StreamLockCheck(
          held_,
          "nothing of the stream was written; send it again, and the locked figures are "
          "refused");
    }
    absl::Status recorded =
        settings_->all_or_nothing
            ? store->WritePoints(held_, settings_->source, caller_.audit, settings_->request_id,
                                 receipt, caller_.now, &locks)
        : settings_->request_id.empty()
            ? absl::OkStatus()
            : store->RecordImport(settings_->request_id, receipt, caller_.audit.actor, caller_.now);
    // ALREADY_EXISTS: the same stream ran beside this one and finished first. Its points were
    // the same, so nothing was written twice.
    if (!recorded.ok() && recorded.code() != absl::StatusCode::kAlreadyExists) return recorded;
  }
  return std::move(result_);
}

absl::Status IngestSession::Flush() {
  // A batch of unreadable rows only has nothing to look up.
  absl::StatusOr<CheckedBatch> batch =
      pending_.empty() ? CheckedBatch()
                       : import_->CheckBatch(caller_, pending_, settings_->mode, list_, &seen_);
  pending_.clear();
  pending_bytes_ = 0;
  if (!batch.ok()) return batch.status();
  if (!pending_unreadable_.empty()) {
    std::move(pending_unreadable_.begin(), pending_unreadable_.end(),
              std::back_inserter(batch->rejected));
    pending_unreadable_.clear();
    std::stable_sort(
        batch->rejected.begin(), batch->rejected.end(),
        [](const RowRejection& a, const RowRejection& b) { return a.index < b.index; });
  }
  AddToResult(*batch, &result_);
  if (settings_->all_or_nothing && !batch->rejected.empty()) {
    return AllOrNothingRefusal(batch->rejected.front(), result_.rejected);
  }
  // Rules are checked batch by batch against the figures stored so far, the previous batches'
  // (taken from memory: their writes may still be running, and waiting for them here would leave
  // the database idle while the rules read) and this batch's.
  std::vector<RuleWarning> found;
  std::vector<const std::vector<PointWrite>*> earlier;
  for (const Write& w : writing_) earlier.push_back(w.points.get());
  if (absl::Status s = import_->AddWarnings(*batch, &found, earlier); !s.ok()) return s;
  MergeWarnings(std::move(found));
  // A batch of refused or unchanged rows only has nothing to write.
  if (settings_->dry_run || batch->writes.empty()) return absl::OkStatus();
  if (settings_->all_or_nothing) {
    std::move(batch->writes.begin(), batch->writes.end(), std::back_inserter(held_));
    return absl::OkStatus();
  }
  // Written while the next batch is read and checked, and on MariaDB beside the previous
  // batch's write: the work then overlaps instead of taking turns. Keys never repeat across
  // batches (seen_ refuses them), so neither checking nor writing a batch depends on an earlier
  // one's write; the commits keep stream order (StartWrite).
  const size_t at_once = static_cast<size_t>(std::max(1, import_->store()->StreamWritesAtOnce()));
  if (absl::Status s = FinishWrites(at_once - 1); !s.ok()) return s;
  StartWrite(std::move(batch->writes));
  return absl::OkStatus();
}

absl::Status IngestSession::FinishWrites(size_t keep) {
  absl::Status first;
  while (writing_.size() > keep) {
    first.Update(writing_.front().done.get());
    writing_.pop_front();
  }
  return first;
}

void IngestSession::StartWrite(std::vector<PointWrite> writes) {
  Write write;
  write.points = std::make_shared<const std::vector<PointWrite>>(std::move(writes));
  std::shared_future<absl::Status> previous;
  if (!writing_.empty()) {
    // The newest write still running must hold its session before this one asks for one: a
    // write waiting in before_commit for an earlier one then never holds the session that one
    // needs, however many streams share the pool.
    writing_.back().began.wait();
    previous = writing_.back().done;
  }
  auto began = std::make_shared<std::promise<void>>();
  write.began = began->get_future().share();
  // The batch was checked against the locks read before it; its write checks them again in its
  // transaction.
  auto locks = std::make_shared<const LockCheck>(import_->StreamLockCheck(
      *write.points,
      "the stream's earlier batches are stored, this batch and the later ones are not; send the "
      "rest of the stream again, and the locked figures are refused"));
  // The task's state outlives the task (the next write's task holds its future), so the task
  // lets go of its points and of the previous write's future when it ends: kept, they would
  // chain every batch of the stream in memory.
  write.done = std::async(std::launch::async, [store = import_->store(), points = write.points,
                                               began, previous, locks, source = settings_->source,
                                               caller = caller_]() mutable {
                 bool told = false;
                 auto tell = [&] {
                   if (!std::exchange(told, true)) began->set_value();
                 };
                 BatchOrder order{tell, [&] {
                                    // A batch whose predecessor failed is rolled back with
                                    // that failure.
                                    return previous.valid() ? previous.get() : absl::OkStatus();
                                  }};
                 absl::Status s = store->WriteStreamBatch(*points, source, caller.audit, caller.now,
                                                          order, locks.get());
                 tell();  // also when it failed before holding a session
                 points.reset();
                 locks.reset();
                 previous = {};
                 return s;
               }).share();
  writing_.push_back(std::move(write));
}

void IngestSession::MergeWarnings(std::vector<RuleWarning> found) {
  for (RuleWarning& w : found) {
    auto key = std::make_tuple(w.rule_id, w.department_id, time_util::PeriodKey(w.period));
    auto it = warning_index_.find(key);
    if (it != warning_index_.end()) {
      result_.warnings[it->second] = std::move(w);
    } else if (result_.warnings.size() < static_cast<size_t>(kMaxListedRejections)) {
      warning_index_[key] = result_.warnings.size();
      result_.warnings.push_back(std::move(w));
    }
  }
}

}  // namespace fazhi::statistics

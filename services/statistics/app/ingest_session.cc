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
  if (absl::Status s = FinishWrite(); !s.ok()) return s;
  if (!settings_->dry_run) {
    std::string receipt = import_->receipts().Encode(result_);
    ImportStore* store = import_->store();
    absl::Status recorded =
        settings_->all_or_nothing
            ? store->WritePoints(held_, settings_->source, caller_.audit, settings_->request_id,
                                 receipt, caller_.now, nullptr)
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
  // Rules are checked batch by batch against the figures stored so far, the previous batch's
  // (taken from memory: its write may still be running, and waiting for it here would leave the
  // database idle while the rules read) and this batch's.
  std::vector<RuleWarning> found;
  if (absl::Status s = import_->AddWarnings(*batch, &found, in_flight_.get()); !s.ok()) return s;
  MergeWarnings(std::move(found));
  // A batch of refused or unchanged rows only has nothing to write.
  if (settings_->dry_run || batch->writes.empty()) return absl::OkStatus();
  if (settings_->all_or_nothing) {
    std::move(batch->writes.begin(), batch->writes.end(), std::back_inserter(held_));
    return absl::OkStatus();
  }
  // One write at a time, in stream order, so a failed batch leaves every later one unwritten.
  if (absl::Status s = FinishWrite(); !s.ok()) return s;
  // Written while the next batch is read and checked: the two halves of the work then overlap
  // instead of taking turns. Keys never repeat across batches (seen_ refuses them), so checking
  // the next batch does not depend on this one's write.
  in_flight_ = std::make_shared<const std::vector<PointWrite>>(std::move(batch->writes));
  writing_ = std::async(std::launch::async, [store = import_->store(), writes = in_flight_,
                                             source = settings_->source, caller = caller_] {
    return store->WritePoints(*writes, source, caller.audit, "", "", caller.now, nullptr);
  });
  return absl::OkStatus();
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

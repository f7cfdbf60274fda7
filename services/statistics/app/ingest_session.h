#ifndef FAZHI_SERVICES_STATISTICS_APP_INGEST_SESSION_H_
#define FAZHI_SERVICES_STATISTICS_APP_INGEST_SESSION_H_

// One streamed import (IngestDataPoints): points are checked and written kStreamBatch at a time,
// each batch's write overlapping the reading and checking of the next (and, where the database
// takes writers side by side, the previous batch's write), so memory stays bounded however long
// the stream. The api's stream consumer feeds it message by message.

#include <cstdint>
#include <deque>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "services/statistics/app/import_points.h"

namespace fazhi::statistics {

// A stream is checked and written this many points at a time, each batch in one transaction of
// multi-row inserts: few round trips, and memory bounded however long the stream.
inline constexpr size_t kStreamBatch = 5000;
// Points of any one batch are also checked early once their messages reach this many bytes, so
// a few large points cannot make the pending batch grow past it.
inline constexpr int64_t kStreamBatchBytes = 8 << 20;
// An all-or-nothing stream holds every write until its end, so it is bounded by points and by
// the bytes of its messages (the byte limit is the server's --max_all_or_nothing_stream_bytes).
inline constexpr int64_t kMaxAllOrNothingStream = 1000000;
inline constexpr int64_t kDefaultMaxAllOrNothingStreamBytes = 64 << 20;

class IngestSession {
 public:
  // keys: where and when the stream's keys spill to scratch files (SubmittedKeys).
  IngestSession(ImportPoints* import, Caller caller,
                int64_t max_all_or_nothing_bytes = kDefaultMaxAllOrNothingStreamBytes,
                spill::FingerprintSetOptions keys = {})
      : import_(import),
        caller_(std::move(caller)),
        seen_(std::move(keys)),
        max_all_or_nothing_bytes_(max_all_or_nothing_bytes) {}
  // An early end leaves the writes still running to finish before anything they use goes.
  ~IngestSession() { (void)FinishWrites(0); }
  IngestSession(const IngestSession&) = delete;
  IngestSession& operator=(const IngestSession&) = delete;

  bool started() const { return settings_.has_value(); }
  // Starts the stream with its settings. False when its request id was seen before: nothing of
  // it will be written again, so the rest need not be read, and End answers the first result.
  absl::StatusOr<bool> Start(const ImportSettings& settings);
  // Adds the points of one message (bytes: its encoded size), numbering them by their position in
  // the whole stream. now: when the message arrived; a batch it completes is checked and stamped
  // at that time. An all-or-nothing stream past its limits is RESOURCE_EXHAUSTED naming the limit;
  // nothing of it has been written then.
  absl::Status Add(std::vector<PointInput> points, int64_t bytes, absl::Time now);
  // As Add, for rows the caller numbered (a CSV's data rows, counted from the first): points and
  // unreadable (rows refused before checking), each in row order, together one run of rows after
  // those added before. A batch holds both, and its rejections are listed in row order.
  absl::Status AddRows(std::vector<PointInput> points, std::vector<RowRejection> unreadable,
                       int64_t bytes, absl::Time now);
  // How rejected rows are named: "points" (points[3].value), or "csv" for a streamed CSV.
  void set_list(std::string list) { list_ = std::move(list); }
  // Writes what is left, at now, and answers the stream's result (empty when it never started).
  absl::StatusOr<ImportResult> End(absl::Time now);

 private:
  // Waits for the oldest writes still running until at most keep are; the first failure, if any.
  absl::Status FinishWrites(size_t keep);
  // Starts writing writes beside those still running, committed after them.
  void StartWrite(std::vector<PointWrite> writes);
  // Counts bytes more bytes, and refuses an all-or-nothing stream that rows more rows and those
  // bytes would take past its limits.
  absl::Status CheckHeldLimits(int64_t rows, int64_t bytes);
  absl::Status Flush();
  // A (rule, unit, period) checked again in a later batch, with more of its figures, replaces
  // what an earlier batch found. At most kMaxListedRejections are kept.
  void MergeWarnings(std::vector<RuleWarning> found);

  ImportPoints* import_;
  Caller caller_;
  std::optional<ImportSettings> settings_;
  std::optional<ImportResult> replay_;
  ImportResult result_;
  SubmittedKeys seen_;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> warning_index_;
  std::string list_ = "points";
  std::vector<PointInput> pending_;
  std::vector<RowRejection> pending_unreadable_;  // AddRows: refused rows of the pending batch
  std::vector<PointWrite> held_;                  // all-or-nothing: written together at the end
  int64_t rows_ = 0;
  int64_t max_all_or_nothing_bytes_;
  int64_t bytes_ = 0;          // of the whole stream
  int64_t pending_bytes_ = 0;  // of the messages whose points are in pending_
  // A batch's write, still running while the next batch is read and checked.
  struct Write {
    // What it writes: the next batches' rules count them as stored.
    std::shared_ptr<const std::vector<PointWrite>> points;
    std::shared_future<void> began;  // its transaction holds a database session
    std::shared_future<absl::Status> done;
  };
  std::deque<Write> writing_;  // oldest first
};

}  // namespace fazhi::statistics

#endif  // FAZHI_SERVICES_STATISTICS_APP_INGEST_SESSION_H_

#ifndef FAZHI_COMMON_DB_BULK_H_
#define FAZHI_COMMON_DB_BULK_H_

// Bulk writes on MariaDB: LOAD DATA LOCAL INFILE from memory over raw libmariadb sessions, for
// batches of thousands of rows. Connector/C++ 1.1 binds every value of a multi-row INSERT one
// call at a time, and MariaDB parses and checks those statements at a higher cost per row than
// LOAD DATA (docs/benchmarks.md, Ingestion). The rows travel as text in LOAD DATA's own format,
// escaped here, so no value is ever spliced into SQL text. SQLite has no such path: its
// prepared-statement loop is already its ceiling.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/db/database.h"

namespace fazhi::db {

// Rows in LOAD DATA's default text format: fields end at a tab, rows at a newline, a backslash
// escapes tab, newline, carriage return, NUL, Ctrl-Z and itself, and \N is NULL. Any bytes
// (UTF-8 text included) round-trip exactly.
class LoadDataRows {
 public:
  LoadDataRows& Text(absl::string_view text);
  LoadDataRows& Int(int64_t n);
  LoadDataRows& Null();
  // Text, Int or Null as the value holds.
  LoadDataRows& Add(const Value& value);
  void EndRow();

  size_t rows() const { return rows_; }
  const std::string& data() const { return data_; }

 private:
  void StartField();

  std::string data_;
  size_t rows_ = 0;
  bool in_row_ = false;
};

// One raw session inside a transaction (BulkPool::InTransaction). Its Execute runs prepared
// statements and answers rows and errors as the main pool's connections do, so a store can run
// the same reads in a bulk write's transaction as in any other (a period lock check, say).
class BulkSession : public Connection {
 public:
  // LOAD DATA LOCAL INFILE of rows into table (columns), which are the caller's own constant
  // names. LOCAL makes MariaDB skip a row with a duplicate key, and store a bad value as best it
  // can, with only a warning: so this fails unless every row landed as sent (rows stored ==
  // rows sent, no warning), with the error the first warning names (duplicate key:
  // ALREADY_EXISTS, as an INSERT would give). The transaction must then be rolled back.
  // UNIMPLEMENTED when the server does not allow LOCAL (local_infile=OFF).
  virtual absl::Status LoadData(absl::string_view table, absl::string_view columns,
                                const LoadDataRows& rows) = 0;
};

// A small pool of raw sessions to the database a mysql:// URL names, made as the Connector/C++
// pool makes its own (utf8mb4 with utf8mb4_unicode_ci, the same sql_mode, READ COMMITTED, the
// same timeouts) and opened on first use. Database::bulk() holds one.
class BulkPool {
 public:
  virtual ~BulkPool() = default;
  // Runs fn in one transaction on one session: committed when fn returns OK, rolled back
  // otherwise (so a failed LoadData leaves nothing of the batch).
  virtual absl::Status InTransaction(const std::function<absl::Status(BulkSession&)>& fn) = 0;
};

}  // namespace fazhi::db

#endif  // FAZHI_COMMON_DB_BULK_H_

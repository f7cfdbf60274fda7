// The SQL layer's contract, run unchanged on SQLite and on MariaDB (FAZHI_TEST_BACKEND).

#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/blocking_counter.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/call/limits.h"
#include "common/db/bulk.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "gtest/gtest.h"
#include "tests/support/test_database.h"

namespace fazhi::db {
namespace {

const std::vector<Migration>& TestMigrations() {
  static const auto* m = new std::vector<Migration>{
      {1, "0001_notes.sql", "",
       "CREATE TABLE notes (id VARCHAR(63) NOT NULL PRIMARY KEY, body VARCHAR(200) NULL, "
       "amount_fen BIGINT NOT NULL); CREATE INDEX ix_notes_amount ON notes (amount_fen);"},
      {2, "0002_tags.sql", "",
       "CREATE TABLE tags (note_id VARCHAR(63) NOT NULL, tag VARCHAR(20) NOT NULL)"},
  };
  return *m;
}

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::TestDatabase>> t = testing::TestDatabase::Create();
    ASSERT_TRUE(t.ok()) << t.status();
    test_db_ = *std::move(t);
    absl::StatusOr<int> applied = Migrate(db(), TestMigrations());
    ASSERT_TRUE(applied.ok()) << applied.status();
    ASSERT_EQ(*applied, 2);
  }
  Database& db() { return test_db_->db(); }
  std::unique_ptr<testing::TestDatabase> test_db_;
};

TEST_F(DbTest, ChineseAndFourByteTextRoundTripUnchanged) {
  const std::string text = "济源市生态环境局 济环罚〔2021〕12号 𠀀😀";
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                           {std::string("n1"), text, int64_t{1500000000}})
                  .ok());
  absl::StatusOr<Result> r =
      db().Execute("SELECT body, amount_fen FROM notes WHERE id = ?", {std::string("n1")});
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 1u);
  EXPECT_EQ(r->rows[0].Text(0), text);
  EXPECT_EQ(r->rows[0].Int(1), 1500000000);
  // Lookups by Chinese text use the index and the same bytes.
  r = db().Execute("SELECT id FROM notes WHERE body = ?", {text});
  ASSERT_EQ(r->rows.size(), 1u);
}

TEST_F(DbTest, NullsAndLargeIntegersSurvive) {
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                           {std::string("n1"), Null(), int64_t{9007199254740993}})
                  .ok());
  absl::StatusOr<Result> r = db().Execute("SELECT body, amount_fen FROM notes");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->rows[0].IsNull(0));
  EXPECT_EQ(r->rows[0].Int(1), 9007199254740993);  // beyond double precision
  r = db().Execute("SELECT SUM(amount_fen) FROM notes");
  EXPECT_EQ(r->rows[0].Int(0), 9007199254740993);
}

// MariaDB's bulk sessions run a store's reads in a LOAD DATA write's transaction (the period
// lock check): their rows must read as the main pool's do. SQLite has no bulk sessions.
TEST_F(DbTest, ABulkSessionReadsRowsAsThePoolDoes) {
  if (test_db_->backend() != "mysql") {
    EXPECT_EQ(db().bulk(), nullptr);
    return;
  }
  ASSERT_NE(db().bulk(), nullptr);
  const std::string text = "济源市生态环境局 济环罚〔2021〕12号 𠀀😀";
  for (const std::vector<Value>& row :
       {std::vector<Value>{std::string("n1"), text, int64_t{9007199254740993}},
        std::vector<Value>{std::string("n2"), Null(), int64_t{-7}},
        std::vector<Value>{std::string("n3"), std::string(100, 'x'), int64_t{0}}}) {
    ASSERT_TRUE(
        db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)", row).ok());
  }
  absl::Status s = db().bulk()->InTransaction([&](BulkSession& session) -> absl::Status {
    EXPECT_EQ(session.dialect(), Dialect::kMysql);
    // Twice: the prepared statement runs again once its rows were read.
    for (int round = 0; round < 2; ++round) {
      absl::StatusOr<Result> r = session.Execute(
          "SELECT id, body, amount_fen FROM notes WHERE id IN (?, ?, ?) ORDER BY id",
          {std::string("n1"), std::string("n2"), std::string("n3")});
      if (!r.ok()) return r.status();
      EXPECT_EQ(r->rows.size(), 3u);
      if (r->rows.size() != 3) continue;
      EXPECT_EQ(r->rows[0].Text(0), "n1");
      EXPECT_EQ(r->rows[0].Text(1), text);
      EXPECT_EQ(r->rows[0].Int(2), 9007199254740993);
      EXPECT_TRUE(r->rows[1].IsNull(1));
      EXPECT_EQ(r->rows[1].Int(2), -7);
      EXPECT_EQ(r->rows[2].Text(1), std::string(100, 'x'));
      EXPECT_FALSE(r->rows[2].IsNull(1));
    }
    // A DECIMAL sum reads as its text, which Int converts, as on the pool.
    absl::StatusOr<Result> sum = session.Execute("SELECT SUM(amount_fen) FROM notes", {});
    if (!sum.ok()) return sum.status();
    EXPECT_EQ(sum->rows.at(0).Int(0), 9007199254740993 - 7);
    absl::StatusOr<Result> none =
        session.Execute("SELECT id FROM notes WHERE id = ?", {std::string("absent")});
    if (!none.ok()) return none.status();
    EXPECT_TRUE(none->rows.empty());
    absl::StatusOr<Result> changed = session.Execute(
        "UPDATE notes SET amount_fen = amount_fen + 1 WHERE amount_fen < ?", {int64_t{1}});
    if (!changed.ok()) return changed.status();
    EXPECT_EQ(changed->affected_rows, 2);
    EXPECT_TRUE(changed->rows.empty());
    return absl::OkStatus();
  });
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_EQ(db().Execute("SELECT amount_fen FROM notes WHERE id = 'n2'")->rows.at(0).Int(0), -6);
}

TEST_F(DbTest, MoreDistinctStatementsThanTheServersPreparedStatementCapAllRun) {
  // IN lists of every length are distinct statements; each connection caches a bounded number,
  // so a long-running service never reaches MariaDB's max_prepared_stmt_count.
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                           {std::string("n1"), std::string("x"), int64_t{7}})
                  .ok());
  // More distinct statements than MariaDB's default cap of 16,382.
  for (int n = 1; n <= 16500; ++n) {
    std::vector<Value> params;
    std::string marks;
    for (int i = 0; i < n % 5 + 1; ++i) {
      params.push_back(std::string(i == 0 ? "n1" : "nx"));
      absl::StrAppend(&marks, i == 0 ? "?" : ", ?");
    }
    absl::StatusOr<Result> r = db().Execute(
        absl::StrCat("SELECT amount_fen + ", n, " FROM notes WHERE id IN (", marks, ")"), params);
    ASSERT_TRUE(r.ok()) << n << ": " << r.status();
    ASSERT_EQ(r->rows.size(), 1u);
    EXPECT_EQ(r->rows[0].Int(0), 7 + n);
  }
}

TEST_F(DbTest, DuplicateKeyIsAlreadyExists) {
  std::vector<Value> row{std::string("n1"), std::string("a"), int64_t{1}};
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)", row).ok());
  absl::Status s =
      db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)", row).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists) << s;
}

TEST_F(DbTest, FailedTransactionWritesNothing) {
  absl::Status s = db().InTransaction([](Connection& conn) -> absl::Status {
    auto r = conn.Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                          {std::string("n1"), std::string("a"), int64_t{1}});
    if (!r.ok()) return r.status();
    return absl::InvalidArgumentError("rule broken after the first write");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(db().Execute("SELECT COUNT(*) FROM notes")->rows[0].Int(0), 0);
  // And a good one commits both writes together.
  ASSERT_TRUE(db().InTransaction([](Connection& conn) -> absl::Status {
                    for (const char* id : {"a", "b"}) {
                      auto r =
                          conn.Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                                       {std::string(id), Null(), int64_t{2}});
                      if (!r.ok()) return r.status();
                    }
                    return absl::OkStatus();
                  })
                  .ok());
  EXPECT_EQ(db().Execute("SELECT COUNT(*) FROM notes")->rows[0].Int(0), 2);
}

// The client's read timeout is the pool's (DatabaseOptions::read_timeout): a statement that
// outlasts it loses its session, and a pool with a longer one waits for it. Schema migrations run
// on such a pool (common/grpc/server.cc): building an index over a large table takes minutes.
TEST_F(DbTest, AStatementOutlastingTheReadTimeoutFailsAndALongerTimeoutWaitsForIt) {
  if (db().dialect() != Dialect::kMysql) {
    GTEST_SKIP() << "SQLite runs in the process: there is no client to time out";
  }
  DatabaseOptions impatient;
  impatient.pool_size = 1;
  impatient.read_timeout = absl::Seconds(1);
  absl::StatusOr<std::unique_ptr<Database>> short_wait = Database::Open(test_db_->url(), impatient);
  ASSERT_TRUE(short_wait.ok()) << short_wait.status();
  absl::StatusOr<Result> cut = (*short_wait)->Execute("SELECT SLEEP(2)");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.status().code(), absl::StatusCode::kUnavailable) << cut.status();

  DatabaseOptions patient = impatient;
  patient.read_timeout = absl::Seconds(10);
  absl::StatusOr<std::unique_ptr<Database>> long_wait = Database::Open(test_db_->url(), patient);
  ASSERT_TRUE(long_wait.ok()) << long_wait.status();
  absl::StatusOr<Result> waited = (*long_wait)->Execute("SELECT SLEEP(2)");
  ASSERT_TRUE(waited.ok()) << waited.status();
  EXPECT_EQ(waited->rows[0].Int(0), 0);  // SLEEP answers 0 when it slept its whole time
}

// MariaDB sessions keep autocommit off after a transaction (common/db/mysql.cc): a statement run
// outside a transaction on such a session must still be committed by itself, seen at once by
// every other session, and a transaction after it must still be all-or-nothing.
TEST_F(DbTest, ASessionThatRanATransactionCommitsAStatementOutsideOneAtOnce) {
  DatabaseOptions one;
  one.pool_size = 1;  // every call below gets the same session
  absl::StatusOr<std::unique_ptr<Database>> single = Database::Open(test_db_->url(), one);
  ASSERT_TRUE(single.ok()) << single.status();
  Database& same = **single;
  auto insert = [](Connection& conn, const char* id) {
    return conn
        .Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                 {std::string(id), Null(), int64_t{1}})
        .status();
  };
  auto count_elsewhere = [&] {
    // The fixture's pool: other sessions than the one above.
    return db().Execute("SELECT COUNT(*) FROM notes")->rows[0].Int(0);
  };
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    std::string t = absl::StrCat("t", round), alone = absl::StrCat("alone", round);
    ASSERT_TRUE(same.InTransaction([&](Connection& conn) { return insert(conn, t.c_str()); }).ok());
    EXPECT_EQ(count_elsewhere(), 2 * round + 1);
    ASSERT_TRUE(same.Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                             {alone, Null(), int64_t{2}})
                    .ok());
    EXPECT_EQ(count_elsewhere(), 2 * round + 2) << "a statement outside a transaction waits";
    absl::Status refused = same.InTransaction([&](Connection& conn) -> absl::Status {
      if (absl::Status s = insert(conn, "never"); !s.ok()) return s;
      return absl::FailedPreconditionError("refused after its write");
    });
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    // Several statements on one session outside a transaction: each lands on its own.
    ASSERT_TRUE(same.WithConnection([&](Connection& conn) -> absl::Status {
                      if (absl::Status s = insert(conn, "each"); !s.ok()) return s;
                      EXPECT_EQ(count_elsewhere(), 2 * round + 3);
                      return conn.Execute("DELETE FROM notes WHERE id = 'each'").status();
                    })
                    .ok());
    EXPECT_EQ(count_elsewhere(), 2 * round + 2);
  }
  if (same.dialect() == Dialect::kMysql) {
    // Three transactions and a refused one in a row took one switch into transactions each
    // round, never a START TRANSACTION.
    absl::StatusOr<Result> begun = same.Execute("SHOW SESSION STATUS LIKE 'Com_begin'");
    ASSERT_TRUE(begun.ok()) << begun.status();
    EXPECT_EQ(begun->rows.at(0).Int(1), 0);
  }
}

// Transactions and single statements take sessions of their own kind (last used for the same),
// opening one while the pool may grow rather than switching a session between the two: a busy
// MariaDB pool would otherwise send SET autocommit before most statements.
TEST_F(DbTest, ThePoolKeepsSessionsForTransactionsApartFromThoseForSingleStatements) {
  DatabaseOptions options;
  options.pool_size = 3;
  absl::StatusOr<std::unique_ptr<Database>> pool = Database::Open(test_db_->url(), options);
  ASSERT_TRUE(pool.ok()) << pool.status();
  // On MariaDB each transaction also reads how many SET statements its session has run (its
  // setup, and SET autocommit each time it switches).
  const bool mysql = (*pool)->dialect() == Dialect::kMysql;
  std::vector<int64_t> sets;
  auto transaction = [&] {
    return (*pool)->InTransaction([&](Connection& conn) -> absl::Status {
      absl::StatusOr<Result> r = conn.Execute(mysql ? "SHOW SESSION STATUS LIKE 'Com_set_option'"
                                                    : "SELECT 'Com_set_option', 0");
      if (!r.ok()) return r.status();
      sets.push_back(r->rows.at(0).Int(1));
      return absl::OkStatus();
    });
  };
  ASSERT_TRUE(transaction().ok());
  EXPECT_EQ((*pool)->stats().open, 1);
  ASSERT_TRUE((*pool)->Execute("SELECT COUNT(*) FROM notes").ok());
  EXPECT_EQ((*pool)->stats().open, 2) << "a single statement took the transaction's session";
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(transaction().ok());
    ASSERT_TRUE((*pool)->Execute("SELECT COUNT(*) FROM notes").ok());
  }
  EXPECT_EQ((*pool)->stats().open, 2);
  // The transactions' session never switched back and forth.
  EXPECT_EQ(sets, std::vector<int64_t>(4, sets.front()));
}

TEST_F(DbTest, AffectedRowsCountsChanges) {
  for (const char* id : {"a", "b", "c"}) {
    ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                             {std::string(id), Null(), int64_t{1}})
                    .ok());
  }
  absl::StatusOr<Result> r = db().Execute("UPDATE notes SET amount_fen = ? WHERE amount_fen = ?",
                                          {int64_t{5}, int64_t{1}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->affected_rows, 3);
  r = db().Execute("DELETE FROM notes WHERE id = ?", {std::string("zzz")});
  EXPECT_EQ(r->affected_rows, 0);
}

TEST_F(DbTest, ParametersAreNeverSplicedIntoSql) {
  const std::string hostile = "x'); DROP TABLE notes; --";
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                           {std::string("n1"), hostile, int64_t{1}})
                  .ok());
  absl::StatusOr<Result> r = db().Execute("SELECT body FROM notes");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows[0].Text(0), hostile);
}

TEST_F(DbTest, MigrationsAreIdempotentAndRefuseANewerSchema) {
  EXPECT_EQ(*Migrate(db(), TestMigrations()), 0);
  std::vector<Migration> older(TestMigrations().begin(), TestMigrations().begin() + 1);
  absl::StatusOr<int> refused = Migrate(db(), older);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(db().Execute("SELECT COUNT(*) FROM schema_migrations")->rows[0].Int(0), 2);
}

TEST_F(DbTest, ABrokenMigrationIsReportedByName) {
  std::vector<Migration> bad = TestMigrations();
  bad.push_back({3, "0003_broken.sql", "", "CREATE TABLE broken (x NOSUCHTYPE("});
  absl::StatusOr<int> r = Migrate(db(), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("0003_broken.sql"), absl::string_view::npos) << r.status();
}

TEST_F(DbTest, PoolHandsOutAtMostItsSizeAndReportsExhaustion) {
  DatabaseOptions options;
  options.pool_size = 2;
  options.acquire_timeout = absl::Milliseconds(200);
  absl::StatusOr<std::unique_ptr<Database>> small = Database::Open(test_db_->url(), options);
  ASSERT_TRUE(small.ok());
  absl::BlockingCounter held(2);
  absl::Notification release;
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&] {
      (void)(*small)->WithConnection([&](Connection&) {
        held.DecrementCount();
        release.WaitForNotificationWithTimeout(absl::Seconds(30));
        return absl::OkStatus();
      });
    });
  }
  held.Wait();
  EXPECT_EQ((*small)->stats().in_use, 2);
  absl::Status s = (*small)->Ping();
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted) << s;
  release.Notify();
  for (auto& t : holders) t.join();
  EXPECT_TRUE((*small)->Ping().ok());
  EXPECT_EQ((*small)->stats().open, 2);
}

TEST_F(DbTest, ConcurrentWritersAllLand) {
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 25; ++i) {
        absl::Status s = db().InTransaction([&](Connection& conn) {
          return conn
              .Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                       {std::to_string(w * 100 + i), Null(), int64_t{1}})
              .status();
        });
        if (!s.ok()) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(db().Execute("SELECT COUNT(*) FROM notes")->rows[0].Int(0), 100);
}

// The limits of a call whose deadline is `after` from now.
call::Limits DeadlineIn(absl::Duration after) {
  call::Limits limits;
  limits.deadline = absl::Now() + after;
  return limits;
}

TEST_F(DbTest, ACallThatIsOverRunsNoStatement) {
  call::Limits cancelled;
  cancelled.cancelled = [] { return true; };
  {
    call::ScopedLimits bound(&cancelled);
    EXPECT_EQ(db().Execute("SELECT 1").status().code(), absl::StatusCode::kCancelled);
  }
  call::Limits passed = DeadlineIn(-absl::Seconds(1));
  {
    call::ScopedLimits bound(&passed);
    absl::Status s = db().InTransaction([](Connection& conn) {
      return conn
          .Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                   {std::string("late"), Null(), int64_t{1}})
          .status();
    });
    EXPECT_EQ(s.code(), absl::StatusCode::kDeadlineExceeded) << s;
  }
  // Outside a call nothing is bounded, and nothing was written by the refused ones.
  EXPECT_EQ(db().Execute("SELECT COUNT(*) FROM notes")->rows[0].Int(0), 0);
}

TEST_F(DbTest, AStatementWaitingForALockEndsWithItsCallsDeadline) {
  ASSERT_TRUE(db().Execute("INSERT INTO notes (id, body, amount_fen) VALUES (?, ?, ?)",
                           {std::string("n1"), Null(), int64_t{1}})
                  .ok());
  // Another transaction holds the row (SQLite: the database) until the test lets it go.
  absl::Notification locked;
  absl::Notification release;
  std::thread holder([&] {
    absl::Status s = db().InTransaction([&](Connection& conn) {
      absl::Status updated =
          conn.Execute("UPDATE notes SET amount_fen = 2 WHERE id = ?", {std::string("n1")})
              .status();
      locked.Notify();
      release.WaitForNotificationWithTimeout(absl::Seconds(30));
      return updated;
    });
    EXPECT_TRUE(s.ok()) << s;
  });
  locked.WaitForNotification();
  call::Limits limits = DeadlineIn(absl::Milliseconds(800));
  absl::Time start = absl::Now();
  absl::Status waited;
  {
    call::ScopedLimits bound(&limits);
    waited = db().InTransaction([](Connection& conn) {
      return conn.Execute("UPDATE notes SET amount_fen = 3 WHERE id = ?", {std::string("n1")})
          .status();
    });
  }
  absl::Duration took = absl::Now() - start;
  release.Notify();
  holder.join();
  EXPECT_EQ(waited.code(), absl::StatusCode::kDeadlineExceeded) << waited;
  // Not the 10 s SQLite busy wait nor MariaDB's 50 s lock wait: the call's own second or so.
  EXPECT_LT(took, absl::Seconds(5));
  EXPECT_EQ(db().Execute("SELECT amount_fen FROM notes")->rows[0].Int(0), 2);
}

TEST_F(DbTest, ALongStatementStopsAtItsCallsDeadline) {
  call::Limits limits = DeadlineIn(absl::Milliseconds(500));
  call::ScopedLimits bound(&limits);
  absl::Time start = absl::Now();
  // A minute's work without a deadline (MariaDB caps recursive CTEs at 1000 rows by default).
  absl::StatusOr<Result> r = db().Execute(
      db().dialect() == Dialect::kSqlite
          ? "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000000000) "
            "SELECT COUNT(*) FROM c"
          : "SELECT SLEEP(60)");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded) << r.status();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace fazhi::db

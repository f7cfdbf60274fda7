// fazhi-db-baseline: the database ceilings the ingestion benchmark (tools/bench/ingest.sh) holds
// the statistics service to, on the same rows it streams (tools/bench/figures.h), each point being
// its data_points row and its data_point_revisions row:
//   --mode=migrate  applies the statistics migrations to --database_url (the real tables), and on
//                   MySQL adds the dense integer-keyed pair int_points / int_point_revisions.
//   --mode=tsv      writes --out_dir/{points,revisions,int_points,int_revisions}.tsv for LOAD DATA.
//   --mode=sqlite   one prepared multi-row INSERT loop in one transaction into a fresh SQLite file.
//   --mode=single   --clients threads, each its own MySQL connection, one point (both rows) per
//                   transaction: INSERT, INSERT, COMMIT, for --seconds.
// Prints "rate <points/s>" for the timed modes.

#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/config/config.h"
#include "common/db/database.h"
#include "common/db/migrate.h"
#include "services/statistics/store/statistics_store.h"
#include "tools/bench/figures.h"

ABSL_FLAG(std::string, mode, "", "migrate, tsv, sqlite or single");
ABSL_FLAG(std::string, database_url, "", "Database for migrate, sqlite and single");
ABSL_FLAG(std::string, out_dir, "", "Directory of the TSV files (--mode=tsv)");
ABSL_FLAG(int64_t, points, 1000000, "Points to write");
ABSL_FLAG(int, first_year, 1960, "Year of the first figure");
ABSL_FLAG(int, synthetic_units, 0,
          "When > 0, figures of this many made-up units instead of the city's (pre-loads that "
          "need more rows than the years 1949 to 2025 of real units hold)");
ABSL_FLAG(int, clients, 16, "Concurrent connections (--mode=single)");
ABSL_FLAG(double, seconds, 10, "Duration (--mode=single)");

namespace fazhi::bench {
namespace {

constexpr char kSource[] = "manual";
constexpr char kActor[] = "bench";

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> Units() {
  int n = absl::GetFlag(FLAGS_synthetic_units);
  if (n <= 0) return CityUnits();
  std::vector<std::string> units;
  for (int i = 0; i < n; ++i) units.push_back(absl::StrFormat("bench-unit-%05d", i));
  return units;
}

int Migrate() {
  auto db = db::Database::Open(absl::GetFlag(FLAGS_database_url));
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  auto applied = db::Migrate(**db, audit::WithAuditLog(statistics::Migrations()));
  if (!applied.ok()) return std::fprintf(stderr, "%s\n", applied.status().ToString().c_str()), 1;
  // The catalogue too, as the service installs it: data_points refers to it.
  statistics::StatisticsStore store(db->get());
  auto added = store.EnsureIndicators(statistics::ShippedIndicators(), absl::Now());
  if (!added.ok()) return std::fprintf(stderr, "%s\n", added.status().ToString().c_str()), 1;
  if ((*db)->dialect() == db::Dialect::kMysql) {
    // The same rows keyed by dense integers (as DHIS2 keys data values), with the same secondary
    // index the real table has.
    for (const char* sql :
         {"CREATE TABLE IF NOT EXISTS int_points (indicator_id INTEGER NOT NULL, "
          "department_id INTEGER NOT NULL, period_id INTEGER NOT NULL, period_type INTEGER NOT "
          "NULL, value BIGINT NOT NULL, source VARCHAR(20) NOT NULL, revision BIGINT NOT NULL, "
          "update_time_us BIGINT NOT NULL, updated_by VARCHAR(128) NOT NULL, PRIMARY KEY "
          "(indicator_id, department_id, period_id), KEY ix_int_points_period (period_id, "
          "indicator_id, department_id))",
          "CREATE TABLE IF NOT EXISTS int_point_revisions (indicator_id INTEGER NOT NULL, "
          "department_id INTEGER NOT NULL, period_id INTEGER NOT NULL, revision BIGINT NOT "
          "NULL, had_previous INTEGER NOT NULL, previous_value BIGINT NOT NULL, value BIGINT NOT "
          "NULL, actor VARCHAR(128) NOT NULL, time_us BIGINT NOT NULL, request_id VARCHAR(128) "
          "NOT NULL, source VARCHAR(20) NOT NULL, PRIMARY KEY (indicator_id, department_id, "
          "period_id, revision))"}) {
      if (auto r = (*db)->Execute(sql); !r.ok()) {
        return std::fprintf(stderr, "%s\n", r.status().ToString().c_str()), 1;
      }
    }
  }
  return 0;
}

int WriteTsv() {
  std::string dir = absl::GetFlag(FLAGS_out_dir);
  std::ofstream points(dir + "/points.tsv"), revisions(dir + "/revisions.tsv"),
      int_points(dir + "/int_points.tsv"), int_revisions(dir + "/int_revisions.tsv");
  int64_t now = absl::ToUnixMicros(absl::Now());
  std::vector<std::string> units = Units();
  // Dense ids in the order of the codes and units lists; months since year 0.
  std::map<const std::string*, int> code_ids, unit_ids;
  for (size_t i = 0; i < MonthlyCodes().size(); ++i) code_ids[&MonthlyCodes()[i]] = i + 1;
  for (size_t i = 0; i < units.size(); ++i) unit_ids[&units[i]] = i + 1;
  ForEachFigure(
      absl::GetFlag(FLAGS_first_year), absl::GetFlag(FLAGS_points),
      [&](const Figure& f) {
        std::string key = f.PeriodKey();
        points << *f.code << '\t' << *f.unit << '\t' << key << "\t4\t" << f.value << '\t' << kSource
               << "\t1\t" << now << '\t' << kActor << '\n';
        revisions << *f.code << '\t' << *f.unit << '\t' << key << "\t1\t0\t0\t" << f.value << '\t'
                  << kActor << '\t' << now << "\t\t" << kSource << '\n';
        int code = code_ids[f.code], unit = unit_ids[f.unit], period = f.year * 12 + f.month;
        int_points << code << '\t' << unit << '\t' << period << "\t4\t" << f.value << '\t'
                   << kSource << "\t1\t" << now << '\t' << kActor << '\n';
        int_revisions << code << '\t' << unit << '\t' << period << "\t1\t0\t0\t" << f.value << '\t'
                      << kActor << '\t' << now << "\t\t" << kSource << '\n';
      },
      units);
  return points && revisions && int_points && int_revisions ? 0 : 1;
}

// The raw SQLite ceiling: sqlite3 directly, statements prepared once, 100 rows a statement, one
// transaction, on the migrated tables of a fresh file (WAL, as the service opens it).
int SqliteLoop() {
  if (int rc = Migrate(); rc != 0) return rc;
  std::string url = absl::GetFlag(FLAGS_database_url);
  std::string path = url.substr(std::string("sqlite://").size());
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) return 1;
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", nullptr, nullptr, nullptr);
  constexpr int kRows = 100;
  std::vector<std::string> p(kRows, "(?,?,?,?,?,?,?,?,?)"), r(kRows, "(?,?,?,?,?,?,?,?,?,?,?)");
  std::string point_sql = absl::StrCat(
      "INSERT INTO data_points (indicator_code, department_id, period_key, period_type, value, "
      "source, revision, update_time_us, updated_by) VALUES ",
      absl::StrJoin(p, ","));
  std::string revision_sql = absl::StrCat(
      "INSERT INTO data_point_revisions (indicator_code, department_id, period_key, revision, "
      "had_previous, previous_value, value, actor, time_us, request_id, source) VALUES ",
      absl::StrJoin(r, ","));
  sqlite3_stmt *points = nullptr, *revisions = nullptr;
  if (sqlite3_prepare_v2(db, point_sql.c_str(), -1, &points, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, revision_sql.c_str(), -1, &revisions, nullptr) != SQLITE_OK) {
    return std::fprintf(stderr, "%s\n", sqlite3_errmsg(db)), 1;
  }
  int64_t now = absl::ToUnixMicros(absl::Now());
  auto start = std::chrono::steady_clock::now();
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  int row = 0;
  std::vector<std::string> keys(kRows);
  bool failed = false;
  int64_t total = ForEachFigure(
      absl::GetFlag(FLAGS_first_year), absl::GetFlag(FLAGS_points), [&](const Figure& f) {
        keys[row] = f.PeriodKey();
        int a = row * 9 + 1, b = row * 11 + 1;
        sqlite3_bind_text(points, a, f.code->c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(points, a + 1, f.unit->c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(points, a + 2, keys[row].c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(points, a + 3, 4);
        sqlite3_bind_int64(points, a + 4, f.value);
        sqlite3_bind_text(points, a + 5, kSource, -1, SQLITE_STATIC);
        sqlite3_bind_int64(points, a + 6, 1);
        sqlite3_bind_int64(points, a + 7, now);
        sqlite3_bind_text(points, a + 8, kActor, -1, SQLITE_STATIC);
        sqlite3_bind_text(revisions, b, f.code->c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(revisions, b + 1, f.unit->c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_text(revisions, b + 2, keys[row].c_str(), -1, SQLITE_STATIC);
        sqlite3_bind_int64(revisions, b + 3, 1);
        sqlite3_bind_int64(revisions, b + 4, 0);
        sqlite3_bind_int64(revisions, b + 5, 0);
        sqlite3_bind_int64(revisions, b + 6, f.value);
        sqlite3_bind_text(revisions, b + 7, kActor, -1, SQLITE_STATIC);
        sqlite3_bind_int64(revisions, b + 8, now);
        sqlite3_bind_text(revisions, b + 9, "", -1, SQLITE_STATIC);
        sqlite3_bind_text(revisions, b + 10, kSource, -1, SQLITE_STATIC);
        if (++row == kRows) {
          failed |= sqlite3_step(points) != SQLITE_DONE || sqlite3_step(revisions) != SQLITE_DONE;
          sqlite3_reset(points);
          sqlite3_reset(revisions);
          row = 0;
        }
      });
  failed |= row != 0;  // the counts the script asks for are multiples of kRows
  failed |= sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK;
  double seconds = Since(start);
  sqlite3_finalize(points);
  sqlite3_finalize(revisions);
  if (failed) return std::fprintf(stderr, "sqlite loop: %s\n", sqlite3_errmsg(db)), 1;
  sqlite3_close(db);
  std::printf("rate %.0f\n", total / seconds);
  return 0;
}

// The one-point-write ceiling: every client its own connection, one transaction per point.
int SingleRowLoop() {
  if (int rc = Migrate(); rc != 0) return rc;
  int clients = absl::GetFlag(FLAGS_clients);
  db::DatabaseOptions options;
  options.pool_size = clients;
  auto db = db::Database::Open(absl::GetFlag(FLAGS_database_url), options);
  if (!db.ok()) return std::fprintf(stderr, "%s\n", db.status().ToString().c_str()), 1;
  std::vector<Figure> figures;
  figures.reserve(1000000);
  ForEachFigure(absl::GetFlag(FLAGS_first_year), 1000000,
                [&](const Figure& f) { figures.push_back(f); });
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::duration<double>(absl::GetFlag(FLAGS_seconds));
  int64_t now = absl::ToUnixMicros(absl::Now());
  auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      while (std::chrono::steady_clock::now() < deadline && !failed) {
        size_t i = next.fetch_add(1);
        if (i >= figures.size()) break;
        const Figure& f = figures[i];
        std::string key = f.PeriodKey();
        absl::Status s = (*db)->InTransaction([&](db::Connection& conn) -> absl::Status {
          absl::Status w =
              conn.Execute(
                      "INSERT INTO data_points (indicator_code, department_id, period_key, "
                      "period_type, value, source, revision, update_time_us, updated_by) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      {*f.code, *f.unit, key, int64_t{4}, f.value, std::string(kSource), int64_t{1},
                       now, std::string(kActor)})
                  .status();
          if (!w.ok()) return w;
          return conn
              .Execute(
                  "INSERT INTO data_point_revisions (indicator_code, department_id, period_key, "
                  "revision, had_previous, previous_value, value, actor, time_us, request_id, "
                  "source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  {*f.code, *f.unit, key, int64_t{1}, int64_t{0}, int64_t{0}, f.value,
                   std::string(kActor), now, std::string(), std::string(kSource)})
              .status();
        });
        if (!s.ok()) {
          std::fprintf(stderr, "single-row loop: %s\n", s.ToString().c_str());
          failed = true;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  double seconds = Since(start);
  if (failed) return 1;
  std::printf("rate %.0f\n", std::min(next.load(), figures.size()) / seconds);
  bench::PrintOwnCpu();
  return 0;
}

int Main() {
  std::string mode = absl::GetFlag(FLAGS_mode);
  if (mode == "migrate") return Migrate();
  if (mode == "tsv") return WriteTsv();
  if (mode == "sqlite") return SqliteLoop();
  if (mode == "single") return SingleRowLoop();
  std::fprintf(stderr, "--mode: migrate, tsv, sqlite or single\n");
  return 2;
}

}  // namespace
}  // namespace fazhi::bench

int main(int argc, char** argv) {
  fazhi::config::Init(argc, argv, "The database baselines of the ingestion benchmark.");
  return fazhi::bench::Main();
}

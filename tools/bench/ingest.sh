#!/usr/bin/env bash
# Ingestion (issue 14, targets 2, 3, 5 and 6): the statistics service taking new figures with
# validation on, against the database's own ceilings on the same rows (each point is its
# data_points row and its data_point_revisions row), each pair run back to back in one run:
#   2a  a 1,000,000-point IngestDataPoints stream into MariaDB vs LOAD DATA LOCAL INFILE of the
#       same rows into the same (migrated) tables of a fresh database;
#   2b  the same stream vs LOAD DATA of the same rows into a dense integer-keyed table pair;
#   2c  the stream into SQLite vs one prepared multi-row INSERT loop in one transaction;
#   2d  a 200,000-point stream with 10^6 points already stored (10^7 with FAZHI_BENCH_BIG=1) vs
#       the same stream into an empty table; the stored points are pre-loaded by LOAD DATA;
#   3   one point per SubmitDataPoints call from 16 clients vs 16 connections each doing
#       INSERT + INSERT + COMMIT per point;
#   5a  the statistics service's peak RSS (VmHWM) over the 1M stream (5b, CSV: tools/bench/csv.sh);
#   6   the 200,000-point stream's rate with 10^4, 10^5, 10^6 (and 10^7) points stored, and
#       target 3's pair (5 s each) on the same databases.
# Usage: tools/bench/ingest.sh WORKDIR (scripts/bench runs it). FAZHI_BENCH_POINTS changes the
# 1,000,000; FAZHI_BENCH_BIG=1 adds the 10^7 pre-load (about 6 more minutes here);
# FAZHI_INGEST_PARTS picks parts of the run (default "bulk sqlite single growth": 2a/2b/5a, 2c,
# 3, 2d/6), e.g. FAZHI_INGEST_PARTS=single for target 3 alone (about a minute).
# FAZHI_STATISTICS_FLAGS adds flags to every statistics service the run starts (an A/B of a flag).
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "$1")
mkdir -p "$work"
points=${FAZHI_BENCH_POINTS:-1000000}
big=${FAZHI_BENCH_BIG:-0}
growth_points=200000
parts=" ${FAZHI_INGEST_PARTS:-bulk sqlite single growth} "
want() { [[ "$parts" == *" $1 "* ]]; }
bin="$build_dir/tools/bench"

start_statistics_prerequisites "$work"

start_mariadb "$work/mariadb"
mysql_url() { echo "mysql://fazhi:fazhi@127.0.0.1:$mariadb_port/$1"; }
# fresh_db NAME: a new database with the statistics tables (and the integer-keyed pair).
fresh_db() {
  mariadb_sql -e "CREATE DATABASE $1 CHARACTER SET utf8mb4"
  "$bin/fazhi-db-baseline" --mode=migrate --database_url="$(mysql_url "$1")"
}
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f\n", n / (b - a) }'; }

# load_data DB DIR PREFIX: LOAD DATA of DIR/PREFIX{points,revisions}.tsv; prints points/s.
load_data() {
  local db=$1 dir=$2 prefix=$3 n table_p table_r keys
  n=$(wc -l <"$dir/${prefix}points.tsv")
  if [ -z "$prefix" ]; then
    table_p=data_points table_r=data_point_revisions keys="indicator_code, department_id, period_key"
  else
    table_p=int_points table_r=int_point_revisions keys="indicator_id, department_id, period_id"
  fi
  local start end
  start=$(now)
  mariadb_sql --local-infile=1 "$db" -e "
    LOAD DATA LOCAL INFILE '$dir/${prefix}points.tsv' INTO TABLE $table_p
      ($keys, period_type, value, source, revision, update_time_us, updated_by);
    LOAD DATA LOCAL INFILE '$dir/${prefix}revisions.tsv' INTO TABLE $table_r
      ($keys, revision, had_previous, previous_value, value, actor, time_us, request_id, source);"
  end=$(now)
  rate "$n" "$start" "$end"
}

json_field() { python3 -c "import json, sys; print(json.load(sys.stdin)['$1'])"; }
# submit_points PORT SECONDS: SubmitDataPoints from fazhi-load to the statistics service on PORT,
# 16 connections with one call in flight each, every call a new point of
# WORK/single-requests.json (fazhi-ingest-bench --mode=single_requests); sets $single_rate,
# $single_ok (calls answered OK) and $client_cpu_ms (the client's CPU).
submit_points() {
  local out
  out=$("$build_dir/tools/load/fazhi-load" --address="127.0.0.1:$1" \
    --method=/fazhi.statistics.v1.StatisticsService/SubmitDataPoints \
    --requests_file="$work/single-requests.json" --connections=16 --concurrency=1 \
    --duration_seconds="$2" --json)
  single_rate=$(json_field calls_per_second <<<"$out")
  single_ok=$(json_field ok <<<"$out")
  client_cpu_ms=$(awk -v s="$(json_field client_cpu_seconds <<<"$out")" 'BEGIN { print s * 1000 }')
}
if want single || want growth; then
  "$bin/fazhi-ingest-bench" --mode=single_requests --points=300000 --first_year=1960 \
    >"$work/single-requests.json"
fi

# stream URL COUNT FIRST_YEAR: starts statistics on URL, streams COUNT new points, stops it;
# sets $stream_rate and $stream_peak_mib (the service's VmHWM).
stream() {
  local url=$1 count=$2 first=$3 out
  start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics.log" \
    --database_url="$url" --department_address="$department" \
    --department_token_file="$work/statistics.token" ${FAZHI_STATISTICS_FLAGS:-}
  out=$("$bin/fazhi-ingest-bench" --statistics_address="127.0.0.1:$started_port" --mode=stream \
    --points="$count" --first_year="$first" --request_id="bench-$RANDOM")
  stream_rate=$(awk '$1 == "rate" { print $2 }' <<<"$out")
  stream_peak_mib=$(awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$started_pid/status")
  stop_service "$started_pid"
}

sizes=(10000 100000 1000000)
[ "$big" = 1 ] && sizes+=(10000000)
if want bulk || want growth; then
echo "ingest: writing the TSV files" >&2
mkdir -p "$work/tsv" "$work/preload"
"$bin/fazhi-db-baseline" --mode=tsv --out_dir="$work/tsv" --points="$points" --first_year=1960
# Pre-loaded points: 2,000 made-up units, so they never meet the streamed city units' keys, from
# 2000 (10^7 of them reach May 2003): the history before the growth part's stream of 2010 on, as
# a province's stored years precede the year it reports (MariaDB keeps a partition a year from
# 2000, statistics migration 0005).
"$bin/fazhi-db-baseline" --mode=tsv --out_dir="$work/preload" --points="${sizes[-1]}" \
  --first_year=2000 --synthetic_units=2000
fi

# 2a, 2b: LOAD DATA (same tables), the stream, LOAD DATA (integer keys), back to back.
if want bulk; then
echo "ingest: LOAD DATA, stream, LOAD DATA (integer keys) into MariaDB" >&2
fresh_db bench_load
load_same=$(load_data bench_load "$work/tsv" "")
fresh_db bench_stream
stream "$(mysql_url bench_stream)" "$points" 1960
stream_mariadb=$stream_rate
peak_stream=$stream_peak_mib
load_int=$(load_data bench_load "$work/tsv" int_)
bench_row 2a "stream of $points new points into MariaDB vs LOAD DATA, same tables" \
  "$stream_mariadb" "$load_same" points/s "ratio>=0.8"
bench_row 2b "the same stream vs LOAD DATA into integer-keyed tables" \
  "$stream_mariadb" "$load_int" points/s "ratio>=0.5"
bench_row 5a "statistics peak RSS over the $points-point stream (VmHWM)" "$peak_stream" - MiB \
  "ours<=256"
fi

# 2c: SQLite.
if want sqlite; then
echo "ingest: SQLite loop, stream into SQLite" >&2
sqlite_loop=$("$bin/fazhi-db-baseline" --mode=sqlite --database_url="sqlite://$work/raw.db" \
  --points="$points" --first_year=1960 | awk '$1 == "rate" { print $2 }')
stream "sqlite://$work/statistics.db" "$points" 1960
bench_row 2c "stream of $points new points into SQLite vs a raw prepared INSERT loop" \
  "$stream_rate" "$sqlite_loop" points/s "ratio>=0.5"
fi

# 3: one point per call, 16 clients, against 16 connections committing one point each. Each run
# is also counted: MariaDB statements (Questions) and CPU per point stored, and the service's CPU.
if want single; then
echo "ingest: single-row INSERT + COMMIT x16, SubmitDataPoints x16 (batching on, off)" >&2
mariadb_pid=$(cat "$work/mariadb/pid")
per_point() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.3f\n", (b - a) / n }'; }
# count_run DB: sets $points_stored, $statements_pp and $mariadb_ms_pp for the run since mark_run.
prepares() { mariadb_sql -N -e "SHOW GLOBAL STATUS LIKE 'Com_stmt_prepare'" | awk '{ print $2 }'; }
mark_run() { q0=$(mariadb_questions) m0=$(cpu_ms "$mariadb_pid") p0=$(prepares); }
count_run() {
  local q1 m1
  q1=$(mariadb_questions) m1=$(cpu_ms "$mariadb_pid") p1=$(prepares)
  points_stored=$(mariadb_sql -N -e "SELECT COUNT(*) FROM $1.data_points")
  statements_pp=$(per_point "$q0" "$q1" "$points_stored")
  mariadb_ms_pp=$(per_point "$m0" "$m1" "$points_stored")
  prepares_pp=$(per_point "$p0" "$p1" "$points_stored")
}
fresh_db bench_single_raw
mark_run
out=$("$bin/fazhi-db-baseline" --mode=single --database_url="$(mysql_url bench_single_raw)" \
  --clients=16 --seconds=10 --first_year=1960)
single_raw=$(awk '$1 == "rate" { print $2 }' <<<"$out")
count_run bench_single_raw
raw_statements=$statements_pp raw_mariadb_ms=$mariadb_ms_pp
raw_client_ms=$(per_point 0 "$(awk '$1 == "cpu_ms" { print $2 }' <<<"$out")" "$points_stored")
# Context switches (voluntary and not) of every thread of process $1 so far: each is a hand-off
# between threads or a wait, the cost a call pays beyond its work.
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { s += $2 } END { print s + 0 }'; }
# single_service DB FLAGS...: submit_points for 10 s on a fresh service on a fresh database DB;
# sets $single_rate, $service_ms_pp and $client_ms_pp (the client's CPU), and the counts of
# count_run (which also proves every call stored its point).
single_service() {
  local db=$1 s0
  shift
  fresh_db "$db"
  start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics.log" \
    --database_url="$(mysql_url "$db")" --department_address="$department" \
    --department_token_file="$work/statistics.token" ${FAZHI_STATISTICS_FLAGS:-} "$@"
  mark_run
  s0=$(cpu_ms "$started_pid") x0=$(switches "$started_pid")
  submit_points "$started_port" 10
  count_run "$db"
  # Every OK call created its one new point: the rows stored must be exactly the OK calls.
  if [ "$points_stored" != "$single_ok" ]; then
    echo "ingest.sh: $single_ok calls answered OK but $points_stored points are stored in $db" >&2
    exit 1
  fi
  service_ms_pp=$(per_point "$s0" "$(cpu_ms "$started_pid")" "$points_stored")
  switches_pp=$(per_point "$x0" "$(switches "$started_pid")" "$points_stored")
  client_ms_pp=$(per_point 0 "$client_cpu_ms" "$points_stored")
  stop_service "$started_pid"
}
single_service bench_single
bench_row 3 "one point per SubmitDataPoints call, 16 clients vs INSERT+COMMIT per point x16" \
  "$single_rate" "$single_raw" points/s "ratio>=0.5"
bench_row 3 "the same: MariaDB statements per point stored" "$statements_pp" "$raw_statements" \
  statements -
bench_row 3 "the same: of which statements prepared" "$prepares_pp" - statements -
bench_row 3 "the same: MariaDB CPU per point stored" "$mariadb_ms_pp" "$raw_mariadb_ms" ms -
bench_row 3 "the same: statistics service CPU per point stored" "$service_ms_pp" - ms -
bench_row 3 "the same: statistics service context switches per point stored" "$switches_pp" - \
  switches -
bench_row 3 "the same: client CPU per point stored (gRPC client vs the loop's connector)" \
  "$client_ms_pp" "$raw_client_ms" ms -
bench_row 3 "the same: CPU per point stored, all processes" \
  "$(awk -v a="$mariadb_ms_pp" -v b="$service_ms_pp" -v c="$client_ms_pp" 'BEGIN { print a + b + c }')" \
  "$(awk -v a="$raw_mariadb_ms" -v c="$raw_client_ms" 'BEGIN { print a + c }')" ms -
single_service bench_single_alone --db_batch_max_calls=1
bench_row 3 "the same with batching off (--db_batch_max_calls=1)" "$single_rate" \
  "$single_raw" points/s -
bench_row 3 "batching off: MariaDB statements per point stored" "$statements_pp" \
  "$raw_statements" statements -
bench_row 3 "batching off: statistics service CPU per point stored" "$service_ms_pp" - ms -
bench_row 3 "batching off: statistics service context switches per point stored" \
  "$switches_pp" - switches -
# 5b (CSV imports, each on a fresh service) is tools/bench/csv.sh.
fi

# 2d and 6: a 200,000-point stream with N points already stored (pre-loaded by LOAD DATA).
if want growth; then
# The database's own growth, for comparison: after each stream, LOAD DATA of another 200,000 new
# points (from 2020, keys the stream never uses) into the same database.
mkdir -p "$work/growth-load"
"$bin/fazhi-db-baseline" --mode=tsv --out_dir="$work/growth-load" --points="$growth_points" \
  --first_year=2020
empty_rate= empty_load=
# 10^7 points and their revisions with their indexes take 4.3 GB of files, far past
# scripts/mariadb's 256 MiB pool (sized for tests): with FAZHI_BENCH_BIG the pool is sized as
# scale.sh sizes it, to hold the tables (a server holding a province's figures would), for every
# step alike, so the 10^7 step measures the table's growth rather than a pool smaller than it.
# FAZHI_GROWTH_POOL_BYTES sets another size (the eighth and ninth sessions' runs had 2 GiB).
if [ "$big" = 1 ]; then
  mariadb_sql -e "SET GLOBAL innodb_buffer_pool_size = ${FAZHI_GROWTH_POOL_BYTES:-6442450944}"
fi
for n in 0 "${sizes[@]}"; do
  echo "ingest: $growth_points-point stream with $n points stored" >&2
  db=bench_growth_$n
  fresh_db "$db"
  if [ "$n" -gt 0 ]; then
    mkdir -p "$work/preload-$n"
    head -n "$n" "$work/preload/points.tsv" >"$work/preload-$n/points.tsv"
    head -n "$n" "$work/preload/revisions.tsv" >"$work/preload-$n/revisions.tsv"
    load_data "$db" "$work/preload-$n" "" >/dev/null
    rm -rf "$work/preload-$n"
  fi
  # After the pre-load of 10^7 points MariaDB's own threads read pages from disk for several
  # seconds (about 14,000 in the first 5 s, almost none of them for the stream's statements:
  # ninth session, docs/benchmarks.md); the stream waits for them to end, as LOAD DATA after it
  # always did.
  wait_for_quiet_mariadb
  table_mb=$(mariadb_sql -N -e "SELECT ROUND(SUM(FILE_SIZE) / 1048576)
    FROM information_schema.INNODB_SYS_TABLESPACES WHERE NAME LIKE '$db/%'")
  reads=$(mariadb_disk_reads)
  stream "$(mysql_url "$db")" "$growth_points" 2010
  stream_reads=$(($(mariadb_disk_reads) - reads))
  # Target 3's figure at N: one point a call for 5 s, then the INSERT + COMMIT loop for 5 s, on
  # the same database (keys from 1960 and from 1930: the stream's start in 2010, the pre-load's
  # units are others).
  start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics.log" \
    --database_url="$(mysql_url "$db")" --department_address="$department" \
    --department_token_file="$work/statistics.token" ${FAZHI_STATISTICS_FLAGS:-}
  count_1960s="SELECT COUNT(*) FROM $db.data_points WHERE period_key >= '1960' AND period_key < '1970'"
  submit_points "$started_port" 5
  stop_service "$started_pid"
  if [ "$(mariadb_sql -N -e "$count_1960s")" != "$single_ok" ]; then
    echo "ingest.sh: $single_ok calls answered OK but not as many points are stored in $db" >&2
    exit 1
  fi
  single_raw=$("$bin/fazhi-db-baseline" --mode=single --database_url="$(mysql_url "$db")" \
    --clients=16 --seconds=5 --first_year=1930 | awk '$1 == "rate" { print $2 }')
  load_rate=$(load_data "$db" "$work/growth-load" "")
  mariadb_sql -e "DROP DATABASE $db"
  bench_row 6 "one point per SubmitDataPoints call, 16 clients vs INSERT+COMMIT x16, $n stored" \
    "$single_rate" "$single_raw" points/s -
  if [ "$n" = 0 ]; then
    empty_rate=$stream_rate empty_load=$load_rate
    continue
  fi
  bench_row 6 "$growth_points-point stream with $n points stored" "$stream_rate" - points/s -
  bench_row 6 "MariaDB pages read from disk during that stream, $n stored" "$stream_reads" - \
    pages -
  bench_row 6 "the database's table files before that stream, $n stored" "$table_mb" - MiB -
  bench_row 6 "LOAD DATA of $growth_points more points with $n stored" "$load_rate" - points/s -
  bench_row 6 "statistics peak RSS, $growth_points-point stream, $n stored" "$stream_peak_mib" - \
    MiB "ours<=256"
  last_rate=$stream_rate last_n=$n last_load=$load_rate
done
bench_row 2d "$growth_points-point stream with $last_n points stored vs into an empty table" \
  "$last_rate" "$empty_rate" points/s "ratio>=0.8"
bench_row 2d "the database's own: LOAD DATA with $last_n points stored vs into an empty table" \
  "$last_load" "$empty_load" points/s -
fi

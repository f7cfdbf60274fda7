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
#   6   the 200,000-point stream's rate with 10^4, 10^5, 10^6 (and 10^7) points stored.
# Usage: tools/bench/ingest.sh WORKDIR (scripts/bench runs it). FAZHI_BENCH_POINTS changes the
# 1,000,000; FAZHI_BENCH_BIG=1 adds the 10^7 pre-load (about 6 more minutes here);
# FAZHI_INGEST_PARTS picks parts of the run (default "bulk sqlite single growth": 2a/2b/5a, 2c,
# 3, 2d/6), e.g. FAZHI_INGEST_PARTS=single for target 3 alone (about a minute).
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

# stream URL COUNT FIRST_YEAR: starts statistics on URL, streams COUNT new points, stops it;
# sets $stream_rate and $stream_peak_mib (the service's VmHWM).
stream() {
  local url=$1 count=$2 first=$3 out
  start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics.log" \
    --database_url="$url" --department_address="$department" \
    --department_token_file="$work/statistics.token"
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
# Pre-loaded points: 2,000 made-up units, so they never meet the streamed city units' keys.
"$bin/fazhi-db-baseline" --mode=tsv --out_dir="$work/preload" --points="${sizes[-1]}" \
  --first_year=1949 --synthetic_units=2000
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

# 3: one point per call, 16 clients, against 16 connections committing one point each.
if want single; then
echo "ingest: single-row INSERT + COMMIT x16, SubmitDataPoints x16" >&2
fresh_db bench_single_raw
single_raw=$("$bin/fazhi-db-baseline" --mode=single --database_url="$(mysql_url bench_single_raw)" \
  --clients=16 --seconds=10 --first_year=1960 | awk '$1 == "rate" { print $2 }')
fresh_db bench_single
start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics.log" \
  --database_url="$(mysql_url bench_single)" --department_address="$department" \
  --department_token_file="$work/statistics.token"
single_ours=$("$bin/fazhi-ingest-bench" --statistics_address="127.0.0.1:$started_port" \
  --mode=single --clients=16 --seconds=10 --first_year=1960 | awk '$1 == "rate" { print $2 }')
stop_service "$started_pid"
bench_row 3 "one point per SubmitDataPoints call, 16 clients vs INSERT+COMMIT per point x16" \
  "$single_ours" "$single_raw" points/s "ratio>=0.5"
# 5b (CSV imports, each on a fresh service) is tools/bench/csv.sh.
fi

# 2d and 6: a 200,000-point stream with N points already stored (pre-loaded by LOAD DATA).
if want growth; then
empty_rate=
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
  stream "$(mysql_url "$db")" "$growth_points" 1990
  mariadb_sql -e "DROP DATABASE $db"
  if [ "$n" = 0 ]; then
    empty_rate=$stream_rate
    continue
  fi
  bench_row 6 "$growth_points-point stream with $n points stored" "$stream_rate" - points/s -
  bench_row 6 "statistics peak RSS, $growth_points-point stream, $n stored" "$stream_peak_mib" - \
    MiB "ours<=256"
  last_rate=$stream_rate last_n=$n
done
bench_row 2d "$growth_points-point stream with $last_n points stored vs into an empty table" \
  "$last_rate" "$empty_rate" points/s "ratio>=0.8"
fi

#!/usr/bin/env bash
# CSV import memory (issue 14, target 5b): the statistics service's peak RSS (VmHWM) over one
# ImportCsv body of 100,000 rows (the per-call limit) and over ImportCsvStream imports of 100,000,
# 1,000,000 and 2,000,000 rows sent 64 KiB a message, each on a fresh service and a fresh SQLite
# database, so each peak is that import's alone. The goal: at most 256 MiB, and flat: each
# stream's peak no more than 1.1x the next smaller one's. The streamed import's peak and rate are
# held against an IngestDataPoints stream of the same points on the same kind of service.
# Usage: tools/bench/csv.sh WORKDIR (scripts/bench runs it). FAZHI_BENCH_CSV_ROWS changes the
# 1,000,000 and FAZHI_BENCH_CSV_LONG_ROWS the 2,000,000.
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "$1")
mkdir -p "$work"
big=${FAZHI_BENCH_CSV_ROWS:-1000000}
long=${FAZHI_BENCH_CSV_LONG_ROWS:-2000000}
bin="$build_dir/tools/bench"

start_statistics_prerequisites "$work"

# import MODE ROWS: a fresh statistics service takes one import of ROWS new figures (ingest
# bench --mode=MODE); sets $peak (its VmHWM, MiB), $rate (rows/s) and $mib (the CSV's size).
run=0
import() {
  local mode=$1 rows=$2 out
  run=$((run + 1))
  start_service "$build_dir/services/statistics/fazhi-statistics" "$work/statistics-$run.log" \
    --database_url="sqlite://$work/statistics-$run.db" --department_address="$department" \
    --department_token_file="$work/statistics.token"
  out=$("$bin/fazhi-ingest-bench" --statistics_address="127.0.0.1:$started_port" --mode="$mode" \
    --points="$rows" --first_year=1960)
  peak=$(awk '/^VmHWM:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$started_pid/status")
  rate=$(awk '$1 == "rate" { print $2 }' <<<"$out")
  mib=$(awk '$1 == "bytes" { printf "%.1f", $2 / 1048576 }' <<<"$out")
  stop_service "$started_pid"
  rm -f "$work/statistics-$run.db"*
}

echo "csv: one ImportCsv of 100,000 rows" >&2
import csv 100000
bench_row 5b "statistics peak RSS, one ImportCsv body of 100,000 rows ($mib MiB)" "$peak" - MiB \
  "ours<=256"
echo "csv: ImportCsvStream of 100,000 rows" >&2
import csv_stream 100000
peak_small=$peak
bench_row 5b "statistics peak RSS, ImportCsvStream of 100,000 rows ($mib MiB, 64 KiB a message)" \
  "$peak" - MiB "ours<=256"
echo "csv: ImportCsvStream of $big rows" >&2
import csv_stream "$big"
csv_rate=$rate csv_peak=$peak
bench_row 5b "statistics peak RSS, ImportCsvStream of $big rows ($mib MiB, 64 KiB a message)" \
  "$peak" - MiB "ours<=256"
bench_row 5b "flat: the $big-row stream's peak RSS vs the 100,000-row stream's" "$peak" \
  "$peak_small" MiB "ratio<=1.1"
echo "csv: ImportCsvStream of $long rows" >&2
import csv_stream "$long"
bench_row 5b "statistics peak RSS, ImportCsvStream of $long rows ($mib MiB, 64 KiB a message)" \
  "$peak" - MiB "ours<=256"
bench_row 5b "flat: the $long-row stream's peak RSS vs the $big-row stream's" "$peak" \
  "$csv_peak" MiB "ratio<=1.1"
echo "csv: IngestDataPoints of the same $big points" >&2
import stream "$big"
# What the CSV path adds to the point stream's own growth (its duplicate check): the same rows
# through the same session, read from CSV instead of points.
bench_row 5b "peak RSS, ImportCsvStream of $big rows vs IngestDataPoints of the same points" \
  "$csv_peak" "$peak" MiB "ratio<=1.1"
bench_row 5b "ImportCsvStream of $big rows into SQLite vs IngestDataPoints of the same points" \
  "$csv_rate" "$rate" points/s -

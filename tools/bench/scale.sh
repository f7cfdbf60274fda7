#!/usr/bin/env bash
# Target 4 and its cost-growth rows (target 6): the read side over large tables. For each N in
# FAZHI_SCALE_SIZES (default "10000 100000 1000000"; add 10000000 for the optional 10^7 run, which
# takes far longer to load), on fresh MariaDB databases: starts department (+ demo units and
# officers), statistics (+ demo figures), cases (+ demo cases) and reports (+ the demo 2021
# annual report), loads N cases and N data points written by fazhi-scale-load with LOAD DATA
# LOCAL INFILE, and times with fazhi-scale-bench, with an admin token: SummarizeCases for 2021
# over the whole tree, Aggregate of 2021's monthly counts over the tree and PreviewReport of the
# annual report (medians), and ListCases with filters (p99). The goals apply at N = 10^6; the
# other sizes are recorded ("-") for the growth table.
#   tools/bench/scale.sh WORKDIR        (or: scripts/bench scale)
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "${1:?usage: tools/bench/scale.sh WORKDIR}")
mkdir -p "$work"
sizes=${FAZHI_SCALE_SIZES:-10000 100000 1000000}
services="$build_dir/services"

bench_keys "$work"
FAZHI_TOKEN=$(bench_token --role admin --subject bench)
export FAZHI_TOKEN
for name in statistics cases reports; do
  (umask 077 && bench_token --role service --service-account --subject "fazhi-$name" \
    >"$work/$name.token")
done
export FAZHI_PAGE_TOKEN_SECRET=${FAZHI_PAGE_TOKEN_SECRET:-scale-bench-page-token-secret-0123}

start_service "$services/department/fazhi-department" "$work/department.log" \
  --database_url="sqlite://$work/department.db"
department="127.0.0.1:$started_port"
"$services/department/fazhi-department-demo" --department_address="$department" \
  >"$work/demo.log" 2>&1

start_mariadb "$work/mariadb"
mysql_url() { echo "mysql://fazhi:fazhi@127.0.0.1:$mariadb_port/$1"; }

for n in $sizes; do
  run="$work/n$n"
  mkdir -p "$run"
  for db in statistics cases reports; do
    mariadb_sql -e "DROP DATABASE IF EXISTS scale_$db; CREATE DATABASE scale_$db CHARACTER SET utf8mb4"
  done
  start_service "$services/statistics/fazhi-statistics" "$run/statistics.log" \
    --database_url="$(mysql_url scale_statistics)" --department_address="$department" \
    --department_token_file="$work/statistics.token"
  statistics="127.0.0.1:$started_port"
  statistics_pid=$started_pid
  "$services/statistics/fazhi-statistics-demo" --statistics_address="$statistics" \
    >>"$run/demo.log" 2>&1
  start_service "$services/cases/fazhi-cases" "$run/cases.log" \
    --database_url="$(mysql_url scale_cases)" --department_address="$department" \
    --department_token_file="$work/cases.token" --statistics_address="$statistics" \
    --calendar_dir="$FAZHI_ROOT/deploy/calendars"
  cases="127.0.0.1:$started_port"
  cases_pid=$started_pid
  "$services/cases/fazhi-cases-demo" --cases_address="$cases" \
    --data_dir="$FAZHI_ROOT/services/cases/demo/data" >>"$run/demo.log" 2>&1
  start_service "$services/reports/fazhi-reports" "$run/reports.log" \
    --database_url="$(mysql_url scale_reports)" --department_address="$department" \
    --department_token_file="$work/reports.token" --statistics_address="$statistics" \
    --statistics_token_file="$work/reports.token" --cases_address="$cases" \
    --cases_token_file="$work/reports.token" --compliance_units=jiyuan
  reports="127.0.0.1:$started_port"
  reports_pid=$started_pid
  (cd "$FAZHI_ROOT" && "$services/reports/fazhi-reports-demo" --reports_address="$reports") \
    >>"$run/demo.log" 2>&1

  start=$(date +%s)
  "$build_dir/tools/bench/fazhi-scale-load" --cases="$n" --points="$n" --out_dir="$run" \
    --calendar_dir="$FAZHI_ROOT/deploy/calendars" >&2
  mariadb_sql --local-infile=1 scale_cases <"$run/load_cases.sql"
  mariadb_sql --local-infile=1 scale_statistics <"$run/load_statistics.sql"
  mariadb_sql -e "ANALYZE TABLE scale_cases.enforcement_cases, scale_cases.case_sanctions,
    scale_statistics.data_points" >/dev/null
  rm -f "$run"/*.tsv
  echo "N=$n: generated and loaded in $(($(date +%s) - start)) s" >&2

  goal_median="-"
  goal_p99="-"
  if [ "$n" = 1000000 ]; then
    goal_median="ours<=1000"
    goal_p99="ours<=20"
  fi
  "$build_dir/tools/bench/fazhi-scale-bench" --cases_address="$cases" \
    --statistics_address="$statistics" --reports_address="$reports" --label="N=$n" \
    --goal_median="$goal_median" --goal_p99="$goal_p99" \
    --check_case_id="$(cat "$run/sample_case_id")"
  for pid in "$reports_pid" "$cases_pid" "$statistics_pid"; do stop_service "$pid"; done
done

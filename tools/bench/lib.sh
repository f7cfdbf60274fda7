# Shared by the benchmark scripts in tools/bench/ (sourced, not run). scripts/bench runs them; each
# can also run alone: tools/bench/NAME.sh WORKDIR (after scripts/build).
#
# Every script prints its results as lines the table in scripts/bench is made from:
#   bench_row TARGET WHAT OURS BASELINE UNIT GOAL
# TARGET: the issue's target ("1", "2a", ...); WHAT: what was measured, in words; OURS and
# BASELINE: numbers (BASELINE "-" when there is none); UNIT: "calls/s", "points/s", "ms", "MiB";
# GOAL: "ratio>=0.8", "ratio<=2", "ours<=1000", or "-" for a figure recorded without a target.
# Throughputs and latencies are measured with ours and the baseline interleaved, in one run.

set -euo pipefail
FAZHI_ROOT=${FAZHI_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build_dir=$(realpath -m "${FAZHI_BUILD_DIR:-$FAZHI_ROOT/build}")

bench_row() {
  printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Processes started by start_service; stopped on exit (bench_cleanup also stops MariaDB).
bench_pids=()
bench_mariadb_dirs=()
bench_cleanup() {
  if [ ${#bench_pids[@]} -gt 0 ]; then
    kill "${bench_pids[@]}" 2>/dev/null || true
    wait "${bench_pids[@]}" 2>/dev/null || true
  fi
  for dir in "${bench_mariadb_dirs[@]}"; do
    "$FAZHI_ROOT/scripts/mariadb" stop "$dir" >/dev/null 2>&1 || true
  done
}
trap bench_cleanup EXIT

# bench_keys WORK: a signing key that lives only in WORK/auth; sets $auth_flags for the servers.
bench_keys() {
  bench_work=$1
  bench_token --role admin --subject bench >/dev/null
  auth_flags=(--auth_jwks_file="$bench_work/auth/jwks.json")
}
# bench_token ARGS...: a token from scripts/token signed by the run's key.
bench_token() { "$FAZHI_ROOT/scripts/token" --key "$bench_work/auth/dev-signing.key" "$@"; }

# start_service BINARY LOG ARGS...: starts a service on a free loopback port with the run's keys,
# waits until it serves, and sets $started_port and $started_pid.
start_service() {
  local binary=$1 log=$2
  shift 2
  started_port=$(free_port)
  "$binary" --listen="127.0.0.1:$started_port" --metrics_port=0 "${auth_flags[@]}" "$@" \
    >"$log" 2>&1 &
  started_pid=$!
  bench_pids+=("$started_pid")
  for _ in $(seq 1 600); do
    grep -q '"message":"serving"' "$log" && return 0
    kill -0 "$started_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "$binary did not start; its log says:" >&2
  tail -n 20 "$log" >&2
  exit 1
}

# stop_service PID: SIGTERM and wait.
stop_service() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# start_mariadb DIR: a throwaway MariaDB (scripts/mariadb); sets $mariadb_port and $mariadb_sock.
start_mariadb() {
  mariadb_port=$("$FAZHI_ROOT/scripts/mariadb" start "$1")
  mariadb_sock="$(realpath -m "$1")/mysqld.sock"
  bench_mariadb_dirs+=("$1")
}

# mariadb_sql SQL...: runs statements as fazhi on the started MariaDB.
mariadb_sql() {
  mariadb --no-defaults -h127.0.0.1 -P"$mariadb_port" -ufazhi -pfazhi "$@"
}

# cpu_ms PID: the CPU time the process has used so far (user + system), in milliseconds.
cpu_ms() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.0f\n", ($12 + $13) * 1000 / hz }' \
    "/proc/$1/stat"
}

# mariadb_questions: statements the started MariaDB has received so far (every session).
mariadb_questions() {
  mariadb_sql -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{ print $2 }'
}

# The pages MariaDB has read from disk so far (not found in its buffer pool).
mariadb_disk_reads() {
  mariadb_sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_reads'" | awk '{ print $2 }'
}

# The pages in its buffer pool that MariaDB has yet to write back to disk.
mariadb_dirty_pages() {
  mariadb_sql -N -e "SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'" | awk '{ print $2 }'
}

# Waits (up to 5 minutes) until MariaDB has read fewer than 20 pages from disk in a second, then
# (up to 10) until it has written back what a bulk load left dirty: after a load its own threads
# go on reading and writing for seconds to minutes, and a run started then measures them too.
wait_for_quiet_mariadb() {
  local before after waited=0
  before=$(mariadb_disk_reads)
  while [ "$waited" -lt 300 ]; do
    sleep 1
    waited=$((waited + 1))
    after=$(mariadb_disk_reads)
    [ $((after - before)) -lt 20 ] && break
    before=$after
  done
  echo "MariaDB quiet after ${waited} s" >&2
  # Then until InnoDB has written back the pages a bulk load left dirty: the page cleaner writes
  # them at its leisure, beside whatever runs next. A database holding years of figures is not
  # in the middle of writing them back. Flushing them all at once is asked for by setting the
  # dirty-page limit to 0 meanwhile.
  local dirty limit
  dirty=$(mariadb_dirty_pages)
  limit=$(mariadb_sql -N -e "SELECT @@innodb_max_dirty_pages_pct")
  mariadb_sql -e "SET GLOBAL innodb_max_dirty_pages_pct = 0"
  waited=0
  while [ "$waited" -lt 600 ]; do
    [ "$(mariadb_dirty_pages)" -lt 1000 ] && break
    sleep 1
    waited=$((waited + 1))
  done
  mariadb_sql -e "SET GLOBAL innodb_max_dirty_pages_pct = $limit"
  echo "MariaDB wrote back ${dirty} dirty pages in ${waited} s" >&2
}

# rss_mib PID: the process's resident memory now, in MiB.
rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"
}

# start_demo_services WORK [BACKEND_URL_PREFIX]: the four services as scripts/run starts them, on
# free loopback ports, each on its own SQLite file under WORK (or, given a prefix such as
# mysql://fazhi:fazhi@127.0.0.1:PORT/bench_, on databases PREFIX<service>, created here), with
# the seed report's demo data loaded. Sets department_addr, statistics_addr, cases_addr,
# reports_addr and department_pid, statistics_pid, cases_pid, reports_pid. Needs bench_keys first.
# start_statistics_prerequisites WORK: what an ingestion benchmark's statistics services need —
# the run's keys, an admin token in FAZHI_TOKEN, WORK/statistics.token for the service's calls to
# the department, and fazhi-department on SQLite with the demo units; sets $department.
start_statistics_prerequisites() {
  local work=$1
  bench_keys "$work"
  FAZHI_TOKEN=$(bench_token --role admin --subject bench)
  export FAZHI_TOKEN
  (umask 077 && bench_token --role service --subject fazhi-statistics >"$work/statistics.token")
  start_service "$build_dir/services/department/fazhi-department" "$work/department.log" \
    --database_url="sqlite://$work/department.db"
  department="127.0.0.1:$started_port"
  "$build_dir/services/department/fazhi-department-demo" --department_address="$department" \
    >"$work/demo.log" 2>&1
}

start_demo_services() {
  local work=$1 prefix=${2:-} loader_log="$1/demo.log"
  local root=$FAZHI_ROOT bin=$build_dir/services
  mkdir -p "$work"
  for account in statistics cases reports; do
    # A day: the 10^7 scale run loads for more than an hour before its calls.
    (umask 077 && bench_token --role service --service-account --subject "fazhi-$account" \
      --ttl 86400 >"$work/$account.token")
  done
  url_of() {
    if [ -z "$prefix" ]; then echo "sqlite://$work/$1.db"; return; fi
    mariadb_sql -e "CREATE DATABASE IF NOT EXISTS ${prefix##*/}$1 CHARACTER SET utf8mb4"
    echo "$prefix$1"
  }
  export FAZHI_TOKEN
  FAZHI_TOKEN=$(bench_token --role admin --subject demo-loader)
  start_service "$bin/department/fazhi-department" "$work/department.log" \
    --database_url="$(url_of department)"
  department_addr="127.0.0.1:$started_port" department_pid=$started_pid
  "$bin/department/fazhi-department-demo" --department_address="$department_addr" \
    >>"$loader_log" 2>&1
  start_service "$bin/statistics/fazhi-statistics" "$work/statistics.log" \
    --database_url="$(url_of statistics)" --department_address="$department_addr" \
    --department_token_file="$work/statistics.token"
  statistics_addr="127.0.0.1:$started_port" statistics_pid=$started_pid
  "$bin/statistics/fazhi-statistics-demo" --statistics_address="$statistics_addr" \
    >>"$loader_log" 2>&1
  start_service "$bin/cases/fazhi-cases" "$work/cases.log" --database_url="$(url_of cases)" \
    --department_address="$department_addr" --department_token_file="$work/cases.token" \
    --statistics_address="$statistics_addr" --calendar_dir="$root/deploy/calendars"
  cases_addr="127.0.0.1:$started_port" cases_pid=$started_pid
  "$bin/cases/fazhi-cases-demo" --cases_address="$cases_addr" \
    --data_dir="$root/services/cases/demo/data" >>"$loader_log" 2>&1
  start_service "$bin/reports/fazhi-reports" "$work/reports.log" \
    --database_url="$(url_of reports)" --department_address="$department_addr" \
    --department_token_file="$work/reports.token" --statistics_address="$statistics_addr" \
    --statistics_token_file="$work/reports.token" --cases_address="$cases_addr" \
    --cases_token_file="$work/reports.token" --compliance_units=jiyuan
  reports_addr="127.0.0.1:$started_port" reports_pid=$started_pid
  "$build_dir/services/reports/fazhi-reports-demo" --reports_address="$reports_addr" \
    >>"$loader_log" 2>&1
}

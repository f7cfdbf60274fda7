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

# rss_mib PID: the process's resident memory now, in MiB.
rss_mib() {
  awk '/^VmRSS:/ { printf "%.1f\n", $2 / 1024 }' "/proc/$1/status"
}

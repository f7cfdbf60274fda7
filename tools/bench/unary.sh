#!/usr/bin/env bash
# Target 1: unary calls against the ceiling. fazhi-department and fazhi-cases on SQLite with
# scripts/run's demo data (all four services, as start_demo_services starts them), and fazhi-bare-server (tools/load/bare_server.cc: the same callback
# server, limits and executor, answering with fixed bytes captured from the real response, so
# the sizes match), driven by fazhi-load at 4 connections x 16 calls in flight, ours and the bare
# server interleaved:
#   (a) GetDepartment of a warm unit (jiyuan-sthjj) with an admin's token;
#   (b) an anonymous ListPublicDecisions page of 50.
# Each prints throughput (goal >= 0.8x the bare server) and p99 latency (goal <= 2x), and
# GetDepartment once more through Debian's h2load, so fazhi-load is not the only witness.
# Every call must be OK: a run with any failed call stops the script.
#   tools/bench/unary.sh WORKDIR   (scripts/bench unary runs it)
# FAZHI_BENCH_UNARY_SECONDS (default 10) per measured run; FAZHI_BENCH_UNARY_PAIRS (default 2)
# ours/baseline pairs per round, averaged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "$1")
mkdir -p "$work"
seconds=${FAZHI_BENCH_UNARY_SECONDS:-10}
pairs=${FAZHI_BENCH_UNARY_PAIRS:-2}
connections=4
concurrency=16
load="$build_dir/tools/load/fazhi-load"
bare="$build_dir/tools/load/fazhi-bare-server"

bench_keys "$work"
admin_token=$(bench_token --role admin --subject bench)
# The four services with scripts/run's demo data (tools/bench/lib.sh); department and cases are
# measured.
start_demo_services "$work/services"
department=$department_addr
cases=$cases_addr

get_department=(--method=/fazhi.department.v1.DepartmentService/GetDepartment
  --request='{"id":"jiyuan-sthjj"}')
list_decisions=(--method=/fazhi.cases.v1.EnforcementCaseService/ListPublicDecisions
  --request='{"departmentId":"jiyuan","page":{"pageSize":50}}')

# load NAME TOKEN ADDRESS ARGS...: one fazhi-load run; its JSON goes to WORK/NAME.json. Any failed
# call ends the benchmark: a throughput of errors is worthless.
load() {
  local name=$1 token=$2 address=$3
  shift 3
  if ! FAZHI_TOKEN=$token "$load" --address="$address" --connections=$connections \
    --concurrency=$concurrency --json "$@" >"$work/$name.json" 2>"$work/$name.err"; then
    echo "unary.sh: fazhi-load $name had failed calls or could not run:" >&2
    cat "$work/$name.json" "$work/$name.err" >&2
    # On a shared machine a server may have been stopped from outside; say so rather than
    # leave a timeout to be puzzled over.
    for pid in "${bench_pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || echo "unary.sh: server process $pid is gone" >&2
    done
    exit 1
  fi
}
# field NAME PATH: a number from WORK/NAME.json ("calls_per_second", "latency_ms.p99").
field() {
  python3 -c 'import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value[key]
print(value)' "$work/$1.json" "$2"
}
mean() { python3 -c 'import sys; v = [float(x) for x in sys.argv[1:]]; print(sum(v) / len(v))' "$@"; }

# The real responses, captured so the bare servers answer with as many bytes.
load capture-department "$admin_token" "$department" "${get_department[@]}" --calls=1 \
  --save_response="$work/get_department.bin"
load capture-decisions "" "$cases" "${list_decisions[@]}" --calls=1 \
  --save_response="$work/list_decisions.bin"
decisions=$(field capture-decisions mean_response_bytes)
echo "ListPublicDecisions page: $decisions bytes" >&2

start_service "$bare" "$work/bare-department.log" --response_file="$work/get_department.bin"
bare_department="127.0.0.1:$started_port"
start_service "$bare" "$work/bare-decisions.log" --response_file="$work/list_decisions.bin"
bare_decisions="127.0.0.1:$started_port"

# measure LABEL TOKEN OURS BARE ARGS...: a warm-up run of each, then PAIRS measured pairs, ours
# first; prints the throughput and p99 rows.
measure() {
  local label=$1 token=$2 ours=$3 baseline=$4
  shift 4
  load "$label-warmup-ours" "$token" "$ours" "$@" --duration_seconds=3
  load "$label-warmup-bare" "$token" "$baseline" "$@" --duration_seconds=3
  local ours_rate=() bare_rate=() ours_p99=() bare_p99=()
  for pair in $(seq 1 "$pairs"); do
    load "$label-ours-$pair" "$token" "$ours" "$@" --warmup_seconds=1 --duration_seconds="$seconds"
    load "$label-bare-$pair" "$token" "$baseline" "$@" --warmup_seconds=1 \
      --duration_seconds="$seconds"
    ours_rate+=("$(field "$label-ours-$pair" calls_per_second)")
    bare_rate+=("$(field "$label-bare-$pair" calls_per_second)")
    ours_p99+=("$(field "$label-ours-$pair" latency_ms.p99)")
    bare_p99+=("$(field "$label-bare-$pair" latency_ms.p99)")
  done
  bench_row 1 "$label, ${connections}×${concurrency}: throughput" "$(mean "${ours_rate[@]}")" \
    "$(mean "${bare_rate[@]}")" calls/s "ratio>=0.8"
  bench_row 1 "$label, ${connections}×${concurrency}: p99 latency" "$(mean "${ours_p99[@]}")" \
    "$(mean "${bare_p99[@]}")" ms "ratio<=2"
}

measure "GetDepartment (warm unit, admin token)" "$admin_token" "$department" "$bare_department" \
  "${get_department[@]}"
measure "ListPublicDecisions (page of 50, anonymous)" "" "$cases" "$bare_decisions" \
  "${list_decisions[@]}"

# The cross-check: the same GetDepartment calls through h2load (a gRPC message frame as the
# body). h2load sees HTTP statuses, not grpc-status, so the department's own count of finished
# GetDepartment calls (grpc_server_handled_total) must grow by at least h2load's requests, all OK
# but for the streams in flight when h2load stops: it resets them, and the department counts
# them Canceled, or InvalidArgument when the reset came before the request's bytes.
"$load" --address="$department" "${get_department[@]}" --grpc_frame_out="$work/get_department.frame"
department_metrics=$(sed -n 's/.*"message":"serving".*"metrics_url":"\([^"]*\)".*/\1/p' \
  "$work/services/department.log" | head -n 1)
# handled OK|NOT_OK: GetDepartment calls the department finished OK, or otherwise.
handled() {
  curl -sf "$department_metrics" | awk -v want="$1" '/^grpc_server_handled_total\{/ &&
    /grpc_method="GetDepartment"/ { ok = /grpc_code="OK"/; if ((want == "OK") == ok) n += $NF }
    END { printf "%d\n", n }'
}
h2() {
  local name=$1 address=$2
  h2load -c $connections -m $concurrency -D "$seconds" --warm-up-time=1 \
    -d "$work/get_department.frame" -H 'content-type: application/grpc' -H 'te: trailers' \
    -H "authorization: Bearer $admin_token" \
    "http://$address/fazhi.department.v1.DepartmentService/GetDepartment" >"$work/$name.h2load" 2>&1
  if ! grep -q ' 0 failed, 0 errored' "$work/$name.h2load"; then
    echo "unary.sh: h2load $name had failed requests:" >&2
    cat "$work/$name.h2load" >&2
    exit 1
  fi
  sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' "$work/$name.h2load"
}
ok_before=$(handled OK)
failed_before=$(handled NOT_OK)
h2_ours=$(h2 h2load-ours "$department")
h2_requests=$(sed -n 's/^requests: \([0-9]*\) total.*/\1/p' "$work/h2load-ours.h2load")
ok_after=$(handled OK)
failed_after=$(handled NOT_OK)
if [ $((failed_after - failed_before)) -gt $((connections * concurrency)) ] ||
  [ $((ok_after - ok_before)) -lt "$h2_requests" ]; then
  echo "unary.sh: h2load sent $h2_requests GetDepartment calls; the department finished" \
    "$((ok_after - ok_before)) OK and $((failed_after - failed_before)) otherwise:" >&2
  curl -sf "$department_metrics" | grep '^grpc_server_handled_total{.*GetDepartment' >&2
  exit 1
fi
h2_bare=$(h2 h2load-bare "$bare_department")
bench_row 1 "GetDepartment (warm unit, admin token), ${connections}×${concurrency}, h2load cross-check: throughput" \
  "$h2_ours" "$h2_bare" calls/s "-"

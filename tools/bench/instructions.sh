#!/usr/bin/env bash
# Target 1 counted in instructions, which the noise of a shared machine does not move: the
# instructions fazhi-department spends per GetDepartment call (warm unit, admin token) against
# fazhi-bare-server answering the same bytes, both under valgrind's callgrind, driven by the same
# h2load run (4 connections x 16 streams). Instrumentation is switched on after a warm-up and the
# count covers the server process whole: gRPC, HPACK, our interceptor, handler, log line.
# The throughput ratios unary.sh measures follow it (before the unit cache: 0.64 by instructions,
# 0.64 by h2load's throughput, 0.72 by fazhi-load's; see docs/benchmarks.md).
#   tools/bench/instructions.sh WORKDIR   (scripts/bench instructions runs it)
# FAZHI_BENCH_CALLGRIND_CALLS (default 2000) calls are counted.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "$1")
mkdir -p "$work"
calls=${FAZHI_BENCH_CALLGRIND_CALLS:-2000}
load="$build_dir/tools/load/fazhi-load"
department_bin="$build_dir/services/department/fazhi-department"
bare_bin="$build_dir/tools/load/fazhi-bare-server"

bench_keys "$work"
admin_token=$(bench_token --role admin --subject bench)
get_department=(--method=/fazhi.department.v1.DepartmentService/GetDepartment
  --request='{"id":"jiyuan-sthjj"}')

# callgrind_wrapper NAME BINARY ARGS...: a script that runs BINARY under callgrind with
# instrumentation off until callgrind_control turns it on; start_service adds the usual flags.
callgrind_wrapper() {
  local name=$1 binary=$2
  shift 2
  cat >"$work/$name.sh" <<EOF
#!/bin/sh
exec valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$work/$name.callgrind" \
  "$binary" $* "\$@"
EOF
  chmod +x "$work/$name.sh"
}

# count NAME ADDRESS PID: warms up with 400 calls, counts CALLS calls; prints instructions/call.
count() {
  local name=$1 address=$2 pid=$3
  h2() {
    h2load -n "$1" -c 4 -m 16 -d "$work/get_department.frame" \
      -H 'content-type: application/grpc' -H 'te: trailers' -H "authorization: Bearer $admin_token" \
      "http://$address/fazhi.department.v1.DepartmentService/GetDepartment" >"$work/$name.h2load"
    if ! grep -q "$1 succeeded, 0 failed, 0 errored" "$work/$name.h2load"; then
      echo "instructions.sh: h2load against $name had failed requests:" >&2
      cat "$work/$name.h2load" >&2
      exit 1
    fi
  }
  h2 400
  callgrind_control --instr=on "$pid" >/dev/null 2>&1
  h2 "$calls"
  callgrind_control --dump "$pid" >/dev/null 2>&1
  callgrind_control --instr=off "$pid" >/dev/null 2>&1
  local dump
  dump=$(ls "$work/$name.callgrind".* | head -n 1)
  python3 -c 'import sys
for line in open(sys.argv[1]):
    if line.startswith("summary:") or line.startswith("totals:"):
        print(round(int(line.split()[1]) / int(sys.argv[2])))
        break' "$dump" "$calls"
}

# fazhi-department with the demo units, then the same call recorded as a frame and a response.
callgrind_wrapper department "$department_bin" "--database_url=sqlite://$work/department.db"
start_service "$work/department.sh" "$work/department.log"
department="127.0.0.1:$started_port" department_pid=$started_pid
FAZHI_TOKEN=$(bench_token --role admin --subject demo-loader) \
  "$build_dir/services/department/fazhi-department-demo" --department_address="$department" \
  >"$work/demo.log" 2>&1
FAZHI_TOKEN=$admin_token "$load" --address="$department" "${get_department[@]}" --calls=1 \
  --grpc_frame_out="$work/get_department.frame" >/dev/null
FAZHI_TOKEN=$admin_token "$load" --address="$department" "${get_department[@]}" --calls=1 \
  --save_response="$work/get_department.bin" >/dev/null
ours=$(count department "$department" "$department_pid")

callgrind_wrapper bare "$bare_bin" "--response_file=$work/get_department.bin"
start_service "$work/bare.sh" "$work/bare.log"
bare=$(count bare "127.0.0.1:$started_port" "$started_pid")

# Instructions per call: ours at most 1.25x the bare server's is the same bound as a throughput of
# at least 0.8x, for work that is all CPU.
bench_row 1 "GetDepartment (warm unit, admin token), callgrind: instructions per call" "$ours" \
  "$bare" instr/call "ratio<=1.25"

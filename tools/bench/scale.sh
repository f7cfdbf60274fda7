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

bench_keys "$work"
start_mariadb "$work/mariadb"
# scripts/mariadb's 256 MiB buffer pool (sized for tests) holds a tenth of the 10^6 tables and
# their indexes, so the load and the reads would measure the disk; a server for a province's
# cases would have a pool that holds them. They take 3.2 GB at 10^6 (cases, children, points,
# indexes): 4 GiB holds them (until the ninth session 2 GiB did not, and every listed case was a
# disk read). At 10^7 nothing here holds them. FAZHI_SCALE_POOL_BYTES sets another size.
mariadb_sql -e "SET GLOBAL innodb_buffer_pool_size = ${FAZHI_SCALE_POOL_BYTES:-4294967296}"

for n in $sizes; do
  run="$work/n$n"
  # The four services with the demo data (units, figures, cases, the published 2021 report), on
  # fresh databases scale<N>_<service>.
  start_demo_services "$run" "mysql://fazhi:fazhi@127.0.0.1:$mariadb_port/scale${n}_"

  start=$(date +%s)
  "$build_dir/tools/bench/fazhi-scale-load" --cases="$n" --points="$n" --out_dir="$run" \
    --calendar_dir="$FAZHI_ROOT/deploy/calendars" >&2
  mariadb_sql --local-infile=1 "scale${n}_cases" <"$run/load_cases.sql"
  mariadb_sql --local-infile=1 "scale${n}_statistics" <"$run/load_statistics.sql"
  mariadb_sql -e "ANALYZE TABLE scale${n}_cases.enforcement_cases,
    scale${n}_cases.case_sanctions, scale${n}_statistics.data_points" >/dev/null
  rm -f "$run"/*.tsv
  echo "N=$n: generated and loaded in $(($(date +%s) - start)) s" >&2

  goal_median="-"
  goal_p99="-"
  if [ "$n" = 1000000 ]; then
    goal_median="ours<=1000"
    goal_p99="ours<=20"
  fi
  logged=$(wc -l <"$run/cases.log")  # the cases log's lines before the timed calls
  # Pages MariaDB had to read from disk during the timed calls: none when the pool holds the
  # tables, about 100 to 200 a page of 50 listed cases when it does not.
  reads0=$(mariadb_disk_reads)
  # A fresh admin token: the run's first one (an hour) expires during the 10^7 load.
  FAZHI_TOKEN=$(bench_token --role admin --subject bench) \
    "$build_dir/tools/bench/fazhi-scale-bench" --cases_address="$cases_addr" \
    --statistics_address="$statistics_addr" --reports_address="$reports_addr" --label="N=$n" \
    --goal_median="$goal_median" --goal_p99="$goal_p99" \
    --check_case_id="$(cat "$run/sample_case_id")"
  bench_row 4 "MariaDB pages read from disk during the timed calls, N=$n" \
    "$(($(mariadb_disk_reads) - reads0))" - pages -
  # Target 5's figure at N: each service's memory after it answered the timed calls.
  for service in department statistics cases reports; do
    pid_var="${service}_pid"
    bench_row 6 "$service RSS after the timed calls, N=$n" "$(rss_mib "${!pid_var}")" - MiB -
  done
  for pid in "$reports_pid" "$cases_pid" "$statistics_pid" "$department_pid"; do
    stop_service "$pid"
  done
  # The cases service's own time per call (its access log's duration_ms), which the client's
  # figures include along with the network and the client's scheduling: of the bench's calls,
  # ListCases' last 200 (the timed pages) and SummarizeCases' seven timed calls over the tree
  # (after its warm-up; PreviewReport's summaries of one unit come later).
  python3 - "$run/cases.log" "N=$n" "$logged" <<'PY'
import json, math, sys
def ms(method):
    out = []
    for line in open(sys.argv[1], encoding="utf-8").readlines()[int(sys.argv[3]):]:
        if '"rpc"' not in line or f'"{method}"' not in line:
            continue
        entry = json.loads(line)
        if entry.get("grpc_method") == method and entry.get("grpc_code") == "OK":
            out.append(float(entry["duration_ms"]))
    return out
def rank(values, q):  # nearest rank, as fazhi-load's Percentile
    values = sorted(values)
    return values[max(0, math.ceil(q * len(values)) - 1)]
lists = ms("ListCases")[-200:]
summaries = ms("SummarizeCases")[1:8]
for name, values, qs in (("ListCases page, service side", lists, (0.5, 0.9, 0.99)),
                         ("SummarizeCases whole tree, service side", summaries, (0.5,))):
    for q in qs:
        print(f"ROW\t4\t{name} p{q * 100:g}, {sys.argv[2]}\t{rank(values, q):.2f}\t-\tms\t-")
PY
done

#!/usr/bin/env bash
# Target 5, idle: each service's resident memory with the seed report's demo data loaded (the
# loaders have finished, no call in flight), on SQLite and on MariaDB.
#   tools/bench/idle.sh WORKDIR
source "$(dirname "$0")/lib.sh"
work=$(realpath -m "${1:?usage: tools/bench/idle.sh WORKDIR}")
rm -rf "$work" && mkdir -p "$work"
bench_keys "$work"
start_mariadb "$work/mariadb"
for backend in sqlite mariadb; do
  prefix=""
  [ "$backend" = mariadb ] && prefix="mysql://fazhi:fazhi@127.0.0.1:$mariadb_port/idle_"
  start_demo_services "$work/$backend" "$prefix"
  sleep 3  # the health checks and metrics settle; nothing else runs
  for service in department statistics cases reports; do
    pid_var="${service}_pid"
    bench_row 5 "$service idle after the demo load ($backend), RSS" "$(rss_mib "${!pid_var}")" - \
      MiB "ours<=64"
  done
  for pid in "$department_pid" "$statistics_pid" "$cases_pid" "$reports_pid"; do
    stop_service "$pid"
  done
done

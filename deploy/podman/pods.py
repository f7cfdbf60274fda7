#!/usr/bin/python3
"""scripts/deploy-test's checks against the pods, on top of tests/e2e/fazhi_client.py (its stubs,
channels and token command).

    pods.py health ADDRESS...          wait until each plaintext health port answers SERVING for
                                       the server ("") and for "liveness" (podman does not run
                                       Kubernetes' gRPC probes, so the test asks the same thing)
    pods.py restart-retry [options]    SIGKILL the statistics container in the middle of an
                                       IngestDataPoints stream, wait for podman to restart it
                                       (the pod's restartPolicy), send the same stream with the
                                       same request id again, and count the rows: every point
                                       stored once, none lost, none written twice.
"""

import argparse
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "e2e"))
import fazhi_client as fc  # noqa: E402  (generates the stubs on import)
import grpc  # noqa: E402

from fazhi.common.v1 import common_pb2  # noqa: E402
from fazhi.department.v1 import department_pb2 as dept_pb  # noqa: E402
from fazhi.statistics.v1 import statistics_pb2 as stats_pb  # noqa: E402
from fazhi_std import health_pb2  # noqa: E402

SERVING = health_pb2.HealthCheckResponse.SERVING


def log(message):
    print(f"deploy-test: {message}", flush=True)


def health_status(address, service):
    channel = grpc.insecure_channel(address)
    try:
        check = channel.unary_unary(
            "/grpc.health.v1.Health/Check",
            request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
            response_deserializer=health_pb2.HealthCheckResponse.FromString)
        return check(health_pb2.HealthCheckRequest(service=service), timeout=2).status
    except grpc.RpcError as error:
        return error.code().name
    finally:
        channel.close()


def wait_serving(address, timeout):
    """Both the readiness ("") and the liveness answer, as the pods' probes ask."""
    give_up = time.monotonic() + timeout
    while True:
        statuses = {s: health_status(address, s) for s in ("", "liveness")}
        if all(v == SERVING for v in statuses.values()):
            return
        if time.monotonic() > give_up:
            raise SystemExit(f"deploy-test: {address} not SERVING after {timeout} s: {statuses}")
        time.sleep(1)


def health(args):
    start = time.monotonic()
    for address in args.addresses:
        wait_serving(address, args.timeout)
        log(f"{address}: grpc.health.v1 SERVING (server and liveness) after "
            f"{time.monotonic() - start:.0f} s")


class Database:
    """Counts through the mariadb client, the password in a 0600 option file."""

    def __init__(self, defaults_file):
        self.defaults_file = defaults_file

    def scalar(self, sql):
        out = subprocess.run(["mariadb", f"--defaults-extra-file={self.defaults_file}",
                              "--batch", "--skip-column-names", "-e", sql],
                             check=True, capture_output=True, text=True).stdout.strip()
        return int(out)


def container_state(name):
    out = subprocess.run(["podman", "inspect", "--format",
                          "{{.RestartCount}} {{.State.Status}} {{.State.StartedAt}}", name],
                         check=True, capture_output=True, text=True).stdout.split(" ", 2)
    return int(out[0]), out[1], out[2].strip()


def container_pid(name):
    return int(subprocess.run(["podman", "inspect", "--format", "{{.State.Pid}}", name],
                              check=True, capture_output=True, text=True).stdout)


def restart_retry(args):
    f = fc.Fazhi(args)
    db = Database(args.db_defaults)
    admin = f.auth("admin")
    run = os.urandom(3).hex()
    unit = f"restart-{run}"
    request_id = f"restart-{run}-figures"

    # A unit of its own, so the counts below are this run's only.
    f.departments.CreateDepartment(dept_pb.CreateDepartmentRequest(
        department_id=unit, request_id=f"restart-{run}-unit",
        department=dept_pb.Department(
            name=f"重启测试镇（{run}）", short_name="重启测试镇", kind=dept_pb.DEPARTMENT_KIND_TOWN,
            level=dept_pb.ADMINISTRATIVE_LEVEL_TOWNSHIP, parent_id=args.parent,
            valid_from=common_pb2.Date(year=2000, month=1, day=1))),
        timeout=fc.DEADLINE, metadata=admin)

    # The statistics service's copy of the unit registry is not fetched again within 3 s of
    # its last fetch, even for a unit it lacks (common/directory): let the new unit show.
    time.sleep(4)

    # Count indicators reported by year, half, quarter and month (the enforcement.* ones are
    # filled from case records), over 2000-2019: one point per (indicator, period).
    codes, token = [], ""
    while True:
        page = f.statistics.ListIndicators(stats_pb.ListIndicatorsRequest(
            page=common_pb2.PageRequest(page_size=1000, page_token=token)),
            timeout=fc.DEADLINE, metadata=admin)
        codes += [i.code for i in page.indicators
                  if i.value_type == stats_pb.VALUE_TYPE_COUNT and len(i.period_types) == 4
                  and not i.code.startswith("enforcement.")]
        token = page.page.next_page_token
        if not token:
            break
    periods = []
    for y in range(2000, 2020):
        periods.append(common_pb2.Period(type=common_pb2.PERIOD_TYPE_YEAR, year=y))
        periods += [common_pb2.Period(type=common_pb2.PERIOD_TYPE_HALF, year=y, index=i)
                    for i in (1, 2)]
        periods += [common_pb2.Period(type=common_pb2.PERIOD_TYPE_QUARTER, year=y, index=i)
                    for i in range(1, 5)]
        periods += [common_pb2.Period(type=common_pb2.PERIOD_TYPE_MONTH, year=y, index=i)
                    for i in range(1, 13)]
    points = [stats_pb.DataPoint(indicator_code=c, department_id=unit, period=p, value=1 + n % 97)
              for n, (c, p) in enumerate((c, p) for c in codes for p in periods)][:args.points]
    total = len(points)
    expected_sum = sum(p.value for p in points)
    options = stats_pb.ImportOptions(request_id=request_id, source="deploy-test")
    per_message = 1000
    log(f"streaming {total} points ({len(codes)} indicators x {len(periods)} periods, "
        f"{per_message} a message) for {unit}, request id {request_id}")

    count_points = f"SELECT COUNT(*) FROM fazhi_statistics.data_points WHERE department_id='{unit}'"
    killed = {}

    def messages(kill_after=None):
        for i in range(0, total, per_message):
            first = {"options": options} if i == 0 else {}
            yield stats_pb.IngestDataPointsRequest(points=points[i:i + per_message], **first)
            if kill_after is not None and i // per_message + 1 == kill_after:
                # Mid-stream: once the service has written some batches, SIGKILL its container.
                give_up = time.monotonic() + 60
                while db.scalar(count_points) == 0:
                    if time.monotonic() > give_up:
                        # An exception here would be swallowed by gRPC's sending thread: end
                        # the stream instead, and the check below fails.
                        return
                    time.sleep(0.1)
                killed["state"] = container_state(args.container)
                # The server process itself, from outside podman, as the kernel's OOM killer
                # or a crash would end it: `podman kill` marks a container stopped by the user,
                # and podman (like Docker) then does not apply the restart policy.
                os.kill(container_pid(args.container), signal.SIGKILL)
                killed["sent"] = (i // per_message + 1) * per_message
                # The rest of the stream goes to a dead server and fails.

    started_us = int(time.time() * 1e6)
    try:
        f.statistics.IngestDataPoints(messages(kill_after=args.kill_after), timeout=120,
                                      metadata=admin)
        fc.check("sent" in killed, "no batch of the stream was stored within 60 s")
        raise SystemExit("deploy-test: the stream completed although its server was killed")
    except grpc.RpcError as error:
        log(f"the stream failed as it should: {error.code().name}: {error.details()}")
    fc.check("sent" in killed, "the stream ended before the kill")
    # A commit already sent when the process died lands or not within moments; nothing can be
    # written after that (the client's stream is gone).
    time.sleep(2)
    stored = db.scalar(count_points)
    log(f"SIGKILL {args.container} after {killed['sent']} points sent: {stored} rows stored")
    fc.check(0 < stored < total, f"the kill should come mid-stream: {stored} of {total} stored")

    # podman restarts the container (restartPolicy Always); its health answers again.
    before = killed["state"]
    give_up = time.monotonic() + 120
    while True:
        state = container_state(args.container)
        if state[0] > before[0] and state[1] == "running":
            break
        if time.monotonic() > give_up:
            raise SystemExit(f"deploy-test: {args.container} was not restarted: {state}")
        time.sleep(0.5)
    log(f"{args.container} restarted by podman: restart count {before[0]} -> {state[0]}, "
        f"started {state[2]}")
    wait_serving(args.health, 120)

    # The client's retry: the same stream, the same request id, until it is answered.
    for attempt in range(1, 11):
        try:
            summary = f.statistics.IngestDataPoints(messages(), timeout=120, metadata=admin)
            break
        except grpc.RpcError as error:
            if error.code() != grpc.StatusCode.UNAVAILABLE or attempt == 10:
                raise
            time.sleep(attempt)
    log(f"retry answered: created {summary.created}, unchanged {summary.unchanged}, "
        f"updated {summary.updated}, rejected {summary.rejected}, replayed {summary.replayed}")
    fc.check_equal((summary.created, summary.unchanged, summary.updated, summary.rejected,
                    summary.replayed), (total - stored, stored, 0, 0, False),
                   "the retried stream's summary (created, unchanged, updated, rejected, "
                   "replayed)")
    again = f.statistics.IngestDataPoints(messages(), timeout=120, metadata=admin)
    fc.check_equal((again.created, again.unchanged, again.replayed),
                   (total - stored, stored, True), "a third send of the same stream (replayed)")

    rows = db.scalar(count_points)
    revisions = db.scalar("SELECT COUNT(*) FROM fazhi_statistics.data_point_revisions "
                          f"WHERE department_id='{unit}'")
    max_revision = db.scalar("SELECT COALESCE(MAX(revision), 0) FROM "
                             f"fazhi_statistics.data_points WHERE department_id='{unit}'")
    value_sum = db.scalar("SELECT COALESCE(SUM(value), 0) FROM fazhi_statistics.data_points "
                          f"WHERE department_id='{unit}'")
    # Revisions carry the x-request-id of the call that wrote them: the killed stream and the
    # retry wrote, the replay did not. The stream's receipt (its request id as a caller-bound
    # key, common/app/request_key.h) is stored once, when a stream ends.
    calls = db.scalar("SELECT COUNT(DISTINCT request_id) FROM fazhi_statistics.data_point_revisions "
                      f"WHERE department_id='{unit}'")
    receipts = db.scalar("SELECT COUNT(*) FROM fazhi_statistics.imports "
                         f"WHERE create_time_us >= {started_us}")
    log(f"rows: data_points {rows}, revisions {revisions}, highest revision {max_revision}, "
        f"sum of values {value_sum}, calls that wrote {calls}, import receipts since the kill "
        f"test began {receipts}")
    fc.check_equal((rows, revisions, max_revision, value_sum, calls, receipts),
                   (total, total, 1, expected_sum, 2, 1),
                   "rows after the retry (points, revisions, highest revision, sum, calls that "
                   "wrote, receipts)")
    log("nothing lost, nothing doubled")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    h = sub.add_parser("health")
    h.add_argument("addresses", nargs="+")
    h.add_argument("--timeout", type=float, default=300)
    r = sub.add_parser("restart-retry")
    r.add_argument("--token-command", required=True)
    for name in fc.PACKAGES:
        r.add_argument(f"--{name}", required=True)
    r.add_argument("--ca-file", default="")
    r.add_argument("--cert-file", default="")
    r.add_argument("--key-file", default="")
    r.add_argument("--tls-server-name", default="")
    r.add_argument("--container", required=True, help="the statistics server's container")
    r.add_argument("--health", required=True, help="its plaintext health address")
    r.add_argument("--db-defaults", required=True, help="a mariadb option file (0600)")
    r.add_argument("--parent", default="jiyuan", help="the new unit's parent (demo data)")
    r.add_argument("--points", type=int, default=30000)
    r.add_argument("--kill-after", type=int, default=12, help="messages sent before the kill")
    return parser.parse_args()


def main():
    args = parse_args()
    try:
        if args.command == "health":
            health(args)
        else:
            restart_retry(args)
    except fc.CheckFailed as failure:
        print(f"deploy-test: FAILED: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

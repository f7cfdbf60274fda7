#!/usr/bin/python3
"""The plaintext health-only listener (--health_port) that Kubernetes' gRPC probes call: with the
four servers on mutual TLS (tests/e2e/run_e2e.py's launcher, SQLite), each answers
grpc.health.v1.Health/Check in plaintext on its health port, SERVING overall, for its services
and for "liveness"; refuses every other method there (UNIMPLEMENTED: nothing but health is
served without TLS); and its main port still refuses plaintext.

    tests/observability/check_health_port.py --build-dir build
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "e2e"))
import run_e2e  # noqa: E402

# HealthCheckResponse.status (field 1, varint): SERVING = 1, NOT_SERVING = 2, SERVICE_UNKNOWN = 3.
SERVING = b"\x08\x01"
SERVICE_UNKNOWN = b"\x08\x03"


def health_request(service):
    data = service.encode()
    return (b"\x0a" + bytes([len(data)]) + data) if data else b""


def health_address(server):
    with open(server.log_path, encoding="utf-8") as log:
        for line in log:
            if '"message":"serving"' in line:
                return json.loads(line)["health_address"]
    raise RuntimeError(f"fazhi-{server.name} logged no serving line")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(SOURCE_DIR, "build"))
    args = parser.parse_args()
    failures = []
    checks = 0

    def expect(condition, message):
        nonlocal checks
        checks += 1
        if not condition:
            failures.append(message)

    work = tempfile.mkdtemp(prefix="fazhi-health-port-")
    pki = os.path.join(work, "pki")
    subprocess.run([os.path.join(SOURCE_DIR, "scripts", "dev-certs"), pki], check=True,
                   capture_output=True)
    key = os.path.join(work, "auth", "signing.key")
    os.makedirs(os.path.dirname(key))
    subprocess.run(run_e2e.token_command(key) + ["--role", "admin"], check=True,
                   capture_output=True)
    os.environ["FAZHI_HEALTH_PORT"] = "0"
    servers = run_e2e.start_servers(args.build_dir, work, key,
                                    lambda name: f"sqlite://{work}/{name}.db", pki=pki)
    try:
        services = {"department": "fazhi.department.v1.DepartmentService",
                    "statistics": "fazhi.statistics.v1.StatisticsService",
                    "cases": "fazhi.cases.v1.EnforcementCaseService",
                    "reports": "fazhi.reports.v1.ReportService"}
        for name, server in servers.items():
            address = health_address(server)
            expect(address and address != server.grpc_address,
                   f"fazhi-{name}: health address {address!r} is not its own port")
            with grpc.insecure_channel(address) as channel:
                check = channel.unary_unary("/grpc.health.v1.Health/Check")
                for service in ("", "liveness", services[name],
                                "fazhi.common.v1.AuditService"):
                    answer = check(health_request(service), timeout=10)
                    expect(answer == SERVING,
                           f"fazhi-{name}: Check({service!r}) on the health port answered "
                           f"{answer!r}, not SERVING")
                try:
                    answer = check(health_request("no.such.Service"), timeout=10)
                    expect(False, f"fazhi-{name}: an unknown service answered {answer!r}")
                except grpc.RpcError as error:
                    expect(error.code() == grpc.StatusCode.NOT_FOUND,
                           f"fazhi-{name}: an unknown service gave {error.code()}, not NOT_FOUND")
                for method in ("/fazhi.common.v1.AuditService/ListAuditEntries",
                               "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"):
                    try:
                        channel.unary_unary(method)(b"", timeout=10)
                        expect(False, f"fazhi-{name}: {method} answered on the health port")
                    except grpc.RpcError as error:
                        expect(error.code() == grpc.StatusCode.UNIMPLEMENTED,
                               f"fazhi-{name}: {method} on the health port gave {error.code()}, "
                               "not UNIMPLEMENTED")
            # The main port is TLS: a plaintext health check there fails to connect.
            with grpc.insecure_channel(server.grpc_address) as channel:
                try:
                    channel.unary_unary("/grpc.health.v1.Health/Check")(b"", timeout=3)
                    expect(False, f"fazhi-{name}: its main port answered plaintext")
                except grpc.RpcError as error:
                    expect(error.code() == grpc.StatusCode.UNAVAILABLE,
                           f"fazhi-{name}: plaintext on the main port gave {error.code()}")
    finally:
        failed = run_e2e.stop_servers(servers)
        expect(not failed, "did not stop cleanly: " + ", ".join(failed))
    for f in failures:
        print("FAIL", f)
    print(f"{checks - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Starts the four fazhi servers (tests/e2e/run_e2e.py's launcher, SQLite), reads each /metrics,
and checks that every metric the Grafana dashboard and the Prometheus rules name is one some
service exports; and that every FAZHI_<FLAG> the Kubernetes manifests set is a flag of the
binary it is given to (each binary's --helpfull).

    tests/observability/check_observability.py --build-dir build
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

import grpc

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(SOURCE_DIR, "tests", "e2e"))
import run_e2e  # noqa: E402

SERVICES = run_e2e.SERVICES
METRIC = re.compile(r"\b((?:fazhi|grpc)_[a-z0-9_]+)\b")
LABEL_WORDS = {"grpc_code", "grpc_type", "grpc_service", "grpc_method"}


def exported(metrics_text):
    """Sample names a /metrics page exports, histograms and summaries with their series."""
    names = set()
    for line in metrics_text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(maxsplit=3)
            names.add(name)
            if kind in ("histogram", "summary"):
                names.update({name + "_bucket", name + "_sum", name + "_count"})
        elif line and not line.startswith("#"):
            names.add(re.split(r"[{ ]", line, maxsplit=1)[0])
    return names


def referenced():
    """Metric names in the dashboard's and the rules' expressions, with where each is used."""
    uses = {}
    dashboard = json.load(open(os.path.join(SOURCE_DIR, "deploy", "grafana",
                                            "fazhi-dashboard.json"), encoding="utf-8"))
    exprs = [("dashboard: " + p["title"], t["expr"]) for p in dashboard["panels"]
             for t in p["targets"]]
    exprs.append(("dashboard: $job variable", dashboard["templating"]["list"][1]["query"]))
    rules = yaml.safe_load(open(os.path.join(SOURCE_DIR, "deploy", "prometheus",
                                             "fazhi-rules.yml"), encoding="utf-8"))
    exprs += [("rule " + r["alert"], r["expr"]) for g in rules["groups"] for r in g["rules"]]
    for where, expr in exprs:
        for name in METRIC.findall(expr):
            if name not in LABEL_WORDS:
                uses.setdefault(name, []).append(where)
    return uses


def flags_of(binary):
    out = subprocess.run([binary, "--helpfull"], capture_output=True, text=True).stdout
    return set(re.findall(r"^\s+--([a-z0-9_]+) ", out, re.MULTILINE))


def manifest_env():
    """FAZHI_* names set per binary by k8s/base and the overlays (ConfigMaps, env)."""
    docs = []
    for path in glob.glob(os.path.join(SOURCE_DIR, "k8s", "**", "*.yaml"), recursive=True):
        if "node_modules" in path or path.endswith("kustomization.yaml"):
            continue
        docs += [(path, d) for d in yaml.safe_load_all(open(path, encoding="utf-8")) if d]
    config_maps = {d["metadata"]["name"]: d.get("data", {}) for _, d in docs
                   if d["kind"] == "ConfigMap"}
    env = {}
    for path, d in docs:
        if d["kind"] not in ("Deployment", "Job"):
            continue
        pod = d["spec"].get("template", {}).get("spec", {})  # patches may carry none
        for c in pod.get("initContainers", []) + pod.get("containers", []):
            if "command" not in c:
                continue
            binary = os.path.basename(c["command"][0])
            names = env.setdefault(binary, {})
            for e in c.get("env", []):
                names.setdefault(e["name"], f"{os.path.relpath(path, SOURCE_DIR)} {c['name']}")
            for ref in c.get("envFrom", []):
                cm = ref.get("configMapRef", {}).get("name")
                for key in config_maps.get(cm, {}):
                    names.setdefault(key, f"ConfigMap {cm}")
    return env


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(SOURCE_DIR, "build"))
    args = parser.parse_args()
    failures = []

    # Flags: a ConfigMap key that is no flag would be ignored silently by the binary.
    binaries = {f"fazhi-{s}": os.path.join(args.build_dir, "services", s, f"fazhi-{s}")
                for s in SERVICES}
    binaries.update({f"fazhi-{s}-demo": os.path.join(args.build_dir, "services", s,
                                                     f"fazhi-{s}-demo") for s in SERVICES})
    env = manifest_env()
    if set(env) != set(binaries):
        failures.append(f"manifests run {sorted(env)}, expected {sorted(binaries)}")
    checked = 0
    for binary, names in sorted(env.items()):
        if binary not in binaries:
            continue
        flags = flags_of(binaries[binary])
        if "migrate_only" not in flags and not binary.endswith("-demo"):
            failures.append(f"{binary} --helpfull lists no --migrate_only: cannot read its flags")
        for name, where in sorted(names.items()):
            checked += 1
            flag = name[len("FAZHI_"):].lower() if name.startswith("FAZHI_") else None
            if flag not in flags:
                failures.append(f"{where}: {name} is not a flag of {binary}")
    print(f"{checked} FAZHI_* settings checked against the binaries' flags")

    # Metrics: what the four running services export.
    work = tempfile.mkdtemp(prefix="fazhi-observability-")
    key = os.path.join(work, "auth", "signing.key")
    os.makedirs(os.path.dirname(key))
    subprocess.run(run_e2e.token_command(key) + ["--role", "admin"], check=True,
                   capture_output=True)
    # The compliance gauges exist only for --compliance_units.
    os.environ["FAZHI_COMPLIANCE_UNITS"] = "jiyuan"
    os.environ["FAZHI_COMPLIANCE_REFRESH_SECONDS"] = "1"
    # The cases' overdue gauge has a series per unit with a case, counted every second here.
    os.environ["FAZHI_OVERDUE_METRICS_REFRESH_SECONDS"] = "1"
    servers = run_e2e.start_servers(
        args.build_dir, work, key, lambda name: f"sqlite://{work}/{name}.db")
    names = set()
    try:
        # Series appear once something happened: the demo loaders (scripts/run's) write units,
        # which the reports' compliance gauges need, and figures, which count imports; a call to
        # each service's audit log counts in its gRPC metrics.
        admin = subprocess.run(run_e2e.token_command(key) + ["--role", "admin"], check=True,
                               capture_output=True, text=True).stdout.strip()
        loader_env = dict(os.environ, FAZHI_TOKEN=admin)
        for name in ("department", "statistics"):
            subprocess.run([binaries[f"fazhi-{name}-demo"],
                            f"--{name}_address={servers[name].grpc_address}"],
                           env=loader_env, check=True, capture_output=True, cwd=SOURCE_DIR)
        # scripts/run's demo cases, so that fazhi_cases_overdue has series.
        subprocess.run([binaries["fazhi-cases-demo"],
                        f"--cases_address={servers['cases'].grpc_address}",
                        "--data_dir=services/cases/demo/data"],
                       env=loader_env, check=True, capture_output=True, cwd=SOURCE_DIR)
        for name, server in servers.items():
            with grpc.insecure_channel(server.grpc_address) as channel:
                call = channel.unary_unary("/fazhi.common.v1.AuditService/ListAuditEntries")
                call(b"", metadata=[("authorization", "Bearer " + admin)], timeout=10)
        give_up = time.monotonic() + 30
        while time.monotonic() < give_up:
            text = urllib.request.urlopen(servers["reports"].metrics_url, timeout=10).read()
            cases_text = urllib.request.urlopen(servers["cases"].metrics_url, timeout=10).read()
            if b"fazhi_reports_overdue{" in text and b"fazhi_cases_overdue{" in cases_text:
                break
            time.sleep(0.5)
        for name, server in servers.items():
            text = urllib.request.urlopen(server.metrics_url, timeout=10).read().decode()
            got = exported(text)
            print(f"fazhi-{name}: {len(got)} metric names at {server.metrics_url}")
            if "grpc_server_handled_total" not in got:
                failures.append(f"fazhi-{name} exports no grpc_server_handled_total")
            names |= got
    finally:
        failed = run_e2e.stop_servers(servers)
        if failed:
            failures.append("did not stop cleanly: " + ", ".join(failed))
    uses = referenced()
    for name, where in sorted(uses.items()):
        if name not in names:
            failures.append(f"{name} (used by {'; '.join(sorted(set(where)))}) is exported by "
                            "no service")
    print(f"{len(uses)} metric names in the dashboard and rules, "
          f"{len(names)} exported by the four services")
    for f in failures:
        print("FAIL", f)
    print(f"observability: {'FAILED' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

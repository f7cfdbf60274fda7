#!/usr/bin/python3
"""Starts the four fazhi servers from a build directory on free ports, runs the independent
client (fazhi_client.py) against them, and stops them.

    tests/e2e/run_e2e.py --build-dir build --backend sqlite
    tests/e2e/run_e2e.py --build-dir build --backend mysql     # needs FAZHI_TEST_MYSQL_URL
    tests/e2e/run_e2e.py --build-dir build --backend sqlite --tls   # mutual TLS everywhere

The servers start as scripts/run starts them, without its demo data: an outside system brings
its own units. Each run gets a fresh signing key, fresh service-account tokens and fresh
databases (SQLite files in a temporary directory, or new MariaDB databases dropped afterwards),
so it never depends on what an earlier run left. With --tls, scripts/dev-certs makes a
development CA, the servers require client certificates (between themselves too) and the client
connects with one, as in production. The client only ever sees addresses, metrics
URLs and a command that mints tokens, which is what scripts/deploy-test gives it for containers.
"""

import argparse
import ctypes
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_DIR = os.path.dirname(os.path.dirname(HERE))
SERVICES = ("department", "statistics", "cases", "reports")


def _die_with_parent():
    # PR_SET_PDEATHSIG: a launcher killed outright (a ctest timeout) must not leave servers.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)


class Server:
    """One service binary, its log, and the addresses its "serving" line names."""

    def __init__(self, name, binary, flags, log_path):
        self.name = name
        self.log_path = log_path
        # Port 0: the server binds a free port and logs it, so nothing is guessed.
        args = [binary, "--listen=127.0.0.1:0", "--metrics_port=0",
                "--metrics_address=127.0.0.1"] + flags
        with open(log_path, "wb") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL,
                                            preexec_fn=_die_with_parent)
        self.grpc_address, self.metrics_url = self._wait_serving()

    def _wait_serving(self):
        give_up = time.monotonic() + 60
        while time.monotonic() < give_up:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                for line in log:
                    if '"message":"serving"' in line:
                        entry = json.loads(line)
                        return entry["grpc_address"], entry["metrics_url"]
            if self.process.poll() is not None:
                raise RuntimeError(f"fazhi-{self.name} exited ({self.process.returncode}) before "
                                   f"serving:\n{self.log()}")
            time.sleep(0.05)
        raise RuntimeError(f"fazhi-{self.name} did not serve within 60 s:\n{self.log()}")

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as log:
            return log.read()[-4000:]

    def stop(self):
        """SIGTERM and wait for the drain; returns the exit status (None if it had to be killed)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                return None
        return self.process.returncode


class MariaDb:
    """Fresh databases on the server FAZHI_TEST_MYSQL_URL names, dropped at the end."""

    def __init__(self, admin_url, work_dir):
        parsed = urllib.parse.urlsplit(admin_url)
        if parsed.scheme != "mysql" or not parsed.hostname:
            raise RuntimeError("FAZHI_TEST_MYSQL_URL must look like "
                               "mysql://user:password@host:port/database")
        self.parsed = parsed
        # The password goes in a 0600 option file, never on a command line.
        self.options = os.path.join(work_dir, "mysql.cnf")
        fd = os.open(self.options, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write("[client]\n")
            f.write(f"user={urllib.parse.unquote(parsed.username or '')}\n")
            f.write(f"password={urllib.parse.unquote(parsed.password or '')}\n")
            f.write(f"host={parsed.hostname}\nport={parsed.port or 3306}\nprotocol=tcp\n")
        self.schemas = []

    def _sql(self, statement):
        client = shutil.which("mariadb") or shutil.which("mysql")
        if client is None:
            raise RuntimeError("no mariadb client (install mariadb-client; scripts/bootstrap does)")
        subprocess.run([client, f"--defaults-extra-file={self.options}", "-e", statement],
                       check=True, stdin=subprocess.DEVNULL)

    def create(self, name):
        schema = f"fazhi_e2e_{os.getpid()}_{secrets.token_hex(3)}_{name}"
        self._sql(f"CREATE DATABASE {schema} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        self.schemas.append(schema)
        base = self.parsed._replace(path="/" + schema)
        return urllib.parse.urlunsplit(base)

    def drop_all(self):
        for schema in self.schemas:
            try:
                self._sql(f"DROP DATABASE IF EXISTS {schema}")
            except subprocess.CalledProcessError as error:
                print(f"run_e2e: could not drop {schema}: {error}", file=sys.stderr)


def token_command(key_path):
    return [os.path.join(SOURCE_DIR, "scripts", "token"), "--key", key_path,
            "--issuer", "fazhi", "--audience", "fazhi"]


def write_service_token(work_dir, key_path, account):
    path = os.path.join(work_dir, f"{account}.token")
    token = subprocess.run(token_command(key_path) + [
        "--role", "service", "--service-account", "--subject", account, "--ttl", "3600"],
        check=True, capture_output=True, text=True).stdout.strip()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token)
    return path


def start_servers(build_dir, work_dir, key_path, database_for, pki=None):
    """Starts the four services in dependency order, as scripts/run does; returns them by name.
    pki: scripts/dev-certs' directory for mutual TLS, or None for plaintext on loopback."""
    common = [f"--auth_jwks_file={os.path.join(os.path.dirname(key_path), 'jwks.json')}",
              "--auth_issuer=fazhi", "--auth_audience=fazhi",
              f"--page_token_secret={secrets.token_hex(16)}", "--drain_seconds=5"]
    if pki:
        common += [f"--tls_cert_file={pki}/server.pem", f"--tls_key_file={pki}/server.key",
                   f"--tls_client_ca_file={pki}/ca.pem"]
    servers = {}

    def peer_tls(peer):
        if not pki:
            return []
        return [f"--{peer}_ca_file={pki}/ca.pem", f"--{peer}_cert_file={pki}/client.pem",
                f"--{peer}_key_file={pki}/client.key"]

    def start(name, extra):
        binary = os.path.join(build_dir, "services", name, f"fazhi-{name}")
        flags = common + [f"--database_url={database_for(name)}"] + extra
        servers[name] = Server(name, binary, flags, os.path.join(work_dir, f"{name}.log"))

    try:
        start("department", [])
        department = servers["department"].grpc_address
        statistics_token = write_service_token(work_dir, key_path, "fazhi-statistics")
        start("statistics", [f"--department_address={department}",
                             f"--department_token_file={statistics_token}"] +
              peer_tls("department"))
        cases_token = write_service_token(work_dir, key_path, "fazhi-cases")
        start("cases", [f"--department_address={department}",
                        f"--department_token_file={cases_token}",
                        f"--statistics_address={servers['statistics'].grpc_address}",
                        f"--statistics_token_file={cases_token}",
                        f"--calendar_dir={os.path.join(SOURCE_DIR, 'deploy', 'calendars')}"] +
              peer_tls("department") + peer_tls("statistics"))
        reports_token = write_service_token(work_dir, key_path, "fazhi-reports")
        start("reports", [f"--department_address={department}",
                          f"--department_token_file={reports_token}",
                          f"--statistics_address={servers['statistics'].grpc_address}",
                          f"--statistics_token_file={reports_token}",
                          f"--cases_address={servers['cases'].grpc_address}",
                          f"--cases_token_file={reports_token}",
                          "--templates_dir=" +
                          os.path.join(SOURCE_DIR, "services", "reports", "templates")] +
              peer_tls("department") + peer_tls("statistics") + peer_tls("cases"))
    except Exception:
        stop_servers(servers)
        raise
    return servers


def stop_servers(servers):
    """Stops in reverse order; returns the names of those that did not exit cleanly."""
    failed = []
    for name in reversed(list(servers)):
        status = servers[name].stop()
        if status != 0:
            failed.append(f"fazhi-{name} (exit status {status})")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", default=os.path.join(SOURCE_DIR, "build"))
    parser.add_argument("--backend", choices=("sqlite", "mysql"), default="sqlite")
    parser.add_argument("--tls", action="store_true",
                        help="serve and call with mutual TLS (a development CA per run)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (logs, SQLite files) afterwards")
    args = parser.parse_args()
    # SIGTERM ends the run through the finally below, which stops the servers and drops the
    # databases.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    work_dir = tempfile.mkdtemp(prefix=f"fazhi-e2e-{args.backend}-")
    mariadb = None
    servers = {}
    status = 1
    try:
        if args.backend == "mysql":
            url = os.environ.get("FAZHI_TEST_MYSQL_URL", "")
            if not url:
                # A missing server fails, never skips: a suite that silently tests one backend
                # proves nothing about the other.
                print("run_e2e: --backend mysql needs FAZHI_TEST_MYSQL_URL (an account that may "
                      "create databases, e.g. mysql://fazhi:fazhi@127.0.0.1:3306/mysql); "
                      "scripts/test starts a MariaDB and sets it", file=sys.stderr)
                return 1
            mariadb = MariaDb(url, work_dir)
            database_for = mariadb.create
        else:
            def database_for(name):
                return f"sqlite://{work_dir}/{name}.db"

        key_path = os.path.join(work_dir, "auth", "dev-signing.key")
        subprocess.run(token_command(key_path) + ["--role", "admin"], check=True,
                       capture_output=True)  # creates the key and its JWKS
        pki = None
        if args.tls:
            pki = os.path.join(work_dir, "pki")
            subprocess.run([os.path.join(SOURCE_DIR, "scripts", "dev-certs"), pki], check=True,
                           stdout=subprocess.DEVNULL)
        servers = start_servers(args.build_dir, work_dir, key_path, database_for, pki)
        client = [sys.executable, os.path.join(HERE, "fazhi_client.py"),
                  "--token-command", " ".join(token_command(key_path))]
        if pki:
            client += [f"--ca-file={pki}/ca.pem", f"--cert-file={pki}/client.pem",
                       f"--key-file={pki}/client.key"]
        for name in SERVICES:
            client += [f"--{name}", servers[name].grpc_address,
                       f"--{name}-metrics", servers[name].metrics_url]
        print(f"run_e2e: {args.backend}{' with mutual TLS' if pki else ''}: servers up; "
              "running the client", flush=True)
        status = subprocess.run(client).returncode
        if status != 0:
            for server in servers.values():
                print(f"--- fazhi-{server.name} log (tail) ---\n{server.log()}", file=sys.stderr)
    finally:
        failed = stop_servers(servers)
        if failed:
            print("run_e2e: did not stop cleanly: " + ", ".join(failed), file=sys.stderr)
            status = status or 1
        if mariadb:
            mariadb.drop_all()
        if args.keep:
            print(f"run_e2e: kept {work_dir}")
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

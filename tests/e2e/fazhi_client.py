#!/usr/bin/python3
"""An outside system's client of fazhi, written from proto/ and the docs only.

It drives the four services over the network as another e-government system would: it mints
tokens with the command it is given, registers its own units, streams figures in, files and
decides a case, writes, approves, submits and publishes a report, and reads the published report
back without a token. It also checks the standard protocols (grpc.health.v1, server reflection,
Prometheus metrics) and the error paths an integrator relies on. Every check asserts values; the
first failure ends the run with exit status 1.

    tests/e2e/fazhi_client.py --token-command "scripts/token --key var/auth/dev-signing.key" \\
        --department 127.0.0.1:50051 --statistics 127.0.0.1:50052 \\
        --cases 127.0.0.1:50053 --reports 127.0.0.1:50054 \\
        [--department-metrics http://127.0.0.1:9451/metrics ...] \\
        [--ca-file ca.pem --cert-file client.pem --key-file client.key]

--token-command is run with "--role R [--department UNIT] --subject S" appended and must print a
bearer token (scripts/token's interface; in production, the identity provider's). Every unit,
officer and report it makes carries a fresh run id, so it may run against a deployment that
already holds data, any number of times.

Stubs are generated from proto/ into a temporary directory at start (Debian's
python3-grpc-tools), never committed. Runs on /usr/bin/python3 with Debian's python3-grpcio,
python3-grpc-tools and python3-prometheus-client.
"""

import argparse
import atexit
import hashlib
import importlib
import os
import random
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import grpc
from grpc_tools import protoc
from prometheus_client.parser import text_string_to_metric_families

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(os.path.dirname(os.path.dirname(HERE)), "proto")
DEADLINE = 10  # seconds: every call carries one, as docs/integration.md asks of integrators


def generate_stubs(proto_dir=PROTO_DIR):
    """Compiles every .proto under proto_dir into a temporary directory put on sys.path; returns
    the fazhi files (paths relative to proto_dir)."""
    out = tempfile.mkdtemp(prefix="fazhi-e2e-stubs-")
    atexit.register(shutil.rmtree, out, True)
    files = sorted(os.path.relpath(os.path.join(d, f), proto_dir)
                   for d, _, names in os.walk(proto_dir) for f in names if f.endswith(".proto"))
    fazhi = [f for f in files if f.startswith("fazhi/")]
    # grpc/health and grpc/reflection would generate modules under "grpc", which is grpcio's own
    # package (Debian ships no grpcio-health-checking): they are compiled as "fazhi_std/".
    std_dir = os.path.join(out, "std-src", "fazhi_std")
    os.makedirs(std_dir)
    standard = []
    for f in files:
        if f.startswith("grpc/"):
            shutil.copy(os.path.join(proto_dir, f), std_dir)
            standard.append("fazhi_std/" + os.path.basename(f))
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    for include, sources in ((proto_dir, fazhi), (os.path.join(out, "std-src"), standard)):
        status = protoc.main(["grpc_tools.protoc", f"-I{include}", f"-I{well_known}",
                              f"--python_out={out}", f"--grpc_python_out={out}"] + sources)
        if status != 0:
            sys.exit(f"fazhi_client: protoc failed ({status}) on {include}")
    sys.path.insert(0, out)
    # Imported once each, so the descriptor pool knows every file (and reflection can be checked
    # against all of them).
    for f in fazhi:
        importlib.import_module(f[:-len(".proto")].replace("/", ".") + "_pb2")
    return fazhi


PROTO_FILES = generate_stubs()

# pylint: disable=wrong-import-position,import-error
from fazhi.cases.v1 import enforcement_pb2 as cases_pb  # noqa: E402
from fazhi.cases.v1 import enforcement_pb2_grpc as cases_grpc  # noqa: E402
from fazhi.common.v1 import common_pb2  # noqa: E402
from fazhi.department.v1 import department_pb2 as dept_pb  # noqa: E402
from fazhi.department.v1 import department_pb2_grpc as dept_grpc  # noqa: E402
from fazhi.department.v1 import officer_pb2 as officer_pb  # noqa: E402
from fazhi.department.v1 import officer_pb2_grpc as officer_grpc  # noqa: E402
from fazhi.reports.v1 import reports_pb2 as reports_pb  # noqa: E402
from fazhi.reports.v1 import reports_pb2_grpc as reports_grpc  # noqa: E402
from fazhi.statistics.v1 import statistics_pb2 as stats_pb  # noqa: E402
from fazhi.statistics.v1 import statistics_pb2_grpc as stats_grpc  # noqa: E402
from google.protobuf import descriptor_pool  # noqa: E402
from google.protobuf import field_mask_pb2  # noqa: E402
from fazhi_std import health_pb2  # noqa: E402
from fazhi_std import reflection_pb2, reflection_pb2_grpc  # noqa: E402

# The services each server offers, read from the protos' packages: what reflection must list.
PACKAGES = {
    "department": "fazhi.department.v1",
    "statistics": "fazhi.statistics.v1",
    "cases": "fazhi.cases.v1",
    "reports": "fazhi.reports.v1",
}
# Every server also serves its own audit log, health and reflection.
SHARED_SERVICES = {"fazhi.common.v1.AuditService", "grpc.health.v1.Health",
                   "grpc.reflection.v1alpha.ServerReflection"}


class CheckFailed(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def check_equal(actual, expected, what):
    if actual != expected:
        raise CheckFailed(f"{what}: expected {expected!r}, got {actual!r}")


def step(message):
    print(f"fazhi_client: {message}", flush=True)


def year(y):
    return common_pb2.Period(type=common_pb2.PERIOD_TYPE_YEAR, year=y)


def date(y, m, d):
    return common_pb2.Date(year=y, month=m, day=d)


def id_number(rng):
    """A random 公民身份号码 with a valid GB 11643-1999 check character (never a real person's
    in practice: a random birth date and sequence in 410881, 济源)."""
    body = "410881" + f"{rng.randint(1970, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def credit_code(rng):
    """A random 统一社会信用代码 with a valid GB 32100-2015 check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91410881" + "".join(rng.choice(alphabet) for _ in range(9))
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(alphabet.index(c) * w for c, w in zip(body, weights))
    return body + alphabet[(31 - total % 31) % 31]


class Fazhi:
    """Channels and stubs for the four services, and tokens by role."""

    def __init__(self, args):
        self.args = args
        self.tokens = {}
        self.channels = {}
        for name in PACKAGES:
            address = getattr(args, name)
            if args.ca_file:
                with open(args.ca_file, "rb") as f:
                    ca = f.read()
                cert = key = None
                if args.cert_file:
                    with open(args.cert_file, "rb") as f:
                        cert = f.read()
                    with open(args.key_file, "rb") as f:
                        key = f.read()
                credentials = grpc.ssl_channel_credentials(ca, key, cert)
                options = []
                if args.tls_server_name:
                    options.append(("grpc.ssl_target_name_override", args.tls_server_name))
                self.channels[name] = grpc.secure_channel(address, credentials, options)
            else:
                self.channels[name] = grpc.insecure_channel(address)
        self.departments = dept_grpc.DepartmentServiceStub(self.channels["department"])
        self.officers = officer_grpc.OfficerServiceStub(self.channels["department"])
        self.statistics = stats_grpc.StatisticsServiceStub(self.channels["statistics"])
        self.cases = cases_grpc.EnforcementCaseServiceStub(self.channels["cases"])
        self.reports = reports_grpc.ReportServiceStub(self.channels["reports"])

    def token(self, role, department="", subject=None):
        """A bearer token from the token command, once per (role, unit)."""
        key = (role, department)
        if key not in self.tokens:
            command = shlex.split(self.args.token_command) + [
                "--role", role, "--subject", subject or f"e2e.{role}"]
            if department:
                command += ["--department", department]
            result = subprocess.run(command, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                # The command's own error output, never a token.
                sys.exit(f"fazhi_client: the token command failed: {result.stderr.strip()}")
            self.tokens[key] = result.stdout.strip()
        return self.tokens[key]

    def auth(self, role, department=""):
        return [("authorization", "Bearer " + self.token(role, department))]


def expect_error(code, call, *args, naming=None, **kwargs):
    """Runs a call that must fail with code; returns the error's message."""
    try:
        call(*args, timeout=DEADLINE, **kwargs)
    except grpc.RpcError as error:
        check_equal(error.code(), code, f"status of a call that must fail ({error.details()})")
        if naming:
            check(naming in error.details(),
                  f"the {code.name} message should name {naming!r}: {error.details()!r}")
        return error.details()
    raise CheckFailed(f"the call succeeded; expected {code.name}")


class Scenario:
    """The whole run. Ids carry a run id, so runs never collide with data already there."""

    def __init__(self, fazhi):
        self.f = fazhi
        self.run = secrets.token_hex(3)
        self.rng = random.Random(self.run)
        self.prefix = f"e2e-{self.run}"
        # The year reported on: a finished year, so its figures may be reported and locked.
        self.year = time.gmtime().tm_year - 1
        # OK calls per service and method, for the metrics check; counted from a first scrape.
        self.called = {name: {} for name in PACKAGES}
        self.handled_before = {}

    def unit(self, suffix):
        return f"{self.prefix}-{suffix}"

    def ok(self, service, method, request, role="admin", department=""):
        """A unary call with a token and a deadline; records it for the metrics check."""
        stub = {"department": self.f.departments, "statistics": self.f.statistics,
                "cases": self.f.cases, "reports": self.f.reports, "officer": self.f.officers}
        target = "department" if service == "officer" else service
        response = getattr(stub[service], method)(
            request, timeout=DEADLINE, metadata=self.f.auth(role, department))
        self.count(target, method)
        return response

    def count(self, service, method):
        self.called[service][method] = self.called[service].get(method, 0) + 1

    # --- the unit registry ---------------------------------------------------------------

    def register_units(self):
        step("registering units and their reporting relations")
        d = dept_pb
        start = date(self.year, 1, 1)
        units = [  # id suffix, name, short name, kind, level, parent
            ("prov", "省人民政府", "省政府", d.DEPARTMENT_KIND_GOVERNMENT,
             d.ADMINISTRATIVE_LEVEL_PROVINCE, ""),
            ("prov-party", "中共省委员会", "省委", d.DEPARTMENT_KIND_PARTY_COMMITTEE,
             d.ADMINISTRATIVE_LEVEL_PROVINCE, ""),
            ("city", "市人民政府", "市政府", d.DEPARTMENT_KIND_GOVERNMENT,
             d.ADMINISTRATIVE_LEVEL_CITY, "prov"),
            ("city-party", "中共市委员会", "市委", d.DEPARTMENT_KIND_PARTY_COMMITTEE,
             d.ADMINISTRATIVE_LEVEL_CITY, ""),
            ("city-congress", "市人大常委会", "市人大常委会",
             d.DEPARTMENT_KIND_CONGRESS_STANDING_COMMITTEE, d.ADMINISTRATIVE_LEVEL_CITY, ""),
            ("town-a", "甲镇人民政府", "甲镇", d.DEPARTMENT_KIND_TOWN,
             d.ADMINISTRATIVE_LEVEL_TOWNSHIP, "city"),
            ("town-b", "乙镇人民政府", "乙镇", d.DEPARTMENT_KIND_TOWN,
             d.ADMINISTRATIVE_LEVEL_TOWNSHIP, "city"),
            ("env", "市生态环境局", "生态环境局", d.DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT,
             d.ADMINISTRATIVE_LEVEL_CITY, "city"),
        ]
        for suffix, name, short_name, kind, level, parent in units:
            unit = d.Department(name=f"{name}（{self.run}）", short_name=short_name, kind=kind,
                                level=level, parent_id=self.unit(parent) if parent else "",
                                valid_from=start, law_enforcement_body=(suffix == "env"))
            created = self.ok("department", "CreateDepartment", d.CreateDepartmentRequest(
                department=unit, department_id=self.unit(suffix),
                request_id=f"{self.prefix}-unit-{suffix}"))
            check_equal(created.id, self.unit(suffix), "the id of a registered unit")
            check_equal(created.status, d.DEPARTMENT_STATUS_ACTIVE, f"{created.id}'s status")
            check(created.etag, f"{created.id} has no etag")

        relations = [("city", d.RELATION_KIND_PARTY_COMMITTEE, "city-party"),
                     ("city", d.RELATION_KIND_CONGRESS_STANDING_COMMITTEE, "city-congress"),
                     ("city", d.RELATION_KIND_SUPERIOR, "prov"),
                     ("prov", d.RELATION_KIND_PARTY_COMMITTEE, "prov-party")]
        for unit, kind, related in relations:
            request = d.SetDepartmentRelationRequest(
                department_id=self.unit(unit), kind=kind, related_id=self.unit(related),
                effective_date=start, reason="端到端测试")
            relation = self.ok("department", "SetDepartmentRelation", request)
            check_equal(relation.related_id, self.unit(related), "a relation's related unit")

        # The city's subtree as a reader sees it: itself, two towns and the bureau.
        tree = self.ok("department", "ListDescendants", d.ListDescendantsRequest(
            id=self.unit("city"), include_self=True))
        check_equal(sorted(n.department.id for n in tree.nodes),
                    sorted(self.unit(s) for s in ("city", "town-a", "town-b", "env")),
                    "the city's subtree")

    def registry_errors(self):
        step("error paths: no token, a bad field, a retried create")
        d = dept_pb
        # Without a token: UNAUTHENTICATED, whatever the call.
        expect_error(grpc.StatusCode.UNAUTHENTICATED, self.f.departments.GetDepartment,
                     d.GetDepartmentRequest(id=self.unit("city")))
        # A bad field: INVALID_ARGUMENT naming it, and nothing written.
        bad = d.Department(name="某局", kind=d.DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT,
                           level=d.ADMINISTRATIVE_LEVEL_CITY, parent_id=self.unit("city"),
                           credit_code="91350100M000100Y44")
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, self.f.departments.CreateDepartment,
                     d.CreateDepartmentRequest(department=bad, department_id=self.unit("bad")),
                     metadata=self.f.auth("admin"), naming="department.credit_code")
        expect_error(grpc.StatusCode.NOT_FOUND, self.f.departments.GetDepartment,
                     d.GetDepartmentRequest(id=self.unit("bad")), metadata=self.f.auth("admin"))
        # A retried create with the same request id returns the first unit and creates nothing.
        request = d.CreateDepartmentRequest(
            department=d.Department(name=f"市司法局（{self.run}）", short_name="司法局",
                                    kind=d.DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT,
                                    level=d.ADMINISTRATIVE_LEVEL_CITY,
                                    parent_id=self.unit("city")),
            request_id=f"{self.prefix}-retry")  # no department_id: the server assigns one
        first = self.ok("department", "CreateDepartment", request)
        again = self.ok("department", "CreateDepartment", request)
        check_equal(again.id, first.id, "the id a retried create returns")
        check_equal(again.etag, first.etag, "the etag a retried create returns")
        children = self.ok("department", "ListDepartments", d.ListDepartmentsRequest(
            parent_id=self.unit("city"), kind=d.DEPARTMENT_KIND_GOVERNMENT_DEPARTMENT))
        check_equal(sorted(u.id for u in children.departments),
                    sorted([self.unit("env"), first.id]),
                    "the city's departments after a retried create")

        self.paging(first.id)

        # A correlation id sent as x-request-id comes back with the answer.
        correlation = f"{self.prefix}-correlation"
        _, call = self.f.departments.GetDepartment.with_call(
            d.GetDepartmentRequest(id=self.unit("city")), timeout=DEADLINE,
            metadata=self.f.auth("admin") + [("x-request-id", correlation)])
        self.count("department", "GetDepartment")
        echoed = dict(call.initial_metadata()).get("x-request-id") or dict(
            call.trailing_metadata()).get("x-request-id")
        check_equal(echoed, correlation, "the x-request-id the answer carries")

        # An update names its fields in an update mask and sends the etag it read.
        updated = self.ok("department", "UpdateDepartment", d.UpdateDepartmentRequest(
            department=d.Department(id=first.id, etag=first.etag, short_name="司法"),
            update_mask=field_mask_pb2.FieldMask(paths=["short_name"])))
        check_equal(updated.short_name, "司法", "the updated short name")
        check(updated.etag != first.etag, "an update must change the etag")
        expect_error(grpc.StatusCode.ABORTED, self.f.departments.UpdateDepartment,
                     d.UpdateDepartmentRequest(
                         department=d.Department(id=first.id, etag=first.etag, short_name="x"),
                         update_mask=field_mask_pb2.FieldMask(paths=["short_name"])),
                     metadata=self.f.auth("admin"))

    def paging(self, justice_id):
        """The city's subtree, two units a page, by next_page_token until it is empty."""
        d = dept_pb
        seen, token, pages = [], "", 0
        while True:
            page = self.ok("department", "ListDescendants", d.ListDescendantsRequest(
                id=self.unit("city"), include_self=True,
                page=common_pb2.PageRequest(page_size=2, page_token=token)))
            check(len(page.nodes) <= 2, f"a page of size 2 held {len(page.nodes)} units")
            seen += [n.department.id for n in page.nodes]
            pages += 1
            token = page.page.next_page_token
            if not token or pages > 10:
                break
        check_equal(sorted(seen), sorted([justice_id] + [self.unit(s) for s in
                                                         ("city", "town-a", "town-b", "env")]),
                    "the units of every page together")
        check_equal(pages, 3, "pages of two for five units")
        # A page size over the maximum is refused naming the field.
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, self.f.departments.ListDescendants,
                     d.ListDescendantsRequest(id=self.unit("city"),
                                              page=common_pb2.PageRequest(page_size=1001)),
                     metadata=self.f.auth("admin"), naming="page_size")
        # A page token is only good for the filter it came from.
        first = self.ok("department", "ListDescendants", d.ListDescendantsRequest(
            id=self.unit("city"), page=common_pb2.PageRequest(page_size=1)))
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, self.f.departments.ListDescendants,
                     d.ListDescendantsRequest(id=self.unit("prov"), page=common_pb2.PageRequest(
                         page_size=1, page_token=first.page.next_page_token)),
                     metadata=self.f.auth("admin"), naming="page_token")

    # --- figures -------------------------------------------------------------------------

    def stream_figures(self):
        step("streaming figures in (IngestDataPoints)")
        s = stats_pb
        self.figures = {"town-a": (412, 398), "town-b": (237, 229)}
        points = []
        for town, (disputes, successful) in self.figures.items():
            points.append(s.DataPoint(indicator_code="mediation.disputes",
                                      department_id=self.unit(town), period=year(self.year),
                                      value=disputes))
            points.append(s.DataPoint(indicator_code="mediation.successful",
                                      department_id=self.unit(town), period=year(self.year),
                                      value=successful))
        # One row the service must refuse, naming its field; the rest land.
        points.append(s.DataPoint(indicator_code="no.such.indicator",
                                  department_id=self.unit("town-a"), period=year(self.year),
                                  value=1))
        options = s.ImportOptions(request_id=f"{self.prefix}-figures", source="e2e")

        def messages():
            # The first message carries the options; each carries points (two per message here,
            # as a real client would send thousands).
            yield s.IngestDataPointsRequest(options=options, points=points[:2])
            for i in range(2, len(points), 2):
                yield s.IngestDataPointsRequest(points=points[i:i + 2])

        summary = self.f.statistics.IngestDataPoints(messages(), timeout=DEADLINE,
                                                     metadata=self.f.auth("admin"))
        self.count("statistics", "IngestDataPoints")
        check_equal((summary.created, summary.rejected, summary.replayed), (4, 1, False),
                    "the stream's summary (created, rejected, replayed)")
        check_equal(summary.rejected_rows[0].index, 4, "the rejected row's index")
        check("indicator_code" in summary.rejected_rows[0].field,
              f"the rejected row should name indicator_code: {summary.rejected_rows[0]}")

        # The same stream again: a replay writes nothing and answers the first summary.
        replay = self.f.statistics.IngestDataPoints(messages(), timeout=DEADLINE,
                                                    metadata=self.f.auth("admin"))
        self.count("statistics", "IngestDataPoints")
        check_equal((replay.created, replay.rejected, replay.replayed), (4, 1, True),
                    "the replayed stream's summary")

        totals = self.ok("statistics", "Aggregate", s.AggregateRequest(
            indicator_codes=["mediation.disputes", "mediation.successful"],
            department_id=self.unit("city"), include_descendants=True, start=year(self.year)))
        got = {v.indicator_code: (v.has_value, v.value, v.point_count) for v in totals.values}
        self.disputes = sum(v[0] for v in self.figures.values())
        self.successful = sum(v[1] for v in self.figures.values())
        check_equal(got, {"mediation.disputes": (True, self.disputes, 2),
                          "mediation.successful": (True, self.successful, 2)},
                    "the city's totals over its subtree (has_value, value, point_count)")

    # --- a case --------------------------------------------------------------------------

    def file_and_decide_case(self):
        step("filing and deciding an enforcement case")
        o = officer_pb
        env = self.unit("env")
        today = time.gmtime()
        issued = date(self.year, 1, 2)
        officer_ids = []
        for i, name in enumerate(("王执法", "李执法")):
            officer = self.ok("officer", "CreateOfficer", o.CreateOfficerRequest(
                officer_id=f"{self.prefix}-officer-{i}", request_id=f"{self.prefix}-officer-{i}",
                officer=o.Officer(department_id=env, name=name, id_number=id_number(self.rng))))
            # ID numbers only ever leave the registry masked.
            check("*" in officer.id_number, "an officer's ID number must come back masked")
            self.ok("officer", "IssueCertificate", o.IssueCertificateRequest(
                certificate=o.Certificate(number=f"E2E执法字第{self.run}{i}号",
                                          officer_id=officer.id, issue_date=issued,
                                          expiry_date=date(self.year + 5, 1, 1)),
                request_id=f"{self.prefix}-cert-{i}"))
            officer_ids.append(officer.id)

        c = cases_pb
        clerk = ("clerk", env)
        filed_on = date(today.tm_year, today.tm_mon, today.tm_mday)
        request = c.FileCaseRequest(
            enforcement_case=c.EnforcementCase(
                department_id=env, kind=c.CASE_KIND_PENALTY,
                case_number=f"环罚立〔{today.tm_year}〕{self.run}号",
                party=c.Party(type=c.PARTY_TYPE_ORGANISATION, name=f"某化工有限公司{self.run}",
                              credit_code=credit_code(self.rng)),
                facts="未按规定安装污染物排放自动监测设备",
                legal_basis=[c.LegalBasis(law="中华人民共和国大气污染防治法",
                                          article="第一百条")],
                officer_ids=officer_ids, filed_date=filed_on),
            request_id=f"{self.prefix}-case")
        # A clerk of another unit may not file the bureau's case.
        expect_error(grpc.StatusCode.PERMISSION_DENIED, self.f.cases.FileCase, request,
                     metadata=self.f.auth("clerk", self.unit("town-a")))
        case = self.ok("cases", "FileCase", request, *clerk)
        check_equal(case.stage, c.CASE_STAGE_FILED, "a new case's stage")
        again = self.ok("cases", "FileCase", request, *clerk)
        check_equal(again.id, case.id, "the case a retried FileCase returns")
        listed = self.ok("cases", "ListCases", c.ListCasesRequest(department_id=env), *clerk)
        check_equal([x.id for x in listed.cases], [case.id], "the bureau's cases after a retry")

        case = self.ok("cases", "AdvanceCase", c.AdvanceCaseRequest(
            id=case.id, etag=case.etag, start_investigation=c.StartInvestigation()), *clerk)
        check_equal(case.stage, c.CASE_STAGE_INVESTIGATING, "the stage after start_investigation")
        case = self.ok("cases", "AdvanceCase", c.AdvanceCaseRequest(
            id=case.id, etag=case.etag, notify=c.Notify(date=filed_on)), *clerk)
        check_equal(case.stage, c.CASE_STAGE_NOTIFIED, "the stage after notify")
        decision = c.Decision(
            document_number=f"环罚〔{today.tm_year}〕{self.run}号", date=filed_on,
            outcome=c.DECISION_OUTCOME_PENALTY, officer_ids=officer_ids,
            sanctions=[c.Sanction(type=c.SANCTION_TYPE_WARNING, description="警告")],
            summary="责令改正，给予警告")
        case = self.ok("cases", "AdvanceCase", c.AdvanceCaseRequest(
            id=case.id, etag=case.etag, decide=c.Decide(decision=decision)), *clerk)
        check_equal(case.stage, c.CASE_STAGE_DECIDED, "the stage after decide")
        check_equal(case.decision.document_number, decision.document_number,
                    "the decision's document number")
        # A stale etag is refused.
        expect_error(grpc.StatusCode.ABORTED, self.f.cases.AdvanceCase,
                     c.AdvanceCaseRequest(id=case.id, etag=again.etag,
                                          serve=c.Serve(date=filed_on)),
                     metadata=self.f.auth(*clerk))

        # Published on the public feed, which needs no token.
        self.ok("cases", "PublishDecision", c.PublishDecisionRequest(
            id=case.id, etag=case.etag, public_summary="当事人未按规定安装污染物排放自动监测设备，"
                                                       "依法给予警告"), *clerk)
        feed = self.f.cases.ListPublicDecisions(
            c.ListPublicDecisionsRequest(department_id=env), timeout=DEADLINE)
        check_equal([(p.case_id, p.document_number, p.party_name) for p in feed.decisions],
                    [(case.id, decision.document_number, f"某化工有限公司{self.run}")],
                    "the bureau's public decisions, read without a token")

    # --- the report ----------------------------------------------------------------------

    def write_and_publish_report(self):
        step("writing, approving, submitting and publishing the report")
        r = reports_pb
        city = self.unit("city")
        clerk = ("clerk", city)
        templates = self.ok("reports", "ListTemplates", r.ListTemplatesRequest(), *clerk)
        check("regulation-five-parts" in [t.id for t in templates.templates],
              "the shipped template regulation-five-parts is missing")
        report = self.ok("reports", "CreateReport", r.CreateReportRequest(
            department_id=city, year=self.year, template_id="regulation-five-parts",
            request_id=f"{self.prefix}-report"), *clerk)
        check_equal(report.state, r.REPORT_STATE_DRAFT, "a new report's state")
        check_equal(report.kind, r.REPORT_KIND_GOVERNMENT, "the city's report kind")
        # A government reports to its Party committee, its 人大常委会, and the Party committee
        # and government one level up: all four from the registry, all required.
        required = {x.department_id for x in report.recipients if x.required}
        check_equal(required, {self.unit(u) for u in
                               ("city-party", "city-congress", "prov", "prov-party")},
                    "the report's required recipients")

        text = ("全市各镇调解矛盾纠纷{{ mediation.disputes }}件，调解成功{{ mediation.successful }}件，"
                "调解成功率{{ mediation.successful / mediation.disputes | percent }}。")
        expect_error(grpc.StatusCode.INVALID_ARGUMENT, self.f.reports.UpdateSection,
                     r.UpdateSectionRequest(report_id=report.id, section_key="measures",
                                            text="{{ no.such.indicator }}", etag=report.etag),
                     metadata=self.f.auth(*clerk), naming="no.such.indicator")
        report = self.ok("reports", "UpdateSection", r.UpdateSectionRequest(
            report_id=report.id, section_key="measures", text=text, etag=report.etag), *clerk)

        check_result = self.ok("reports", "CheckReport", r.CheckReportRequest(report_id=report.id),
                               *clerk)
        check(check_result.ready, f"the report is not ready for approval: {check_result}")
        report = self.ok("reports", "SubmitForReview", r.SubmitForReviewRequest(
            report_id=report.id, etag=report.etag), *clerk)
        check_equal(report.state, r.REPORT_STATE_IN_REVIEW, "the state after SubmitForReview")
        report = self.ok("reports", "ApproveReport", r.ApproveReportRequest(
            report_id=report.id, etag=report.etag), "supervisor")
        check_equal(report.state, r.REPORT_STATE_APPROVED, "the state after ApproveReport")
        # Sent and published early in the following year, as the regulation wants, but never
        # after today (in January the usual days are still ahead).
        today = time.gmtime()
        today = (today.tm_year, today.tm_mon, today.tm_mday)
        sent = date(*min((self.year + 1, 2, 20), today))
        published_on = date(*min((self.year + 1, 3, 20), today))
        report = self.ok("reports", "SubmitReport", r.SubmitReportRequest(
            report_id=report.id, etag=report.etag, deliveries=[
                r.Delivery(recipient_department_id=x.department_id, submitted_on=sent,
                           document_number=f"市政〔{self.year + 1}〕{self.run}号")
                for x in report.recipients]), *clerk)
        check_equal(report.state, r.REPORT_STATE_SUBMITTED, "the state after SubmitReport")
        published = self.ok("reports", "PublishReport", r.PublishReportRequest(
            report_id=report.id, etag=report.etag, channels=[
                r.Channel(kind=r.CHANNEL_KIND_PORTAL, name="市人民政府门户网站",
                          published_on=published_on,
                          url=f"https://www.example.gov.cn/{self.run}")]), "publisher")
        check_equal(published.version, 1, "the first published version")
        report = self.ok("reports", "GetReport", r.GetReportRequest(id=report.id), *clerk)
        check_equal(report.state, r.REPORT_STATE_PUBLISHED, "the report's state after publication")

        # The public reads it by unit and year, without a token.
        public = self.f.reports.GetPublishedReport(r.GetPublishedReportRequest(
            department_id=city, year=self.year, format=r.RENDER_FORMAT_TEXT), timeout=DEADLINE)
        self.count("reports", "GetPublishedReport")
        check_equal((public.report_id, public.version), (report.id, 1),
                    "the published report the public reads")
        rate = f"{100 * self.successful / self.disputes:.1f}%"
        for figure in (f"调解矛盾纠纷{self.disputes}件", f"调解成功{self.successful}件",
                       f"调解成功率{rate}"):
            check(figure in public.content,
                  f"the published text should say {figure!r}:\n{public.content}")
        # The title comes from the registry, and the text is addressed to the four recipients.
        check(f"市人民政府（{self.run}）关于{self.year}年度法治政府建设情况的报告" in public.content,
              f"the published text's title:\n{public.content}")
        for recipient in ("省委", "省政府", "市委", "市人大常委会"):
            check(recipient in public.content.split("一、")[0],
                  f"the published text is not addressed to {recipient}:\n{public.content}")
        check_equal(public.sha256, hashlib.sha256(public.content.encode("utf-8")).hexdigest(),
                    "the published text's SHA-256")
        # Each printed figure keeps its exact value and the figures it was made of. (The
        # placeholder comes back as written in the text, braces included, although the proto's
        # comment shows it without: compare without them.)
        figures = {f.placeholder.strip("{} "): f for f in public.figures}
        rate_figure = figures.get("mediation.successful / mediation.disputes | percent")
        check(rate_figure is not None, f"the rate is missing from the figures: {public.figures}")
        check_equal((rate_figure.numerator, rate_figure.denominator, rate_figure.rendered),
                    (self.successful, self.disputes, rate), "the published rate's exact value")
        check_equal({i.figure: i.value for i in rate_figure.inputs},
                    {f"mediation.successful@{city}": self.successful,
                     f"mediation.disputes@{city}": self.disputes},
                    "the figures the published rate was made of")
        # Publication locked the year's figures for the city's subtree.
        locked = self.ok("statistics", "SubmitDataPoints", stats_pb.SubmitDataPointsRequest(
            points=[stats_pb.DataPoint(indicator_code="mediation.disputes",
                                       department_id=self.unit("town-a"),
                                       period=year(self.year), value=1)]))
        check_equal((locked.created, locked.updated, locked.rejected), (0, 0, 1),
                    "a figure written into the published year")
        check("lock" in locked.rejected_rows[0].reason,
              f"the refusal should name the lock: {locked.rejected_rows[0]}")
        # A draft is not public.
        expect_error(grpc.StatusCode.NOT_FOUND, self.f.reports.GetPublishedReport,
                     r.GetPublishedReportRequest(department_id=city, year=self.year - 1))

    # --- the standard protocols ----------------------------------------------------------

    def health_and_reflection(self):
        step("grpc.health.v1 and server reflection on every server")
        pool = descriptor_pool.Default()
        for name, package in PACKAGES.items():
            channel = self.f.channels[name]
            expected = set(SHARED_SERVICES)
            for path in PROTO_FILES:
                fd = pool.FindFileByName(path)
                if fd.package == package:
                    expected |= {s.full_name for s in fd.services_by_name.values()}
            # Reflection, without a token.
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            answers = list(stub.ServerReflectionInfo(
                iter([reflection_pb2.ServerReflectionRequest(list_services="")]),
                timeout=DEADLINE))
            listed = {s.name for s in answers[0].list_services_response.service}
            check_equal(listed, expected, f"the services fazhi-{name} lists by reflection")
            # Health, without a token: the server as a whole and each of its services.
            check_method = channel.unary_unary(
                "/grpc.health.v1.Health/Check",
                request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
                response_deserializer=health_pb2.HealthCheckResponse.FromString)
            for service in [""] + sorted(expected - SHARED_SERVICES):
                answer = check_method(health_pb2.HealthCheckRequest(service=service),
                                      timeout=DEADLINE)
                check_equal(answer.status, health_pb2.HealthCheckResponse.SERVING,
                            f"fazhi-{name}'s health for {service or 'the server'!r}")

    def scrape(self, name):
        """grpc_server_handled_total by (method, code) from a server's /metrics, parsed with
        prometheus_client's text parser (which fails on a malformed exposition)."""
        url = getattr(self.f.args, f"{name}_metrics")
        with urllib.request.urlopen(url, timeout=DEADLINE) as response:
            check_equal(response.status, 200, f"GET {url}")
            text = response.read().decode("utf-8")
        handled = {}
        families = list(text_string_to_metric_families(text))
        check(families, f"{url} has no metrics")
        for family in families:
            for sample in family.samples:
                if sample.name == "grpc_server_handled_total":
                    key = (sample.labels.get("grpc_method"), sample.labels.get("grpc_code"))
                    handled[key] = handled.get(key, 0) + sample.value
        return handled

    def metrics_before(self):
        for name in PACKAGES:
            if getattr(self.f.args, f"{name}_metrics"):
                self.handled_before[name] = self.scrape(name)

    def metrics(self):
        step("Prometheus metrics on every server: this run's calls are counted")
        for name in PACKAGES:
            if name not in self.handled_before:
                continue
            before, after = self.handled_before[name], self.scrape(name)

            def delta(method, code):
                return after.get((method, code), 0) - before.get((method, code), 0)

            check(self.called[name], f"no calls were made to fazhi-{name}")
            for method, calls in sorted(self.called[name].items()):
                check(delta(method, "OK") >= calls,
                      f"fazhi-{name}'s grpc_server_handled_total{{grpc_method={method!r},"
                      f"grpc_code='OK'}} grew by {delta(method, 'OK')}, not {calls}")
            if name == "department":
                # gRPC's codes as the Prometheus convention spells them (go-grpc-prometheus).
                check(delta("GetDepartment", "Unauthenticated") >= 1,
                      "the tokenless GetDepartment is not counted as Unauthenticated")
                check(delta("CreateDepartment", "InvalidArgument") >= 1,
                      "the bad CreateDepartment is not counted as InvalidArgument")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--token-command", required=True,
                        help="a command that prints a bearer token; --role R [--department D] "
                             "--subject S are appended")
    for name in PACKAGES:
        parser.add_argument(f"--{name}", required=True, help=f"fazhi-{name}'s gRPC host:port")
        parser.add_argument(f"--{name}-metrics", default="",
                            help=f"fazhi-{name}'s metrics URL; without it that server's "
                                 "metrics are not checked")
    parser.add_argument("--ca-file", default="", help="TLS: the CA that signed the servers")
    parser.add_argument("--cert-file", default="", help="mTLS: this client's certificate")
    parser.add_argument("--key-file", default="", help="mTLS: this client's private key")
    parser.add_argument("--tls-server-name", default="",
                        help="TLS: the name to expect in the servers' certificates")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    scenario = Scenario(Fazhi(args))
    step(f"run {scenario.run}, reporting year {scenario.year}")
    try:
        scenario.metrics_before()
        scenario.health_and_reflection()
        scenario.register_units()
        scenario.registry_errors()
        scenario.stream_figures()
        scenario.file_and_decide_case()
        scenario.write_and_publish_report()
        scenario.metrics()
    except CheckFailed as failure:
        print(f"fazhi_client: FAILED: {failure}", file=sys.stderr)
        return 1
    except grpc.RpcError as error:
        print(f"fazhi_client: FAILED: an unexpected {error.code().name}: {error.details()}",
              file=sys.stderr)
        return 1
    step("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

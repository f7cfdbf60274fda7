#!/usr/bin/python3
"""Writes the seed corpus of every fuzz target into tests/fuzz/corpus/<target>/ from the repo's
own data: the calendars, the seed report's figures (statistics demo) and text, the demo prose and
shipped templates, the shipped validation rules, the demo units. Tokens are signed with the fuzz
targets' own keys (fuzz_jwt.cc, fuzz_page_token.cc), which guard nothing.

Run from the repo root: tests/fuzz/make_corpus.py [--seed-report PATH]. It only adds or
overwrites its own files (seed-*); inputs found by fuzzing (crash-*, named by what they found)
are kept. Needs python3-jwt and python3-cryptography (scripts/bootstrap installs both).
"""
import argparse
import base64
import hashlib
import hmac
import json
import pathlib
import re

import jwt

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/fuzz/corpus"

# fuzz_jwt.cc's keys: made for fuzzing only.
VERIFIER_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQga3iSCjzUC/dU57BS
cHVN/xMDPD3COnjVV5vGEzdiPU2hRANCAATtJ6QOgOAgDVOo8q2gp+0RyR1H+I2q
dV3nAy3VDkrcms6IKXoZX8ZIzwrZ3AF9Wy7qHrl7skFwawzFnminpLOh
-----END PRIVATE KEY-----
"""
STRANGER_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOsvlmBng/6SKVuur
p3Z2FpIdZ/LZ9XPRpkD4dLinBxihRANCAATsNTyOJLQDqwJRxJtGOUSoqLt1lTaK
NgjvK8ZpsnCh8LqoZ3XVkGJ2HCNc5h1FWhPOdmJBCEqEJtAqtpiZqw4q
-----END PRIVATE KEY-----
"""
ISSUER = "https://auth.fuzz.example"
NOW = 1767225600  # fuzz_jwt.cc's kNow, 2026-01-01T00:00:00Z

# fuzz_page_token.cc's secret and query.
PAGE_SECRET = b"fuzz-page-token-secret"
PAGE_QUERY = b"ListCases|jiyuan-sthjj|2021"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (d / f"seed-{name}").write_bytes(data)


def calendars():
    for path in sorted((ROOT / "deploy/calendars").glob("cn-*.txt")):
        write("fuzz_calendar", path.stem, path.read_bytes())
    # crash-second-year-line (kept beside these) holds two "year" lines.
    write("fuzz_calendar", "weekday-work", "year 2021\n2021-10-08 work x\n")
    write("fuzz_calendar", "range-from-year-before", "year 2023\n2022-12-31..2023-01-02 off 元旦\n")


def seed_figures():
    """(unit, year, code, value) of the statistics demo: the seed report's figures."""
    text = (ROOT / "services/statistics/demo/jiyuan_2021.cc").read_text()
    return re.findall(r'\{"[^"]*", "([a-z0-9-]+)", (\d{4}), "([a-z0-9_.]+)", (-?\d+)\}', text)


def csv_samples():
    figures = seed_figures()
    rows = "".join(f"{code},{unit},{year},{value}\r\n" for unit, year, code, value in figures)
    write("fuzz_csv_import", "seed-report-figures", "indicator_code,department_id,period,value\r\n" + rows)
    write("fuzz_csv_import", "bom-lf-quoted",
          "\ufeffperiod,value,\"indicator_code\",department_id\n2021Q3,17,\"a.b\",\"x,y\"\n"
          "2021-07,-3,a.b,jiyuan\n2021H1, 5 ,a.b,jiyuan\n")
    write("fuzz_csv_import", "yuan",
          "indicator_code,department_id,period,value_yuan\n"
          "environment.fines_imposed_fen,jiyuan-sthjj,2021,15000000\n"
          "environment.fines_imposed_fen,jiyuan-sthjj,2021,12.5\n"
          "environment.fines_imposed_fen,jiyuan-sthjj,2021,-3.10\n"
          "environment.fines_imposed_fen,jiyuan-sthjj,2021,1e3\n")
    write("fuzz_csv_import", "rejections",
          "indicator_code,department_id,period,value\nx,y,2021\nx,y,2021Q5,1\nx,y,2021,1.5\n"
          "x,y,2021,99999999999999999999\n\"x\"\"y\",z,2021,1\n")
    write("fuzz_csv_import", "open-quote", "indicator_code,department_id,period,value\n\"x,y,2021,1\n")


def rule_expressions():
    text = (ROOT / "services/statistics/domain/validation_rule.cc").read_text()
    shipped = text[text.index("ShippedRules()"):]
    # Adjacent C++ string literals joined, then every literal that reads as an expression.
    joined = re.sub(r'"\s*\n\s*"', "", shipped)
    n = 0
    for literal in re.findall(r'"((?:[^"\\]|\\.)*)"', joined):
        if re.fullmatch(r"[a-z0-9_. +*/-]+", literal) and "." in literal:
            n += 1
            write("fuzz_rule_expression", f"shipped-{n:02d}", literal)
    for i, expr in enumerate(["2 * audit.projects - 5 + litigation.cases", "-a.b - 3",
                              "1000000000000000 * a.b", "a.b / c.d", "a.b +", "a..b", "３ * a.b"]):
        write("fuzz_rule_expression", f"sample-{i}", expr)


def report_texts(seed_report):
    tsv = (ROOT / "services/reports/demo/jiyuan_2021_sections.tsv").read_text()
    for line in tsv.splitlines():
        key, _, prose = line.partition("\t")
        if prose.strip():
            write("fuzz_report_template", f"demo-{key}", prose)
    for path in sorted((ROOT / "services/reports/templates").glob("*.json")):
        t = json.loads(path.read_text())
        defs = "".join(f"{d['name']} = {d['expression']}\n" for d in t.get("definitions", []))
        uses = " ".join(f"{{{{ ${d['name']} }}}}" for d in t.get("definitions", []))
        headings = "\n".join(s.get("heading", "") for s in t["sections"])
        write("fuzz_report_template", f"template-{path.stem}", f"{defs}\n---\n{headings}\n{uses}\n")
    if seed_report:
        text = pathlib.Path(seed_report).read_text()
        # The report's own paragraphs, a few at a time (the whole page is 23 KB).
        paragraphs = [p for p in text.splitlines() if len(p) > 40]
        for i in range(0, len(paragraphs), 6):
            write("fuzz_report_template", f"seed-report-{i // 6:02d}", "\n".join(paragraphs[i:i + 6]))
    write("fuzz_report_template", "formats",
          "{{ cases.fines_imposed_fen@jiyuan-sthjj | approx_wan_yuan }} {{ a.b_bp }} "
          "{{ a.b / c.d | percent0 }} {{ (a.b - 3) + -c.d | approx }} {{year}}年 {{unit.name}} "
          "{{ a.b | yu }} {{ a.b | wan_yu }} {{ x.y_fen | yi_yuan }}")


def validators():
    text = (ROOT / "services/department/demo/jiyuan.cc").read_text()
    units = re.findall(r'\{"([a-z0-9-]+)", "([a-z0-9-]*)", "([^"]+)", "([^"]*)"', text)
    for i in range(0, len(units), 8):
        lines = []
        for uid, parent, name, short in units[i:i + 8]:
            lines += [name, short, parent, uid]
        write("fuzz_validators", f"demo-units-{i // 8:02d}", "\n".join(lines))
    # name, short_name, parent_id, credit_code, region_code, then free text.
    write("fuzz_validators", "unit-codes",
          "济源市生态环境局\n生态环境局\njiyuan\n11100000000013127D\n419001\n"
          "11410000MB1234567X\n410881199001011234\n４１０８８１１９９００１０１２３４\n"
          "当事人张三,身份证410881199001011234,电话13800138000\n"
          "当事人 张三 联系方式１３８００１３８０００\n　前后空格　\n")
    write("fuzz_validators", "person-name", "欧阳娜娜\n欧阳娜娜于2021年5月被处罚,手机13912345678\n")


def jwt_tokens():
    def token(claims, key=VERIFIER_KEY, headers=None, alg="ES256"):
        return jwt.encode(claims, key, algorithm=alg, headers=headers)

    base = {"iss": ISSUER, "aud": "fazhi", "sub": "zhang.san", "exp": NOW + 3600, "iat": NOW - 60,
            "roles": ["clerk"], "department": "jiyuan-sthjj"}
    samples = {
        "valid": base,
        "valid-service": dict(base, sub="fazhi-reports", roles=["service"], service_account=True,
                              exp=NOW + 86400),
        "valid-aud-array": dict(base, aud=["other", "fazhi"], nbf=NOW - 10),
        "expired": dict(base, exp=NOW - 3600, iat=NOW - 7200),
        "wrong-aud": dict(base, aud="other"),
        "too-long": dict(base, exp=NOW + 86400 * 365),
        "bad-role": dict(base, roles=["root"]),
        "fractional": dict(base, exp=NOW + 3600.5, iat=NOW - 0.25),
    }
    for name, claims in samples.items():
        write("fuzz_jwt", f"token-{name}", "0" + token(claims))
        write("fuzz_jwt", f"claims-{name}",
              "1" + json.dumps({"alg": "ES256", "typ": "JWT"}) + "\n" + json.dumps(claims, ensure_ascii=False))
    write("fuzz_jwt", "token-bearer", "0Bearer " + token(base))
    write("fuzz_jwt", "token-stranger", "0" + token(base, key=STRANGER_KEY))
    write("fuzz_jwt", "token-hs256", "0" + jwt.encode(base, "fuzz-secret-guarding-nothing", algorithm="HS256"))
    write("fuzz_jwt", "token-none", "0" + jwt.encode(base, None, algorithm="none"))
    write("fuzz_jwt", "claims-stranger", "2" + json.dumps({"alg": "ES256"}) + "\n" + json.dumps(base))
    write("fuzz_jwt", "claims-confusion", "3" + json.dumps({"alg": "HS256"}) + "\n" + json.dumps(base))
    write("fuzz_jwt", "claims-changed", "4" + json.dumps({"alg": "ES256", "kid": "k1"}) + "\n" + json.dumps(base))


def page_tokens():
    def encode(cursor):
        payload = b"1" + b"\x1f".join(cursor)
        mac = hmac.new(PAGE_SECRET, PAGE_QUERY + b"\0" + payload, hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(mac + payload).rstrip(b"=")

    cursors = {
        "case": [b"20210315", b"case-0001"],
        "unit": [b"jiyuan-sthjj"],
        "lock": [b"1640995200000000", b"lock-2021", b"x"],
        "name": ["济源市生态环境局".encode(), b"jiyuan-sthjj"],
        "empty-part": [b""],
    }
    for name, cursor in cursors.items():
        write("fuzz_page_token", f"token-{name}", encode(cursor))
        write("fuzz_page_token", f"cursor-{name}", b"\n".join(cursor))
    write("fuzz_page_token", "not-base64", "%%%not a token%%%")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed-report", help="the seed report's text (/work/shared/seeds/*.txt)")
    args = parser.parse_args()
    calendars()
    csv_samples()
    rule_expressions()
    report_texts(args.seed_report)
    validators()
    jwt_tokens()
    page_tokens()


if __name__ == "__main__":
    main()

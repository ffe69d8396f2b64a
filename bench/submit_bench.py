"""Answer submission through the real HTTP stack, against a bare-view baseline.

    .venv/bin/python bench/submit_bench.py                 # SQLite (a fresh file)
    scripts/with-postgres.sh .venv/bin/python bench/submit_bench.py   # PostgreSQL

Starts the production server (`lytt serve`, gunicorn) and one background worker
(`lytt worker` at nice 10, as docs/operations.md recommends, which stores accepted
submissions while the load runs) on a loopback port, loads the server with wrk for a fixed time, and prints
sustained requests/s, p50 and p99 latency for
  1. the bare view: a Django view that inserts one row and returns JSON (baseline), and
  2. POST /api/v1/responses with `Prefer: respond-async`: a full survey response (NPS, a
     yes/no, four competency items and a comment) with a token, validation, a customer
     e-mail (keyed hash), accepted into the intake journal (202),
then waits until the worker has stored every accepted submission as a response with its
answers, customer and audit event, and checks that each acknowledged (2xx) submission
of the measured phase is stored. Each figure is printed with its ratio to the baseline
measured in the same run on the same server. A last phase measures, for comparison,
the synchronous path (the same request without the header: 201, stored in the request). Bounded: each load phase runs a fixed number
of seconds against 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
TARGET_RPS, TARGET_P99_MS, TARGET_SHARE = 1000, 50.0, 0.40

SETUP = r"""
import json, django
django.setup()
from django.db import connection
from lytt.accounts import actions as accounts
from lytt.surveys import actions as surveys
from lytt.accounts.models import Role
with connection.cursor() as c:
    c.execute("CREATE TABLE IF NOT EXISTS bench_bare (id %s, body TEXT)" % (
        "INTEGER PRIMARY KEY AUTOINCREMENT" if connection.vendor == "sqlite" else "BIGSERIAL PRIMARY KEY"))
org = accounts.do_create_organisation(None, name="Bench", slug="bench")
admin = accounts.do_create_user(None, org, email="bench@example.com", name="Bench", role=Role.ADMIN, password="x" * 20)
unit = accounts.do_create_unit(None, org, name="Bench shop", kind="shop", channels=["in_person"])
employee = accounts.do_create_employee(None, unit, name="Bench Employee")
survey = surveys.do_create_survey(admin, org, name="Bench survey", kind="post_visit_retail", languages=["nb", "sv"])
surveys.do_publish_survey(admin, survey)
touchpoint = surveys.do_create_touchpoint(admin, survey, unit=unit, channel="in_person", employee=employee)
token = accounts.do_create_api_token(admin, name="bench", role=Role.ADMIN)
survey.refresh_from_db()
from lytt.surveys.definition import questions, scale_of
answers, text_key = {}, None
for q in questions(survey.current_version.definition):
    kind = q["type"]
    if kind == "text":
        text_key = text_key or q["key"]
    elif kind == "yes_no":
        answers[q["key"]] = True
    elif kind in ("single_choice", "multiple_choice") and q.get("options"):
        first = q["options"][0]["key"]
        answers[q["key"]] = first if kind == "single_choice" else [first]
    elif scale_of(q):
        lo, hi = scale_of(q)
        answers[q["key"]] = hi - 1 if hi - 1 >= lo else hi
print(json.dumps({"token": token.secret, "touchpoint": touchpoint.token, "answers": answers, "text_key": text_key or "comment"}))
"""

DRAIN = r"""
import time, django
django.setup()
from lytt.feedback.models import Submission
start = time.monotonic()
while Submission.objects.filter(status="pending").exists() and time.monotonic() - start < 120:
    time.sleep(0.05)
print(round(time.monotonic() - start, 2))
"""

COUNT = r"""
import django
django.setup()
from django.db import connection
from lytt.feedback.models import Response, Submission
with connection.cursor() as c:
    c.execute("SELECT COUNT(*) FROM bench_bare")
    bare = c.fetchone()[0]
api = Response.objects.filter(source="api")
print(bare, api.filter(external_id__startswith="b").count(), api.filter(external_id__startswith="s").count(), Submission.objects.filter(status="pending").count())
"""

WRK_LUA = r"""
local counter = 0
local thread_id = 0
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  thread_id = id
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer __TOKEN__"
__PREFER__
local comments = {"Veldig hyggelig betjening, takk!", "Lang kø og ingen hilste på meg.",
  "Bra service men dyrt", "Personalen var trevlig och kunnig", "Meget venlig ekspedient",
  "", "Fikk god hjelp til å finne riktig str", "Ventetiden var altfor lang :("}
request = function()
  counter = counter + 1
  local body = '{"touchpoint": "__TP__", "language": "nb", "external_id": "b' .. thread_id .. '-' .. counter
    .. '", "customer": {"email": "kunde' .. (counter % 5000) .. '@example.com"}, "answers": {__ANSWERS__, "__TEXT__": "'
    .. comments[(counter % #comments) + 1] .. '"}}'
  return wrk.format(nil, "/api/v1/responses", nil, body)
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("server did not become ready")


def wrk(url: str, script: str, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", f.name, url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    os.unlink(f.name)

    def ms(label: str) -> float:
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failed = int(non2xx.group(1)) if non2xx else 0
    socket_errors = sum(int(x) for x in errors.groups()) if errors else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": ms("50"),
        "p99": ms("99"),
        "total": total,
        "failed": failed,
        "socket_errors": socket_errors,
        "acknowledged": total - failed,
    }


def main() -> int:
    database_url = os.environ.get("DATABASE_URL", "")
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    data_dir = Path(tempfile.mkdtemp(prefix="lytt-bench-"))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(ROOT / "bench"), os.environ.get("PYTHONPATH", "")) if p
        ),
        "DJANGO_SETTINGS_MODULE": "benchsite.settings",
        "SECRET_KEY": "bench-" + "x" * 50,
        "LYTT_DATA_DIR": str(data_dir),
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "LOG_LEVEL": "WARNING",
        "API_RATE_LIMIT_PER_MINUTE": "100000000",
    }
    py = str(BIN / "python")
    subprocess.run([str(BIN / "lytt"), "migrate"], env=env, check=True, capture_output=True)
    info = json.loads(
        subprocess.run([py, "-c", SETUP], env=env, check=True, capture_output=True, text=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    answers = json.dumps(info["answers"])[1:-1]
    script = (
        WRK_LUA.replace("__TOKEN__", info["token"])
        .replace("__TP__", info["touchpoint"])
        .replace("__ANSWERS__", answers)
        .replace("__TEXT__", info["text_key"])
    )
    async_script = script.replace("__PREFER__", 'wrk.headers["Prefer"] = "respond-async"')
    sync_script = script.replace("__PREFER__", "").replace("\"b' .. thread_id", "\"s' .. thread_id")
    bare_script = (
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        'wrk.body = \'{"nps": 9, "comment": "bra"}\'\n'
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(BIN / "lytt"),
            "serve",
            "--port",
            str(port),
            "--workers",
            str(WORKERS),
            "--threads",
            str(THREADS),
            "--no-static",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # The background worker stores accepted submissions while the load runs, as in
    # production; it competes with the server for the same two cores.
    worker = subprocess.Popen(
        [
            "nice",
            "-n",
            os.environ.get("BENCH_WORKER_NICE", "10"),
            str(BIN / "lytt"),
            "worker",
            "--interval",
            "0.5",
            "--no-startup-delay",
        ]
        if os.environ.get("BENCH_WORKER", "1") == "1"
        else ["sleep", "600"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(port)
        base = f"http://127.0.0.1:{port}"
        wrk(base + "/bench/bare", bare_script, 3)  # warm-up
        bare = wrk(base + "/bench/bare", bare_script, DURATION)
        wrk(base, async_script.replace("\"b' .. thread_id", "\"w' .. thread_id"), 3)  # warm-up
        submit = wrk(base, async_script, DURATION)
        drain_seconds = float(
            subprocess.run(
                [py, "-c", DRAIN], env=env, check=True, capture_output=True, text=True
            ).stdout.split()[-1]
        )
        sync = wrk(base, sync_script, DURATION)
    finally:
        server.terminate()
        server.wait(timeout=30)
    try:
        counts = subprocess.run(
            [py, "-c", COUNT], env=env, check=True, capture_output=True, text=True
        ).stdout.split()[-4:]
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    stored_bare, stored_api, stored_sync, pending = (int(x) for x in counts)
    shutil.rmtree(data_dir, ignore_errors=True)

    print(
        f"Submission benchmark on {engine}: {WORKERS} gunicorn workers x {THREADS} threads, "
        f"wrk 2 threads x {CONNECTIONS} connections, {DURATION} s per phase"
    )
    print(f"{'figure':<34}{'value':>12}{'baseline':>12}{'ratio':>8}")
    rows = [
        ("bare view requests/s", bare["rps"], bare["rps"]),
        ("submissions/s", submit["rps"], bare["rps"]),
        ("submission p50 latency (ms)", submit["p50"], bare["p50"]),
        ("submission p99 latency (ms)", submit["p99"], bare["p99"]),
        ("synchronous submissions/s", sync["rps"], bare["rps"]),
        ("synchronous p50 latency (ms)", sync["p50"], bare["p50"]),
        ("synchronous p99 latency (ms)", sync["p99"], bare["p99"]),
    ]
    for name, value, baseline in rows:
        print(f"{name:<34}{value:>12.1f}{baseline:>12.1f}{value / baseline:>8.2f}")
    print(
        f"submissions acknowledged (202): {submit['acknowledged']}, non-2xx: "
        f"{submit['failed']}, socket errors: {submit['socket_errors']}; stored as "
        f"responses: {stored_api}, still pending: {pending}; the worker had stored all "
        f"{drain_seconds:.2f} s after the load ended"
    )
    print(
        f"synchronous submissions acknowledged (201): {sync['acknowledged']}, non-2xx: "
        f"{sync['failed']}; stored: {stored_sync}"
    )
    lost = submit["acknowledged"] > stored_api or pending > 0 or sync["acknowledged"] > stored_sync
    share = submit["rps"] / bare["rps"]
    verdict = {
        f">= {TARGET_RPS} submissions/s": submit["rps"] >= TARGET_RPS,
        f"p99 < {TARGET_P99_MS:.0f} ms": submit["p99"] < TARGET_P99_MS,
        f">= {TARGET_SHARE:.0%} of the bare view": share >= TARGET_SHARE,
        "nothing lost": not lost and submit["failed"] == 0 and sync["failed"] == 0,
    }
    for target, met in verdict.items():
        print(f"  target {target:<28} {'met' if met else 'MISSED'}")
    print(f"bare rows stored: {stored_bare}")
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())

"""Open311 ``POST requests`` under load, on the production server.

gunicorn as in production (``config.wsgi``, gthread, 4 workers × 4 threads, production
settings: ``DEBUG`` off, SQLite in WAL mode on a file the bench migrates in a throw-away
directory, a free loopback port). 20 client threads, each with its own keep-alive
``http.client`` connection, post valid form-encoded Open311 requests (half with an
``address_id``, half with a position) for ``SECONDS``; the same clients first hammer
``GET /healthz`` (one ``SELECT 1``) on the same server for the baseline, before and after
(the higher rate counts: the machine may be busy with other work).

Figures: requests/s of each; the product must reach ``TARGET_RATE`` and ``TARGET_SHARE`` of the
baseline, with no error, and every acknowledged post must be a stored report (counted in the
database afterwards). The table's latency columns are the client-side latencies.

Run alone: ``.venv/bin/python -m bench open311``.
"""

from __future__ import annotations

import http.client
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.common import Result, Timing

CLIENTS = 20
SECONDS = 10.0
BASELINE_SECONDS = 5.0
WARMUP_SECONDS = 1.0
TARGET_RATE = 500.0
TARGET_SHARE = 0.30
WORKERS, THREADS = 4, 4
ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

PREPARE = """
import datetime as dt
import django
django.setup()
from smartrural.feedback.open311.keys import open311_client_create
from smartrural.geo.services import unit_create
day = dt.date(2025, 7, 1)
province = unit_create(code="86", name="Tỉnh Vĩnh Long", kind="tinh", level="province",
                       parent=None, valid_from=day, region="dbscl")
commune = unit_create(code="29461", name="Xã Trà Cú", kind="xa", level="commune",
                      parent=province, valid_from=day)
unit_create(code="2946101", name="Ấp Chợ", kind="ap", level="hamlet", parent=commune,
            valid_from=day, is_demo=True)
print(open311_client_create(name="bench", by=None)[1])
"""


@dataclass
class Load:
    ok: int = 0  # successful answers in the measured time
    warmup_ok: int = 0  # successful answers during the warm-up (their posts are stored too)
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def timing(self) -> Timing:
        samples = sorted(self.latencies) or [0.0]
        p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        return Timing(median_ms=samples[len(samples) // 2], p95_ms=p95, runs=len(samples))


@dataclass(frozen=True)
class RateResult(Result):
    rate: float = 0.0
    baseline_rate: float = 0.0
    clean: bool = False  # no error, and every acknowledged post stored

    @property
    def ok(self) -> bool:
        return (
            self.clean
            and self.rate >= TARGET_RATE
            and self.rate >= TARGET_SHARE * self.baseline_rate
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _environment(workdir: Path) -> dict[str, str]:
    (workdir / "static").mkdir()  # whitenoise's root (nothing is collected: no page is served)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SMARTRURAL_VAR_DIR": str(workdir),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SMARTRURAL_HTTPS": "false",
        "SMARTRURAL_PROVINCE_CODE": "86",
        "SMARTRURAL_PROVINCE_NAME": "Tỉnh Vĩnh Long",
        "SCHEDULER_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
    }


def _prepare(env: dict[str, str]) -> str:
    """Migrate the database (categories included) and create the units and a key."""
    run = {"env": env, "cwd": ROOT, "check": True, "capture_output": True, "text": True}
    subprocess.run([str(BIN / "smartrural"), "migrate", "--verbosity", "0"], **run)  # type: ignore[call-overload]
    done = subprocess.run([sys.executable, "-c", PREPARE], **run)  # type: ignore[call-overload]
    return str(done.stdout).strip().splitlines()[-1]


@contextmanager
def _server(env: dict[str, str], port: int) -> Iterator[None]:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--timeout",
        "60",
        "--graceful-timeout",
        "10",
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("gunicorn did not start")
            time.sleep(0.2)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


Request = Callable[[int], tuple[str, str, bytes, dict[str, str]]]


def _hammer(port: int, make: Request, seconds: float, expect: int = 200) -> Load:
    """``CLIENTS`` threads sending ``make(i)`` requests for ``seconds`` (after a warm-up)."""
    load = Load()
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + 1)
    stop_at = [0.0]
    measure_from = [0.0]

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = n * 10_000_000
        start.wait()
        while True:
            began = time.monotonic()
            if began >= stop_at[0]:
                break
            method, path, body, headers = make(i)
            i += 1
            try:
                conn.request(method, path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status, data = 0, repr(exc).encode()
            ended = time.monotonic()
            with lock:
                if status != expect:
                    load.errors.append(f"{status} {data[:200]!r}")
                elif began >= measure_from[0]:
                    load.ok += 1
                    load.latencies.append((ended - began) * 1000)
                else:
                    load.warmup_ok += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    now = time.monotonic()
    measure_from[0] = now + WARMUP_SECONDS
    stop_at[0] = measure_from[0] + seconds
    start.wait()
    for t in threads:
        t.join()
    load.seconds = seconds
    return load


def _post_maker(key: str) -> Request:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}

    def make(i: int) -> tuple[str, str, bytes, dict[str, str]]:
        fields = {
            "api_key": key,
            "service_code": "giao-thong",
            "description": f"Đường liên ấp bị sạt lở một đoạn (phản ánh số {i}).",
            "first_name": "Lê Thị",
            "last_name": "Hoa",
            "phone": "0912345678",
        }
        if i % 2:
            fields["address_id"] = "2946101"
        else:
            fields["lat"], fields["long"] = "9.8765", "106.3456"
        return "POST", "/open311/v2/requests.json", urlencode(fields).encode(), headers

    return make


def _healthz(i: int) -> tuple[str, str, bytes, dict[str, str]]:
    return "GET", "/healthz", b"", {}


def run() -> list[Result]:
    load_before = os.getloadavg()[0]  # the figures mean little on a machine busy elsewhere
    with tempfile.TemporaryDirectory(prefix="smartrural-open311-") as tmp:
        workdir = Path(tmp)
        env = _environment(workdir)
        key = _prepare(env)
        port = _free_port()
        with _server(env, port):
            # The baseline before and after the posts; the higher counts (the stricter share).
            before = _hammer(port, _healthz, BASELINE_SECONDS)
            product = _hammer(port, _post_maker(key), SECONDS)
            after = _hammer(port, _healthz, BASELINE_SECONDS)
            baseline = max(before, after, key=lambda load: load.rate)
            baseline.errors = before.errors + after.errors
        with sqlite3.connect(workdir / "bench.sqlite3") as db:
            stored = db.execute("SELECT count(*) FROM feedback_report").fetchone()[0]
    # Every acknowledged post (warm-up ones included) must be stored, and nothing else.
    acknowledged = product.ok + product.warmup_ok
    clean = not product.errors and not baseline.errors and stored == acknowledged
    share = product.rate / baseline.rate if baseline.rate else 0.0
    print(
        f"open311: {CLIENTS} clients, gunicorn gthread {WORKERS}x{THREADS}, SQLite WAL: "
        f"POST requests.json {product.rate:,.0f} req/s over {SECONDS:g} s "
        f"(baseline GET /healthz {baseline.rate:,.0f} req/s: {share:.0%}); "
        f"errors {len(product.errors) + len(baseline.errors)}; "
        f"stored {stored:,} reports for {acknowledged:,} acknowledged posts; "
        f"load average before/after {load_before:.1f}/{os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    for error in (product.errors + baseline.errors)[:5]:
        print(f"  error: {error}")
    print(
        f"open311: target >= {TARGET_RATE:g} req/s and >= {TARGET_SHARE:.0%} of the baseline: "
        f"{'met' if clean and product.rate >= TARGET_RATE and share >= TARGET_SHARE else 'MISSED'}"
    )
    return [
        RateResult(
            name=f"open311 POST ({product.rate:,.0f}/s; /healthz {baseline.rate:,.0f}/s)",
            product=product.timing(),
            baseline=baseline.timing(),
            target_ms=CLIENTS / TARGET_RATE * 1000,
            rate=product.rate,
            baseline_rate=baseline.rate,
            clean=clean,
        )
    ]

"""A real HTTP server for benchmarks: gunicorn as in production (gthread worker) on a free
loopback port, over a benchmark's SQLite file, started and stopped by the benchmark.

    with served(db_path, "config.settings.test") as base_url:
        page = latency_ms(base_url + "/feedback/units/29461/", 200)
        health = latency_ms(base_url + "/healthz", 200)
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import Timing, measure

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT_S = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def served(
    db_path: Path,
    settings_module: str = "config.settings.test",
    *,
    workers: int = 1,
    threads: int = 4,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Serve ``config.wsgi`` with gunicorn (gthread) on the SQLite file ``db_path``; yields the
    base URL (``http://127.0.0.1:<port>``) once ``/healthz`` answers, and stops the server
    (SIGTERM, then SIGKILL after 10 s) when the block ends."""
    port = free_port()
    server_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": f"sqlite:///{db_path.resolve()}",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production"),
        "SMARTRURAL_HTTPS": "false",
        "DEBUG": "false",
        **(env or {}),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base_url, process)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(base_url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} before serving")
        try:
            if get(base_url + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {base_url}/healthz in {START_TIMEOUT_S:g} s")


def get(url: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    """GET ``url`` (on ``connection`` when given, kept alive); its status and body."""
    parts = urlsplit(url)
    conn = connection or http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if connection is None:
            conn.close()


def latency_ms(url: str, n: int, *, expect: int = 200) -> Timing:
    """Median and p95 of ``n`` sequential GETs of ``url`` on one kept-alive connection (after
    a few warm-up requests); any other status than ``expect`` stops the benchmark."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)

    def once(_: int) -> None:
        status, body = get(url, conn)
        if status != expect:
            raise RuntimeError(f"GET {url} answered {status}: {body[:200]!r}")

    try:
        return measure(once, runs=n, warmup=5)
    finally:
        conn.close()


def ttfb_ms(url: str, n: int, *, expect: int = 200, warmup: int = 5) -> Timing:
    """Time to first byte: median and p95 of ``n`` sequential GETs of ``url`` on one kept-alive
    connection, each from sending the request to its status line and headers read (the body is
    then read, untimed); any other status than ``expect`` stops the benchmark."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    samples: list[float] = []

    def once(i: int) -> None:
        started = time.perf_counter()
        conn.request("GET", target)
        response = conn.getresponse()
        first = time.perf_counter()
        body = response.read()
        if response.status != expect:
            raise RuntimeError(f"GET {url} answered {response.status}: {body[:200]!r}")
        if i < n:
            samples.append((first - started) * 1000)

    try:
        for i in range(warmup):
            once(n + i)
        for i in range(n):
            once(i)
    finally:
        conn.close()
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(median_ms=statistics.median(samples), p95_ms=p95, runs=n)

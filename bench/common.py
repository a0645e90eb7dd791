"""Shared benchmark plumbing: a throw-away SQLite database, timing and the result table."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

_tmpdir: tempfile.TemporaryDirectory[str] | None = None


def setup_django() -> Path:
    """Configure Django (test settings) on a fresh temporary SQLite file and migrate it.

    The file uses the production SQLite options (WAL, IMMEDIATE, busy timeout) from
    ``smartrural.core.dburl.sqlite_config``. Idempotent within one process.
    """
    global _tmpdir
    if _tmpdir is not None:
        return Path(_tmpdir.name) / "bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    _tmpdir = tempfile.TemporaryDirectory(prefix="smartrural-bench-")
    path = Path(_tmpdir.name) / "bench.sqlite3"

    import django
    from django.conf import settings

    from smartrural.core.dburl import sqlite_config

    settings.DATABASES = {"default": sqlite_config(path)}
    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    return path


def reset_database() -> None:
    """Empty every table, so the next benchmark generates its data on a clean database."""
    if _tmpdir is None:
        return
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


@dataclass(frozen=True)
class Timing:
    median_ms: float
    p95_ms: float
    runs: int


def measure(fn: Callable[[int], object], *, runs: int, warmup: int = 3) -> Timing:
    """Call ``fn(i)`` for i in 0..runs-1 (after ``warmup`` calls with i >= runs, so ``fn`` may
    index per-repetition inputs); median and p95 in ms."""
    for i in range(warmup):
        fn(runs + i)
    samples: list[float] = []
    for i in range(runs):
        start = time.perf_counter()
        fn(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(median_ms=statistics.median(samples), p95_ms=p95, runs=runs)


@dataclass(frozen=True)
class Result:
    name: str
    product: Timing
    baseline: Timing
    target_ms: float  # on the product's median

    @property
    def ok(self) -> bool:
        return self.product.median_ms < self.target_ms

    @property
    def speedup(self) -> float:
        return self.baseline.median_ms / self.product.median_ms if self.product.median_ms else 0


def print_table(results: list[Result]) -> None:
    header = (
        f"{'benchmark':<46} {'median ms':>9} {'p95 ms':>8} {'baseline median':>15} "
        f"{'baseline p95':>12} {'x faster':>8} {'target':>9}  ok"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<46} {r.product.median_ms:>9.3f} {r.product.p95_ms:>8.3f} "
            f"{r.baseline.median_ms:>15.3f} {r.baseline.p95_ms:>12.3f} {r.speedup:>8.1f} "
            f"{'< ' + format(r.target_ms, 'g') + ' ms':>9}  {'yes' if r.ok else 'NO'}"
        )

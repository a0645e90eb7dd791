"""One writer at a time per process on SQLite.

SQLite lets one transaction write at a time; a writer that finds the lock taken polls it with
growing sleeps (SQLite's busy handler: 1, 2, 5, … up to 100 ms). With a gunicorn process of 4
threads posting at once, the lock is often free while every waiter sleeps, and a writer can
starve past ``DB_LOCK_WAIT_SECONDS`` (a 503). Queueing the threads of one process on a Python
lock hands the turn over as soon as the previous write commits; only the processes contend in
SQLite. PostgreSQL writes in parallel: nothing is queued there.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.db import connection

_turn = threading.Lock()


@contextmanager
def writer_turn() -> Iterator[None]:
    with _turn if connection.vendor == "sqlite" else nullcontext():
        yield

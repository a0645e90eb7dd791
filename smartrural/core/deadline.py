"""A deadline for the current request, enforced in the database and in long Python loops.

gunicorn's threaded workers never time out a request, so a request that runs away (a huge
import, a pathological query) would hold its thread, and on SQLite possibly the write lock,
for as long as it likes. ``DeadlineMiddleware`` (``smartrural.core.overload``) gives every
request ``REQUEST_TIME_LIMIT_SECONDS``; past it:

- on SQLite a progress handler installed on every new connection interrupts the running
  statement (``OperationalError("interrupted")``; SQLite rolls the transaction back);
- on PostgreSQL a connection opened while serving a request gets ``statement_timeout`` (the
  request limit) and ``lock_timeout`` (``DB_LOCK_WAIT_SECONDS``) for its session;
- long Python loops (imports) call ``check_deadline()``, which raises ``DeadlineExceeded``.

Each ends the request with a 503 (``smartrural.core.overload``). The deadline lives in a
context variable: code outside a request (the worker, management commands) has none and is
never interrupted.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from django.conf import settings

# SQLite calls the progress handler every this many virtual machine instructions: often enough
# to stop within a millisecond or so, rarely enough to cost nothing measurable.
PROGRESS_INSTRUCTIONS = 10_000

_deadline: ContextVar[float | None] = ContextVar("smartrural_request_deadline", default=None)
_clock = time.monotonic


class DeadlineExceeded(Exception):
    """The current request ran past its time limit."""


@contextlib.contextmanager
def request_deadline(seconds: float | None) -> Iterator[None]:
    """Run the block with a deadline ``seconds`` from now (None or <= 0: no deadline)."""
    value = _clock() + seconds if seconds and seconds > 0 else None
    token = _deadline.set(value)
    try:
        yield
    finally:
        _deadline.reset(token)


def lift_deadline() -> None:
    """Drop the deadline for the rest of the request (to answer once it has passed)."""
    _deadline.set(None)


def has_deadline() -> bool:
    return _deadline.get() is not None


def deadline_passed() -> bool:
    deadline = _deadline.get()
    return deadline is not None and _clock() > deadline


def check_deadline() -> None:
    """Raise ``DeadlineExceeded`` when the current request is past its deadline."""
    if deadline_passed():
        raise DeadlineExceeded()


def _sqlite_progress() -> int:
    # Non-zero interrupts the running statement.
    return 1 if deadline_passed() else 0


def on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: arm the new connection against runaway statements."""
    if connection.vendor == "sqlite":
        connection.connection.set_progress_handler(_sqlite_progress, PROGRESS_INSTRUCTIONS)
    elif connection.vendor == "postgresql" and has_deadline():
        # A connection is opened lazily by the first query that needs it: opened within a
        # request, it belongs to a web process (and is reused there for CONN_MAX_AGE).
        limit_ms = int(settings.REQUEST_TIME_LIMIT_SECONDS * 1000)
        lock_ms = int(settings.DB_LOCK_WAIT_SECONDS * 1000)
        with connection.connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {limit_ms}")
            cursor.execute(f"SET lock_timeout = {lock_ms}")

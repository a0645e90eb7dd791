"""Busy database and runaway requests: a clear 503 with ``Retry-After``, never a 500.

Two kinds of overload end a request early, both answered the same way (JSON ``{"detail": ...}``
under /api/, the Vietnamese error page otherwise, ``Retry-After`` in both, one log line and no
traceback):

- *busy*: a writer waited ``DB_LOCK_WAIT_SECONDS`` for the database's write lock and gave up
  (SQLite "database is locked" / "database table is locked"; PostgreSQL ``lock_timeout``,
  a serialization failure or a deadlock);
- *timeout*: the request ran past ``REQUEST_TIME_LIMIT_SECONDS`` (``smartrural.core.deadline``:
  SQLite's progress handler interrupted a statement, PostgreSQL's ``statement_timeout``
  cancelled one, or an import loop raised ``DeadlineExceeded``).

They are caught in three places that together cover a request: ``OverloadMiddleware`` (views;
it also sets the request's deadline), the API's exception handler (``api_overload_handler``,
django-ninja answers exceptions itself) and ``handler500`` (what a middleware raised, e.g. the
session save), via ``overload_kind``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext as _

from .deadline import DeadlineExceeded, lift_deadline, request_deadline

logger = logging.getLogger("smartrural.overload")

BUSY = "busy"
TIMEOUT = "timeout"

_SQLITE_BUSY = ("database is locked", "database table is locked")
_SQLITE_INTERRUPTED = "interrupted"
# PostgreSQL SQLSTATEs: lock_not_available (lock_timeout), serialization_failure,
# deadlock_detected; query_canceled (statement_timeout).
_PG_BUSY = frozenset({"55P03", "40001", "40P01"})
_PG_TIMEOUT = frozenset({"57014"})


def overload_kind(exc: BaseException | None) -> str | None:
    """``BUSY``, ``TIMEOUT`` or None (not an overload: a real error)."""
    if isinstance(exc, DeadlineExceeded):
        return TIMEOUT
    if not isinstance(exc, DatabaseError):
        return None
    sqlstate = getattr(exc.__cause__, "sqlstate", None)
    if sqlstate in _PG_BUSY:
        return BUSY
    if sqlstate in _PG_TIMEOUT:
        return TIMEOUT
    if isinstance(exc, OperationalError):
        message = str(exc).strip().lower()
        if message.startswith(_SQLITE_BUSY):
            return BUSY
        if message == _SQLITE_INTERRUPTED:
            return TIMEOUT
    return None


def retry_after_seconds() -> int:
    return max(1, math.ceil(settings.DB_LOCK_WAIT_SECONDS))


def _texts(kind: str) -> tuple[str, str]:
    if kind == TIMEOUT:
        return (
            _("The request took too long"),
            _(
                "The request took longer than %(seconds)s seconds and was stopped. Try again "
                "later; split a large import into smaller files."
            )
            % {"seconds": settings.REQUEST_TIME_LIMIT_SECONDS},
        )
    return (
        _("The system is busy"),
        _(
            "The database is busy saving other changes and this request could not wait for "
            "them. Please try again in a few seconds."
        ),
    )


def overload_response(request: HttpRequest, kind: str, exc: BaseException) -> HttpResponse:
    """The 503 for ``kind``, logged here as one line (Django will not log it again)."""
    lift_deadline()  # answering must not be interrupted in its turn
    logger.warning(
        "503 %s %s %s: %s: %s",
        kind,
        request.method,
        request.path,
        type(exc).__name__,
        str(exc)[:200] or "-",
    )
    title, message = _texts(kind)
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503)
    else:
        context = {"status": 503, "title": title, "message": message}
        html: str
        try:
            html = render_to_string("core/error.html", context, request=request)
        except Exception:  # the page's own queries may be what is overloaded
            html = (
                "<!doctype html><html lang='vi'><meta charset='utf-8'><title>503</title>"
                f"<main><h1>{escape(title)}</h1><p>{escape(message)}</p></main></html>"
            )
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(retry_after_seconds())
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def api_overload_handler(request: HttpRequest, exc: Any) -> HttpResponse:
    """django-ninja exception handler for database errors and ``DeadlineExceeded``: a 503 for
    an overload, anything else re-raised (Django answers 500)."""
    kind = overload_kind(exc)
    if kind is None:
        raise exc
    return overload_response(request, kind, exc)


class OverloadMiddleware:
    """Gives the request its deadline and answers an overload raised by a view with a 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_deadline(settings.REQUEST_TIME_LIMIT_SECONDS):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        kind = overload_kind(exception)
        if kind is None:
            return None
        return overload_response(request, kind, exception)
